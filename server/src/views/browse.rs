//! Browsing by area and by source: the lists of areas and sources, and one area's or one
//! source's findings grouped by document.

use askama::Template;
use indexer::{Category, Date, Facets, SearchRequest, SearchResults, Taxonomy};

use super::{HitView, Pagination, swedish_number};
use crate::links::{document_url, feed_url};
use crate::params::{feed_query_string, search_query_string};

/// Which taxonomy a browse page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Challenge areas, `/omraden`.
    Area,
    /// Sources, `/kallor`.
    Source,
}

impl Dimension {
    /// The path of its list.
    pub fn path(self) -> &'static str {
        match self {
            Self::Area => "/omraden",
            Self::Source => "/kallor",
        }
    }

    /// The search parameter that filters on it.
    pub fn parameter(self) -> &'static str {
        match self {
            Self::Area => "area",
            Self::Source => "source",
        }
    }

    /// Its entries.
    pub fn categories(self, taxonomy: &Taxonomy) -> &[Category] {
        match self {
            Self::Area => &taxonomy.areas,
            Self::Source => &taxonomy.sources,
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Self::Area => "Områden",
            Self::Source => "Källor",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Self::Area => "Område",
            Self::Source => "Källa",
        }
    }
}

/// `/omraden` and `/kallor`: every entry with its description and number of findings.
#[derive(Debug, Template)]
#[template(path = "categories.html")]
pub struct CategoriesPage {
    /// "Områden" or "Källor".
    pub heading: &'static str,
    /// One line on what the list is.
    pub intro: &'static str,
    /// The entries.
    pub entries: Vec<CategoryEntry>,
}

/// An area or a source in a list.
#[derive(Debug)]
pub struct CategoryEntry {
    /// Its browse page.
    pub url: String,
    /// Swedish label.
    pub label: String,
    /// One-line description.
    pub description: String,
    /// Number of findings.
    pub count: u64,
}

impl CategoriesPage {
    /// The list of a dimension with the counts of the whole index.
    pub fn new(dimension: Dimension, taxonomy: &Taxonomy, totals: &Facets) -> Self {
        let counts = match dimension {
            Dimension::Area => &totals.area,
            Dimension::Source => &totals.source,
        };
        Self {
            heading: dimension.plural(),
            intro: match dimension {
                Dimension::Area => {
                    "Utmaningsområdena som arbetsgruppen arbetar med. Ett fynd kan höra till flera områden, eller inget."
                }
                Dimension::Source => {
                    "Var fynden kommer ifrån: möten, seminarier och återkopplingar."
                }
            },
            entries: dimension
                .categories(taxonomy)
                .iter()
                .map(|category| CategoryEntry {
                    url: format!("{}/{}", dimension.path(), category.slug),
                    label: category.label.clone(),
                    description: category.description.clone(),
                    count: counts
                        .iter()
                        .find(|count| count.value == category.slug)
                        .map_or(0, |count| count.count),
                })
                .collect(),
        }
    }
}

/// `/omraden/{slug}` and `/kallor/{slug}`: the findings of one area or source, newest
/// first, grouped by document.
#[derive(Debug, Template)]
#[template(path = "browse.html")]
pub struct BrowsePage {
    /// "Område" or "Källa".
    pub kind: &'static str,
    /// Link back to the list.
    pub list_url: &'static str,
    /// "Områden" or "Källor".
    pub list_label: &'static str,
    /// Swedish label.
    pub label: String,
    /// One-line description.
    pub description: String,
    /// One line on what is shown.
    pub summary: String,
    /// This page's findings by document.
    pub groups: Vec<DocumentGroup>,
    /// Paging links.
    pub pages: Pagination,
    /// The same findings in the search page, to narrow down.
    pub search_url: String,
    /// The same findings in the API.
    pub api_url: String,
    /// Whether feedback can answer this page (an area's can).
    pub answerable: bool,
    /// Feedback on the area, newest first.
    pub responses: Vec<super::ResponseView>,
    /// The feedback form on this area.
    pub feedback_url: String,
    /// The Atom feed of the newest of them.
    pub feed_url: String,
    /// This page's own address.
    pub own_url: String,
}

/// Findings of one document, in reading order.
#[derive(Debug)]
pub struct DocumentGroup {
    /// Document title.
    pub title: String,
    /// Document page.
    pub url: String,
    /// Date in Swedish, or empty.
    pub date: String,
    /// Date as `YYYY-MM-DD`, or empty.
    pub date_iso: String,
    /// Its findings on this page.
    pub findings: Vec<HitView>,
}

impl BrowsePage {
    /// The page of an entry, from a search filtered on it (newest first).
    pub fn new(
        dimension: Dimension,
        category: &Category,
        results: &SearchResults,
        taxonomy: &Taxonomy,
    ) -> Self {
        let mut groups: Vec<DocumentGroup> = Vec::new();
        for hit in &results.hits {
            let view = HitView::new(hit, taxonomy);
            match groups.last_mut() {
                Some(group) if group.url == document_url(&hit.document_id) => {
                    group.findings.push(view);
                }
                _ => groups.push(DocumentGroup {
                    title: hit.document_title.clone(),
                    url: document_url(&hit.document_id),
                    date: hit.date.map(Date::to_swedish).unwrap_or_default(),
                    date_iso: hit.date.map(|d| d.to_string()).unwrap_or_default(),
                    findings: vec![view],
                }),
            }
        }
        let request = &results.request;
        let own_url = format!("{}/{}", dimension.path(), category.slug);
        let mut search = request.clone();
        search.offset = 0;
        Self {
            kind: dimension.singular(),
            list_url: dimension.path(),
            list_label: dimension.plural(),
            label: category.label.clone(),
            description: category.description.clone(),
            summary: match results.total {
                0 => "Inga fynd ännu.".to_owned(),
                1 => "1 fynd.".to_owned(),
                total => format!("{} fynd, nyast först.", swedish_number(total)),
            },
            groups,
            pages: Pagination::new(request.page(), results.total, |page| {
                format!("{own_url}?page={page}")
            }),
            search_url: format!("/?{}", search_query_string(&search, None)),
            api_url: format!("/api/v1/search?{}", search_query_string(request, None)),
            answerable: false,
            responses: Vec::new(),
            feedback_url: String::new(),
            // The page's size is this page's own; the feed has the API's default.
            feed_url: feed_url(&feed_query_string(&SearchRequest {
                limit: indexer::DEFAULT_LIMIT,
                ..request.clone()
            })),
            own_url,
        }
    }
}
