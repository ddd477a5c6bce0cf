//! The router: JSON API, HTML pages and static assets, merged.

mod api;
mod assets;
mod pages;

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Every route of the application.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .merge(assets::router())
        .fallback(not_found)
}

/// Unknown paths: JSON under `/api/`, a Swedish page elsewhere.
async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::NotFound.into_response()
    } else {
        pages::HtmlError(ApiError::NotFound).into_response()
    }
}
