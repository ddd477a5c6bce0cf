//! A finding's page: the finding, its citation, its slide, its neighbours and its relatives.

use askama::Template;
use indexer::{Date, FindingContext, RelatedResults, Taxonomy};

use super::{HitView, RelatedView};
use crate::citation::Citation;

/// `/findings/{id}`: one finding in its slide's context.
#[derive(Debug, Template)]
#[template(path = "finding.html")]
pub struct FindingPage {
    /// The finding.
    pub finding: HitView,
    /// Its id.
    pub id: String,
    /// Its permanent link, absolute: what is pasted into a draft.
    pub permalink: String,
    /// Its citations.
    pub citation: Citation,
    /// Document title.
    pub document_title: String,
    /// Document kind in Swedish.
    pub document_kind: &'static str,
    /// Document date in Swedish, or empty.
    pub document_date: String,
    /// Members-only material says so: its status in Swedish.
    pub restricted: Option<&'static str>,
    /// Findings of the same section; `.1` marks the current one.
    pub section: Vec<(HitView, bool)>,
    /// The finding before, if any.
    pub previous: Option<HitView>,
    /// The finding after, if any.
    pub next: Option<HitView>,
    /// The most related findings.
    pub related: Vec<RelatedView>,
    /// The draft assistant with this finding chosen.
    pub draft_url: String,
    /// Feedback that answers this finding, newest first.
    pub responses: Vec<super::ResponseView>,
    /// The feedback form on this finding.
    pub feedback_url: String,
}

impl FindingPage {
    /// The page of a finding; `base_url` makes the citation's link absolute.
    pub fn new(
        context: &FindingContext,
        related: &RelatedResults,
        taxonomy: &Taxonomy,
        base_url: &str,
    ) -> Self {
        let document = &context.document;
        let view = |hit| HitView::new(hit, taxonomy);
        let mut draft = form_urlencoded::Serializer::new(String::new());
        draft.append_pair("ids", &context.finding.id);
        Self {
            finding: view(&context.finding),
            id: context.finding.id.clone(),
            permalink: crate::citation::permalink(base_url, &context.finding.id),
            citation: Citation::new(&context.finding, taxonomy, base_url),
            document_title: document.title.clone(),
            document_kind: document.kind.label(),
            document_date: document.date.map(Date::to_swedish).unwrap_or_default(),
            restricted: super::restricted(document.status),
            section: context
                .section
                .iter()
                .map(|hit| (view(hit), hit.id == context.finding.id))
                .collect(),
            previous: context.previous.as_ref().map(view),
            next: context.next.as_ref().map(view),
            related: related
                .hits
                .iter()
                .map(|related| RelatedView::new(related, taxonomy))
                .collect(),
            draft_url: format!("/utkast?{}", draft.finish()),
            responses: Vec::new(),
            feedback_url: super::feedback_url(&crate::links::finding_url(&context.finding.id)),
        }
    }
}
