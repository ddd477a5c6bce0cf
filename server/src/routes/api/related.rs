//! Related findings: for a finding (`GET /api/v1/findings/{id}/related`) and for a draft's
//! text (`POST /api/v1/related`).

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use indexer::Page;

use crate::assistant;
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::json::{DEFAULT_RELATED, DraftRequest, RelatedResponse};
use crate::params::PageParams;
use crate::params::parse_page;
use crate::state::{AppState, BaseUrl};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/findings/{id}/related", get(related_to_finding))
        .route("/api/v1/related", post(related_to_text))
}

/// The findings most related to a finding (more like this, over the Swedish analysis).
#[utoipa::path(
    get,
    path = "/api/v1/findings/{id}/related",
    operation_id = "get_related_findings",
    tag = "findings",
    params(
        ("id" = String, Path, description = "Finding id", example = "2016-12-02-nystartsgruppen-mote-3-0b6e5a1c"),
        PageParams,
    ),
    responses(
        (status = 200, description = "Related findings, most related first, each with the words it shares", body = RelatedResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "`limit`, `offset` or `page` is invalid", body = ErrorBody),
        (status = 404, description = "No finding has this id", body = ErrorBody),
    )
)]
pub(crate) async fn related_to_finding(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<RelatedResponse>, ApiError> {
    let Path(id) = id?;
    let page = parse_page(raw.as_deref(), DEFAULT_RELATED)?;
    let results = state
        .run(viewer.audience(), move |index| index.related(&id, page))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(RelatedResponse::new(
        &results,
        page.limit,
        page.offset,
        None,
        &base_url,
    )))
}

/// The findings that support or contradict a text, such as a paragraph of a draft.
///
/// Ranked by the distinctive words they share with it; each hit says which words and which
/// sentence of the text. With `ids`, the answer also carries the Markdown draft: the text
/// with numbered footnotes to the chosen findings' permalinks.
#[utoipa::path(
    post,
    path = "/api/v1/related",
    operation_id = "find_related_to_text",
    tag = "drafts",
    request_body = DraftRequest,
    responses(
        (status = 200, description = "Related findings, and the draft when `ids` were given", body = RelatedResponse),
        (status = 400, description = "The body is not valid, the text too long, or too many ids", body = ErrorBody),
        (status = 413, description = "The body is over 256 KiB", body = ErrorBody),
    )
)]
pub(crate) async fn related_to_text(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    body: Result<Json<DraftRequest>, JsonRejection>,
) -> Result<Json<RelatedResponse>, ApiError> {
    let Json(request) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BodyTooLarge
        } else {
            ApiError::InvalidBody(rejection.body_text())
        }
    })?;
    let page = Page {
        limit: request.limit,
        offset: request.offset,
    };
    let base_url = state.base_url(&headers);
    let assisted = assistant::assist(
        &state,
        viewer.audience(),
        request.text,
        request.ids,
        page,
        base_url,
    )
    .await?;
    Ok(Json(assisted.to_json()))
}
