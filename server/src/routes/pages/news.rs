//! `/nytt`: the latest additions, newest first (`views::news` says what "latest" means).

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::params::parse_page;
use crate::state::AppState;
use crate::views::{NewsPage, latest_first};

/// Documents per page of the list.
const DOCUMENTS_PER_PAGE: usize = 30;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/nytt", get(news))
}

async fn news(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, HtmlError> {
    let page = parse_page(raw.as_deref(), DOCUMENTS_PER_PAGE)?;
    let manifest = state.index_for(viewer.audience()).manifest();
    let member_view = viewer.name().is_some();
    render(
        &viewer,
        &NewsPage::new(&latest_first(&manifest.documents), page, member_view),
    )
}
