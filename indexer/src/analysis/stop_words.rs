//! Swedish stop words: the words the stemming fields leave out.
//!
//! Snowball's Swedish list (the one tantivy ships), less the words that are also content
//! words in the working group's material: `man` is the pronoun and the noun (`män`),
//! `vara` and `varit` the verb and the noun (`varor`), `kan` and `kunde` forms of `kunna`
//! (to be able to, a capacity the findings are about). Dropped, a query for one of them
//! found none of its other forms, and `män` never found `man`. Their frequent pronoun and
//! auxiliary uses cost a larger index and rank low by their frequency.

/// The Swedish stop words Hinder leaves out.
const SWEDISH: [&str; 109] = [
    "och", "det", "att", "i", "en", "jag", "hon", "som", "han", "på", "den", "med", "var", "sig",
    "för", "så", "till", "är", "men", "ett", "om", "hade", "de", "av", "icke", "mig", "du",
    "henne", "då", "sin", "nu", "har", "inte", "hans", "honom", "skulle", "hennes", "där", "min",
    "ej", "vid", "något", "från", "ut", "när", "efter", "upp", "vi", "dem", "vad", "över", "än",
    "dig", "sina", "här", "ha", "mot", "alla", "under", "någon", "eller", "allt", "mycket",
    "sedan", "ju", "denna", "själv", "detta", "åt", "utan", "hur", "ingen", "mitt", "ni", "bli",
    "blev", "oss", "din", "dessa", "några", "deras", "blir", "mina", "samma", "vilken", "er",
    "sådan", "vår", "blivit", "dess", "inom", "mellan", "sådant", "varför", "varje", "vilka",
    "ditt", "vem", "vilket", "sitt", "sådana", "vart", "dina", "vars", "vårt", "våra", "ert",
    "era", "vilkas",
];

/// Whether the stemming fields leave a lower-case word out. Asked once per distinct word
/// (the analysis cache remembers the answer), so a scan of the list is enough.
pub(super) fn is_swedish_stop_word(word: &str) -> bool {
    SWEDISH.contains(&word)
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, RawTokenizer, StopWordFilter, TextAnalyzer, TokenStream};

    use super::*;

    /// Snowball's Swedish stop words that carry meaning here, so are indexed after all.
    const MEANINGFUL: [&str; 5] = ["man", "vara", "varit", "kan", "kunde"];

    fn snowball_stop_word(word: &str) -> bool {
        let filter = StopWordFilter::new(Language::Swedish).expect("Swedish stop words");
        let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
            .filter(filter)
            .build();
        !analyzer.token_stream(word).advance()
    }

    /// The list is Snowball's, word for word, but for the meaningful words.
    #[test]
    fn snowball_less_the_meaningful_words() {
        for word in SWEDISH {
            assert!(
                snowball_stop_word(word),
                "{word} is not a Snowball stop word"
            );
            assert!(is_swedish_stop_word(word), "{word}");
        }
        for word in MEANINGFUL {
            assert!(
                snowball_stop_word(word),
                "{word} is not a Snowball stop word"
            );
            assert!(!is_swedish_stop_word(word), "{word} is left out");
        }
        assert!(!is_swedish_stop_word("bredband"));
    }
}
