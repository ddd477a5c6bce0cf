//! Splits text into words the way Swedish writes them.
//!
//! A word is a run of letters and digits, so `å`, `ä`, `ö` and `5G` stay whole. Two joiners
//! keep written units together:
//!
//! - a hyphen between two runs (`e-tjänster`, `AG-möte`, `IT-frågor`): the whole word is
//!   emitted, followed by each part of two or more characters at the *same position*, so that
//!   `tjänster` also finds `e-tjänster` while phrases keep working;
//! - a colon before a short letter suffix, the Swedish genitive or definite form of an
//!   abbreviation (`AG:s`, `PTS:s`, `SMS:en`): the whole word is emitted, then its base.
//!
//! Everything else (spaces, punctuation, `/`, `.`) separates words.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Longest suffix after a colon that still counts as part of the word (`:arna`).
const MAX_COLON_SUFFIX: usize = 4;
/// Parts shorter than this are not emitted on their own (`e` in `e-tjänster`).
const MIN_PART_CHARS: usize = 2;

/// The word tokenizer of every Hinder analyzer. Reuses its token buffer between texts.
#[derive(Debug, Clone, Default)]
pub struct WordTokenizer {
    tokens: Vec<Token>,
}

/// Token stream over the buffer the tokenizer filled.
#[derive(Debug)]
pub struct WordTokenStream<'a> {
    tokens: &'a mut [Token],
    /// Index of the current token plus one; 0 before the first `advance`.
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.tokens.clear();
        split_words(text, &mut self.tokens);
        WordTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.saturating_sub(1)]
    }
}

/// A maximal run of word characters: byte range in the text.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Appends the words of `text` to `out`, with positions counted in words.
fn split_words(text: &str, out: &mut Vec<Token>) {
    let runs = word_runs(text);
    let mut position = 0;
    let mut index = 0;
    while index < runs.len() {
        // Extend the word over hyphen-joined runs.
        let mut last = index;
        while last + 1 < runs.len() && joined_by_hyphen(text, runs[last], runs[last + 1]) {
            last += 1;
        }
        let genitive = last == index
            && runs
                .get(index + 1)
                .is_some_and(|&next| is_colon_suffix(text, runs[index], next));
        if genitive {
            last = index + 1;
        }
        push_token(out, text, runs[index].start, runs[last].end, position);
        if last > index {
            let parts = if genitive {
                &runs[index..=index]
            } else {
                &runs[index..=last]
            };
            for part in parts {
                if text[part.start..part.end].chars().count() >= MIN_PART_CHARS {
                    push_token(out, text, part.start, part.end, position);
                }
            }
        }
        position += 1;
        index = last + 1;
    }
}

fn word_runs(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut start = None;
    for (offset, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(offset),
            (false, Some(begin)) => {
                runs.push(Run {
                    start: begin,
                    end: offset,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        runs.push(Run {
            start: begin,
            end: text.len(),
        });
    }
    runs
}

fn joined_by_hyphen(text: &str, left: Run, right: Run) -> bool {
    let mut between = text[left.end..right.start].chars();
    matches!((between.next(), between.next()), (Some(c), None) if is_hyphen(c))
}

/// `AG:s`: a colon directly between a word and a short, purely alphabetic suffix.
fn is_colon_suffix(text: &str, word: Run, suffix: Run) -> bool {
    &text[word.end..suffix.start] == ":"
        && text[suffix.start..suffix.end].chars().count() <= MAX_COLON_SUFFIX
        && text[suffix.start..suffix.end]
            .chars()
            .all(char::is_alphabetic)
}

fn push_token(out: &mut Vec<Token>, text: &str, start: usize, end: usize, position: usize) {
    out.push(Token {
        offset_from: start,
        offset_to: end,
        position,
        text: text[start..end].to_owned(),
        position_length: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            assert_eq!(&text[token.offset_from..token.offset_to], token.text);
            out.push((token.text.clone(), token.position));
        }
        out
    }

    fn owned(expected: &[(&str, usize)]) -> Vec<(String, usize)> {
        expected
            .iter()
            .map(|&(text, pos)| (text.to_owned(), pos))
            .collect()
    }

    #[test]
    fn splits_words_table() {
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("Fiber i fokus", &[("Fiber", 0), ("i", 1), ("fokus", 2)]),
            (
                "Växtvärk, stora som små.",
                &[("Växtvärk", 0), ("stora", 1), ("som", 2), ("små", 3)],
            ),
            ("5G och IoT", &[("5G", 0), ("och", 1), ("IoT", 2)]),
            (
                "utveckling av e-tjänster",
                &[
                    ("utveckling", 0),
                    ("av", 1),
                    ("e-tjänster", 2),
                    ("tjänster", 2),
                ],
            ),
            (
                "AG-möte 11 januari",
                &[
                    ("AG-möte", 0),
                    ("AG", 0),
                    ("möte", 0),
                    ("11", 1),
                    ("januari", 2),
                ],
            ),
            ("AG:s förslag", &[("AG:s", 0), ("AG", 0), ("förslag", 1)]),
            ("Möte 18/1", &[("Möte", 0), ("18", 1), ("1", 2)]),
            ("t.ex. workshop", &[("t", 0), ("ex", 1), ("workshop", 2)]),
            ("problem/klagomål", &[("problem", 0), ("klagomål", 1)]),
            ("så - ineffektivt", &[("så", 0), ("ineffektivt", 1)]),
            ("kl: 10", &[("kl", 0), ("10", 1)]),
            ("", &[]),
            (" -- ", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), owned(expected), "input: {text:?}");
        }
    }

    #[test]
    fn long_colon_suffix_is_a_separate_word() {
        assert_eq!(tokens("Obs:viktigt"), owned(&[("Obs", 0), ("viktigt", 1)]));
    }

    #[test]
    fn buffer_is_reused_between_texts() {
        let mut tokenizer = WordTokenizer::default();
        let first = tokenizer.token_stream("ett två tre").tokens.len();
        let second = tokenizer.token_stream("fyra").tokens.len();
        assert_eq!((first, second), (3, 1));
    }
}
