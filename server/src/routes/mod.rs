//! The router: JSON API, HTML pages and static assets, merged.

pub(crate) mod api;
mod assets;
mod pages;

use std::time::Duration;

use axum::Router;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::state::{AppState, Settings};

/// Every route of the application.
pub fn router(settings: &Settings) -> Router<AppState> {
    Router::new()
        .merge(api::router(cors(&settings.cors_origins)))
        .merge(pages::router())
        .merge(assets::router())
        .fallback(not_found)
}

/// CORS for the API when origins are configured: reads and the draft assistant, with the
/// headers conditional requests need.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allowed = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allowed)
            .allow_methods([Method::GET, Method::HEAD, Method::POST])
            .allow_headers([CONTENT_TYPE, IF_NONE_MATCH])
            .expose_headers([ETAG])
            .max_age(Duration::from_secs(3600)),
    )
}

/// Unknown paths: JSON under `/api/`, a Swedish page elsewhere.
async fn not_found(uri: Uri) -> Response {
    error_response(ApiError::NotFound, uri.path())
}

/// An error as the path's callers read it: the JSON error shape for the API (and
/// `/healthz`), the Swedish error page for everything else.
pub(crate) fn error_response(error: ApiError, path: &str) -> Response {
    if path.starts_with("/api/") || path == "/healthz" {
        error.into_response()
    } else {
        pages::HtmlError(error).into_response()
    }
}
