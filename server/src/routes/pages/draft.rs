//! `/utkast`, `/utkast.md` and `/utkast.docx`: the draft assistant, its state in the URL.

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::{HtmlError, render};
use crate::assistant::{self, Assisted};
use crate::auth::Viewer;
use crate::basket::Basket;
use crate::error::ApiError;
use crate::json::DEFAULT_RELATED;
use crate::params::{parse_list, parse_page, parse_value};
use crate::state::AppState;
use crate::views::DraftPage;

/// The media type of Word documents.
pub(super) const WORD: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
/// The media type of Markdown files.
pub(super) const MARKDOWN: &str = "text/markdown; charset=utf-8";

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/utkast", get(page))
        .route("/utkast.md", get(markdown))
        .route("/utkast.docx", get(word))
}

/// Reads `text`, `ids` and paging, and asks the assistant.
async fn assisted(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    raw: Option<&str>,
) -> Result<Assisted, ApiError> {
    let text = parse_value(raw, "text").unwrap_or_default();
    let ids = parse_list(raw, "ids");
    let page = parse_page(raw, DEFAULT_RELATED)?;
    let base_url = state.base_url(headers);
    assistant::assist(state, viewer.audience(), text, ids, page, base_url).await
}

/// A draft that may be downloaded: one whose chosen findings all exist. A file lacking
/// some would look complete; the page lists what is missing, a download says it with its
/// status ([`ApiError::UnknownFindings`]).
fn downloadable(assisted: Assisted) -> Result<Assisted, ApiError> {
    if assisted.missing.is_empty() {
        Ok(assisted)
    } else {
        Err(ApiError::UnknownFindings(assisted.missing))
    }
}

/// The assistant's page. A request it cannot answer shows the form again with the reason,
/// keeping the user's text. Opened bare (the menu's "Utkast") with findings in the basket,
/// it goes on to the draft of the basket's findings, whose address carries them as every
/// draft's does.
async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    basket: Basket,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    if raw.as_deref().is_none_or(str::is_empty) && !basket.ids().is_empty() {
        return Ok(Redirect::to(&basket.draft_url()).into_response());
    }
    match assisted(&state, &viewer, &headers, raw.as_deref()).await {
        Ok(assisted) => render(
            &viewer,
            &DraftPage::new(
                &assisted,
                &state.index_for(viewer.audience()).manifest().taxonomy,
            ),
        )
        .map(IntoResponse::into_response),
        Err(error) if error.status().is_client_error() => {
            let text = parse_value(raw.as_deref(), "text").unwrap_or_default();
            render(
                &viewer,
                &DraftPage::empty(text, Some(error.swedish_message())),
            )
            .map(IntoResponse::into_response)
        }
        Err(error) => Err(HtmlError(error)),
    }
}

/// The draft as a Markdown file.
async fn markdown(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let assisted = downloadable(assisted(&state, &viewer, &headers, raw.as_deref()).await?)?;
    let body = assisted.markdown.unwrap_or(assisted.text);
    Ok(download(
        MARKDOWN,
        "attachment; filename=\"utkast.md\"",
        body,
    ))
}

/// The draft as a Word document with real footnotes.
async fn word(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let assisted = downloadable(assisted(&state, &viewer, &headers, raw.as_deref()).await?)?;
    let taxonomy = &state.index_for(viewer.audience()).manifest().taxonomy;
    let body = crate::word::docx(
        &assisted.text,
        &assisted.chosen_findings(),
        taxonomy,
        &assisted.base_url,
    )
    .map_err(|error| ApiError::internal(&error))?;
    Ok(download(WORD, "attachment; filename=\"utkast.docx\"", body))
}

/// A file to save: its type and how browsers should save it.
pub(super) fn download(content_type: &str, disposition: &str, body: impl IntoResponse) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, disposition.to_owned()),
        ],
        body,
    )
        .into_response()
}
