//! As-you-type suggestions: completions of the word being typed, taken from the words of the
//! corpus as they are written, most frequent first, and the findings the query would find
//! with them. Cheap enough to call on every keystroke: one term-dictionary range scan per
//! segment and one small search.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::error::{Error, Result};

/// Completions shown when the caller does not say.
pub const DEFAULT_COMPLETIONS: usize = 8;
/// The most completions one request may ask for.
pub const MAX_COMPLETIONS: usize = 20;
/// Findings returned with the completions.
pub const SUGGESTED_FINDINGS: usize = 5;
/// Prefixes shorter than this complete to nothing: too many words start with one letter.
const MIN_PREFIX_CHARS: usize = 2;

/// One way to finish the word being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The completed word, as the corpus writes it (lower case).
    pub word: String,
    /// The whole query with the last word completed.
    pub query: String,
    /// Findings that `query` finds when searched (forms, compound parts and synonyms too).
    pub count: u64,
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
