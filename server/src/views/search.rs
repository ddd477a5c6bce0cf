//! The search page.

use askama::Template;
use indexer::{Date, FacetCount, SearchRequest, SearchResults, Sort, Taxonomy};

use super::{HitView, Pagination, swedish_number};
use crate::basket::Basket;
use crate::citation::Citation;
use crate::error::ApiError;
use crate::links::feed_url;
use crate::params::{Param, feed_query_string, search_query_string};

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
    /// County checkboxes (those with hits or chosen), each with its municipalities'.
    pub regions: Vec<RegionOption>,
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
    /// The hits of this page, each with what can be done with it.
    pub hits: Vec<SearchHit>,
    /// Rank of the first hit on this page (for `<ol start>`).
    pub first_rank: usize,
    /// Paging links.
    pub pages: Pagination,
    /// The same search in the JSON API.
    pub api_url: String,
    /// The Atom feed of the search's newest findings.
    pub feed_url: String,
    /// Misspelt words and the index's words searched instead.
    pub searched_as: Vec<(String, String)>,
    /// Each word alone, when little is found.
    pub word_counts: Vec<WordLink>,
    /// "Menade du …?": the corrected query, its search and what it finds.
    pub did_you_mean: Option<WordLink>,
    /// When no finding has every word: the number with some of them, and the best of those.
    pub partial: Option<(String, Vec<SearchHit>)>,
    /// Values the search had to leave out, by field.
    pub errors: FieldErrors,
    /// The filters in force, each with a link that removes it.
    pub chips: Vec<Chip>,
    /// The draft basket.
    pub basket: BasketView,
    /// The start page (no words, no filters, first page): areas first, then the latest.
    pub start: bool,
    /// Each area with findings, linking to them: what the start page leads with.
    pub area_links: Vec<WordLink>,
}

/// A hit of the search page and the actions beside it.
#[derive(Debug)]
pub struct SearchHit {
    /// The hit.
    pub hit: HitView,
    /// The citation as one line of text, for "Kopiera citat".
    pub cite_text: String,
    /// The citation as HTML (a link on the quote), for pasting into Word or Outlook.
    pub cite_html: String,
    /// The finding's citation section: where "Kopiera citat" leads without JavaScript.
    pub cite_url: String,
    /// Whether the finding is in the draft basket.
    pub in_basket: bool,
    /// The link that puts it in the basket, or takes it out.
    pub basket_url: String,
    /// For editors: the parts of its areas' descriptions it can be used in
    /// (`{area}#{part}`), the part it fits chosen.
    pub use_targets: Vec<super::Selectable>,
}

/// The draft basket as the search page shows it.
#[derive(Debug, Default)]
pub struct BasketView {
    /// Findings in it.
    pub count: usize,
    /// `/utkast` with them ticked.
    pub draft_url: String,
    /// The link that empties it and comes back here.
    pub clear_url: String,
}

/// What the page needs beyond the results to offer actions on its hits.
#[derive(Debug, Clone, Copy)]
pub struct HitContext<'a> {
    /// The caller's basket.
    pub basket: &'a Basket,
    /// Scheme and host, for absolute permalinks in citations.
    pub base_url: &'a str,
    /// Whether the caller is an editor, who may use a finding in an area description.
    pub editor: bool,
}

/// A filter in force, shown beside the count.
#[derive(Debug)]
pub struct Chip {
    /// "Område: Landsbygden", "Från 2016-12-01".
    pub label: String,
    /// The same search without it.
    pub remove_url: String,
}

/// A search for a word (or a corrected query) with what it finds.
#[derive(Debug)]
pub struct WordLink {
    /// The word or query.
    pub text: String,
    /// Its search.
    pub url: String,
    /// "8 fynd".
    pub count: String,
    /// Under filters: what it finds without them ("26 fynd utan filter") and that search.
    pub unfiltered: Option<(String, String)>,
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

const SORTS: [(Sort, &str); 3] = [
    (Sort::Relevance, "Bästa matchning"),
    (Sort::DateDesc, "Nyast först"),
    (Sort::DateAsc, "Äldst först"),
];

impl SearchPage {
    /// The page for a search and its results.
    pub fn new(results: &SearchResults, taxonomy: &Taxonomy, context: HitContext<'_>) -> Self {
        let request = &results.request;
        let help = &results.help;
        let page_url = |page: usize| format!("/?{}", search_query_string(request, Some(page)));
        let number = (request.offset > 0).then(|| request.offset / request.limit.max(1) + 1);
        let here = match search_query_string(request, number) {
            query if query.is_empty() => "/".to_owned(),
            query => format!("/?{query}"),
        };
        let search_hit = |hit| SearchHit::new(hit, taxonomy, context, &here);
        let cleared = SearchRequest {
            text: request.text.clone(),
            sort: request.sort,
            ..SearchRequest::default()
        };
        let active_filters = request.areas.len()
            + request.sources.len()
            + request.regions.len()
            + usize::from(request.from.is_some())
            + usize::from(request.to.is_some());
        Self {
            q: request.text.clone(),
            from: request.from.map(|d| d.to_string()).unwrap_or_default(),
            to: request.to.map(|d| d.to_string()).unwrap_or_default(),
            sorts: sort_choices(request),
            areas: results.facets.area.clone(),
            sources: results.facets.source.clone(),
            regions: RegionOption::of(&results.facets),
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
            hits: results.hits.iter().map(search_hit).collect(),
            pages: Pagination::new(request.page(), results.total, page_url),
            api_url: format!("/api/v1/search?{}", search_query_string(request, None)),
            feed_url: feed_url(&feed_query_string(request)),
            searched_as: help
                .words
                .iter()
                .filter_map(|word| Some((word.word.clone(), word.searched_as.clone()?)))
                .collect(),
            word_counts: if help.words.len() > 1 || results.total == 0 {
                help.words
                    .iter()
                    .filter_map(|word| {
                        Some(WordLink {
                            text: word.word.clone(),
                            url: search_url(request, &word.word),
                            count: findings(word.findings?),
                            unfiltered: word.unfiltered.map(|count| {
                                (
                                    format!("{} utan filter", findings(count)),
                                    unfiltered_url(&word.word),
                                )
                            }),
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            },
            did_you_mean: help.did_you_mean.as_ref().map(|correction| WordLink {
                text: correction.text.clone(),
                url: search_url(request, &correction.text),
                count: findings(correction.total),
                unfiltered: None,
            }),
            partial: help
                .partial
                .as_ref()
                .filter(|p| p.total > 0)
                .map(|partial| {
                    (
                        findings(partial.total),
                        partial.hits.iter().map(search_hit).collect(),
                    )
                }),
            errors: FieldErrors::default(),
            chips: chips(request, taxonomy),
            start: request.text.trim().is_empty() && active_filters == 0 && request.offset == 0,
            area_links: results
                .facets
                .area
                .iter()
                .filter(|area| area.count > 0)
                .map(|area| WordLink {
                    text: area.label.clone(),
                    url: super::filter_url("area", &area.value),
                    count: findings(usize::try_from(area.count).unwrap_or(usize::MAX)),
                    unfiltered: None,
                })
                .collect(),
            basket: BasketView {
                count: context.basket.ids().len(),
                draft_url: context.basket.draft_url(),
                clear_url: basket_link("tom", None, &here),
            },
        }
    }
}

impl SearchHit {
    /// A hit with its citation and basket link; `here` is the page to come back to.
    fn new(hit: &indexer::Hit, taxonomy: &Taxonomy, context: HitContext<'_>, here: &str) -> Self {
        let citation = Citation::new(hit, taxonomy, context.base_url);
        let in_basket = context.basket.contains(&hit.id);
        let action = if in_basket { "ta-bort" } else { "lagg-till" };
        let view = HitView::new(hit, taxonomy);
        Self {
            cite_url: format!("{}#citation-heading", view.url),
            basket_url: basket_link(action, Some(&hit.id), &format!("{here}#{}", hit.id)),
            hit: view,
            cite_text: citation.text,
            cite_html: citation.html,
            in_basket,
            use_targets: if context.editor {
                use_targets(hit, taxonomy)
            } else {
                Vec::new()
            },
        }
    }
}

/// Every part of the hit's areas' descriptions, the one its rule proposes chosen.
fn use_targets(hit: &indexer::Hit, taxonomy: &Taxonomy) -> Vec<super::Selectable> {
    let fitted = crate::resolved::fit_of(hit).part;
    let mut targets = Vec::new();
    for (index, slug) in hit.areas.iter().enumerate() {
        let label = taxonomy
            .area(slug)
            .map_or(slug.as_str(), |area| area.label.as_str());
        for part in indexer::description::Part::ALL {
            targets.push(super::Selectable {
                option: super::FormOption {
                    value: format!("{slug}#{}", part.slug()),
                    label: format!("{label} – {}", part.heading()),
                },
                selected: index == 0 && part == fitted,
            });
        }
    }
    targets
}

/// A link that changes the basket (`lagg-till`, `ta-bort`, `tom`) and comes back to `back`.
fn basket_link(action: &str, id: Option<&str>, back: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(id) = id {
        query.append_pair("id", id);
    }
    query.append_pair("tillbaka", back);
    format!("/utkast/{action}?{}", query.finish())
}

fn year_url(request: &SearchRequest, year: &str) -> String {
    let mut filtered = request.clone();
    let year: i32 = year.parse().unwrap_or_default();
    filtered.from = Date::from_ymd(year, 1, 1);
    filtered.to = Date::from_ymd(year, 12, 31);
    filtered.offset = 0;
    format!("/?{}", search_query_string(&filtered, None))
}

/// One chip per filter value, each linking to the search without it.
fn chips(request: &SearchRequest, taxonomy: &Taxonomy) -> Vec<Chip> {
    let without = |change: &dyn Fn(&mut SearchRequest)| {
        let mut other = request.clone();
        change(&mut other);
        other.offset = 0;
        format!("/?{}", search_query_string(&other, None))
    };
    let mut chips = Vec::new();
    for slug in &request.areas {
        let label = taxonomy
            .area(slug)
            .map_or(slug.as_str(), |area| area.label.as_str());
        chips.push(Chip {
            label: format!("Område: {label}"),
            remove_url: without(&|other| other.areas.retain(|a| a != slug)),
        });
    }
    for slug in &request.sources {
        let label = taxonomy
            .source(slug)
            .map_or(slug.as_str(), |source| source.label.as_str());
        chips.push(Chip {
            label: format!("Källa: {label}"),
            remove_url: without(&|other| other.sources.retain(|s| s != slug)),
        });
    }
    for code in &request.regions {
        let label = indexer::Regions::all().name(code).unwrap_or(code);
        chips.push(Chip {
            label: format!("Region: {label}"),
            remove_url: without(&|other| other.regions.retain(|r| r != code)),
        });
    }
    if let Some(from) = request.from {
        chips.push(Chip {
            label: format!("Från {from}"),
            remove_url: without(&|other| other.from = None),
        });
    }
    if let Some(to) = request.to {
        chips.push(Chip {
            label: format!("Till {to}"),
            remove_url: without(&|other| other.to = None),
        });
    }
    chips
}

/// A search for another text with the same filters.
fn search_url(request: &SearchRequest, text: &str) -> String {
    let other = SearchRequest {
        text: text.to_owned(),
        offset: 0,
        ..request.clone()
    };
    format!("/?{}", search_query_string(&other, None))
}

/// The search for `text` alone, without filters.
fn unfiltered_url(text: &str) -> String {
    format!("/?{}", search_query_string(&SearchRequest::new(text), None))
}

/// "1 fynd", "1 234 fynd".
fn findings(count: usize) -> String {
    format!("{} fynd", swedish_number(count))
}

/// The order the hits are really in: without words there is nothing to match, and the
/// best match is the newest finding first.
/// The sort menu. Without words, best match is newest first, so the menu offers newest and
/// oldest first, the former sent as the default: a search typed from the start page is then
/// ranked by best match, not by date.
fn sort_choices(request: &SearchRequest) -> Vec<Choice> {
    let shown = shown_sort(request);
    if request.text.trim().is_empty() {
        return vec![
            Choice {
                value: Sort::Relevance.as_str(),
                label: "Nyast först",
                selected: shown == Sort::DateDesc,
            },
            Choice {
                value: Sort::DateAsc.as_str(),
                label: "Äldst först",
                selected: shown == Sort::DateAsc,
            },
        ];
    }
    SORTS
        .iter()
        .map(|&(sort, label)| Choice {
            value: sort.as_str(),
            label,
            selected: sort == shown,
        })
        .collect()
}

fn shown_sort(request: &SearchRequest) -> Sort {
    match request.sort {
        Sort::Relevance if request.text.trim().is_empty() => Sort::DateDesc,
        sort => sort,
    }
}

fn summary(results: &SearchResults) -> String {
    let request = &results.request;
    let total = results.total;
    if request.text.trim().is_empty() {
        let order = match shown_sort(request) {
            Sort::DateAsc => "äldst först",
            Sort::Relevance | Sort::DateDesc => "nyast först",
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

/// A county to filter on, with the municipalities in it that have hits.
#[derive(Debug, Clone)]
pub struct RegionOption {
    /// The county.
    pub county: FacetCount,
    /// Its municipalities with hits or chosen.
    pub municipalities: Vec<FacetCount>,
}

impl RegionOption {
    /// The counties of a search's facets, each with its municipalities; a municipality
    /// whose county has no entry of its own (it cannot, but counts are data) is left out.
    fn of(facets: &indexer::Facets) -> Vec<Self> {
        facets
            .region
            .iter()
            .map(|county| Self {
                municipalities: facets
                    .municipality
                    .iter()
                    .filter(|municipality| municipality.value.starts_with(&county.value))
                    .cloned()
                    .collect(),
                county: county.clone(),
            })
            .collect()
    }
}

/// Messages beside the fields of the search form, in Swedish, for values the search had to
/// leave out.
#[derive(Debug, Default)]
pub struct FieldErrors {
    /// About the text (a filter written in it).
    pub text: Option<String>,
    /// About an area filter.
    pub area: Option<String>,
    /// About a source filter.
    pub source: Option<String>,
    /// About a region filter.
    pub region: Option<String>,
    /// About `from`.
    pub from: Option<String>,
    /// About `to`.
    pub to: Option<String>,
    /// About the order.
    pub sort: Option<String>,
    /// About the page or page size.
    pub paging: Option<String>,
}

impl FieldErrors {
    /// Notes a mistake in a field; the search went on without the value.
    pub fn note(&mut self, param: Param, error: &ApiError) {
        let slot = match param {
            Param::Text => &mut self.text,
            Param::Area => &mut self.area,
            Param::Source => &mut self.source,
            Param::Region => &mut self.region,
            Param::From => &mut self.from,
            Param::To => &mut self.to,
            Param::Sort => &mut self.sort,
            Param::Paging => &mut self.paging,
        };
        let left_out = match param {
            Param::Sort => " Träffarna visas i bästa matchning.",
            Param::Paging => " Första sidan visas.",
            _ => " Sökningen gjordes utan det.",
        };
        let message = format!("{}{left_out}", error.swedish_message());
        match slot {
            Some(earlier) => {
                earlier.push(' ');
                earlier.push_str(&message);
            }
            None => *slot = Some(message),
        }
    }

    /// The fields with a message.
    pub fn count(&self) -> usize {
        [
            &self.text,
            &self.area,
            &self.source,
            &self.region,
            &self.from,
            &self.to,
            &self.sort,
            &self.paging,
        ]
        .iter()
        .filter(|slot| slot.is_some())
        .count()
    }

    /// Whether every value could be used.
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }
}
