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
    /// Where each area's description stands.
    pub descriptions: Vec<DescriptionRow>,
}

/// One area's description on the overview: status, round, deadline, open feedback.
#[derive(Debug)]
pub struct DescriptionRow {
    /// The area's slug.
    pub slug: String,
    /// The area's label.
    pub label: String,
    /// "Utkast", "Ute för återkoppling till …", "Omarbetas", "Godkänd", or "Ingen text än".
    pub status: String,
    /// The current version, 0 when none.
    pub version: u32,
    /// "Omgång 2", or empty.
    pub round: String,
    /// The last round's deadline, or empty.
    pub deadline: String,
    /// Feedback not yet marked inarbetad or ej inarbetad.
    pub unanswered: usize,
}

impl DescriptionRow {
    /// The row of `area` (slug, label), from its description if it has one, on `today`.
    pub fn new(
        slug: &str,
        label: &str,
        description: Option<&indexer::description::Description>,
        today: indexer::Date,
        unanswered: usize,
    ) -> Self {
        match description {
            Some(description) => Self {
                slug: slug.to_owned(),
                label: label.to_owned(),
                status: description.stage(today).label(),
                version: description.current_number(),
                round: description
                    .current_round()
                    .map(|round| format!("Omgång {}", round.number))
                    .unwrap_or_default(),
                deadline: description
                    .current_round()
                    .map(|round| round.deadline.to_swedish())
                    .unwrap_or_default(),
                unanswered,
            },
            None => Self {
                slug: slug.to_owned(),
                label: label.to_owned(),
                status: "Ingen text än".to_owned(),
                version: 0,
                round: String::new(),
                deadline: String::new(),
                unanswered: 0,
            },
        }
    }
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
            descriptions: Vec::new(),
        }
    }
}
