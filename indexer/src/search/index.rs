//! An index that follows its commits: opened once, reloaded when the index is updated,
//! handing each request the [`IndexView`] of the commit it was loaded at. Apart from the
//! view because following commits (manual reloads, the manifest read on both sides of one)
//! is about time, and a view is about one moment.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use super::view::IndexView;
use crate::analysis::register_analyzers;
use crate::error::{Error, Result};
use crate::manifest::Manifest;
use crate::schema::Fields;

/// A read-only handle on a built index that follows its commits ([`Self::reload`]). Reads
/// go through [`Self::view`]. Cheap to share between threads.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    /// The last loaded commit; swapped whole on reload.
    current: RwLock<Arc<IndexView>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens one audience's index of a library built by [`crate::build_index`] (see
    /// [`crate::Library`], which opens both).
    ///
    /// # Errors
    /// When there is no index, it was built by an incompatible Hinder, or tantivy cannot
    /// open it.
    #[tracing::instrument(skip_all, fields(index = %index_dir.display()))]
    pub fn open(index_dir: &Path) -> Result<Self> {
        if !index_dir.join("meta.json").is_file() {
            return Err(Error::MissingIndex(index_dir.to_owned()));
        }
        let index_error = |source| Error::Index {
            path: index_dir.to_owned(),
            source,
        };
        let index = Index::open_in_dir(index_dir).map_err(index_error)?;
        register_analyzers(&index);
        let fields = Fields::new(&index.schema()).map_err(index_error)?;
        // Reloaded explicitly (see `reload`), so that the manifest and the searcher move together.
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        let (manifest, searcher) = latest_commit(&index, &reader, index_dir)?;
        let view = IndexView::new(fields, manifest, searcher);
        Ok(Self {
            path: index_dir.to_owned(),
            index,
            reader,
            current: RwLock::new(Arc::new(view)),
        })
    }

    /// Picks up the index's latest commit. Reads already running finish on the view they
    /// started with; new ones see the new one. Returns whether anything changed.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn reload(&self) -> Result<bool> {
        let (manifest, searcher) = latest_commit(&self.index, &self.reader, &self.path)?;
        let current = self.view();
        if *current.manifest == manifest {
            return Ok(false);
        }
        let view = Arc::new(current.next(manifest, searcher));
        // The new segments' columns (a merge's are as large as the segments it joined) are
        // decoded here, on the thread that reloads (in the server, one that yields to
        // searches), not by the first search that meets them.
        view.columns()?;
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = view;
        Ok(true)
    }

    /// The last loaded commit, for one request's reads.
    pub fn view(&self) -> Arc<IndexView> {
        Arc::clone(
            &self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// Loads the latest commit into the reader and returns its searcher with the manifest that
/// the same commit carries. The manifest is read before and after the reload: when another
/// commit landed in between, the two differ and the loading is repeated.
fn latest_commit(index: &Index, reader: &IndexReader, path: &Path) -> Result<(Manifest, Searcher)> {
    let mut manifest = Manifest::of(index, path)?;
    loop {
        reader.reload().map_err(|source| Error::Index {
            path: path.to_owned(),
            source,
        })?;
        let searcher = reader.searcher();
        let after = Manifest::of(index, path)?;
        if after == manifest {
            return Ok((manifest, searcher));
        }
        manifest = after;
    }
}
