//! Running a query: the page of hits in the requested order (with deterministic tie breaks),
//! the total and facet counts in one pass, and the filters as constant-score queries.

use std::cmp::Reverse;
use std::ops::Bound;

use tantivy::collector::{Collector, Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term};

use super::facets::{self, FacetDimension, Facets};
use super::request::{SearchRequest, Sort};
use crate::corpus::{Date, Taxonomy};
use crate::error::{Error, Result};
use crate::schema::{self, Fields};

/// Runs the ranked search with the facet collectors that need no separate pass.
pub(crate) fn collect(
    searcher: &Searcher,
    query: &dyn Query,
    request: &SearchRequest,
    facets: FacetCollectors,
) -> Result<Collected> {
    let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
    match request.sort {
        Sort::Relevance => run(searcher, query, by_relevance(top), facets, |key| {
            Some(key.0)
        }),
        Sort::DateDesc => {
            let ranked = top.order_by(|segment: &SegmentReader| {
                let columns = SortColumns::new(segment);
                move |doc: DocId| {
                    (
                        columns.day(doc, i64::MIN),
                        Reverse(columns.doc_key(doc)),
                        Reverse(columns.position(doc)),
                    )
                }
            });
            run(searcher, query, ranked, facets, |_| None)
        }
        Sort::DateAsc => {
            let ranked = top.order_by(|segment: &SegmentReader| {
                let columns = SortColumns::new(segment);
                move |doc: DocId| {
                    (
                        Reverse(columns.day(doc, i64::MAX)),
                        Reverse(columns.doc_key(doc)),
                        Reverse(columns.position(doc)),
                    )
                }
            });
            run(searcher, query, ranked, facets, |_| None)
        }
    }
}

/// What relevance ranks by: the score, then the date (newer first), the document and the
/// reading order.
pub(crate) type RelevanceKey = (Score, i64, Reverse<u64>, Reverse<u64>);

/// Ranks by score with deterministic tie breaks: equal scores come out in the same order
/// however the index happens to be split into segments.
pub(crate) fn by_relevance(
    top: TopDocs,
) -> impl Collector<Fruit = Vec<(RelevanceKey, DocAddress)>> {
    top.tweak_score(|segment: &SegmentReader| {
        let columns = SortColumns::new(segment);
        move |doc: DocId, score: Score| {
            (
                score,
                columns.day(doc, i64::MIN),
                Reverse(columns.doc_key(doc)),
                Reverse(columns.position(doc)),
            )
        }
    })
}

/// Facet counts with the taxonomy's labels.
pub(crate) fn facets_of(
    counts: [Option<FacetCounts>; 3],
    request: &SearchRequest,
    taxonomy: &Taxonomy,
) -> Facets {
    let [area, source, year] = counts.map(Option::unwrap_or_default);
    Facets {
        area: facets::taxonomy_counts(&area, FacetDimension::Area, taxonomy, &request.areas),
        source: facets::taxonomy_counts(
            &source,
            FacetDimension::Source,
            taxonomy,
            &request.sources,
        ),
        year: facets::year_counts(&year, selected_year(request)),
    }
}

/// Collects a page of hits with a total count and facet counts in one pass.
pub(crate) fn run<C, K>(
    searcher: &Searcher,
    query: &dyn Query,
    ranked: C,
    facets: FacetCollectors,
    score: impl Fn(&K) -> Option<Score>,
) -> Result<Collected>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (ranked, total, (area, source, year)) = searcher
        .search(query, &(ranked, Count, facets))
        .map_err(Error::Search)?;
    let ranked = ranked
        .into_iter()
        .map(|(key, address)| (score(&key), address))
        .collect();
    Ok((ranked, total, [area, source, year]))
}

/// Optional facet collectors for area, source and year, in that order.
pub(crate) type FacetCollectors = (
    Option<FacetCollector>,
    Option<FacetCollector>,
    Option<FacetCollector>,
);

/// A ranked page (score when sorted by relevance), the total, and facet counts.
pub(crate) type Collected = (
    Vec<(Option<Score>, DocAddress)>,
    usize,
    [Option<FacetCounts>; 3],
);

/// The fast-field columns the sort orders read, per segment.
pub(crate) struct SortColumns {
    day: Option<Column<i64>>,
    doc_key: Option<Column<u64>>,
    position: Option<Column<u64>>,
}

impl SortColumns {
    pub(crate) fn new(segment: &SegmentReader) -> Self {
        let fast = segment.fast_fields();
        Self {
            day: fast.i64(schema::DAY).ok(),
            doc_key: fast.u64(schema::DOC_KEY).ok(),
            position: fast.u64(schema::POSITION).ok(),
        }
    }

    pub(crate) fn day(&self, doc: DocId, missing: i64) -> i64 {
        self.day
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(missing)
    }

    pub(crate) fn doc_key(&self, doc: DocId) -> u64 {
        self.doc_key
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or_default()
    }

    pub(crate) fn position(&self, doc: DocId) -> u64 {
        self.position
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or_default()
    }
}

/// The request's filters as queries, one per facet dimension.
pub(crate) struct Filters {
    area: Option<Box<dyn Query>>,
    source: Option<Box<dyn Query>>,
    date: Option<Box<dyn Query>>,
}

impl Filters {
    pub(crate) fn new(request: &SearchRequest, fields: &Fields) -> Self {
        let any_facet = |field, values: &[String]| -> Option<Box<dyn Query>> {
            (!values.is_empty()).then(|| {
                let terms = values
                    .iter()
                    .map(|value| -> Box<dyn Query> {
                        let term = Term::from_facet(field, &Facet::from_path([value.as_str()]));
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                    })
                    .collect();
                Box::new(BooleanQuery::union(terms)) as Box<dyn Query>
            })
        };
        let day_bound = |date: Option<Date>| {
            date.map_or(Bound::Unbounded, |date| {
                Bound::Included(Term::from_field_i64(fields.day, date.to_days()))
            })
        };
        let date = (request.from.is_some() || request.to.is_some()).then(|| {
            Box::new(RangeQuery::new(
                day_bound(request.from),
                day_bound(request.to),
            )) as Box<dyn Query>
        });
        Self {
            area: any_facet(fields.area, &request.areas),
            source: any_facet(fields.source, &request.sources),
            date,
        }
    }

    pub(crate) fn get(&self, dimension: FacetDimension) -> Option<&dyn Query> {
        match dimension {
            FacetDimension::Area => self.area.as_deref(),
            FacetDimension::Source => self.source.as_deref(),
            FacetDimension::Year => self.date.as_deref(),
        }
    }

    /// The text query restricted by every filter except the one of `skip`.
    pub(crate) fn apply(
        &self,
        text: Box<dyn Query>,
        skip: Option<FacetDimension>,
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        for dimension in FacetDimension::ALL {
            if Some(dimension) == skip {
                continue;
            }
            if let Some(filter) = self.get(dimension) {
                // Filters decide membership only; they add nothing to the score.
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The year a request's date filter covers exactly, if it does.
fn selected_year(request: &SearchRequest) -> Option<i32> {
    let (from, to) = (request.from?, request.to?);
    let year = from.year();
    (Date::from_ymd(year, 1, 1) == Some(from) && Date::from_ymd(year, 12, 31) == Some(to))
        .then_some(year)
}
