//! What an update will do, decided from the corpus listing and the last manifest alone. It
//! is a pure function, so the rules of an update (what is kept, read again or removed) are
//! tested here without files or an index, and the updater only carries the plan out.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::ingest::{self, DocumentInputs};
use crate::manifest::{DocumentSummary, FileState, Manifest};

/// A document file of the corpus, with what the listing took of it.
#[derive(Debug)]
pub(crate) struct Listed {
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the corpus folder: how the manifest names it.
    pub name: String,
    /// Its [`crate::ingest::stamp`], taken before it was read.
    pub stamp: Option<String>,
    /// What was read of it.
    pub contents: Contents,
}

/// What the listing took of a file. It reads each file once: an unchanged file's bytes are
/// let go as soon as its hash is known, a changed file's are kept for the reader to parse.
#[derive(Debug)]
pub(crate) enum Contents {
    /// The hash of the file, its sidecar and its folders' defaults. The bytes were let go:
    /// the file is unchanged, or changed past what the listing holds and read again in its
    /// turn.
    Hashed(String),
    /// What the file is made of, read, and its hash.
    Read {
        /// The hash of the inputs.
        hash: String,
        /// The inputs, for the reader.
        inputs: Box<DocumentInputs>,
    },
    /// Not read yet: new files, and every file of a full update, are read in their turn,
    /// never the whole corpus at once.
    Unread,
    /// It could not be read.
    Unreadable(ingest::Error),
}

impl Contents {
    /// The hash, when the file was read.
    pub fn hash(&self) -> Option<&str> {
        match self {
            Self::Hashed(hash) | Self::Read { hash, .. } => Some(hash),
            Self::Unread | Self::Unreadable(_) => None,
        }
    }
}

/// Whether a file could be kept as the manifest has it, so that the listing must hash it to
/// know: not in a full update, and not a new file (which is read whatever its hash).
pub(crate) fn may_be_unchanged(old: &Manifest, name: &str, full: bool) -> bool {
    !full && old.files.contains_key(name)
}

/// Whether a file whose inputs hash to `hash` is kept as the manifest has it: the rule by
/// which the listing lets a file's bytes go and the plan keeps it.
pub(crate) fn is_unchanged(old: &Manifest, name: &str, hash: &str, full: bool) -> bool {
    !full && old.files.get(name).is_some_and(|state| state.hash == hash)
}

/// The files of an update, sorted by what happens to them.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Unchanged files, as the manifest has them.
    pub files: BTreeMap<String, FileState>,
    /// The summaries of their documents.
    pub kept: Vec<DocumentSummary>,
    /// Document id → file name of the unchanged files: the ids a file read now may not take.
    pub ids: HashMap<String, String>,
    /// New and changed files (every file, when the update is full).
    pub to_read: Vec<Listed>,
    /// Documents whose file is gone.
    pub removed: Vec<String>,
}

/// Sorts the listed files against the last manifest; `full` reads every file again.
pub(crate) fn plan(old: &Manifest, listing: Vec<Listed>, full: bool) -> Plan {
    let summaries: HashMap<&str, &DocumentSummary> =
        old.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut plan = Plan::default();
    for listed in listing {
        let unchanged = listed
            .contents
            .hash()
            .is_some_and(|hash| is_unchanged(old, &listed.name, hash, full));
        match old.files.get(&listed.name).filter(|_| unchanged) {
            Some(state) => {
                if let Some(summary) = summaries.get(state.document.as_str()) {
                    plan.kept.push((*summary).clone());
                }
                plan.ids.insert(state.document.clone(), listed.name.clone());
                // Touched but not changed: the new stamp spares the next update a read.
                let state = FileState {
                    stamp: listed.stamp.or_else(|| state.stamp.clone()),
                    ..state.clone()
                };
                plan.files.insert(listed.name, state);
            }
            None => plan.to_read.push(listed),
        }
    }
    plan.removed = old
        .files
        .iter()
        .filter(|(name, _)| {
            !plan.files.contains_key(*name) && !plan.to_read.iter().any(|l| &l.name == *name)
        })
        .map(|(_, state)| state.document.clone())
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{DocumentKind, Language, SectionKind, Status, Taxonomy, Thesaurus};

    fn listed(name: &str, hash: &str) -> Listed {
        Listed {
            path: PathBuf::from("corpus").join(name),
            name: name.to_owned(),
            stamp: None,
            contents: Contents::Hashed(hash.to_owned()),
        }
    }

    /// A manifest with these files (name, hash, document id).
    fn manifest(files: &[(&str, &str, &str)]) -> Manifest {
        let taxonomy = Taxonomy {
            areas: Vec::new(),
            sources: Vec::new(),
            default_source: String::new(),
        };
        let mut manifest = Manifest::empty(taxonomy, Thesaurus::default());
        for (name, hash, id) in files {
            manifest.files.insert(
                (*name).to_owned(),
                FileState {
                    hash: (*hash).to_owned(),
                    document: (*id).to_owned(),
                    stamp: None,
                },
            );
            manifest.documents.push(DocumentSummary {
                id: (*id).to_owned(),
                title: (*id).to_owned(),
                date: None,
                kind: DocumentKind::default(),
                status: Status::Publicerad,
                language: Language::default(),
                section_kind: SectionKind::default(),
                path: (*name).to_owned(),
                sections: 1,
                findings: 1,
                added: None,
                region: None,
                responds_to: None,
            });
        }
        manifest
    }

    #[test]
    fn unchanged_files_are_kept_changed_and_new_read_and_gone_removed() {
        let old = manifest(&[("a.md", "1", "a"), ("b.md", "2", "b"), ("c.md", "3", "c")]);
        let listing = vec![
            listed("a.md", "1"),
            listed("b.md", "9"),
            listed("d.md", "4"),
        ];
        let plan = plan(&old, listing, false);
        assert_eq!(plan.files.keys().collect::<Vec<_>>(), ["a.md"]);
        assert_eq!(
            plan.kept.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        assert_eq!(plan.ids.get("a").map(String::as_str), Some("a.md"));
        let read: Vec<&str> = plan.to_read.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(read, ["b.md", "d.md"]);
        assert_eq!(
            plan.removed,
            ["c"],
            "b's file is still there: read again, not removed"
        );
    }

    #[test]
    fn a_full_update_reads_every_file_and_keeps_none() {
        let old = manifest(&[("a.md", "1", "a"), ("b.md", "2", "b")]);
        let plan = plan(&old, vec![listed("a.md", "1"), listed("b.md", "2")], true);
        assert!(plan.files.is_empty() && plan.kept.is_empty() && plan.ids.is_empty());
        assert_eq!(plan.to_read.len(), 2);
        assert!(plan.removed.is_empty());
    }

    #[test]
    fn files_not_hashed_are_read_and_keep_their_place() {
        let old = manifest(&[("a.md", "1", "a"), ("b.md", "2", "b")]);
        let unreadable = ingest::Error::Read {
            path: PathBuf::from("corpus/b.md"),
            source: std::io::Error::other("broken disk"),
        };
        let listing = vec![
            Listed {
                contents: Contents::Unread,
                ..listed("a.md", "1")
            },
            Listed {
                contents: Contents::Unreadable(unreadable),
                ..listed("b.md", "2")
            },
        ];
        let plan = plan(&old, listing, false);
        let read: Vec<&str> = plan.to_read.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(
            read,
            ["a.md", "b.md"],
            "the reader reads them, or reports why not"
        );
        assert!(
            plan.removed.is_empty(),
            "a file still there is not removed, even when it does not read"
        );
    }

    #[test]
    fn only_files_the_manifest_has_are_hashed_to_be_kept() {
        let old = manifest(&[("a.md", "1", "a")]);
        assert!(may_be_unchanged(&old, "a.md", false));
        assert!(!may_be_unchanged(&old, "new.md", false), "new: read anyway");
        assert!(
            !may_be_unchanged(&old, "a.md", true),
            "full: every file is read"
        );
        assert!(is_unchanged(&old, "a.md", "1", false));
        assert!(!is_unchanged(&old, "a.md", "2", false));
        assert!(!is_unchanged(&old, "a.md", "1", true));
    }

    #[test]
    fn an_empty_corpus_removes_everything() {
        let old = manifest(&[("a.md", "1", "a")]);
        let plan = plan(&old, Vec::new(), false);
        assert_eq!(plan.removed, ["a"]);
        assert!(plan.to_read.is_empty() && plan.kept.is_empty());
    }
}
