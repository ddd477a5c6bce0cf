//! Words within a few edits of a misspelt one, found once in the term dictionaries.
//!
//! tantivy's `FuzzyTermQuery` marks every document of every word within reach in a bit set
//! the size of the segment, and then walks that set: at a million findings a misspelt
//! `stockhlm` filled and scanned a million-bit set for the written form and another for the
//! stem, more than half of its search. The words within reach are few; found first, they
//! are searched as plain terms, which reads their postings and nothing else.
//!
//! The first letter must be right: the automaton then walks one letter's branch of the
//! dictionary instead of all of it (a small part of the work for two edits, which was most
//! of a search for `regerngen`), and a slip of the first key is the rarest typo.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The most words a near miss expands to, the most frequent first.
const MAX_NEAR_WORDS: usize = 32;
/// The most automata kept for reuse; past it the cache starts over.
const AUTOMATA_KEPT: usize = 512;

/// The automaton accepting the words within `distance` edits of `word` (a transposition is
/// one edit).
///
/// Building one is the dear part of a near miss (some milliseconds for a long word with two
/// edits), and one search builds it several times over: for the query, again to mark the
/// snippets, again for the correction it offers. Kept here, it is built once for all of them
/// and for the next search with the same typo.
pub(crate) fn automaton(word: &str, distance: u8) -> Arc<DFA> {
    type Cache = Mutex<HashMap<(String, u8), Arc<DFA>>>;
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; 2] =
        [OnceLock::new(), OnceLock::new()];
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let distance = distance.clamp(1, 2);
    let cache = CACHE.get_or_init(Cache::default);
    let key = (word.to_owned(), distance);
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Arc::clone(found);
    }
    let builder = BUILDERS[usize::from(distance - 1)]
        .get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true));
    let built = Arc::new(builder.build_dfa(word));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= AUTOMATA_KEPT {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&built));
    built
}

/// A Levenshtein automaton walking a term dictionary.
struct Near<'a>(&'a DFA);

impl tantivy_fst::Automaton for Near<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The terms of `field` within `distance` edits of `word` (a transposition is one edit)
/// that start with its first letter, those in most findings first. A segment whose
/// dictionary cannot be read adds none: a near miss is a courtesy, not a promise.
pub(crate) fn near_terms(searcher: &Searcher, field: Field, word: &str, distance: u8) -> Vec<Term> {
    let Some(first) = word.chars().next() else {
        return Vec::new();
    };
    let lower = first.to_string().into_bytes();
    let mut upper = lower.clone();
    // No UTF-8 byte is 0xFF: every word that starts with `first` sorts below this.
    upper.push(0xFF);
    let dfa = automaton(word, distance);
    let mut found: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted
            .terms()
            .search(Near(&dfa))
            .ge(&lower)
            .lt(&upper)
            .into_stream()
        else {
            continue;
        };
        while stream.advance() {
            *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
        }
    }
    let mut found: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
    found.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found
        .into_iter()
        .take(MAX_NEAR_WORDS)
        .map(|(bytes, _)| Term::from_field_text(field, &String::from_utf8_lossy(&bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_automaton_is_built_once_per_word_and_distance() {
        let first = automaton("torinstallationer", 2);
        assert!(Arc::ptr_eq(&first, &automaton("torinstallationer", 2)));
        assert!(!Arc::ptr_eq(&first, &automaton("torinstallationer", 1)));
        assert!(matches!(
            first.eval("torrinstallationer"),
            Distance::Exact(1)
        ));
        assert!(matches!(
            automaton("komun", 1).eval("kommunen"),
            Distance::AtLeast(_)
        ));
    }
}
