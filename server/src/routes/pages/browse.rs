//! `/omraden`, `/omraden/{slug}`, `/kallor` and `/kallor/{slug}`.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use indexer::{RespondsTo, SearchRequest, Sort, Target};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::params::parse_page;
use crate::state::AppState;
use crate::views::browse::Dimension;
use crate::views::{BrowsePage, CategoriesPage, ResponseView, feedback_url};

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
    let answered = match dimension {
        Dimension::Area => RespondsTo::to(Target::Area, &slug).ok(),
        Dimension::Source => None,
    };
    match dimension {
        Dimension::Area => request.areas.push(slug),
        Dimension::Source => request.sources.push(slug),
    }
    let results = state
        .run(viewer.audience(), move |index| index.search(&request))
        .await?;
    let mut page = BrowsePage::new(dimension, &category, &results, &manifest.taxonomy);
    if let Some(answered) = answered {
        page.answerable = true;
        page.responses =
            ResponseView::all(&state.index_for(viewer.audience()).responses_to(&answered));
        page.feedback_url = feedback_url(answered.path());
    }
    render(&viewer, &page)
}
