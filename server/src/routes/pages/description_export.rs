//! `/omraden/{slug}/beskrivning.docx` and `/omraden/{slug}/beskrivning.md`: an area's
//! description as the working group sends it out, the current version or `?version=N`.
//!
//! Everything comes from the reader's own index: the public sees the description only when
//! its document is published, and a footnote's finding only when the public index has it.

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use indexer::Date;

use super::HtmlError;
use super::draft::{MARKDOWN, WORD, download};
use crate::auth::Viewer;
use crate::description_export::{self, Setting, file_name};
use crate::error::ApiError;
use crate::params::parse_value;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/omraden/{slug}/beskrivning.docx",
            get(|state, viewer, headers, slug, raw| {
                file(state, viewer, headers, slug, raw, Kind::Word)
            }),
        )
        .route(
            "/omraden/{slug}/beskrivning.md",
            get(|state, viewer, headers, slug, raw| {
                file(state, viewer, headers, slug, raw, Kind::Markdown)
            }),
        )
}

/// The two kinds of file, written from the same layout.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// `.docx`, with real footnotes.
    Word,
    /// `.md`.
    Markdown,
}

/// The description of the area `slug` as a file of `kind`: the current version, or the
/// one `?version=N` names.
async fn file(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
    kind: Kind,
) -> Result<Response, HtmlError> {
    let Path(slug) = slug.map_err(ApiError::from)?;
    // A version that is not a number is no version the description has.
    let wanted = match parse_value(raw.as_deref(), "version") {
        Some(text) => Some(text.trim().parse::<u32>().map_err(|_| ApiError::NotFound)?),
        None => None,
    };
    let base_url = state.base_url(&headers);
    let area = slug.clone();
    let (laid, version) = state
        .run(viewer.audience(), move |index| {
            let manifest = index.manifest();
            let Some(label) = manifest.taxonomy.area(&area).map(|area| area.label.clone()) else {
                return Ok(None);
            };
            let description = manifest
                .descriptions
                .iter()
                .find(|description| description.area == area);
            let version = description.and_then(|description| match wanted {
                Some(number) => description.version(number),
                None => description.current(),
            });
            let (Some(description), Some(version)) = (description, version) else {
                return Ok(None);
            };
            let setting = Setting {
                area_label: &label,
                today: Date::today(),
                taxonomy: &manifest.taxonomy,
                base_url: &base_url,
            };
            let laid =
                description_export::lay_out(description, version, &setting, |id| index.hit(id))?;
            Ok(Some((laid, version.number)))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    // The slug is one of the taxonomy's, so the file name needs no quoting.
    let disposition = |extension: &str| {
        format!(
            "attachment; filename=\"{}\"",
            file_name(&slug, version, extension)
        )
    };
    Ok(match kind {
        Kind::Word => {
            let body =
                description_export::docx(&laid).map_err(|error| ApiError::internal(&error))?;
            download(WORD, &disposition("docx"), body)
        }
        Kind::Markdown => download(
            MARKDOWN,
            &disposition("md"),
            description_export::markdown(&laid),
        ),
    })
}
