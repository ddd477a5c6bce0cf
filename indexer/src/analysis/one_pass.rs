//! One analysis of a text for every field that indexes it as Swedish.
//!
//! A Swedish finding's text goes into three fields (its written words, their normalised
//! stems, their compound parts), and its section title into three more. Each field has an
//! analyzer of its own, as tantivy wants, but the three do the same work up to their last
//! step: split the text into words, drop the overlong ones, lower-case, look each word up
//! in the analysis cache. tantivy indexes a document's fields one after the other, in field
//! order, on one thread, so the first of the three analyzers to meet a text analyses it and
//! keeps the result on its thread; the other two read their terms from it. A different
//! text (the next field, the next finding, a query) simply replaces it: the memo never
//! changes what is emitted, only how often the work is done (about a third of the indexing
//! time went to doing it three times, `docs/benchmarks.md`).

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::MAX_TOKEN_BYTES;
use super::swedish::{Normalizer, next_packed_term, with_word_terms};
use super::tokenizer::{lower_case_into, split_into};

/// Which of a Swedish text's fields an analyzer fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwedishField {
    /// The written words, lower-cased, stop words kept.
    Written,
    /// Each word's normalised stems (usually one); nothing for stop words.
    Whole,
    /// The normalised stems of each compound's parts; nothing for other words.
    Parts,
}

/// A text split into lower-case words, each with what the Swedish analysis says of it.
#[derive(Debug, Default)]
struct Analysed {
    text: String,
    /// The words, lower-cased, without the overlong ones; positions count those too.
    words: Vec<Token>,
    /// `terms[i]` says where the terms of `words[i]` lie in `packed`.
    terms: Vec<PackedTerms>,
    /// The terms of every word back to back, as [`super::swedish::WordTerms`] packs them:
    /// copied out of the analysis cache once per word, then read by all three fields from
    /// this one buffer, which stays in the processor's cache.
    packed: String,
    /// Scratch space for lower-casing.
    buffer: String,
}

/// Where one word's terms lie in [`Analysed::packed`].
#[derive(Debug, Clone)]
struct PackedTerms {
    /// The whole-word terms.
    whole: Range<usize>,
    /// The parts' terms.
    parts: Range<usize>,
    /// A stop word: the stemming fields leave it out.
    stop: bool,
}

impl Analysed {
    fn analyse(&mut self, text: &str, normalizer: &Normalizer) {
        self.text.clear();
        self.text.push_str(text);
        split_into(text, true, &mut self.words);
        self.words.retain(|word| word.text.len() < MAX_TOKEN_BYTES);
        self.terms.clear();
        self.packed.clear();
        for word in &mut self.words {
            lower_case(&mut word.text, &mut self.buffer);
            let packed = &mut self.packed;
            let terms = with_word_terms(&word.text, normalizer, |terms| {
                let (bytes, whole_bytes) = terms.packed();
                let start = packed.len();
                packed.push_str(bytes);
                PackedTerms {
                    whole: start..start + whole_bytes,
                    parts: start + whole_bytes..packed.len(),
                    stop: terms.stop,
                }
            });
            self.terms.push(terms);
        }
    }
}

thread_local! {
    /// The text analysed last on this thread.
    static LAST: RefCell<Rc<Analysed>> = RefCell::default();
}

/// The analysis of `text`: the one kept on this thread if it is of the same text, else a
/// new one, which is kept instead.
fn analysed(text: &str, normalizer: &Normalizer) -> Rc<Analysed> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.text != text {
            match Rc::get_mut(&mut last) {
                // Nothing else holds it: its buffers are reused.
                Some(kept) => kept.analyse(text, normalizer),
                None => {
                    let mut fresh = Analysed::default();
                    fresh.analyse(text, normalizer);
                    *last = Rc::new(fresh);
                }
            }
        }
        Rc::clone(&last)
    })
}

/// Lower-cases a word: ASCII in place, anything else into `buffer` ([`lower_case_into`]),
/// which then trades places with the word (no allocation once warm).
fn lower_case(word: &mut String, buffer: &mut String) {
    if word.is_ascii() {
        word.make_ascii_lowercase();
    } else {
        lower_case_into(word, buffer);
        std::mem::swap(word, buffer);
    }
}

/// The tokenizer of one of the Swedish fields: words of [`super::WordTokenizer::swedish`],
/// overlong ones dropped, lower-cased, then the field's terms.
#[derive(Debug, Clone, Copy)]
pub struct SwedishFieldTokenizer {
    field: SwedishField,
}

impl SwedishFieldTokenizer {
    /// The tokenizer of a field.
    pub fn new(field: SwedishField) -> Self {
        Self { field }
    }
}

impl Tokenizer for SwedishFieldTokenizer {
    type TokenStream<'a> = SwedishFieldStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SwedishFieldStream {
        SwedishFieldStream {
            analysed: analysed(text, &Normalizer::default()),
            field: self.field,
            word: 0,
            term: 0,
            token: Token::default(),
        }
    }
}

/// The terms of one field, word by word; a word may give several at its position.
#[derive(Debug)]
pub struct SwedishFieldStream {
    analysed: Rc<Analysed>,
    field: SwedishField,
    /// The word being emitted.
    word: usize,
    /// Where its next term starts: a byte of [`Analysed::packed`], or, for the written
    /// field, 0 before the word and 1 after it.
    term: usize,
    token: Token,
}

impl Analysed {
    /// The term of word `word` in a field that starts at `from` (0 for its first), and
    /// where the next one starts, if it has one.
    fn term(&self, field: SwedishField, word: usize, from: usize) -> Option<(&str, usize)> {
        let terms = &self.terms[word];
        let range = match field {
            SwedishField::Written => {
                return (from == 0).then_some((self.words[word].text.as_str(), 1));
            }
            // The stemming fields leave stop words out (their position stays a gap).
            SwedishField::Whole | SwedishField::Parts if terms.stop => return None,
            SwedishField::Whole => &terms.whole,
            SwedishField::Parts => &terms.parts,
        };
        next_packed_term(&self.packed, from.max(range.start), range.end)
    }
}

impl TokenStream for SwedishFieldStream {
    fn advance(&mut self) -> bool {
        while self.word < self.analysed.words.len() {
            if let Some((term, next)) = self.analysed.term(self.field, self.word, self.term) {
                let word = &self.analysed.words[self.word];
                // Into the token's own buffer: no allocation per term.
                self.token.text.clear();
                self.token.text.push_str(term);
                self.token.offset_from = word.offset_from;
                self.token.offset_to = word.offset_to;
                self.token.position = word.position;
                self.token.position_length = word.position_length;
                self.term = next;
                return true;
            }
            self.word += 1;
            self.term = 0;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer};

    use super::*;
    use crate::analysis::stop_words::is_swedish_stop_word;
    use crate::analysis::{WordTokenizer, tokens};

    fn analyzer(field: SwedishField) -> TextAnalyzer {
        TextAnalyzer::from(SwedishFieldTokenizer::new(field))
    }

    fn described(tokens: Vec<Token>) -> Vec<(String, usize, usize, usize)> {
        tokens
            .into_iter()
            .map(|t| (t.text, t.position, t.offset_from, t.offset_to))
            .collect()
    }

    /// What a field should hold, from the words of a plain chain, the stop list and the
    /// normaliser itself (no cache, no memo).
    fn expected(field: SwedishField, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut words = TextAnalyzer::builder(WordTokenizer::swedish())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build();
        let normalizer = Normalizer::default();
        let mut out = Vec::new();
        for word in tokens(&mut words, text) {
            let stop = is_swedish_stop_word(&word.text);
            let mut of_word = Vec::new();
            match field {
                SwedishField::Written => of_word.push(word.text.clone()),
                SwedishField::Whole if !stop => normalizer.whole(&word.text, &mut of_word),
                SwedishField::Parts if !stop => normalizer.parts(&word.text, &mut of_word),
                SwedishField::Whole | SwedishField::Parts => {}
            }
            for term in of_word {
                out.push((term, word.position, word.offset_from, word.offset_to));
            }
        }
        out
    }

    /// Each field gets its terms, whatever the order the fields ask in and however texts
    /// alternate.
    #[test]
    fn one_pass_gives_each_field_its_terms() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let texts = [
            "Bredbandssamordnarna i kommun- och regionnivå har ÄNNU INTE fått AG:s besked",
            "kommunala och regionala utmaningar",
            "Växtvärken Öppnar e-tjänster för 5G i Sörmland",
            &format!("kort {long} ord"),
            "",
            "... !!",
        ];
        let fields = [
            SwedishField::Parts,
            SwedishField::Written,
            SwedishField::Whole,
        ];
        for text in texts {
            for field in fields {
                let got = described(tokens(&mut analyzer(field), text));
                assert_eq!(got, expected(field, text), "{field:?}: {text}");
            }
        }
        for field in fields {
            for text in texts.iter().rev() {
                let got = described(tokens(&mut analyzer(field), text));
                assert_eq!(got, expected(field, text), "{field:?}: {text}");
            }
        }
    }

    #[test]
    fn a_stream_kept_alive_does_not_see_the_next_text() {
        let mut whole = analyzer(SwedishField::Whole);
        let mut first = whole.clone();
        let mut stream = first.token_stream("kommunerna");
        let second = tokens(&mut whole, "hindren");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "kommun");
        assert_eq!(second[0].text, "hind");
    }
}
