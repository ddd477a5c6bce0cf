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

fn main() {
    for input in [
        AFF,
        DIC,
        EXTRA,
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
    forms.sort_unstable_by(|a, b| a.text.cmp(&b.text).then_with(|| a.lemma.cmp(&b.lemma)));

    let mut lemma_text = String::new();
    let mut lemma_refs: HashMap<String, encoding::LemmaRef> = HashMap::new();
    let mut builder = fst::MapBuilder::memory();
    let mut index = 0;
    while index < forms.len() {
        let text = forms[index].text.clone();
        let mut flags = 0;
        let mut lemmas: Vec<encoding::LemmaRef> = Vec::new();
        while index < forms.len() && forms[index].text == text {
            let form = &forms[index];
            flags |= form.flags;
            if form.lemma.len() <= encoding::MAX_LEMMA_LEN {
                let lemma = *lemma_refs.entry(form.lemma.clone()).or_insert_with(|| {
                    let offset = u32::try_from(lemma_text.len()).expect("lemma text under 4 GiB");
                    lemma_text.push_str(&form.lemma);
                    encoding::LemmaRef {
                        offset,
                        len: u8::try_from(form.lemma.len()).expect("checked against MAX_LEMMA_LEN"),
                    }
                });
                if !lemmas.contains(&lemma) {
                    lemmas.push(lemma);
                }
            }
            index += 1;
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
        lemma_text.len() < encoding::MAX_LEMMA_TEXT,
        "lemma text outgrew its offsets"
    );
    let fst = builder.into_inner().expect("building the lexicon FST");
    fs::write(out_dir.join("lexicon.fst"), fst).expect("writing lexicon.fst");
    fs::write(out_dir.join("lemmas.txt"), lemma_text).expect("writing lemmas.txt");
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}
