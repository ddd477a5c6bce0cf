//! Hinder's search engine: everything that touches the index.
//!
//! Data flows one way through this crate:
//!
//! 1. [`ingest`] reads the corpus folder (Markdown, plain text, PowerPoint, Word and PDF
//!    documents, plus the `areas.toml` / `sources.toml` taxonomies and the thesaurus) into
//!    [`Document`]s, whose findings carry resolved metadata and stable ids.
//! 2. [`update_index`] runs every changed finding through the Swedish (or English) analysis
//!    chain from [`analysis`] and commits the tantivy indexes with their manifest
//!    ([`import`] does the same for NDJSON).
//! 3. [`Library`] opens them read-only, and each request's [`IndexView`] answers
//!    [`SearchRequest`]s with hits, highlighted snippets and facet counts, within the
//!    request's deadline ([`within_deadline`]).
//!
//! The server crate is one client of this library; it never builds tantivy queries itself.
//!
//! ```
//! use indexer::{analysis, Language};
//!
//! // The Swedish chain lowercases, drops stop words and stems with Snowball.
//! let terms = analysis::terms(Language::Swedish, "Utbyggnadslagen och torrinstallationer");
//! assert_eq!(terms, ["utbyggnadslag", "torrinstallation"]);
//! ```
#![warn(missing_docs)]

pub mod analysis;
mod corpus;
pub mod edit;
mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod library;
mod manifest;
mod request;
mod schema;
mod search;
mod substance;
mod write;

pub use corpus::description;
pub use corpus::{
    Action, Addition, Area, Category, Change, Corpus, Date, Document, DocumentKind, FieldChange,
    Finding, InvalidDate, InvalidTimestamp, Language, NotAPermalink, OtherLanguage, Place,
    REPORT_BACKGROUND_FILE, Region, Regions, RespondsTo, Section, SectionKind, Source, Status,
    SynonymGroup, Target, Taxonomy, TaxonomyError, Thesaurus, Timestamp, UnknownRegion,
};
pub use error::{Error, Result};
pub use library::{Audience, Library};
pub use manifest::{DocumentSummary, FileState, LeftOut, LeftOutCause, Manifest};
pub use request::{
    DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_TEXT_CHARS, Page,
    QueryError, SearchRequest, Sort, check_query_size,
};
pub use schema::build_schema;
pub use search::{
    Completion, Correction, DEFAULT_COMPLETIONS, DocumentView, FacetCount, FacetDimension, Facets,
    FindingContext, HELP_BELOW, Hit, IndexView, MAX_COMPLETIONS, MatchedWord, Overview,
    PartialMatches, Related, RelatedResults, SUGGESTED_FINDINGS, SearchHelp, SearchIndex,
    SearchResults, SectionView, Suggestions, WordCount, within_deadline,
};
pub use write::import;
pub use write::report::{BuildReport, Failure};
pub use write::updater::IndexUpdater;
pub use write::writer::{build_index, ensure_index, import_index, update_index};

/// The cores this process may use: the indexing threads, the segments an import is
/// compacted into, the threads a search runs its segments on and the server's search slots
/// all follow it.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
