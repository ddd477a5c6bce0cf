//! How much a word says in this material, from how common it is in Swedish at large.
//!
//! A finding is related to another by the words they share, and a shared `ska`, `hos`,
//! `dagens` or `8` says nothing: every text has them. The index's own frequencies cannot
//! tell, since a small corpus makes any word rare. So each word is weighed by its Zipf
//! frequency in general Swedish (`lexicon/sv_common.tsv`, from wordfreq): words as common
//! as `ska`, `får` and `hos` (5.6 and more) count nothing, words as rare as `fiber` or `bredband`
//! (4 and less, or not in the list) count fully, and the weight falls evenly between.
//! Numbers and stop words count nothing, and so do the nouns of complex prepositions (`i
//! anslutning till`, `i samband med`): there they are grammar, not the thing.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::stop_words::is_swedish_stop_word;

/// Zipf frequency from which a word counts nothing (`ska` 6.65, `nya` 5.83, `hos` 5.62).
const SAYS_NOTHING_FROM: f32 = 5.6;
/// Zipf frequency below which a word counts fully (`bredband` 3.71, `fiber` 3.73).
const SAYS_ALL_BELOW: f32 = 4.0;

/// The common words of Swedish with their Zipf frequencies.
static COMMON: LazyLock<HashMap<&'static str, f32>> = LazyLock::new(|| {
    include_str!("../../lexicon/sv_common.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (word, zipf) = line.split_once('\t')?;
            Some((word, zipf.trim().parse().ok()?))
        })
        .collect()
});

/// Prepositions of several words whose nouns say nothing of the thing they name
/// (`anslutning` in `i anslutning till mötet` is no broadband connection). Lower case.
const COMPLEX_PREPOSITIONS: &[&str] = &[
    "i anslutning till",
    "i samband med",
    "med anledning av",
    "med hjälp av",
    "i förhållande till",
    "i fråga om",
    "i form av",
    "i stället för",
    "på grund av",
    "till följd av",
    "med tanke på",
    "när det gäller",
    "i syfte att",
    "i enlighet med",
    "med avseende på",
    "i mån av",
    "på initiativ av",
];

/// `text` with its complex prepositions blanked out (each character of them a space, so
/// that byte offsets into it are offsets into `text`), for weighing what its words say.
pub fn without_complex_prepositions(text: &str) -> String {
    let lower = text.to_lowercase();
    // Lower-casing keeps byte lengths for the letters of these phrases, but not for every
    // letter of every text: when it does not, the text is weighed as it is.
    if lower.len() != text.len() {
        return text.to_owned();
    }
    let mut blank = vec![false; text.len()];
    for phrase in COMPLEX_PREPOSITIONS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase) {
            let start = from + at;
            let end = start + phrase.len();
            let whole = !lower[..start].ends_with(char::is_alphanumeric)
                && !lower[end..].starts_with(char::is_alphanumeric);
            if whole {
                blank[start..end].iter_mut().for_each(|b| *b = true);
            }
            from = end;
        }
    }
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.char_indices() {
        if blank[index] {
            // As many spaces as the letter's bytes: later offsets stay put.
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// How much a lower-case word says, from 0 (nothing: `ska`, `och`, `2016`) to 1 (`fiber`).
pub fn meaning(word: &str) -> f32 {
    if !word.chars().any(char::is_alphabetic) || word.chars().count() < 2 {
        return 0.0;
    }
    if is_swedish_stop_word(word) {
        return 0.0;
    }
    COMMON.get(word).map_or(1.0, |&zipf| {
        ((SAYS_NOTHING_FROM - zipf) / (SAYS_NOTHING_FROM - SAYS_ALL_BELOW)).clamp(0.0, 1.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_say_less_than_the_materials_own() {
        for word in ["ska", "kan", "får", "går", "och", "8", "2016", "16/12", "x"] {
            assert!(meaning(word) < 0.05, "{word}: {}", meaning(word));
        }
        for word in [
            "fiber",
            "bredband",
            "utbyggnadslagen",
            "stadsnät",
            "samordnare",
        ] {
            assert!((meaning(word) - 1.0).abs() < f32::EPSILON, "{word}");
        }
        assert!(meaning("hos") < meaning("mötet"));
        assert!(meaning("mötet") < meaning("anslutning"));
        assert!(COMMON.len() > 6_000, "the list is read: {}", COMMON.len());
    }

    #[test]
    fn complex_prepositions_are_blanked_in_place() {
        let text = "Avstämning sker i anslutning till mötet, i förhållande till anslutningen.";
        let blanked = without_complex_prepositions(text);
        assert_eq!(blanked.len(), text.len(), "offsets stay put");
        assert!(!blanked.contains("anslutning till"), "{blanked}");
        assert!(!blanked.contains("förhållande"), "{blanked}");
        assert!(
            blanked.contains("anslutningen"),
            "the noun itself is kept: {blanked}"
        );
        assert!(blanked.starts_with("Avstämning sker "));
        assert!(
            blanked.ends_with("mötet,                      anslutningen."),
            "{blanked}"
        );
        assert_eq!(
            without_complex_prepositions("Bianslutning till"),
            "Bianslutning till"
        );
    }
}
