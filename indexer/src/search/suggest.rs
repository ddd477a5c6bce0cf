//! As-you-type suggestions: completions of the word being typed, taken from the words of the
//! corpus as they are written, most frequent first, and the findings the query would find
//! with them. Cheap enough to call on every keystroke: one term-dictionary range scan per
//! segment and one small search.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::answer::{Head, HeadRole};
use super::any::AnyQuery;
use super::hit::{self, Hit};
use super::query::MatchedTerms;
use super::results::{Completion, Suggestions};
use super::segments;
use super::snippet::Highlighter;
use super::top::{Order, TopHits};
use super::view::IndexView;
use crate::error::{Error, Result};
use crate::request::{QueryError, SearchRequest, check_query_size};

/// Completions shown when the caller does not say.
pub const DEFAULT_COMPLETIONS: usize = 8;
/// The most completions one request may ask for.
pub const MAX_COMPLETIONS: usize = 20;
/// Findings returned with the completions.
pub const SUGGESTED_FINDINGS: usize = 5;
/// Prefixes shorter than this complete to nothing: too many words start with one letter.
const MIN_PREFIX_CHARS: usize = 2;
/// Suggestions for texts, and completions for words, up to this long are kept per commit.
const SHORT_CHARS: usize = 3;

impl IndexView {
    /// Completions of the word being typed and the findings the query finds, for a search
    /// box that suggests as the user types. An empty or one-letter word completes to nothing.
    ///
    /// # Errors
    /// [`Error::Query`] for a `limit` outside 1 to [`MAX_COMPLETIONS`]; others when the
    /// index fails.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Suggestions> {
        if !(1..=MAX_COMPLETIONS).contains(&limit) {
            return Err(QueryError::InvalidLimit(limit.to_string()).into());
        }
        check_query_size(text)?;
        // The first keystrokes are everybody's: a two-letter prefix streams thousands of
        // words and completes to the corpus's most common ones. Their answers are kept for
        // the commit (a few thousand short texts at most).
        if text.chars().count() > SHORT_CHARS {
            return self.suggest_uncached(text, limit);
        }
        self.short_suggestions
            .get_or_compute((text.to_owned(), limit), || {
                self.suggest_uncached(text, limit)
            })
    }

    fn suggest_uncached(&self, text: &str, limit: usize) -> Result<Suggestions> {
        let (head, prefix) = split_last_word(text);
        let complete = || completions(&self.searcher, self.fields.text_exact, &prefix, limit);
        // So are the completions of the first letters of every word after the first
        // (`elektriska st`): whatever comes before, they stream the same words.
        let words = if prefix.chars().count() > SHORT_CHARS {
            complete()?
        } else {
            self.short_completions
                .get_or_compute((prefix.clone(), limit), complete)?
        };
        // The count shown is what choosing the completion finds: its search matches forms,
        // compound parts and synonyms, which the word's own document frequency does not.
        let queries: Vec<String> = words
            .iter()
            .map(|(word, _)| format!("{head}{word}"))
            .collect();
        let before = self.head(head)?;
        let counts = self.remembered_counts(&before, &queries)?;
        let mut completions: Vec<Completion> = words
            .into_iter()
            .zip(queries)
            .zip(counts)
            .map(|(((word, _), query), count)| Completion { query, word, count })
            .collect();
        completions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        // A word of the corpus that finds nothing after the words before it (`fiber
        // landsbygdsutmaning`) is no suggestion.
        completions.retain(|completion| completion.count > 0);
        // The findings for the query as completed by any of its completions.
        let text = match completions.as_slice() {
            [] => text.to_owned(),
            [first, rest @ ..] => rest
                .iter()
                .fold(format!("{head}{}", first.word), |query, c| {
                    format!("{query} OR {}", c.word)
                }),
        };
        let hits = if text.trim().is_empty() {
            Vec::new()
        } else if !completions.is_empty() {
            let words: Vec<&str> = completions.iter().map(|c| c.word.as_str()).collect();
            self.findings_with_any(&before, &words)?
        } else {
            self.search(&SearchRequest {
                text,
                limit: SUGGESTED_FINDINGS,
                ..SearchRequest::default()
            })?
            .hits
        };
        Ok(Suggestions { completions, hits })
    }

    /// [`IndexView::count_texts`], each text counted once per commit: what a text finds
    /// depends on nothing else, and the texts one keystroke completes to are mostly those of
    /// the keystroke before (`stockh`, `stockho`: `stockholm`, `stockholms`, ...).
    fn remembered_counts(&self, head: &Head, texts: &[String]) -> Result<Vec<u64>> {
        let counts = self.completion_counts.each(texts);
        let missing: Vec<String> = texts
            .iter()
            .zip(&counts)
            .filter(|(_, count)| count.is_none())
            .map(|(text, _)| text.clone())
            .collect();
        if missing.is_empty() {
            return Ok(counts.into_iter().flatten().collect());
        }
        // Nothing is locked while counting: two requests may count the same text at once.
        let fresh = self.count_texts(head, &missing)?;
        self.completion_counts
            .keep(missing.into_iter().zip(fresh.iter().copied()).collect());
        let mut fresh = fresh.into_iter();
        Ok(counts
            .into_iter()
            .map(|count| count.or_else(|| fresh.next()).unwrap_or_default())
            .collect())
    }

    /// The best findings for the words typed before (`head`, searched as a search would)
    /// with any of these words as written. Suggestions are asked for on every keystroke, and
    /// a short prefix completes to words that together are in a tenth of the corpus: as
    /// plain terms, the completions cost one union, where searching each as a search would
    /// cost every way of matching it. (Block-max WAND does not shorten the union's walk: the
    /// best findings tie on score and go by date, `bench/notes.md`.)
    fn findings_with_any(&self, head: &Head, words: &[&str]) -> Result<Vec<Hit>> {
        let terms: Vec<Term> = words
            .iter()
            .map(|word| Term::from_field_text(self.fields.text_exact, word))
            .collect();
        let mut matched = MatchedTerms {
            exact: words.iter().map(|&word| word.to_owned()).collect(),
            ..MatchedTerms::default()
        };
        let any_word = |terms: Vec<Term>| -> Box<dyn Query> {
            Box::new(BooleanQuery::union(
                terms
                    .into_iter()
                    .map(|term| -> Box<dyn Query> {
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                    })
                    .collect(),
            ))
        };
        if let Some(built) = &head.built {
            matched.exact.extend(built.terms.exact.iter().cloned());
            matched.swedish.extend(built.terms.swedish.iter().cloned());
            matched.english.extend(built.terms.english.iter().cloned());
            matched.parts.extend(built.terms.parts.iter().cloned());
        }
        let query: Box<dyn Query> = match head.role() {
            HeadRole::Nothing => any_word(terms),
            // As in the search the completion leads to and in its count.
            HeadRole::Beside(stop_words) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, any_word(terms)),
                (Occur::Should, stop_words.box_clone()),
            ])),
            // Within what the head finds, the words' union is skipped through, not walked.
            HeadRole::Within(head) | HeadRole::Whole(head) => {
                Box::new(BooleanQuery::intersection(vec![
                    head.box_clone(),
                    Box::new(AnyQuery::of_terms(terms)),
                ]))
            }
        };
        // Ties go by date, document and place in it, as in every list: never by where the
        // findings happen to sit in this build's segments, so the answer (and its ETag) is
        // the same for every build of the same corpus.
        let top = TopHits::new(Order::Relevance, SUGGESTED_FINDINGS, 0, &self.columns()?);
        let top = segments::search(&self.searcher, &query, &top)?;
        let mut highlighter = Highlighter::new(matched, self.analyzers.clone());
        top.into_iter()
            .map(|(rank, address)| {
                let doc: TantivyDocument = self.searcher.doc(address).map_err(Error::Search)?;
                let mut hit = hit::hit_of(&self.fields, &doc, Some(rank.score));
                hit.snippet = highlighter.snippet(&hit.text, hit.language);
                Ok(hit)
            })
            .collect()
    }
}

/// The text before the word being typed, and that word's prefix (lower case).
pub(crate) fn split_last_word(text: &str) -> (&str, String) {
    let trimmed = text.trim_start();
    if trimmed.ends_with(char::is_whitespace) || trimmed.ends_with('"') {
        return (trimmed.trim_end(), String::new());
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '"' || *c == '-')
        .map_or(0, |(index, c)| index + c.len_utf8());
    (&trimmed[..start], trimmed[start..].to_lowercase())
}

/// The `limit` words of a field that start with `prefix` and most findings have, with how
/// many do.
pub(crate) fn completions(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    prefix: &str,
    limit: usize,
) -> Result<Vec<(String, u64)>> {
    if prefix.chars().count() < MIN_PREFIX_CHARS {
        return Ok(Vec::new());
    }
    // Counts add up over segments: by word, unless there is one segment, when the best
    // words are kept as the dictionary streams past and only they are copied out. A
    // two-letter prefix streams thousands of words.
    let single = searcher.segment_readers().len() == 1;
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut best: BinaryHeap<Reverse<Ranked>> = BinaryHeap::with_capacity(limit + 1);
    let mut upper = prefix.as_bytes().to_vec();
    // No UTF-8 byte is 0xFF, so every key that starts with the prefix sorts below this.
    upper.push(0xFF);
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field).map_err(Error::Search)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&upper)
            .into_stream()
            .map_err(|error| Error::Search(error.into()))?;
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let count = u64::from(stream.value().doc_freq);
            if !single {
                *counts.entry(word.to_owned()).or_default() += count;
            } else if best.len() < limit
                || best
                    .peek()
                    .is_some_and(|Reverse(worst)| worst.beaten_by(word, count))
            {
                best.push(Reverse(Ranked(count, word.to_owned())));
                if best.len() > limit {
                    best.pop();
                }
            }
        }
    }
    let mut sorted: Vec<Ranked> = if single {
        best.into_iter().map(|Reverse(ranked)| ranked).collect()
    } else {
        counts
            .into_iter()
            .map(|(word, count)| Ranked(count, word))
            .collect()
    };
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.truncate(limit);
    Ok(sorted
        .into_iter()
        .map(|Ranked(count, word)| (word, count))
        .collect())
}

/// A completion's place: more findings first, then shorter, then alphabetical.
#[derive(Debug, PartialEq, Eq)]
struct Ranked(u64, String);

/// The order of [`Ranked`], for a word not copied out of the dictionary yet.
fn rank_key(count: u64, word: &str) -> (u64, Reverse<usize>, Reverse<&str>) {
    (count, Reverse(word.len()), Reverse(word))
}

impl Ranked {
    fn beaten_by(&self, word: &str, count: u64) -> bool {
        rank_key(count, word) > rank_key(self.0, &self.1)
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        rank_key(self.0, &self.1).cmp(&rank_key(other.0, &other.1))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_the_one_being_typed() {
        assert_eq!(split_last_word("utbyg"), ("", "utbyg".to_owned()));
        assert_eq!(
            split_last_word("fiber Landsb"),
            ("fiber ", "landsb".to_owned())
        );
        assert_eq!(split_last_word("fiber "), ("fiber", String::new()));
        assert_eq!(
            split_last_word("\"lokal niv"),
            ("\"lokal ", "niv".to_owned())
        );
        assert_eq!(
            split_last_word("fiber -komm"),
            ("fiber -", "komm".to_owned())
        );
        assert_eq!(split_last_word(""), ("", String::new()));
    }
}
