//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in the indexer library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the corpus failed as a whole.
    #[error(transparent)]
    Ingest(#[from] crate::ingest::Error),
    /// No index has been built at this path.
    #[error("no index at {} (build it with `hinder index`)", .0.display())]
    MissingIndex(PathBuf),
    /// The index was written by a Hinder with another schema.
    #[error(
        "index at {} has format {found}, this Hinder reads format {expected}: rebuild it with `hinder index`",
        path.display()
    )]
    IncompatibleIndex {
        /// The index folder.
        path: PathBuf,
        /// Format found in its manifest.
        found: u32,
        /// Format this build expects.
        expected: u32,
    },
    /// The manifest beside the index is unreadable.
    #[error("cannot read index manifest {}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// tantivy failed on the index at this path.
    #[error("index at {}: {source}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
    /// A file or folder could not be written or moved.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Another process is writing the index.
    #[error(
        "the index at {} is being written by another process (`hinder serve` keeps the index it serves up to date itself)",
        .0.display()
    )]
    Locked(PathBuf),
    /// The target folder exists and is not a Hinder index; it is never replaced.
    #[error("refusing to replace {}: it exists and is not a Hinder index", .0.display())]
    NotAnIndex(PathBuf),
    /// The search request is invalid: the caller's mistake, not the index's.
    #[error(transparent)]
    Query(#[from] crate::request::QueryError),
    /// A search failed inside tantivy (not because of the request).
    #[error("search failed: {0}")]
    Search(#[source] tantivy::TantivyError),
    /// Index work ran past its deadline ([`crate::within_deadline`]) and stopped.
    #[error("the search took longer than its time allows and was stopped")]
    DeadlineExceeded,
    /// An export could not be written to its destination.
    #[error("cannot write the export: {0}")]
    Export(#[source] std::io::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
