//! `/lagg-till`: members upload files in the browser, see what each becomes, and save. The
//! form is a plain multipart form (no script needed); the files wait in [`crate::staging`]
//! between the preview and "Spara". Handlers translate; the corpus is written by the editor.

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::handler::Handler;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use indexer::edit::Upload;
use indexer::{Audience, IndexView};
use serde::Deserialize;

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::cross_site::is_cross_site;
use crate::error::ApiError;
use crate::refusals::refusal;
use crate::state::AppState;
use crate::upload_form::{self, FormFields, SentFile};
use crate::views::{
    AddDonePage, AddPage, AddPreviewPage, DocumentPreview, FilePreview, SavedDocument,
};
use crate::writes::admit;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        // The route's own limit (`--max-upload`, in `security`) bounds the body, not axum's
        // default of 2 MB for extractors.
        .route(
            "/lagg-till",
            get(form).post(preview.layer(DefaultBodyLimit::disable())),
        )
        .route("/lagg-till/spara", post(save))
        .route("/lagg-till/avbryt", post(cancel))
}

/// The form; the public is sent to sign in first.
async fn form(State(state): State<AppState>, viewer: Viewer) -> Result<Response, HtmlError> {
    if viewer.name().is_none() {
        return Ok(Redirect::to("/logga-in?next=/lagg-till").into_response());
    }
    Ok(render(&viewer, &add_page(&state, &viewer, None))?.into_response())
}

/// The files previewed, waiting for "Spara".
async fn preview(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    request: Request,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let (writes, author) = state.writer(&viewer)?;
    let form = Multipart::from_request(request, &state)
        .await
        .map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    let submission = upload_form::read(form, state.settings().max_upload_bytes).await?;
    if submission.files.is_empty() {
        let page = add_page(&state, &viewer, Some("Välj minst en fil.".to_owned()));
        return Ok(render(&viewer, &page)?.into_response());
    }
    if let Err(error) = submission.fields.metadata() {
        let page = add_page(&state, &viewer, Some(error.swedish_message()));
        return Ok(render(&viewer, &page)?.into_response());
    }
    let key = writes
        .staging()
        .stage(author.name(), &submission.files, &submission.fields)
        .map_err(|error| ApiError::internal(&error))?;
    let reader = viewer.clone();
    let index = state.index_for(Audience::Members);
    let taxonomy = index.manifest().taxonomy.clone();
    let files = writes
        .inspect(move |editor| {
            let previews = each_file(
                &viewer,
                &index,
                submission.files,
                &submission.fields,
                |upload| {
                    let preview = editor.preview(upload)?;
                    Ok(DocumentPreview::new(&preview, &taxonomy))
                },
            );
            Ok(previews
                .into_iter()
                .map(|(name, outcome)| FilePreview { name, outcome })
                .collect::<Vec<_>>())
        })
        .await?;
    let savable = files.iter().filter(|file| file.outcome.is_ok()).count();
    let page = AddPreviewPage {
        key,
        files,
        savable,
    };
    Ok(render(&reader, &page)?.into_response())
}

/// The key of waiting files, as the preview's forms send it.
#[derive(Debug, Deserialize)]
struct Waiting {
    nyckel: String,
}

/// Saves what was previewed.
async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(waiting): Form<Waiting>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let (writes, author) = state.writer(&viewer)?;
    let staged = writes
        .staging()
        .take(author.name(), &waiting.nyckel)
        .map_err(|error| ApiError::internal(&error))?;
    let Some(staged) = staged else {
        let page = add_page(
            &state,
            &viewer,
            Some("Förhandsgranskningen har gått ut. Ladda upp filerna igen.".to_owned()),
        );
        return Ok(render(&viewer, &page)?.into_response());
    };
    let reader = viewer.clone();
    let index = state.index_for(Audience::Members);
    let files = writes
        .change(move |editor| {
            Ok(each_file(
                &viewer,
                &index,
                staged.files,
                &staged.fields,
                |upload| {
                    let added = editor.add(upload, &author)?;
                    let document = &added.preview.document;
                    Ok(SavedDocument::new(&document.id, &document.title))
                },
            ))
        })
        .await?;
    Ok(render(&reader, &AddDonePage { files })?.into_response())
}

/// Forgets what was previewed.
async fn cancel(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(waiting): Form<Waiting>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    if let (Some(name), Ok(writes)) = (viewer.name(), state.writes()) {
        writes.staging().discard(name, &waiting.nyckel);
    }
    Ok(Redirect::to("/lagg-till").into_response())
}

/// `work` done on each file with the metadata it is added with (the title applies to a
/// file sent alone), by the name it was sent with: its result, or why it could not be done,
/// in Swedish.
fn each_file<T>(
    viewer: &Viewer,
    index: &IndexView,
    files: Vec<SentFile>,
    fields: &FormFields,
    mut work: impl FnMut(Upload) -> Result<T, indexer::edit::Error>,
) -> Vec<(String, Result<T, String>)> {
    let alone = files.len() == 1;
    files
        .into_iter()
        .map(|file| {
            let metadata = fields.metadata().and_then(|mut metadata| {
                if !alone {
                    metadata.title = None;
                }
                admit(viewer, &mut metadata, index)?;
                Ok(metadata)
            });
            let outcome = match metadata {
                Err(error) => Err(error.swedish_message()),
                Ok(metadata) => work(Upload {
                    file_name: file.name.clone(),
                    bytes: file.bytes,
                    metadata,
                })
                .map_err(|error| refusal(&error)),
            };
            (file.name, outcome)
        })
        .collect()
}

fn add_page(state: &AppState, viewer: &Viewer, error: Option<String>) -> AddPage {
    let taxonomy = &state.index_for(Audience::Members).manifest().taxonomy;
    AddPage {
        error,
        ..AddPage::new(
            taxonomy,
            viewer.is_editor(),
            state.settings().max_upload_bytes,
            state.writes().is_ok(),
        )
    }
}
