//! `/utkast/lagg-till`, `/utkast/ta-bort`, `/utkast/tom`: the draft basket changed by plain
//! links, so it works without JavaScript. A link goes back to the page it was clicked on;
//! the page's script asks for JSON instead and updates the page in place.

use axum::Json;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::header::{ACCEPT, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Serialize;

use super::HtmlError;
use crate::basket::{Basket, is_plausible_id};
use crate::error::ApiError;
use crate::params::parse_value;
use crate::state::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/utkast/lagg-till", get(add))
        .route("/utkast/ta-bort", get(remove))
        .route("/utkast/tom", get(clear))
}

/// The basket as the page's script reads it.
#[derive(Debug, Serialize)]
struct BasketJson<'a> {
    ids: &'a [String],
    draft_url: String,
}

async fn add(
    State(state): State<AppState>,
    mut basket: Basket,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let id = finding_id(raw.as_deref())?;
    basket
        .add(&id)
        .map_err(|_| ApiError::TooManyChosen(basket.ids().len() + 1))?;
    Ok(answer(&state, &basket, &headers, raw.as_deref()))
}

async fn remove(
    State(state): State<AppState>,
    mut basket: Basket,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    basket.remove(&finding_id(raw.as_deref())?);
    Ok(answer(&state, &basket, &headers, raw.as_deref()))
}

async fn clear(
    State(state): State<AppState>,
    mut basket: Basket,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    basket.clear();
    answer(&state, &basket, &headers, raw.as_deref())
}

/// `id`, which must look like a finding id. Whether the finding exists is the draft's
/// business: `/utkast` says when a chosen finding is gone.
fn finding_id(raw: Option<&str>) -> Result<String, ApiError> {
    parse_value(raw, "id")
        .filter(|id| is_plausible_id(id))
        .ok_or(ApiError::NotFound)
}

/// The new basket stored, and the caller sent back (a link) or told (the script).
fn answer(state: &AppState, basket: &Basket, headers: &HeaderMap, raw: Option<&str>) -> Response {
    let cookie = basket.set_cookie(state.is_secure(headers));
    let wants_json = headers
        .get(ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"));
    if wants_json {
        let body = BasketJson {
            ids: basket.ids(),
            draft_url: basket.draft_url(),
        };
        return (StatusCode::OK, [(SET_COOKIE, cookie)], Json(body)).into_response();
    }
    let back = parse_value(raw, "tillbaka")
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| basket.draft_url());
    ([(SET_COOKIE, cookie)], Redirect::to(&back)).into_response()
}

/// Whether a return address is a path on this site: never another host (`//evil`,
/// `/\evil`, `https://…`), never a header break.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_paths_of_this_site_are_returned_to() {
        for local in ["/", "/?q=fiber&area=landsbygd", "/findings/a-b#hit"] {
            assert!(is_local_path(local), "{local}");
        }
        for foreign in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/x\r\nSet-Cookie: a=b",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_local_path(foreign), "{foreign:?}");
        }
    }
}
