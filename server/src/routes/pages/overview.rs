//! `/oversikt`.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::resolved;
use crate::state::AppState;
use crate::views::{DescriptionRow, OverviewPage};
use indexer::Date;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/oversikt", get(overview))
}

async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Html<String>, HtmlError> {
    let today = Date::today();
    let (overview, total, rows) = state
        .run(viewer.audience(), move |index| {
            // Status, round and open feedback come from the manifest: no footnote is
            // looked up for the overview.
            let manifest = index.manifest();
            let rows: Vec<DescriptionRow> = manifest
                .taxonomy
                .areas
                .iter()
                .map(|area| {
                    let description = resolved::find(index, &area.slug)
                        .filter(|description| description.current().is_some());
                    let unanswered = description
                        .as_ref()
                        .map_or(0, |description| resolved::unanswered(index, description));
                    DescriptionRow::new(
                        &area.slug,
                        &area.label,
                        description.as_ref(),
                        today,
                        unanswered,
                    )
                })
                .collect();
            Ok((index.overview()?, index.finding_count(), rows))
        })
        .await?;
    let mut page = OverviewPage::new(
        &overview,
        &state.index_for(viewer.audience()).manifest().taxonomy,
        total,
    );
    page.descriptions = rows;
    render(&viewer, &page)
}
