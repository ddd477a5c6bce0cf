//! The manifest of an index: what was indexed, from which files, with which schema and
//! vocabulary. It is stored as the payload of the tantivy commit, so it always describes
//! exactly the committed index (a crash cannot leave one without the other), the server needs
//! no corpus folder, and an update knows which files changed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::corpus::description::Description;
use crate::corpus::{
    AREAS_FILE, Addition, Date, Document, DocumentKind, Language, Region, RespondsTo, SOURCES_FILE,
    SectionKind, Status, THESAURUS_FILE, Taxonomy, Thesaurus,
};
use crate::error::{Error, Result};
use crate::ingest;
use crate::schema::SCHEMA_VERSION;

/// What an index holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Schema and analysis version the index was built with.
    pub format: u32,
    /// Hash of the taxonomies and the thesaurus; when it changes, every document is
    /// indexed again (validation, labels and area rules depend on them).
    pub vocabulary: String,
    /// The taxonomies at build time, with their labels.
    pub taxonomy: Taxonomy,
    /// The thesaurus at build time; queries expand with it.
    #[serde(default)]
    pub thesaurus: Thesaurus,
    /// Every indexed document, in corpus order.
    pub documents: Vec<DocumentSummary>,
    /// Every indexed file (path inside the corpus) with the hash of what it was read from.
    pub files: BTreeMap<String, FileState>,
    /// Every area's description: versions, rounds, outcomes (see
    /// [`crate::corpus::description`]). The public index carries the published ones only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<Description>,
    /// The group's background text for the final report (Markdown, from
    /// [`crate::REPORT_BACKGROUND_FILE`]), `None` while the group has not written it. The
    /// group writes it for the report, which anyone may download: the public index carries
    /// it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_background: Option<String>,
    /// The NDJSON file the index was imported from; `None` for an index of a corpus folder.
    /// An imported index is served as it is: no corpus folder updates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<String>,
    /// The corpus files the last update left out, and why: members see them listed, as
    /// `hinder check` lists them, rather than only the server's log. The public index
    /// carries none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// A corpus file the index left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// Path inside the corpus folder.
    pub path: String,
    /// Why, as `hinder check` says it, with paths inside the corpus folder.
    pub reason: String,
    /// The mistake, when it is one of the corpus's vocabulary or ids, which a person fixes
    /// by a word in the file (or in `areas.toml`, `sources.toml`).
    #[serde(default)]
    pub cause: LeftOutCause,
}

/// What kind of mistake left a file out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LeftOutCause {
    /// An area slug `areas.toml` does not declare.
    UnknownArea(String),
    /// A source slug `sources.toml` does not declare.
    UnknownSource(String),
    /// A document or finding id another file already has.
    TakenId(String),
    /// Anything else: the file could not be read as a document ([`LeftOut::reason`]).
    #[default]
    Unreadable,
}

impl LeftOut {
    /// The record of a file the corpus at `corpus_dir` could not give a document.
    pub fn new(error: &ingest::Error, corpus_dir: &Path) -> Self {
        use ingest::{Error as E, ParseErrorKind as K};
        let inside = |path: &Path| {
            path.strip_prefix(corpus_dir)
                .unwrap_or(path)
                .to_string_lossy()
                .into_owned()
        };
        let (path, cause) = match error {
            E::Parse { path, source } => (
                inside(path),
                match &source.kind {
                    K::UnknownArea(slug) => LeftOutCause::UnknownArea(slug.clone()),
                    K::UnknownSource(slug) => LeftOutCause::UnknownSource(slug.clone()),
                    _ => LeftOutCause::Unreadable,
                },
            ),
            E::DuplicateDocumentId { path, id, .. } | E::DuplicateFindingId { path, id, .. } => {
                (inside(path), LeftOutCause::TakenId(id.clone()))
            }
            E::Read { path, .. }
            | E::Extract { path, .. }
            | E::UnsupportedFormat(path)
            | E::MissingCorpus(path)
            | E::NoDocumentsFolder(path) => (inside(path), LeftOutCause::Unreadable),
            E::Taxonomy(_) => (String::new(), LeftOutCause::Unreadable),
        };
        let prefix = format!("{}{}", corpus_dir.display(), std::path::MAIN_SEPARATOR);
        Self {
            path,
            reason: error.to_string().replace(&prefix, ""),
            cause,
        }
    }
}

/// An indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// Hash of the file, its sidecar and its folder defaults.
    pub hash: String,
    /// The document it holds.
    pub document: String,
    /// The size and modification time of the file, its sidecar and its folders' defaults
    /// when it was read (the ingest side's `stamp`): while they are the same, the file is
    /// taken as unchanged without reading it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<String>,
}

/// A document's metadata, without its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date, when known.
    pub date: Option<Date>,
    /// Kind of material.
    pub kind: DocumentKind,
    /// Who may read it.
    pub status: Status,
    /// Language of the document.
    pub language: Language,
    /// What its sections are.
    #[serde(default)]
    pub section_kind: SectionKind,
    /// Path inside the corpus folder.
    pub path: String,
    /// Number of sections (slides).
    pub sections: usize,
    /// Number of findings.
    pub findings: usize,
    /// Who added it through Hinder, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<Addition>,
    /// The county or municipality it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// What it answers, for feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responds_to: Option<RespondsTo>,
}

impl From<&Document> for DocumentSummary {
    fn from(document: &Document) -> Self {
        Self {
            id: document.id.clone(),
            title: document.title.clone(),
            date: document.date,
            kind: document.kind,
            status: document.status,
            language: document.language,
            section_kind: document.section_kind,
            path: document.path.clone(),
            sections: document.sections.len(),
            findings: document.finding_count(),
            added: document.added.clone(),
            region: document.region.clone(),
            responds_to: document.responds_to.clone(),
        }
    }
}

/// Whether some of these documents are for members only.
pub(crate) fn any_members_only(documents: &[DocumentSummary]) -> bool {
    documents
        .iter()
        .any(|document| !document.status.is_published())
}

impl Manifest {
    /// Whether some document is for members only: only then does a library need a public
    /// index of its own ([`crate::library`]); otherwise the members' index answers everyone.
    pub(crate) fn has_members_only(&self) -> bool {
        any_members_only(&self.documents)
    }

    /// A manifest with no documents, for a new index.
    pub(crate) fn empty(taxonomy: Taxonomy, thesaurus: Thesaurus) -> Self {
        Self {
            format: SCHEMA_VERSION,
            vocabulary: String::new(),
            taxonomy,
            thesaurus,
            documents: Vec::new(),
            files: BTreeMap::new(),
            descriptions: Vec::new(),
            report_background: None,
            imported: None,
            left_out: Vec::new(),
        }
    }

    /// Reads the manifest of an index folder.
    ///
    /// # Errors
    /// When there is no index, or it was built by an incompatible Hinder.
    pub fn read(index_dir: &Path) -> Result<Self> {
        if !index_dir.join("meta.json").is_file() {
            return Err(Error::MissingIndex(index_dir.to_owned()));
        }
        let index = Index::open_in_dir(index_dir).map_err(|source| Error::Index {
            path: index_dir.to_owned(),
            source,
        })?;
        Self::of(&index, index_dir)
    }

    /// The manifest of an opened index's last commit.
    pub(crate) fn of(index: &Index, index_dir: &Path) -> Result<Self> {
        let metas = index.load_metas().map_err(|source| Error::Index {
            path: index_dir.to_owned(),
            source,
        })?;
        let incompatible = |found| Error::IncompatibleIndex {
            path: index_dir.to_owned(),
            found,
            expected: SCHEMA_VERSION,
        };
        let payload = metas.payload.ok_or_else(|| incompatible(0))?;
        // Check the format before the rest, so an old manifest reports the real problem.
        #[derive(Deserialize)]
        struct FormatOnly {
            format: u32,
        }
        let manifest_error = |error: serde_json::Error| Error::Manifest {
            path: index_dir.join("meta.json"),
            message: error.to_string(),
        };
        let FormatOnly { format } = serde_json::from_str(&payload).map_err(manifest_error)?;
        if format != SCHEMA_VERSION {
            return Err(incompatible(format));
        }
        serde_json::from_str(&payload).map_err(manifest_error)
    }

    /// The manifest as commit payload.
    pub(crate) fn to_payload(&self) -> String {
        serde_json::to_string(self).expect("a manifest is plain data and always serialises")
    }

    /// A short fingerprint of everything the index holds: it changes whenever any file,
    /// taxonomy or the thesaurus does, so that clients can cache answers until then.
    pub fn version(&self) -> String {
        let hash = blake3::hash(self.to_payload().as_bytes());
        hash.to_hex()[..16].to_owned()
    }

    /// Total findings of all documents.
    pub fn finding_count(&self) -> usize {
        self.documents
            .iter()
            .map(|document| document.findings)
            .sum()
    }
}

/// Hashes named inputs: each one's file name and content, so that renaming a sidecar or
/// moving bytes from one input to another changes the hash too.
struct ContentHasher(blake3::Hasher);

impl ContentHasher {
    fn new() -> Self {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&SCHEMA_VERSION.to_le_bytes());
        Self(hasher)
    }

    fn add(&mut self, path: &Path, part: ingest::Part<'_>) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.0.update(&(name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        match part {
            ingest::Part::Bytes(bytes) => {
                self.0.update(&(bytes.len() as u64).to_le_bytes());
                self.0.update(bytes);
            }
            // A file not read is known by its size: what it gives (a refusal) depends on
            // nothing else.
            ingest::Part::Skipped(size) => {
                self.0.update(b"skipped");
                self.0.update(&size.to_le_bytes());
            }
        }
    }

    fn finish(self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

fn hash_files(paths: impl IntoIterator<Item = impl AsRef<Path>>) -> Result<String> {
    let mut hasher = ContentHasher::new();
    for path in paths {
        let path = path.as_ref();
        let bytes = ingest::read_if_present(path)?;
        hasher.add(
            path,
            ingest::Part::Bytes(bytes.as_deref().unwrap_or_default()),
        );
    }
    Ok(hasher.finish())
}

/// Hash of the taxonomies and the thesaurus.
///
/// # Errors
/// When a file exists but cannot be read.
pub(crate) fn vocabulary_hash(corpus_dir: &Path) -> Result<String> {
    hash_files([AREAS_FILE, SOURCES_FILE, THESAURUS_FILE].map(|name| corpus_dir.join(name)))
}

/// Hash of what a document is read from: the file, its sidecar and its folders' defaults.
/// Content, not modification times: a fresh `git clone` touches every file and changes none.
pub(crate) fn document_hash(inputs: &ingest::DocumentInputs) -> String {
    let mut hasher = ContentHasher::new();
    for (path, part) in inputs.parts() {
        hasher.add(path, part);
    }
    hasher.finish()
}
