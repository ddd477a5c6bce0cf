//! The area description over the API: read a version, save one, send it out for feedback,
//! decide what became of a piece of feedback, approve. Each handler reads the request and
//! calls [`crate::descriptions`], which holds the rules; nothing here writes a file.

use std::collections::BTreeMap;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::{Json, Router, routing};
use indexer::Date;
use indexer::description::{OutcomeKind, Part};

use crate::auth::Viewer;
use crate::descriptions;
use crate::error::{ApiError, ErrorBody};
use crate::json::{
    ApprovalRequest, DescriptionResponse, DescriptionUpdate, OutcomeRequest, RoundRequest,
};
use crate::resolved;
use crate::state::{AppState, BaseUrl};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/areas/{slug}/description",
            routing::get(description).put(save),
        )
        .route(
            "/api/v1/areas/{slug}/description/rounds",
            routing::post(send_out),
        )
        .route(
            "/api/v1/areas/{slug}/description/approval",
            routing::post(approve),
        )
        .route(
            "/api/v1/areas/{slug}/description/feedback/{id}",
            routing::patch(decide),
        )
}

/// The `version` parameter, the only one these endpoints take.
fn version_param(raw: Option<&str>) -> Result<Option<u32>, ApiError> {
    let mut version = None;
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "version" => {
                version = Some(value.parse::<u32>().map_err(|_| {
                    ApiError::InvalidBody(format!("invalid version `{value}`, expected a number"))
                })?);
            }
            other => {
                return Err(ApiError::InvalidBody(format!(
                    "unknown parameter `{other}`: only `version` is accepted"
                )));
            }
        }
    }
    Ok(version)
}

/// The description resolved for the viewer.
async fn resolved(
    state: &AppState,
    viewer: &Viewer,
    slug: String,
    version: Option<u32>,
    base_url: &str,
) -> Result<DescriptionResponse, ApiError> {
    let today = Date::today();
    let resolved = state
        .run(viewer.audience(), move |index| {
            resolved::resolve(index, &slug, version, today, false)
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(DescriptionResponse::new(&resolved, base_url))
}

/// An area's description.
///
/// Its status, current version and deadline, and per part its text, its footnotes resolved
/// to findings, the questions the group reviews it by, and the feedback on it with what
/// became of each piece. `?version=N` shows an earlier version.
#[utoipa::path(
    get,
    path = "/api/v1/areas/{slug}/description",
    operation_id = "area_description",
    tag = "descriptions",
    params(
        ("slug" = String, Path, description = "Area slug"),
        ("version" = Option<u32>, Query, description = "An earlier version; the current one by default"),
    ),
    responses(
        (status = 200, description = "The description", body = DescriptionResponse),
        (status = 400, description = "An unknown parameter or a version that is not a number", body = ErrorBody),
        (status = 404, description = "No such area, description or version (or not published)", body = ErrorBody),
    )
)]
pub(crate) async fn description(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DescriptionResponse>, ApiError> {
    let Path(slug) = slug?;
    let version = version_param(raw.as_deref())?;
    Ok(Json(
        resolved(&state, &viewer, slug, version, &base_url).await?,
    ))
}

/// Save a new version of an area's description (editors).
///
/// The parts `sections` names get its text, the others keep theirs. `version` is the
/// version the editor started from (0 for the first): when another was saved since, the
/// answer is `409 stale_version` and nothing is written, so two editors never overwrite
/// each other. A footnote is `[^1]` with its definition `[^1]: /findings/{id}`.
#[utoipa::path(
    put,
    path = "/api/v1/areas/{slug}/description",
    operation_id = "save_area_description",
    tag = "descriptions",
    params(("slug" = String, Path, description = "Area slug")),
    request_body = DescriptionUpdate,
    responses(
        (status = 200, description = "Saved; the description as it is now", body = DescriptionResponse),
        (status = 400, description = "The body is not JSON of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in: send an editor's write token", body = ErrorBody),
        (status = 403, description = "Not an editor, or a read-only token", body = ErrorBody),
        (status = 404, description = "No such area or part", body = ErrorBody),
        (status = 409, description = "`version` is not the current one (`stale_version`)", body = ErrorBody),
        (status = 422, description = "A footnote that is not defined, does not name a finding, or names one that does not exist", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Json<DescriptionUpdate>, JsonRejection>,
) -> Result<Json<DescriptionResponse>, ApiError> {
    let Path(slug) = slug?;
    let Json(update) = body.map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    let mut parts = BTreeMap::new();
    for (name, text) in update.sections {
        let part: Part = name.parse()?;
        parts.insert(part, text);
    }
    descriptions::save(&state, &viewer, &slug, update.version, parts).await?;
    Ok(Json(
        resolved(&state, &viewer, slug, None, &base_url).await?,
    ))
}

/// Send the current version out for written feedback (editors).
#[utoipa::path(
    post,
    path = "/api/v1/areas/{slug}/description/rounds",
    operation_id = "send_area_description_out",
    tag = "descriptions",
    params(("slug" = String, Path, description = "Area slug")),
    request_body = RoundRequest,
    responses(
        (status = 200, description = "Sent out; the description as it is now", body = DescriptionResponse),
        (status = 400, description = "The body is not JSON of this shape, or the deadline not a date", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor, or a read-only token", body = ErrorBody),
        (status = 404, description = "No such area", body = ErrorBody),
        (status = 409, description = "The area has no description yet (`no_description`)", body = ErrorBody),
        (status = 422, description = "A note over 2,000 characters", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn send_out(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Json<RoundRequest>, JsonRejection>,
) -> Result<Json<DescriptionResponse>, ApiError> {
    let Path(slug) = slug?;
    let Json(request) = body.map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    let deadline: Date = request.deadline.parse().map_err(|_| {
        ApiError::InvalidBody(format!(
            "invalid deadline `{}`, expected a date such as 2016-12-16",
            request.deadline.chars().take(40).collect::<String>()
        ))
    })?;
    descriptions::send_out(&state, &viewer, &slug, deadline, request.note).await?;
    Ok(Json(
        resolved(&state, &viewer, slug, None, &base_url).await?,
    ))
}

/// Say what became of a piece of feedback (editors): `inarbetad`, or `ej_inarbetad` with a
/// reason. The feedback's author sees it on the description and the feedback's page.
#[utoipa::path(
    patch,
    path = "/api/v1/areas/{slug}/description/feedback/{id}",
    operation_id = "decide_feedback",
    tag = "descriptions",
    params(
        ("slug" = String, Path, description = "Area slug"),
        ("id" = String, Path, description = "The feedback's document id"),
    ),
    request_body = OutcomeRequest,
    responses(
        (status = 200, description = "Recorded; the description as it is now", body = DescriptionResponse),
        (status = 400, description = "The body is not JSON of this shape, or an unknown outcome", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor, or a read-only token", body = ErrorBody),
        (status = 404, description = "No such area, or the document is not feedback on its description", body = ErrorBody),
        (status = 422, description = "`ej_inarbetad` without a reason", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<OutcomeRequest>, JsonRejection>,
) -> Result<Json<DescriptionResponse>, ApiError> {
    let Path((slug, id)) = path?;
    let Json(request) = body.map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    let outcome: OutcomeKind = request.outcome.parse().map_err(ApiError::InvalidBody)?;
    descriptions::decide(&state, &viewer, &slug, &id, outcome, request.reason).await?;
    Ok(Json(
        resolved(&state, &viewer, slug, None, &base_url).await?,
    ))
}

/// Mark a version approved by the group (editors).
#[utoipa::path(
    post,
    path = "/api/v1/areas/{slug}/description/approval",
    operation_id = "approve_area_description",
    tag = "descriptions",
    params(("slug" = String, Path, description = "Area slug")),
    request_body = ApprovalRequest,
    responses(
        (status = 200, description = "Approved; the description as it is now", body = DescriptionResponse),
        (status = 400, description = "The body is not JSON of this shape", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an editor, or a read-only token", body = ErrorBody),
        (status = 409, description = "The area has no description yet", body = ErrorBody),
        (status = 422, description = "No such version", body = ErrorBody),
    ),
    security(("member_token" = []))
)]
pub(crate) async fn approve(
    State(state): State<AppState>,
    viewer: Viewer,
    BaseUrl(base_url): BaseUrl,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Json<ApprovalRequest>, JsonRejection>,
) -> Result<Json<DescriptionResponse>, ApiError> {
    let Path(slug) = slug?;
    let Json(request) = body.map_err(|rejection| ApiError::InvalidBody(rejection.body_text()))?;
    descriptions::approve(&state, &viewer, &slug, request.version).await?;
    Ok(Json(
        resolved(&state, &viewer, slug, None, &base_url).await?,
    ))
}
