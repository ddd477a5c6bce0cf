//! Conditional GETs: every read answers with an `ETag` and `Cache-Control: no-cache`, and a
//! request whose `If-None-Match` names the current tag gets `304 Not Modified` without any
//! work being done.
//!
//! The server is stateless over the index, so an answer is a function of the URL, the
//! index's content and the code that renders it. The tag is therefore the index's
//! [`version`](indexer::IndexView::version) plus the build's version: equal tags mean an
//! equal answer for the same URL, and any change to the corpus changes every tag. `no-cache`
//! lets browsers and proxies keep answers but makes them ask again each time, which the
//! index's live updates require. The tag names the day as well: an area description's
//! status ("ute för återkoppling") turns when its deadline passes, with no change to the
//! index, and a kept answer must not outlive it.
//!
//! Answers depend on who asks too: the public and the members read different indexes, and
//! pages greet a signed-in member by name. So the tag names the audience and (hashed) the
//! member, members' answers are `private` (no shared cache keeps them), and every answer
//! says `Vary: Authorization, Cookie`. The search page shows the caller's draft basket (a
//! cookie), so the tag names the basket too; the links that change the basket are never
//! cached, as a 304 would skip the cookie they set.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::Viewer;
use crate::basket::Basket;
use crate::state::AppState;

/// What public reads say about caching.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");
/// What members' reads say: no shared cache may keep them.
const REVALIDATE_PRIVATE: HeaderValue = HeaderValue::from_static("private, no-cache");
/// The request headers that decide who is asking.
const CALLER_HEADERS: [&str; 2] = ["Authorization", "Cookie"];

/// The middleware; see the module documentation.
pub async fn conditional_get(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let cacheable = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/static/")
        && !request.uri().path().starts_with("/utkast/")
        && !matches!(request.uri().path(), "/healthz" | "/logga-in");
    if !cacheable {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // A rejected token is the handler's to answer (401); nothing to cache then.
    let Ok(viewer) = Viewer::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    // The handler's own `Viewer` and `Basket` are these: read once per request.
    let basket = Basket::from_headers(&parts.headers);
    parts.extensions.insert(viewer.clone());
    parts.extensions.insert(basket.clone());
    let request = Request::from_parts(parts, body);
    let index = state.index_for(viewer.audience());
    let version = index.version();
    let tag = entity_tag(&version, &viewer, &basket);
    if matches_any(request.headers(), &tag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        set_validators(response.headers_mut(), &tag, &viewer);
        return response;
    }
    let mut response = next.run(request).await;
    // Tag only what is known to come from this version: a reload during the request may
    // have answered from the next one.
    if response.status() == StatusCode::OK && index.version() == version {
        set_validators(response.headers_mut(), &tag, &viewer);
    } else {
        merge_vary(response.headers_mut());
    }
    response
}

fn entity_tag(version: &str, viewer: &Viewer, basket: &Basket) -> HeaderValue {
    let mut caller = match viewer.name() {
        None => "public".to_owned(),
        // The role and whether the caller writes change what a page offers.
        Some(name) => {
            let who = format!("{name}\n{:?}\n{}", viewer.role(), viewer.may_write());
            format!("m{}", &blake3::hash(who.as_bytes()).to_hex()[..8])
        }
    };
    if !basket.ids().is_empty() {
        let ids = basket.ids().join("\n");
        caller = format!("{caller}-b{}", &blake3::hash(ids.as_bytes()).to_hex()[..8]);
    }
    let day = indexer::Date::today().to_days();
    let tag = format!(
        "W/\"{}-{caller}-{version}-d{day}\"",
        env!("CARGO_PKG_VERSION")
    );
    HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("W/\"unversioned\""))
}

fn set_validators(headers: &mut HeaderMap, tag: &HeaderValue, viewer: &Viewer) {
    headers.insert(ETAG, tag.clone());
    let cache_control = match viewer.name() {
        None => REVALIDATE,
        Some(_) => REVALIDATE_PRIVATE,
    };
    headers.insert(CACHE_CONTROL, cache_control);
    merge_vary(headers);
}

/// Adds `Authorization, Cookie` to the answer's `Vary`, keeping what other layers put
/// there (CORS varies by `Origin`): one header with every name once.
fn merge_vary(headers: &mut HeaderMap) {
    let mut names: Vec<String> = Vec::new();
    let existing = headers
        .get_all(VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned);
    let ours = CALLER_HEADERS.iter().map(|&name| name.to_owned());
    for name in existing.chain(ours) {
        if !names.iter().any(|seen| seen.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(VARY, value);
    }
}

/// Whether `If-None-Match` lists the tag (weak comparison, as RFC 9110 asks for GET) or is `*`.
fn matches_any(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let ours = opaque(tag.to_str().unwrap_or_default());
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|theirs| theirs == "*" || opaque(theirs) == ours)
}

/// A tag without its weakness marker.
fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            IF_NONE_MATCH,
            HeaderValue::from_str(value).expect("valid header"),
        );
        headers
    }

    #[test]
    fn vary_keeps_what_other_layers_said() {
        let mut headers = HeaderMap::new();
        headers.append(VARY, HeaderValue::from_static("Origin"));
        headers.append(
            VARY,
            HeaderValue::from_static("access-control-request-method, cookie"),
        );
        merge_vary(&mut headers);
        assert_eq!(
            headers.get_all(VARY).iter().collect::<Vec<_>>(),
            ["Origin, access-control-request-method, cookie, Authorization"]
        );
        let mut empty = HeaderMap::new();
        merge_vary(&mut empty);
        assert_eq!(empty[VARY], "Authorization, Cookie");
    }

    #[test]
    fn weak_comparison_and_lists() {
        let empty = Basket::default();
        let tag = entity_tag("abc", &Viewer::default(), &empty);
        assert_ne!(tag, entity_tag("abc", &Viewer::member("anna"), &empty));
        assert_ne!(
            entity_tag("abc", &Viewer::member("bertil"), &empty),
            entity_tag("abc", &Viewer::member("anna"), &empty)
        );
        let mut basket = Basket::default();
        basket.add("a-finding").expect("room");
        assert_ne!(tag, entity_tag("abc", &Viewer::default(), &basket));
        let tag_text = tag.to_str().expect("ascii").to_owned();
        let strong = tag_text.trim_start_matches("W/").to_owned();
        assert!(matches_any(&headers(&tag_text), &tag));
        assert!(matches_any(&headers(&strong), &tag));
        assert!(matches_any(&headers(&format!("\"x\", {tag_text}")), &tag));
        assert!(matches_any(&headers("*"), &tag));
        assert!(!matches_any(&headers("W/\"0.1.0-abd\""), &tag));
        assert!(!matches_any(&HeaderMap::new(), &tag));
    }
}
