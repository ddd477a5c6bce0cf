//! `/rapport.docx` and `/rapport.md`: the working group's final report, for anyone. Each
//! audience's report is written from its own index, so the public's holds the published
//! descriptions and findings only.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use indexer::Date;

use super::HtmlError;
use super::draft::{MARKDOWN, WORD, download};
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::report::{self, FILE_STEM};
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/rapport.docx",
            get(|state, viewer, headers| file(state, viewer, headers, Kind::Word)),
        )
        .route(
            "/rapport.md",
            get(|state, viewer, headers| file(state, viewer, headers, Kind::Markdown)),
        )
}

/// The two kinds of file, written from the same layout.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// `.docx`, with a table of contents and real footnotes.
    Word,
    /// `.md`.
    Markdown,
}

/// The report as a file of `kind`.
async fn file(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    kind: Kind,
) -> Result<Response, HtmlError> {
    let base_url = state.base_url(&headers);
    let report = state
        .run(viewer.audience(), move |index| {
            report::assemble(index, Date::today(), &base_url)
        })
        .await?;
    let disposition = |extension: &str| format!("attachment; filename=\"{FILE_STEM}.{extension}\"");
    Ok(match kind {
        Kind::Word => {
            let body = report::docx(&report).map_err(|error| ApiError::internal(&error))?;
            download(WORD, &disposition("docx"), body)
        }
        Kind::Markdown => download(MARKDOWN, &disposition("md"), report::markdown(&report)),
    })
}
