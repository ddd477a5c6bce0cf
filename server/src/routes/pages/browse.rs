//! `/omraden`, `/omraden/{slug}`, `/kallor` and `/kallor/{slug}`.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use indexer::{SearchRequest, Sort};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::params::parse_page;
use crate::state::AppState;
use crate::views::browse::Dimension;
use crate::views::{BrowsePage, CategoriesPage};

/// Findings per page of a browse page.
const FINDINGS_PER_PAGE: usize = 50;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/omraden",
            get(|state, viewer| categories(state, viewer, Dimension::Area)),
        )
        .route(
            "/kallor",
            get(|state, viewer| categories(state, viewer, Dimension::Source)),
        )
        .route(
            "/omraden/{slug}",
            get(|state, viewer, slug, raw| entry(state, viewer, slug, raw, Dimension::Area)),
        )
        .route(
            "/kallor/{slug}",
            get(|state, viewer, slug, raw| entry(state, viewer, slug, raw, Dimension::Source)),
        )
}

async fn categories(
    State(state): State<AppState>,
    viewer: Viewer,
    dimension: Dimension,
) -> Result<Html<String>, HtmlError> {
    let totals = state
        .run(viewer.audience(), indexer::IndexView::facet_totals)
        .await?;
    render(
        &viewer,
        &CategoriesPage::new(
            dimension,
            &state.index_for(viewer.audience()).manifest().taxonomy,
            &totals,
        ),
    )
}

async fn entry(
    State(state): State<AppState>,
    viewer: Viewer,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
    dimension: Dimension,
) -> Result<Html<String>, HtmlError> {
    let Path(slug) = slug.map_err(ApiError::from)?;
    let page = parse_page(raw.as_deref(), FINDINGS_PER_PAGE)?;
    let manifest = state.index_for(viewer.audience()).manifest();
    let category = dimension
        .categories(&manifest.taxonomy)
        .iter()
        .find(|category| category.slug == slug)
        .ok_or(ApiError::NotFound)?
        .clone();
    let mut request = SearchRequest {
        sort: Sort::DateDesc,
        limit: page.limit,
        offset: page.offset,
        ..SearchRequest::default()
    };
    match dimension {
        Dimension::Area => request.areas.push(slug),
        Dimension::Source => request.sources.push(slug),
    }
    let results = state
        .run(viewer.audience(), move |index| index.search(&request))
        .await?;
    render(
        &viewer,
        &BrowsePage::new(dimension, &category, &results, &manifest.taxonomy),
    )
}
