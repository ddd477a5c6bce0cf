//! What a build, update or import did, and what it left out: the one report every write
//! returns, so that the command line and the live updater say the same things.

use std::path::PathBuf;
use std::time::Duration;

use crate::ingest;

/// What a build or update did.
#[derive(Debug)]
pub struct BuildReport {
    /// Documents in the index afterwards.
    pub documents: usize,
    /// Findings in the index afterwards.
    pub findings: usize,
    /// Documents read and indexed by this run (new or changed files).
    pub read: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Whether every document was read again.
    pub full: bool,
    /// Whether what the manifest carries besides documents changed (the thesaurus, an
    /// area description's versions, rounds or outcomes): a commit with no document read.
    pub manifest_changed: bool,
    /// Files (or lines of an import) left out, with the reason.
    pub failures: Vec<Failure>,
    /// Files read in part, or under another id than their name gives, with the reason.
    pub warnings: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

impl BuildReport {
    /// Whether the index changed.
    pub fn changed(&self) -> bool {
        self.full || self.read > 0 || self.removed > 0 || self.manifest_changed
    }
}

/// Something a write left out, and why; the rest was written.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A corpus file that could not be read.
    #[error(transparent)]
    File(#[from] ingest::Error),
    /// A line of an NDJSON import that is not a finding.
    #[error("{}:{line}: {reason}", input.display())]
    Line {
        /// The file imported.
        input: PathBuf,
        /// Its line number, from 1.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
}

impl Failure {
    /// Line `line` of the imported file `input` is no finding, for `reason`.
    pub(crate) fn line(input: &str, line: usize, reason: impl std::fmt::Display) -> Self {
        Self::Line {
            input: input.into(),
            line,
            reason: reason.to_string(),
        }
    }
}
