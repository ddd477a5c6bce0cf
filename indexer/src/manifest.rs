//! The manifest written beside the tantivy files: what was indexed, from which corpus state,
//! with which schema. It makes the index self-contained (the server needs no corpus folder)
//! and lets `hinder serve` tell whether the index is current.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::{
    Date, Document, DocumentKind, Language, SectionKind, Status, Taxonomy, Thesaurus, relative_path,
};
use crate::error::{Error, Result};
use crate::ingest;
use crate::schema::SCHEMA_VERSION;

/// File name of the manifest inside the index folder.
pub(crate) const MANIFEST_FILE: &str = "hinder-manifest.json";

/// What an index holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Schema and analysis version the index was built with.
    pub format: u32,
    /// Hash of every corpus file the index was built from.
    pub corpus_fingerprint: String,
    /// The taxonomies at build time, with their labels.
    pub taxonomy: Taxonomy,
    /// The thesaurus at build time; queries expand with it.
    #[serde(default)]
    pub thesaurus: Thesaurus,
    /// Every indexed document, in corpus order.
    pub documents: Vec<DocumentSummary>,
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
        }
    }
}

impl Manifest {
    pub(crate) fn path(index_dir: &Path) -> PathBuf {
        index_dir.join(MANIFEST_FILE)
    }

    /// Reads the manifest of an index folder.
    ///
    /// # Errors
    /// When there is no index, the manifest is unreadable, or the format differs.
    pub fn read(index_dir: &Path) -> Result<Self> {
        let path = Self::path(index_dir);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::MissingIndex(index_dir.to_owned()));
            }
            Err(error) => {
                return Err(Error::Manifest {
                    path,
                    message: error.to_string(),
                });
            }
        };
        // Check the format before the rest, so an old manifest reports the real problem.
        #[derive(Deserialize)]
        struct FormatOnly {
            format: u32,
        }
        let manifest_error = |error: serde_json::Error| Error::Manifest {
            path: path.clone(),
            message: error.to_string(),
        };
        let FormatOnly { format } = serde_json::from_str(&text).map_err(manifest_error)?;
        if format != SCHEMA_VERSION {
            return Err(Error::IncompatibleIndex {
                path: index_dir.to_owned(),
                found: format,
                expected: SCHEMA_VERSION,
            });
        }
        serde_json::from_str(&text).map_err(manifest_error)
    }

    pub(crate) fn write(&self, index_dir: &Path) -> Result<()> {
        let path = Self::path(index_dir);
        let json = serde_json::to_vec_pretty(self).map_err(|error| Error::Manifest {
            path: path.clone(),
            message: error.to_string(),
        })?;
        fs::write(&path, json).map_err(|source| Error::Io { path, source })
    }
}

/// A hash over the names and contents of every file the index depends on. Content, not
/// modification times: a fresh `git clone` touches every file without changing any.
///
/// # Errors
/// When the corpus folder cannot be listed or a file cannot be read.
pub fn corpus_fingerprint(corpus_dir: &Path) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&SCHEMA_VERSION.to_le_bytes());
    for path in ingest::corpus_files(corpus_dir)? {
        let bytes = fs::read(&path).map_err(|source| ingest::Error::Read {
            path: path.clone(),
            source,
        })?;
        let name = relative_path(corpus_dir, &path);
        hasher.update(&(name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

/// Whether an index folder reflects the corpus folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// The index matches the corpus.
    Current,
    /// There is no index yet.
    Missing,
    /// The index exists but was built from other content or by another Hinder.
    Stale,
}

/// Compares an index with the corpus it should reflect.
///
/// # Errors
/// When the corpus cannot be read. An unreadable index is reported as stale, not as an error,
/// because rebuilding is the cure.
pub fn freshness(index_dir: &Path, corpus_dir: &Path) -> Result<Freshness> {
    let manifest = match Manifest::read(index_dir) {
        Ok(manifest) => manifest,
        Err(Error::MissingIndex(_)) => return Ok(Freshness::Missing),
        Err(_) => return Ok(Freshness::Stale),
    };
    if manifest.corpus_fingerprint == corpus_fingerprint(corpus_dir)? {
        Ok(Freshness::Current)
    } else {
        Ok(Freshness::Stale)
    }
}
