//! The JSON API under `/api/v1`, and `/healthz`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};

use crate::error::ApiError;
use crate::json::{FacetsResponse, FindingResponse, Health, SearchResponse, SuggestResponse};
use crate::params::{parse_search, parse_suggest};
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/search", get(search))
        .route("/api/v1/findings/{id}", get(finding))
        .route("/api/v1/facets", get(facets))
        .route("/api/v1/suggest", get(suggest))
        .route("/healthz", get(health))
}

async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = parse_search(raw.as_deref())?;
    let results = state.run(move |index| index.search(&request)).await?;
    Ok(Json(SearchResponse::from(&results)))
}

async fn finding(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<FindingResponse>, ApiError> {
    let Path(id) = id?;
    let context = state
        .run(move |index| index.finding(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(FindingResponse::from(&context)))
}

async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SuggestResponse>, ApiError> {
    let (text, limit) = parse_suggest(raw.as_deref())?;
    let query = text.clone();
    let suggestions = state.run(move |index| index.suggest(&text, limit)).await?;
    Ok(Json(SuggestResponse::new(query, &suggestions)))
}

async fn facets(State(state): State<AppState>) -> Result<Json<FacetsResponse>, ApiError> {
    let facets = state.run(indexer::SearchIndex::facet_totals).await?;
    Ok(Json(FacetsResponse::new(
        facets,
        &state.index().manifest().taxonomy,
    )))
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    let index = state.index();
    Json(Health {
        status: "ok",
        documents: index.manifest().documents.len(),
        findings: index.finding_count(),
    })
}
