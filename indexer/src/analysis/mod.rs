//! Swedish (and English) text analysis: the token chains the index and the queries share.
//!
//! Three analyzers, registered on every index under the names below:
//!
//! | name        | chain                                                             | used for |
//! |-------------|-------------------------------------------------------------------|----------|
//! | [`SWEDISH`] | words → lowercase → Swedish stop words → Snowball Swedish stem    | Swedish text |
//! | [`ENGLISH`] | words → lowercase → English stop words → Snowball English stem    | English text |
//! | [`EXACT`]   | words → lowercase                                                 | exact forms, phrases with stop words |
//!
//! Words come from [`WordTokenizer`], which keeps `å/ä/ö`, `5G`, `e-tjänster` and `AG:s`.
//! The exact field lets a search for the written form rank above a stem-only match.

mod language;
mod stemmer;
mod tokenizer;

use rust_stemmers::Algorithm;
use tantivy::Index;
use tantivy::tokenizer::{
    Language as StopWordLanguage, LowerCaser, RemoveLongFilter, StopWordFilter, TextAnalyzer, Token,
};

use crate::corpus::Language;

pub use language::{detect_document_language, detect_passage_language};
pub use stemmer::SnowballStem;
pub use tokenizer::WordTokenizer;

/// Analyzer name of the Swedish stemming chain.
pub const SWEDISH: &str = "hinder_sv";
/// Analyzer name of the English stemming chain.
pub const ENGLISH: &str = "hinder_en";
/// Analyzer name of the unstemmed chain.
pub const EXACT: &str = "hinder_exact";

/// Tokens longer than this (in bytes) are dropped: they are noise such as URLs or hashes.
const MAX_TOKEN_BYTES: usize = 64;

/// The unstemmed chain: words, lower-cased, stop words kept.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// The stemming chain for a language.
pub fn stemming_analyzer(language: Language) -> TextAnalyzer {
    let (stop_words, algorithm) = match language {
        Language::Swedish => (StopWordLanguage::Swedish, Algorithm::Swedish),
        Language::English => (StopWordLanguage::English, Algorithm::English),
    };
    let stop_words = StopWordFilter::new(stop_words)
        .expect("tantivy's default `stopwords` feature ships Swedish and English lists");
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stop_words)
        .filter(SnowballStem::new(algorithm))
        .build()
}

/// The registered name of a language's stemming chain.
pub fn stemming_analyzer_name(language: Language) -> &'static str {
    match language {
        Language::Swedish => SWEDISH,
        Language::English => ENGLISH,
    }
}

/// Registers the three analyzers on an index; needed after every `Index::open`.
pub fn register_analyzers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(SWEDISH, stemming_analyzer(Language::Swedish));
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

/// The indexed terms of a text under a language's stemming chain.
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
            ("Bredbandssamordnarna", &["bredbandssamordn"]),
            ("bredbandssamordnare", &["bredbandssamordn"]),
            ("kommunerna och regionerna", &["kommun", "region"]),
            ("5G", &["5g"]),
            ("IoT", &["iot"]),
            ("e-tjänster", &["e-tjänst", "tjänst"]),
            ("Växtvärken", &["växtvärk"]),
            ("är inte så", &[]),
            ("Sörmland", &["sörmland"]),
        ];
        for (text, expected) in cases {
            assert_eq!(terms(Language::Swedish, text), *expected, "input: {text:?}");
        }
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
