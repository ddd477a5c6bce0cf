//! `GET /api/v1/documents` and `GET /api/v1/documents/{id}`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::json::{DocumentJson, DocumentResponse, DocumentsResponse};
use crate::params::PageParams;
use crate::params::parse_page;
use crate::state::{AppState, BaseUrl};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/documents", get(list))
        .route("/api/v1/documents/{id}", get(document))
}

/// Every document, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    operation_id = "list_documents",
    tag = "documents",
    params(PageParams),
    responses(
        (status = 200, description = "A page of documents", body = DocumentsResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "`limit`, `offset` or `page` is invalid", body = ErrorBody),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocumentsResponse>, ApiError> {
    let page = parse_page(raw.as_deref(), indexer::DEFAULT_LIMIT)?;
    let manifest = state.index_for(viewer.audience()).manifest();
    let newest_first = crate::views::newest_first(&manifest.documents);
    Ok(Json(DocumentsResponse {
        total: newest_first.len(),
        limit: page.limit,
        offset: page.offset,
        documents: page
            .of(&newest_first)
            .iter()
            .map(|document| DocumentJson::from(*document))
            .collect(),
    }))
}

/// One document with all its findings, section by section.
#[utoipa::path(
    get,
    path = "/api/v1/documents/{id}",
    operation_id = "get_document",
    tag = "documents",
    params(("id" = String, Path, description = "Document id", example = "2016-12-02-nystartsgruppen-mote-3")),
    responses(
        (status = 200, description = "The document and its findings", body = DocumentResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 404, description = "No document has this id", body = ErrorBody),
    )
)]
pub(crate) async fn document(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let Path(id) = id?;
    let view = state
        .run(viewer.audience(), move |index| index.document(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(DocumentResponse::new(&view, &base_url)))
}
