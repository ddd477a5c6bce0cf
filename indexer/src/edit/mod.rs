//! The one path that changes `corpus/`: adding a document with its metadata, changing its
//! metadata, withdrawing it and restoring it. The command line (`hinder add`), the web forms
//! and the API all call an [`Editor`]; nothing else writes the corpus.
//!
//! Every change is
//! - **checked first**: a file is read as the index will read it (its findings are the
//!   [`Preview`], see `adding`), and one that would be left out, or metadata naming an
//!   unknown area, is refused before anything is written;
//! - **atomic**: files are written beside their place and moved into it, so the index's
//!   watcher and people see the old state or the new one (see `files`); a new file never
//!   takes a name in use (`naming`), and nothing is ever deleted: a withdrawn document moves
//!   to `withdrawn/`, out of every search, until it is restored (`withdrawal`);
//! - **attributed**: the document's metadata records who did what and when (`[[history]]`,
//!   see `metadata_file`), and where the corpus is in a git work tree the change is one
//!   commit by that person, of only the paths it touched (`git`);
//! - **one at a time**: the corpus folder is locked while a change is made, across
//!   processes.
//!
//! The index follows on its own: a running server's watcher sees the files change, and
//! `hinder index` or the next start reads them.

mod adding;
mod author;
mod description;
mod document_path;
mod error;
mod files;
mod folders;
mod git;
mod metadata;
mod metadata_file;
mod naming;
mod withdrawal;

use std::path::{Path, PathBuf};

pub use adding::{Preview, Upload};
pub use author::Author;
pub use description::{DescriptionReceipt, MAX_NOTE_CHARS};
pub use document_path::DocumentPath;
pub use error::{Error, Result};
pub use folders::{INCOMING_DIR, WITHDRAWN_DIR};
pub use git::Commit;
pub use metadata::{MAX_TITLE_CHARS, Metadata};
pub use withdrawal::Withdrawn;

use self::files::CorpusLock;
use self::folders::Folders;
use self::git::Repository;
use self::metadata_file::MetadataHome;
use crate::corpus::{Action, Change, Taxonomy, Timestamp};
use crate::ingest;

/// A document that was added.
#[derive(Debug, Clone)]
pub struct Added {
    /// What was saved.
    pub preview: Preview,
    /// Its commit.
    pub commit: Commit,
}

/// A change made to a document already in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The document's path relative to the corpus folder, after the change.
    pub path: String,
    /// The metadata keys that changed (empty when nothing did, and nothing was written).
    pub changed: Vec<String>,
    /// Its commit.
    pub commit: Commit,
}

/// Makes every change to one corpus folder.
#[derive(Debug)]
pub struct Editor {
    folders: Folders,
    repository: Option<Repository>,
}

impl Editor {
    /// An editor of the corpus at `corpus`, committing to git when it is in a work tree.
    /// Temporary files of writers killed part-way are removed.
    ///
    /// # Errors
    /// [`Error::Corpus`] when the folder or its `documents/` folder is missing.
    pub fn open(corpus: &Path) -> Result<Self> {
        let folders = Folders::of(corpus)?;
        for folder in [&folders.documents, &folders.withdrawn] {
            files::remove_abandoned(folder);
        }
        Ok(Self {
            folders,
            repository: Repository::find(corpus),
        })
    }

    /// Whether changes are committed to git.
    pub fn commits(&self) -> bool {
        self.repository.is_some()
    }

    /// What adding `upload` would make, without writing anything.
    ///
    /// # Errors
    /// The refusals of [`Self::add`].
    pub fn preview(&self, upload: Upload) -> Result<Preview> {
        self.refuse_duplicate(&upload)?;
        let taxonomy = self.taxonomy()?;
        Ok(adding::prepare(&self.folders, upload, &taxonomy, None)?.preview)
    }

    /// Adds a file as a new document under a name of its own (`<date>-<title>.<ext>` in
    /// `documents/inkommet/`), its metadata in a sidecar (or, for Markdown, its front matter).
    ///
    /// # Errors
    /// Refusals, with nothing written: [`Error::Unreadable`] and [`Error::NoFindings`] for a
    /// file that would be left out, [`Error::InvalidTitle`], [`Error::UnknownArea`] and
    /// [`Error::UnknownSource`]; and [`Error::Io`] when writing fails.
    pub fn add(&self, upload: Upload, author: &Author) -> Result<Added> {
        let _lock = self.lock()?;
        let sha256 = self.refuse_duplicate(&upload)?;
        let taxonomy = self.taxonomy()?;
        let change = Change {
            file: Some(adding::base_name(&upload.file_name).to_owned()),
            sha256: Some(sha256),
            ..done(Action::Added, author)
        };
        let prepared = adding::prepare(&self.folders, upload, &taxonomy, Some(&change))?;
        let path = self.folders.absolute(&prepared.preview.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| Error::Io {
                path: folder.to_owned(),
                source,
            })?;
        }
        let mut written = Vec::new();
        if let Some((sidecar, text)) = &prepared.sidecar {
            files::write_new(sidecar, text.as_bytes())
                .map_err(|error| Error::writing(sidecar, error))?;
            written.push(sidecar.clone());
        }
        if let Err(error) = files::write_new(&path, &prepared.bytes) {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
            return Err(Error::writing(&path, error));
        }
        written.push(path);
        let message = format!(
            "Add {}: {}",
            prepared.preview.path, prepared.preview.document.title
        );
        let commit = self.commit(&written, author, &message);
        Ok(Added {
            preview: prepared.preview,
            commit,
        })
    }

    /// Sets the metadata `metadata` gives on the document at `path` (under `documents/`),
    /// keeping the rest of its metadata file as it was.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::InvalidTitle`], [`Error::UnknownArea`] or
    /// [`Error::UnknownSource`] for metadata the corpus would refuse; [`Error::Metadata`] when its metadata file is not valid TOML;
    /// [`Error::Io`].
    pub fn change(
        &self,
        path: &DocumentPath,
        metadata: &Metadata,
        author: &Author,
    ) -> Result<Receipt> {
        let _lock = self.lock()?;
        let taxonomy = self.taxonomy()?;
        metadata.check(&taxonomy)?;
        let file = Folders::existing(&self.folders.documents, path)?;
        let mut home = MetadataHome::of(&file)?;
        let changed = home.metadata.set(metadata);
        let relative = self.folders.relative(&file);
        if changed.is_empty() {
            return Ok(Receipt {
                path: relative,
                changed: Vec::new(),
                commit: Commit::NoRepository,
            });
        }
        let keys: Vec<String> = changed.iter().map(|(key, _)| (*key).to_owned()).collect();
        home.metadata.record(&Change {
            fields: changed
                .into_iter()
                .map(|(key, change)| (key.to_owned(), change))
                .collect(),
            ..done(Action::Changed, author)
        });
        let written = home.write()?;
        let message = format!("Change {} of {relative}", keys.join(", "));
        let commit = self.commit(&[written], author, &message);
        Ok(Receipt {
            path: relative,
            changed: keys,
            commit,
        })
    }

    /// Takes the document at `path` out of every search: it moves, with its sidecar, to the
    /// same path under `withdrawn/`, and its history records who withdrew it, when and why.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::Taken`] when a document withdrawn earlier holds the
    /// path; [`Error::Io`].
    pub fn withdraw(
        &self,
        path: &DocumentPath,
        author: &Author,
        reason: Option<&str>,
    ) -> Result<Receipt> {
        let _lock = self.lock()?;
        let from = Folders::existing(&self.folders.documents, path)?;
        let to = path.under(&self.folders.withdrawn);
        let moved = withdrawal::move_document(&self.folders, &from, &to)?;
        let mut home = MetadataHome::of(&to)?;
        home.metadata.record(&Change {
            reason: reason
                .map(str::trim)
                .filter(|reason| !reason.is_empty())
                .map(str::to_owned),
            ..done(Action::Withdrawn, author)
        });
        let mut paths = moved;
        paths.push(home.write()?);
        let message = format!("Withdraw {}", self.folders.relative(&from));
        let commit = self.commit(&paths, author, &message);
        Ok(Receipt {
            path: self.folders.relative(&to),
            changed: Vec::new(),
            commit,
        })
    }

    /// Puts a withdrawn document back where it was, under `documents/`.
    ///
    /// # Errors
    /// [`Error::NotFound`] when no withdrawn document has the path; [`Error::Taken`] when
    /// another document has taken its place since; [`Error::Io`].
    pub fn restore(&self, path: &DocumentPath, author: &Author) -> Result<Receipt> {
        let _lock = self.lock()?;
        let from = Folders::existing(&self.folders.withdrawn, path)?;
        let to = path.under(&self.folders.documents);
        if to.exists() {
            return Err(Error::Taken(to));
        }
        let sidecar = to.with_extension(ingest::SIDECAR_EXTENSION);
        if withdrawal::sidecar_of(&from).is_some() && sidecar.exists() {
            return Err(Error::Taken(sidecar));
        }
        // The record first, while the document is still out of every search.
        let mut home = MetadataHome::of(&from)?;
        home.metadata.record(&done(Action::Restored, author));
        home.write()?;
        let paths = withdrawal::move_document(&self.folders, &from, &to)?;
        let message = format!("Restore {}", self.folders.relative(&to));
        let commit = self.commit(&paths, author, &message);
        Ok(Receipt {
            path: self.folders.relative(&to),
            changed: Vec::new(),
            commit,
        })
    }

    /// What happened to the document at `path` (under `documents/`, or withdrawn) through
    /// Hinder, oldest first; empty for a file put in place by hand.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::Metadata`] when its metadata is not valid TOML.
    pub fn history(&self, path: &DocumentPath) -> Result<Vec<Change>> {
        let file = Folders::existing(&self.folders.documents, path)
            .or_else(|_| Folders::existing(&self.folders.withdrawn, path))?;
        Ok(MetadataHome::of(&file)?.metadata.history())
    }

    /// Every withdrawn document, the latest withdrawal first.
    ///
    /// # Errors
    /// When `withdrawn/` cannot be listed.
    pub fn withdrawn(&self) -> Result<Vec<Withdrawn>> {
        withdrawal::list(&self.folders)
    }

    /// The upload's SHA-256, unless a document was added with the same content before.
    fn refuse_duplicate(&self, upload: &Upload) -> Result<String> {
        let sha256 = sha256_hex(&upload.bytes);
        match adding::already_added(&self.folders, &sha256)? {
            Some(path) => Err(Error::Duplicate {
                name: adding::base_name(&upload.file_name).to_owned(),
                existing: self.folders.relative(&path),
            }),
            None => Ok(sha256),
        }
    }

    fn taxonomy(&self) -> Result<Taxonomy> {
        Taxonomy::load(&self.folders.corpus).map_err(|error| Error::Corpus(error.into()))
    }

    fn lock(&self) -> Result<CorpusLock> {
        CorpusLock::acquire(&self.folders.corpus).map_err(|source| Error::Io {
            path: self.folders.corpus.clone(),
            source,
        })
    }

    fn commit(&self, paths: &[PathBuf], author: &Author, message: &str) -> Commit {
        match &self.repository {
            Some(repository) => repository.commit(paths, author, message),
            None => Commit::NoRepository,
        }
    }
}

/// A change of this kind by `author`, now; the caller adds what else it records.
fn done(action: Action, author: &Author) -> Change {
    Change {
        action,
        by: author.name().to_owned(),
        at: Timestamp::now(),
        file: None,
        sha256: None,
        fields: std::collections::BTreeMap::new(),
        reason: None,
    }
}

/// A file's SHA-256 in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests;
