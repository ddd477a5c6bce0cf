//! Where the findings cluster: counts per area and source together, and per date.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

use super::columns::FacetCounter;
use super::results::Overview;
use super::segments;
use super::view::{self, IndexView};
use crate::corpus::Date;
use crate::error::Result;
use crate::schema;

impl IndexView {
    /// Counts per area and source and per date over every finding, counted once per commit.
    ///
    /// # Errors
    /// When the index fails.
    pub fn overview(&self) -> Result<Overview> {
        view::computed_once(&self.overview, || self.count_overview())
    }

    fn count_overview(&self) -> Result<Overview> {
        let manifest = self.manifest();
        let searcher = self.searcher.clone();
        let columns = self.columns()?;
        let areas: Vec<String> = manifest
            .taxonomy
            .areas
            .iter()
            .map(|a| a.slug.clone())
            .collect();
        let sources: Vec<String> = manifest
            .taxonomy
            .sources
            .iter()
            .map(|s| s.slug.clone())
            .collect();
        let mut matrix = vec![vec![0; sources.len()]; areas.len()];
        let mut without_area = vec![0; sources.len()];
        for (column, source) in sources.iter().enumerate() {
            let term = Term::from_facet(self.fields.source, &Facet::from_path([source.as_str()]));
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let counting = (
                FacetCounter::new(&columns, [true, false, false, false]),
                Count,
            );
            let ([area_counts, ..], total) = segments::search(&searcher, &query, &counting)?;
            for (slug, count) in area_counts.unwrap_or_default() {
                if let Some(row) = areas.iter().position(|a| *a == slug) {
                    matrix[row][column] = count;
                }
            }
            // A finding with two areas counts in two rows; findings with none need a pass of their own.
            without_area[column] = if total == 0 {
                0
            } else {
                self.count_without_area(&searcher, &query)?
            };
        }
        let days = segments::search(&searcher, &AllQuery, &DayCounts)?;
        let timeline = days
            .into_iter()
            .filter_map(|(day, count)| Some((Date::from_days(day)?, count)))
            .collect();
        Ok(Overview {
            areas,
            sources,
            matrix,
            without_area,
            timeline,
        })
    }

    /// Findings matching `base` that have no area at all.
    fn count_without_area(&self, searcher: &tantivy::Searcher, base: &TermQuery) -> Result<u64> {
        let total = segments::count(searcher, base)?;
        let any_area: Vec<Box<dyn Query>> = self
            .manifest()
            .taxonomy
            .areas
            .iter()
            .map(|area| -> Box<dyn Query> {
                let term =
                    Term::from_facet(self.fields.area, &Facet::from_path([area.slug.as_str()]));
                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
            })
            .collect();
        if any_area.is_empty() {
            return Ok(total);
        }
        let tagged = BooleanQuery::intersection(vec![
            Box::new(base.clone()),
            Box::new(BooleanQuery::union(any_area)),
        ]);
        let with = segments::count(searcher, &tagged)?;
        Ok(total - with)
    }
}

/// Counts matching findings per day.
struct DayCounts;

struct DaySegment {
    day: Option<Column<i64>>,
    counts: BTreeMap<i64, u64>,
}

impl Collector for DayCounts {
    type Fruit = BTreeMap<i64, u64>;
    type Child = DaySegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<DaySegment> {
        Ok(DaySegment {
            day: segment.fast_fields().i64(schema::DAY).ok(),
            counts: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeMap<i64, u64>>) -> tantivy::Result<BTreeMap<i64, u64>> {
        let mut all = BTreeMap::new();
        for fruit in fruits {
            for (day, count) in fruit {
                *all.entry(day).or_default() += count;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = BTreeMap<i64, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(day) = self.day.as_ref().and_then(|column| column.first(doc)) {
            *self.counts.entry(day).or_default() += 1;
        }
    }

    fn harvest(self) -> BTreeMap<i64, u64> {
        self.counts
    }
}
