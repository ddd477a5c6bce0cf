//! Query parameters an API endpoint does not take are refused (`400 unknown_parameter`,
//! naming the parameter), as unknown fields of a JSON body are: a misspelt `aera=` would
//! otherwise be ignored and the caller given an answer to another question than asked.
//!
//! What each endpoint takes is read from the OpenAPI document, which the handlers' own
//! parameter types write ([`super::openapi`]): the two cannot disagree.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::openapi::openapi;
use crate::error::ApiError;

/// The query parameters of each documented operation, by path template and method (upper
/// case, as [`Method::as_str`] gives it).
static ACCEPTED: LazyLock<HashMap<String, HashMap<String, Vec<String>>>> = LazyLock::new(|| {
    let mut accepted: HashMap<String, HashMap<String, Vec<String>>> = HashMap::new();
    let paths = openapi()["paths"].as_object().into_iter().flatten();
    for (path, operations) in paths {
        let operations = operations.as_object().into_iter().flatten();
        for (method, operation) in operations {
            let names = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|parameter| parameter["in"] == "query")
                .filter_map(|parameter| parameter["name"].as_str())
                .map(str::to_owned)
                .collect();
            accepted
                .entry(path.clone())
                .or_default()
                .insert(method.to_uppercase(), names);
        }
    }
    accepted
});

/// Answers `400 unknown_parameter` to a request with a query parameter its endpoint does
/// not take; passes every other request on. An endpoint the document does not describe
/// is not checked.
pub(crate) async fn refuse_unknown(path: MatchedPath, request: Request, next: Next) -> Response {
    if let Some(error) = unknown(request.method(), path.as_str(), request.uri().query()) {
        return error.into_response();
    }
    next.run(request).await
}

/// The error for the first parameter of `query` that the operation does not take.
fn unknown(method: &Method, path: &str, query: Option<&str>) -> Option<ApiError> {
    let query = query.filter(|query| !query.is_empty())?;
    // A HEAD is answered as its GET.
    let method = if method == Method::HEAD {
        Method::GET.as_str()
    } else {
        method.as_str()
    };
    let accepted = ACCEPTED.get(path)?.get(method)?;
    let name = form_urlencoded::parse(query.as_bytes())
        .map(|(name, _)| name)
        .find(|name| !accepted.iter().any(|known| known == name))?;
    Some(ApiError::UnknownParameter {
        name: name.into_owned(),
        accepted: accepted.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accepted_parameters_are_the_documented_ones() {
        assert!(
            unknown(
                &Method::GET,
                "/api/v1/search",
                Some("q=fiber&area=landsbygd&page=2")
            )
            .is_none()
        );
        assert!(unknown(&Method::HEAD, "/api/v1/suggest", Some("q=utb&limit=3")).is_none());
        let Some(ApiError::UnknownParameter { name, accepted }) = unknown(
            &Method::GET,
            "/api/v1/search",
            Some("q=fiber&omr%C3%A5de=x"),
        ) else {
            panic!("an unknown parameter is refused");
        };
        assert_eq!(name, "område");
        assert!(accepted.iter().any(|known| known == "area"));
        assert!(
            matches!(unknown(&Method::GET, "/api/v1/findings/{id}", Some("limit=5")), Some(ApiError::UnknownParameter { name, .. }) if name == "limit"),
            "an endpoint without parameters takes none"
        );
        assert!(unknown(&Method::GET, "/api/v1/search", None).is_none());
        assert!(unknown(&Method::GET, "/not/documented", Some("x=1")).is_none());
    }
}
