//! Findings with any of some terms, as a query that skips as cheaply as its terms do: for
//! intersecting with another query.
//!
//! tantivy's union of terms scores findings in windows of 4,096, setting every finding of
//! every term in the window; that suits walking a whole union. Inside an intersection led
//! by a rarer query, though, each skip forward lands outside the window and fills a new
//! one. Suggestions for `elektriska st` intersect what `elektriska` finds with the findings
//! of eight common words, and spent most of their time filling windows. Here a skip moves
//! each term's postings forward on their skip lists, and only the terms at the finding
//! are scored. Matches and scores are the union's: each term's score, added in term order.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// The findings that have any of the terms, scored as [`tantivy::query::BooleanQuery::union`]
/// of their [`TermQuery`]s scores them.
#[derive(Clone, Debug)]
pub(super) struct AnyTermQuery {
    terms: Vec<Term>,
}

impl AnyTermQuery {
    pub(super) fn new(terms: Vec<Term>) -> Self {
        Self { terms }
    }
}

impl Query for AnyTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .terms
            .iter()
            .map(|term| TermQuery::new(term.clone(), IndexRecordOption::WithFreqs).weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyTermWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct AnyTermWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyTermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyTermScorer::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let terms: Vec<Explanation> = self
            .weights
            .iter()
            .filter_map(|weight| weight.explain(reader, doc).ok())
            .collect();
        if terms.is_empty() {
            return Err(TantivyError::InvalidArgument(format!(
                "finding {doc} has none of the terms"
            )));
        }
        let score = terms.iter().map(Explanation::value).sum();
        let mut explanation = Explanation::new("any of the terms, summed", score);
        for term in terms {
            explanation.add_detail(term);
        }
        Ok(explanation)
    }
}

/// The terms' scorers side by side, at the lowest finding any of them is at.
struct AnyTermScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl AnyTermScorer {
    fn new(mut scorers: Vec<Box<dyn Scorer>>) -> Self {
        scorers.retain(|scorer| scorer.doc() != TERMINATED);
        let doc = scorers
            .iter()
            .map(|scorer| scorer.doc())
            .min()
            .unwrap_or(TERMINATED);
        Self { scorers, doc }
    }
}

impl DocSet for AnyTermScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        self.doc = self
            .scorers
            .iter_mut()
            .map(|scorer| {
                if scorer.doc() == current {
                    scorer.advance()
                } else {
                    scorer.doc()
                }
            })
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.doc = self
            .scorers
            .iter_mut()
            .map(|scorer| {
                if scorer.doc() < target {
                    scorer.seek(target)
                } else {
                    scorer.doc()
                }
            })
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|scorer| scorer.size_hint())
            .fold(0, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|scorer| scorer.cost()).sum()
    }
}

impl Scorer for AnyTermScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score = 0.0;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                score += scorer.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::{BooleanQuery, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Score, Term};

    use super::AnyTermQuery;
    use crate::search::fixture::FixtureLibrary;
    use crate::search::view::IndexView;

    /// Every finding a query matches, with its score, in index order.
    fn scored(view: &IndexView, query: &dyn Query) -> Vec<(DocAddress, Score)> {
        let mut all = view
            .searcher
            .search(
                query,
                &tantivy::collector::TopDocs::with_limit(1_000_000).order_by_score(),
            )
            .expect("a search");
        all.sort_by_key(|(_, address)| *address);
        all.into_iter()
            .map(|(score, address)| (address, score))
            .collect()
    }

    /// Alone and intersected with every word of the corpus, a set of the corpus's words
    /// finds the same findings with the same scores as tantivy's union of them.
    #[test]
    fn any_term_matches_and_scores_as_the_union_of_its_terms() {
        let library = FixtureLibrary::build();
        let view = library.view();
        let words = view.every_word();
        let field = view.fields.text_exact;
        let term = |word: &String| Term::from_field_text(field, word);
        let sets: Vec<Vec<Term>> = words
            .chunks(8)
            .step_by(5)
            .map(|chunk| chunk.iter().map(term).collect())
            .collect();
        let mut intersected = 0;
        for terms in &sets {
            let union = || -> Box<dyn Query> {
                Box::new(BooleanQuery::union(
                    terms
                        .iter()
                        .map(|term| -> Box<dyn Query> {
                            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))
                        })
                        .collect(),
                ))
            };
            let any = || -> Box<dyn Query> { Box::new(AnyTermQuery::new(terms.clone())) };
            assert_eq!(
                scored(&view, &*any()),
                scored(&view, &*union()),
                "{terms:?}"
            );
            for other in words.iter().step_by(7) {
                let with = |query: Box<dyn Query>| {
                    BooleanQuery::intersection(vec![
                        Box::new(TermQuery::new(term(other), IndexRecordOption::WithFreqs)),
                        query,
                    ])
                };
                let expected = scored(&view, &with(union()));
                assert_eq!(scored(&view, &with(any())), expected, "{other} {terms:?}");
                intersected += usize::from(!expected.is_empty());
            }
        }
        assert!(
            intersected > 20,
            "{intersected} intersections found anything"
        );
    }
}
