//! Which document a change is about: its path under `documents/` (or `withdrawn/`), checked
//! so that no request can name a file outside them.

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::{Error, Result};
use crate::ingest::Format;

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

    /// The file this path names under `folder`.
    pub(super) fn under(&self, folder: &Path) -> PathBuf {
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
