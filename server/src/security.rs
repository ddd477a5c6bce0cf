//! What every answer carries for the browser's protection, and the limits every request
//! lives within.
//!
//! The pages load their scripts and styles from `/static/` only and hold no inline script
//! or style, so the Content-Security-Policy can forbid everything else: a finding whose text
//! holds markup can never run, even if escaping failed somewhere. No other site may frame
//! the pages (clickjacking), and browsers must not guess content types.

use std::time::Duration;

use axum::Router;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The policy: own origin only, no plugins, no framing, forms post here only.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";
/// Largest request body: a pasted draft of [`indexer::MAX_TEXT_CHARS`] characters fits many
/// times over.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Longest a request may take to start its answer; searches take milliseconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Adds the headers, the body limit and the timeout to every route.
pub fn protect<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(axum::middleware::map_response(add_headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
}

async fn add_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}
