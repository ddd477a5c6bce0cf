//! Changing what is already in the corpus: a document's metadata, withdrawing it and
//! restoring it, with the rules on who may (members what they added, editors anything,
//! only editors a status or a restore). The API and the pages both come here, so that the
//! rules are one and handlers only translate.

use indexer::edit::{DocumentPath, Metadata, Withdrawn};
use indexer::{Audience, DocumentSummary};

use crate::auth::Viewer;
use crate::error::{ApiError, Forbidden};
use crate::state::AppState;
use crate::writes::check_responds_to;

/// The document `id` as the members' index has it.
pub fn summary(state: &AppState, id: &str) -> Option<DocumentSummary> {
    state
        .index_for(Audience::Members)
        .manifest()
        .documents
        .iter()
        .find(|document| document.id == id)
        .cloned()
}

/// The document `id` if the caller may change it: editors anything, members what they
/// added.
///
/// # Errors
/// [`ApiError::NotFound`], or [`Forbidden::EditorsOnly`] for someone else's document.
pub fn own_document(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> Result<DocumentSummary, ApiError> {
    let document = summary(state, id).ok_or(ApiError::NotFound)?;
    if viewer.may_change(&document) {
        Ok(document)
    } else {
        Err(ApiError::Forbidden(Forbidden::EditorsOnly(
            "change or withdraw what someone else added",
        )))
    }
}

/// Sets what `metadata` gives on document `id`; returns whether anything changed.
///
/// # Errors
/// As [`own_document`]; [`Forbidden::EditorsOnly`] for a member's status change;
/// [`ApiError::InvalidMetadata`] for a `responds_to` that names nothing; what the editor
/// refuses.
pub async fn change(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    metadata: Metadata,
) -> Result<bool, ApiError> {
    let (writes, author) = state.writer(viewer)?;
    let document = own_document(state, viewer, id)?;
    check_responds_to(&state.index_for(Audience::Members), &metadata)?;
    if metadata.status.is_some() && !viewer.is_editor() {
        return Err(ApiError::Forbidden(Forbidden::EditorsOnly(
            "change a document's status",
        )));
    }
    let path = DocumentPath::new(&document.path)?;
    let receipt = writes
        .change(move |editor| {
            editor
                .change(&path, &metadata, &author)
                .map_err(ApiError::from)
        })
        .await?;
    Ok(!receipt.changed.is_empty())
}

/// Withdraws document `id`, with why when the caller says.
///
/// # Errors
/// As [`own_document`], and what the editor refuses.
pub async fn withdraw(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let (writes, author) = state.writer(viewer)?;
    let document = own_document(state, viewer, id)?;
    let path = DocumentPath::new(&document.path)?;
    writes
        .change(move |editor| {
            editor
                .withdraw(&path, &author, reason.as_deref())
                .map_err(ApiError::from)
        })
        .await?;
    Ok(())
}

/// Restores the withdrawn document `id` under its old path. Editors only.
///
/// # Errors
/// [`Forbidden::EditorsOnly`], [`ApiError::NotFound`] when no withdrawn document has the
/// id, and what the editor refuses (another document in its place).
pub async fn restore(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), ApiError> {
    let (writes, author) = state.writer(viewer)?;
    if !viewer.is_editor() {
        return Err(ApiError::Forbidden(Forbidden::EditorsOnly(
            "restore a document",
        )));
    }
    let wanted = id.to_owned();
    writes
        .change(move |editor| {
            let withdrawn = editor.withdrawn()?;
            let document = withdrawn
                .iter()
                .find(|document| document.id == wanted)
                .ok_or(ApiError::NotFound)?;
            editor
                .restore(&document.path, &author)
                .map_err(ApiError::from)
        })
        .await?;
    Ok(())
}

/// Every withdrawn document, the latest withdrawal first. Editors only: they alone may
/// bring one back.
///
/// # Errors
/// [`Forbidden::EditorsOnly`] for others; a corpus that cannot be read.
pub async fn withdrawn(state: &AppState, viewer: &Viewer) -> Result<Vec<Withdrawn>, ApiError> {
    let writes = state.writes()?;
    if !viewer.is_editor() {
        return Err(ApiError::Forbidden(Forbidden::EditorsOnly(
            "see withdrawn documents",
        )));
    }
    writes
        .inspect(|editor| editor.withdrawn().map_err(ApiError::from))
        .await
}
