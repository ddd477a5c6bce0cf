//! Keeping an index in step with its corpus, in place.
//!
//! Only files whose content changed (the file, its sidecar or its folders' defaults) are read
//! and indexed again, and a removed file takes its findings with it. A file that no longer
//! reads keeps its last good findings until it is fixed. Each update is one tantivy commit
//! that carries the new manifest, so a reader sees the old state or the new, never a mix, and
//! a crash at any moment, `kill -9` included, leaves the last commit intact.
//!
//! A library has two indexes ([`crate::library`]): every document goes into the members'
//! index and, once some document is for members only, the published ones into the public
//! index too. The public index then commits first; the members' manifest, which decides
//! what the next update reads and whom the public index serves, commits last. While every
//! document is published the public index stays empty: the members' index answers everyone.
//! The first members-only document makes an update read the published documents again, to
//! fill the public index; the last one to go empties it, after the members' commit.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::Index;
use tracing::info;

use super::plan;
use super::reader::Reader;
use super::report::{BuildReport, Failure};
use super::sink::Sink;
use crate::corpus::{Document, Finding, Section, Taxonomy, Thesaurus};
use crate::error::{Error, Result};
use crate::ingest;
use crate::library::{self, Audience};
use crate::manifest::{DocumentSummary, LeftOut, Manifest, vocabulary_hash};
use crate::schema;

/// Bytes of stored findings compressed together. A page of hits reads ten findings from
/// ten places, decompressing a whole block for each: smaller blocks than tantivy's 16 KiB
/// make a page cheaper for a slightly larger store (`docs/benchmarks.md`).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// The one writer of a library's two indexes, with the members' manifest of the last commit.
pub struct IndexUpdater {
    public: Sink,
    members: Sink,
    manifest: Manifest,
    dir: PathBuf,
}

impl std::fmt::Debug for IndexUpdater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexUpdater")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl IndexUpdater {
    /// Opens an existing library for writing. Only one writer may hold it at a time.
    ///
    /// # Errors
    /// When there is no compatible library, or another process is writing it.
    pub fn open(library_dir: &Path) -> Result<Self> {
        Self::open_with_threads(library_dir, crate::cores())
    }

    /// Opens a library for the small updates of a server that searches it meanwhile: one
    /// indexing thread, so that an update (an upload, an edit) leaves the other cores to
    /// the searches (`docs/reliability.md`).
    ///
    /// # Errors
    /// As [`Self::open`].
    pub fn open_beside_searches(library_dir: &Path) -> Result<Self> {
        Self::open_with_threads(library_dir, 1)
    }

    fn open_with_threads(library_dir: &Path, threads: usize) -> Result<Self> {
        let manifest = library::read_manifest(library_dir)?;
        let [public, members] = Audience::ALL.map(|audience| {
            let dir = audience.index_dir(library_dir);
            Index::open_in_dir(&dir)
                .map_err(|source| Error::Index { path: dir, source })
                .and_then(|index| Sink::new(&index, audience, library_dir, threads))
        });
        Ok(Self {
            public: public?,
            members: members?,
            manifest,
            dir: library_dir.to_owned(),
        })
    }

    /// Creates an empty library in a folder.
    pub(crate) fn create(dir: &Path, taxonomy: Taxonomy, thesaurus: Thesaurus) -> Result<Self> {
        let [public, members] = Audience::ALL.map(|audience| {
            let index_dir = audience.index_dir(dir);
            std::fs::create_dir_all(&index_dir)
                .map_err(|source| Error::Io {
                    path: index_dir.clone(),
                    source,
                })
                .and_then(|()| {
                    let settings = tantivy::IndexSettings {
                        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
                        ..tantivy::IndexSettings::default()
                    };
                    Index::builder()
                        .schema(schema::build_schema())
                        .settings(settings)
                        .create_in_dir(&index_dir)
                        .map_err(|source| Error::Index {
                            path: index_dir,
                            source,
                        })
                })
                .and_then(|index| Sink::new(&index, audience, dir, crate::cores()))
        });
        Ok(Self {
            public: public?,
            members: members?,
            manifest: Manifest::empty(taxonomy, thesaurus),
            dir: dir.to_owned(),
        })
    }

    /// The manifest of the last commit.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Brings the index in step with the corpus; `full` reads every document again.
    ///
    /// `progress` is called with the findings written so far and the findings to write.
    ///
    /// # Errors
    /// When the corpus cannot be read as a whole or the index cannot be written. Bad files do
    /// not fail the update: they are listed in [`BuildReport::failures`].
    #[tracing::instrument(skip_all, fields(corpus = %corpus_dir.display(), index = %self.dir.display()))]
    pub fn update(
        &mut self,
        corpus_dir: &Path,
        full: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<BuildReport> {
        let started = Instant::now();
        let taxonomy = Taxonomy::load(corpus_dir).map_err(ingest::Error::from)?;
        let thesaurus = Thesaurus::load(corpus_dir).map_err(ingest::Error::from)?;
        let vocabulary = vocabulary_hash(corpus_dir)?;
        let (descriptions, description_warnings) =
            crate::corpus::description::files::load(corpus_dir, &taxonomy);
        let (report_background, background_warning) =
            match crate::corpus::load_report_background(corpus_dir) {
                Ok(text) => (text, None),
                // An unreadable file keeps the last good text, as a bad document keeps its
                // findings.
                Err(warning) => (self.manifest.report_background.clone(), Some(warning)),
            };
        let full = full || vocabulary != self.manifest.vocabulary;
        let mut reader = Reader::new(corpus_dir, &taxonomy);
        let listing = reader.list(&self.manifest, full)?;
        let mut plan = plan::plan(&self.manifest, listing, full);
        let read = reader.read_changed(&mut plan, &self.manifest, full);
        let mut failures = read.failures;

        let public_needed = plan
            .kept
            .iter()
            .map(|d| d.status)
            .chain(read.documents.iter().map(|d| d.status))
            .any(|status| !Audience::Public.may_read(status));
        // While every document was published the public index was left empty; the first
        // members-only document fills it, with the published documents this update would
        // otherwise not read as well.
        let refill = public_needed && !self.manifest.has_members_only();
        let unchanged_published = if refill {
            reader.read_published_again(&plan, &read.unread, &mut failures)
        } else {
            Vec::new()
        };
        let left_out: Vec<LeftOut> = failures
            .iter()
            .filter_map(|failure| match failure {
                Failure::File(error) => Some(LeftOut::new(error, corpus_dir)),
                Failure::Line { .. } => None,
            })
            .collect();
        let manifest_changed = self.manifest.thesaurus != thesaurus
            || self.manifest.descriptions != descriptions
            || self.manifest.report_background != report_background
            || self.manifest.left_out != left_out;
        let changed = full
            || refill
            || manifest_changed
            || !read.documents.is_empty()
            || !plan.removed.is_empty()
            || self.manifest.taxonomy != taxonomy;
        if changed {
            let gone: Vec<&String> = plan.removed.iter().chain(&read.stale).collect();
            self.clear(full, public_needed, &gone)?;
            if refill {
                self.refill_public(&unchanged_published)?;
            }
            self.write(&read.documents, public_needed, progress)?;
        }
        let mut all: Vec<DocumentSummary> = plan.kept;
        all.extend(read.documents.iter().map(DocumentSummary::from));
        all.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = Manifest {
            format: schema::SCHEMA_VERSION,
            vocabulary,
            taxonomy,
            thesaurus,
            documents: all,
            files: plan.files,
            descriptions,
            report_background,
            imported: None,
            left_out,
        };
        if changed {
            self.commit(&manifest)?;
        }
        let report = BuildReport {
            documents: manifest.documents.len(),
            findings: manifest.finding_count(),
            read: read.documents.len(),
            removed: plan.removed.len(),
            full,
            manifest_changed,
            failures,
            warnings: read
                .warnings
                .into_iter()
                .chain(description_warnings)
                .chain(background_warning)
                .collect(),
            elapsed: started.elapsed(),
        };
        self.manifest = manifest;
        info!(
            documents = report.documents,
            read = report.read,
            removed = report.removed,
            failed = report.failures.len(),
            full,
            elapsed_ms = report.elapsed.as_millis(),
            "index updated"
        );
        Ok(report)
    }

    /// Empties the indexes an update writes (all of each, when `full`) of the documents
    /// that are gone or read again. Both indexes lose them: a document whose status changed
    /// leaves the public index.
    fn clear(&mut self, full: bool, public_needed: bool, gone: &[&String]) -> Result<()> {
        let sinks = if public_needed {
            vec![&mut self.public, &mut self.members]
        } else {
            vec![&mut self.members]
        };
        for sink in sinks {
            if full {
                sink.delete_all()?;
            }
            for id in gone {
                sink.delete_document(id);
            }
        }
        Ok(())
    }

    /// Writes the public index afresh with the published documents an update did not read.
    fn refill_public(&mut self, published: &[Document]) -> Result<()> {
        self.public.delete_all()?;
        for document in published {
            let doc_key = schema::doc_key(&document.id);
            for (section, finding) in document.findings() {
                self.public.add(document, section, finding, doc_key)?;
            }
        }
        Ok(())
    }

    /// Writes the documents read into the members' index, and the published ones into the
    /// public index when it is needed.
    fn write(
        &mut self,
        documents: &[Document],
        public_needed: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<()> {
        let total: usize = documents.iter().map(Document::finding_count).sum();
        let mut written = 0;
        for document in documents {
            let doc_key = schema::doc_key(&document.id);
            let public = public_needed && Audience::Public.may_read(document.status);
            for (section, finding) in document.findings() {
                self.members.add(document, section, finding, doc_key)?;
                if public {
                    self.public.add(document, section, finding, doc_key)?;
                }
                written += 1;
            }
            progress(written, total);
        }
        Ok(())
    }

    /// Adds one finding to an audience's index, if that audience may read it (imports
    /// stream findings, not documents, and fill the public index in a pass of its own when
    /// it is needed). Nothing is visible before [`Self::commit_import`].
    pub(crate) fn add_finding(
        &mut self,
        audience: Audience,
        document: &Document,
        section: &Section,
        finding: &Finding,
    ) -> Result<()> {
        if !audience.may_read(document.status) {
            return Ok(());
        }
        let sink = match audience {
            Audience::Public => &self.public,
            Audience::Members => &self.members,
        };
        sink.add(document, section, finding, schema::doc_key(&document.id))
    }

    /// Commits what [`Self::add_finding`] wrote, with its manifest.
    pub(crate) fn commit_import(&mut self, manifest: Manifest) -> Result<()> {
        self.commit(&manifest)?;
        self.manifest = manifest;
        Ok(())
    }

    /// Leaves merging to [`Self::compact`]: a bulk load merged as it goes writes the same
    /// findings several times over.
    pub(crate) fn merge_at_the_end(&self) {
        for sink in [&self.public, &self.members] {
            sink.merge_at_the_end();
        }
    }

    /// Merges each index into one segment per core, the merges running side by side: a
    /// fresh library is read far more often than it is written, and every search pays per
    /// segment (see [`super::compaction`]).
    pub(crate) fn compact(&mut self) -> Result<()> {
        let cores = crate::cores();
        for sink in [&mut self.public, &mut self.members] {
            sink.compact(cores)?;
        }
        Ok(())
    }

    /// Commits both indexes in the order that never shows the public a members-only
    /// document: a public index in use commits first; an unused one is emptied after the
    /// members' index, which answers the public from then on, has committed.
    fn commit(&mut self, manifest: &Manifest) -> Result<()> {
        let public = library::public_manifest(manifest);
        if manifest.has_members_only() {
            self.public.commit(&public)?;
            self.members.commit(manifest)
        } else {
            self.members.commit(manifest)?;
            self.public.delete_all()?;
            self.public.commit(&public)
        }
    }

    /// Waits for background merges and releases the library.
    ///
    /// # Errors
    /// When a merge fails.
    pub fn finish(self) -> Result<()> {
        self.public.finish()?;
        self.members.finish()
    }
}
