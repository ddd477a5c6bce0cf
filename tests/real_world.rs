//! Files made by other people's tools (`tests/fixtures/real-world`, see its README): every
//! file that an independent extractor reads is read, and the words it holds are found.
//!
//! Per file, word recall is the share of the reference's distinct words (4 letters or more)
//! that Hinder indexes for the file (its findings and section titles). The reference is
//! compared in NFKC, so that its presentation forms count as the letters they stand for.
//! Chinese and Japanese are written without spaces, and where an extractor puts one is an
//! accident of the layout; their words are counted as character pairs, the way search
//! engines index those scripts.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use indexer::ingest::{self, ExtractError};
use serde::Deserialize;

use crate::support::{TestCorpus, fixture};

/// The mean recall over every file the reference reads.
const MIN_MEAN_RECALL: f64 = 0.97;
/// The least recall of any file in a Latin script.
const MIN_LATIN_RECALL: f64 = 0.9;

#[derive(Debug, Deserialize)]
struct Manifest {
    file: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    path: String,
    producer: String,
    script: String,
    expect: String,
}

/// Set to a folder laid out like the fixture (manifest.toml, files/, references/) to
/// measure files that are not committed: `HINDER_REAL_WORLD=DIR cargo test --test e2e
/// measure_real_world -- --ignored --nocapture`.
const ROOT_VARIABLE: &str = "HINDER_REAL_WORLD";

fn manifest(root: &Path) -> Manifest {
    let text = std::fs::read_to_string(root.join("manifest.toml")).expect("the manifest reads");
    toml::from_str(&text).expect("the manifest parses")
}

/// Distinct lower-case words of at least four letters, and the character pairs of Chinese
/// and Japanese runs; digits alone are no word.
fn words(text: &str) -> BTreeSet<String> {
    let is_word_char =
        |c: char| c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    let mut words = BTreeSet::new();
    for run in text.split(|c: char| !is_word_char(c)) {
        let chars: Vec<char> = run.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let cjk = is_cjk(chars[start]);
            let end = (start..chars.len())
                .find(|&i| is_cjk(chars[i]) != cjk)
                .unwrap_or(chars.len());
            let part = &chars[start..end];
            if cjk {
                words.extend(part.windows(2).map(|pair| pair.iter().collect::<String>()));
            } else if part.iter().filter(|c| c.is_alphabetic()).count() >= 4 {
                words.insert(part.iter().collect::<String>().to_lowercase());
            }
            start = end;
        }
    }
    words
}

/// Han ideographs, hiragana and katakana.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FFFF}')
}

#[test]
fn words_are_long_words_and_cjk_pairs() {
    let expected = [
        "bredband",
        "sörmland",
        "års5g",
        "日本",
        "本語",
        "語テ",
        "テキ",
        "キス",
        "スト",
    ];
    assert_eq!(
        words("Bredband i Sörmland: 日本語テキスト, 2016 års5G"),
        expected.into_iter().map(str::to_owned).collect()
    );
}

fn reference(root: &Path, path: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let text = std::fs::read_to_string(root.join("references").join(format!("{path}.txt"))).ok()?;
    Some(text.nfkc().collect())
}

/// What Hinder made of one file.
enum Outcome {
    Read {
        text: String,
        title: String,
        id: String,
        language: &'static str,
    },
    Rejected(String),
}

/// Reads every file of the set as one corpus, as a coordinator who drops them all into
/// `documents/` would: returns the outcome per path relative to `files/`.
fn read_all(root: &Path, entries: &[Entry]) -> (BTreeMap<String, Outcome>, Vec<String>) {
    let corpus = TestCorpus::seed();
    let documents = corpus.path().join("documents");
    for entry in entries {
        let target = documents.join("real-world").join(&entry.path);
        let folder = target.parent().expect("a file has a folder");
        std::fs::create_dir_all(folder).expect("creating the project's folder");
        std::fs::copy(root.join("files").join(&entry.path), &target).expect("copying a file");
    }
    let loaded = ingest::load_corpus(corpus.path()).expect("the corpus as a whole reads");
    let relative = |path: &Path| -> Option<String> {
        let text = path.to_string_lossy().replace('\\', "/");
        text.split_once("real-world/")
            .map(|(_, rest)| rest.to_owned())
    };
    let mut outcomes = BTreeMap::new();
    for document in &loaded.corpus.documents {
        let Some(path) = relative(Path::new(&document.path)) else {
            continue;
        };
        let mut text = String::new();
        for section in &document.sections {
            for part in section
                .heading
                .iter()
                .chain(section.findings.iter().map(|f| &f.text))
            {
                text.push_str(part);
                text.push('\n');
            }
        }
        outcomes.insert(
            path,
            Outcome::Read {
                text,
                title: document.title.clone(),
                id: document.id.clone(),
                language: document.language.code(),
            },
        );
    }
    for failure in &loaded.failures {
        let path = match failure {
            ingest::Error::Extract { path, .. }
            | ingest::Error::Parse { path, .. }
            | ingest::Error::Read { path, .. }
            | ingest::Error::DuplicateDocumentId { path, .. }
            | ingest::Error::DuplicateFindingId { path, .. }
            | ingest::Error::UnsupportedFormat(path) => path.clone(),
            other => panic!("the corpus as a whole failed: {other}"),
        };
        let reason = match failure {
            ingest::Error::Extract { source, .. } => source.to_string(),
            other => other.to_string(),
        };
        if let Some(path) = relative(&path) {
            outcomes.insert(path, Outcome::Rejected(reason));
        }
    }
    let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
    (outcomes, warnings)
}

/// Whether a rejection says what the manifest expects a good extractor to conclude.
fn rejected_as_expected(expect: &str, reason: &str) -> bool {
    let expected = match expect {
        "encrypted" => ExtractError::Encrypted.to_string(),
        "old-binary" => "97–2003".to_owned(),
        "no-text-layer" => ExtractError::NoTextLayer.to_string(),
        "corrupt" => return true,
        _ => return false,
    };
    reason.contains(&expected)
}

#[test]
fn real_world_files_are_read_as_well_as_an_independent_extractor_reads_them() {
    let (table, problems) = measure(&fixture("real-world"));
    println!("{table}");
    assert!(problems.is_empty(), "{table}\n{}", problems.join("\n"));
}

#[test]
#[ignore = "measures a folder named by HINDER_REAL_WORLD"]
fn measure_real_world_files_in_a_folder() {
    let root = std::env::var_os(ROOT_VARIABLE).expect("HINDER_REAL_WORLD names a folder");
    let (table, problems) = measure(Path::new(&root));
    println!("{table}\n{}", problems.join("\n"));
}

/// The table of outcomes and recalls for a set, and what falls short of the thresholds.
fn measure(root: &Path) -> (String, Vec<String>) {
    let manifest = manifest(root);
    let (outcomes, warnings) = read_all(root, &manifest.file);
    let mut table = String::from(
        "file                                               script   expect         words  recall  producer                        outcome\n",
    );
    let mut problems = Vec::new();
    let mut recalls: Vec<(f64, &str)> = Vec::new();
    let mut ids = BTreeSet::new();
    for entry in &manifest.file {
        let outcome = outcomes
            .get(&entry.path)
            .unwrap_or_else(|| panic!("{} was neither read nor rejected", entry.path));
        let reference_words = reference(root, &entry.path).map(|text| words(&text));
        let (recall, shown) = match outcome {
            Outcome::Read {
                text,
                title,
                id,
                language,
            } => {
                assert!(ids.insert(id.clone()), "{}: id {id} is shared", entry.path);
                let recall = reference_words
                    .as_ref()
                    .filter(|w| !w.is_empty())
                    .map(|expected| {
                        let found = words(text);
                        expected.intersection(&found).count() as f64 / expected.len() as f64
                    });
                (recall, format!("read ({language}), title {title:?}"))
            }
            Outcome::Rejected(reason) => {
                let reference_reads = reference_words.as_ref().is_some_and(|w| !w.is_empty());
                if entry.expect == "read" && reference_reads {
                    problems.push(format!(
                        "{}: rejected ({reason}), the reference reads it",
                        entry.path
                    ));
                } else if entry.expect != "read" && !rejected_as_expected(&entry.expect, reason) {
                    problems.push(format!(
                        "{}: rejected as {reason:?}, expected {}",
                        entry.path, entry.expect
                    ));
                }
                (None, format!("rejected: {reason}"))
            }
        };
        if let Some(recall) = recall {
            recalls.push((recall, entry.script.as_str()));
            if entry.script == "latin" && recall < MIN_LATIN_RECALL {
                problems.push(format!(
                    "{}: recall {recall:.3} in a Latin script",
                    entry.path
                ));
            }
        }
        let _ = writeln!(
            table,
            "{:<50} {:<8} {:<14} {:>5}  {:>6}  {:<30}  {}",
            entry.path,
            entry.script,
            entry.expect,
            reference_words.map_or(0, |w| w.len()),
            recall.map_or("-".to_owned(), |r| format!("{r:.3}")),
            entry.producer.chars().take(30).collect::<String>(),
            shown
        );
    }
    let mean = recalls.iter().map(|(r, _)| r).sum::<f64>() / recalls.len() as f64;
    let _ = writeln!(
        table,
        "\nmean recall {mean:.3} over {} files",
        recalls.len()
    );
    for script in ["latin", "cyrillic", "cjk", "rtl"] {
        let of: Vec<f64> = recalls
            .iter()
            .filter(|(_, s)| *s == script)
            .map(|(r, _)| *r)
            .collect();
        if !of.is_empty() {
            let _ = writeln!(
                table,
                "  {script:<8} {:.3} over {} files",
                of.iter().sum::<f64>() / of.len() as f64,
                of.len()
            );
        }
    }
    for warning in &warnings {
        let _ = writeln!(table, "warning: {warning}");
    }
    if mean < MIN_MEAN_RECALL {
        problems.push(format!("mean recall {mean:.3} is below {MIN_MEAN_RECALL}"));
    }
    (table, problems)
}
