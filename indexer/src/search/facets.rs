//! Facet counts: how many of the current hits fall in each area, source and year.
//!
//! Counts are disjunctive: a dimension's counts ignore that dimension's own filter (but
//! apply every other), so that ticking `landsbygd` still shows how many hits ticking
//! `samverkan` as well would add. Without a filter on a dimension, its counts add up
//! exactly to the hits of the current query.

use std::collections::HashMap;

use serde::Serialize;

use crate::corpus::{Place, Regions, Taxonomy};
use crate::schema;

/// How many facet dimensions there are: [`FacetDimension::ALL`]'s length.
pub(crate) const DIMENSIONS: usize = 4;

/// Counts per top-level value of a facet.
pub(crate) type FacetTally = HashMap<String, u64>;

/// One value of a facet and the number of hits that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// Slug (area, source), year or SCB code (region).
    pub value: String,
    /// Swedish label for the UI.
    pub label: String,
    /// Number of findings.
    pub count: u64,
    /// Whether the request filters on this value.
    pub selected: bool,
}

/// Counts for every facet dimension.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Every declared area, in taxonomy order.
    pub area: Vec<FacetCount>,
    /// Every declared source, in taxonomy order.
    pub source: Vec<FacetCount>,
    /// Years with hits, newest first.
    pub year: Vec<FacetCount>,
    /// Counties with hits (or filtered on), in SCB code order.
    pub region: Vec<FacetCount>,
    /// Municipalities with hits (or filtered on), in SCB code order.
    pub municipality: Vec<FacetCount>,
}

/// A facet dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetDimension {
    /// Challenge areas.
    Area,
    /// Sources.
    Source,
    /// Years of the finding dates.
    Year,
    /// Counties and municipalities, by SCB code.
    Region,
}

impl FacetDimension {
    /// All dimensions.
    pub const ALL: [Self; DIMENSIONS] = [Self::Area, Self::Source, Self::Year, Self::Region];

    pub(crate) fn field_name(self) -> &'static str {
        match self {
            Self::Area => schema::AREA,
            Self::Source => schema::SOURCE,
            Self::Year => schema::YEAR,
            Self::Region => schema::REGION,
        }
    }
}

/// Area or source counts, one entry per taxonomy value including those without hits.
pub(crate) fn taxonomy_counts(
    counts: &FacetTally,
    dimension: FacetDimension,
    taxonomy: &Taxonomy,
    selected: &[String],
) -> Vec<FacetCount> {
    let categories = match dimension {
        FacetDimension::Area => &taxonomy.areas,
        FacetDimension::Source | FacetDimension::Year | FacetDimension::Region => &taxonomy.sources,
    };
    categories
        .iter()
        .map(|category| FacetCount {
            value: category.slug.clone(),
            label: category.label.clone(),
            count: counts.get(&category.slug).copied().unwrap_or(0),
            selected: selected.contains(&category.slug),
        })
        .collect()
}

/// Year counts, newest first; a year is selected when the date filter is exactly that year.
pub(crate) fn year_counts(counts: &FacetTally, selected_year: Option<i32>) -> Vec<FacetCount> {
    let mut years: Vec<FacetCount> = counts
        .iter()
        .map(|(value, &count)| FacetCount {
            selected: selected_year.is_some_and(|year| year.to_string() == *value),
            label: value.clone(),
            value: value.clone(),
            count,
        })
        .collect();
    years.sort_by(|a, b| b.value.cmp(&a.value));
    years
}

/// County and municipality counts, each in SCB code order: those with hits and those the
/// request filters on.
pub(crate) fn region_counts(
    counts: &FacetTally,
    selected: &[String],
) -> (Vec<FacetCount>, Vec<FacetCount>) {
    // Most corpora say no region: nothing to look up then.
    if counts.is_empty() && selected.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let regions = Regions::all();
    let shown = |places: &[Place]| {
        places
            .iter()
            .filter_map(|place| {
                let count = counts.get(&place.code).copied().unwrap_or(0);
                let selected = selected.contains(&place.code);
                (count > 0 || selected).then(|| FacetCount {
                    value: place.code.clone(),
                    label: place.name.clone(),
                    count,
                    selected,
                })
            })
            .collect()
    };
    (shown(&regions.counties), shown(&regions.municipalities))
}
