//! The Swedish lexicon: every word form of the Hunspell `sv_SE` dictionary (LGPL-3, see
//! `indexer/lexicon/README.md`), with its lemma and where it may stand in a compound.
//!
//! `build.rs` expands the dictionary into an FST at compile time; here it is only wrapped,
//! so using the lexicon costs nothing at start-up and a lookup is a few hundred nanoseconds.

#[cfg(test)]
mod affix;
mod encoding;

use std::sync::OnceLock;

use fst::Map;

static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.fst"));
static LEMMAS: &str = include_str!(concat!(env!("OUT_DIR"), "/lemmas.txt"));

const BEGIN: u8 = 1;
const MIDDLE: u8 = 2;
const END: u8 = 4;
const STANDALONE: u8 = 8;
const ADJECTIVE: u8 = 16;

/// All Swedish word forms the dictionary knows.
pub struct Lexicon {
    forms: Map<&'static [u8]>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("forms", &self.forms.len())
            .finish()
    }
}

/// What the lexicon knows about one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    value: u64,
}

impl Entry {
    /// May start a compound (`bredbands` in `bredbandssamordnare`).
    pub fn can_begin(self) -> bool {
        encoding::flags(self.value) & BEGIN != 0
    }

    /// May stand inside a compound between two other parts.
    pub fn can_middle(self) -> bool {
        encoding::flags(self.value) & MIDDLE != 0
    }

    /// May end a compound (`lagen` in `utbyggnadslagen`).
    pub fn can_end(self) -> bool {
        encoding::flags(self.value) & END != 0
    }

    /// Is a word on its own, not only a compound part.
    pub fn is_standalone(self) -> bool {
        encoding::flags(self.value) & STANDALONE != 0
    }

    /// Is a form of an adjective (`sjuk`, `fri`, `torr`).
    pub fn is_adjective(self) -> bool {
        encoding::flags(self.value) & ADJECTIVE != 0
    }

    /// The dictionary words this form is a form of (one, rarely two).
    pub fn lemmas(self) -> impl Iterator<Item = &'static str> {
        encoding::lemmas(self.value)
            .into_iter()
            .flatten()
            .filter_map(|lemma| {
                let start = lemma.offset as usize;
                LEMMAS.get(start..start + usize::from(lemma.len))
            })
    }
}

impl Lexicon {
    /// The Swedish lexicon, opened on first use.
    pub fn swedish() -> &'static Self {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            debug_assert!(
                LEMMAS.len() < encoding::MAX_LEMMA_TEXT,
                "build.rs checks the lemma text size"
            );
            Self {
                forms: Map::new(FST).expect("build.rs writes a valid FST"),
            }
        })
    }

    /// What the lexicon knows about a lower-case form.
    pub fn get(&self, form: &str) -> Option<Entry> {
        self.forms.get(form).map(|value| Entry { value })
    }

    /// Every prefix of `text` that is a form, shortest first, as (byte length, entry). One
    /// walk down the FST, so splitting a word costs one walk per split point.
    pub fn prefixes(&self, text: &str) -> Vec<(usize, Entry)> {
        let fst = self.forms.as_fst();
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        let mut found = Vec::new();
        for (index, byte) in text.bytes().enumerate() {
            let Some(position) = node.find_input(byte) else {
                break;
            };
            let transition = node.transition(position);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
            if node.is_final() && text.is_char_boundary(index + 1) {
                found.push((
                    index + 1,
                    Entry {
                        value: output.cat(node.final_output()).value(),
                    },
                ));
            }
        }
        found
    }

    /// Calls `visit` with every form and its entry, in byte order.
    pub fn for_each_form(&self, mut visit: impl FnMut(&str, Entry)) {
        use fst::Streamer;
        let mut stream = self.forms.stream();
        while let Some((form, value)) = stream.next() {
            if let Ok(form) = std::str::from_utf8(form) {
                visit(form, Entry { value });
            }
        }
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the lexicon is empty (never, once built).
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmas(form: &str) -> Vec<&'static str> {
        Lexicon::swedish()
            .get(form)
            .map(|e| e.lemmas().collect())
            .unwrap_or_default()
    }

    #[test]
    fn knows_inflected_forms_and_their_lemmas() {
        assert_eq!(lemmas("hindret"), ["hinder"]);
        assert_eq!(lemmas("hindren"), ["hinder"]);
        assert_eq!(lemmas("kommunerna"), ["kommun"]);
        assert_eq!(lemmas("utbyggnaden"), ["utbyggnad"]);
        assert_eq!(lemmas("bredbandet"), ["bredband"]);
        assert!(lemmas("samordnarna").contains(&"samordna"));
        assert!(Lexicon::swedish().get("xqzwv").is_none());
        assert!(Lexicon::swedish().len() > 500_000);
    }

    #[test]
    fn knows_compound_positions() {
        let lexicon = Lexicon::swedish();
        let linking = lexicon.get("utbyggnads").unwrap();
        assert!(linking.can_begin());
        let lagen = lexicon.get("lagen").unwrap();
        assert!(lagen.can_end() && lagen.is_standalone());
        let bred = lexicon.get("bred").unwrap();
        assert!(!bred.can_begin(), "bred+band is not a compound to split");
    }

    #[test]
    fn prefixes_are_found_in_one_walk() {
        let lexicon = Lexicon::swedish();
        let prefixes: Vec<usize> = lexicon
            .prefixes("utbyggnadslagen")
            .into_iter()
            .map(|(len, _)| len)
            .collect();
        assert!(
            prefixes.contains(&"utbyggnad".len()) && prefixes.contains(&"utbyggnads".len()),
            "{prefixes:?}"
        );
        let (len, entry) = lexicon.prefixes("utbyggnadslagen").pop().unwrap();
        assert_eq!(Some(entry), lexicon.get(&"utbyggnadslagen"[..len]));
        assert!(lexicon.prefixes("").is_empty());
        assert!(
            lexicon
                .prefixes("åäö")
                .iter()
                .all(|(len, _)| "åäö".is_char_boundary(*len))
        );
    }
}
