//! `/documents/{id}/andra`, `/documents/{id}/dra-tillbaka` and `/tillbakadragna`: the
//! browser's way to change a document's metadata, withdraw it, and (editors) bring it
//! back. The rules on who may are [`crate::changes`]'s, the same as the API's.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use indexer::edit::Metadata;
use indexer::{Audience, DocumentSummary, DocumentView};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::changes;
use crate::cross_site::is_cross_site;
use crate::error::ApiError;
use crate::links::document_url;
use crate::state::AppState;
use crate::upload_form::FormFields;
use crate::views::{EditPage, WithdrawnPage};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/documents/{id}/andra", get(form).post(save))
        .route("/documents/{id}/dra-tillbaka", post(withdraw))
        .route("/tillbakadragna", get(withdrawn))
        .route("/tillbakadragna/{id}/aterstall", post(restore))
}

/// The document's metadata as the form shows it: its source and areas are its findings'
/// (the first finding's source, the areas a person set on any finding).
struct Current {
    document: DocumentSummary,
    source: String,
    areas: Vec<String>,
}

async fn current(state: &AppState, viewer: &Viewer, id: String) -> Result<Current, ApiError> {
    let document = changes::own_document(state, viewer, &id)?;
    let view: DocumentView = state
        .run(Audience::Members, move |index| index.document(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let findings = || view.sections.iter().flat_map(|section| &section.findings);
    let source = findings()
        .next()
        .map(|hit| hit.source.clone())
        .unwrap_or_default();
    let mut areas: Vec<String> = findings()
        .filter(|hit| !hit.areas_auto)
        .flat_map(|hit| hit.areas.iter().cloned())
        .collect();
    areas.sort();
    areas.dedup();
    Ok(Current {
        document,
        source,
        areas,
    })
}

fn page(state: &AppState, viewer: &Viewer, current: &Current) -> EditPage {
    let taxonomy = &state.index_for(Audience::Members).manifest().taxonomy;
    EditPage::new(
        &current.document,
        &current.source,
        &current.areas,
        taxonomy,
        viewer.is_editor(),
    )
}

async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, HtmlError> {
    let Path(id) = id.map_err(ApiError::from)?;
    if viewer.name().is_none() {
        return Ok(Redirect::to(&format!("/logga-in?next=/documents/{id}/andra")).into_response());
    }
    state.writes()?;
    let current = current(&state, &viewer, id).await?;
    Ok(render(&viewer, &page(&state, &viewer, &current))?.into_response())
}

/// Saves what the form changes (fields left as they were are not written) and shows the
/// document.
async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let Path(id) = id.map_err(ApiError::from)?;
    // Refused before the document is looked up: the public learns nothing of what is there.
    if viewer.name().is_none() {
        return Err(ApiError::SignInRequired.into());
    }
    let current = current(&state, &viewer, id.clone()).await?;
    let mut fields = FormFields::default();
    let read = sent
        .iter()
        .try_for_each(|(name, value)| fields.take(name, value))
        .and_then(|()| fields.metadata())
        .map(|metadata| only_changes(metadata, &current));
    let outcome = match read {
        Ok(metadata) => changes::change(&state, &viewer, &id, metadata).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&document_url(&id)).into_response()),
        Err(error @ (ApiError::InvalidMetadata { .. } | ApiError::Edit(_))) => {
            let mut page = page(&state, &viewer, &current);
            page.error = Some(error.swedish_message());
            Ok(render(&viewer, &page)?.into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// What a form changes: every value equal to the document's current one is left out, so
/// that saving an untouched form writes nothing and areas set on findings stay there.
fn only_changes(mut metadata: Metadata, current: &Current) -> Metadata {
    let document = &current.document;
    if metadata.title.as_deref() == Some(document.title.as_str()) {
        metadata.title = None;
    }
    if metadata.date == document.date {
        metadata.date = None;
    }
    if metadata.kind == Some(document.kind) {
        metadata.kind = None;
    }
    if metadata.status == Some(document.status) {
        metadata.status = None;
    }
    if metadata.source.as_deref() == Some(current.source.as_str()) {
        metadata.source = None;
    }
    let mut areas = metadata.areas.take().unwrap_or_default();
    areas.sort();
    areas.dedup();
    if areas != current.areas {
        metadata.areas = Some(areas);
    }
    if metadata.region == document.region {
        metadata.region = None;
    }
    metadata
}

/// The reason a withdrawal form gives.
#[derive(Debug, serde::Deserialize)]
struct Reason {
    #[serde(default)]
    reason: String,
}

async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    Form(reason): Form<Reason>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let Path(id) = id.map_err(ApiError::from)?;
    let reason = reason.reason.trim();
    let reason = (!reason.is_empty()).then(|| reason.chars().take(300).collect());
    changes::withdraw(&state, &viewer, &id, reason).await?;
    let next = if viewer.is_editor() {
        "/tillbakadragna"
    } else {
        "/documents"
    };
    Ok(Redirect::to(next).into_response())
}

async fn withdrawn(State(state): State<AppState>, viewer: Viewer) -> Result<Response, HtmlError> {
    if viewer.name().is_none() {
        return Ok(Redirect::to("/logga-in?next=/tillbakadragna").into_response());
    }
    let withdrawn = changes::withdrawn(&state, &viewer).await?;
    Ok(render(&viewer, &WithdrawnPage::new(&withdrawn))?.into_response())
}

async fn restore(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let Path(id) = id.map_err(ApiError::from)?;
    changes::restore(&state, &viewer, &id).await?;
    Ok(Redirect::to(&document_url(&id)).into_response())
}
