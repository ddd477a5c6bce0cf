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
use axum::extract::Request;
use axum::http::header::{
    CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::error::ApiError;

/// The policy: own origin only, no plugins, no framing, forms post here only.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";
/// Largest request body: a pasted draft of [`indexer::MAX_TEXT_CHARS`] characters fits many
/// times over.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Longest a request may take to start its answer; searches take milliseconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Adds the body limit, the timeout and the house rules to every route. The house rules
/// are the outermost layer, so that the limits' own answers keep them too.
pub fn protect<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    router
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(house_rules))
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

/// Whether a form post comes from another site: the browser says so (`Sec-Fetch-Site`), or
/// its `Origin` names another host than the one asked. A request with neither (an old
/// browser, a script) is not refused: it carries no cookie of a victim's browser.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (None, _) => false,
        (Some(origin), Some(host)) if origin != "null" => origin
            .split_once("://")
            .is_none_or(|(_, rest)| !rest.eq_ignore_ascii_case(host)),
        // An opaque origin ("null"), or no host to compare with.
        (Some(_), _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for &(name, value) in pairs {
            headers.insert(name, HeaderValue::from_static(value));
        }
        headers
    }

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

    #[test]
    fn form_posts_from_other_sites_are_told_apart() {
        for own in [
            headers(&[("sec-fetch-site", "same-origin"), ("origin", "http://a.se")]),
            headers(&[
                ("origin", "https://hinder.example.se"),
                ("host", "hinder.example.se"),
            ]),
            headers(&[("host", "hinder.example.se")]),
            headers(&[("sec-fetch-site", "none")]),
        ] {
            assert!(!is_cross_site(&own), "{own:?}");
        }
        for foreign in [
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[
                ("origin", "https://evil.example"),
                ("host", "hinder.example.se"),
            ]),
            headers(&[("origin", "null"), ("host", "hinder.example.se")]),
            headers(&[
                ("origin", "https://hinder.example.se.evil.example"),
                ("host", "hinder.example.se"),
            ]),
        ] {
            assert!(is_cross_site(&foreign), "{foreign:?}");
        }
    }
}
