//! Why a corpus file could not be read; every message names the file, and the line where
//! there is one.

use std::path::PathBuf;

use crate::corpus::TaxonomyError;

/// A problem with one document, located by line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ParseError {
    /// Line in the file.
    pub line: usize,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

impl ParseError {
    pub(crate) fn new(line: usize, kind: ParseErrorKind) -> Self {
        Self { line, kind }
    }
}

/// What is wrong with a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    /// The bytes are not UTF-8 text.
    #[error("not UTF-8 text")]
    NotUtf8,
    /// `+++` front matter without its closing line.
    #[error("front matter opened with `+++` is never closed")]
    UnterminatedFrontMatter,
    /// YAML front matter, which Hinder does not read.
    #[error("front matter must be TOML between `+++` lines, not YAML between `---`")]
    YamlFrontMatter,
    /// Front matter or sidecar that is not valid TOML of the expected shape.
    #[error("invalid metadata: {0}")]
    InvalidMetadata(String),
    /// A metadata comment with an unknown key.
    #[error("unknown metadata key `{0}`, expected id, source, areas or date")]
    UnknownKey(String),
    /// A metadata key given twice for the same element.
    #[error("metadata key `{0}` is given twice")]
    DuplicateKey(String),
    /// A metadata comment entry without `key: value` form.
    #[error("malformed metadata `{0}`, expected `key: value` pairs separated by `;`")]
    MalformedMetadata(String),
    /// A metadata comment that belongs to nothing.
    #[error("metadata comment must directly follow a heading or end a finding's line")]
    MisplacedMetadata,
    /// An area slug that `areas.toml` does not declare.
    #[error("unknown area `{0}`")]
    UnknownArea(String),
    /// A source slug that `sources.toml` does not declare.
    #[error("unknown source `{0}`")]
    UnknownSource(String),
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date `{0}`, expected YYYY-MM-DD")]
    InvalidDate(String),
    /// An id that is not a slug.
    #[error("invalid id `{0}`, use lower-case a-z, 0-9 and hyphens")]
    InvalidId(String),
    /// Two findings of the document claim the same explicit id.
    #[error("finding id `{0}` is used twice")]
    DuplicateFindingId(String),
    /// Nothing to index.
    #[error("the document contains no text")]
    Empty,
}

/// Why reading the corpus failed, or why one file of it was left out.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The taxonomies could not be read; nothing can be validated without them.
    #[error(transparent)]
    Taxonomy(#[from] TaxonomyError),
    /// The corpus folder does not exist.
    #[error("corpus folder {} does not exist", .0.display())]
    MissingCorpus(PathBuf),
    /// The corpus has no `documents/` folder.
    #[error("corpus folder {} has no documents/ folder", .0.display())]
    NoDocumentsFolder(PathBuf),
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A document is malformed.
    #[error("{}:{}: {}", path.display(), source.line, source.kind)]
    Parse {
        /// The document (or its sidecar).
        path: PathBuf,
        /// Line and cause.
        source: ParseError,
    },
    /// A binary document could not be read.
    #[error("{}: {source}", path.display())]
    Extract {
        /// The file.
        path: PathBuf,
        /// Why.
        source: super::extract::ExtractError,
    },
    /// A file whose extension no extractor reads.
    #[error("{}: unsupported format, expected .md, .txt, .pptx, .docx or .pdf", .0.display())]
    UnsupportedFormat(PathBuf),
    /// Two documents share an id.
    #[error("{}: document id `{id}` is already used by {}", path.display(), first.display())]
    DuplicateDocumentId {
        /// The later document, which is left out.
        path: PathBuf,
        /// The id.
        id: String,
        /// The document that keeps it.
        first: PathBuf,
    },
    /// Two documents' findings share an explicit id.
    #[error("{}: finding id `{id}` is already used by {}", path.display(), first.display())]
    DuplicateFindingId {
        /// The later document, which is left out.
        path: PathBuf,
        /// The id.
        id: String,
        /// The document that keeps it.
        first: PathBuf,
    },
}

/// Something a reader of the corpus should know about a file that was still indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct Warning {
    /// The file.
    pub path: PathBuf,
    /// What happened.
    pub kind: WarningKind,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarningKind {
    /// Part of the file could not be read; the rest is indexed.
    #[error(transparent)]
    Extract(#[from] super::extract::ExtractWarning),
    /// The id the file's name gives is another file's; this one got a suffix.
    #[error("document id `{id}` is already used by {}; this file is indexed as `{given}`", first.display())]
    IdTaken {
        /// The id its name gives.
        id: String,
        /// The file that holds it.
        first: PathBuf,
        /// The id this file got.
        given: String,
    },
}
