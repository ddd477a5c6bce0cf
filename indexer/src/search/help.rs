//! Help for a search that finds little: how many findings each word finds alone, the query
//! with unknown words corrected to the index's own words ("Menade du …?"), and, when no
//! finding has every word, the findings that have most of them.
//!
//! A coordinator who types `markavtal kommunal roll` and gets nothing learns nothing from
//! "Inga träffar"; told that `kommunal` alone finds 8 and `roll` 5, and shown the findings
//! with two of the three words, they can go on. Only searches that find fewer than
//! [`HELP_BELOW`] findings pay for it: each word costs one more counting pass.

use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};

use super::collect;
use super::columns::Columns;
use super::near::near_terms;
use super::query::{MAX_NEAR_MISS_WORDS, TextQuery, WordQuery};
use super::results::{Correction, PartialMatches, SearchHelp, WordCount};
use super::segments;
use super::snippet::Highlighter;
use super::view::IndexView;
use crate::error::Result;
use crate::request::{SearchRequest, Sort};

/// Searches that find fewer findings than this get help.
pub const HELP_BELOW: usize = 5;
/// A word of this many letters may be corrected by one edit; of [`TWO_EDITS_FROM`], by two.
const ONE_EDIT_FROM: usize = 4;
const TWO_EDITS_FROM: usize = 8;

impl IndexView {
    /// The help for a search that found `total` findings with `text`.
    pub(super) fn help(
        &self,
        text: &TextQuery,
        request: &SearchRequest,
        columns: &Columns,
        total: usize,
        highlighter: &mut Highlighter,
    ) -> Result<SearchHelp> {
        let mut help = SearchHelp {
            words: text
                .words
                .iter()
                .map(|word| WordCount {
                    word: word.text.clone(),
                    findings: None,
                    unfiltered: None,
                    searched_as: word.searched_as.clone(),
                })
                .collect(),
            ..SearchHelp::default()
        };
        if total >= HELP_BELOW || text.words.is_empty() {
            return Ok(help);
        }
        let counting = SearchRequest {
            limit: 1,
            offset: 0,
            ..request.clone()
        };
        let filtered = !request.has_no_filters();
        for (count, word) in help.words.iter_mut().zip(&text.words) {
            let query = self.without_excluded(word.query.box_clone(), text);
            let (_, found, _) =
                collect::collect(&self.searcher, columns, query.as_ref(), &counting)?;
            count.findings = Some(found);
            if filtered {
                // Without filters, the word's matches are all there is to count.
                let everywhere = segments::count(&self.searcher, query.as_ref())?;
                count.unfiltered = Some(usize::try_from(everywhere).unwrap_or(usize::MAX));
            }
        }
        help.did_you_mean = self.correction(&text.words, &help.words, request)?;
        if total == 0 && text.words.len() > 1 {
            help.partial = Some(self.partial(text, request, columns, highlighter)?);
        }
        Ok(help)
    }

    /// `query`, keeping out what the user excluded.
    fn without_excluded(&self, query: Box<dyn Query>, text: &TextQuery) -> Box<dyn Query> {
        if text.excluded.is_empty() {
            return query;
        }
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(
            text.excluded
                .iter()
                .map(|excluded| (Occur::MustNot, excluded.box_clone())),
        );
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every word that finds nothing replaced by the most frequent word of the index within
    /// reach (first letter kept), when the corrected query finds something.
    fn correction(
        &self,
        words: &[WordQuery],
        counts: &[WordCount],
        request: &SearchRequest,
    ) -> Result<Option<Correction>> {
        let mut corrected = request.text.clone();
        let mut changed = false;
        // As many corrections as a search makes near misses: each walks the dictionary.
        let mut left = MAX_NEAR_MISS_WORDS;
        for (word, count) in words.iter().zip(counts) {
            if left == 0 {
                break;
            }
            let lower = word.text.to_lowercase();
            let letters = lower.chars().count();
            let single = lower.chars().all(char::is_alphabetic);
            if count.findings != Some(0) || !single || letters < ONE_EDIT_FROM {
                continue;
            }
            let distance = if letters >= TWO_EDITS_FROM { 2 } else { 1 };
            let best = near_terms(&self.searcher, self.fields.text_exact, &lower, distance)
                .into_iter()
                .find_map(|term| term.value().as_str().map(str::to_owned));
            left -= 1;
            if let Some(best) = best {
                corrected = replace_word(&corrected, &word.text, &best);
                changed = true;
            }
        }
        if !changed {
            return Ok(None);
        }
        let found = self.search_without_help(&SearchRequest {
            text: corrected.clone(),
            limit: 1,
            offset: 0,
            ..request.clone()
        })?;
        Ok((found.total > 0).then_some(Correction {
            text: corrected,
            total: found.total,
        }))
    }

    /// Findings with any of the words, ranked by how many they have (then newest first).
    fn partial(
        &self,
        text: &TextQuery,
        request: &SearchRequest,
        columns: &Columns,
        highlighter: &mut Highlighter,
    ) -> Result<PartialMatches> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = text
            .words
            .iter()
            .map(|word| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(word.query.box_clone(), 1.0)),
                )
            })
            .collect();
        clauses.extend(
            text.excluded
                .iter()
                .map(|excluded| (Occur::MustNot, excluded.box_clone())),
        );
        let query = BooleanQuery::new(clauses);
        let ranked_request = SearchRequest {
            sort: Sort::Relevance,
            ..request.clone()
        };
        let (ranked, total, _) =
            collect::collect(&self.searcher, columns, &query, &ranked_request)?;
        let hits = self.hits_of(ranked, highlighter)?;
        Ok(PartialMatches { total, hits })
    }
}

/// `text` with every whole-word occurrence of `word` (any case) replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    text.split(' ')
        .map(|part| {
            if part.to_lowercase() == word.to_lowercase() {
                by.to_owned()
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_replaced_whole_and_in_any_case() {
        assert_eq!(
            replace_word("Markavtal för markavtalen", "markavtal", "marknad"),
            "marknad för markavtalen"
        );
    }
}
