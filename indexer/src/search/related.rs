//! Related findings: the findings that share the most meaningful words with a finding or a
//! piece of text (a paragraph of a draft), each with the words they share.
//!
//! The text's Swedish terms (whole words and compound parts, so every form of a word and
//! the compounds it is part of) are weighed by how often they occur in it, how rare they
//! are in the index (tf·idf) and how much they say in Swedish at large
//! ([`crate::analysis::commonness`]: `ska`, `hos` and `8` say nothing, `dagens` little).
//! A finding scores the sum of the weights of the terms it shares (half for a term found
//! only as a compound part); statements come before bare headings and agenda items, and a
//! finding that shares less than a third of the weight of the best term that others have
//! (or less than a floor, [`FLOOR_MEANING`]) is left out: an empty list says more than
//! noise. A hit's shared words are those terms found in its own text, so the reader sees
//! why it came back.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use super::hit::{self, Hit};
use super::query::MatchedTerms;
use super::segments;
use super::snippet::Highlighter;
use super::top::{Order, TopHits};
use super::view::IndexView;
use crate::analysis::commonness::{meaning, without_complex_prepositions};
use crate::analysis::{Analyzers, tokens};
use crate::error::{Error, Result};
use crate::request::{MAX_TEXT_CHARS, Page, QueryError};

/// Most terms a related-findings query uses: enough for a paragraph, few enough to stay fast.
const MAX_TERMS: usize = 25;
/// Weight of a term matching a compound part rather than a whole word.
const PART_WEIGHT: f32 = 0.5;
/// A related finding shares at least this share of the weight of the source's best term
/// that another finding has: that word, or a few lesser ones (judged on
/// `tests/fixtures/related/judged.toml`: a half left out what a coordinator would want).
const MIN_SHARE: f32 = 0.35;
/// And at least the weight of a word of middling meaning ([`FLOOR_MEANING`]) that one
/// finding in a hundred has ([`FLOOR_SHARE`]): a source whose best word is `ord` or
/// `dagens` relates to nothing.
const FLOOR_MEANING: f32 = 0.5;
/// See [`FLOOR_MEANING`].
const FLOOR_SHARE: f32 = 0.01;
/// Weight of a word of a finding's slide title against one of its own text.
const TITLE_WEIGHT: f32 = 0.5;

/// A related finding and why it is related.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The finding; its snippet marks the shared words.
    pub hit: Hit,
    /// The words it shares with the source, as the finding writes them.
    pub shared: Vec<String>,
    /// The same words as the source writes them, the most distinctive first.
    pub matched: Vec<MatchedWord>,
}

/// A word of the source text that a related finding shares, and how much it counts.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchedWord {
    /// The word as the source writes it, lowercased.
    pub word: String,
    /// Its weight in the related query (tf·idf): rarer words count more.
    pub weight: f32,
}

/// A page of related findings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RelatedResults {
    /// Findings sharing at least one distinctive word, across all pages.
    pub total: usize,
    /// This page, most related first.
    pub hits: Vec<Related>,
}

/// A distinctive term of the source text with its weight and the words that produced it.
struct SourceTerm {
    term: String,
    weight: f32,
    /// How many findings have it, whole or as a compound part.
    df: u64,
    words: Vec<String>,
}

impl IndexView {
    /// The findings most related to a finding, or `None` when no finding has this id.
    ///
    /// # Errors
    /// [`Error::Query`] for bad paging; others when the index fails.
    pub fn related(&self, id: &str, page: Page) -> Result<Option<RelatedResults>> {
        let Some(finding) = self.hit(id)? else {
            return Ok(None);
        };
        let mut pieces = vec![(finding.text.as_str(), 1.0)];
        // The slide's title gives context but is often generic ("Sammanfattning"); a
        // title-only slide's finding is its title and must not count twice.
        if !finding.from_heading && finding.title != finding.text {
            pieces.push((finding.title.as_str(), TITLE_WEIGHT));
        }
        self.related_to_pieces(&pieces, page, Some(id)).map(Some)
    }

    /// The findings most related to a text, such as a paragraph of a draft. A text without
    /// any word the index knows has no related findings.
    ///
    /// # Errors
    /// [`Error::Query`] for bad paging or a text over [`MAX_TEXT_CHARS`]; others when the
    /// index fails.
    pub fn related_to_text(
        &self,
        text: &str,
        page: Page,
        exclude: Option<&str>,
    ) -> Result<RelatedResults> {
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(QueryError::TextTooLong(chars).into());
        }
        self.related_to_pieces(&[(text, 1.0)], page, exclude)
    }

    /// The findings most related to pieces of text, each counting with its weight.
    fn related_to_pieces(
        &self,
        pieces: &[(&str, f32)],
        page: Page,
        exclude: Option<&str>,
    ) -> Result<RelatedResults> {
        let page = page.validate()?;
        let searcher = self.searcher.clone();
        let mut analyzers = self.analyzers.clone();
        let terms = self.distinctive_terms(&searcher, &mut analyzers, pieces);
        if terms.is_empty() {
            return Ok(RelatedResults {
                total: 0,
                hits: Vec::new(),
            });
        }
        let query = self.related_query(&terms, exclude);
        let documents = searcher.num_docs().max(1) as f32;
        let floor = FLOOR_MEANING * idf(documents, documents * FLOOR_SHARE);
        let min_score = (MIN_SHARE * best_shared_weight(&terms, exclude.is_some())).max(floor);
        let top = TopHits::new(Order::Relevance, page.limit, page.offset, &self.columns()?)
            .statements_first(min_score);
        let (top, total) = segments::search(&searcher, &query, &(top, CountFrom(min_score)))?;
        let wanted: HashSet<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        let hits = top
            .into_iter()
            .map(|(rank, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(Error::Search)?;
                let mut hit = hit::hit_of(&self.fields, &doc, Some(rank.score));
                let (shared, shared_terms) = shared_words(&mut analyzers, &hit.text, &wanted);
                let matched = words_of_terms(&terms, |term| shared_terms.contains(term));
                let marks = MatchedTerms {
                    exact: shared.iter().cloned().collect(),
                    swedish: shared_terms.iter().map(|&t| t.to_owned()).collect(),
                    parts: shared_terms.iter().map(|&t| t.to_owned()).collect(),
                    ..MatchedTerms::default()
                };
                hit.snippet =
                    Highlighter::new(marks, analyzers.clone()).snippet(&hit.text, hit.language);
                Ok(Related {
                    hit,
                    shared,
                    matched,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(RelatedResults { total, hits })
    }

    /// How many findings have a term, whole or as a compound part (the more of the two).
    fn doc_freq(&self, searcher: &Searcher, term: &str) -> u64 {
        [self.fields.text_sv, self.fields.text_parts]
            .iter()
            .map(|field| {
                searcher
                    .doc_freq(&Term::from_field_text(*field, term))
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }

    /// Any of the terms, as a whole word or (weighing less) as a compound part, each
    /// scoring its weight once: a finding scores the weight of what it shares.
    fn related_query(&self, terms: &[SourceTerm], exclude: Option<&str>) -> BooleanQuery {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for SourceTerm { term, weight, .. } in terms {
            let ways: Vec<Box<dyn Query>> =
                [(f.text_sv, *weight), (f.text_parts, weight * PART_WEIGHT)]
                    .into_iter()
                    .map(|(field, score)| -> Box<dyn Query> {
                        let query = TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::Basic,
                        );
                        Box::new(ConstScoreQuery::new(Box::new(query), score))
                    })
                    .collect();
            clauses.push((Occur::Should, Box::new(DisjunctionMaxQuery::new(ways))));
        }
        if let Some(id) = exclude {
            let own = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
            clauses.push((Occur::MustNot, Box::new(own)));
        }
        BooleanQuery::new(clauses)
    }

    /// For each of `others`, the words of `text` (lowercased, in its order) that share a
    /// Swedish term, whole or as a compound part, with it: why a finding goes with a
    /// sentence of a draft. The most distinctive come first. The text is weighed once for
    /// all of them.
    pub fn shared_words(&self, text: &str, others: &[&str]) -> Vec<Vec<MatchedWord>> {
        let searcher = self.searcher.clone();
        let mut analyzers = self.analyzers.clone();
        let terms = self.distinctive_terms(&searcher, &mut analyzers, &[(text, 1.0)]);
        others
            .iter()
            .map(|other| {
                let mut theirs: HashSet<String> = HashSet::new();
                for analyzer in [&mut analyzers.swedish, &mut analyzers.parts] {
                    theirs.extend(tokens(analyzer, other).into_iter().map(|token| token.text));
                }
                words_of_terms(&terms, |term| theirs.contains(term))
            })
            .collect()
    }

    /// The best terms of weighted pieces of text by tf·idf, best first, with the words (as
    /// written) behind them.
    fn distinctive_terms(
        &self,
        searcher: &Searcher,
        analyzers: &mut Analyzers,
        pieces: &[(&str, f32)],
    ) -> Vec<SourceTerm> {
        let mut found: HashMap<String, (f32, Vec<String>)> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for &(text, piece_weight) in pieces {
            let text = without_complex_prepositions(text);
            for analyzer in [&mut analyzers.swedish, &mut analyzers.parts] {
                for token in tokens(analyzer, &text) {
                    let word = text[token.offset_from..token.offset_to].to_lowercase();
                    let entry = found.entry(token.text.clone()).or_insert_with(|| {
                        order.push(token.text.clone());
                        (0.0, Vec::new())
                    });
                    entry.0 += piece_weight;
                    if !entry.1.contains(&word) {
                        entry.1.push(word);
                    }
                }
            }
        }
        let documents = searcher.num_docs().max(1) as f32;
        let mut weighted: Vec<(usize, SourceTerm)> = order
            .into_iter()
            .enumerate()
            .filter_map(|(position, term)| {
                let (count, words) = found.remove(&term)?;
                let df = self.doc_freq(searcher, &term);
                // A term says as much as the most meaningful word behind it, and a word as
                // much as its commonest form: `ordet` is the common `ord`.
                let of_term = meaning(&term);
                let says = words
                    .iter()
                    .map(|word| meaning(word).min(of_term))
                    .fold(0.0, f32::max);
                (df > 0 && says > 0.0).then(|| {
                    let weight = count * idf(documents, df as f32) * says;
                    (
                        position,
                        SourceTerm {
                            df,
                            term,
                            weight,
                            words,
                        },
                    )
                })
            })
            .collect();
        weighted.sort_by(|a, b| b.1.weight.total_cmp(&a.1.weight).then(a.0.cmp(&b.0)));
        weighted.truncate(MAX_TERMS);
        weighted.into_iter().map(|(_, term)| term).collect()
    }
}

/// The weight of the best term that another finding has: a term only the source has
/// relates it to nothing. `own`: the source is a finding of the index, so its own terms
/// count once for it.
fn best_shared_weight(terms: &[SourceTerm], own: bool) -> f32 {
    let others_from = if own { 2 } else { 1 };
    terms
        .iter()
        .filter(|term| term.df >= others_from)
        .map(|term| term.weight)
        .fold(0.0, f32::max)
}

/// How rare a term in `df` of `documents` findings is.
fn idf(documents: f32, df: f32) -> f32 {
    (1.0 + documents / (df + 1.0)).ln()
}

/// The words behind the terms that pass `keep`, in the terms' order, each once with the
/// weight of its best term.
fn words_of_terms(terms: &[SourceTerm], keep: impl Fn(&str) -> bool) -> Vec<MatchedWord> {
    let mut words: Vec<MatchedWord> = Vec::new();
    for term in terms.iter().filter(|term| keep(&term.term)) {
        for word in &term.words {
            if !words.iter().any(|known| &known.word == word) {
                words.push(MatchedWord {
                    word: word.clone(),
                    weight: term.weight,
                });
            }
        }
    }
    words
}

/// The words of `text` whose Swedish terms (whole or compound part) are wanted, as written,
/// and those terms.
fn shared_words<'a>(
    analyzers: &mut Analyzers,
    text: &str,
    wanted: &HashSet<&'a str>,
) -> (Vec<String>, HashSet<&'a str>) {
    let mut words: Vec<String> = Vec::new();
    let mut terms = HashSet::new();
    for analyzer in [&mut analyzers.swedish, &mut analyzers.parts] {
        for token in tokens(analyzer, text) {
            if let Some(&term) = wanted.get(token.text.as_str()) {
                terms.insert(term);
                let word = text[token.offset_from..token.offset_to].to_lowercase();
                if !words.contains(&word) {
                    words.push(word);
                }
            }
        }
    }
    (words, terms)
}

/// Counts the matches scoring `.0` or more: the related findings a list pages through.
struct CountFrom(Score);

/// [`CountFrom`] over one segment.
struct SegmentCountFrom {
    min_score: Score,
    count: usize,
}

impl Collector for CountFrom {
    type Fruit = usize;
    type Child = SegmentCountFrom;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentCountFrom {
            min_score: self.0,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, counts: Vec<usize>) -> tantivy::Result<usize> {
        Ok(counts.into_iter().sum())
    }
}

impl SegmentCollector for SegmentCountFrom {
    type Fruit = usize;

    fn collect(&mut self, _: DocId, score: Score) {
        self.count += usize::from(score >= self.min_score);
    }

    fn harvest(self) -> usize {
        self.count
    }
}
