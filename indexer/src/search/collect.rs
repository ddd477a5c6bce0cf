//! Running a query: the page of hits in the requested order ([`super::top`]),
//! the total and facet counts in one pass, and the filters as constant-score queries.

use std::ops::Bound;

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, Score, Searcher, Term};

use super::columns::{Columns, FacetCounter, FacetTally};
use super::facets::{self, FacetDimension, Facets};
use super::request::{SearchRequest, Sort};
use super::top::{Order, TopHits};
use crate::corpus::{Date, Taxonomy};
use crate::error::{Error, Result};
use crate::schema::Fields;

/// Runs the ranked search with the facet counts that need no separate pass.
pub(crate) fn collect(
    searcher: &Searcher,
    columns: &Columns,
    query: &dyn Query,
    request: &SearchRequest,
    facets: [bool; 3],
) -> Result<Collected> {
    let order = match request.sort {
        Sort::Relevance => Order::Relevance,
        Sort::DateDesc => Order::NewestFirst,
        Sort::DateAsc => Order::OldestFirst,
    };
    let top = TopHits::new(order, request.limit, request.offset, columns);
    let (ranked, total, counts) = searcher
        .search(query, &(top, Count, FacetCounter::new(columns, facets)))
        .map_err(Error::Search)?;
    let ranked = ranked
        .into_iter()
        .map(|(rank, address)| ((order == Order::Relevance).then_some(rank.score), address))
        .collect();
    Ok((ranked, total, counts))
}

/// Facet counts with the taxonomy's labels.
pub(crate) fn facets_of(
    counts: [Option<FacetTally>; 3],
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

/// A ranked page (score when sorted by relevance), the total, and facet counts.
pub(crate) type Collected = (
    Vec<(Option<Score>, DocAddress)>,
    usize,
    [Option<FacetTally>; 3],
);

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
