//! The Swedish web UI: the search page and finding pages, server-rendered.

use askama::Template;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::error::ApiError;
use crate::params::parse_search;
use crate::state::AppState;
use crate::views::{ErrorPage, FindingPage, SearchPage};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(search_page))
        .route("/findings/{id}", get(finding_page))
}

/// An [`ApiError`] rendered as a page with the same status.
#[derive(Debug)]
pub(crate) struct HtmlError(pub ApiError);

impl From<ApiError> for HtmlError {
    fn from(error: ApiError) -> Self {
        Self(error)
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let heading = match self.0.status().as_u16() {
            400 => "Sökningen kunde inte göras",
            404 => "Hittades inte",
            _ => "Något gick fel",
        };
        let page = ErrorPage {
            heading,
            message: self.0.swedish_message(),
        };
        match page.render() {
            Ok(html) => (self.0.status(), Html(html)).into_response(),
            Err(error) => ApiError::internal(&error).into_response(),
        }
    }
}

fn render(template: &impl Template) -> Result<Html<String>, HtmlError> {
    template
        .render()
        .map(Html)
        .map_err(|error| HtmlError(ApiError::internal(&error)))
}

async fn search_page(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, HtmlError> {
    let request = parse_search(raw.as_deref())?;
    let results = state.run(move |index| index.search(&request)).await?;
    render(&SearchPage::new(
        &results,
        &state.index().manifest().taxonomy,
    ))
}

async fn finding_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Html<String>, HtmlError> {
    let Path(id) = id.map_err(ApiError::from)?;
    let context = state
        .run(move |index| index.finding(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    render(&FindingPage::new(
        &context,
        &state.index().manifest().taxonomy,
    ))
}
