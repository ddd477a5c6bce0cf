//! Building and updating the index: the entry points `hinder index` and `hinder serve` use.
//!
//! An existing compatible index is updated in place by [`IndexUpdater`] (one atomic commit
//! per update). A new index, or one built by an incompatible Hinder, is written into a
//! staging folder beside the target and moved into place only when complete, so a crash
//! mid-build never leaves a half-written index where the server looks for one.

use std::fs;
use std::path::{Path, PathBuf};

use tracing::{info, warn};

use super::import::{self, ImportOptions};
use super::report::BuildReport;
use super::updater::IndexUpdater;
use crate::corpus::{Taxonomy, Thesaurus};
use crate::error::{Error, Result};
use crate::ingest;
use crate::library::{self, Audience};
use crate::manifest::{Manifest, any_members_only};

/// Builds the index from scratch: every document is read again.
///
/// # Errors
/// When the corpus cannot be read as a whole or the index cannot be written. Bad documents
/// do not fail the build: they are listed in [`BuildReport::failures`].
pub fn build_index(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport> {
    index_corpus(corpus_dir, index_dir, true, progress)
}

/// Brings the index in step with the corpus, reading only new and changed files; builds it
/// when there is none.
///
/// # Errors
/// As [`build_index`], and when another process is writing the index.
pub fn update_index(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport> {
    index_corpus(corpus_dir, index_dir, false, progress)
}

/// Indexes a corpus: in place into a compatible library (every file again when `full`),
/// else into a new one built in a staging folder.
fn index_corpus(
    corpus_dir: &Path,
    index_dir: &Path,
    full: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport> {
    if !corpus_dir.is_dir() {
        return Err(ingest::Error::MissingCorpus(corpus_dir.to_owned()).into());
    }
    match library::read_manifest(index_dir) {
        Ok(_) => {
            let mut updater = IndexUpdater::open(index_dir)?;
            let report = updater.update(corpus_dir, full, progress)?;
            updater.finish()?;
            Ok(report)
        }
        Err(Error::MissingIndex(_) | Error::IncompatibleIndex { .. }) => {
            let staging = Staging::begin(index_dir)?;
            let taxonomy = Taxonomy::load(corpus_dir).map_err(ingest::Error::from)?;
            let thesaurus = Thesaurus::load(corpus_dir).map_err(ingest::Error::from)?;
            let mut updater = IndexUpdater::create(staging.path(), taxonomy, thesaurus)?;
            let report = updater.update(corpus_dir, true, progress)?;
            updater.finish()?;
            staging.swap_into_place()?;
            info!(index = %index_dir.display(), "index built");
            Ok(report)
        }
        Err(error) => Err(error),
    }
}

/// Builds a new library from an NDJSON file of findings (see [`crate::import`]), with the
/// taxonomy and thesaurus of `corpus_dir` when it has them; replaces what `index_dir` held
/// only once complete.
///
/// # Errors
/// When the file cannot be read or the index written. Lines that cannot be read do not fail
/// the import: they are listed in [`BuildReport::failures`].
pub fn import_index(
    input: &Path,
    corpus_dir: &Path,
    index_dir: &Path,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BuildReport> {
    let started = std::time::Instant::now();
    let file = open(input)?;
    let (mut taxonomy, thesaurus) = if corpus_dir.join(crate::corpus::AREAS_FILE).is_file() {
        (
            Taxonomy::load(corpus_dir).map_err(ingest::Error::from)?,
            Thesaurus::load(corpus_dir).map_err(ingest::Error::from)?,
        )
    } else {
        (Taxonomy::empty("import"), Thesaurus::default())
    };
    let staging = Staging::begin(index_dir)?;
    let mut updater = IndexUpdater::create(staging.path(), taxonomy.clone(), thesaurus.clone())?;
    updater.merge_at_the_end();
    let name = input.display().to_string();
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let imported = import::import(
        reader,
        &name,
        &mut taxonomy,
        options,
        &mut updater,
        Audience::Members,
        progress,
    )?;
    if any_members_only(&imported.documents) {
        // The public index is needed (see `crate::library`): a second pass over the file
        // writes the published findings into it.
        let reader = std::io::BufReader::with_capacity(1 << 20, open(input)?);
        import::import(
            reader,
            &name,
            &mut taxonomy,
            options,
            &mut updater,
            Audience::Public,
            &mut |_, _| {},
        )?;
    }
    let manifest = Manifest {
        imported: Some(name),
        taxonomy,
        thesaurus,
        documents: imported.documents,
        ..Manifest::empty(Taxonomy::empty("import"), Thesaurus::default())
    };
    let documents = manifest.documents.len();
    updater.commit_import(manifest)?;
    crate::analysis::swedish::forget_shared_words();
    updater.compact()?;
    updater.finish()?;
    staging.swap_into_place()?;
    let report = BuildReport {
        documents,
        findings: imported.findings,
        read: documents,
        removed: 0,
        full: true,
        manifest_changed: false,
        failures: imported.failures,
        warnings: Vec::new(),
        elapsed: started.elapsed(),
    };
    info!(index = %index_dir.display(), findings = report.findings, "index imported");
    Ok(report)
}

fn open(path: &Path) -> Result<fs::File> {
    fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Updates the index when the corpus changed; `None` when nothing changed, or when there is
/// no corpus folder but an index (an index is self-contained and can be served alone), or
/// the index was imported from NDJSON (no corpus folder is its source).
///
/// # Errors
/// As [`update_index`].
pub fn ensure_index(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Option<BuildReport>> {
    match library::read_manifest(index_dir) {
        Ok(manifest) if manifest.imported.is_some() => {
            info!(
                from = manifest.imported.as_deref(),
                "serving an imported index as it is"
            );
            return Ok(None);
        }
        Ok(_) if !corpus_dir.exists() => {
            warn!(corpus = %corpus_dir.display(), "corpus folder missing, serving the existing index");
            return Ok(None);
        }
        _ => {}
    }
    let report = update_index(corpus_dir, index_dir, progress)?;
    Ok((report.changed() || !report.failures.is_empty()).then_some(report))
}

/// A new library being written beside the one it will replace: a crash mid-build leaves
/// a half-written library here (removed by the next build), never where the server looks.
struct Staging {
    dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// A fresh staging folder for `index_dir`, after removing any a killed build left.
    ///
    /// # Errors
    /// When `index_dir` holds something that is not a library, or the folder cannot be made.
    fn begin(index_dir: &Path) -> Result<Self> {
        if index_dir.exists() && !is_replaceable(index_dir) {
            return Err(Error::NotAnIndex(index_dir.to_owned()));
        }
        remove_stale_staging(index_dir)?;
        let dir = sibling(index_dir, "building");
        create_dir(&dir)?;
        Ok(Self {
            dir,
            target: index_dir.to_owned(),
        })
    }

    /// Where to write the new library.
    fn path(&self) -> &Path {
        &self.dir
    }

    /// Puts the finished library where the old one was.
    fn swap_into_place(self) -> Result<()> {
        swap_into_place(&self.dir, &self.target)
    }
}

/// An existing folder may be replaced only if it is empty, a library or (as older Hinders
/// wrote) a single tantivy index.
fn is_replaceable(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
        || Audience::ALL
            .iter()
            .any(|audience| audience.index_dir(dir).join("meta.json").is_file())
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `data/index` → `data/.index.building-1234`.
fn sibling(index_dir: &Path, purpose: &str) -> PathBuf {
    let parent = index_dir.parent().unwrap_or_else(|| Path::new("."));
    parent.join(format!(
        ".{}.{purpose}-{}",
        folder_name(index_dir),
        std::process::id()
    ))
}

fn folder_name(index_dir: &Path) -> String {
    index_dir.file_name().map_or_else(
        || "index".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Staging folders left behind by a build that was killed.
fn remove_stale_staging(index_dir: &Path) -> Result<()> {
    let parent = index_dir.parent().unwrap_or_else(|| Path::new("."));
    let prefix = format!(".{}.building-", folder_name(index_dir));
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            remove_if_exists(&entry.path())?;
        }
    }
    Ok(())
}

fn swap_into_place(staging: &Path, index_dir: &Path) -> Result<()> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    if let Some(parent) = index_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(parent)?;
    }
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
