//! Building the index from a corpus, atomically.
//!
//! The new index is written into a staging folder beside the target and moved into place
//! only when it is complete, so a crash mid-build never leaves a half-written index where
//! the server looks for one.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::schema::Facet;
use tantivy::{Index, IndexWriter, TantivyDocument};
use tracing::{info, warn};

use crate::analysis::register_analyzers;
use crate::corpus::{Corpus, Document, Finding, Language, Section};
use crate::error::{Error, Result};
use crate::ingest::{self, LoadedCorpus};
use crate::manifest::{DocumentSummary, Freshness, Manifest, corpus_fingerprint, freshness};
use crate::schema::{self, Fields, SCHEMA_VERSION};

/// Memory budget of the tantivy writer, shared by its threads.
const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// tantivy's minimum per indexing thread is 15 MB; stay well above it.
const MAX_WRITER_THREADS: usize = 4;

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Documents indexed.
    pub documents: usize,
    /// Findings indexed.
    pub findings: usize,
    /// Files left out, with the reason.
    pub failures: Vec<String>,
    /// Wall time of reading and indexing.
    pub elapsed: Duration,
}

/// Reads the corpus folder and builds a fresh index from it, replacing any previous one.
///
/// `progress` is called with the number of findings written so far.
///
/// # Errors
/// When the corpus cannot be read as a whole or the index cannot be written. Single bad
/// documents do not fail the build: they are listed in [`BuildReport::failures`].
#[tracing::instrument(skip_all, fields(corpus = %corpus_dir.display(), index = %index_dir.display()))]
pub fn build_index(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport> {
    let started = Instant::now();
    // Hash before reading, so that an edit during the build makes the index stale, not silently lost.
    let fingerprint = corpus_fingerprint(corpus_dir)?;
    let LoadedCorpus { corpus, failures } = ingest::load_corpus(corpus_dir)?;
    write_index(&corpus, index_dir, fingerprint, progress)?;
    let report = BuildReport {
        documents: corpus.documents.len(),
        findings: corpus.finding_count(),
        failures: failures.iter().map(ToString::to_string).collect(),
        elapsed: started.elapsed(),
    };
    info!(
        documents = report.documents,
        findings = report.findings,
        failed = report.failures.len(),
        elapsed_ms = report.elapsed.as_millis(),
        "index built"
    );
    Ok(report)
}

/// Builds the index unless it already reflects the corpus; returns the build's report, or
/// `None` when the existing index was current (or there is no corpus folder to rebuild from).
///
/// # Errors
/// As [`build_index`].
pub fn ensure_index(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<BuildReport>> {
    if !corpus_dir.exists() && Manifest::read(index_dir).is_ok() {
        // An index shipped without its corpus is still servable: it is self-contained.
        warn!(corpus = %corpus_dir.display(), "corpus folder missing, serving the existing index");
        return Ok(None);
    }
    match freshness(index_dir, corpus_dir)? {
        Freshness::Current => Ok(None),
        state => {
            info!(?state, "index needs building");
            build_index(corpus_dir, index_dir, progress).map(Some)
        }
    }
}

/// Writes an index of `corpus` to `index_dir` through a staging folder.
///
/// # Errors
/// When the index cannot be written, or `index_dir` holds something that is not an index.
pub(crate) fn write_index(
    corpus: &Corpus,
    index_dir: &Path,
    fingerprint: String,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    if index_dir.exists() && !is_replaceable(index_dir) {
        return Err(Error::NotAnIndex(index_dir.to_owned()));
    }
    let staging = sibling(index_dir, "building");
    remove_if_exists(&staging)?;
    create_dir(&staging)?;
    let index_error = |source| Error::Index {
        path: staging.clone(),
        source,
    };
    let index = Index::create_in_dir(&staging, schema::build_schema()).map_err(index_error)?;
    register_analyzers(&index);
    let fields = Fields::new(&index.schema()).map_err(index_error)?;
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(MAX_WRITER_THREADS);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, WRITER_HEAP_BYTES)
        .map_err(index_error)?;
    let total = corpus.finding_count();
    let mut written = 0;
    for document in &corpus.documents {
        let doc_key = schema::doc_key(&document.id);
        for (section, finding) in document.findings() {
            writer
                .add_document(finding_document(
                    &fields, document, section, finding, doc_key,
                ))
                .map_err(index_error)?;
            written += 1;
        }
        progress(written, total);
    }
    writer.commit().map_err(index_error)?;
    writer.wait_merging_threads().map_err(index_error)?;
    Manifest {
        format: SCHEMA_VERSION,
        corpus_fingerprint: fingerprint,
        taxonomy: corpus.taxonomy.clone(),
        thesaurus: corpus.thesaurus.clone(),
        documents: corpus.documents.iter().map(DocumentSummary::from).collect(),
    }
    .write(&staging)?;
    swap_into_place(&staging, index_dir)
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
    }
    match document.language {
        Language::Swedish => {
            doc.add_text(fields.title_sv, title);
            doc.add_text(fields.title_parts, title);
        }
        Language::English => doc.add_text(fields.title_en, title),
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
    doc.add_bool(fields.note, finding.note);
    doc.add_bool(fields.areas_auto, finding.areas_auto);
    doc.add_text(fields.section_kind, document.section_kind.slug());
    doc
}

/// An existing folder may be replaced only if it is empty or a Hinder index.
fn is_replaceable(dir: &Path) -> bool {
    Manifest::path(dir).is_file()
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `data/index` → `data/.index.building-1234`.
fn sibling(index_dir: &Path, purpose: &str) -> PathBuf {
    let name = index_dir
        .file_name()
        .map_or_else(|| "index".into(), |name| name.to_string_lossy());
    let parent = index_dir.parent().unwrap_or_else(|| Path::new("."));
    parent.join(format!(".{name}.{purpose}-{}", std::process::id()))
}

fn swap_into_place(staging: &Path, index_dir: &Path) -> Result<()> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    if index_dir.exists() {
        let old = sibling(index_dir, "old");
        remove_if_exists(&old)?;
        fs::rename(index_dir, &old).map_err(io_error(index_dir))?;
        fs::rename(staging, index_dir).map_err(io_error(index_dir))?;
        remove_if_exists(&old)
    } else {
        fs::rename(staging, index_dir).map_err(io_error(index_dir))
    }
}

fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(Error::Io {
            path: path.to_owned(),
            source: error,
        }),
        _ => Ok(()),
    }
}
