//! Counting the live findings of a segment that have any of some terms, without a scorer.
//!
//! A completion's count is what its search finds, and the search of one word is the union
//! of its terms in the finding's text: as written, as lemma and stem, as a compound part
//! ([`super::query::QueryBuilder::union_terms`]). tantivy counts a union in windows of 4,096
//! findings, clearing a bit set per window, so a rare word spread over half a million
//! findings pays for every window; suggestions count eight such unions on each keystroke.
//!
//! Here a union costs its matches, not the segment's size. A rare term's findings are set
//! one by one in a bit set of the segment, and only the words of it they touched are
//! counted and cleared. A common term (one finding in 64 or more) is decoded once into a
//! bit set of its own, kept for the other unions of the request: completions share their
//! stems and parts (`stockholm`, `stockholms`, `stockholmare` all have `stockholm`), and
//! or-ing two bit sets a word at a time costs less than setting their findings again.

use std::collections::HashMap;

use tantivy::fastfield::AliveBitSet;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Weight;
use tantivy::schema::IndexRecordOption;
use tantivy::{SegmentReader, Term};

use super::deadline::Deadline;
use crate::error::{Error, Result};

/// A term in at least one finding in this many is kept as a bit set of its own.
const DENSE_ONE_IN: u32 = 64;

/// Counts unions of terms in one segment, keeping what it decoded for the next union.
struct UnionCounter<'r> {
    reader: &'r SegmentReader,
    /// The findings the unions are counted within, a bit per finding (all when `None`).
    within: Option<Vec<u64>>,
    /// The live findings of each common term looked at so far, a bit per finding.
    dense: HashMap<Term, Vec<u64>>,
    /// One bit per finding of the segment, for the union being counted.
    seen: Vec<u64>,
    /// The words of `seen` that rare terms set bits in; `seen` is clear outside them.
    touched: Vec<u32>,
}

impl<'r> UnionCounter<'r> {
    fn new(reader: &'r SegmentReader, within: Option<Vec<u64>>) -> Self {
        Self {
            reader,
            within,
            dense: HashMap::new(),
            // A bit per finding of the segment.
            seen: vec![0; (reader.max_doc() as usize).div_ceil(64)],
            touched: Vec::new(),
        }
    }

    /// How many live findings of the segment (within `self.within`) have at least one of
    /// `terms`.
    ///
    /// # Errors
    /// [`Error::Search`] when tantivy cannot read a term's postings.
    fn count(&mut self, terms: &[Term]) -> Result<u32> {
        let alive = self.reader.alive_bitset();
        let mut common: Vec<&Term> = Vec::new();
        for term in terms {
            if self.dense.contains_key(term) {
                common.push(term);
                continue;
            }
            let Some(mut blocks) = self.postings(term)? else {
                continue;
            };
            if blocks.doc_freq() >= self.reader.max_doc() / DENSE_ONE_IN {
                let mut bits = vec![0; self.seen.len()];
                each_live(alive, &mut blocks, |doc| {
                    bits[(doc / 64) as usize] |= 1 << (doc % 64);
                });
                self.dense.insert(term.clone(), bits);
                common.push(term);
            } else {
                let (seen, touched) = (&mut self.seen, &mut self.touched);
                each_live(alive, &mut blocks, |doc| {
                    let word = (doc / 64) as usize;
                    if seen[word] == 0 {
                        touched.push(word as u32);
                    }
                    seen[word] |= 1 << (doc % 64);
                });
            }
        }
        let within = |word: usize| self.within.as_ref().map_or(u64::MAX, |bits| bits[word]);
        let count = match common.as_slice() {
            [] => self
                .touched
                .iter()
                .map(|&word| (self.seen[word as usize] & within(word as usize)).count_ones())
                .sum(),
            [first, others @ ..] => {
                let others: Vec<&[u64]> = others
                    .iter()
                    .map(|term| self.dense[*term].as_slice())
                    .collect();
                self.dense[*first]
                    .iter()
                    .enumerate()
                    .map(|(word, &bits)| {
                        let any = others
                            .iter()
                            .fold(bits | self.seen[word], |any, other| any | other[word]);
                        (any & within(word)).count_ones()
                    })
                    .sum()
            }
        };
        for word in self.touched.drain(..) {
            self.seen[word as usize] = 0;
        }
        Ok(count)
    }

    /// A term's postings in this segment, `None` when it has none. (The segment reader
    /// keeps each field's inverted index once opened.)
    fn postings(&self, term: &Term) -> Result<Option<BlockSegmentPostings>> {
        self.reader
            .inverted_index(term.field())
            .map_err(Error::Search)?
            .read_block_postings(term, IndexRecordOption::Basic)
            .map_err(|error| Error::Search(error.into()))
    }
}

/// Calls `each` with every live finding of the postings, in order.
fn each_live(
    alive: Option<&AliveBitSet>,
    blocks: &mut BlockSegmentPostings,
    mut each: impl FnMut(u32),
) {
    while !blocks.docs().is_empty() {
        match alive {
            None => blocks.docs().iter().for_each(|&doc| each(doc)),
            Some(alive) => blocks
                .docs()
                .iter()
                .filter(|&&doc| alive.is_alive(doc))
                .for_each(|&doc| each(doc)),
        }
        blocks.advance();
    }
}

/// The findings of the segment a query matches (deleted ones too), a bit per finding.
///
/// # Errors
/// [`Error::Search`] when tantivy cannot run the query.
fn matching_bits(weight: &dyn Weight, reader: &SegmentReader) -> Result<Vec<u64>> {
    let mut bits = vec![0; (reader.max_doc() as usize).div_ceil(64)];
    weight
        .for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                bits[(doc / 64) as usize] |= 1 << (doc % 64);
            }
        })
        .map_err(Error::Search)?;
    Ok(bits)
}

/// Counts each union of terms in one segment, within the findings `within` matches when
/// given, and within the deadline of the work on this thread (looked at between two
/// unions).
///
/// # Errors
/// [`Error::DeadlineExceeded`] when the deadline passes first, [`Error::Search`] when
/// tantivy fails.
pub(super) fn count_in_segment(
    reader: &SegmentReader,
    unions: &[Vec<Term>],
    within: Option<&dyn Weight>,
    deadline: Deadline,
) -> Result<Vec<u32>> {
    let within = within
        .map(|weight| matching_bits(weight, reader))
        .transpose()?;
    let mut counter = UnionCounter::new(reader, within);
    unions
        .iter()
        .map(|terms| {
            deadline.check()?;
            counter.count(terms)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::FixtureLibrary;
    use crate::search::view::IndexView;

    /// For every word of the corpus, a completion's count as a union of terms is what its
    /// whole search finds; and most words are counted that way.
    fn unions_agree_with_queries(view: &IndexView) {
        let words = view.every_word();
        assert!(words.len() > 300, "{} words", words.len());
        let as_unions = view
            .count_texts(&view.head("").expect("no head"), &words)
            .expect("counted as unions");
        let as_queries = view
            .count_texts_as_queries(&words)
            .expect("counted as queries");
        for ((word, union), query) in words.iter().zip(&as_unions).zip(&as_queries) {
            assert_eq!(union, query, "{word}");
        }
        let mut builder = view.builder.clone();
        let simple = words
            .iter()
            .filter(|word| {
                let user = crate::search::parse::parse(word, &view.manifest.taxonomy);
                builder.union_terms(&user, &view.searcher).is_some()
            })
            .count();
        assert!(
            simple * 10 > words.len() * 9,
            "{simple} of {} words counted as unions",
            words.len()
        );
    }

    /// For heads of every kind (common and rare words, a stop word, an exclusion, a typo,
    /// the first word of each thesaurus phrase, a phrase), each word of the corpus after the
    /// head is counted as what the whole text's search finds, and most of them as a union
    /// (within the head's findings where the head has a word that carries meaning).
    fn unions_after_a_head_agree_with_queries(view: &IndexView) {
        let words = view.every_word();
        let mut heads: Vec<String> = words.iter().step_by(97).cloned().collect();
        heads.extend(
            [
                "och ",
                "och -fiber ",
                "bredband -fiber ",
                "utbyggnadslagn ",
                "\"dragning av\" ",
            ]
            .map(String::from),
        );
        for group in &view.manifest.thesaurus.groups {
            for term in group.terms.iter().filter(|term| term.contains(' ')) {
                let first = term.split_whitespace().next().expect("a word");
                heads.push(format!("{first} "));
            }
        }
        let mut builder = view.builder.clone();
        for head in &heads {
            let head = if head.ends_with(' ') {
                head.clone()
            } else {
                format!("{head} ")
            };
            let texts: Vec<String> = words.iter().map(|word| format!("{head}{word}")).collect();
            let as_unions = view
                .count_texts(&view.head(&head).expect("the head"), &texts)
                .expect("counted as unions");
            let as_queries = view
                .count_texts_as_queries(&texts)
                .expect("counted as queries");
            for ((text, union), query) in texts.iter().zip(&as_unions).zip(&as_queries) {
                assert_eq!(union, query, "{text}");
            }
            let parsed = |text: &str| crate::search::parse::parse(text, &view.manifest.taxonomy);
            let simple = texts
                .iter()
                .filter(|text| {
                    builder
                        .union_terms_after(&parsed(&head), &parsed(text), &view.searcher)
                        .is_some()
                })
                .count();
            assert!(
                simple * 10 > texts.len() * 8,
                "{simple} of {} texts after {head:?} counted as unions",
                texts.len()
            );
        }
    }

    #[test]
    fn a_union_of_terms_counts_what_the_search_of_the_word_finds() {
        let library = FixtureLibrary::build();
        unions_agree_with_queries(&library.view());
        unions_after_a_head_agree_with_queries(&library.view());
        library.remove_a_document();
        unions_agree_with_queries(&library.view());
        unions_after_a_head_agree_with_queries(&library.view());
    }
}
