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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};
use tracing::info;

use super::plan::{self, Contents, Listed, Plan};
use super::report::{BuildReport, Failure};
use crate::analysis::register_analyzers;
use crate::corpus::{Document, Finding, Language, Section, Taxonomy, Thesaurus, relative_path};
use crate::error::{Error, Result};
use crate::ingest::{self, AreaRules, DocumentInputs, FolderDefaults};
use crate::library::{self, Audience};
use crate::manifest::{DocumentSummary, FileState, Manifest, document_hash, vocabulary_hash};
use crate::schema::{self, Fields};

/// Bytes of stored findings compressed together. A page of hits reads ten findings from
/// ten places, decompressing a whole block for each: smaller blocks than tantivy's 16 KiB
/// make a page cheaper for a slightly larger store (`docs/benchmarks.md`).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Memory budget of the members' tantivy writer, shared by its threads.
const MEMBERS_HEAP_BYTES: usize = 192 * 1024 * 1024;
/// The public writer's: it writes a part of the same documents.
const PUBLIC_HEAP_BYTES: usize = 96 * 1024 * 1024;
/// tantivy's minimum per indexing thread is 15 MB; stay well above it.
const MAX_WRITER_THREADS: usize = 4;

/// Bytes of changed files the listing keeps for their parse. Past it (someone saved a
/// hundred large PDFs again), a changed file's bytes are let go and read again in its turn:
/// a second read rather than memory that grows with the change.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// The one writer of a library's two indexes, with the members' manifest of the last commit.
pub struct IndexUpdater {
    public: Sink,
    members: Sink,
    manifest: Manifest,
    dir: PathBuf,
}

/// One index being written.
struct Sink {
    writer: IndexWriter,
    fields: Fields,
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
        let manifest = library::read_manifest(library_dir)?;
        let [public, members] = Audience::ALL.map(|audience| {
            let dir = audience.index_dir(library_dir);
            Index::open_in_dir(&dir)
                .map_err(|source| Error::Index { path: dir, source })
                .and_then(|index| Sink::new(&index, audience, library_dir))
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
                .and_then(|index| Sink::new(&index, audience, dir))
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
        let full = full || vocabulary != self.manifest.vocabulary;
        let mut reader = Reader {
            corpus_dir,
            taxonomy: &taxonomy,
            rules: AreaRules::new(&taxonomy),
            folders: FolderDefaults::default(),
            max_held_bytes: MAX_HELD_BYTES,
        };
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
        let changed = full
            || refill
            || !read.documents.is_empty()
            || !plan.removed.is_empty()
            || self.manifest.taxonomy != taxonomy
            || self.manifest.thesaurus != thesaurus;
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
            imported: None,
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
            failures,
            warnings: read.warnings,
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
                sink.writer
                    .delete_all_documents()
                    .map_err(|e| sink.error(e))?;
            }
            for id in gone {
                sink.writer
                    .delete_term(Term::from_field_text(sink.fields.doc_id, id));
            }
        }
        Ok(())
    }

    /// Writes the public index afresh with the published documents an update did not read.
    fn refill_public(&mut self, published: &[Document]) -> Result<()> {
        self.public
            .writer
            .delete_all_documents()
            .map_err(|e| self.public.error(e))?;
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
            sink.writer
                .set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        }
    }

    /// Merges each index into one segment per core, the merges running side by side. A
    /// fresh library is read far more often than it is written, and every search pays per
    /// segment: a term dictionary to look each term up in, a typo automaton to run,
    /// fast-field readers to open. At a million findings a bulk load leaves some twenty
    /// segments, and a search for a misspelt word spent most of its time walking their
    /// twenty term dictionaries. A single merge, though, runs on one core: it was a fifth
    /// of the import's wall time at a million findings.
    pub(crate) fn compact(&mut self) -> Result<()> {
        let cores = crate::cores();
        for sink in [&mut self.public, &mut self.members] {
            // Ids and sizes only: a segment's files stay on disk while anything holds its
            // `SegmentMeta` (holding them through the merges left the merged-away segments
            // on disk, doubling the index).
            let sizes = sink
                .writer
                .index()
                .searchable_segment_metas()
                .map_err(|e| sink.error(e))?
                .iter()
                .map(|segment| (segment.id(), segment.num_docs()))
                .collect();
            let merges: Vec<_> = balanced_groups(sizes, cores)
                .into_iter()
                .filter(|group| group.len() > 1)
                .map(|group| sink.writer.merge(&group))
                .collect();
            for merge in merges {
                merge.wait().map_err(|e| sink.error(e))?;
            }
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
            self.public
                .writer
                .delete_all_documents()
                .map_err(|e| self.public.error(e))?;
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

impl Sink {
    fn new(index: &Index, audience: Audience, library_dir: &Path) -> Result<Self> {
        register_analyzers(index);
        let dir = audience.index_dir(library_dir);
        let index_error = |source| Error::Index {
            path: dir.clone(),
            source,
        };
        let fields = Fields::new(&index.schema()).map_err(index_error)?;
        let threads = crate::cores().min(MAX_WRITER_THREADS);
        let heap = match audience {
            Audience::Public => PUBLIC_HEAP_BYTES,
            Audience::Members => MEMBERS_HEAP_BYTES,
        };
        let writer =
            index
                .writer_with_num_threads(threads, heap)
                .map_err(|source| match source {
                    tantivy::TantivyError::LockFailure(..) => Error::Locked(library_dir.to_owned()),
                    source => index_error(source),
                })?;
        Ok(Self {
            writer,
            fields,
            dir,
        })
    }

    fn add(
        &self,
        document: &Document,
        section: &Section,
        finding: &Finding,
        doc_key: u64,
    ) -> Result<()> {
        let doc = finding_document(&self.fields, document, section, finding, doc_key);
        self.writer
            .add_document(doc)
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// Commits with the manifest as payload, so that the two never disagree.
    fn commit(&mut self, manifest: &Manifest) -> Result<()> {
        let dir = self.dir.clone();
        let index_error = |source| Error::Index { path: dir, source };
        let mut commit = self.writer.prepare_commit().map_err(index_error.clone())?;
        commit.set_payload(&manifest.to_payload());
        commit.commit().map(drop).map_err(index_error)
    }

    fn finish(self) -> Result<()> {
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

/// Segments (with their numbers of documents) in at most `groups` groups of about equal
/// numbers of documents: largest first, each to the group with the fewest so far.
fn balanced_groups<T: Clone>(mut segments: Vec<(T, u32)>, groups: usize) -> Vec<Vec<T>> {
    segments.sort_by_key(|&(_, docs)| std::cmp::Reverse(docs));
    let mut out: Vec<(u64, Vec<T>)> = vec![(0, Vec::new()); groups.clamp(1, segments.len().max(1))];
    for (segment, docs) in segments {
        let lightest = out
            .iter_mut()
            .min_by_key(|(total, _)| *total)
            .expect("at least one group");
        lightest.0 += u64::from(docs);
        lightest.1.push(segment);
    }
    out.into_iter().map(|(_, segments)| segments).collect()
}

fn finding_document(
    fields: &Fields,
    document: &Document,
    section: &Section,
    finding: &Finding,
    doc_key: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    let title = section.title(document);
    doc.add_text(fields.id, &finding.id);
    doc.add_text(fields.doc_id, &document.id);
    doc.add_text(fields.doc_title, &document.title);
    doc.add_text(fields.text, &finding.text);
    doc.add_text(fields.text_exact, &finding.text);
    doc.add_text(fields.title, title);
    doc.add_text(fields.title_exact, title);
    match finding.language {
        Language::Swedish => {
            doc.add_text(fields.text_sv, &finding.text);
            doc.add_text(fields.text_parts, &finding.text);
        }
        Language::English => doc.add_text(fields.text_en, &finding.text),
        // Searched through the exact field alone: no stemmer for it.
        Language::Other(_) => {}
    }
    match document.language {
        Language::Swedish => {
            doc.add_text(fields.title_sv, title);
            doc.add_text(fields.title_parts, title);
        }
        Language::English => doc.add_text(fields.title_en, title),
        Language::Other(_) => {}
    }
    doc.add_facet(fields.source, Facet::from_path([finding.source.as_str()]));
    for area in &finding.areas {
        doc.add_facet(fields.area, Facet::from_path([area.as_str()]));
    }
    if let Some(date) = finding.date {
        doc.add_i64(fields.day, date.to_days());
        doc.add_facet(fields.year, Facet::from_path([date.year().to_string()]));
    }
    doc.add_u64(fields.section, u64::from(section.number));
    doc.add_u64(fields.number, u64::from(finding.number));
    doc.add_u64(
        fields.position,
        schema::position(section.number, finding.number),
    );
    doc.add_u64(fields.doc_key, doc_key);
    doc.add_text(fields.language, finding.language.code());
    doc.add_bool(fields.from_heading, finding.from_heading);
    doc.add_u64(
        fields.words,
        u64::from(crate::substance::words(&finding.text)),
    );
    doc.add_bool(fields.note, finding.note);
    doc.add_bool(fields.areas_auto, finding.areas_auto);
    doc.add_text(fields.section_kind, document.section_kind.slug());
    doc
}

/// Reads the corpus files of an update: lists them, then reads those the plan says to.
struct Reader<'a> {
    corpus_dir: &'a Path,
    taxonomy: &'a Taxonomy,
    rules: AreaRules,
    /// Every folder's defaults, read once for the whole update.
    folders: FolderDefaults,
    /// [`MAX_HELD_BYTES`], but for tests.
    max_held_bytes: usize,
}

/// What reading the changed files gave.
#[derive(Default)]
struct Read {
    /// The documents read.
    documents: Vec<Document>,
    /// Files that could not be read, and why.
    failures: Vec<Failure>,
    /// Files read in part, or under another id than their name gives.
    warnings: Vec<String>,
    /// Ids of documents read again (their old findings are deleted first).
    stale: Vec<String>,
    /// Names of the files that did not read this time.
    unread: Vec<String>,
}

impl Reader<'_> {
    /// The corpus's document files with what the plan needs of each. Each file is read
    /// once: only a file the manifest has is read here, for its hash; once hashed, an
    /// unchanged file's bytes are let go and a changed file's kept for
    /// [`Reader::read_changed`] (up to [`MAX_HELD_BYTES`]). New files, and every file of a
    /// full update, are read in their turn, so memory does not grow with the corpus.
    ///
    /// # Errors
    /// When the corpus folder cannot be listed. A file that cannot be read is listed as
    /// such, to be reported with the other failures.
    fn list(&mut self, old: &Manifest, full: bool) -> Result<Vec<Listed>> {
        let paths = ingest::document_files(self.corpus_dir)?;
        let mut held = 0;
        Ok(paths
            .into_iter()
            .map(|path| {
                let name = relative_path(self.corpus_dir, &path);
                let contents = self.contents(old, &name, &path, full, &mut held);
                Listed {
                    path,
                    name,
                    contents,
                }
            })
            .collect())
    }

    /// What the listing takes of one file; `held` counts the bytes kept so far.
    fn contents(
        &mut self,
        old: &Manifest,
        name: &str,
        path: &Path,
        full: bool,
        held: &mut usize,
    ) -> Contents {
        if !plan::may_be_unchanged(old, name, full) {
            return Contents::Unread;
        }
        let (inputs, hash) = match self.read_hashed(path) {
            Ok(read) => read,
            Err(error) => return Contents::Unreadable(error),
        };
        let bytes = inputs.held_bytes();
        if plan::is_unchanged(old, name, &hash, full) || *held + bytes > self.max_held_bytes {
            return Contents::Hashed(hash);
        }
        *held += bytes;
        Contents::Read {
            hash,
            inputs: Box::new(inputs),
        }
    }

    /// The inputs of a file the plan reads, and their hash: from the listing when it read
    /// them, from disk otherwise.
    fn inputs(
        &mut self,
        path: &Path,
        contents: Contents,
    ) -> std::result::Result<(DocumentInputs, String), ingest::Error> {
        match contents {
            Contents::Read { hash, inputs } => Ok((*inputs, hash)),
            Contents::Unreadable(error) => Err(error),
            Contents::Hashed(_) | Contents::Unread => self.read_hashed(path),
        }
    }

    /// A file's inputs, read from disk, and their hash.
    fn read_hashed(
        &mut self,
        path: &Path,
    ) -> std::result::Result<(DocumentInputs, String), ingest::Error> {
        let inputs = DocumentInputs::read(self.corpus_dir, path, &mut self.folders)?;
        let hash = document_hash(&inputs);
        Ok((inputs, hash))
    }

    /// Reads the new and changed files of a plan. A file whose document takes an id another
    /// file has is left out; a file that no longer reads keeps its last good findings
    /// (unless the update is full), so the plan keeps its state and summary.
    fn read_changed(&mut self, plan: &mut Plan, old: &Manifest, full: bool) -> Read {
        let summaries: HashMap<&str, &DocumentSummary> =
            old.documents.iter().map(|d| (d.id.as_str(), d)).collect();
        let mut read = Read::default();
        for Listed {
            path,
            name,
            contents,
        } in std::mem::take(&mut plan.to_read)
        {
            let previous = old.files.get(&name);
            let (ids, corpus_dir) = (&plan.ids, self.corpus_dir);
            let taken = |id: &str| ids.get(id).map(|holder| corpus_dir.join(holder));
            let result = self.inputs(&path, contents).and_then(|(inputs, hash)| {
                ingest::read_document_from(
                    self.corpus_dir,
                    &inputs,
                    self.taxonomy,
                    &self.rules,
                    &taken,
                )
                .map(|document| (document, hash))
            });
            match result {
                Ok((document, _)) if plan.ids.contains_key(&document.document.id) => {
                    read.warnings
                        .extend(document.warnings.iter().map(ToString::to_string));
                    let id = document.document.id;
                    read.failures
                        .push(Failure::File(ingest::Error::DuplicateDocumentId {
                            path,
                            first: self.corpus_dir.join(&plan.ids[&id]),
                            id,
                        }));
                }
                Ok((document, hash)) => {
                    read.warnings
                        .extend(document.warnings.iter().map(ToString::to_string));
                    let document = document.document;
                    read.stale
                        .extend(previous.map(|state| state.document.clone()));
                    plan.ids.insert(document.id.clone(), name.clone());
                    plan.files.insert(
                        name,
                        FileState {
                            hash,
                            document: document.id.clone(),
                        },
                    );
                    read.documents.push(document);
                }
                Err(error) => {
                    read.failures.push(Failure::File(error));
                    read.unread.push(name.clone());
                    if let (Some(state), false) = (previous, full) {
                        if let Some(summary) = summaries.get(state.document.as_str()) {
                            plan.kept.push((*summary).clone());
                        }
                        plan.ids.insert(state.document.clone(), name.clone());
                        plan.files.insert(name, state.clone());
                    }
                }
            }
        }
        read
    }

    /// Reads again the published documents the plan keeps, to fill a public index that was
    /// empty. Files that did not read this time are skipped: their failure is reported.
    fn read_published_again(
        &mut self,
        plan: &Plan,
        unread: &[String],
        failures: &mut Vec<Failure>,
    ) -> Vec<Document> {
        let mut documents = Vec::new();
        for summary in plan
            .kept
            .iter()
            .filter(|d| Audience::Public.may_read(d.status))
        {
            let Some(name) = plan
                .ids
                .get(&summary.id)
                .filter(|name| !unread.contains(name))
            else {
                continue;
            };
            let path = self.corpus_dir.join(name);
            let taken = |id: &str| {
                plan.ids
                    .get(id)
                    .filter(|holder| *holder != name)
                    .map(|holder| self.corpus_dir.join(holder))
            };
            match ingest::read_document_with(
                self.corpus_dir,
                &path,
                self.taxonomy,
                &self.rules,
                &taken,
                &mut self.folders,
            ) {
                Ok(read) => documents.push(read.document),
                Err(error) => failures.push(Failure::File(error)),
            }
        }
        documents
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Status;
    use crate::write::import::{self, ImportOptions};

    /// The listing reads only files the manifest has; it keeps a changed file's bytes
    /// within its budget, and past it lets them go to be read again in their turn.
    #[test]
    fn the_listing_reads_known_files_once_and_holds_changed_ones_within_its_budget() {
        let corpus = tempfile::tempdir().expect("temporary folder");
        let documents = corpus.path().join(ingest::DOCUMENTS_DIR);
        std::fs::create_dir_all(&documents).expect("folders");
        for (name, text) in [
            ("same.md", "## A\n- Ett.\n"),
            ("edited.md", "## B\n- Två.\n"),
            ("new.md", "## C\n- Tre.\n"),
        ] {
            std::fs::write(documents.join(name), text).expect("writing");
        }
        let taxonomy = Taxonomy::empty("test");
        let mut reader = Reader {
            corpus_dir: corpus.path(),
            taxonomy: &taxonomy,
            rules: AreaRules::new(&taxonomy),
            folders: FolderDefaults::default(),
            max_held_bytes: MAX_HELD_BYTES,
        };
        let hash_of = |reader: &mut Reader<'_>, name: &str| {
            let path = documents.join(name);
            let (_, hash) = reader.inputs(&path, Contents::Unread).expect("reading");
            hash
        };
        let mut old = Manifest::empty(taxonomy.clone(), Thesaurus::default());
        for (name, hash) in [
            ("documents/same.md", hash_of(&mut reader, "same.md")),
            ("documents/edited.md", "an older version".to_owned()),
        ] {
            let document = name.to_owned();
            old.files
                .insert(name.to_owned(), FileState { hash, document });
        }
        let kinds = |listing: &[Listed]| -> Vec<(String, &'static str)> {
            listing
                .iter()
                .map(|listed| {
                    let kind = match listed.contents {
                        Contents::Hashed(_) => "hashed",
                        Contents::Read { .. } => "read",
                        Contents::Unread => "unread",
                        Contents::Unreadable(_) => "unreadable",
                    };
                    (listed.name.clone(), kind)
                })
                .collect()
        };
        let mut listing = reader.list(&old, false).expect("listing");
        assert_eq!(
            kinds(&listing),
            [
                ("documents/edited.md".to_owned(), "read"),
                ("documents/new.md".to_owned(), "unread"),
                ("documents/same.md".to_owned(), "hashed"),
            ]
        );
        // Saved again after the listing: the reader parses the bytes the listing hashed.
        std::fs::write(documents.join("edited.md"), "## B\n- Saved since.\n").expect("writing");
        let edited = listing.remove(0);
        let (inputs, _) = reader.inputs(&edited.path, edited.contents).expect("held");
        assert_eq!(
            inputs.body,
            ingest::Body::Bytes("## B\n- Två.\n".as_bytes().to_vec())
        );

        reader.max_held_bytes = 0;
        let mut listing = reader.list(&old, false).expect("listing");
        assert_eq!(
            kinds(&listing)[0],
            ("documents/edited.md".to_owned(), "hashed")
        );
        let edited = listing.remove(0);
        let Contents::Hashed(listed_hash) = &edited.contents else {
            unreachable!("checked above")
        };
        let listed_hash = listed_hash.clone();
        let (inputs, hash) = reader
            .inputs(&edited.path, edited.contents)
            .expect("reading again");
        assert_eq!(hash, listed_hash, "read again in its turn, the same file");
        assert_eq!(inputs.path, edited.path);

        let full = reader.list(&old, true).expect("listing");
        assert!(
            full.iter()
                .all(|listed| matches!(listed.contents, Contents::Unread)),
            "a full update reads every file in its turn"
        );
    }

    /// An import committed in several rounds (a segment or more each), compacted.
    fn compacted_import(dir: &Path, rounds: usize) {
        let mut taxonomy = Taxonomy::empty("import");
        let mut updater =
            IndexUpdater::create(dir, taxonomy.clone(), Thesaurus::default()).expect("creating");
        updater.merge_at_the_end();
        let mut documents = Vec::new();
        for round in 0..rounds {
            let lines: String = (0..40)
                .map(|n| {
                    format!(
                        r#"{{"id": "f{round}-{n}", "text": "Fiber och kanalisation {n} i kommun {round}.", "doc": "d{round}"}}"#
                    ) + "\n"
                })
                .collect();
            let options = ImportOptions {
                default_status: Status::Publicerad,
            };
            let imported = import::import(
                lines.as_bytes(),
                "test",
                &mut taxonomy,
                options,
                &mut updater,
                Audience::Members,
                &mut |_, _| {},
            )
            .expect("importing");
            documents.extend(imported.documents);
            let manifest = Manifest {
                taxonomy: taxonomy.clone(),
                documents: documents.clone(),
                ..Manifest::empty(Taxonomy::empty("import"), Thesaurus::default())
            };
            updater.commit_import(manifest).expect("committing");
        }
        updater.compact().expect("compacting");
        updater.finish().expect("finishing");
    }

    #[test]
    fn compacting_leaves_one_segment_per_core_and_no_other_files() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        compacted_import(dir.path(), 6);
        let index = Index::open_in_dir(Audience::Members.index_dir(dir.path())).expect("opening");
        let segments = index.searchable_segment_metas().expect("segments");
        let cores = crate::cores();
        assert!(segments.len() <= cores, "{} segments", segments.len());
        let living: std::collections::HashSet<String> = segments
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect();
        let searcher = index.reader().expect("a reader").searcher();
        assert_eq!(searcher.num_docs(), 6 * 40);
        for entry in std::fs::read_dir(Audience::Members.index_dir(dir.path())).expect("listing") {
            let name = entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            // Segment files are named by the segment's id: 32 hex digits.
            let Some((stem, _)) = name.split_once('.').filter(|(stem, _)| {
                stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
            }) else {
                continue;
            };
            assert!(living.contains(stem), "{name} belongs to no segment");
        }
    }

    #[test]
    fn segments_are_grouped_by_documents() {
        let segments = vec![
            ("a", 50),
            ("b", 40),
            ("c", 30),
            ("d", 20),
            ("e", 10),
            ("f", 10),
        ];
        let groups = balanced_groups(segments, 2);
        assert_eq!(groups, [vec!["a", "d", "e"], vec!["b", "c", "f"]]);
        // Never more groups than segments, and never none.
        assert_eq!(balanced_groups(vec![("a", 5)], 4), [vec!["a"]]);
        assert_eq!(
            balanced_groups(Vec::<(&str, u32)>::new(), 2),
            [Vec::<&str>::new()]
        );
        assert_eq!(
            balanced_groups(vec![("a", 5), ("b", 6)], 0),
            [vec!["b", "a"]]
        );
    }
}
