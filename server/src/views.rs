//! askama templates of the web UI and the view models they render. All text a user reads
//! is Swedish; everything from the corpus is escaped by askama, except snippets, which the
//! indexer has already escaped and marked up.

use askama::Template;
use indexer::{
    Date, FacetCount, FindingContext, Hit, SearchRequest, SearchResults, Sort, Taxonomy,
};

use crate::json::finding_url;
use crate::params::search_query_string;

/// `/`: the search page.
#[derive(Debug, Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    /// The query text.
    pub q: String,
    /// `from` as the date input wants it, or empty.
    pub from: String,
    /// `to` as the date input wants it, or empty.
    pub to: String,
    /// Sort options with the current one selected.
    pub sorts: Vec<Choice>,
    /// Area checkboxes.
    pub areas: Vec<FacetCount>,
    /// Source checkboxes.
    pub sources: Vec<FacetCount>,
    /// Year shortcuts.
    pub years: Vec<YearLink>,
    /// Whether any filter is set (to offer clearing them).
    pub filtered: bool,
    /// Number of filter values set, shown on the collapsed filter panel.
    pub active_filters: usize,
    /// Link that keeps the text and drops the filters.
    pub clear_url: String,
    /// One line on what is shown.
    pub summary: String,
    /// The hits of this page.
    pub hits: Vec<HitView>,
    /// Rank of the first hit on this page (for `<ol start>`).
    pub first_rank: usize,
    /// Paging links.
    pub pages: Pagination,
    /// The same search in the JSON API.
    pub api_url: String,
}

/// An option of a `<select>`.
#[derive(Debug)]
pub struct Choice {
    /// Value sent in the URL.
    pub value: &'static str,
    /// Swedish label.
    pub label: &'static str,
    /// Whether it is the current value.
    pub selected: bool,
}

/// A year with hits, as a link that filters on it.
#[derive(Debug)]
pub struct YearLink {
    /// The year.
    pub year: String,
    /// Hits in that year.
    pub count: u64,
    /// Link to the filtered search.
    pub url: String,
    /// Whether the date filter is that year.
    pub selected: bool,
}

/// Previous/next links.
#[derive(Debug, Default)]
pub struct Pagination {
    /// Current page, 1-based.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Link to the previous page.
    pub previous: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

/// A hit as the pages show it.
#[derive(Debug)]
pub struct HitView {
    /// Permalink.
    pub url: String,
    /// Escaped HTML with `<mark>`s, from the indexer.
    pub snippet: String,
    /// Plain text (for pages that show the whole finding).
    pub text: String,
    /// Section (slide) title.
    pub title: String,
    /// Where the finding is: "Bild 15", "Sida 3", "Avsnitt 2".
    pub location: String,
    /// True when the finding is its slide's title, which then need not be repeated.
    pub from_heading: bool,
    /// True for a speaker's note.
    pub note: bool,
    /// Source label.
    pub source: Label,
    /// Area labels.
    pub areas: Vec<Label>,
    /// True when the areas were assigned by keyword rules.
    pub areas_auto: bool,
    /// Date in Swedish, or empty.
    pub date: String,
    /// Date as `YYYY-MM-DD`, or empty, for `<time datetime>`.
    pub date_iso: String,
    /// Document title.
    pub document_title: String,
}

/// A slug with its Swedish label and a link to its findings.
#[derive(Debug)]
pub struct Label {
    /// Swedish label.
    pub label: String,
    /// Link to a search filtered on it.
    pub url: String,
}

/// `/findings/{id}`: one finding in its slide's context.
#[derive(Debug, Template)]
#[template(path = "finding.html")]
pub struct FindingPage {
    /// The finding.
    pub finding: HitView,
    /// Its id.
    pub id: String,
    /// Document title.
    pub document_title: String,
    /// Document kind in Swedish.
    pub document_kind: &'static str,
    /// Document date in Swedish, or empty.
    pub document_date: String,
    /// Findings of the same section; `.1` marks the current one.
    pub section: Vec<(HitView, bool)>,
    /// The finding before, if any.
    pub previous: Option<HitView>,
    /// The finding after, if any.
    pub next: Option<HitView>,
}

/// Any error, as a page.
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Short Swedish heading.
    pub heading: &'static str,
    /// Swedish explanation.
    pub message: String,
}

const SORTS: [(Sort, &str); 3] = [
    (Sort::Relevance, "Bäst matchning"),
    (Sort::DateDesc, "Nyast först"),
    (Sort::DateAsc, "Äldst först"),
];

impl SearchPage {
    /// The page for a search and its results.
    pub fn new(results: &SearchResults, taxonomy: &Taxonomy) -> Self {
        let request = &results.request;
        let page = request.offset / request.limit + 1;
        let pages = results.total.div_ceil(request.limit).max(1);
        let page_url = |page: usize| format!("/?{}", search_query_string(request, Some(page)));
        let cleared = SearchRequest {
            text: request.text.clone(),
            sort: request.sort,
            ..SearchRequest::default()
        };
        let active_filters = request.areas.len()
            + request.sources.len()
            + usize::from(request.from.is_some())
            + usize::from(request.to.is_some());
        Self {
            q: request.text.clone(),
            from: request.from.map(|d| d.to_string()).unwrap_or_default(),
            to: request.to.map(|d| d.to_string()).unwrap_or_default(),
            sorts: SORTS
                .iter()
                .map(|&(sort, label)| Choice {
                    value: sort.as_str(),
                    label,
                    selected: sort == request.sort,
                })
                .collect(),
            areas: results.facets.area.clone(),
            sources: results.facets.source.clone(),
            years: results
                .facets
                .year
                .iter()
                .map(|year| YearLink {
                    url: year_url(request, &year.value),
                    year: year.value.clone(),
                    count: year.count,
                    selected: year.selected,
                })
                .collect(),
            filtered: active_filters > 0,
            active_filters,
            clear_url: format!("/?{}", search_query_string(&cleared, None)),
            summary: summary(results),
            first_rank: request.offset + 1,
            hits: results
                .hits
                .iter()
                .map(|hit| HitView::new(hit, taxonomy))
                .collect(),
            pages: Pagination {
                page,
                pages,
                previous: (page > 1).then(|| page_url(page - 1)),
                next: (page < pages && request.offset + request.limit < results.total)
                    .then(|| page_url(page + 1)),
            },
            api_url: format!("/api/v1/search?{}", search_query_string(request, None)),
        }
    }
}

fn year_url(request: &SearchRequest, year: &str) -> String {
    let mut filtered = request.clone();
    let year: i32 = year.parse().unwrap_or_default();
    filtered.from = Date::from_ymd(year, 1, 1);
    filtered.to = Date::from_ymd(year, 12, 31);
    filtered.offset = 0;
    format!("/?{}", search_query_string(&filtered, None))
}

fn summary(results: &SearchResults) -> String {
    let request = &results.request;
    let total = results.total;
    if request.text.trim().is_empty() {
        let order = match request.sort {
            Sort::Relevance | Sort::DateDesc => "nyast först",
            Sort::DateAsc => "äldst först",
        };
        return match total {
            0 => "Inga fynd matchar filtren.".to_owned(),
            _ => format!("{} fynd, {order}.", swedish_number(total)),
        };
    }
    match total {
        0 => format!(
            "Inga träffar för ”{}”. Prova färre eller andra ord, eller ta bort filter.",
            request.text
        ),
        1 => format!("1 träff för ”{}”.", request.text),
        _ => format!("{} träffar för ”{}”.", swedish_number(total), request.text),
    }
}

/// Thousands separated by a (narrow no-break) space, as Swedish writes numbers.
fn swedish_number(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

impl HitView {
    /// A hit with its slugs turned into labels and links.
    pub fn new(hit: &Hit, taxonomy: &Taxonomy) -> Self {
        let filter_url = |key: &str, slug: &str| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair(key, slug);
            format!("/?{}", query.finish())
        };
        Self {
            url: finding_url(&hit.id),
            snippet: hit.snippet.clone(),
            text: hit.text.clone(),
            title: hit.title.clone(),
            location: format!("{} {}", hit.section_kind.label(), hit.section),
            from_heading: hit.from_heading,
            note: hit.note,
            source: Label {
                label: taxonomy
                    .source(&hit.source)
                    .map_or_else(|| hit.source.clone(), |source| source.label.clone()),
                url: filter_url("source", &hit.source),
            },
            areas: hit
                .areas
                .iter()
                .map(|slug| Label {
                    label: taxonomy
                        .area(slug)
                        .map_or_else(|| slug.clone(), |area| area.label.clone()),
                    url: filter_url("area", slug),
                })
                .collect(),
            areas_auto: hit.areas_auto,
            date: hit.date.map(Date::to_swedish).unwrap_or_default(),
            date_iso: hit.date.map(|d| d.to_string()).unwrap_or_default(),
            document_title: hit.document_title.clone(),
        }
    }
}

impl FindingPage {
    /// The page of a finding.
    pub fn new(context: &FindingContext, taxonomy: &Taxonomy) -> Self {
        let document = &context.document;
        Self {
            finding: HitView::new(&context.finding, taxonomy),
            id: context.finding.id.clone(),
            document_title: document.title.clone(),
            document_kind: document.kind.label(),
            document_date: document.date.map(Date::to_swedish).unwrap_or_default(),
            section: context
                .section
                .iter()
                .map(|hit| (HitView::new(hit, taxonomy), hit.id == context.finding.id))
                .collect(),
            previous: context
                .previous
                .as_ref()
                .map(|hit| HitView::new(hit, taxonomy)),
            next: context.next.as_ref().map(|hit| HitView::new(hit, taxonomy)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(swedish_number(7), "7");
        assert_eq!(swedish_number(1234), "1\u{202f}234");
        assert_eq!(swedish_number(1_020_452), "1\u{202f}020\u{202f}452");
    }
}
