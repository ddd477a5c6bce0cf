//! `GET /api/v1/feed`: a search as an Atom feed of its newest findings (`crate::feed`).

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::feed::{ATOM, write_feed};
use crate::params::{FeedParams, parse_feed};
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/feed", get(feed))
}

/// The newest findings of a search, as an Atom feed.
///
/// Takes a search's words and filters; the entries are the newest matching findings, newest
/// first. Ids are the findings' absolute permalinks, so a feed reader shows each finding
/// once. A search's own URL works with `/api/v1/feed` as its path: `sort`, `offset` and
/// `page` are checked as the search checks them, then left aside.
#[utoipa::path(
    get,
    path = "/api/v1/feed",
    operation_id = "search_feed",
    tag = "search",
    params(FeedParams),
    responses(
        (status = 200, description = "An Atom feed (RFC 4287) of the newest matching findings", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "A parameter is invalid, or the query too long", body = ErrorBody),
        (status = 503, description = "Busy (`overloaded`): retry after `Retry-After` seconds; or stopped after the search timeout (`search_timeout`)", body = ErrorBody),
    )
)]
pub(crate) async fn feed(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let request = parse_feed(raw.as_deref())?;
    let results = state
        .run(viewer.audience(), move |index| index.search(&request))
        .await?;
    let taxonomy = &state.index_for(viewer.audience()).manifest().taxonomy;
    let xml = write_feed(&results, taxonomy, &state.base_url(&headers))
        .map_err(|error| ApiError::internal(&error))?;
    Ok(([(CONTENT_TYPE, ATOM)], xml).into_response())
}
