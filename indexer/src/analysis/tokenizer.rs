//! Splits text into words the way Swedish writes them.
//!
//! A word is a run of letters and digits, so `å`, `ä`, `ö` and `5G` stay whole. Two joiners
//! keep written units together as one token:
//!
//! - a hyphen between two runs: `e-tjänster`, `AG-möte`, `IT-frågor`;
//! - a colon before a short letter suffix, the Swedish genitive or definite form of an
//!   abbreviation: `AG:s`, `PTS:s`, `SMS:en`.
//!
//! Everything else (spaces, punctuation, `/`, `.`) separates words. Parts of hyphenated words
//! are the business of the compound analysis, not of the tokenizer.
//!
//! With [`WordTokenizer::swedish`], elliptic compounds are completed: in `kommun- och
//! regionnivå` the dangling `kommun-` is read as `kommunnivå`, borrowing the last compound
//! part of the word after the conjunction.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::compounds;
use super::swedish::{Normalizer, with_word_terms};

/// Longest suffix after a colon that still counts as part of the word (`:arna`).
const MAX_COLON_SUFFIX: usize = 4;
/// Words that join an elliptic compound to the word that completes it.
const ELLIPSIS_CONJUNCTIONS: [&str; 6] =
    ["och", "eller", "samt", "respektive", "resp", "alternativt"];
/// Words that coordinate two adjectives sharing one noun.
const COORDINATING_CONJUNCTIONS: [&str; 3] = ["och", "eller", "samt"];

/// The word tokenizer of every Hinder analyzer. Reuses its token buffer between texts.
#[derive(Debug, Clone, Default)]
pub struct WordTokenizer {
    tokens: Vec<Token>,
    complete_ellipses: bool,
}

impl WordTokenizer {
    /// A tokenizer for Swedish text, which also completes elliptic compounds.
    pub fn swedish() -> Self {
        Self {
            tokens: Vec::new(),
            complete_ellipses: true,
        }
    }
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
        split_into(text, self.complete_ellipses, &mut self.tokens);
        WordTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// The words of `text` into `out` (reusing its buffers), elliptic compounds completed when
/// `complete_ellipses`: what a [`WordTokenizer`] emits.
pub(super) fn split_into(text: &str, complete_ellipses: bool, out: &mut Vec<Token>) {
    split_words(text, out);
    if complete_ellipses {
        complete_ellipses_in(text, out);
        share_coordinated_nouns(out);
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

/// The words of `text`, with positions counted in words, into `out` (replacing what it
/// held, reusing its tokens' text buffers).
fn split_words(text: &str, out: &mut Vec<Token>) {
    let mut runs = WordRuns::new(text).peekable();
    let mut words = 0;
    while let Some(first) = runs.next() {
        // Extend the word over hyphen-joined runs, or over a colon suffix.
        let mut last = first;
        while let Some(next) = runs.next_if(|&next| joined_by_hyphen(text, last, next)) {
            last = next;
        }
        if last.start == first.start
            && let Some(suffix) = runs.next_if(|&next| is_colon_suffix(text, first, next))
        {
            last = suffix;
        }
        set_token(out, words, text, first.start, last.end);
        words += 1;
    }
    out.truncate(words);
}

/// `kommun- och regionnivå` → `kommunnivå och regionnivå`, and likewise for lists
/// (`fiber-, koppar- eller radionät`).
fn complete_ellipses_in(text: &str, tokens: &mut [Token]) {
    let mut index = 0;
    while index < tokens.len() {
        let chain_end = (index..tokens.len())
            .find(|&i| !has_dangling_hyphen(text, &tokens[i]))
            .unwrap_or(tokens.len());
        if chain_end == index {
            index += 1;
            continue;
        }
        let conjunction = tokens.get(chain_end).map(|t| t.text.to_lowercase());
        let head = tokens.get(chain_end + 1).map(|t| t.text.to_lowercase());
        if let (Some(conjunction), Some(head)) = (conjunction, head)
            && ELLIPSIS_CONJUNCTIONS.contains(&conjunction.as_str())
            && let Some(tail) =
                compounds::split(&head).and_then(|parts| parts.last().map(|p| p.text.to_owned()))
        {
            for token in &mut tokens[index..chain_end] {
                token.text.push_str(&tail);
            }
        }
        index = chain_end + 1;
    }
}

/// `kommunala och regionala utmaningar` means kommunala utmaningar and regionala utmaningar;
/// `politisk och tjänstemannanivå` means politisk nivå and tjänstemannanivå. The shared noun
/// (or last compound part) is added after the first adjective, at the conjunction's position,
/// so that the phrase `"kommunala utmaningar"` matches.
fn share_coordinated_nouns(tokens: &mut Vec<Token>) {
    // Whether a word is an adjective and what its last compound part is come from the
    // analysis cache, which the word's terms need next anyway: a look-up in the lexicon and
    // a compound split for every conjunction cost 2 % of an import (`bench/notes.md`).
    let normalizer = Normalizer::default();
    let mut lower = String::new();
    let mut facts = |token: &Token| -> (bool, Option<String>) {
        lower_case_into(&token.text, &mut lower);
        with_word_terms(&lower, &normalizer, |terms| {
            (terms.adjective, terms.last_part(&lower).map(str::to_owned))
        })
    };
    let mut index = 0;
    while index + 2 < tokens.len() {
        // The cheap test first: most words are not followed by a conjunction.
        let conjunction = &tokens[index + 1].text;
        let coordinates = COORDINATING_CONJUNCTIONS
            .iter()
            .any(|c| conjunction.eq_ignore_ascii_case(c));
        if !coordinates || !facts(&tokens[index]).0 {
            index += 1;
            continue;
        }
        let second = &tokens[index + 2];
        let shared = match facts(second) {
            (true, _) => tokens
                .get(index + 3)
                .filter(|noun| !facts(noun).0)
                .map(|noun| (noun.text.clone(), noun)),
            (false, last_part) => last_part.map(|tail| (tail, second)),
        };
        if let Some((text, source)) = shared {
            let token = Token {
                text,
                offset_from: source.offset_from,
                offset_to: source.offset_to,
                position: tokens[index + 1].position,
                position_length: 1,
            };
            tokens.insert(index + 2, token);
            index += 3;
        } else {
            index += 1;
        }
    }
}

/// `text` lower-cased into `out` as tantivy's `LowerCaser` does it, char by char: the form
/// of the words the analysis cache holds.
pub(super) fn lower_case_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// A word directly followed by a hyphen that joins it to nothing: `kommun-` in
/// `kommun- och regionnivå`.
fn has_dangling_hyphen(text: &str, token: &Token) -> bool {
    let mut after = text[token.offset_to..].chars();
    after.next().is_some_and(is_hyphen)
        && after.next().is_none_or(|c| c.is_whitespace() || c == ',')
}

/// The maximal runs of word characters of a text, in order: read as the words are made,
/// so that splitting a text allocates nothing beyond its tokens.
struct WordRuns<'a> {
    chars: std::str::CharIndices<'a>,
    length: usize,
}

impl<'a> WordRuns<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.char_indices(),
            length: text.len(),
        }
    }
}

impl Iterator for WordRuns<'_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let start = self.chars.find(|&(_, c)| is_word_char(c))?.0;
        let end = self
            .chars
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.length, |(offset, _)| offset);
        Some(Run { start, end })
    }
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

/// Makes `out[position]` the word `text[start..end]`, in the buffer of the token there if
/// there is one: once the buffers have grown, splitting allocates nothing.
fn set_token(out: &mut Vec<Token>, position: usize, text: &str, start: usize, end: usize) {
    debug_assert!(start < end);
    if position == out.len() {
        out.push(Token::default());
    }
    let token = &mut out[position];
    token.text.clear();
    token.text.push_str(&text[start..end]);
    token.offset_from = start;
    token.offset_to = end;
    token.position = position;
    token.position_length = 1;
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
                &[("utveckling", 0), ("av", 1), ("e-tjänster", 2)],
            ),
            (
                "AG-möte 11 januari",
                &[("AG-möte", 0), ("11", 1), ("januari", 2)],
            ),
            ("AG:s förslag", &[("AG:s", 0), ("förslag", 1)]),
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

    fn swedish_tokens(text: &str) -> Vec<String> {
        let mut tokenizer = WordTokenizer::swedish();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn completes_elliptic_compounds() {
        assert_eq!(
            swedish_tokens("på kommun- och regionnivå"),
            ["på", "kommunnivå", "och", "regionnivå"]
        );
        assert_eq!(
            swedish_tokens("fiber-, koppar- eller radionät"),
            ["fibernät", "kopparnät", "eller", "radionät"]
        );
        assert_eq!(
            swedish_tokens("kommun- och region"),
            ["kommun", "och", "region"],
            "no compound to borrow from"
        );
        assert_eq!(
            swedish_tokens("kommun - och region"),
            ["kommun", "och", "region"],
            "a dash is not a hyphen"
        );
        assert_eq!(
            tokens("kommun- och regionnivå").len(),
            3,
            "only the Swedish tokenizer completes"
        );
    }

    #[test]
    fn coordinated_adjectives_share_their_noun() {
        let positioned = |text: &str| {
            let mut tokenizer = WordTokenizer::swedish();
            let mut stream = tokenizer.token_stream(text);
            let mut out = Vec::new();
            while let Some(token) = stream.next() {
                out.push((token.text.clone(), token.position));
            }
            out
        };
        assert_eq!(
            positioned("kommunala och regionala utmaningar"),
            owned(&[
                ("kommunala", 0),
                ("och", 1),
                ("utmaningar", 1),
                ("regionala", 2),
                ("utmaningar", 3)
            ])
        );
        assert_eq!(
            positioned("politisk och tjänstemannanivå"),
            owned(&[
                ("politisk", 0),
                ("och", 1),
                ("nivå", 1),
                ("tjänstemannanivå", 2)
            ])
        );
        assert_eq!(
            positioned("kommuner och regioner").len(),
            3,
            "nouns share nothing"
        );
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
