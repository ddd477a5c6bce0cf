//! Running a query: one pass over its matches that checks the filters against the segment
//! columns, ranks the page ([`super::top`]), counts the total and counts the facets.
//!
//! Filters are checked per match rather than intersected into the query, so that one pass
//! also yields the disjunctive facet counts ([`super::facets`]): a match that fails only
//! the area filter still counts towards the other areas. Intersecting, the search ran the
//! query once more per filtered dimension.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::columns::{Columns, SegmentColumns, SegmentFilters, merge_tallies};
use super::facets::{self, FacetDimension, Facets};
use super::facets::{DIMENSIONS, FacetTally};
use super::segments;
use super::top::{Order, Rank, SegmentTopHits, TopHits};
use crate::corpus::{Date, Taxonomy};
use crate::error::Result;
use crate::request::{SearchRequest, Sort};

/// A ranked page: each hit with its score when sorted by relevance.
pub(crate) type RankedPage = Vec<(Option<Score>, DocAddress)>;

/// A ranked page, the total, and facet counts.
pub(crate) type Collected = (RankedPage, usize, [Option<FacetTally>; DIMENSIONS]);

/// Runs a query with a request's filters, order and page.
pub(crate) fn collect(
    searcher: &Searcher,
    columns: &Columns,
    query: &dyn Query,
    request: &SearchRequest,
) -> Result<Collected> {
    let order = order_of(request.sort);
    let matches = Matches {
        top: TopHits::new(order, request.limit, request.offset, columns),
        filters: Filters::new(request),
        columns: columns.clone(),
    };
    let (ranked, total, counts) = segments::search(searcher, query, &matches)?;
    Ok((scores(order, ranked), total, counts.map(Some)))
}

/// The order a sort asks for.
pub(crate) fn order_of(sort: Sort) -> Order {
    match sort {
        Sort::Relevance => Order::Relevance,
        Sort::DateDesc => Order::NewestFirst,
        Sort::DateAsc => Order::OldestFirst,
    }
}

/// The ranked page with scores where the order is by relevance.
pub(crate) fn scores(order: Order, ranked: Vec<(Rank, DocAddress)>) -> RankedPage {
    ranked
        .into_iter()
        .map(|(rank, address)| ((order == Order::Relevance).then_some(rank.score), address))
        .collect()
}

/// A request's filters: any of the areas, any of the sources, any of the regions, a date
/// range (inclusive).
#[derive(Debug, Clone)]
struct Filters {
    areas: Vec<String>,
    sources: Vec<String>,
    regions: Vec<String>,
    days: Option<(i32, i32)>,
}

impl Filters {
    fn new(request: &SearchRequest) -> Self {
        let days = |date: Option<Date>, unbounded: i32| {
            date.map_or(unbounded, |date| {
                i32::try_from(date.to_days()).unwrap_or(unbounded)
            })
        };
        Self {
            areas: request.areas.clone(),
            sources: request.sources.clone(),
            regions: request.regions.clone(),
            days: (request.from.is_some() || request.to.is_some())
                .then(|| (days(request.from, i32::MIN), days(request.to, i32::MAX))),
        }
    }
}

/// The one collector of a search.
struct Matches {
    top: TopHits,
    filters: Filters,
    columns: Columns,
}

struct SegmentMatches {
    top: SegmentTopHits,
    total: usize,
    columns: Arc<SegmentColumns>,
    filters: SegmentFilters,
    counts: [Vec<u64>; DIMENSIONS],
}

impl Collector for Matches {
    type Fruit = (Vec<(Rank, DocAddress)>, usize, [FacetTally; DIMENSIONS]);
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        ordinal: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let columns = self.columns.of(segment);
        let filters = columns.filters(
            [
                &self.filters.areas,
                &self.filters.sources,
                &[],
                &self.filters.regions,
            ],
            self.filters.days,
        );
        Ok(SegmentMatches {
            top: self.top.for_segment(ordinal, segment)?,
            total: 0,
            counts: columns.facet_counters(),
            filters,
            columns,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.top.requires_scoring()
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut pages = Vec::with_capacity(fruits.len());
        let mut total = 0;
        let mut counts: [Option<FacetTally>; DIMENSIONS] = Default::default();
        counts
            .iter_mut()
            .for_each(|tally| *tally = Some(FacetTally::new()));
        for (page, segment_total, segment_counts) in fruits {
            pages.push(page);
            total += segment_total;
            merge_tallies(&mut counts, segment_counts.map(Some));
        }
        Ok((
            self.top.merge_fruits(pages)?,
            total,
            counts.map(Option::unwrap_or_default),
        ))
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = (Vec<(Rank, DocAddress)>, usize, [FacetTally; DIMENSIONS]);

    fn collect(&mut self, doc: DocId, score: Score) {
        const ALL: u8 = 0b1111;
        match self.columns.failed_filters(doc, &self.filters) {
            0 => {
                self.top.collect(doc, score);
                self.total += 1;
                self.columns.count_facets(doc, &mut self.counts, ALL);
            }
            // Failing one filter only, it still counts in that filter's own dimension.
            only @ (0b0001 | 0b0010 | 0b0100 | 0b1000) => {
                self.columns.count_facets(doc, &mut self.counts, only);
            }
            _ => {}
        }
    }

    fn harvest(self) -> Self::Fruit {
        (
            self.top.harvest(),
            self.total,
            self.columns.tallies(&self.counts),
        )
    }
}

/// Facet counts with the taxonomy's labels.
pub(crate) fn facets_of(
    counts: [Option<FacetTally>; DIMENSIONS],
    request: &SearchRequest,
    taxonomy: &Taxonomy,
) -> Facets {
    let [area, source, year, region] = counts.map(Option::unwrap_or_default);
    let (region, municipality) = facets::region_counts(&region, &request.regions);
    Facets {
        area: facets::taxonomy_counts(&area, FacetDimension::Area, taxonomy, &request.areas),
        source: facets::taxonomy_counts(
            &source,
            FacetDimension::Source,
            taxonomy,
            &request.sources,
        ),
        year: facets::year_counts(&year, selected_year(request)),
        region,
        municipality,
    }
}

/// The year a request's date filter covers exactly, if it does.
fn selected_year(request: &SearchRequest) -> Option<i32> {
    let (from, to) = (request.from?, request.to?);
    let year = from.year();
    (Date::from_ymd(year, 1, 1) == Some(from) && Date::from_ymd(year, 12, 31) == Some(to))
        .then_some(year)
}
