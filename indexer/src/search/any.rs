//! A union that skips as cheaply as its parts do: for queries that are intersected with
//! others.
//!
//! tantivy's union scores findings in windows of 4,096, every finding of every part in the
//! window; that suits walking a whole union. Inside an intersection led by a rarer query,
//! though, each skip forward lands outside the window and fills a new one. Suggestions for
//! `elektriska st` intersect what `elektriska` finds with the findings of eight common
//! words, and spent most of their time filling windows; so did searches for two words,
//! whose tiers (`super::query`) are unions. Here a skip moves each part forward on its own
//! (a term on its skip list), and only the parts at the finding are scored. Matches and
//! scores are the union's: each part's score, added in the parts' order.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// The findings that any of the queries match, scored as
/// [`tantivy::query::BooleanQuery::union`] of them scores them.
#[derive(Debug)]
pub(crate) struct AnyQuery {
    queries: Vec<Box<dyn Query>>,
}

impl AnyQuery {
    pub(crate) fn new(queries: Vec<Box<dyn Query>>) -> Self {
        Self { queries }
    }

    /// Any of the terms, each scored as its [`TermQuery`].
    pub(crate) fn of_terms(terms: Vec<Term>) -> Self {
        Self::new(
            terms
                .into_iter()
                .map(|term| -> Box<dyn Query> {
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                })
                .collect(),
        )
    }
}

impl Clone for AnyQuery {
    fn clone(&self) -> Self {
        Self::new(self.queries.iter().map(|query| query.box_clone()).collect())
    }
}

impl Query for AnyQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .queries
            .iter()
            .map(|query| query.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.queries {
            query.query_terms(visitor);
        }
    }
}

struct AnyWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyScorer::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let parts: Vec<Explanation> = self
            .weights
            .iter()
            .filter_map(|weight| weight.explain(reader, doc).ok())
            .collect();
        if parts.is_empty() {
            return Err(TantivyError::InvalidArgument(format!(
                "no query matches finding {doc}"
            )));
        }
        let score = parts.iter().map(Explanation::value).sum();
        let mut explanation = Explanation::new("any of the queries, summed", score);
        for part in parts {
            explanation.add_detail(part);
        }
        Ok(explanation)
    }
}

/// The queries' scorers side by side, at the lowest finding any of them is at.
struct AnyScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl AnyScorer {
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

impl DocSet for AnyScorer {
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

impl Scorer for AnyScorer {
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
    use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocAddress, Score, Term};

    use super::AnyQuery;
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

    /// Queries of the kinds the tiers of a clause are made of (terms, boosted terms, a text
    /// match raised by a title match, a constant score over a union), over `words`.
    fn parts(view: &IndexView, words: &[String]) -> Vec<Box<dyn Query>> {
        let f = view.fields;
        let term = |field, word: &String| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        words
            .iter()
            .enumerate()
            .map(|(at, word)| -> Box<dyn Query> {
                match at % 4 {
                    0 => term(f.text_exact, word),
                    1 => Box::new(BoostQuery::new(term(f.text_exact, word), 4.0)),
                    2 => Box::new(BooleanQuery::new(vec![
                        (Occur::Must, term(f.text_exact, word)),
                        (Occur::Should, term(f.title_exact, word)),
                    ])),
                    _ => Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::union(vec![
                            term(f.text_exact, word),
                            term(f.title_exact, word),
                        ])),
                        0.5,
                    )),
                }
            })
            .collect()
    }

    /// Alone, intersected with every seventh word of the corpus, and as the optional part
    /// beside it, sets of the corpus's words as parts of every kind find the same findings
    /// with the same scores as tantivy's union of the parts.
    #[test]
    fn any_matches_and_scores_as_the_union_of_its_parts() {
        let library = FixtureLibrary::build();
        let view = library.view();
        let words = view.every_word();
        let mut intersected = 0;
        for set in words.chunks(8).step_by(5) {
            let union = || -> Box<dyn Query> { Box::new(BooleanQuery::union(parts(&view, set))) };
            let any = || -> Box<dyn Query> { Box::new(AnyQuery::new(parts(&view, set))) };
            assert_eq!(scored(&view, &*any()), scored(&view, &*union()), "{set:?}");
            for other in words.iter().step_by(7) {
                let other = || parts(&view, std::slice::from_ref(other)).remove(0);
                let both = |query: Box<dyn Query>| BooleanQuery::intersection(vec![other(), query]);
                let beside = |query: Box<dyn Query>| {
                    BooleanQuery::new(vec![(Occur::Must, other()), (Occur::Should, query)])
                };
                let expected = scored(&view, &both(union()));
                assert_eq!(scored(&view, &both(any())), expected, "{set:?}");
                assert_eq!(
                    scored(&view, &beside(any())),
                    scored(&view, &beside(union())),
                    "{set:?}"
                );
                intersected += usize::from(!expected.is_empty());
            }
        }
        assert!(
            intersected > 20,
            "{intersected} intersections found anything"
        );
    }
}
