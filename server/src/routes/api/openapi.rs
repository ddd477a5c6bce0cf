//! The OpenAPI 3.1 document of the API, generated from the handlers' annotations and the
//! JSON types, served at `/api/v1/openapi.json`.
//!
//! The parameters are the types the handlers read the query string into
//! ([`crate::params`]); their limits are written in here from the constants that enforce
//! them, so the document cannot promise what the server does not do.

use std::sync::OnceLock;

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

use crate::routes::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hinder",
        description = "Swedish knowledge base with full-text search over challenges (hinder) to broadband rollout: \
            findings from meetings, seminars and feedback, with their sources, areas and dates.\n\n\
            Every list pages with `limit` and `offset` and says its `total`. Reads answer with an `ETag` and \
            `Cache-Control: no-cache`; send the tag back in `If-None-Match` to get `304 Not Modified` while the \
            index is unchanged. Errors are `{\"error\": {\"code\", \"message\"}}` with a stable `code`.\n\n\
            Without a token, every endpoint answers from published material only. Members of the working group \
            send an API token (`hinder user token NAME` makes one) as `Authorization: Bearer hinder_…` and also \
            see working material and input for the steering group; a token that is sent but not valid is \
            answered with `401`.",
        license(name = "MIT OR Apache-2.0"),
    ),
    paths(
        api::search,
        api::feed::feed,
        api::suggest,
        api::facets,
        api::finding,
        api::related::related_to_finding,
        api::related::related_to_text,
        api::documents::list,
        api::documents::document,
        api::contribute::add,
        api::contribute::change,
        api::contribute::withdraw,
        api::contribute::restore,
        api::contribute::history,
        api::descriptions::description,
        api::descriptions::save,
        api::descriptions::send_out,
        api::descriptions::decide,
        api::descriptions::approve,
        api::export::export,
        api::health,
        document,
    ),
    modifiers(&BearerToken),
    security((), ("member_token" = [])),
    tags(
        (name = "search", description = "Searching findings"),
        (name = "findings", description = "One finding, its citation and related findings"),
        (name = "documents", description = "Whole documents"),
        (name = "drafts", description = "Support for a draft's text"),
        (name = "descriptions", description = "Area descriptions: versions, rounds of feedback, approval"),
        (name = "export", description = "Everything, for other tools and engines"),
        (name = "service", description = "The service itself"),
    )
)]
struct ApiDoc;

/// The members' API tokens, as a security scheme.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut Document) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "A member's API token, `hinder_…`; optional: without it, published material only",
            ))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("member_token", SecurityScheme::Http(scheme));
    }
}

/// The document, built once.
///
/// Every query parameter gets `allowEmptyValue: true`, which utoipa cannot write: an empty
/// value means "not set", as a blank field of an HTML form sends it, because the web UI and
/// the API read the same parameters. Limits come from the constants that enforce them
/// ([`limits_of`]).
pub fn openapi() -> &'static serde_json::Value {
    static DOCUMENT: OnceLock<serde_json::Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut document = serde_json::to_value(ApiDoc::openapi())
            .expect("the OpenAPI document is plain data and always serialises");
        let operations = document["paths"]
            .as_object_mut()
            .into_iter()
            .flat_map(|paths| paths.values_mut())
            .filter_map(serde_json::Value::as_object_mut)
            .flat_map(|operations| operations.values_mut());
        for operation in operations {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let parameters = operation
                .get_mut("parameters")
                .and_then(serde_json::Value::as_array_mut)
                .into_iter()
                .flatten();
            for parameter in parameters.filter(|p| p["in"] == "query") {
                parameter["allowEmptyValue"] = serde_json::Value::Bool(true);
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                for (keyword, value) in limits_of(&id, &name) {
                    parameter["schema"][keyword] = value.into();
                }
                if name == "q" {
                    let described = parameter["description"].as_str().unwrap_or_default();
                    parameter["description"] = format!(
                        "{described} At most {} characters and {} words (else 400 \
                         `query_too_long`).",
                        indexer::MAX_QUERY_CHARS,
                        indexer::MAX_QUERY_WORDS
                    )
                    .into();
                }
            }
        }
        document
    })
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "get_openapi",
    tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", content_type = "application/json"))
)]
pub(crate) async fn document() -> Json<&'static serde_json::Value> {
    Json(openapi())
}

/// The JSON Schema limits of a query parameter of an operation, from the constants the
/// server enforces them with.
fn limits_of(operation: &str, parameter: &str) -> Vec<(&'static str, usize)> {
    match parameter {
        "q" => vec![("maxLength", indexer::MAX_QUERY_CHARS)],
        "limit" if operation == "suggest" => {
            vec![("minimum", 1), ("maximum", indexer::MAX_COMPLETIONS)]
        }
        "limit" => vec![("minimum", 1), ("maximum", indexer::MAX_LIMIT)],
        "offset" => vec![("minimum", 0), ("maximum", indexer::MAX_OFFSET)],
        "page" => vec![("minimum", 1), ("maximum", indexer::MAX_OFFSET + 1)],
        _ => Vec::new(),
    }
}
