//! The JSON shapes of the API. They are a public contract: fields are only ever added.
//! Each derives its OpenAPI schema (`routes/api/openapi.rs`), so the document cannot drift from
//! what the handlers send.

mod contribute;
mod description;
mod documents;
mod help;
mod related;

use indexer::{FacetCount, Facets, FindingContext, Hit, SearchResults, Taxonomy};
use serde::Serialize;
use utoipa::ToSchema;

use crate::citation::Citation;
use crate::links::finding_url;
pub use contribute::{
    ChangeJson, FeedbackBody, FieldChangeJson, HistoryResponse, MetadataPatch, PreviewFinding,
    PreviewResponse, PreviewSection, UploadForm,
};
pub use description::{
    ApprovalRequest, DescriptionResponse, DescriptionUpdate, OutcomeRequest, RoundRequest,
};
pub use documents::{DocumentJson, DocumentResponse, DocumentsResponse};
pub use help::{CorrectionJson, HelpJson, PartialJson, WordJson};
pub use related::{DEFAULT_RELATED, DraftRequest, RelatedHitJson, RelatedResponse};

/// `GET /api/v1/search`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// The query text as received.
    pub query: String,
    /// The filters, paging and order that were applied.
    pub filters: Filters,
    /// Matching findings across all pages.
    pub total: usize,
    /// Page size (as in `filters`; every list of the API pages with `limit` and `offset`).
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Time spent in the index, in milliseconds.
    pub took_ms: f64,
    /// This page of hits.
    pub hits: Vec<HitJson>,
    /// Counts per area, source, year and region for this query.
    pub facets: FacetsJson,
    /// Per-word counts, a corrected query and partial matches, when little is found.
    pub help: HelpJson,
}

/// The request's filters and paging, echoed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Filters {
    /// Area slugs.
    pub area: Vec<String>,
    /// Source slugs.
    pub source: Vec<String>,
    /// SCB codes of counties and municipalities.
    pub region: Vec<String>,
    /// Earliest date.
    pub from: Option<String>,
    /// Latest date.
    pub to: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Order: `relevance`, `date_desc` or `date_asc`.
    #[schema(value_type = String, example = "relevance")]
    pub sort: &'static str,
}

/// A finding in API responses.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitJson {
    /// Stable id.
    pub id: String,
    /// Full text.
    pub text: String,
    /// HTML: escaped text with `<mark>` around matches.
    pub snippet: String,
    /// Title of the section (slide) the finding is on.
    pub title: String,
    /// Section number: the slide or page number.
    pub section: u32,
    /// What the section is: `slide`, `page` or `section`.
    #[schema(value_type = String, example = "slide")]
    pub section_kind: &'static str,
    /// True for a speaker's note rather than text on the slide.
    pub note: bool,
    /// Area slugs.
    pub areas: Vec<String>,
    /// Who tagged the areas: `manual` (a person, in the corpus) or `automatic` (keyword rules).
    #[schema(value_type = String, example = "manual")]
    pub areas_origin: &'static str,
    /// Source slug.
    pub source: String,
    /// Where its document comes from, when said.
    pub region: Option<RegionJson>,
    /// `YYYY-MM-DD`, or null when unknown.
    #[schema(format = Date, example = "2016-12-02")]
    pub date: Option<String>,
    /// The document it comes from.
    pub document: DocumentRef,
    /// Permalink path, relative to the server.
    pub url: String,
    /// The permalink in full, as citations give it: to store or share as it is.
    #[schema(
        example = "https://hinder.example/findings/2016-12-02-mote-3-arbetsmote-inom-nystartsgruppen-17-1"
    )]
    pub permalink: String,
    /// ISO 639-1 code of the language the finding is written (and analysed) in.
    #[schema(value_type = String, example = "sv")]
    pub language: &'static str,
    /// Relevance score; null when sorted by date.
    pub score: Option<f32>,
}

/// A county, or a municipality and its county, by SCB code.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionJson {
    /// The code as given: two digits for a county, four for a municipality.
    #[schema(example = "0480")]
    pub code: String,
    /// The county's code.
    #[schema(example = "04")]
    pub county: String,
    /// The name to show: `Södermanlands län` or `Nyköping, Södermanlands län`.
    #[schema(example = "Nyköping, Södermanlands län")]
    pub label: String,
}

impl From<&indexer::Region> for RegionJson {
    fn from(region: &indexer::Region) -> Self {
        Self {
            code: region.code().to_owned(),
            county: region.county_code().to_owned(),
            label: region.label(),
        }
    }
}

impl RegionJson {
    /// The region of a code read back from the index; `None` for a code the shipped list
    /// no longer has.
    pub fn of_code(code: Option<&str>) -> Option<Self> {
        code.and_then(|code| indexer::Region::parse(code).ok())
            .as_ref()
            .map(Self::from)
    }
}

/// A document named by a hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentRef {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
}

/// Hits as the API gives them; `base_url` makes their permalinks absolute.
pub fn hits(hits: &[Hit], base_url: &str) -> Vec<HitJson> {
    hits.iter().map(|hit| HitJson::new(hit, base_url)).collect()
}

impl HitJson {
    /// A hit as the API gives it; `base_url` (scheme and host) makes its permalink absolute.
    pub fn new(hit: &Hit, base_url: &str) -> Self {
        Self {
            id: hit.id.clone(),
            text: hit.text.clone(),
            snippet: hit.snippet.clone(),
            title: hit.title.clone(),
            section: hit.section,
            section_kind: hit.section_kind.slug(),
            note: hit.note,
            areas: hit.areas.clone(),
            areas_origin: if hit.areas_auto {
                "automatic"
            } else {
                "manual"
            },
            source: hit.source.clone(),
            region: RegionJson::of_code(hit.region.as_deref()),
            date: hit.date.map(|date| date.to_string()),
            document: DocumentRef {
                id: hit.document_id.clone(),
                title: hit.document_title.clone(),
            },
            url: finding_url(&hit.id),
            permalink: crate::citation::permalink(base_url, &hit.id),
            language: hit.language.code(),
            score: hit.score,
        }
    }
}

impl SearchResponse {
    /// A page of results; `base_url` makes the hits' permalinks absolute.
    pub fn new(results: &SearchResults, base_url: &str) -> Self {
        let request = &results.request;
        Self {
            query: request.text.clone(),
            filters: Filters {
                area: request.areas.clone(),
                source: request.sources.clone(),
                region: request.regions.clone(),
                from: request.from.map(|date| date.to_string()),
                to: request.to.map(|date| date.to_string()),
                limit: request.limit,
                offset: request.offset,
                sort: request.sort.as_str(),
            },
            total: results.total,
            limit: request.limit,
            offset: request.offset,
            took_ms: results.took.as_secs_f64() * 1000.0,
            hits: hits(&results.hits, base_url),
            facets: FacetsJson::from(&results.facets),
            help: HelpJson::new(&results.help, &results.request, base_url),
        }
    }
}

/// `GET /api/v1/findings/{id}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingResponse {
    /// The finding.
    pub finding: HitJson,
    /// Ready citations of it.
    pub citation: Citation,
    /// Its document.
    pub document: DocumentJson,
    /// Its section (slide), with every finding on it.
    pub section: SectionJson,
    /// The finding before it in the document.
    pub previous: Option<HitJson>,
    /// The finding after it in the document.
    pub next: Option<HitJson>,
}

/// A section and its findings.
#[derive(Debug, Serialize, ToSchema)]
pub struct SectionJson {
    /// Section (slide) number.
    pub number: u32,
    /// Title.
    pub title: String,
    /// Findings in order.
    pub findings: Vec<HitJson>,
}

impl FindingResponse {
    /// The response for a finding in its context; `base_url` makes the citation's link
    /// absolute.
    pub fn new(context: &FindingContext, taxonomy: &Taxonomy, base_url: &str) -> Self {
        Self {
            finding: HitJson::new(&context.finding, base_url),
            citation: Citation::new(&context.finding, taxonomy, base_url),
            document: DocumentJson::from(&context.document),
            section: SectionJson {
                number: context.finding.section,
                title: context.finding.title.clone(),
                findings: hits(&context.section, base_url),
            },
            previous: context
                .previous
                .as_ref()
                .map(|hit| HitJson::new(hit, base_url)),
            next: context.next.as_ref().map(|hit| HitJson::new(hit, base_url)),
        }
    }
}

/// `GET /api/v1/facets`: every area and source with its description and count.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsResponse {
    /// Areas in taxonomy order.
    pub area: Vec<FacetJson>,
    /// Sources in taxonomy order.
    pub source: Vec<FacetJson>,
    /// Years, newest first.
    pub year: Vec<FacetCountJson>,
    /// Counties with findings, in SCB code order.
    pub region: Vec<FacetCountJson>,
    /// Municipalities with findings, in SCB code order.
    pub municipality: Vec<FacetCountJson>,
}

/// Counts per area, source, year and region.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsJson {
    /// Every declared area, in taxonomy order.
    pub area: Vec<FacetCountJson>,
    /// Every declared source, in taxonomy order.
    pub source: Vec<FacetCountJson>,
    /// Years with hits, newest first.
    pub year: Vec<FacetCountJson>,
    /// Counties with hits (or filtered on), in SCB code order.
    pub region: Vec<FacetCountJson>,
    /// Municipalities with hits (or filtered on), in SCB code order.
    pub municipality: Vec<FacetCountJson>,
}

/// One value of a facet with its count.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCountJson {
    /// Slug (area, source), year or SCB code (county, municipality).
    #[schema(example = "landsbygd")]
    pub value: String,
    /// Swedish label.
    #[schema(example = "Landsbygd")]
    pub label: String,
    /// Number of findings.
    pub count: u64,
    /// Whether the request filters on this value.
    pub selected: bool,
}

impl From<&FacetCount> for FacetCountJson {
    fn from(count: &FacetCount) -> Self {
        Self {
            value: count.value.clone(),
            label: count.label.clone(),
            count: count.count,
            selected: count.selected,
        }
    }
}

impl From<&Facets> for FacetsJson {
    fn from(facets: &Facets) -> Self {
        let convert = |counts: &[FacetCount]| counts.iter().map(FacetCountJson::from).collect();
        Self {
            area: convert(&facets.area),
            source: convert(&facets.source),
            year: convert(&facets.year),
            region: convert(&facets.region),
            municipality: convert(&facets.municipality),
        }
    }
}

/// A taxonomy entry with its count.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetJson {
    /// Slug.
    pub value: String,
    /// Swedish label.
    pub label: String,
    /// Swedish description.
    pub description: String,
    /// Number of findings.
    pub count: u64,
}

impl FacetsResponse {
    /// Joins facet counts with the taxonomy's descriptions.
    pub fn new(facets: Facets, taxonomy: &Taxonomy) -> Self {
        let describe = |counts: Vec<FacetCount>, categories: &[indexer::Category]| {
            counts
                .into_iter()
                .map(|count| FacetJson {
                    description: categories
                        .iter()
                        .find(|c| c.slug == count.value)
                        .map(|c| c.description.clone())
                        .unwrap_or_default(),
                    value: count.value,
                    label: count.label,
                    count: count.count,
                })
                .collect()
        };
        Self {
            area: describe(facets.area, &taxonomy.areas),
            source: describe(facets.source, &taxonomy.sources),
            year: facets.year.iter().map(FacetCountJson::from).collect(),
            region: facets.region.iter().map(FacetCountJson::from).collect(),
            municipality: facets
                .municipality
                .iter()
                .map(FacetCountJson::from)
                .collect(),
        }
    }
}

/// `GET /api/v1/suggest`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestResponse {
    /// The text as received.
    pub query: String,
    /// Ways to finish the last word, most frequent first.
    pub completions: Vec<CompletionJson>,
    /// The best findings for the completed query.
    pub hits: Vec<HitJson>,
}

/// One completion.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionJson {
    /// The completed word, as the corpus writes it.
    pub word: String,
    /// The whole query with the word completed: what to search for when it is picked.
    pub query: String,
    /// Findings that contain the word.
    pub count: u64,
}

impl SuggestResponse {
    /// The response for a text and its suggestions; `base_url` makes the hits' permalinks
    /// absolute.
    pub fn new(query: String, suggestions: &indexer::Suggestions, base_url: &str) -> Self {
        Self {
            query,
            completions: suggestions
                .completions
                .iter()
                .map(|c| CompletionJson {
                    word: c.word.clone(),
                    query: c.query.clone(),
                    count: c.count,
                })
                .collect(),
            hits: hits(&suggestions.hits, base_url),
        }
    }
}

/// `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the server answers.
    #[schema(value_type = String, example = "ok")]
    pub status: &'static str,
    /// Documents in the index.
    pub documents: usize,
    /// Findings in the index.
    pub findings: u64,
    /// Fingerprint of the index's content; it changes whenever the corpus does.
    pub version: String,
}
