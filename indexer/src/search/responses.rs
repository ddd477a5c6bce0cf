//! Feedback on a finding, a document or an area: the documents whose `responds_to` names
//! it, read from the manifest (only those the view's audience may read are in it).

use std::collections::HashSet;

use super::documents::DocumentView;
use super::view::IndexView;
use crate::corpus::{RespondsTo, Target};
use crate::manifest::DocumentSummary;

impl IndexView {
    /// The documents that answer `target`, newest first (by date, then by when they were
    /// added).
    pub fn responses_to(&self, target: &RespondsTo) -> Vec<DocumentSummary> {
        self.responses_where(|answered| answered == target)
    }

    /// The documents that answer a document or any of its findings, newest first: the
    /// feedback a document's page lists. The findings are the view's own, already read for
    /// the page; no finding is looked up again.
    pub fn responses_to_document(&self, document: &DocumentView) -> Vec<DocumentSummary> {
        let id = document.document.id.as_str();
        let finding_ids: HashSet<&str> = document
            .sections
            .iter()
            .flat_map(|section| &section.findings)
            .map(|hit| hit.id.as_str())
            .collect();
        self.responses_where(|answered| match answered.target() {
            Target::Document => answered.id() == id,
            Target::Finding => finding_ids.contains(answered.id()),
            Target::Area | Target::Description => false,
        })
    }

    fn responses_where(&self, answers: impl Fn(&RespondsTo) -> bool) -> Vec<DocumentSummary> {
        let mut responses: Vec<DocumentSummary> = self
            .manifest()
            .documents
            .iter()
            .filter(|document| document.responds_to.as_ref().is_some_and(&answers))
            .cloned()
            .collect();
        responses.sort_by(|a, b| {
            let added = |d: &DocumentSummary| d.added.as_ref().map(|added| added.at);
            (b.date, added(b), &a.id).cmp(&(a.date, added(a), &b.id))
        });
        responses
    }
}
