//! Written feedback: the form (`/aterkoppling`) and the list of feedback beside what it
//! answers.

use askama::Template;
use indexer::{DocumentSummary, Status, Taxonomy};

use super::form::{RegionGroup, Selectable, area_choices, region_groups, status_choices};
use crate::links::document_url;

/// What a piece of feedback answers, as the form shows it.
#[derive(Debug, Clone)]
pub struct TargetView {
    /// The permalink path, sent with the form.
    pub path: String,
    /// "Fyndet …", "Dokumentet …" or "Området …".
    pub label: String,
    /// For a part of an area description, the questions the group reviews it by.
    pub questions: &'static [&'static str],
}

/// `/aterkoppling`: write feedback, optionally on a finding, a document or an area.
#[derive(Debug, Template)]
#[template(path = "feedback.html")]
pub struct FeedbackPage {
    /// What it answers, when it answers something.
    pub target: Option<TargetView>,
    /// The text as written so far.
    pub text: String,
    /// The title as written so far.
    pub title: String,
    /// `YYYY-MM-DD`: today unless chosen.
    pub date: String,
    /// The areas, ticked as chosen (or as the finding or area answered has them).
    pub areas: Vec<Selectable>,
    /// Counties and municipalities.
    pub regions: &'static [RegionGroup],
    /// The chosen region's code, or empty.
    pub region: String,
    /// Statuses, for editors; working material chosen.
    pub statuses: Vec<Selectable>,
    /// Whether the writer may choose a status (an editor).
    pub editor: bool,
    /// Whether this server can add anything.
    pub enabled: bool,
    /// Why the last try was refused; what was written is kept in the form.
    pub error: Option<String>,
}

impl FeedbackPage {
    /// An empty form over a taxonomy, areas ticked as `checked` says.
    pub fn new(taxonomy: &Taxonomy, checked: &[String], editor: bool, enabled: bool) -> Self {
        Self {
            target: None,
            text: String::new(),
            title: String::new(),
            date: indexer::Date::today().to_string(),
            areas: area_choices(taxonomy, checked),
            regions: region_groups(),
            region: String::new(),
            statuses: status_choices(Status::Arbetsmaterial),
            editor,
            enabled,
            error: None,
        }
    }
}

/// A piece of feedback listed beside what it answers.
#[derive(Debug, Clone)]
pub struct ResponseView {
    /// Its title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// Its date in Swedish, or empty.
    pub date: String,
    /// Who wrote it (added it), or empty for a file put in place by hand.
    pub by: String,
    /// Its county or municipality, or empty.
    pub region: String,
    /// Its status when it is for members only ("arbetsmaterial").
    pub restricted: Option<&'static str>,
}

impl ResponseView {
    /// Every response, as listed.
    pub fn all(responses: &[DocumentSummary]) -> Vec<Self> {
        responses
            .iter()
            .map(|document| Self {
                title: document.title.clone(),
                url: document_url(&document.id),
                date: document
                    .date
                    .map(indexer::Date::to_swedish)
                    .unwrap_or_default(),
                by: document
                    .added
                    .as_ref()
                    .map(|added| added.by.clone())
                    .unwrap_or_default(),
                region: document
                    .region
                    .as_ref()
                    .map(indexer::Region::label)
                    .unwrap_or_default(),
                restricted: (!document.status.is_published()).then(|| document.status.slug()),
            })
            .collect()
    }
}

/// The link that opens the feedback form on `path` (a permalink path).
pub fn feedback_url(path: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("responds_to", path);
    format!("/aterkoppling?{}", query.finish())
}
