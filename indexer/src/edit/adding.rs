//! Adding a file: it is read as the index will read it, under the name it will get, so that
//! the [`Preview`] a person confirms is what the index shows, and a file the index would
//! leave out is refused before anything is written.

use std::path::PathBuf;

use super::error::{Error, Result};
use super::folders::Folders;
use super::metadata::Metadata;
use super::metadata_file::{Markdown, MetadataHome, MetadataText};
use super::naming;
use crate::corpus::{Change, Document, Taxonomy};
use crate::ingest::{
    self, AreaRules, Body, FolderDefaults, Format, MetaFile, ParsedFile, Placement, Warning,
};

/// A file someone adds, with the metadata they chose.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its name as it was given (only the last part of a path counts).
    pub file_name: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// What the person chose; the rest comes from the file.
    pub metadata: Metadata,
}

/// What adding a file will make: where it goes, and the document with its findings exactly
/// as the index will read it.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Where it will be saved, relative to the corpus folder (`documents/…`).
    pub path: String,
    /// The document, its findings section by section.
    pub document: Document,
    /// Parts of the file that were left out, and why.
    pub warnings: Vec<Warning>,
}

/// An upload read and named, ready to be written.
#[derive(Debug)]
pub(super) struct Prepared {
    pub preview: Preview,
    /// The document file's bytes (for Markdown, with its front matter).
    pub bytes: Vec<u8>,
    /// The sidecar to write beside it, for the other formats.
    pub sidecar: Option<(PathBuf, String)>,
}

/// Reads the upload as the index will, under the name it will get, with `change` (its
/// addition) in its history.
pub(super) fn prepare(
    folders: &Folders,
    upload: Upload,
    taxonomy: &Taxonomy,
    change: Option<&Change>,
) -> Result<Prepared> {
    let Upload {
        file_name,
        bytes,
        metadata,
    } = upload;
    let name = base_name(&file_name).to_owned();
    if name.is_empty() || name.starts_with('.') || name.chars().any(char::is_control) {
        return Err(Error::InvalidFileName(file_name));
    }
    metadata.check(taxonomy)?;
    let unreadable = |source| Error::Unreadable {
        name: name.clone(),
        cause: source,
    };
    let rules = AreaRules::new(taxonomy);
    // Added files wait in `documents/inkommet/`, where its `_folder.toml` (if any) applies.
    let given = folders.incoming.join(&name);
    let folder_defaults = FolderDefaults::default()
        .of_document(&folders.corpus, &given)
        .map_err(Error::Corpus)?;
    let extension = given
        .extension()
        .map(|extension| extension.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let is_markdown = Format::from_path(&given) == Some(Format::Markdown);
    let body = Body::Bytes(bytes);
    // Markdown's metadata is its front matter: the chosen values go in before reading.
    let (body, front_matter) = if is_markdown {
        let text = markdown_text(&body).map_err(|source| {
            unreadable(ingest::Error::Parse {
                path: given.clone(),
                source,
            })
        })?;
        let split = Markdown::split(&text).map_err(|message| metadata_refused(&name, &message))?;
        let mut front_matter = MetadataText::parse(split.front_matter)
            .map_err(|message| metadata_refused(&name, &message))?;
        front_matter.forget_claims();
        front_matter.set(&metadata);
        let body = Body::Bytes(Markdown::join(&front_matter, split.body).into_bytes());
        (body, Some((front_matter, split.body.to_owned())))
    } else {
        (body, None)
    };
    let mut chosen = MetadataText::default();
    chosen.set(&metadata);
    let parsed = ParsedFile::parse(&given, &body).map_err(unreadable)?;
    // Read once under the name it was given, for the title and date the file says…
    let sidecar = MetaFile {
        path: given.with_extension(ingest::SIDECAR_EXTENSION),
        bytes: Some(chosen.to_string().into_bytes().into()),
    };
    let first = parsed
        .clone()
        .into_document(
            &folders.corpus,
            &Placement {
                path: &given,
                sidecar: &sidecar,
                folder_defaults: &folder_defaults,
            },
            taxonomy,
            &rules,
            &|_| None,
        )
        .map_err(unreadable)?
        .document;
    let title = metadata.title.clone().unwrap_or(first.title);
    let date = metadata.date.or(first.date);
    // …then named by them, with them written down: the name no longer says them.
    let path = naming::choose(
        &folders.incoming,
        [&folders.documents, &folders.withdrawn],
        &title,
        date,
        &extension,
    )
    .map_err(|source| Error::Io {
        path: folders.documents.clone(),
        source,
    })?;
    let resolved = Metadata {
        title: Some(title),
        date,
        ..metadata
    };
    let (bytes, sidecar) = match front_matter {
        Some((mut front_matter, body)) => {
            front_matter.set(&resolved);
            if let Some(change) = change {
                front_matter.record(change);
            }
            (Markdown::join(&front_matter, &body).into_bytes(), None)
        }
        None => {
            let mut text = MetadataText::default();
            text.set(&resolved);
            if let Some(change) = change {
                text.record(change);
            }
            (
                body.into_bytes(),
                Some((
                    path.with_extension(ingest::SIDECAR_EXTENSION),
                    text.to_string(),
                )),
            )
        }
    };
    let sidecar_file = MetaFile {
        path: path.with_extension(ingest::SIDECAR_EXTENSION),
        bytes: sidecar.as_ref().map(|(_, text)| text.as_bytes().into()),
    };
    let placement = Placement {
        path: &path,
        sidecar: &sidecar_file,
        folder_defaults: &folder_defaults,
    };
    let parsed = if is_markdown {
        ParsedFile::parse(&path, &Body::Bytes(bytes.clone())).map_err(unreadable)?
    } else {
        parsed
    };
    let read = parsed
        .into_document(&folders.corpus, &placement, taxonomy, &rules, &|_| None)
        .map_err(unreadable)?;
    if read.document.finding_count() == 0 {
        return Err(Error::NoFindings(name));
    }
    Ok(Prepared {
        preview: Preview {
            path: folders.relative(&path),
            document: read.document,
            warnings: read.warnings,
        },
        bytes,
        sidecar,
    })
}

/// The last part of a name that may come with a path (old browsers send `C:\…\x.pptx`).
pub(super) fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name).trim()
}

/// A Markdown upload's text, as the corpus reader decodes it.
fn markdown_text(body: &Body) -> std::result::Result<String, ingest::ParseError> {
    let Body::Bytes(bytes) = body else {
        return Ok(String::new());
    };
    std::str::from_utf8(bytes)
        .map(|text| text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
        .map_err(|_| ingest::ParseError {
            line: 1,
            kind: ingest::ParseErrorKind::NotUtf8,
        })
}

fn metadata_refused(name: &str, message: &str) -> Error {
    Error::Unreadable {
        name: name.to_owned(),
        cause: ingest::Error::Parse {
            path: PathBuf::from(name),
            source: ingest::ParseError {
                line: 1,
                kind: ingest::ParseErrorKind::InvalidMetadata(message.to_owned()),
            },
        },
    }
}

/// The document that was added with this content before (its SHA-256 as its history
/// records it), so that the same file is not added twice; `None` when there is none.
///
/// # Errors
/// When `documents/` cannot be listed.
pub(super) fn already_added(folders: &Folders, sha256: &str) -> Result<Option<PathBuf>> {
    for entry in walkdir::WalkDir::new(&folders.documents) {
        let entry = entry.map_err(|error| Error::Io {
            path: folders.documents.clone(),
            source: error.into(),
        })?;
        let path = entry.path();
        let is_metadata = path.extension().is_some_and(|extension| {
            extension == ingest::SIDECAR_EXTENSION
                || Format::from_path(path) == Some(Format::Markdown)
        });
        if !entry.file_type().is_file() || !is_metadata {
            continue;
        }
        // Only the metadata is read (a Markdown file's front matter, not its body), and only
        // what names the hash is read as TOML.
        let Some(text) = metadata_text(path) else {
            continue;
        };
        if !text.contains(sha256) {
            continue;
        }
        let Ok(home) = MetadataHome::of(&document_of(path)) else {
            continue;
        };
        let recorded = home
            .metadata
            .history()
            .iter()
            .any(|change| change.sha256.as_deref() == Some(sha256));
        if recorded {
            return Ok(Some(document_of(path)));
        }
    }
    Ok(None)
}

/// A metadata file's text: a sidecar whole, a Markdown file up to the end of its front
/// matter; `None` when it cannot be read or a Markdown file has no front matter.
fn metadata_text(path: &std::path::Path) -> Option<String> {
    use std::io::BufRead;
    if Format::from_path(path) != Some(Format::Markdown) {
        return std::fs::read_to_string(path).ok();
    }
    let mut lines = std::io::BufReader::new(std::fs::File::open(path).ok()?).lines();
    let first = lines.next()?.ok()?;
    if first.trim_start_matches('\u{feff}').trim_end() != ingest::metadata::TOML_FENCE {
        return None;
    }
    let mut text = String::new();
    for line in lines {
        let line = line.ok()?;
        if line.trim_end() == ingest::metadata::TOML_FENCE {
            return Some(text);
        }
        text.push_str(&line);
        text.push('\n');
    }
    None
}

/// The document a metadata file belongs to: a Markdown file itself, a sidecar's document
/// beside it (whichever file of that name Hinder reads).
fn document_of(metadata: &std::path::Path) -> PathBuf {
    if Format::from_path(metadata) == Some(Format::Markdown) {
        return metadata.to_owned();
    }
    let (Some(folder), Some(stem)) = (metadata.parent(), metadata.file_stem()) else {
        return metadata.to_owned();
    };
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.file_stem() == Some(stem) && Format::from_path(path).is_some())
        .unwrap_or_else(|| metadata.to_owned())
}
