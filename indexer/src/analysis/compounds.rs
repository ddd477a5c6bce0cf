//! Splitting Swedish compounds into their parts with the lexicon.
//!
//! Swedish writes compounds as one word, often with a linking letter (fogemorfem):
//! `bredband·s·samordnare`, `kyrk·o·gård`, `gat·u·belysning`, `fråg·e·ställning`. The Hunspell
//! dictionary marks which forms may begin, sit inside or end a compound, and lists many
//! linking forms (`utbyggnads`, `kyrko`, `arbets`) as forms of their own. A split is a path
//! through the word where every step is such a form:
//!
//! - the first part may begin a compound and middle parts may begin or sit inside one; the
//!   last part may end one (any inflection of a word that may end a compound);
//! - a first or middle part the dictionary does not list may still be a linking form of a
//!   listed word: `fråge` (fråga), `gatu` (gata), `flick` (flicka), `bya` (by), `fritids`
//!   (fritid);
//! - every part has at least [`MIN_PART_CHARS`] letters, at most [`MAX_PARTS`] parts;
//!   particles (`åter`, `genom`, `fram`, `sam`, ...) never begin a part, since they make
//!   derivations (`återkoppling`), not compounds;
//! - among all paths, the one with the fewest parts wins, then the one whose shortest part is
//!   longest: `bredbands·samordnare` beats `bredbands·sam·ordnare`;
//! - a word the lexicon knows as a whole is only split into listed parts that are words
//!   themselves or forms of words, and not after a short adjective, so a lexicalised word is
//!   not taken apart (`sam·verkan`, `sjuk·dom`).
//!
//! The search backtracks over every split point, unlike a greedy longest-match splitter.

use super::lexicon::{Entry, Lexicon};

/// Shortest part, in characters.
pub const MIN_PART_CHARS: usize = 3;
/// Most parts in one compound at one level.
pub const MAX_PARTS: usize = 4;
/// Adjectives up to this length that begin a listed word make it a word of its own.
const MAX_LEXICALISING_ADJECTIVE_CHARS: usize = 4;
/// Most parts once parts that are compounds are split too.
const MAX_FLAT_PARTS: usize = 5;
/// Words shorter than this are never split.
const MIN_WORD_CHARS: usize = 2 * MIN_PART_CHARS;
/// Prefixes and particles that derive words rather than compound them.
const PARTICLES: [&str; 26] = [
    "an", "av", "be", "bak", "bort", "efter", "emot", "er", "fram", "för", "genom", "in", "kring",
    "med", "mellan", "mot", "om", "på", "sam", "till", "under", "upp", "ut", "vid", "åter", "över",
];
/// Linking vowels that may end a first part (`kyrk·o`, `gat·u`, `fråg·e`, `by·a`).
const LINKING_VOWELS: [char; 4] = ['a', 'e', 'o', 'u'];
/// Final vowels a first part may have dropped or replaced (`flick` ← flicka, `pojk` ← pojke).
const DROPPED_VOWELS: [&str; 2] = ["a", "e"];

/// One part of a split compound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The part as written in the word, linking letter included (`utbyggnads`).
    pub text: &'a str,
    /// The dictionary words it is a form of (`utbyggnad`).
    pub lemmas: Vec<&'static str>,
    /// Its own parts, when it is a compound too (`stadsnäts` → `stads`, `nät`).
    pub parts: Vec<Part<'a>>,
}

impl Part<'_> {
    /// This part's innermost parts: itself when it has none.
    pub fn leaves(&self) -> Vec<&Self> {
        if self.parts.is_empty() {
            vec![self]
        } else {
            self.parts.iter().flat_map(Part::leaves).collect()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    First,
    Middle,
    Last,
}

impl Role {
    fn allows(self, entry: Entry) -> bool {
        match self {
            Self::First => entry.can_begin(),
            Self::Middle => entry.can_begin() || entry.can_middle(),
            Self::Last => entry.can_end(),
        }
    }
}

/// Splits a lower-case word into compound parts, or `None` when it is not a compound.
///
/// Parts that are compounds themselves are split in turn: a first or middle part through its
/// lemma (`stadsnäts` → stadsnät → `stads`, `nät`), the last part as written, so that the
/// last part stays the end of `word`.
pub fn split(word: &str) -> Option<Vec<Part<'_>>> {
    let mut parts = split_once(word)?;
    let last = parts.len() - 1;
    let mut total = parts.len();
    for (index, part) in parts.iter_mut().enumerate() {
        let inner = if index == last {
            split_once(part.text)
        } else {
            part.lemmas.first().and_then(|lemma| split_once(lemma))
        };
        if let Some(inner) = inner.filter(|inner| total + inner.len() - 1 <= MAX_FLAT_PARTS) {
            total += inner.len() - 1;
            part.parts = inner;
        }
    }
    Some(parts)
}

fn split_once(word: &str) -> Option<Vec<Part<'_>>> {
    if word.chars().count() < MIN_WORD_CHARS || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let lexicon = Lexicon::swedish();
    let known_whole = lexicon.get(word).is_some_and(Entry::is_standalone);
    // Listed forms first; unlisted linking forms only when they are needed, and never inside a
    // word the lexicon knows whole.
    let path = Search::new(word, lexicon, known_whole, false)
        .best_from(0)
        .or_else(|| {
            (!known_whole)
                .then(|| Search::new(word, lexicon, false, true).best_from(0))
                .flatten()
        })?;
    let mut start = 0;
    let parts = path
        .parts
        .into_iter()
        .map(|(end, lemmas)| {
            let part = Part {
                text: &word[start..end],
                lemmas,
                parts: Vec::new(),
            };
            start = end;
            part
        })
        .collect();
    Some(parts)
}

/// A word of its own, or a form of one; not a bound element such as `sam`.
fn is_word_or_form_of_word(lexicon: &Lexicon, entry: Entry) -> bool {
    entry.is_standalone()
        || entry
            .lemmas()
            .any(|lemma| lexicon.get(lemma).is_some_and(Entry::is_standalone))
}

/// The lemmas of `part` read as a linking form of a word: `fritids` ← fritid, `arbets` ←
/// arbete, `gatu` ← gata, `fråge` ← fråga, `bya` ← by, `flick` ← flicka, `pojk` ← pojke.
fn linking_form_lemmas(lexicon: &Lexicon, part: &str) -> Option<Vec<&'static str>> {
    let word_lemmas = |base: &str| {
        (base.chars().count() >= 2 && !PARTICLES.contains(&base))
            .then(|| lexicon.get(base))
            .flatten()
            .filter(|entry| entry.is_standalone())
            .map(|entry| entry.lemmas().collect::<Vec<_>>())
    };
    let mut candidate = String::with_capacity(part.len() + 2);
    let mut try_base = |stem: &str, suffix: &str| {
        candidate.clear();
        candidate.push_str(stem);
        candidate.push_str(suffix);
        word_lemmas(&candidate)
    };
    let mut with_dropped_vowel = |stem: &str| {
        // A consonant doubled before the linking vowel is single in the word:
        // `tjänstemann·a` ← tjänsteman.
        let undoubled = undouble_final_consonant(stem);
        std::iter::once("")
            .chain(DROPPED_VOWELS)
            .find_map(|vowel| try_base(stem, vowel))
            .or_else(|| undoubled.and_then(&word_lemmas))
    };
    // Linking -s-, possibly after a dropped vowel: `fritids`, `arbets`.
    if let Some(stem) = part.strip_suffix('s')
        && let Some(lemmas) = with_dropped_vowel(stem)
    {
        return Some(lemmas);
    }
    // A linking vowel, possibly replacing the word's own: `gatu`, `fråge`, `bya`.
    if let Some(stem) = part.strip_suffix(LINKING_VOWELS)
        && let Some(lemmas) = with_dropped_vowel(stem)
    {
        return Some(lemmas);
    }
    // A dropped final vowel: `flick`, `pojk`.
    DROPPED_VOWELS
        .iter()
        .find_map(|vowel| with_dropped_vowel_exact(lexicon, part, vowel))
}

fn with_dropped_vowel_exact(
    lexicon: &Lexicon,
    part: &str,
    vowel: &str,
) -> Option<Vec<&'static str>> {
    let base = format!("{part}{vowel}");
    lexicon
        .get(&base)
        .filter(|entry| entry.is_standalone() && !PARTICLES.contains(&base.as_str()))
        .map(|entry| entry.lemmas().collect())
}

/// `tjänstemann` → `tjänsteman`; `None` unless the word ends in a doubled consonant.
fn undouble_final_consonant(stem: &str) -> Option<&str> {
    let mut chars = stem.chars().rev();
    let (last, before) = (chars.next()?, chars.next()?);
    (last == before && !"aeiouyåäö".contains(last)).then(|| &stem[..stem.len() - last.len_utf8()])
}

/// A split of the word from some position to its end.
#[derive(Debug, Clone)]
struct SubPath {
    /// Where each part ends, with its lemmas.
    parts: Vec<(usize, Vec<&'static str>)>,
    /// Letters in the shortest part.
    shortest: usize,
}

impl SubPath {
    /// Fewer parts first, then the longest shortest part.
    fn is_better_than(&self, other: &Self) -> bool {
        (self.parts.len(), std::cmp::Reverse(self.shortest))
            < (other.parts.len(), std::cmp::Reverse(other.shortest))
    }
}

/// The best split by dynamic programming over split points: the best way to split the rest
/// of the word from a position does not depend on how the word was split before it.
struct Search<'w> {
    word: &'w str,
    lexicon: &'static Lexicon,
    /// Require every part to be a word of its own or a form of one.
    standalone_parts: bool,
    /// Consider unlisted linking forms.
    guess_linking: bool,
    /// Best split from each position after the first part; `None` inside when impossible.
    memo: Vec<Option<Option<SubPath>>>,
}

impl<'w> Search<'w> {
    fn new(
        word: &'w str,
        lexicon: &'static Lexicon,
        standalone_parts: bool,
        guess_linking: bool,
    ) -> Self {
        Self {
            word,
            lexicon,
            standalone_parts,
            guess_linking,
            memo: vec![None; word.len() + 1],
        }
    }

    /// The best split of `word[start..]`; at `start == 0` a split needs two parts at least.
    fn best_from(&mut self, start: usize) -> Option<SubPath> {
        if start > 0
            && let Some(known) = &self.memo[start]
        {
            return known.clone();
        }
        let mut best: Option<SubPath> = None;
        for (len, lemmas) in self.candidates(start) {
            let end = start + len;
            let chars = self.word[start..end].chars().count();
            let path = if end == self.word.len() {
                Some(SubPath {
                    parts: vec![(end, lemmas)],
                    shortest: chars,
                })
            } else if self.word[end..].chars().count() >= MIN_PART_CHARS {
                self.best_from(end)
                    .filter(|rest| rest.parts.len() < MAX_PARTS)
                    .map(|rest| {
                        let mut parts = Vec::with_capacity(rest.parts.len() + 1);
                        parts.push((end, lemmas));
                        parts.extend(rest.parts);
                        SubPath {
                            parts,
                            shortest: rest.shortest.min(chars),
                        }
                    })
            } else {
                None
            };
            if let Some(path) = path
                && best.as_ref().is_none_or(|best| path.is_better_than(best))
            {
                best = Some(path);
            }
        }
        if start > 0 {
            self.memo[start] = Some(best.clone());
        }
        best
    }

    /// The parts that may start at `start`: (byte length, lemmas).
    fn candidates(&self, start: usize) -> Vec<(usize, Vec<&'static str>)> {
        let rest = &self.word[start..];
        let first = start == 0;
        let mut candidates: Vec<(usize, Vec<&'static str>)> = Vec::new();
        for (len, entry) in self.lexicon.prefixes(rest) {
            let is_last = start + len == self.word.len();
            let role = match (first, is_last) {
                (true, true) => continue, // the whole word: not a split
                (true, false) => Role::First,
                (false, true) => Role::Last,
                (false, false) => Role::Middle,
            };
            let part = &rest[..len];
            if !self.allowed(part, first) || !role.allows(entry) {
                continue;
            }
            let word_like = || {
                is_word_or_form_of_word(self.lexicon, entry)
                    || (role != Role::Last && linking_form_lemmas(self.lexicon, part).is_some())
            };
            if self.standalone_parts && !word_like() {
                continue;
            }
            // A short adjective before a noun the lexicon lists whole makes a new word, not a
            // compound to search by its parts (`sjuk·dom`, `full·mäktige`, `fri·tid`), while
            // longer ones compound freely (`kommunal·lagen`, `mobil·nät`).
            let short_adjective =
                entry.is_adjective() && part.chars().count() <= MAX_LEXICALISING_ADJECTIVE_CHARS;
            if self.standalone_parts && first && short_adjective {
                continue;
            }
            // A compound-only entry (`kyrko`) is a linking form: its lemma is the word.
            let lemmas = if entry
                .lemmas()
                .any(|lemma| self.lexicon.get(lemma).is_some_and(Entry::is_standalone))
            {
                entry.lemmas().collect()
            } else {
                linking_form_lemmas(self.lexicon, part).unwrap_or_else(|| entry.lemmas().collect())
            };
            candidates.push((len, lemmas));
        }
        if self.guess_linking {
            // Unlisted linking forms, for parts that are not last.
            for (end, _) in rest.char_indices().skip(MIN_PART_CHARS) {
                let part = &rest[..end];
                if candidates.iter().any(|(len, _)| *len == end) || !self.allowed(part, first) {
                    continue;
                }
                if let Some(lemmas) = linking_form_lemmas(self.lexicon, part) {
                    candidates.push((end, lemmas));
                }
            }
        }
        candidates
    }

    /// Long enough, and not a particle at the start of the word.
    fn allowed(&self, part: &str, first: bool) -> bool {
        let particle = PARTICLES.contains(&part) || PARTICLES.contains(&part.trim_end_matches('s'));
        part.chars().count() >= MIN_PART_CHARS && !(first && particle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<&str> {
        split(word)
            .map(|parts| parts.into_iter().map(|p| p.text).collect())
            .unwrap_or_default()
    }

    #[test]
    fn parts_that_are_compounds_are_split_too() {
        let split = split("stadsnätsföreningen").unwrap();
        assert_eq!(
            split.iter().map(|p| p.text).collect::<Vec<_>>(),
            ["stadsnäts", "föreningen"]
        );
        let leaves: Vec<&str> = split
            .iter()
            .flat_map(Part::leaves)
            .map(|p| p.text)
            .collect();
        assert_eq!(leaves, ["stads", "nät", "föreningen"]);
    }

    #[test]
    fn splits_compounds_of_the_corpus() {
        let cases: &[(&str, &[&str])] = &[
            ("bredbandssamordnare", &["bredbands", "samordnare"]),
            ("bredbandssamordnarna", &["bredbands", "samordnarna"]),
            ("utbyggnadslagen", &["utbyggnads", "lagen"]),
            ("torrinstallationer", &["torr", "installationer"]),
            ("konsumentrådgivning", &["konsument", "rådgivning"]),
            ("djupintervjuer", &["djup", "intervjuer"]),
            ("digitaliseringsstrategi", &["digitaliserings", "strategi"]),
        ];
        for (word, expected) in cases {
            assert_eq!(parts(word), *expected, "{word}");
        }
    }

    #[test]
    fn keeps_words_that_are_not_compounds() {
        for word in [
            "kommunal",
            "bredband",
            "samverkan",
            "information",
            "fiber",
            "och",
            "5g",
        ] {
            assert_eq!(parts(word), Vec::<&str>::new(), "{word}");
        }
    }

    #[test]
    fn parts_know_their_lemmas() {
        let split = split("utbyggnadslagen").unwrap();
        assert_eq!(split[0].lemmas, ["utbyggnad"]);
        assert_eq!(split[1].lemmas, ["lag"]);
    }
}

/// Precision and recall on the judged list in `lexicon/compounds.toml`.
#[cfg(test)]
mod evaluation {
    use serde::Deserialize;

    use super::split;
    use crate::analysis::swedish::Normalizer;

    #[derive(Deserialize)]
    struct Judged {
        word: Vec<Word>,
    }

    #[derive(Deserialize)]
    struct Word {
        text: String,
        parts: Vec<String>,
    }

    /// A part and an expected base form agree when they share a normalised term.
    fn same_part(normalizer: &Normalizer, found: &super::Part<'_>, expected: &str) -> bool {
        let mut want = Vec::new();
        normalizer.whole(expected, &mut want);
        let mut have = Vec::new();
        for lemma in found
            .lemmas
            .iter()
            .copied()
            .chain(std::iter::once(found.text))
        {
            normalizer.whole(lemma, &mut have);
        }
        want.iter().any(|term| have.contains(term))
    }

    #[test]
    fn precision_and_recall_on_the_judged_list() {
        let judged: Judged = toml::from_str(include_str!("../../lexicon/compounds.toml"))
            .expect("compounds.toml parses");
        let normalizer = Normalizer::default();
        let (mut split_count, mut correct, mut compounds) = (0, 0, 0);
        let mut mistakes = Vec::new();
        for word in &judged.word {
            let tree = split(&word.text);
            let found: Option<Vec<&super::Part<'_>>> = tree
                .as_ref()
                .map(|parts| parts.iter().flat_map(super::Part::leaves).collect());
            if !word.parts.is_empty() {
                compounds += 1;
            }
            let Some(found) = found else {
                if !word.parts.is_empty() {
                    mistakes.push(format!(
                        "not split: {} (expected {:?})",
                        word.text, word.parts
                    ));
                }
                continue;
            };
            split_count += 1;
            // Right when the innermost parts, or the outermost ones, are the expected parts.
            let matches = |parts: &[&super::Part<'_>]| {
                parts.len() == word.parts.len()
                    && parts
                        .iter()
                        .zip(&word.parts)
                        .all(|(part, expected)| same_part(&normalizer, part, expected))
            };
            let outer: Vec<&super::Part<'_>> = tree.iter().flatten().collect();
            let right = matches(&found) || matches(&outer);
            if right {
                correct += 1;
            } else {
                let texts: Vec<&str> = found.iter().map(|p| p.text).collect();
                mistakes.push(format!(
                    "wrong: {} → {texts:?} (expected {:?})",
                    word.text, word.parts
                ));
            }
        }
        let precision = f64::from(correct) / f64::from(split_count.max(1));
        let recall = f64::from(correct) / f64::from(compounds.max(1));
        println!(
            "compound splitter on {} judged words: precision {precision:.3} ({correct}/{split_count}), recall {recall:.3} ({correct}/{compounds})",
            judged.word.len()
        );
        for mistake in &mistakes {
            println!("  {mistake}");
        }
        assert!(
            judged.word.len() >= 200,
            "the list has {} words",
            judged.word.len()
        );
        assert!(precision >= 0.9, "precision {precision:.3}");
        assert!(recall >= 0.8, "recall {recall:.3}");
    }
}
