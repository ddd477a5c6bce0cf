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
            let manifest = index.manifest();
            let mut rows = Vec::new();
            for area in &manifest.taxonomy.areas {
                let resolved = resolved::resolve(index, &area.slug, None, today, false)?;
                rows.push(DescriptionRow::new(
                    &area.slug,
                    &area.label,
                    resolved.as_ref(),
                ));
            }
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
