//! Expands the Swedish Hunspell dictionary in `lexicon/` into an FST of every word form,
//! so that the analyzer finds lemmas and compound parts without parsing anything at run time.
//!
//! Outputs in `OUT_DIR`: `lexicon.fst` (form → packed value, see `encoding.rs`) and
//! `lemmas.txt` (the lemma text the values point into).

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

#[path = "src/analysis/lexicon/affix.rs"]
#[allow(dead_code, reason = "shared with the crate, which uses other parts")]
mod affix;
#[path = "src/analysis/lexicon/encoding.rs"]
#[allow(dead_code, reason = "shared with the crate, which uses other parts")]
mod encoding;

const AFF: &str = "lexicon/sv_SE.aff";
const DIC: &str = "lexicon/sv_SE.dic.gz";
const EXTRA: &str = "lexicon/extra.dic";
const IRREGULAR: &str = "lexicon/irregular.txt";

fn main() {
    for input in [
        AFF,
        DIC,
        EXTRA,
        IRREGULAR,
        "src/analysis/lexicon/affix.rs",
        "src/analysis/lexicon/encoding.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut affixes = affix::Affixes::parse(&read(Path::new(AFF)))
        .unwrap_or_else(|error| panic!("{AFF}: {error}"));
    // sv_SE builds adjective comparison with these classes (see sv_SE.aff).
    affixes.set_adjective_classes(&['O', 'P']);
    let mut dictionary = String::new();
    flate2::read::GzDecoder::new(File::open(DIC).expect("lexicon/sv_SE.dic.gz exists"))
        .read_to_string(&mut dictionary)
        .expect("lexicon/sv_SE.dic.gz is gzipped UTF-8");
    let extra = read(Path::new(EXTRA));

    let mut forms: Vec<affix::Form> = Vec::with_capacity(1 << 21);
    for (word, flags) in
        affix::dictionary_entries(&dictionary).chain(affix::dictionary_entries(&extra))
    {
        forms.extend(affixes.expand(word, flags));
    }
    let mut irregular = irregular_forms(&read(Path::new(IRREGULAR)));
    for (form, lemmas) in &irregular {
        forms.extend(lemmas.iter().map(|lemma| affix::Form {
            text: form.clone(),
            lemma: lemma.clone(),
            flags: affix::STANDALONE,
        }));
    }
    // Compounds with an irregular last part, and every form of them.
    let compounds = irregular_compounds(&forms, &irregular);
    let compound_forms: Vec<affix::Form> = forms
        .iter()
        .filter_map(|form| Some((form, compounds.get(&form.lemma)?)))
        .flat_map(|(form, lemmas)| {
            lemmas.iter().map(|lemma| affix::Form {
                text: form.text.clone(),
                lemma: lemma.clone(),
                flags: form.flags,
            })
        })
        .collect();
    for form in &compound_forms {
        irregular
            .entry(form.text.clone())
            .or_default()
            .push(form.lemma.clone());
    }
    forms.extend(compound_forms);
    forms.sort_unstable_by(|a, b| a.text.cmp(&b.text).then_with(|| a.lemma.cmp(&b.lemma)));

    let mut all_lemmas = String::new();
    let mut lemma_refs: HashMap<String, encoding::LemmaRef> = HashMap::new();
    let mut builder = fst::MapBuilder::memory();
    let mut index = 0;
    while index < forms.len() {
        let text = forms[index].text.clone();
        let mut flags = 0;
        let mut lemma_texts: Vec<&str> = Vec::new();
        while index < forms.len() && forms[index].text == text {
            let form = &forms[index];
            flags |= form.flags;
            if form.lemma.len() <= encoding::MAX_LEMMA_LEN
                && !lemma_texts.contains(&form.lemma.as_str())
            {
                lemma_texts.push(&form.lemma);
            }
            index += 1;
        }
        // An irregular form's lemma comes first: it is the word the form belongs to, and
        // a form keeps at most two lemmas.
        if let Some(first) = irregular.get(&text) {
            lemma_texts.sort_by_key(|lemma| !first.iter().any(|irregular| irregular == lemma));
        }
        let mut lemmas: Vec<encoding::LemmaRef> = Vec::new();
        for lemma_text in lemma_texts {
            let lemma = *lemma_refs.entry(lemma_text.to_owned()).or_insert_with(|| {
                let offset = u32::try_from(all_lemmas.len()).expect("lemma text under 4 GiB");
                all_lemmas.push_str(lemma_text);
                encoding::LemmaRef {
                    offset,
                    len: u8::try_from(lemma_text.len()).expect("checked against MAX_LEMMA_LEN"),
                }
            });
            lemmas.push(lemma);
        }
        let Some(&first) = lemmas.first() else {
            continue;
        };
        builder
            .insert(
                &text,
                encoding::encode(flags, first, lemmas.get(1).copied()),
            )
            .expect("forms are sorted and unique");
    }
    assert!(
        all_lemmas.len() < encoding::MAX_LEMMA_TEXT,
        "lemma text outgrew its offsets"
    );
    let fst = builder.into_inner().expect("building the lexicon FST");
    fs::write(out_dir.join("lexicon.fst"), fst).expect("writing lexicon.fst");
    fs::write(out_dir.join("lemmas.txt"), all_lemmas).expect("writing lemmas.txt");
}

/// `lemma: form form …` lines (`#` starts a comment) as form → its lemmas, in file order.
fn irregular_forms(text: &str) -> HashMap<String, Vec<String>> {
    let mut forms: HashMap<String, Vec<String>> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let (lemma, listed) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{IRREGULAR}:{}: expected `lemma: forms`", number + 1));
        let lemma = lemma.trim().to_lowercase();
        for form in listed.split_whitespace() {
            let lemmas = forms.entry(form.to_lowercase()).or_default();
            if !lemmas.contains(&lemma) {
                lemmas.push(lemma.clone());
            }
        }
    }
    forms
}

/// Compounds the dictionary lists as words of their own whose last part is an irregular
/// form (`tjänstemän`, `storstäder`), as compound → the compound with that part's lemma
/// (`tjänsteman`), when the dictionary knows that word.
fn irregular_compounds(
    forms: &[affix::Form],
    irregular: &HashMap<String, Vec<String>>,
) -> HashMap<String, Vec<String>> {
    let lemmas: std::collections::HashSet<&str> =
        forms.iter().map(|form| form.lemma.as_str()).collect();
    let mut out = HashMap::new();
    for lemma in &lemmas {
        for (form, form_lemmas) in irregular {
            let Some(head) = lemma.strip_suffix(form.as_str()) else {
                continue;
            };
            if head.chars().count() < 3 {
                continue;
            }
            let whole: Vec<String> = form_lemmas
                .iter()
                .map(|form_lemma| format!("{head}{form_lemma}"))
                .filter(|candidate| lemmas.contains(candidate.as_str()))
                .collect();
            if !whole.is_empty() {
                out.insert((*lemma).to_owned(), whole);
            }
        }
    }
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}
