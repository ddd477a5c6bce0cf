//! The folders of a corpus that changes touch: `documents/`, where the corpus reader reads,
//! and `withdrawn/` beside it, where withdrawn documents wait to be restored.

use std::path::{Path, PathBuf};

use super::document_path::DocumentPath;
use super::error::{Error, Result};
use crate::corpus::relative_path;
use crate::ingest::{self, DOCUMENTS_DIR};

/// Folder of the corpus, beside `documents/`, that keeps withdrawn documents at the path
/// they had under `documents/`. The corpus reader never looks inside.
pub const WITHDRAWN_DIR: &str = "withdrawn";

/// Folder under `documents/` where added documents are saved, apart from the files people
/// put in place by hand.
pub const INCOMING_DIR: &str = "inkommet";

/// A corpus folder and the folders in it that hold documents.
#[derive(Debug, Clone)]
pub(super) struct Folders {
    pub corpus: PathBuf,
    pub documents: PathBuf,
    pub incoming: PathBuf,
    pub withdrawn: PathBuf,
}

impl Folders {
    /// The folders of the corpus at `corpus`.
    ///
    /// # Errors
    /// [`Error::Corpus`] when the folder or its `documents/` folder is missing.
    pub(super) fn of(corpus: &Path) -> Result<Self> {
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
            incoming: documents.join(INCOMING_DIR),
            documents,
        })
    }

    /// The file at `path` under `folder` (`documents/` or `withdrawn/`), which must exist.
    ///
    /// # Errors
    /// [`Error::NotFound`].
    pub(super) fn existing(folder: &Path, path: &DocumentPath) -> Result<PathBuf> {
        let file = path.under(folder);
        if file.is_file() {
            Ok(file)
        } else {
            Err(Error::NotFound(file))
        }
    }

    /// A path inside the corpus as the index names it: relative, with `/`.
    pub(super) fn relative(&self, path: &Path) -> String {
        relative_path(&self.corpus, path)
    }

    /// The file a path relative to the corpus names.
    pub(super) fn absolute(&self, relative: &str) -> PathBuf {
        relative
            .split('/')
            .fold(self.corpus.clone(), |path, part| path.join(part))
    }
}
