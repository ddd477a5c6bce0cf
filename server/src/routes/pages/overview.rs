//! `/oversikt`.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::state::AppState;
use crate::views::OverviewPage;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/oversikt", get(overview))
}

async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, HtmlError> {
    let (overview, total) = state
        .run(viewer.audience(), |index| {
            Ok((index.overview()?, index.finding_count()))
        })
        .await?;
    render(
        &viewer,
        &OverviewPage::new(
            &overview,
            &state.index_for(viewer.audience()).manifest().taxonomy,
            total,
        ),
    )
}
