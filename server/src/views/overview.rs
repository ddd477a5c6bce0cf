//! `/oversikt`: where the challenges cluster, drawn.

use askama::Template;
use indexer::{Overview, Taxonomy};

use super::chart::{Entry, HeatMap, Timeline};
use super::swedish_number;

/// The overview page: a heat map of areas × sources and a timeline.
#[derive(Debug, Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    /// One line on the whole index.
    pub summary: String,
    /// Findings per area and source.
    pub heat: HeatMap,
    /// Findings with no area, per source (label, count).
    pub without_area: Vec<(String, u64)>,
    /// Findings over time; none when nothing is dated.
    pub timeline: Option<Timeline>,
    /// Findings without a date.
    pub undated: u64,
}

impl OverviewPage {
    /// The page for an overview of the index holding `total` findings.
    pub fn new(overview: &Overview, taxonomy: &Taxonomy, total: u64) -> Self {
        let entries = |slugs: &[String], label: &dyn Fn(&str) -> Option<String>| {
            slugs
                .iter()
                .map(|slug| Entry {
                    label: label(slug).unwrap_or_else(|| slug.clone()),
                    slug: slug.clone(),
                })
                .collect::<Vec<_>>()
        };
        let areas = entries(&overview.areas, &|slug| {
            taxonomy.area(slug).map(|area| area.label.clone())
        });
        let sources = entries(&overview.sources, &|slug| {
            taxonomy.source(slug).map(|source| source.label.clone())
        });
        let dated: u64 = overview.timeline.iter().map(|(_, count)| count).sum();
        Self {
            summary: format!(
                "{} fynd från {} källor i {} områden.",
                swedish_number(usize::try_from(total).unwrap_or(usize::MAX)),
                sources.len(),
                areas.len()
            ),
            heat: HeatMap::new(&areas, &sources, &overview.matrix),
            without_area: sources
                .iter()
                .zip(&overview.without_area)
                .map(|(source, count)| (source.label.clone(), *count))
                .collect(),
            timeline: Timeline::new(&overview.timeline),
            undated: total.saturating_sub(dated),
        }
    }
}
