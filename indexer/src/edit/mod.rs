//! The one path that changes `corpus/`: adding a document with its metadata, changing its
//! metadata, withdrawing it and restoring it. The command line (`hinder add`), the web forms
//! and the API all call an [`Editor`]; nothing else writes the corpus.
//!
//! Every change is
//! - **checked first**: a file is read as the index will read it (its findings are the
//!   [`Preview`]), and one that would be left out, or metadata naming an unknown area, is
//!   refused before anything is written;
//! - **atomic**: files are written beside their place and moved into it, so the index's
//!   watcher and people see the old state or the new one (see `files`); a new file never
//!   takes a name in use, and nothing is ever deleted: a withdrawn document moves to
//!   `withdrawn/`, out of every search, until it is restored;
//! - **attributed**: the document's metadata records who did what and when
//!   (`[[history]]`), and where the corpus is in a git work tree the change is one commit by
//!   that person, of only the paths it touched;
//! - **one at a time**: the corpus folder is locked while a change is made, across
//!   processes.
//!
//! The index follows on its own: a running server's watcher sees the files change, and
//! `hinder index` or the next start reads them.

mod author;
mod error;
mod files;
mod git;
mod metadata;
mod metadata_file;
mod naming;

use std::fmt;
use std::path::{Path, PathBuf};

pub use author::Author;
pub use error::{Error, Result};
pub use git::Commit;
pub use metadata::{MAX_TITLE_CHARS, Metadata};

use self::files::CorpusLock;
use self::git::Repository;
use self::metadata_file::{Markdown, MetadataText};
use crate::corpus::{Action, Change, Document, Taxonomy, Timestamp, relative_path};
use crate::ingest::{
    self, AreaRules, Body, DOCUMENTS_DIR, FOLDER_DEFAULTS_FILE, Format, MetaFile, ParsedFile,
    Placement, Warning, read_if_present,
};

/// Folder of the corpus, beside `documents/`, that keeps withdrawn documents at the path
/// they had under `documents/`. The corpus reader never looks inside.
pub const WITHDRAWN_DIR: &str = "withdrawn";

/// A file someone adds, with the metadata they chose.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its name as it was given (only the last part of a path counts).
    pub file_name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// What the person chose; the rest comes from the file.
    pub metadata: Metadata,
}

/// What adding a file will make: where it goes, and the document with its findings exactly
/// as the index will read it.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Where it will be saved, relative to the corpus folder (`documents/…`).
    pub path: String,
    /// The document, its findings section by section.
    pub document: Document,
    /// Parts of the file that were left out, and why.
    pub warnings: Vec<Warning>,
}

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

/// A withdrawn document, as an editor sees it before restoring it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    /// Its path under `withdrawn/` (and the path under `documents/` it returns to).
    pub path: DocumentPath,
    /// Its title as its metadata gives it, else its file name.
    pub title: String,
    /// The withdrawal as its history records it, when it does.
    pub withdrawal: Option<Change>,
}

/// A document's path relative to `documents/` (or to `withdrawn/`): folders and a file of a
/// format Hinder reads, nothing that climbs out or hides.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentPath(String);

impl DocumentPath {
    /// Checks a path given relative to `documents/`; a leading `documents/` is allowed, as
    /// the index stores paths relative to the corpus.
    ///
    /// # Errors
    /// [`Error::InvalidPath`] for an empty or absolute path, `..` or hidden parts,
    /// backslashes, or a file of a format Hinder does not read.
    pub fn new(text: &str) -> Result<Self> {
        let invalid = || Error::InvalidPath(text.to_owned());
        let relative = text.strip_prefix("documents/").unwrap_or(text);
        let parts: Vec<&str> = relative.split('/').collect();
        let well_formed = parts.iter().all(|part| {
            !part.is_empty()
                && !part.starts_with('.')
                && !part.contains(['\\', '\0'])
                && !part.chars().any(char::is_control)
        });
        if !well_formed || Format::from_path(Path::new(relative)).is_none() {
            return Err(invalid());
        }
        Ok(Self(relative.to_owned()))
    }

    /// The path with `/` separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn under(&self, folder: &Path) -> PathBuf {
        self.0
            .split('/')
            .fold(folder.to_owned(), |path, part| path.join(part))
    }
}

impl fmt::Display for DocumentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Makes every change to one corpus folder.
#[derive(Debug)]
pub struct Editor {
    corpus: PathBuf,
    documents: PathBuf,
    withdrawn: PathBuf,
    repository: Option<Repository>,
}

impl Editor {
    /// An editor of the corpus at `corpus`, committing to git when it is in a work tree.
    ///
    /// # Errors
    /// [`Error::Corpus`] when the folder or its `documents/` folder is missing.
    pub fn open(corpus: &Path) -> Result<Self> {
        if !corpus.is_dir() {
            return Err(Error::Corpus(ingest::Error::MissingCorpus(
                corpus.to_owned(),
            )));
        }
        let documents = corpus.join(DOCUMENTS_DIR);
        if !documents.is_dir() {
            return Err(Error::Corpus(ingest::Error::NoDocumentsFolder(
                corpus.to_owned(),
            )));
        }
        Ok(Self {
            corpus: corpus.to_owned(),
            withdrawn: corpus.join(WITHDRAWN_DIR),
            documents,
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
        let taxonomy = self.taxonomy()?;
        Ok(self.prepare(upload, &taxonomy, None)?.preview)
    }

    /// Adds a file as a new document under a name of its own (`<date>-<title>.<ext>` in
    /// `documents/`), its metadata in a sidecar (or, for Markdown, its front matter).
    ///
    /// # Errors
    /// Refusals, with nothing written: [`Error::Unreadable`] and [`Error::NoFindings`] for a
    /// file that would be left out, [`Error::InvalidTitle`], [`Error::UnknownArea`] and
    /// [`Error::UnknownSource`]; and [`Error::Io`] when writing fails.
    pub fn add(&self, upload: Upload, author: &Author) -> Result<Added> {
        let _lock = self.lock()?;
        let taxonomy = self.taxonomy()?;
        let change = Change {
            action: Action::Added,
            by: author.name().to_owned(),
            at: Timestamp::now(),
            file: Some(base_name(&upload.file_name).to_owned()),
            fields: Vec::new(),
            reason: None,
        };
        let prepared = self.prepare(upload, &taxonomy, Some(&change))?;
        let path = self.absolute(&prepared.preview.path);
        let mut written = Vec::new();
        if let Some((sidecar, text)) = &prepared.sidecar {
            files::write_new(sidecar, text.as_bytes())
                .map_err(|error| taken_or_io(sidecar, error))?;
            written.push(sidecar.clone());
        }
        if let Err(error) = files::write_new(&path, &prepared.bytes) {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
            return Err(taken_or_io(&path, error));
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
        check_metadata(metadata, &taxonomy)?;
        let file = self.existing(&self.documents, path)?;
        let mut home = MetadataHome::of(&file)?;
        let changed = home.metadata.set(metadata);
        let relative = self.relative(&file);
        if changed.is_empty() {
            return Ok(Receipt {
                path: relative,
                changed: Vec::new(),
                commit: Commit::NoRepository,
            });
        }
        let changed: Vec<String> = changed.into_iter().map(str::to_owned).collect();
        home.metadata.record(&Change {
            action: Action::Changed,
            by: author.name().to_owned(),
            at: Timestamp::now(),
            file: None,
            fields: changed.clone(),
            reason: None,
        });
        let written = home.write()?;
        let message = format!("Change {} of {relative}", changed.join(", "));
        let commit = self.commit(&[written], author, &message);
        Ok(Receipt {
            path: relative,
            changed,
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
        let from = self.existing(&self.documents, path)?;
        let to = path.under(&self.withdrawn);
        let moved = self.move_document(&from, &to)?;
        let mut home = MetadataHome::of(&to)?;
        home.metadata.record(&Change {
            action: Action::Withdrawn,
            by: author.name().to_owned(),
            at: Timestamp::now(),
            file: None,
            fields: Vec::new(),
            reason: reason
                .map(str::trim)
                .filter(|reason| !reason.is_empty())
                .map(str::to_owned),
        });
        let mut paths = moved;
        paths.push(home.write()?);
        let message = format!("Withdraw {}", self.relative(&from));
        let commit = self.commit(&paths, author, &message);
        Ok(Receipt {
            path: self.relative(&to),
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
        let from = self.existing(&self.withdrawn, path)?;
        let to = path.under(&self.documents);
        if to.exists() {
            return Err(Error::Taken(to));
        }
        let sidecar = to.with_extension(ingest::SIDECAR_EXTENSION);
        let has_sidecar = Format::from_path(&to) != Some(Format::Markdown)
            && from.with_extension(ingest::SIDECAR_EXTENSION).is_file();
        if has_sidecar && sidecar.exists() {
            return Err(Error::Taken(sidecar));
        }
        // The record first, while the document is still out of every search.
        let mut home = MetadataHome::of(&from)?;
        home.metadata.record(&Change {
            action: Action::Restored,
            by: author.name().to_owned(),
            at: Timestamp::now(),
            file: None,
            fields: Vec::new(),
            reason: None,
        });
        home.write()?;
        let paths = self.move_document(&from, &to)?;
        let message = format!("Restore {}", self.relative(&to));
        let commit = self.commit(&paths, author, &message);
        Ok(Receipt {
            path: self.relative(&to),
            changed: Vec::new(),
            commit,
        })
    }

    /// Every withdrawn document, the latest withdrawal first.
    ///
    /// # Errors
    /// When `withdrawn/` cannot be listed.
    pub fn withdrawn(&self) -> Result<Vec<Withdrawn>> {
        if !self.withdrawn.is_dir() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(&self.withdrawn) {
            let entry = entry.map_err(|error| Error::Io {
                path: self.withdrawn.clone(),
                source: error.into(),
            })?;
            let relative = relative_path(&self.withdrawn, entry.path());
            let Ok(path) = DocumentPath::new(&relative) else {
                continue;
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let meta = MetadataHome::of(entry.path())
                .ok()
                .and_then(|home| ingest::metadata::parse_meta(&home.metadata.to_string(), 1).ok())
                .unwrap_or_default();
            let withdrawal = meta
                .history
                .unwrap_or_default()
                .into_iter()
                .rfind(|change| change.action == Action::Withdrawn);
            let title = meta.title.unwrap_or_else(|| {
                ingest::names::title_from_file_name(
                    &entry
                        .path()
                        .file_stem()
                        .unwrap_or_default()
                        .to_string_lossy(),
                )
            });
            found.push(Withdrawn {
                path,
                title,
                withdrawal,
            });
        }
        found.sort_by(|a, b| {
            let at = |w: &Withdrawn| w.withdrawal.as_ref().map(|change| change.at);
            at(b).cmp(&at(a)).then_with(|| a.path.cmp(&b.path))
        });
        Ok(found)
    }

    /// Reads the upload as the index will, under the name it will get.
    fn prepare(
        &self,
        upload: Upload,
        taxonomy: &Taxonomy,
        change: Option<&Change>,
    ) -> Result<Prepared> {
        let Upload {
            file_name,
            bytes,
            metadata,
        } = upload;
        let name = base_name(&file_name).to_owned();
        if name.is_empty() || name.starts_with('.') || name.chars().any(char::is_control) {
            return Err(Error::InvalidFileName(file_name));
        }
        check_metadata(&metadata, taxonomy)?;
        let unreadable = |source| Error::Unreadable {
            name: name.clone(),
            cause: source,
        };
        let rules = AreaRules::new(taxonomy);
        let folder_defaults = [MetaFile {
            bytes: read_if_present(&self.documents.join(FOLDER_DEFAULTS_FILE))
                .map_err(Error::Corpus)?,
            path: self.documents.join(FOLDER_DEFAULTS_FILE),
        }];
        let given = self.documents.join(&name);
        let extension = given
            .extension()
            .map(|extension| extension.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let is_markdown = Format::from_path(&given) == Some(Format::Markdown);
        let body = Body::Bytes(bytes);
        // Markdown's metadata is its front matter: the chosen values go in before reading.
        let (body, front_matter) = if is_markdown {
            let text = markdown_text(&body).map_err(|source| {
                unreadable(ingest::Error::Parse {
                    path: given.clone(),
                    source,
                })
            })?;
            let split =
                Markdown::split(&text).map_err(|message| metadata_refused(&name, &message))?;
            let mut front_matter = MetadataText::parse(split.front_matter)
                .map_err(|message| metadata_refused(&name, &message))?;
            front_matter.set(&metadata);
            let body = Body::Bytes(Markdown::join(&front_matter, split.body).into_bytes());
            (body, Some((front_matter, split.body.to_owned())))
        } else {
            (body, None)
        };
        let mut chosen = MetadataText::default();
        chosen.set(&metadata);
        let parsed = ParsedFile::parse(&given, &body).map_err(unreadable)?;
        // Read once under the name it was given, for the title and date the file says…
        let sidecar = MetaFile {
            path: given.with_extension(ingest::SIDECAR_EXTENSION),
            bytes: Some(chosen.to_string().into_bytes().into()),
        };
        let first = parsed
            .clone()
            .into_document(
                &self.corpus,
                &Placement {
                    path: &given,
                    sidecar: &sidecar,
                    folder_defaults: &folder_defaults,
                },
                taxonomy,
                &rules,
                &|_| None,
            )
            .map_err(unreadable)?
            .document;
        let title = metadata.title.clone().unwrap_or(first.title);
        let date = metadata.date.or(first.date);
        // …then named by them, with them written down: the name no longer says them.
        let path = naming::choose(&self.documents, &self.withdrawn, &title, date, &extension)
            .map_err(|source| Error::Io {
                path: self.documents.clone(),
                source,
            })?;
        let resolved = Metadata {
            title: Some(title),
            date,
            ..metadata
        };
        let (bytes, sidecar) = match front_matter {
            Some((mut front_matter, body)) => {
                front_matter.set(&resolved);
                if let Some(change) = change {
                    front_matter.record(change);
                }
                (Markdown::join(&front_matter, &body).into_bytes(), None)
            }
            None => {
                let mut text = MetadataText::default();
                text.set(&resolved);
                if let Some(change) = change {
                    text.record(change);
                }
                (
                    body.into_bytes(),
                    Some((
                        path.with_extension(ingest::SIDECAR_EXTENSION),
                        text.to_string(),
                    )),
                )
            }
        };
        let sidecar_file = MetaFile {
            path: path.with_extension(ingest::SIDECAR_EXTENSION),
            bytes: sidecar.as_ref().map(|(_, text)| text.as_bytes().into()),
        };
        let placement = Placement {
            path: &path,
            sidecar: &sidecar_file,
            folder_defaults: &folder_defaults,
        };
        let parsed = if is_markdown {
            ParsedFile::parse(&path, &Body::Bytes(bytes.clone())).map_err(unreadable)?
        } else {
            parsed
        };
        let read = parsed
            .into_document(&self.corpus, &placement, taxonomy, &rules, &|_| None)
            .map_err(unreadable)?;
        if read.document.finding_count() == 0 {
            return Err(Error::NoFindings(name));
        }
        Ok(Prepared {
            preview: Preview {
                path: self.relative(&path),
                document: read.document,
                warnings: read.warnings,
            },
            bytes,
            sidecar,
        })
    }

    /// Moves a document and its sidecar, the document first: out of `documents/`, it leaves
    /// every search before its metadata moves; into it, it arrives after. A sidecar that
    /// another file of the same name still uses is copied, not moved.
    fn move_document(&self, from: &Path, to: &Path) -> Result<Vec<PathBuf>> {
        let sidecar_from = from.with_extension(ingest::SIDECAR_EXTENSION);
        let sidecar_to = to.with_extension(ingest::SIDECAR_EXTENSION);
        let has_sidecar =
            Format::from_path(from) != Some(Format::Markdown) && sidecar_from.is_file();
        let entering = to.starts_with(&self.documents);
        let move_file = |from: &Path, to: &Path| {
            files::move_new(from, to).map_err(|error| taken_or_io(to, error))
        };
        let move_sidecar = || -> Result<()> {
            if shares_sidecar(from) {
                let bytes = std::fs::read(&sidecar_from).map_err(|source| Error::Io {
                    path: sidecar_from.clone(),
                    source,
                })?;
                files::write_new(&sidecar_to, &bytes)
                    .map_err(|error| taken_or_io(&sidecar_to, error))
            } else {
                move_file(&sidecar_from, &sidecar_to)
            }
        };
        if entering && has_sidecar {
            move_sidecar()?;
            move_file(from, to)?;
        } else {
            move_file(from, to)?;
            if has_sidecar {
                move_sidecar()?;
            }
        }
        let mut paths = vec![from.to_owned(), to.to_owned()];
        if has_sidecar {
            paths.extend([sidecar_from, sidecar_to]);
        }
        Ok(paths)
    }

    fn existing(&self, folder: &Path, path: &DocumentPath) -> Result<PathBuf> {
        let file = path.under(folder);
        if file.is_file() {
            Ok(file)
        } else {
            Err(Error::NotFound(file))
        }
    }

    fn taxonomy(&self) -> Result<Taxonomy> {
        Taxonomy::load(&self.corpus).map_err(|error| Error::Corpus(error.into()))
    }

    fn lock(&self) -> Result<CorpusLock> {
        CorpusLock::acquire(&self.corpus).map_err(|source| Error::Io {
            path: self.corpus.clone(),
            source,
        })
    }

    fn commit(&self, paths: &[PathBuf], author: &Author, message: &str) -> Commit {
        match &self.repository {
            Some(repository) => repository.commit(paths, author, message),
            None => Commit::NoRepository,
        }
    }

    fn relative(&self, path: &Path) -> String {
        relative_path(&self.corpus, path)
    }

    fn absolute(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .fold(self.corpus.clone(), |path, part| path.join(part))
    }
}

/// An upload read and named, ready to be written.
#[derive(Debug)]
struct Prepared {
    preview: Preview,
    /// The document file's bytes (for Markdown, with its front matter).
    bytes: Vec<u8>,
    /// The sidecar to write beside it, for the other formats.
    sidecar: Option<(PathBuf, String)>,
}

/// Where a document's metadata is written: its front matter (Markdown) or its sidecar.
#[derive(Debug)]
struct MetadataHome {
    path: PathBuf,
    metadata: MetadataText,
    /// The Markdown body, kept verbatim around the front matter.
    markdown_body: Option<String>,
}

impl MetadataHome {
    fn of(document: &Path) -> Result<Self> {
        let refused = |path: &Path, message: String| Error::Metadata {
            path: path.to_owned(),
            message,
        };
        let read = |path: &Path| {
            read_if_present(path)
                .map_err(|error| match error {
                    ingest::Error::Read { path, source } => Error::Io { path, source },
                    other => Error::Corpus(other),
                })
                .map(|bytes| bytes.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
        };
        if Format::from_path(document) == Some(Format::Markdown) {
            let text = read(document)?.ok_or_else(|| Error::NotFound(document.to_owned()))?;
            let split = Markdown::split(&text).map_err(|message| refused(document, message))?;
            Ok(Self {
                path: document.to_owned(),
                metadata: MetadataText::parse(split.front_matter)
                    .map_err(|message| refused(document, message))?,
                markdown_body: Some(split.body.to_owned()),
            })
        } else {
            let path = document.with_extension(ingest::SIDECAR_EXTENSION);
            let text = read(&path)?.unwrap_or_default();
            Ok(Self {
                metadata: MetadataText::parse(&text).map_err(|message| refused(&path, message))?,
                path,
                markdown_body: None,
            })
        }
    }

    /// Writes the metadata back in place; returns the file written.
    fn write(&self) -> Result<PathBuf> {
        let text = match &self.markdown_body {
            Some(body) => Markdown::join(&self.metadata, body),
            None => self.metadata.to_string(),
        };
        files::replace(&self.path, text.as_bytes()).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path.clone())
    }
}

/// Refuses metadata the corpus reader would refuse: so that a form hears it before anything
/// is written, in words about the field rather than a sidecar's line.
fn check_metadata(metadata: &Metadata, taxonomy: &Taxonomy) -> Result<()> {
    if let Some(title) = &metadata.title {
        let length = title.trim().chars().count();
        if length == 0 || length > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
            return Err(Error::InvalidTitle);
        }
    }
    if let Some(source) = &metadata.source
        && taxonomy.source(source).is_none()
    {
        return Err(Error::UnknownSource(source.clone()));
    }
    if let Some(area) = metadata
        .areas
        .iter()
        .flatten()
        .find(|area| taxonomy.area(area).is_none())
    {
        return Err(Error::UnknownArea(area.clone()));
    }
    Ok(())
}

/// The last part of a name that may come with a path (old browsers send `C:\…\x.pptx`).
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name).trim()
}

/// A Markdown upload's text, as the corpus reader decodes it.
fn markdown_text(body: &Body) -> std::result::Result<String, ingest::ParseError> {
    let Body::Bytes(bytes) = body else {
        return Ok(String::new());
    };
    std::str::from_utf8(bytes)
        .map(|text| text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
        .map_err(|_| ingest::ParseError {
            line: 1,
            kind: ingest::ParseErrorKind::NotUtf8,
        })
}

fn metadata_refused(name: &str, message: &str) -> Error {
    Error::Unreadable {
        name: name.to_owned(),
        cause: ingest::Error::Parse {
            path: PathBuf::from(name),
            source: ingest::ParseError {
                line: 1,
                kind: ingest::ParseErrorKind::InvalidMetadata(message.to_owned()),
            },
        },
    }
}

/// Whether another document file beside this one has the same stem, and so the same
/// sidecar (`rapport.docx` and `rapport.pdf` both read `rapport.toml`).
fn shares_sidecar(document: &Path) -> bool {
    let (Some(folder), Some(stem)) = (document.parent(), document.file_stem()) else {
        return false;
    };
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let path = entry.path();
            path != document && path.file_stem() == Some(stem) && Format::from_path(&path).is_some()
        })
    })
}

fn taken_or_io(path: &Path, error: std::io::Error) -> Error {
    if error.kind() == std::io::ErrorKind::AlreadyExists {
        Error::Taken(path.to_owned())
    } else {
        Error::Io {
            path: path.to_owned(),
            source: error,
        }
    }
}

#[cfg(test)]
mod tests;
