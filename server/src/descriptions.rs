//! Changing an area description: the rules (editors only; footnotes must name findings
//! that exist; feedback decided must answer the description) shared by the pages and the
//! API, each change made through the corpus's editor and the index brought up to date
//! before the answer.

use std::collections::BTreeMap;

use indexer::description::{Description, OutcomeKind, Part, footnotes};
use indexer::edit::DescriptionReceipt;
use indexer::{Audience, Date, IndexView, Target};

use crate::auth::Viewer;
use crate::error::{ApiError, Forbidden};
use crate::resolved::{draft_from_material, find, suggestions, with_finding};
use crate::state::AppState;

/// Refuses anyone but an editor.
///
/// # Errors
/// [`ApiError::SignInRequired`] for the public; [`Forbidden::EditorsOnly`] for members.
pub fn editors_only(viewer: &Viewer, what: &'static str) -> Result<(), ApiError> {
    if viewer.name().is_none() {
        return Err(ApiError::SignInRequired);
    }
    if !viewer.is_editor() {
        return Err(ApiError::Forbidden(Forbidden::EditorsOnly(what)));
    }
    Ok(())
}

/// Refuses a footnote to a finding the members' index does not have, naming it.
///
/// # Errors
/// [`ApiError::InvalidMetadata`] naming the part and the finding.
pub fn check_cited(index: &IndexView, parts: &BTreeMap<Part, String>) -> Result<(), ApiError> {
    for (part, text) in parts {
        let Ok(notes) = footnotes(text) else {
            continue; // the editor refuses it, with the reason
        };
        for note in notes {
            if index.hit(&note.finding).map_err(ApiError::from)?.is_none() {
                return Err(ApiError::InvalidMetadata {
                    field: "sections",
                    message: format!(
                        "part `{part}`: footnote [^{}] names finding `{}`, which does not exist",
                        note.label, note.finding
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Saves a version of `area`'s description: editors only, footnotes checked against the
/// index, and the index brought up to date before the answer.
///
/// # Errors
/// As [`editors_only`] and [`check_cited`]; what the corpus's editor refuses (a stale
/// version, a malformed footnote).
pub async fn save(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
    based_on: u32,
    parts: BTreeMap<Part, String>,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "write an area description")?;
    let (writes, author) = state.writer(viewer)?;
    check_cited(&state.index_for(Audience::Members), &parts)?;
    let area = area.to_owned();
    writes
        .change(move |editor| {
            editor
                .save_description(&area, based_on, parts, &author)
                .map_err(ApiError::from)
        })
        .await
}

/// Sends the current version of `area`'s description out for feedback by `deadline`.
///
/// # Errors
/// As [`editors_only`]; what the corpus's editor refuses (no version yet, a long note).
pub async fn send_out(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
    deadline: Date,
    note: String,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "send a description out for feedback")?;
    let (writes, author) = state.writer(viewer)?;
    let area = area.to_owned();
    writes
        .change(move |editor| {
            editor
                .send_out(&area, deadline, &note, &author)
                .map_err(ApiError::from)
        })
        .await
}

/// Records what became of the feedback `feedback` on `area`'s description.
///
/// # Errors
/// As [`editors_only`]; [`ApiError::NotFound`] when `feedback` is not feedback on this
/// description; what the corpus's editor refuses (no reason for "ej inarbetad").
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
    feedback: &str,
    outcome: OutcomeKind,
    reason: Option<String>,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "decide what became of feedback")?;
    let (writes, author) = state.writer(viewer)?;
    let answers = state
        .index_for(Audience::Members)
        .manifest()
        .documents
        .iter()
        .any(|document| {
            document.id == feedback
                && document.responds_to.as_ref().is_some_and(|target| {
                    target.target() == Target::Description && target.id() == area
                })
        });
    if !answers {
        return Err(ApiError::NotFound);
    }
    let (area, feedback) = (area.to_owned(), feedback.to_owned());
    writes
        .change(move |editor| {
            editor
                .decide_feedback(&area, &feedback, outcome, reason.as_deref(), &author)
                .map_err(ApiError::from)
        })
        .await
}

/// Marks version `version` of `area`'s description approved.
///
/// # Errors
/// As [`editors_only`]; what the corpus's editor refuses (an unknown version).
pub async fn approve(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
    version: u32,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "approve a description")?;
    let (writes, author) = state.writer(viewer)?;
    let area = area.to_owned();
    writes
        .change(move |editor| {
            editor
                .approve(&area, version, &author)
                .map_err(ApiError::from)
        })
        .await
}

/// Makes the first version of `area`'s description from the material: each part a list of
/// the area's findings that fit it.
///
/// # Errors
/// As [`editors_only`]; [`ApiError::NotFound`] for an unknown area; the editor's
/// `description_exists` when the area has text already.
pub async fn draft(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "write an area description")?;
    let index = state.index_for(Audience::Members);
    if index.manifest().taxonomy.area(area).is_none() {
        return Err(ApiError::NotFound);
    }
    let existing = find(&index, area);
    if existing
        .as_ref()
        .and_then(Description::current)
        .is_some_and(|version| !version.is_empty())
    {
        return Err(indexer::edit::Error::DescriptionExists(area.to_owned()).into());
    }
    let based_on = existing.as_ref().map_or(0, Description::current_number);
    let owned = area.to_owned();
    let found = state
        .run(Audience::Members, move |index| {
            suggestions(index, &owned, &[])
        })
        .await?;
    save(state, viewer, area, based_on, draft_from_material(&found)).await
}

/// Adds finding `finding` to `part` of `area`'s description, as a new version.
///
/// # Errors
/// As [`save`]; [`ApiError::NotFound`] for an unknown finding.
pub async fn use_finding(
    state: &AppState,
    viewer: &Viewer,
    area: &str,
    part: Part,
    finding: &str,
) -> Result<DescriptionReceipt, ApiError> {
    editors_only(viewer, "write an area description")?;
    let index = state.index_for(Audience::Members);
    let hit = index
        .hit(finding)
        .map_err(ApiError::from)?
        .ok_or(ApiError::NotFound)?;
    let current = find(&index, area);
    let based_on = current.as_ref().map_or(0, Description::current_number);
    let text = current
        .as_ref()
        .and_then(Description::current)
        .map(|version| version.text(part).to_owned())
        .unwrap_or_default();
    let parts = BTreeMap::from([(part, with_finding(&text, &hit))]);
    save(state, viewer, area, based_on, parts).await
}
