//! As-you-type suggestions: completions of the word being typed, taken from the words of the
//! corpus as they are written, most frequent first, and the findings the query would find
//! with them. Cheap enough to call on every keystroke: one term-dictionary range scan per
//! segment and one small search.

use std::collections::HashMap;

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
    /// Findings that contain the word.
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

/// Words of a field that start with `prefix`, with how many findings have them.
pub(crate) fn completions(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    prefix: &str,
) -> Result<Vec<(String, u64)>> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    if prefix.chars().count() < MIN_PREFIX_CHARS {
        return Ok(Vec::new());
    }
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
            if let Ok(word) = std::str::from_utf8(stream.key()) {
                *counts.entry(word.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.len().cmp(&b.0.len()))
            .then_with(|| a.0.cmp(&b.0))
    });
    Ok(sorted)
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
