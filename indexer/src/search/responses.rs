//! Feedback on a finding, a document or an area: the documents whose `responds_to` names
//! it, read from the manifest (only those the view's audience may read are in it).

use super::view::IndexView;
use crate::corpus::{RespondsTo, Target};
use crate::error::Result;
use crate::manifest::DocumentSummary;

impl IndexView {
    /// The documents that answer `target`, newest first (by date, then by when they were
    /// added).
    pub fn responses_to(&self, target: &RespondsTo) -> Vec<DocumentSummary> {
        self.responses_where(|answered| answered == target)
    }

    /// The documents that answer a document or any of its findings, newest first: the
    /// feedback a document's page lists.
    ///
    /// # Errors
    /// When the index fails while finding which document an answered finding is in.
    pub fn responses_to_document(&self, document_id: &str) -> Result<Vec<DocumentSummary>> {
        let mut findings_of_document = Vec::new();
        for answered in self
            .manifest()
            .documents
            .iter()
            .filter_map(|d| d.responds_to.as_ref())
        {
            if answered.target() == Target::Finding
                && self
                    .hit(answered.id())?
                    .is_some_and(|hit| hit.document_id == document_id)
            {
                findings_of_document.push(answered.clone());
            }
        }
        Ok(self.responses_where(|answered| {
            (answered.target() == Target::Document && answered.id() == document_id)
                || findings_of_document.contains(answered)
        }))
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
