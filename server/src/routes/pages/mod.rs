//! The Swedish web UI, server-rendered: search, findings, documents, browsing by area and
//! source, the draft assistant and the overview.

mod basket;
mod browse;
mod contribute;
mod description;
mod description_export;
mod documents;
mod draft;
mod editing;
mod feedback;
mod login;
mod news;
mod overview;
mod report;
mod search;

use std::any::Any;

use askama::Template;
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::auth::Viewer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::views::{AccessibilityPage, ErrorPage, FindingPage, ResponseView};
use indexer::{Page, RespondsTo, Target};

/// Related findings a finding's page shows.
const RELATED_ON_PAGE: usize = 5;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(search::search_page))
        .route("/findings/{id}", get(finding_page))
        .route("/tillganglighet", get(accessibility_statement))
        .merge(documents::router())
        .merge(browse::router())
        .merge(draft::router())
        .merge(basket::router())
        .merge(overview::router())
        .merge(news::router())
        .merge(login::router())
        .merge(contribute::router())
        .merge(feedback::router())
        .merge(editing::router())
        .merge(description::router())
        .merge(description_export::router())
        .merge(report::router())
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
            403 => "Förfrågan nekades",
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

/// Renders a page for a caller: the page header greets a signed-in member by name.
pub(crate) fn render(viewer: &Viewer, template: &impl Template) -> Result<Html<String>, HtmlError> {
    let member: Option<String> = viewer.name().map(str::to_owned);
    let value: Option<&dyn Any> = member.as_ref().map(|name| name as &dyn Any);
    template
        .render_with_values(&("member", value))
        .map(Html)
        .map_err(|error| HtmlError(ApiError::internal(&error)))
}

async fn accessibility_statement(viewer: Viewer) -> Result<Html<String>, HtmlError> {
    render(&viewer, &AccessibilityPage)
}

async fn finding_page(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Html<String>, HtmlError> {
    let Path(id) = id.map_err(ApiError::from)?;
    let permalink = RespondsTo::to(Target::Finding, &id).map_err(|_| ApiError::NotFound)?;
    let (context, related, responses) = state
        .run(viewer.audience(), move |index| {
            let Some(context) = index.finding(&id)? else {
                return Ok(None);
            };
            let related = index.related(&id, Page::first(RELATED_ON_PAGE))?;
            let responses = index.responses_to(&permalink);
            Ok(Some((context, related.unwrap_or_default(), responses)))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut page = FindingPage::new(
        &context,
        &related,
        &state.index_for(viewer.audience()).manifest().taxonomy,
        &state.base_url(&headers),
    );
    page.responses = ResponseView::all(&responses);
    render(&viewer, &page)
}
