//! `/documents` and `/documents/{id}`.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use indexer::Audience;

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::params::{parse_page, parse_value};
use crate::state::AppState;
use crate::views::{DocumentPage, DocumentsPage, ResponseView, newest_first};

/// Documents per page of the list.
const DOCUMENTS_PER_PAGE: usize = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/documents", get(list))
        .route("/documents/{id}", get(document))
}

async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, HtmlError> {
    let page = parse_page(raw.as_deref(), DOCUMENTS_PER_PAGE)?;
    let manifest = state.index_for(viewer.audience()).manifest();
    render(
        &viewer,
        &DocumentsPage::new(
            &newest_first(&manifest.documents),
            page,
            // Members only: while every document is published the public reads the
            // members' index, and with it its manifest.
            if viewer.audience() == Audience::Members {
                &manifest.left_out
            } else {
                &[]
            },
        ),
    )
}

/// A document; `?fynd={id}` marks the finding a reader came from.
async fn document(
    State(state): State<AppState>,
    viewer: Viewer,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, HtmlError> {
    let Path(id) = id.map_err(ApiError::from)?;
    let (view, responses) = state
        .run(viewer.audience(), move |index| {
            let Some(view) = index.document(&id)? else {
                return Ok(None);
            };
            let responses = index.responses_to_document(&view);
            Ok(Some((view, responses)))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    let marked = parse_value(raw.as_deref(), "fynd");
    let mut page = DocumentPage::new(
        &view,
        marked.as_deref(),
        &state.index_for(viewer.audience()).manifest().taxonomy,
    );
    page.responses = ResponseView::all(&responses);
    page.outcome =
        crate::resolved::outcome_of_feedback(&state.index_for(viewer.audience()), &view.document);
    if state.writes().is_ok() && viewer.may_change(&view.document) {
        page.edit_url = Some(format!("/documents/{}/andra", view.document.id));
    }
    render(&viewer, &page)
}
