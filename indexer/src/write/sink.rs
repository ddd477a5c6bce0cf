//! One index of a library being written: its tantivy writer (threads and memory sized per
//! audience), its deletes, and its commit with the manifest as payload. The updater decides
//! what goes into which of its two sinks and in which order they commit; a sink knows how
//! to write one index and to name it in every error.

use std::path::{Path, PathBuf};

use tantivy::{Index, IndexWriter, Term};

use super::compaction;
use super::finding;
use crate::analysis::register_analyzers;
use crate::corpus::{Document, Finding, Section};
use crate::error::{Error, Result};
use crate::library::Audience;
use crate::manifest::Manifest;
use crate::schema::Fields;

/// Memory budget of the members' tantivy writer, shared by its threads. Each thread writes
/// a segment whenever its share fills. On two cores, an import of 268,540 findings left
/// four segments to merge at 192 MiB and two at 384 MiB: one per core, so no merge at all,
/// in two thirds of the wall time (`bench/notes.md`). A million findings peak at some
/// 760 MiB with it, under the 1 GiB an import is allowed.
const MEMBERS_HEAP_BYTES: usize = 384 * 1024 * 1024;
/// The public writer's: it writes a part of the same documents.
const PUBLIC_HEAP_BYTES: usize = 96 * 1024 * 1024;
/// tantivy's minimum per indexing thread is 15 MB; stay well above it.
const MAX_WRITER_THREADS: usize = 4;

/// One index being written.
pub(super) struct Sink {
    writer: IndexWriter,
    fields: Fields,
    dir: PathBuf,
}

impl Sink {
    /// Takes the writer's lock of an audience's index of the library in `library_dir`, to
    /// write with up to `threads` indexing threads.
    pub(super) fn new(
        index: &Index,
        audience: Audience,
        library_dir: &Path,
        threads: usize,
    ) -> Result<Self> {
        register_analyzers(index);
        let dir = audience.index_dir(library_dir);
        let index_error = |source| Error::Index {
            path: dir.clone(),
            source,
        };
        let fields = Fields::new(&index.schema()).map_err(index_error)?;
        let threads = threads.clamp(1, MAX_WRITER_THREADS);
        let heap = match audience {
            Audience::Public => PUBLIC_HEAP_BYTES,
            Audience::Members => MEMBERS_HEAP_BYTES,
        };
        let writer =
            index
                .writer_with_num_threads(threads, heap)
                .map_err(|source| match source {
                    // Only a lock someone holds is another writer; a lock file that cannot
                    // be opened is an error of its own, said as it is.
                    tantivy::TantivyError::LockFailure(
                        tantivy::directory::error::LockError::LockBusy,
                        _,
                    ) => Error::Locked(library_dir.to_owned()),
                    source => index_error(source),
                })?;
        Ok(Self {
            writer,
            fields,
            dir,
        })
    }

    /// Adds one finding; `doc_key` is its document's [`crate::schema::doc_key`].
    pub(super) fn add(
        &self,
        document: &Document,
        section: &Section,
        finding: &Finding,
        doc_key: u64,
    ) -> Result<()> {
        let doc = finding::to_document(&self.fields, document, section, finding, doc_key);
        self.writer
            .add_document(doc)
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Deletes every finding, as of the next commit.
    pub(super) fn delete_all(&self) -> Result<()> {
        self.writer
            .delete_all_documents()
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Deletes a document's findings, as of the next commit.
    pub(super) fn delete_document(&self, id: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.doc_id, id));
    }

    /// See [`compaction::merge_at_the_end`].
    pub(super) fn merge_at_the_end(&self) {
        compaction::merge_at_the_end(&self.writer);
    }

    /// See [`compaction::compact`].
    pub(super) fn compact(&mut self, cores: usize) -> Result<()> {
        compaction::compact(&mut self.writer, cores).map_err(|e| self.error(e))
    }

    /// Commits with the manifest as payload, so that the two never disagree.
    pub(super) fn commit(&mut self, manifest: &Manifest) -> Result<()> {
        let dir = self.dir.clone();
        let index_error = |source| Error::Index { path: dir, source };
        let mut commit = self.writer.prepare_commit().map_err(index_error.clone())?;
        commit.set_payload(&manifest.to_payload());
        commit.commit().map(drop).map_err(index_error)
    }

    /// Waits for background merges and releases the index.
    pub(super) fn finish(self) -> Result<()> {
        let path = self.dir;
        self.writer
            .wait_merging_threads()
            .map_err(|source| Error::Index { path, source })
    }

    fn error(&self, source: tantivy::TantivyError) -> Error {
        Error::Index {
            path: self.dir.clone(),
            source,
        }
    }
}
