//! Withdrawing and restoring: a withdrawn document moves, with its sidecar, to the same path
//! under `withdrawn/`, out of the corpus reader's sight and so out of every search, and comes
//! back whole (same path, same ids) when an editor restores it. Nothing is deleted.

use std::path::{Path, PathBuf};

use super::document_path::DocumentPath;
use super::error::{Error, Result};
use super::files;
use super::folders::Folders;
use super::metadata_file::MetadataHome;
use crate::corpus::{Action, Change, relative_path};
use crate::ingest::{self, Format};

/// A withdrawn document, as an editor sees it before restoring it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    /// Its path under `withdrawn/` (and the path under `documents/` it returns to).
    pub path: DocumentPath,
    /// The id it had, and has again once restored: its metadata's, else its name's.
    pub id: String,
    /// Its title as its metadata gives it, else its file name.
    pub title: String,
    /// The withdrawal as its history records it, when it does.
    pub withdrawal: Option<Change>,
}

/// Every withdrawn document in `folders`, the latest withdrawal first.
///
/// # Errors
/// When `withdrawn/` cannot be listed.
pub(super) fn list(folders: &Folders) -> Result<Vec<Withdrawn>> {
    if !folders.withdrawn.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&folders.withdrawn) {
        let entry = entry.map_err(|error| Error::Io {
            path: folders.withdrawn.clone(),
            source: error.into(),
        })?;
        let relative = relative_path(&folders.withdrawn, entry.path());
        let Ok(path) = DocumentPath::new(&relative) else {
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = MetadataHome::of(entry.path())
            .ok()
            .and_then(|home| ingest::metadata::parse_meta(&home.metadata.to_string(), 1).ok())
            .unwrap_or_default();
        let withdrawal = meta
            .history
            .unwrap_or_default()
            .into_iter()
            .rfind(|change| change.action == Action::Withdrawn);
        let stem = entry
            .path()
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let title = meta
            .title
            .unwrap_or_else(|| ingest::names::title_from_file_name(&stem));
        let id = meta.id.unwrap_or_else(|| {
            let markdown = Format::from_path(entry.path()) == Some(Format::Markdown);
            let extension = entry
                .path()
                .extension()
                .map(|extension| extension.to_string_lossy().to_lowercase());
            ingest::names::id_from_file_name(&stem, extension.as_deref().filter(|_| !markdown))
        });
        found.push(Withdrawn {
            path,
            id,
            title,
            withdrawal,
        });
    }
    found.sort_by(|a, b| {
        let at = |w: &Withdrawn| w.withdrawal.as_ref().map(|change| change.at);
        at(b).cmp(&at(a)).then_with(|| a.path.cmp(&b.path))
    });
    Ok(found)
}

/// Moves a document and its sidecar, the document first: out of `documents/`, it leaves
/// every search before its metadata moves; into it, it arrives after. A sidecar that
/// another file of the same name still uses is copied, not moved.
pub(super) fn move_document(folders: &Folders, from: &Path, to: &Path) -> Result<Vec<PathBuf>> {
    let sidecar_from = from.with_extension(ingest::SIDECAR_EXTENSION);
    let sidecar_to = to.with_extension(ingest::SIDECAR_EXTENSION);
    let has_sidecar = sidecar_of(from).is_some();
    let entering = to.starts_with(&folders.documents);
    let move_file = |from: &Path, to: &Path| {
        files::move_new(from, to).map_err(|error| Error::writing(to, error))
    };
    let move_sidecar = || -> Result<()> {
        if shares_sidecar(from) {
            let bytes = std::fs::read(&sidecar_from).map_err(|source| Error::Io {
                path: sidecar_from.clone(),
                source,
            })?;
            files::write_new(&sidecar_to, &bytes)
                .map_err(|error| Error::writing(&sidecar_to, error))
        } else {
            move_file(&sidecar_from, &sidecar_to)
        }
    };
    if entering && has_sidecar {
        move_sidecar()?;
        move_file(from, to)?;
    } else {
        move_file(from, to)?;
        if has_sidecar {
            move_sidecar()?;
        }
    }
    let mut paths = vec![from.to_owned(), to.to_owned()];
    if has_sidecar {
        paths.extend([sidecar_from, sidecar_to]);
    }
    Ok(paths)
}

/// The sidecar a document's metadata is in, when it has one: Markdown carries its own.
pub(super) fn sidecar_of(document: &Path) -> Option<PathBuf> {
    let sidecar = document.with_extension(ingest::SIDECAR_EXTENSION);
    (Format::from_path(document) != Some(Format::Markdown) && sidecar.is_file()).then_some(sidecar)
}

/// Whether another document file beside this one has the same stem, and so the same
/// sidecar (`rapport.docx` and `rapport.pdf` both read `rapport.toml`).
fn shares_sidecar(document: &Path) -> bool {
    let (Some(folder), Some(stem)) = (document.parent(), document.file_stem()) else {
        return false;
    };
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let path = entry.path();
            path != document && path.file_stem() == Some(stem) && Format::from_path(&path).is_some()
        })
    })
}
