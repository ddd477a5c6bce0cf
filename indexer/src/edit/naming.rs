//! The name an added document gets: `<date>-<title as a slug>.<extension>`, as the corpus
//! names its files, and never a name in use. A name is in use
//! when any file in `documents/` or `withdrawn/` has its stem, whatever its extension: a
//! sidecar is `NAME.toml` for every `NAME.*`, and a withdrawn document must be able to come
//! back under its own name.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::corpus::Date;
use crate::ingest::names::slugify;

/// The longest title part of a name, in characters: names stay readable in a listing.
const MAX_SLUG_CHARS: usize = 60;

/// A free path in `folder` for a document of this title and date, whose stem no file below
/// the `taken_in` folders (`documents/` and `withdrawn/`) has.
///
/// # Errors
/// When a folder cannot be listed.
pub(super) fn choose(
    folder: &Path,
    taken_in: [&Path; 2],
    title: &str,
    date: Option<Date>,
    extension: &str,
) -> io::Result<PathBuf> {
    let mut taken = HashSet::new();
    for place in taken_in {
        taken.extend(stems_in(place)?);
    }
    let base = base_name(title, date);
    let stem = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|stem| !taken.contains(stem))
        .unwrap_or(base);
    Ok(folder.join(format!("{stem}.{extension}")))
}

/// `2016-12-02-mote-3-arbetsmote-inom-nystartsgruppen`: the date, then the title's words
/// up to a length, cut at a word.
fn base_name(title: &str, date: Option<Date>) -> String {
    let slug = slugify(title);
    let mut cut = String::new();
    for word in slug.split('-') {
        if !cut.is_empty() && cut.len() + 1 + word.len() > MAX_SLUG_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(word);
    }
    cut.truncate(MAX_SLUG_CHARS);
    let cut = if cut.is_empty() {
        "dokument".to_owned()
    } else {
        cut
    };
    match date {
        Some(date) => format!("{date}-{cut}"),
        None => cut,
    }
}

/// The lower-cased stems of every file below `folder` (none when it does not exist).
fn stems_in(folder: &Path) -> io::Result<Vec<String>> {
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut stems = Vec::new();
    for entry in walkdir::WalkDir::new(folder) {
        let entry = entry.map_err(io::Error::from)?;
        if entry.file_type().is_file()
            && let Some(stem) = entry.path().file_stem()
        {
            stems.push(stem.to_string_lossy().to_lowercase());
        }
    }
    Ok(stems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_date_and_the_title() {
        let date = "2016-12-02".parse().ok();
        assert_eq!(
            base_name("Möte 3 – Arbetsmöte inom Nystartsgruppen", date),
            "2016-12-02-mote-3-arbetsmote-inom-nystartsgruppen"
        );
        assert_eq!(base_name("Återkoppling", None), "aterkoppling");
        assert_eq!(base_name("–?!", None), "dokument");
        let long = base_name(&"bredbandsutbyggnad ".repeat(10), None);
        assert!(
            long.len() <= MAX_SLUG_CHARS && !long.ends_with('-'),
            "{long}"
        );
    }

    #[test]
    fn a_name_in_use_anywhere_gets_a_number() {
        let corpus = tempfile::tempdir().unwrap();
        let documents = corpus.path().join("documents");
        let withdrawn = corpus.path().join("withdrawn");
        std::fs::create_dir_all(documents.join("sormland")).unwrap();
        std::fs::create_dir_all(&withdrawn).unwrap();
        std::fs::write(documents.join("sormland/aterkoppling.md"), "x").unwrap();
        std::fs::write(withdrawn.join("aterkoppling-2.pdf"), "x").unwrap();
        let incoming = documents.join("inkommet");
        let chosen = choose(
            &incoming,
            [&documents, &withdrawn],
            "Återkoppling",
            None,
            "pptx",
        );
        assert_eq!(chosen.unwrap(), incoming.join("aterkoppling-3.pptx"));
        let free = choose(&incoming, [&documents, &withdrawn], "Annat", None, "pdf").unwrap();
        assert_eq!(free, incoming.join("annat.pdf"));
    }
}
