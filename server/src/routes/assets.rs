//! Static files, compiled into the binary so that the server is one file to deploy.

use axum::Router;
use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::pages::HtmlError;
use crate::error::ApiError;
use crate::state::AppState;

const STYLE_CSS: &str = include_str!("../../static/style.css");
const SEARCH_JS: &str = include_str!("../../static/search.js");
const COPY_JS: &str = include_str!("../../static/copy.js");
const HITS_JS: &str = include_str!("../../static/hits.js");
const UPLOAD_JS: &str = include_str!("../../static/upload.js");
const FAVICON_SVG: &str = include_str!("../../static/favicon.svg");

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{file}", get(asset))
        // Browsers ask for /favicon.ico whatever the page says.
        .route(
            "/favicon.ico",
            get(|| async { Redirect::permanent("/static/favicon.svg") }),
        )
}

async fn asset(file: Result<Path<String>, PathRejection>) -> Response {
    let file = file.map(|Path(file)| file).unwrap_or_default();
    let (content_type, body) = match file.as_str() {
        "style.css" => ("text/css; charset=utf-8", STYLE_CSS),
        "search.js" => ("text/javascript; charset=utf-8", SEARCH_JS),
        "copy.js" => ("text/javascript; charset=utf-8", COPY_JS),
        "hits.js" => ("text/javascript; charset=utf-8", HITS_JS),
        "upload.js" => ("text/javascript; charset=utf-8", UPLOAD_JS),
        "favicon.svg" => ("image/svg+xml", FAVICON_SVG),
        _ => return HtmlError(ApiError::NotFound).into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
