//! Words within a few edits of a misspelt one, found once in the term dictionaries.
//!
//! tantivy's `FuzzyTermQuery` marks every document of every word within reach in a bit set
//! the size of the segment, and then walks that set: at a million findings a misspelt
//! `stockhlm` filled and scanned a million-bit set for the written form and another for the
//! stem, more than half of its search. The words within reach are few; found first, they
//! are searched as plain terms, which reads their postings and nothing else.
//!
//! The first letter must be right: the automaton then walks one letter's branch of the
//! dictionary instead of all of it (a thirtieth of the work for two edits, which took 60 %
//! of a search for `regerngen`), and a slip of the first key is the rarest typo.

use std::collections::HashMap;

use levenshtein_automata::{DFA, Distance, SINK_STATE};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::query::automaton;

/// The most words a near miss expands to, the most frequent first.
const MAX_NEAR_WORDS: usize = 32;

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
    let dfa = automaton(distance).build_dfa(word);
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
