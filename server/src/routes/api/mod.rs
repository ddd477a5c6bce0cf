//! The JSON API under `/api/v1`, and `/healthz`. Each handler carries its OpenAPI
//! description ([`crate::routes::api::openapi`]).

pub(crate) mod contribute;
pub(crate) mod descriptions;
pub(crate) mod documents;
pub(crate) mod export;
pub(crate) mod feed;
pub(crate) mod openapi;
mod parameters;
pub(crate) mod related;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::routing::get;
use axum::{Json, Router};
use tower_http::cors::CorsLayer;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::json::{FacetsResponse, FindingResponse, Health, SearchResponse, SuggestResponse};
use crate::params::{SearchParams, SuggestParams};
use crate::params::{parse_search, parse_suggest};

use crate::state::{AppState, BaseUrl};

/// The API's routes; `cors` (when origins are configured) lets those origins' pages call them.
pub(super) fn router(cors: Option<CorsLayer>) -> Router<AppState> {
    let api = Router::new()
        .route("/api/v1/search", get(search))
        .route("/api/v1/findings/{id}", get(finding))
        .route("/api/v1/facets", get(facets))
        .route("/api/v1/suggest", get(suggest))
        .route("/api/v1/openapi.json", get(openapi::document))
        .merge(documents::router())
        .merge(contribute::router())
        .merge(descriptions::router())
        .merge(related::router())
        .merge(export::router())
        .merge(feed::router())
        .route_layer(axum::middleware::from_fn(parameters::refuse_unknown));
    let api = match cors {
        Some(cors) => api.layer(cors),
        None => api,
    };
    api.route("/healthz", get(health))
}

/// Search findings.
///
/// Free text with Swedish analysis (inflections, compounds, typos, synonyms), filters,
/// facet counts and highlighted snippets. The text is never a syntax error: quotes make a
/// phrase, `-word` excludes, `OR` joins alternatives, `område:` / `källa:` filter.
#[utoipa::path(
    get,
    path = "/api/v1/search",
    operation_id = "search_findings",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of hits with facet counts", body = SearchResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "A parameter is invalid, or the query too long", body = ErrorBody),
        (status = 503, description = "Busy (`overloaded`): retry after `Retry-After` seconds; or stopped after the search timeout (`search_timeout`)", body = ErrorBody),
    )
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = parse_search(raw.as_deref())?;
    let results = state
        .run(viewer.audience(), move |index| index.search(&request))
        .await?;
    Ok(Json(SearchResponse::new(&results, &base_url)))
}

/// One finding in its context, with its citation.
#[utoipa::path(
    get,
    path = "/api/v1/findings/{id}",
    operation_id = "get_finding",
    tag = "findings",
    params(("id" = String, Path, description = "Finding id", example = "2016-12-02-nystartsgruppen-mote-3-0b6e5a1c")),
    responses(
        (status = 200, description = "The finding, its document and section, its neighbours and its citation", body = FindingResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 404, description = "No finding has this id", body = ErrorBody),
    )
)]
pub(crate) async fn finding(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<FindingResponse>, ApiError> {
    let Path(id) = id?;
    let context = state
        .run(viewer.audience(), move |index| index.finding(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(FindingResponse::new(
        &context,
        &state.index_for(viewer.audience()).manifest().taxonomy,
        &state.base_url(&headers),
    )))
}

/// Completions of the word being typed, and the best findings for them.
#[utoipa::path(
    get,
    path = "/api/v1/suggest",
    operation_id = "suggest",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, description = "Completions and findings", body = SuggestResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "`limit` is invalid, or the text too long", body = ErrorBody),
        (status = 503, description = "Busy (`overloaded`): retry after `Retry-After` seconds; or stopped after the search timeout (`search_timeout`)", body = ErrorBody),
    )
)]
pub(crate) async fn suggest(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let params = parse_suggest(raw.as_deref())?;
    let text = params.q.unwrap_or_default();
    let limit = params.limit.unwrap_or(indexer::DEFAULT_COMPLETIONS);
    let query = text.clone();
    let suggestions = state
        .run(viewer.audience(), move |index| index.suggest(&text, limit))
        .await?;
    Ok(Json(SuggestResponse::new(query, &suggestions, &base_url)))
}

/// Every area and source with its description and number of findings.
#[utoipa::path(
    get,
    path = "/api/v1/facets",
    operation_id = "list_facets",
    tag = "search",
    responses(
        (status = 200, description = "The taxonomies with counts", body = FacetsResponse),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
    )
)]
pub(crate) async fn facets(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<FacetsResponse>, ApiError> {
    let facets = state
        .run(viewer.audience(), indexer::IndexView::facet_totals)
        .await?;
    Ok(Json(FacetsResponse::new(
        facets,
        &state.index_for(viewer.audience()).manifest().taxonomy,
    )))
}

/// Liveness and what is being served.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "get_health",
    tag = "service",
    responses((status = 200, description = "The server answers", body = Health))
)]
pub(crate) async fn health(
    State(state): State<AppState>,
    viewer: Viewer,
) -> ([(HeaderName, HeaderValue); 2], Json<Health>) {
    let index = state.index_for(viewer.audience());
    // The answer differs by audience and changes with every commit: never kept.
    (
        [
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (VARY, HeaderValue::from_static("Authorization, Cookie")),
        ],
        Json(Health {
            status: "ok",
            documents: index.manifest().documents.len(),
            findings: index.finding_count(),
            version: index.version().to_string(),
        }),
    )
}
