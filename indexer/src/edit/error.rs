//! Why a change to the corpus was refused or could not be made. Refusals are the caller's to
//! fix and say how; nothing is written when a change is refused.

use std::path::PathBuf;

use crate::ingest;

/// Everything that can stop a change to the corpus.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The corpus folder cannot be used (missing, no `documents/`, taxonomies invalid).
    #[error(transparent)]
    Corpus(ingest::Error),
    /// Who makes the change is not a usable name.
    #[error("invalid name `{0}`: give 1 to 100 characters, without line breaks, `<` or `>`")]
    InvalidAuthor(String),
    /// A file name that cannot be a document's (empty, or a path).
    #[error("invalid file name `{0}`: give the name of a .md, .txt, .pptx, .docx or .pdf file")]
    InvalidFileName(String),
    /// The file cannot become a document; the reason says what to do.
    #[error("{name}: {}", reason(.cause))]
    Unreadable {
        /// The file's name as it was given.
        name: String,
        /// Why ingest refuses it. Not the error's source: its message names the path the
        /// file was read under, where it has not been saved.
        cause: ingest::Error,
    },
    /// The same content was added before, as this document.
    #[error("{name}: this file was added before, as {existing}")]
    Duplicate {
        /// The file's name as it was given.
        name: String,
        /// The document that has its content, relative to the corpus folder.
        existing: String,
    },
    /// The file holds no text to find.
    #[error("{0}: the file holds no text that could become findings")]
    NoFindings(String),
    /// An area slug that `areas.toml` does not declare.
    #[error("unknown area `{slug}`, expected one of: {}", .known.join(", "))]
    UnknownArea {
        /// The slug given.
        slug: String,
        /// The areas there are.
        known: Vec<String>,
    },
    /// A source slug that `sources.toml` does not declare.
    #[error("unknown source `{slug}`, expected one of: {}", .known.join(", "))]
    UnknownSource {
        /// The slug given.
        slug: String,
        /// The sources there are.
        known: Vec<String>,
    },
    /// A title that is empty, too long, or holds a line break or another control character.
    #[error("invalid title: give 1 to {max} characters on one line, without control characters")]
    InvalidTitle {
        /// The longest title accepted.
        max: usize,
    },
    /// A path that does not name a document under `documents/` (or `withdrawn/`).
    #[error(
        "`{0}` is not a document path: give it relative to documents/, e.g. sormland/rapport.pdf"
    )]
    InvalidPath(String),
    /// No document at this path.
    #[error("no document at {}", .0.display())]
    NotFound(PathBuf),
    /// Restoring onto a path another document has taken since.
    #[error("{} is taken by another document: move it, or restore this one by hand", .0.display())]
    Taken(PathBuf),
    /// The document's metadata file cannot be read as TOML, so it cannot be changed safely.
    #[error("{}: {message}: fix the file by hand first", path.display())]
    Metadata {
        /// The sidecar or Markdown file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A description saved from a version that is no longer the current one: another
    /// editor saved in between.
    #[error(
        "version {given} is not the current one ({current}): read the current version and save again"
    )]
    StaleVersion {
        /// The current version.
        current: u32,
        /// The version the change started from.
        given: u32,
    },
    /// A part's footnotes cannot be kept as written.
    #[error("part `{part}`: {error}")]
    Footnote {
        /// The part.
        part: crate::corpus::description::Part,
        /// What is wrong.
        error: crate::corpus::description::FootnoteError,
    },
    /// The area has no description yet (a round or approval needs a version).
    #[error("the area `{0}` has no description yet")]
    NoDescription(String),
    /// The description has no such version.
    #[error("the description has no version {0}")]
    UnknownVersion(u32),
    /// A draft from the material is only made for an area with no text.
    #[error("the area `{0}` already has a description: edit it instead")]
    DescriptionExists(String),
    /// A decision that needs a reason was given none, or a note is too long.
    #[error("{0}")]
    InvalidNote(String),
    /// The change is valid but the file system refused it.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// A write that failed: [`Error::Taken`] when the name exists (nothing is written over),
    /// else [`Error::Io`].
    pub(super) fn writing(path: &std::path::Path, error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::AlreadyExists {
            Self::Taken(path.to_owned())
        } else {
            Self::Io {
                path: path.to_owned(),
                source: error,
            }
        }
    }

    /// Whether the caller can fix this by asking differently, rather than the server's
    /// disk or the corpus being at fault.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            Self::Corpus(_) | Self::Io { .. } | Self::Metadata { .. }
        )
    }
}

/// Ingest's reason without the path it names: the file has not been saved at that path, so
/// the message speaks of the file by the name it was given.
fn reason(error: &ingest::Error) -> String {
    match error {
        ingest::Error::Parse { source, .. } => source.to_string(),
        ingest::Error::Extract { source, .. } => source.to_string(),
        ingest::Error::UnsupportedFormat(_) => {
            "unsupported format, expected .md, .txt, .pptx, .docx or .pdf".to_owned()
        }
        ingest::Error::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// `Result` with this module's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
