//! What every answer carries for the browser's protection, and the limits every request
//! lives within.
//!
//! The pages load their scripts and styles from `/static/` only and hold no inline script
//! or style, so the Content-Security-Policy can forbid everything else: a finding whose text
//! holds markup can never run, even if escaping failed somewhere. No other site may frame
//! the pages (clickjacking), and browsers must not guess content types. Forms that change
//! state (signing in and out) are refused when another site sends them, and every answer,
//! errors from the limits included, keeps the house's shape.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::Limited;

use crate::error::ApiError;
use crate::limits::{
    MAX_BODY_BYTES, REQUEST_TIMEOUT, UPLOAD_FRAMING_BYTES, UPLOAD_PATHS, UPLOAD_TIMEOUT,
};
use crate::state::Settings;

/// The policy: own origin only, no plugins, no framing, forms post here only.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// Adds the body limit, the timeout and the house rules to every route. The house rules
/// are the outermost layer, so that the limits' own answers keep them too.
pub fn protect<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    settings: &Settings,
) -> Router<S> {
    let limits = RouteLimits {
        max_upload_bytes: settings.max_upload_bytes,
    };
    router
        .layer(axum::middleware::from_fn_with_state(limits, limit))
        .layer(axum::middleware::from_fn(house_rules))
}

/// The body size and time a request may take, by route: uploads may be large and slow to
/// arrive and to read; everything else is small and quick.
#[derive(Debug, Clone, Copy)]
struct RouteLimits {
    max_upload_bytes: usize,
}

impl RouteLimits {
    fn of(self, method: &Method, path: &str) -> (usize, Duration) {
        if is_upload(method, path) {
            // The form's other fields and the multipart framing come on top of the file.
            (self.max_upload_bytes + UPLOAD_FRAMING_BYTES, UPLOAD_TIMEOUT)
        } else {
            (MAX_BODY_BYTES, REQUEST_TIMEOUT)
        }
    }
}

/// Whether a request carries a file to add to the corpus.
pub(crate) fn is_upload(method: &Method, path: &str) -> bool {
    method == Method::POST && UPLOAD_PATHS.contains(&path)
}

/// Refuses a body over the route's limit (at once when its length is declared, else when
/// reading passes it) and a request that takes longer than the route allows: 413 and 408,
/// reshaped by the house rules.
async fn limit(State(limits): State<RouteLimits>, request: Request, next: Next) -> Response {
    let (max_bytes, time) = limits.of(request.method(), request.uri().path());
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.parse::<u64>().ok());
    if declared.is_some_and(|length| length > max_bytes as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let request = request.map(|body| Body::new(Limited::new(body, max_bytes)));
    match tokio::time::timeout(time, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Every answer carries the security headers, and every error the house's shape: the JSON
/// error body under `/api/`, the Swedish error page elsewhere. Layers and the router answer
/// some errors themselves (413 from the body limit, 408 from the timeout, 405 for a method
/// a path does not take) as bare text; those are reshaped here.
async fn house_rules(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let mut response = if is_bare_error(&response) {
        reshape(&response, &path)
    } else {
        response
    };
    add_headers(response.headers_mut());
    response
}

/// An error answer in neither of the house's shapes.
fn is_bare_error(response: &Response) -> bool {
    let status = response.status();
    let shaped = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("application/json") || kind.starts_with("text/html"));
    (status.is_client_error() || status.is_server_error()) && !shaped
}

/// The bare error in the house's shape, keeping what its headers said (`Allow`,
/// `Retry-After`, CORS).
fn reshape(bare: &Response, path: &str) -> Response {
    let error = match bare.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
        StatusCode::REQUEST_TIMEOUT => ApiError::RequestTimeout,
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Overloaded,
        status => ApiError::Refused(status),
    };
    let mut shaped = crate::routes::error_response(error, path);
    let kept: Vec<_> = bare
        .headers()
        .iter()
        .filter(|(name, _)| {
            *name != CONTENT_TYPE
                && *name != CONTENT_LENGTH
                && !shaped.headers().contains_key(*name)
        })
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    for (name, value) in kept {
        shaped.headers_mut().append(name, value);
    }
    shaped
}

fn add_headers(headers: &mut HeaderMap) {
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_timeout_is_answered_in_the_house_shape() {
        let bare = Response::builder()
            .status(StatusCode::REQUEST_TIMEOUT)
            .header(CONTENT_TYPE, "text/plain")
            .header("retry-after", "5")
            .body(axum::body::Body::from("timeout"))
            .expect("a response");
        assert!(is_bare_error(&bare));
        let api = reshape(&bare, "/api/v1/related");
        assert_eq!(api.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(api.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(api.headers()["retry-after"], "5");
        let page = reshape(&bare, "/utkast");
        assert!(
            page.headers()[CONTENT_TYPE]
                .to_str()
                .expect("ASCII")
                .starts_with("text/html")
        );
        assert!(!is_bare_error(&api) && !is_bare_error(&page));
    }
}
