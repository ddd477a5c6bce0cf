//! A finding by its id, alone or in its context: its document, every finding of its
//! section, and the findings before and after it. Reading order comes from fast fields and
//! only the findings shown are loaded from the store, so a finding in a long document costs
//! no more than one in a short one; whole documents ([`super::documents`]) are read the same
//! way.

use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::hit::{self, Hit};
use super::results::FindingContext;
use super::segments;
use super::top::{Order, TopHits};
use super::view::IndexView;
use crate::error::{Error, Result};
use crate::schema;

impl IndexView {
    /// A finding alone, or `None` when no finding has this id. Its snippet is its escaped text.
    ///
    /// # Errors
    /// When the index fails.
    pub fn hit(&self, id: &str) -> Result<Option<Hit>> {
        Ok(self
            .hits_for_term(&self.searcher, Term::from_field_text(self.fields.id, id), 1)?
            .pop())
    }

    /// A finding in its context, or `None` when no finding has this id.
    ///
    /// # Errors
    /// When the index fails.
    pub fn finding(&self, id: &str) -> Result<Option<FindingContext>> {
        let searcher = &self.searcher;
        let Some(hit) = self.hit(id)? else {
            return Ok(None);
        };
        let Some(document) = self
            .manifest
            .documents
            .iter()
            .find(|d| d.id == hit.document_id)
            .cloned()
        else {
            return Ok(None);
        };
        // Reading order comes from fast fields; only the findings shown are loaded from the
        // store, so a finding in a long document costs no more than one in a short one.
        let all = self.in_reading_order(
            searcher,
            Term::from_field_text(self.fields.doc_id, &hit.document_id),
            document.findings.max(1),
        )?;
        let own = schema::position(hit.section, hit.number);
        let index = all.iter().position(|&(at, _)| at == own).unwrap_or(0);
        let load = |i: Option<usize>| -> Result<Option<Hit>> {
            match i.and_then(|i| all.get(i)) {
                Some(&(_, address)) => self.hit_at(searcher, address).map(Some),
                None => Ok(None),
            }
        };
        let previous = load(index.checked_sub(1))?;
        let next = load(Some(index + 1))?;
        let section = all
            .iter()
            .filter(|&&(at, _)| at >> 32 == u64::from(hit.section))
            .map(|&(at, address)| {
                if at == own {
                    Ok(hit.clone())
                } else {
                    self.hit_at(searcher, address)
                }
            })
            .collect::<Result<_>>()?;
        Ok(Some(FindingContext {
            finding: hit,
            document,
            section,
            previous,
            next,
        }))
    }

    /// Findings with a term, in document reading order, snippets being their escaped text.
    pub(super) fn hits_for_term(
        &self,
        searcher: &Searcher,
        term: Term,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        self.in_reading_order(searcher, term, limit)?
            .into_iter()
            .map(|(_, address)| self.hit_at(searcher, address))
            .collect()
    }

    /// One stored finding, its snippet being its escaped text.
    fn hit_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(address).map_err(Error::Search)?;
        let mut hit = hit::hit_of(&self.fields, &doc, None);
        hit.snippet = html_escape::encode_text(&hit.text).into_owned();
        Ok(hit)
    }

    /// The addresses of the findings with a term, in document reading order, each with its
    /// position ([`schema::position`]), read from fast fields alone.
    fn in_reading_order(
        &self,
        searcher: &Searcher,
        term: Term,
        limit: usize,
    ) -> Result<Vec<(u64, DocAddress)>> {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let in_reading_order = TopHits::new(Order::Reading, limit, 0, &self.columns()?);
        Ok(segments::search(searcher, &query, &in_reading_order)?
            .into_iter()
            .map(|(rank, address)| (rank.position.0, address))
            .collect())
    }
}
