//! `/oversikt`.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::{HtmlError, render};
use crate::state::AppState;
use crate::views::OverviewPage;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/oversikt", get(overview))
}

async fn overview(State(state): State<AppState>) -> Result<Html<String>, HtmlError> {
    let (overview, total) = state
        .run(|index| Ok((index.overview()?, index.finding_count())))
        .await?;
    render(&OverviewPage::new(
        &overview,
        &state.index().manifest().taxonomy,
        total,
    ))
}
