//! Changing the corpus over the API: add a document (a file, or written feedback), change
//! its metadata, withdraw and restore it, and read its history. Each handler reads the
//! request, checks who may do what, and calls the corpus's editor through
//! [`crate::writes::Writes`]; nothing here writes a file.

use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing};
use indexer::Audience;
use indexer::edit::{DocumentPath, Upload};

use crate::auth::Viewer;
use crate::changes;
use crate::error::{ApiError, ErrorBody};
use crate::json::{
    DocumentResponse, FeedbackBody, HistoryResponse, MetadataPatch, PreviewResponse, UploadForm,
};
use crate::state::{AppState, BaseUrl};
use crate::upload_form::{self, FormFields};
use crate::writes::admit;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        // The route's own limit (`--max-upload`, in `security`) bounds the body, not axum's
        // default of 2 MB for extractors.
        .route(
            "/api/v1/documents",
            routing::post(add).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/documents/{id}",
            routing::patch(change).delete(withdraw),
        )
        .route("/api/v1/documents/{id}/restore", routing::post(restore))
        .route("/api/v1/documents/{id}/history", routing::get(history))
}

/// Add a document: a file, or written feedback.
///
/// A file comes as `multipart/form-data` with its metadata; feedback as JSON with its
/// `text`. The file is read as the index will read it: one that would be left out is
/// refused, and nothing is written. What a member adds is `arbetsmaterial` until an editor
/// publishes it. With `dry_run=true`, the answer is what the document would be, and
/// nothing is written; otherwise the document is saved in the corpus (and committed to git
/// where the corpus is a work tree) and is found by searches when the answer comes.
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    operation_id = "add_document",
    tag = "documents",
    params(("dry_run" = Option<bool>, Query, description = "Preview only: write nothing")),
    request_body(content(
        (UploadForm = "multipart/form-data"),
        (FeedbackBody = "application/json"),
    )),
    responses(
        (status = 201, description = "Added; `Location` is its URL", body = DocumentResponse),
        (status = 200, description = "The preview of a dry run", body = PreviewResponse),
        (status = 400, description = "The body is not a form or JSON of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in: send a member's write token", body = ErrorBody),
        (status = 403, description = "A read-only token, a status only editors may set, or a server that cannot change its corpus", body = ErrorBody),
        (status = 409, description = "The same file was added before (`duplicate`, naming the document)", body = ErrorBody),
        (status = 413, description = "Larger than the server's `--max-upload`", body = ErrorBody),
        (status = 415, description = "Not a kind of file Hinder reads, judged by its content", body = ErrorBody),
        (status = 422, description = "Nothing readable, or metadata that does not fit (an unknown area names the known ones)", body = ErrorBody),
        (status = 429, description = "Too many changes a minute: retry after `Retry-After` seconds", body = ErrorBody),
        (status = 507, description = "The server's disk is full", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    RawQuery(raw): RawQuery,
    request: Request,
) -> Result<Response, ApiError> {
    let dry_run = dry_run(raw.as_deref())?;
    let (writes, author) = state.writer(&viewer)?;
    let mut upload = read_upload(&state, request).await?;
    admit(
        &viewer,
        &mut upload.metadata,
        &state.index_for(Audience::Members),
    )?;
    if dry_run {
        let preview = writes
            .inspect(move |editor| editor.preview(upload).map_err(ApiError::from))
            .await?;
        return Ok(Json(PreviewResponse::from(&preview)).into_response());
    }
    let response = writes
        .change_and_read(
            move |editor| editor.add(upload, &author).map_err(ApiError::from),
            move |added, index| {
                let view = index.document(&added.preview.document.id)?;
                view.as_ref()
                    .map(|view| DocumentResponse::new(view, &base_url))
                    .ok_or(ApiError::NotFound)
            },
        )
        .await?;
    let location = HeaderValue::from_str(&format!("/api/v1/documents/{}", response.document.id))
        .map_err(|error| ApiError::internal(&error))?;
    Ok((StatusCode::CREATED, [(LOCATION, location)], Json(response)).into_response())
}

/// Change a document's metadata.
///
/// Members change what they added; editors change anything, and only editors change a
/// status (publish, or take back to `arbetsmaterial`). Keys left out stay as they are.
#[utoipa::path(
    patch,
    path = "/api/v1/documents/{id}",
    operation_id = "change_document",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    request_body = MetadataPatch,
    responses(
        (status = 200, description = "The document as it is now", body = DocumentResponse),
        (status = 400, description = "Not JSON of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A read-only token, someone else's document, or a status change by a member", body = ErrorBody),
        (status = 404, description = "No document has this id", body = ErrorBody),
        (status = 422, description = "Metadata that does not fit", body = ErrorBody),
        (status = 429, description = "Too many changes a minute", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn change(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<MetadataPatch>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let Path(id) = id?;
    let Json(patch) = body.map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    let metadata = FormFields::from(patch).metadata()?;
    changes::change(&state, &viewer, &id, metadata).await?;
    Ok(Json(document_response(&state, id, &base_url).await?))
}

/// Withdraw a document: it leaves every search at once, and is kept until an editor
/// restores it. Members withdraw what they added; editors anything.
#[utoipa::path(
    delete,
    path = "/api/v1/documents/{id}",
    operation_id = "withdraw_document",
    tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "A read-only token, or someone else's document", body = ErrorBody),
        (status = 404, description = "No document has this id", body = ErrorBody),
        (status = 429, description = "Too many changes a minute", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id?;
    changes::withdraw(&state, &viewer, &id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Restore a withdrawn document, under its old path and id. Editors only.
#[utoipa::path(
    post,
    path = "/api/v1/documents/{id}/restore",
    operation_id = "restore_document",
    tag = "documents",
    params(("id" = String, Path, description = "The withdrawn document's id")),
    responses(
        (status = 200, description = "Restored: the document", body = DocumentResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor, or a read-only token", body = ErrorBody),
        (status = 404, description = "No withdrawn document has this id", body = ErrorBody),
        (status = 409, description = "Another document has taken its place", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn restore(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentResponse>, ApiError> {
    let Path(id) = id?;
    changes::restore(&state, &viewer, &id).await?;
    Ok(Json(document_response(&state, id, &base_url).await?))
}

/// A document's history: every change made through Hinder, oldest first, with who made it
/// and when. Members only.
#[utoipa::path(
    get,
    path = "/api/v1/documents/{id}/history",
    operation_id = "document_history",
    tag = "documents",
    params(("id" = String, Path, description = "Document id (also of a withdrawn one)")),
    responses(
        (status = 200, description = "Its changes", body = HistoryResponse),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No document has this id", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<HistoryResponse>, ApiError> {
    let Path(id) = id?;
    if viewer.name().is_none() {
        return Err(ApiError::SignInRequired);
    }
    let writes = state.writes()?;
    let indexed = changes::summary(&state, &id).map(|document| document.path);
    let wanted = id.clone();
    let changes = writes
        .inspect(move |editor| {
            let path = match indexed {
                Some(path) => DocumentPath::new(&path)?,
                None => editor
                    .withdrawn()?
                    .into_iter()
                    .find(|document| document.id == wanted)
                    .map(|document| document.path)
                    .ok_or(ApiError::NotFound)?,
            };
            editor.history(&path).map_err(ApiError::from)
        })
        .await?;
    Ok(Json(HistoryResponse {
        id,
        changes: changes.iter().map(Into::into).collect(),
    }))
}

/// `dry_run` from the query string; nothing else is taken.
fn dry_run(raw: Option<&str>) -> Result<bool, ApiError> {
    let mut dry_run = false;
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match (key.as_ref(), value.as_ref()) {
            ("dry_run", "true" | "1") => dry_run = true,
            ("dry_run", "false" | "0" | "") => dry_run = false,
            ("dry_run", other) => {
                return Err(ApiError::InvalidBody(format!(
                    "invalid dry_run `{other}`, expected true or false"
                )));
            }
            (other, _) => {
                return Err(ApiError::InvalidBody(format!(
                    "unknown parameter `{other}`, expected dry_run"
                )));
            }
        }
    }
    Ok(dry_run)
}

/// The upload a request carries: a multipart form with a file, or JSON feedback.
async fn read_upload(state: &AppState, request: Request) -> Result<Upload, ApiError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let form = Multipart::from_request(request, state)
            .await
            .map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
        let submission = upload_form::read(form, state.settings().max_upload_bytes).await?;
        let mut files = submission.files.into_iter();
        let (Some(file), None) = (files.next(), files.next()) else {
            return Err(ApiError::InvalidBody(
                "send one file, as a form field named `file`".to_owned(),
            ));
        };
        Ok(Upload {
            file_name: file.name,
            bytes: file.bytes,
            metadata: submission.fields.metadata()?,
        })
    } else if content_type.starts_with("application/json") {
        let Json(mut body) = Json::<FeedbackBody>::from_request(request, state)
            .await
            .map_err(|rejection| match rejection.status() {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::UploadTooLarge(state.settings().max_upload_bytes)
                }
                _ => ApiError::InvalidBody(rejection.body_text()),
            })?;
        let text = std::mem::take(&mut body.text);
        upload_form::feedback_upload(&text, &FormFields::from(body))
    } else {
        Err(ApiError::Refused(StatusCode::UNSUPPORTED_MEDIA_TYPE))
    }
}

/// The document as `GET /api/v1/documents/{id}` shows it to members.
async fn document_response(
    state: &AppState,
    id: String,
    base_url: &str,
) -> Result<DocumentResponse, ApiError> {
    let view = state
        .run(Audience::Members, move |index| index.document(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(DocumentResponse::new(&view, base_url))
}
