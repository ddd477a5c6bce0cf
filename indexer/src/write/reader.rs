//! Reading the corpus for an update, each file once and memory bounded by the change, not
//! the corpus. The listing hashes only the files the last manifest has and keeps a changed
//! file's bytes for its parse; new files, and every file of a full update, are read in
//! their turn. Apart from the updater because what it decides (which bytes to hold, which
//! file wins a taken id, which failures keep a file's last good findings) is about files,
//! not about the index they go into.

use std::collections::HashMap;
use std::path::Path;

use super::plan::{self, Contents, Listed, Plan};
use super::report::Failure;
use crate::corpus::{Document, Taxonomy, relative_path};
use crate::error::Result;
use crate::ingest::{self, AreaRules, DocumentInputs, FolderDefaults};
use crate::library::Audience;
use crate::manifest::{DocumentSummary, FileState, Manifest, document_hash};

/// Bytes of changed files the listing keeps for their parse. Past it (someone saved a
/// hundred large PDFs again), a changed file's bytes are let go and read again in its turn:
/// a second read rather than memory that grows with the change.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// Reads the corpus files of an update: lists them, then reads those the plan says to.
pub(super) struct Reader<'a> {
    corpus_dir: &'a Path,
    taxonomy: &'a Taxonomy,
    rules: AreaRules,
    /// Every folder's defaults, read once for the whole update.
    folders: FolderDefaults,
    /// [`MAX_HELD_BYTES`], but for tests.
    max_held_bytes: usize,
}

/// What reading the changed files gave.
#[derive(Default)]
pub(super) struct Read {
    /// The documents read.
    pub documents: Vec<Document>,
    /// Files that could not be read, and why.
    pub failures: Vec<Failure>,
    /// Files read in part, or under another id than their name gives.
    pub warnings: Vec<String>,
    /// Ids of documents read again (their old findings are deleted first).
    pub stale: Vec<String>,
    /// Names of the files that did not read this time.
    pub unread: Vec<String>,
}

impl<'a> Reader<'a> {
    /// A reader of the corpus in `corpus_dir`, tagging areas by the taxonomy's rules.
    pub(super) fn new(corpus_dir: &'a Path, taxonomy: &'a Taxonomy) -> Self {
        Self {
            corpus_dir,
            taxonomy,
            rules: AreaRules::new(taxonomy),
            folders: FolderDefaults::default(),
            max_held_bytes: MAX_HELD_BYTES,
        }
    }

    /// The corpus's document files with what the plan needs of each. Each file is read
    /// once: only a file the manifest has is read here, for its hash; once hashed, an
    /// unchanged file's bytes are let go and a changed file's kept for
    /// [`Reader::read_changed`] (up to [`MAX_HELD_BYTES`]). New files, and every file of a
    /// full update, are read in their turn, so memory does not grow with the corpus.
    ///
    /// # Errors
    /// When the corpus folder cannot be listed. A file that cannot be read is listed as
    /// such, to be reported with the other failures.
    pub(super) fn list(&mut self, old: &Manifest, full: bool) -> Result<Vec<Listed>> {
        let paths = ingest::document_files(self.corpus_dir)?;
        let mut held = 0;
        Ok(paths
            .into_iter()
            .map(|path| {
                let name = relative_path(self.corpus_dir, &path);
                // Taken before any read: a file saved meanwhile is read again next time.
                let stamp = ingest::stamp(self.corpus_dir, &path);
                let contents = self.contents(old, &name, &path, stamp.as_deref(), full, &mut held);
                Listed {
                    path,
                    name,
                    stamp,
                    contents,
                }
            })
            .collect())
    }

    /// What the listing takes of one file; `held` counts the bytes kept so far.
    fn contents(
        &mut self,
        old: &Manifest,
        name: &str,
        path: &Path,
        stamp: Option<&str>,
        full: bool,
        held: &mut usize,
    ) -> Contents {
        if !plan::may_be_unchanged(old, name, full) {
            return Contents::Unread;
        }
        if let Some(state) = old.files.get(name)
            && stamp.is_some()
            && state.stamp.as_deref() == stamp
        {
            return Contents::Hashed(state.hash.clone());
        }
        let (inputs, hash) = match self.read_hashed(path) {
            Ok(read) => read,
            Err(error) => return Contents::Unreadable(error),
        };
        let bytes = inputs.held_bytes();
        if plan::is_unchanged(old, name, &hash, full) || *held + bytes > self.max_held_bytes {
            return Contents::Hashed(hash);
        }
        *held += bytes;
        Contents::Read {
            hash,
            inputs: Box::new(inputs),
        }
    }

    /// The inputs of a file the plan reads, and their hash: from the listing when it read
    /// them, from disk otherwise.
    fn inputs(
        &mut self,
        path: &Path,
        contents: Contents,
    ) -> std::result::Result<(DocumentInputs, String), ingest::Error> {
        match contents {
            Contents::Read { hash, inputs } => Ok((*inputs, hash)),
            Contents::Unreadable(error) => Err(error),
            Contents::Hashed(_) | Contents::Unread => self.read_hashed(path),
        }
    }

    /// A file's inputs, read from disk, and their hash.
    fn read_hashed(
        &mut self,
        path: &Path,
    ) -> std::result::Result<(DocumentInputs, String), ingest::Error> {
        let inputs = DocumentInputs::read(self.corpus_dir, path, &mut self.folders)?;
        let hash = document_hash(&inputs);
        Ok((inputs, hash))
    }

    /// Reads the new and changed files of a plan. A file whose document takes an id another
    /// file has is left out; a file that no longer reads keeps its last good findings
    /// (unless the update is full), so the plan keeps its state and summary.
    pub(super) fn read_changed(&mut self, plan: &mut Plan, old: &Manifest, full: bool) -> Read {
        let summaries: HashMap<&str, &DocumentSummary> =
            old.documents.iter().map(|d| (d.id.as_str(), d)).collect();
        let mut read = Read::default();
        for Listed {
            path,
            name,
            stamp: listed_stamp,
            contents,
        } in std::mem::take(&mut plan.to_read)
        {
            let previous = old.files.get(&name);
            let (ids, corpus_dir) = (&plan.ids, self.corpus_dir);
            let taken = |id: &str| ids.get(id).map(|holder| corpus_dir.join(holder));
            let result = self.inputs(&path, contents).and_then(|(inputs, hash)| {
                ingest::read_document_from(
                    self.corpus_dir,
                    &inputs,
                    self.taxonomy,
                    &self.rules,
                    &taken,
                )
                .map(|document| (document, hash))
            });
            match result {
                Ok((document, _)) if plan.ids.contains_key(&document.document.id) => {
                    read.warnings
                        .extend(document.warnings.iter().map(ToString::to_string));
                    let id = document.document.id;
                    read.failures
                        .push(Failure::File(ingest::Error::DuplicateDocumentId {
                            path,
                            first: self.corpus_dir.join(&plan.ids[&id]),
                            id,
                        }));
                }
                Ok((document, hash)) => {
                    read.warnings
                        .extend(document.warnings.iter().map(ToString::to_string));
                    let document = document.document;
                    read.stale
                        .extend(previous.map(|state| state.document.clone()));
                    plan.ids.insert(document.id.clone(), name.clone());
                    plan.files.insert(
                        name,
                        FileState {
                            hash,
                            document: document.id.clone(),
                            stamp: listed_stamp,
                        },
                    );
                    read.documents.push(document);
                }
                Err(error) => {
                    read.failures.push(Failure::File(error));
                    read.unread.push(name.clone());
                    if let (Some(state), false) = (previous, full) {
                        if let Some(summary) = summaries.get(state.document.as_str()) {
                            plan.kept.push((*summary).clone());
                        }
                        plan.ids.insert(state.document.clone(), name.clone());
                        plan.files.insert(name, state.clone());
                    }
                }
            }
        }
        read
    }

    /// Reads again the published documents the plan keeps, to fill a public index that was
    /// empty. Files that did not read this time are skipped: their failure is reported.
    pub(super) fn read_published_again(
        &mut self,
        plan: &Plan,
        unread: &[String],
        failures: &mut Vec<Failure>,
    ) -> Vec<Document> {
        let mut documents = Vec::new();
        for summary in plan
            .kept
            .iter()
            .filter(|d| Audience::Public.may_read(d.status))
        {
            let Some(name) = plan
                .ids
                .get(&summary.id)
                .filter(|name| !unread.contains(name))
            else {
                continue;
            };
            let path = self.corpus_dir.join(name);
            let taken = |id: &str| {
                plan.ids
                    .get(id)
                    .filter(|holder| *holder != name)
                    .map(|holder| self.corpus_dir.join(holder))
            };
            match ingest::read_document_with(
                self.corpus_dir,
                &path,
                self.taxonomy,
                &self.rules,
                &taken,
                &mut self.folders,
            ) {
                Ok(read) => documents.push(read.document),
                Err(error) => failures.push(Failure::File(error)),
            }
        }
        documents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Thesaurus;

    /// The listing reads only files the manifest has; it keeps a changed file's bytes
    /// within its budget, and past it lets them go to be read again in their turn.
    #[test]
    fn the_listing_reads_known_files_once_and_holds_changed_ones_within_its_budget() {
        let corpus = tempfile::tempdir().expect("temporary folder");
        let documents = corpus.path().join(ingest::DOCUMENTS_DIR);
        std::fs::create_dir_all(&documents).expect("folders");
        for (name, text) in [
            ("same.md", "## A\n- Ett.\n"),
            ("edited.md", "## B\n- Två.\n"),
            ("new.md", "## C\n- Tre.\n"),
        ] {
            std::fs::write(documents.join(name), text).expect("writing");
        }
        let taxonomy = Taxonomy::empty("test");
        let mut reader = Reader {
            corpus_dir: corpus.path(),
            taxonomy: &taxonomy,
            rules: AreaRules::new(&taxonomy),
            folders: FolderDefaults::default(),
            max_held_bytes: MAX_HELD_BYTES,
        };
        let hash_of = |reader: &mut Reader<'_>, name: &str| {
            let path = documents.join(name);
            let (_, hash) = reader.inputs(&path, Contents::Unread).expect("reading");
            hash
        };
        let mut old = Manifest::empty(taxonomy.clone(), Thesaurus::default());
        for (name, hash) in [
            ("documents/same.md", hash_of(&mut reader, "same.md")),
            ("documents/edited.md", "an older version".to_owned()),
        ] {
            let document = name.to_owned();
            old.files.insert(
                name.to_owned(),
                FileState {
                    hash,
                    document,
                    stamp: None,
                },
            );
        }
        let kinds = |listing: &[Listed]| -> Vec<(String, &'static str)> {
            listing
                .iter()
                .map(|listed| {
                    let kind = match listed.contents {
                        Contents::Hashed(_) => "hashed",
                        Contents::Read { .. } => "read",
                        Contents::Unread => "unread",
                        Contents::Unreadable(_) => "unreadable",
                    };
                    (listed.name.clone(), kind)
                })
                .collect()
        };
        let mut listing = reader.list(&old, false).expect("listing");
        assert_eq!(
            kinds(&listing),
            [
                ("documents/edited.md".to_owned(), "read"),
                ("documents/new.md".to_owned(), "unread"),
                ("documents/same.md".to_owned(), "hashed"),
            ]
        );
        // Saved again after the listing: the reader parses the bytes the listing hashed.
        std::fs::write(documents.join("edited.md"), "## B\n- Saved since.\n").expect("writing");
        let edited = listing.remove(0);
        let (inputs, _) = reader.inputs(&edited.path, edited.contents).expect("held");
        assert_eq!(
            inputs.body,
            ingest::Body::Bytes("## B\n- Två.\n".as_bytes().to_vec())
        );

        reader.max_held_bytes = 0;
        let mut listing = reader.list(&old, false).expect("listing");
        assert_eq!(
            kinds(&listing)[0],
            ("documents/edited.md".to_owned(), "hashed")
        );
        let edited = listing.remove(0);
        let Contents::Hashed(listed_hash) = &edited.contents else {
            unreachable!("checked above")
        };
        let listed_hash = listed_hash.clone();
        let (inputs, hash) = reader
            .inputs(&edited.path, edited.contents)
            .expect("reading again");
        assert_eq!(hash, listed_hash, "read again in its turn, the same file");
        assert_eq!(inputs.path, edited.path);

        let full = reader.list(&old, true).expect("listing");
        assert!(
            full.iter()
                .all(|listed| matches!(listed.contents, Contents::Unread)),
            "a full update reads every file in its turn"
        );
    }

    /// A file whose size and time are as the manifest has them is taken as unchanged
    /// without being read; a recent change is always read, whatever its stamp.
    #[test]
    fn a_file_stamped_as_before_is_not_read_and_a_recent_one_is() {
        let corpus = tempfile::tempdir().expect("temporary folder");
        let documents = corpus.path().join(ingest::DOCUMENTS_DIR);
        std::fs::create_dir_all(&documents).expect("folders");
        let path = documents.join("gammal.md");
        let set_time = |when: std::time::SystemTime| {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .and_then(|file| file.set_modified(when))
                .expect("setting the time");
        };
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::write(&path, "## A\n- Ett.\n").expect("writing");
        set_time(an_hour_ago);
        let taxonomy = Taxonomy::empty("test");
        let mut reader = Reader::new(corpus.path(), &taxonomy);
        let listing = reader
            .list(
                &Manifest::empty(taxonomy.clone(), Thesaurus::default()),
                false,
            )
            .expect("a listing");
        let stamp = listing[0].stamp.clone();
        assert!(stamp.is_some(), "an old file is stamped");
        let mut old = Manifest::empty(taxonomy.clone(), Thesaurus::default());
        let state = FileState {
            hash: "the hash when it was read".to_owned(),
            document: "gammal".to_owned(),
            stamp,
        };
        old.files.insert("documents/gammal.md".to_owned(), state);

        // Same size, same time: not read, whatever the bytes are now.
        std::fs::write(&path, "## B\n- Tva.\n").expect("writing");
        set_time(an_hour_ago);
        let listing = reader.list(&old, false).expect("a listing");
        assert!(
            matches!(&listing[0].contents, Contents::Hashed(hash) if hash == "the hash when it was read")
        );
        // Saved just now: read and hashed.
        std::fs::write(&path, "## C\n- Tre.\n").expect("writing");
        let listing = reader.list(&old, false).expect("a listing");
        assert_eq!(listing[0].stamp, None, "too recent to trust");
        assert!(matches!(&listing[0].contents, Contents::Read { .. }));
    }
}
