//! Whole documents: one document slide by slide (or page by page), and every finding for
//! export, document by document in reading order.

use tantivy::Term;

use super::hit::Hit;
use super::view::IndexView;
use crate::error::Result;
use crate::manifest::DocumentSummary;

/// A document with all its findings, section by section.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentView {
    /// Its metadata.
    pub document: DocumentSummary,
    /// Its sections in order; a section without findings is not listed.
    pub sections: Vec<SectionView>,
}

/// One section (slide, page) of a document with its findings.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionView {
    /// Slide or page number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// Its findings in order; snippets are the escaped text.
    pub findings: Vec<Hit>,
}

impl IndexView {
    /// A document with all its findings, or `None` when no document has this id.
    ///
    /// # Errors
    /// When the index fails.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        let Some(document) = self
            .manifest()
            .documents
            .iter()
            .find(|d| d.id == id)
            .cloned()
        else {
            return Ok(None);
        };
        let searcher = self.searcher.clone();
        let hits = self.hits_for_term(
            &searcher,
            Term::from_field_text(self.fields.doc_id, id),
            document.findings.max(1),
        )?;
        let mut sections: Vec<SectionView> = Vec::new();
        for hit in hits {
            match sections.last_mut() {
                Some(section) if section.number == hit.section => section.findings.push(hit),
                _ => sections.push(SectionView {
                    number: hit.section,
                    title: hit.title.clone(),
                    findings: vec![hit],
                }),
            }
        }
        Ok(Some(DocumentView { document, sections }))
    }

    /// Calls `visit` with every finding and its document, document by document (in corpus
    /// order), each in reading order; returns how many there were. Memory stays at one
    /// document.
    ///
    /// # Errors
    /// When the index fails or `visit` does.
    pub fn for_each_finding(
        &self,
        visit: &mut dyn FnMut(&DocumentSummary, Hit) -> Result<()>,
    ) -> Result<usize> {
        let manifest = self.manifest();
        let searcher = self.searcher.clone();
        let mut count = 0;
        for document in &manifest.documents {
            let term = Term::from_field_text(self.fields.doc_id, &document.id);
            for hit in self.hits_for_term(&searcher, term, document.findings.max(1))? {
                visit(document, hit)?;
                count += 1;
            }
        }
        Ok(count)
    }
}
