//! The OpenAPI 3.1 document of the API, generated from the handlers' annotations and the
//! JSON types, served at `/api/v1/openapi.json`.
//!
//! The parameter structs below only describe query strings for the document; the handlers
//! read the raw query themselves ([`crate::params`]) so that repeated and comma-separated
//! values and empty form fields are understood.

use std::sync::OnceLock;

use axum::Json;
use serde::Deserialize;
use utoipa::openapi::OpenApi as Document;
use utoipa::{IntoParams, OpenApi};

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
        api::suggest,
        api::facets,
        api::finding,
        api::related::related_to_finding,
        api::related::related_to_text,
        api::documents::list,
        api::documents::document,
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
/// the API read the same parameters.
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
            let parameters = operation
                .get_mut("parameters")
                .and_then(serde_json::Value::as_array_mut)
                .into_iter()
                .flatten();
            for parameter in parameters.filter(|p| p["in"] == "query") {
                parameter["allowEmptyValue"] = serde_json::Value::Bool(true);
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

/// Query parameters of `GET /api/v1/search`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub struct SearchParams {
    /// What to search for: words, "phrases", -exclusions, `OR`, and filters such as
    /// `område:landsbygd` or `källa:sormland`. Empty lists every finding, newest first. At
    /// most 1000 characters and 32 words (else 400 `query_too_long`).
    #[param(example = "utbyggnadslagen", max_length = 1000)]
    q: Option<String>,
    /// Area slug; repeat it or separate slugs with commas (any of them matches).
    #[param(example = "landsbygd")]
    area: Option<Vec<String>>,
    /// Source slug; repeat it or separate slugs with commas (any of them matches).
    #[param(example = "sormland")]
    source: Option<Vec<String>>,
    /// Earliest date, inclusive, `YYYY-MM-DD`.
    #[param(format = Date, example = "2016-01-01")]
    from: Option<String>,
    /// Latest date, inclusive, `YYYY-MM-DD`.
    #[param(format = Date, example = "2016-12-31")]
    to: Option<String>,
    /// Hits per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100, example = 20)]
    limit: Option<usize>,
    /// Hits to skip, 0 to 10000.
    #[param(minimum = 0, maximum = 10000, example = 0)]
    offset: Option<usize>,
    /// 1-based page number, an alternative to `offset`; (page − 1) × limit may not exceed
    /// 10000 (deeper pages are refused, as with `offset`).
    #[param(minimum = 1, maximum = 10001)]
    page: Option<usize>,
    /// Order: `relevance` (default), `date_desc` or `date_asc`.
    #[param(inline, example = "relevance")]
    sort: Option<SortName>,
}

/// The orders of a search.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub enum SortName {
    /// Best match first; ties newest first.
    Relevance,
    /// Newest first.
    DateDesc,
    /// Oldest first.
    DateAsc,
}

/// The export formats.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub enum FormatName {
    /// One finding per line.
    Ndjson,
    /// An OpenSearch `_bulk` body.
    Opensearch,
}

/// Query parameters of `GET /api/v1/suggest`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub struct SuggestParams {
    /// The text typed so far; its last word is completed. At most 1000 characters and 32
    /// words (else 400 `query_too_long`).
    #[param(example = "utbyg", max_length = 1000)]
    q: Option<String>,
    /// Completions to return, 1 to 20 (default 8).
    #[param(minimum = 1, maximum = 20)]
    limit: Option<usize>,
}

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub struct PageParams {
    /// Items per page, 1 to 100.
    #[param(minimum = 1, maximum = 100, example = 10)]
    limit: Option<usize>,
    /// Items to skip, 0 to 10000.
    #[param(minimum = 0, maximum = 10000, example = 0)]
    offset: Option<usize>,
    /// 1-based page number, an alternative to `offset`; (page − 1) × limit may not exceed
    /// 10000.
    #[param(minimum = 1, maximum = 10001)]
    page: Option<usize>,
}

/// Query parameters of `GET /api/v1/export`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "describes the query string for the OpenAPI document only"
)]
pub struct ExportParams {
    /// `ndjson` (default): one finding per line; `opensearch`: a `_bulk` body, an
    /// `{"index":{"_id":...}}` line before each finding.
    #[param(inline, example = "ndjson")]
    format: Option<FormatName>,
}
