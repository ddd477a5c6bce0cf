//! Swedish (and English) text analysis: the token chains the index and the queries share.
//!
//! Four analyzers, registered on every index under the names below:
//!
//! | name              | chain                                                          | used for |
//! |-------------------|----------------------------------------------------------------|----------|
//! | [`SWEDISH`]       | words → lowercase → stop words → lemma (lexicon) → Snowball    | Swedish text |
//! | [`SWEDISH_PARTS`] | words → lowercase → stop words → compound parts → lemma → Snowball | parts of Swedish compounds |
//! | [`ENGLISH`]       | words → lowercase → English stop words → Snowball English      | English text |
//! | [`EXACT`]         | words → lowercase                                              | the written form, phrases with stop words |
//!
//! Words come from [`WordTokenizer`], which keeps `å/ä/ö`, `5G`, `e-tjänster` and `AG:s` and,
//! for Swedish, completes elliptic compounds. [`swedish`] explains the lemma step and
//! [`compounds`] the splitting. The exact field lets the written form rank above other
//! forms, and the parts field lets a word find the compounds it is part of, below both.
//! The three Swedish chains ([`SWEDISH`], [`SWEDISH_PARTS`], [`EXACT`]) differ only in their
//! last step, so [`SwedishFieldTokenizer`] analyses a text once for all three.

pub mod commonness;
pub mod compounds;
mod language;
mod lexicon;
mod one_pass;
mod stemmer;
mod stop_words;
pub mod swedish;
mod tokenizer;

use rust_stemmers::Algorithm;
use tantivy::Index;
use tantivy::tokenizer::{
    Language as StopWordLanguage, LowerCaser, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token,
};

use crate::corpus::Language;

pub use language::{detect_document_language, detect_passage_language, detect_text_language};
pub use lexicon::{Entry, Lexicon};
pub use one_pass::{SwedishField, SwedishFieldTokenizer};
pub use stemmer::SnowballStem;
pub use tokenizer::WordTokenizer;

/// Analyzer name of the Swedish whole-word chain.
pub const SWEDISH: &str = "hinder_sv";
/// Analyzer name of the Swedish compound-part chain.
pub const SWEDISH_PARTS: &str = "hinder_sv_parts";
/// Analyzer name of the English stemming chain.
pub const ENGLISH: &str = "hinder_en";
/// Analyzer name of the unstemmed chain.
pub const EXACT: &str = "hinder_exact";

/// Tokens longer than this (in bytes) are dropped: they are noise such as URLs or hashes.
const MAX_TOKEN_BYTES: usize = 64;

fn english_stop_words() -> StopWordFilter {
    StopWordFilter::new(StopWordLanguage::English)
        .expect("tantivy's default `stopwords` feature ships an English list")
}

/// The unstemmed chain: words (elliptic compounds completed), lower-cased, stop words kept.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(SwedishFieldTokenizer::new(SwedishField::Written))
}

/// The whole-word chain for a language; a language without a stemmer gets the exact chain.
pub fn stemming_analyzer(language: Language) -> TextAnalyzer {
    match language {
        Language::Other(_) => exact_analyzer(),
        Language::Swedish => TextAnalyzer::from(SwedishFieldTokenizer::new(SwedishField::Whole)),
        Language::English => TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(english_stop_words())
            .filter(SnowballStem::new(Algorithm::English))
            .build(),
    }
}

/// The compound-part chain: for each Swedish compound, the terms of its parts.
pub fn parts_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(SwedishFieldTokenizer::new(SwedishField::Parts))
}

/// One of each chain, built once and cloned cheaply (a clone shares the stop-word sets).
#[derive(Clone)]
pub struct Analyzers {
    /// [`exact_analyzer`].
    pub exact: TextAnalyzer,
    /// [`stemming_analyzer`] for Swedish.
    pub swedish: TextAnalyzer,
    /// [`stemming_analyzer`] for English.
    pub english: TextAnalyzer,
    /// [`parts_analyzer`].
    pub parts: TextAnalyzer,
}

impl std::fmt::Debug for Analyzers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzers").finish_non_exhaustive()
    }
}

impl Default for Analyzers {
    fn default() -> Self {
        Self {
            exact: exact_analyzer(),
            swedish: stemming_analyzer(Language::Swedish),
            english: stemming_analyzer(Language::English),
            parts: parts_analyzer(),
        }
    }
}

impl Analyzers {
    /// The whole-word chain of a language.
    pub fn stemming(&mut self, language: Language) -> &mut TextAnalyzer {
        match language {
            Language::Swedish => &mut self.swedish,
            Language::English => &mut self.english,
            Language::Other(_) => &mut self.exact,
        }
    }
}

/// Registers the analyzers on an index; needed after every `Index::open`.
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(SWEDISH, stemming_analyzer(Language::Swedish));
    manager.register(SWEDISH_PARTS, parts_analyzer());
    manager.register(ENGLISH, stemming_analyzer(Language::English));
    manager.register(EXACT, exact_analyzer());
}

/// All tokens an analyzer produces for a text, with offsets and positions.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.clone());
    }
    out
}

/// The indexed terms of a text under a language's whole-word chain.
pub fn terms(language: Language, text: &str) -> Vec<String> {
    tokens(&mut stemming_analyzer(language), text)
        .into_iter()
        .map(|token| token.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_terms(text: &str) -> Vec<String> {
        tokens(&mut exact_analyzer(), text)
            .into_iter()
            .map(|token| token.text)
            .collect()
    }

    #[test]
    fn swedish_chain_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Utbyggnadslagen", &["utbyggnadslag"]),
            ("utbyggnadslag", &["utbyggnadslag"]),
            ("torrinstallationer", &["torrinstallation"]),
            ("torrinstallation", &["torrinstallation"]),
            ("hinder hindret hindren", &["hind", "hind", "hind"]),
            ("Bredbandssamordnarna", &["bredbandssamordn"]),
            ("bredbandssamordnare", &["bredbandssamordn"]),
            ("kommunerna och regionerna", &["kommun", "region"]),
            ("5G", &["5g"]),
            ("IoT", &["iot"]),
            ("e-tjänster", &["e-tjänst"]),
            ("Växtvärken", &["växtvärk"]),
            ("är inte så", &[]),
            ("Sörmland", &["sörmland"]),
        ];
        for (text, expected) in cases {
            assert_eq!(terms(Language::Swedish, text), *expected, "input: {text:?}");
        }
    }

    #[test]
    fn parts_chain_emits_compound_parts_at_the_compound() {
        let parts = tokens(&mut parts_analyzer(), "Bredbandssamordnarna i kommunen");
        let texts: Vec<(&str, usize)> = parts
            .iter()
            .map(|t| (t.text.as_str(), t.position))
            .collect();
        assert_eq!(texts, [("bredband", 0), ("samordn", 0)]);
        assert_eq!(
            (parts[0].offset_from, parts[0].offset_to),
            (0, "Bredbandssamordnarna".len())
        );
    }

    #[test]
    fn english_chain_stems_english() {
        assert_eq!(
            terms(Language::English, "the networks are growing"),
            ["network", "grow"]
        );
    }

    #[test]
    fn exact_chain_keeps_form_and_stop_words() {
        assert_eq!(exact_terms("Var god DRÖJ"), ["var", "god", "dröj"]);
        assert_eq!(exact_terms("Utbyggnadslagen"), ["utbyggnadslagen"]);
    }

    #[test]
    fn stop_words_leave_position_gaps_for_phrases() {
        let positions: Vec<usize> =
            tokens(&mut stemming_analyzer(Language::Swedish), "fiber i fokus")
                .iter()
                .map(|token| token.position)
                .collect();
        assert_eq!(positions, [0, 2]);
    }

    #[test]
    fn very_long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(exact_terms(&format!("kort {long} ord")), ["kort", "ord"]);
    }
}
