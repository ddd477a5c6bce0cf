//! The Swedish end of the analysis chain: from a lower-case word to the terms it is indexed
//! and searched under.
//!
//! Snowball alone gives the forms of one word different stems (`hinder` → `hind`, `hindret`
//! → `hindret`, `hindren` → `hindr`). So a word the lexicon knows is first replaced by its
//! lemma, then stemmed: every form of `hinder` becomes `hind`. A compound the lexicon does
//! not list as a whole is normalised the same way through its last part
//! (`bredbandssamordnarnas` → `bredbandssamordna` → `bredbandssamordn`). Other words are
//! stemmed as they are.
//!
//! Compound parts are indexed in a field of their own ([`PARTS`](super::SWEDISH_PARTS)), at
//! the position of the compound, so that `samordnare` finds `bredbandssamordnarna` but ranks
//! below a finding that has the word itself.

use std::ops::Range;
use std::sync::{LazyLock, RwLock};

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::compounds;
use super::lexicon::{Entry, Lexicon};
use super::stop_words::is_swedish_stop_word;

/// Word → terms, with the lexicon and the Snowball Swedish stemmer.
pub struct Normalizer {
    stemmer: Stemmer,
    lexicon: &'static Lexicon,
}

impl std::fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Normalizer").finish_non_exhaustive()
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Self {
            stemmer: Stemmer::create(Algorithm::Swedish),
            lexicon: Lexicon::swedish(),
        }
    }
}

impl Normalizer {
    /// Appends the whole-word terms of a lower-case word (usually one).
    pub fn whole(&self, word: &str, out: &mut Vec<String>) {
        if let Some(base) = abbreviation_base(word) {
            return self.whole(base, out);
        }
        if word.contains('-') || !word.chars().any(char::is_alphabetic) {
            push_unique(out, self.stem(word));
            return;
        }
        if !self.lemmas_of_listed(word, out) {
            self.whole_of_split(word, compounds::split(word).as_deref(), out);
        }
    }

    /// The lemmas' terms of a word the lexicon lists as a word of its own; false if it
    /// does not.
    fn lemmas_of_listed(&self, word: &str, out: &mut Vec<String>) -> bool {
        let Some(entry) = self.lexicon.get(word).filter(|entry| entry.is_standalone()) else {
            return false;
        };
        for lemma in entry.lemmas() {
            push_unique(out, self.stem(lemma));
        }
        true
    }

    /// [`Self::whole`] of a plain word the lexicon does not list, from its compound split.
    fn whole_of_split(
        &self,
        word: &str,
        split: Option<&[compounds::Part<'_>]>,
        out: &mut Vec<String>,
    ) {
        if let Some(parts) = split {
            // The word as written up to its last part, then that part's lemma.
            let last = parts.last().expect("a split has at least two parts");
            let head = &word[..word.len() - last.text.len()];
            let normalised = format!(
                "{head}{}",
                last.lemmas.first().copied().unwrap_or(last.text)
            );
            push_unique(out, self.stem(&normalised));
            return;
        }
        push_unique(out, self.stem(word));
    }

    /// Appends the terms of a lower-case word's compound parts; nothing if it has none.
    pub fn parts(&self, word: &str, out: &mut Vec<String>) {
        if let Some(base) = abbreviation_base(word) {
            return self.parts(base, out);
        }
        if word.contains('-') {
            for part in word.split('-').filter(|part| part.chars().count() >= 2) {
                self.whole(part, out);
                self.parts(part, out);
            }
            return;
        }
        self.parts_of_split(compounds::split(word).unwrap_or_default(), out);
    }

    /// [`Self::parts`] of a plain word from its compound split.
    fn parts_of_split(&self, mut pending: Vec<compounds::Part<'_>>, out: &mut Vec<String>) {
        // Every part, and the parts of parts: `landsbygdsutmaningen` is found by
        // `landsbygd`, `bygd` and `utmaning`.
        pending.reverse();
        while let Some(part) = pending.pop() {
            if part.lemmas.is_empty() {
                push_unique(out, self.stem(part.text));
            }
            for lemma in &part.lemmas {
                push_unique(out, self.stem(lemma));
            }
            pending.extend(part.parts.into_iter().rev());
        }
    }

    /// Both [`Self::whole`] and [`Self::parts`], splitting the word once: indexing needs
    /// both for every word, and the split is the costly step. Returns where the word's last
    /// compound part lies in it, if it is a compound.
    pub fn whole_and_parts(
        &self,
        word: &str,
        whole: &mut Vec<String>,
        parts: &mut Vec<String>,
    ) -> Option<Range<usize>> {
        let plain = abbreviation_base(word).is_none()
            && !word.contains('-')
            && word.chars().any(char::is_alphabetic);
        if !plain {
            // Colons, hyphens and words without letters are never split whole.
            self.whole(word, whole);
            self.parts(word, parts);
            return None;
        }
        let split = compounds::split(word);
        if !self.lemmas_of_listed(word, whole) {
            self.whole_of_split(word, split.as_deref(), whole);
        }
        let last_part = split.as_deref().and_then(last_part_range);
        self.parts_of_split(split.unwrap_or_default(), parts);
        last_part
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }

    /// The lexicon entry of a word, if any.
    pub fn entry(&self, word: &str) -> Option<Entry> {
        self.lexicon.get(word)
    }
}

/// Where the last of a split's parts lies in the word: the parts follow each other from
/// its first byte.
fn last_part_range(split: &[compounds::Part<'_>]) -> Option<Range<usize>> {
    let (last, before) = split.split_last()?;
    let start: usize = before.iter().map(|part| part.text.len()).sum();
    Some(start..start + last.text.len())
}

/// `ag:s` → `ag`: the genitive or definite ending of an abbreviation is not part of it.
fn abbreviation_base(word: &str) -> Option<&str> {
    word.split_once(':')
        .map(|(base, _)| base)
        .filter(|base| !base.is_empty())
}

fn push_unique(out: &mut Vec<String>, term: String) {
    if !out.contains(&term) {
        out.push(term);
    }
}

/// Words each cache holds (each thread's, and the one they share): 300,000 words hold the
/// whole vocabulary of 50,000 passages of Swedish newsreel speech (2.5 million tokens,
/// 230,015 distinct words). A slot of the table is 64 bytes, the word and its terms inline
/// (a heap string only for the rare word whose terms take more than 24 bytes), and the
/// table has 524,288 slots when full: about 35 MB per cache; a server's threads meet only
/// the words of queries and of the hits they mark.
const CACHE_WORDS: usize = 300_000;
/// Words from which a cache grows to [`CACHE_WORDS`] at once: see [`make_room`].
const GROW_TO_FULL_FROM: usize = 1 << 16;

/// Ends each term in [`WordTerms`]: a word is made of letters, digits, hyphens and a colon
/// ([`super::tokenizer`]), and so is every term the analysis makes of one.
const TERM_END: u8 = 0;

/// Everything the Swedish analysis says about one lower-case word.
///
/// Its terms sit back to back in one string, inline for nearly every word: indexing looks
/// a word up in the cache for every token, and a cache hit that then has to follow pointers
/// to a list and from there to each term misses the processor's cache at each step
/// (`bench/notes.md`, indexing on 2026-12-07).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordTerms {
    /// The whole-word terms, then the parts' terms, each followed by [`TERM_END`].
    terms: CompactString,
    /// Bytes of `terms` that hold the whole-word terms.
    whole_bytes: u32,
    /// Where the word's last compound part starts and ends in the word (`nivå` of
    /// `tjänstemannanivå`); both 0 when it is no compound. Offsets rather than a range, so
    /// that the entry still fits the table's 64-byte slot with its word.
    last_part: (u32, u32),
    /// Whether it is a Swedish stop word, which the whole-word chains leave out.
    pub stop: bool,
    /// Whether the lexicon lists it as an adjective.
    pub adjective: bool,
}

// The entry and its word fill one 64-byte slot of the cache's table.
const _: () =
    assert!(std::mem::size_of::<WordTerms>() + std::mem::size_of::<CompactString>() <= 64);

impl WordTerms {
    /// The terms of a word: its normalised stems and the stems of its compound parts.
    fn new(whole: &[String], parts: &[String], facts: WordFacts) -> Self {
        fn push(terms: &mut CompactString, term: &str) {
            debug_assert!(!term.as_bytes().contains(&TERM_END), "{term:?}");
            terms.push_str(term);
            terms.push(char::from(TERM_END));
        }
        let mut terms = CompactString::default();
        whole.iter().for_each(|term| push(&mut terms, term));
        let whole_bytes = terms.len();
        parts.iter().for_each(|term| push(&mut terms, term));
        // A word whose terms or parts lie beyond 4 GiB cannot be tokenized, let alone split.
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        let last_part = facts
            .last_part
            .map_or((0, 0), |part| (offset(part.start), offset(part.end)));
        Self {
            terms,
            whole_bytes: offset(whole_bytes),
            last_part,
            stop: facts.stop,
            adjective: facts.adjective,
        }
    }

    /// The last compound part of `word`, the word these are the terms of: `nivå` of
    /// `tjänstemannanivå`; `None` when it is no compound.
    pub fn last_part<'w>(&self, word: &'w str) -> Option<&'w str> {
        let (start, end) = self.last_part;
        (end > start).then(|| word.get(start as usize..end as usize))?
    }

    /// Its normalised stems (usually one): the terms of the whole-word field.
    pub fn whole(&self) -> impl Iterator<Item = &str> {
        self.terms[..self.whole_bytes as usize].split_terminator(char::from(TERM_END))
    }

    /// The normalised stems of its compound parts: the terms of the parts field.
    pub fn parts(&self) -> impl Iterator<Item = &str> {
        self.terms[self.whole_bytes as usize..].split_terminator(char::from(TERM_END))
    }

    /// Its whole-word terms and its parts' terms, each followed by [`TERM_END`], and how
    /// many of the bytes are the whole-word terms: to copy a word's terms in one go.
    pub(super) fn packed(&self) -> (&str, usize) {
        (&self.terms, self.whole_bytes as usize)
    }
}

/// The next term of packed terms ([`WordTerms::packed`]) that starts at byte `from` and
/// ends before byte `end`, and the byte where the one after it starts.
pub(super) fn next_packed_term(packed: &str, from: usize, end: usize) -> Option<(&str, usize)> {
    let rest = packed.get(from..end)?;
    // TERM_END is one byte, which UTF-8 never uses inside another character: a byte scan
    // finds it faster than a search for the character (most terms are a few bytes long).
    let length = rest.bytes().position(|byte| byte == TERM_END)?;
    Some((&rest[..length], from + length + 1))
}

thread_local! {
    /// Word → terms, per thread. Word frequencies follow Zipf's law, so most tokens, when
    /// indexing and when searching, are words seen before, and compound splitting is the
    /// expensive step. Per thread, so no lock. Bounded: once full it takes no new words,
    /// rather than tracking use, so a hit is one hash lookup and no allocation. The words
    /// it keeps are the ones seen first, which are mostly the frequent ones; clearing it
    /// instead would throw those away whenever the vocabulary outgrows it, over and over
    /// on a large corpus. The terms sit in the table's slot, next to the word.
    static CACHE: std::cell::RefCell<FxHashMap<CompactString, WordTerms>> =
        std::cell::RefCell::default();
}

/// Words any thread has analysed, for the threads that meet them later: a word one indexing
/// thread split is not split again by the next. Behind each thread's own cache, which it
/// fills with copies, so that no cache line of a frequent word is shared between cores.
static SHARED: LazyLock<RwLock<FxHashMap<CompactString, WordTerms>>> =
    LazyLock::new(RwLock::default);

/// Empties the cache the threads share. A bulk import calls it once its findings are
/// analysed: the merges that follow need the memory (a million findings' merge is the
/// import's peak), and the indexing threads whose words it held have ended.
pub fn forget_shared_words() {
    let mut shared = SHARED
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *shared = FxHashMap::default();
}

/// Calls `read` with what the analysis says about a lower-case word, from this thread's
/// cache, from the one all threads share, or computed and remembered in both. A word not
/// seen before gets both kinds of terms at once: indexing asks for both, and both need the
/// word's compound split. `read` borrows the cache's own entry: nothing is copied on a hit.
pub fn with_word_terms<T>(
    word: &str,
    normalizer: &Normalizer,
    read: impl FnOnce(&WordTerms) -> T,
) -> T {
    CACHE.with(|cache| {
        if let Some(terms) = cache.borrow().get(word) {
            return read(terms);
        }
        let terms = shared_word_terms(word, normalizer);
        let answer = read(&terms);
        let mut cache = cache.borrow_mut();
        if cache.len() < CACHE_WORDS {
            make_room(&mut cache);
            cache.insert(CompactString::from(word), terms);
        }
        answer
    })
}

/// A copy of the shared cache's terms of a word, computed and added when missing.
fn shared_word_terms(word: &str, normalizer: &Normalizer) -> WordTerms {
    // A poisoned lock only means another thread panicked mid-insert; the map is still whole.
    let known = SHARED
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(word)
        .cloned();
    if let Some(terms) = known {
        return terms;
    }
    let (mut whole, mut parts) = (Vec::new(), Vec::new());
    let last_part = normalizer.whole_and_parts(word, &mut whole, &mut parts);
    let facts = WordFacts {
        last_part,
        stop: is_swedish_stop_word(word),
        adjective: normalizer.entry(word).is_some_and(Entry::is_adjective),
    };
    let terms = WordTerms::new(&whole, &parts, facts);
    let mut shared = SHARED
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if shared.len() < CACHE_WORDS {
        make_room(&mut shared);
        shared.insert(CompactString::from(word), terms.clone());
    }
    terms
}

/// What [`WordTerms`] keeps of a word beside its terms.
struct WordFacts {
    last_part: Option<Range<usize>>,
    stop: bool,
    adjective: bool,
}

/// Makes room for one more word in a cache. A table that has to grow moves every word it
/// holds; doubling each time it filled, an indexing thread's table moved all its words at
/// 57, 114 and 229 thousand words (and at each size below): 2 % of an import's time
/// (`bench/notes.md`). A cache that holds [`GROW_TO_FULL_FROM`] words is on its way to full,
/// so the next time it fills it grows to full in one step; below that, a server's thread
/// that meets only the words of queries and hits keeps a small table.
fn make_room(cache: &mut FxHashMap<CompactString, WordTerms>) {
    if cache.len() >= GROW_TO_FULL_FROM && cache.len() == cache.capacity() {
        cache.reserve(CACHE_WORDS.saturating_sub(cache.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        Normalizer::default().whole(word, &mut out);
        out
    }

    fn parts(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        Normalizer::default().parts(word, &mut out);
        out
    }

    #[test]
    fn every_form_of_a_word_gets_one_term() {
        let groups: &[&[&str]] = &[
            &["hinder", "hindret", "hindren", "hindrens"],
            &["bredband", "bredbandet", "bredbanden"],
            &["utbyggnad", "utbyggnaden", "utbyggnader", "utbyggnaderna"],
            &["kommun", "kommunen", "kommuner", "kommunerna"],
            &["operatör", "operatören", "operatörer", "operatörerna"],
            &["strategi", "strategin", "strategier"],
            &[
                "bredbandssamordnare",
                "bredbandssamordnaren",
                "bredbandssamordnarna",
                "bredbandssamordnarens",
            ],
            &["utbyggnadslag", "utbyggnadslagen"],
        ];
        for group in groups {
            let expected = whole(group[0]);
            assert_eq!(expected.len(), 1, "{}", group[0]);
            for form in *group {
                assert_eq!(whole(form), expected, "{form} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn compound_parts_are_normalised_like_words() {
        assert_eq!(
            parts("bredbandssamordnarna"),
            [whole("bredband"), whole("samordnare")].concat()
        );
        assert_eq!(
            parts("utbyggnadslagen"),
            [whole("utbyggnad"), whole("lag")].concat()
        );
        assert_eq!(parts("kommunal"), Vec::<String>::new());
    }

    #[test]
    fn a_words_entry_knows_its_last_part_and_whether_it_is_an_adjective() {
        let normalizer = Normalizer::default();
        let facts = |word: &str| {
            with_word_terms(word, &normalizer, |terms| {
                (terms.adjective, terms.last_part(word).map(str::to_owned))
            })
        };
        assert_eq!(facts("tjänstemannanivå"), (false, Some("nivå".to_owned())));
        assert_eq!(
            facts("bredbandssamordnarna"),
            (false, Some("samordnarna".to_owned()))
        );
        assert_eq!(facts("kommunala"), (true, None));
        assert_eq!(facts("utmaningar"), (false, None));
        // Hyphens and abbreviations are not split whole.
        assert_eq!(facts("e-tjänster"), (false, None));
        // The second look-up reads the cache's entry, which says the same.
        assert_eq!(facts("tjänstemannanivå"), (false, Some("nivå".to_owned())));
    }

    #[test]
    fn a_cache_past_the_threshold_grows_to_full_in_one_step() {
        let mut cache = FxHashMap::default();
        let terms = WordTerms::new(
            &[],
            &[],
            WordFacts {
                last_part: None,
                stop: false,
                adjective: false,
            },
        );
        let mut capacities = Vec::new();
        for number in 0..=GROW_TO_FULL_FROM * 2 {
            make_room(&mut cache);
            if capacities.last() != Some(&cache.capacity()) {
                capacities.push(cache.capacity());
            }
            cache.insert(CompactString::from(number.to_string()), terms.clone());
        }
        let full = *capacities.last().unwrap();
        assert!(full >= CACHE_WORDS, "{capacities:?}");
        let before_full = capacities[capacities.len() - 2];
        assert!(
            (GROW_TO_FULL_FROM..CACHE_WORDS).contains(&before_full),
            "grew by doubling past the threshold: {capacities:?}"
        );
    }

    #[test]
    fn one_split_gives_what_two_would() {
        let normalizer = Normalizer::default();
        for word in [
            "bredbandssamordnarna",
            "utbyggnadslagen",
            "kommunal",
            "hinder",
            "landsbygdsutmaningen",
            "e-tjänster",
            "ag:s",
            "2016",
            "torrinstallationer",
        ] {
            let (mut whole, mut parts) = (Vec::new(), Vec::new());
            normalizer.whole_and_parts(word, &mut whole, &mut parts);
            assert_eq!(
                (whole, parts),
                (super::tests::whole(word), super::tests::parts(word)),
                "{word}"
            );
        }
    }

    /// A word one thread analysed is handed to another from the shared cache, as the
    /// normaliser would give it (`stadsnätens`: a word no other test asks for).
    #[test]
    fn another_thread_gets_the_shared_terms() {
        let word = "stadsnätens";
        let first =
            std::thread::spawn(|| with_word_terms(word, &Normalizer::default(), WordTerms::clone))
                .join()
                .expect("first thread");
        assert!(SHARED.read().expect("lock").contains_key(word));
        let second =
            std::thread::spawn(|| with_word_terms(word, &Normalizer::default(), WordTerms::clone))
                .join()
                .expect("second thread");
        let (mut whole, mut parts) = (Vec::new(), Vec::new());
        Normalizer::default().whole_and_parts(word, &mut whole, &mut parts);
        for terms in [first, second] {
            assert_eq!(
                (
                    terms.whole().collect::<Vec<_>>(),
                    terms.parts().collect::<Vec<_>>(),
                    terms.stop
                ),
                (
                    whole.iter().map(String::as_str).collect(),
                    parts.iter().map(String::as_str).collect(),
                    false
                )
            );
        }
    }

    #[derive(serde::Deserialize)]
    struct Judged {
        group: Vec<JudgedGroup>,
    }

    #[derive(serde::Deserialize)]
    struct JudgedGroup {
        forms: Vec<String>,
    }

    /// The judged irregular forms (`tests/fixtures/inflection/irregular.toml`): a search for
    /// any form of a group finds every other, so each pair of forms shares a term of the
    /// whole-word field, as the analyzer emits it (stop words included).
    #[test]
    fn judged_irregular_forms_find_each_other() {
        let judged: Judged = toml::from_str(include_str!(
            "../../../tests/fixtures/inflection/irregular.toml"
        ))
        .expect("the judged cases parse");
        assert!(judged.group.len() >= 30);
        let mut missed = Vec::new();
        for group in &judged.group {
            let terms: Vec<Vec<String>> = group
                .forms
                .iter()
                .map(|form| crate::analysis::terms(crate::corpus::Language::Swedish, form))
                .collect();
            for (a, form_a) in group.forms.iter().enumerate() {
                for (b, form_b) in group.forms.iter().enumerate().skip(a + 1) {
                    if !terms[a].iter().any(|term| terms[b].contains(term)) {
                        missed.push(format!("{form_a} {:?} / {form_b} {:?}", terms[a], terms[b]));
                    }
                }
            }
        }
        assert!(missed.is_empty(), "forms that miss each other: {missed:#?}");
    }

    #[test]
    fn hyphenated_and_abbreviated_words() {
        assert_eq!(parts("e-tjänster"), whole("tjänster"));
        assert_eq!(whole("ag:s"), whole("ag"));
        assert_eq!(whole("2016"), ["2016"]);
    }
}
