//! Reading the corpus folder: taxonomies, then every document under `documents/`.
//!
//! Each format has one extractor module that produces a draft; `assemble` turns drafts
//! into [`Document`]s with the same rules for all formats. A bad file is reported and left
//! out; the rest of the corpus is still read.

mod area_rules;
pub(crate) use area_rules::AreaRules;
mod assemble;
mod attributes;
mod contained;
mod dates;
pub mod docx;
mod error;
mod extract;
mod inputs;
pub(crate) use inputs::{
    Body, DocumentInputs, FolderDefaults, MetaFile, Part, read_if_present, stamp,
};
mod lines;
mod markdown;
pub(crate) mod metadata;
pub(crate) mod names;
mod ooxml;
pub mod pdf;
pub mod pptx;
mod repair;
mod title;
mod txt;
mod xml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tracing::{debug, warn};

use crate::corpus::{Corpus, Document, Taxonomy, Thesaurus, relative_path};
pub use error::{Error, ParseError, ParseErrorKind, Warning, WarningKind};
pub use extract::{
    Content, ExtractError, ExtractWarning, Extracted, ExtractedSection, MAX_FILE_BYTES, OleKind,
    PageProblem, Paragraph, UnreadPage,
};

/// Folder inside the corpus that holds the documents.
pub const DOCUMENTS_DIR: &str = "documents";
/// Extension of metadata sidecars (`NAME.toml` beside `NAME.txt`).
pub(crate) const SIDECAR_EXTENSION: &str = "toml";
/// A plain-text passage this long or shorter may serve as the document's title.
const MAX_TITLE_CHARS: usize = 120;

/// The file formats Hinder reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.md`: the corpus format.
    Markdown,
    /// `.txt`: one passage per line or paragraph.
    Text,
    /// `.pptx` (and `.pptm`, `.ppsx`, `.potx`): PowerPoint.
    Pptx,
    /// `.docx` (and `.docm`, `.dotx`): Word.
    Docx,
    /// `.pdf`.
    Pdf,
}

impl Format {
    /// The format a file's extension says it has.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "md" | "markdown" => Some(Self::Markdown),
            "txt" => Some(Self::Text),
            "pptx" | "pptm" | "ppsx" | "ppsm" | "potx" | "potm" => Some(Self::Pptx),
            "docx" | "docm" | "dotx" | "dotm" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The format's usual extension, as errors name it.
    fn name(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Text => "txt",
            Self::Pptx => "pptx",
            Self::Docx => "docx",
            Self::Pdf => "pdf",
        }
    }

    /// Whether the content's first bytes fit the format; the error says what they are instead.
    fn check_content(self, bytes: &[u8], extension: &str) -> Result<(), ExtractError> {
        let misnamed = |content| ExtractError::Misnamed {
            extension: extension.to_owned(),
            content,
        };
        match (self, extract::sniff(bytes)) {
            (Self::Pptx | Self::Docx, Some(Content::Zip)) | (Self::Pdf, Some(Content::Pdf)) => {
                Ok(())
            }
            // A password-protected Office file, or an old binary one renamed: say which.
            (Self::Pptx | Self::Docx, Some(Content::Ole(kind))) => {
                Err(kind.to_error().unwrap_or(misnamed(Content::Ole(kind))))
            }
            (_, Some(content)) => Err(misnamed(content)),
            (Self::Pptx | Self::Docx, None) => Err(misnamed(Content::NotZip)),
            // Some PDF writers put a few bytes before the header; the PDF reader copes.
            (Self::Pdf, None) if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") => {
                Err(misnamed(Content::NotPdf))
            }
            _ => Ok(()),
        }
    }
}

/// Why a file of an extension Hinder does not read is left out: the old Office formats
/// get a reason that says what to do.
fn unsupported(path: &Path) -> Error {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let old = match extension.as_str() {
        "doc" | "dot" => Some(extract::OLD_WORD),
        "ppt" | "pps" | "pot" => Some(extract::OLD_POWERPOINT),
        _ => None,
    };
    match old {
        Some(source) => Error::Extract {
            path: path.to_owned(),
            source,
        },
        None => Error::UnsupportedFormat(path.to_owned()),
    }
}

/// A corpus and the files that had to be left out of it.
#[derive(Debug)]
pub struct LoadedCorpus {
    /// Everything that could be read.
    pub corpus: Corpus,
    /// One error per file left out.
    pub failures: Vec<Error>,
    /// What readers should know about files that were read.
    pub warnings: Vec<Warning>,
}

/// Reads the taxonomies and every document of a corpus folder.
///
/// # Errors
/// Only when nothing can be read: no corpus folder, taxonomies missing or invalid, no
/// `documents/` folder.
/// Problems with single documents are returned in [`LoadedCorpus::failures`].
#[tracing::instrument(skip_all, fields(corpus = %corpus_dir.display()))]
pub fn load_corpus(corpus_dir: &Path) -> Result<LoadedCorpus, Error> {
    let taxonomy = Taxonomy::load(corpus_dir)?;
    let thesaurus = Thesaurus::load(corpus_dir)?;
    let mut documents: Vec<Document> = Vec::new();
    let mut failures = Vec::new();
    let mut warnings = Vec::new();
    let mut document_paths: HashMap<String, PathBuf> = HashMap::new();
    let mut finding_paths: HashMap<String, PathBuf> = HashMap::new();
    let rules = AreaRules::new(&taxonomy);
    let mut folders = FolderDefaults::default();
    for path in document_files(corpus_dir)? {
        let taken = |id: &str| document_paths.get(id).cloned();
        let read = read_document_with(corpus_dir, &path, &taxonomy, &rules, &taken, &mut folders);
        let document = match read {
            Ok(read) => {
                warnings.extend(read.warnings);
                read.document
            }
            Err(error) => {
                warn!(path = %path.display(), %error, "document left out");
                failures.push(error);
                continue;
            }
        };
        if let Some(first) = document_paths.get(&document.id) {
            let error = Error::DuplicateDocumentId {
                path,
                id: document.id,
                first: first.clone(),
            };
            warn!(%error, "document left out");
            failures.push(error);
            continue;
        }
        if let Some((id, first)) = document.findings().find_map(|(_, finding)| {
            finding_paths
                .get(&finding.id)
                .map(|first| (finding.id.clone(), first))
        }) {
            let error = Error::DuplicateFindingId {
                path,
                id,
                first: first.clone(),
            };
            warn!(%error, "document left out");
            failures.push(error);
            continue;
        }
        debug!(path = %path.display(), findings = document.finding_count(), "read");
        document_paths.insert(document.id.clone(), path.clone());
        for (_, finding) in document.findings() {
            finding_paths.insert(finding.id.clone(), path.clone());
        }
        documents.push(document);
    }
    Ok(LoadedCorpus {
        corpus: Corpus {
            taxonomy,
            thesaurus,
            documents,
        },
        failures,
        warnings,
    })
}

/// Reads one document file (and its sidecar, if any).
///
/// # Errors
/// When the file cannot be read, has an unsupported format or is malformed.
pub fn read_document(
    corpus_dir: &Path,
    path: &Path,
    taxonomy: &Taxonomy,
) -> Result<Document, Error> {
    let read = read_document_with(
        corpus_dir,
        path,
        taxonomy,
        &AreaRules::new(taxonomy),
        &|_| None,
        &mut FolderDefaults::default(),
    )?;
    for warning in &read.warnings {
        warn!(%warning, "part of a document left out");
    }
    Ok(read.document)
}

/// A document and what could not be read of it.
#[derive(Debug)]
pub(crate) struct ReadDocument {
    pub document: Document,
    pub warnings: Vec<Warning>,
}

/// [`read_document`] with the area rules compiled once for many documents and the folder
/// defaults read once per folder.
pub(crate) fn read_document_with(
    corpus_dir: &Path,
    path: &Path,
    taxonomy: &Taxonomy,
    rules: &AreaRules,
    taken: &dyn Fn(&str) -> Option<PathBuf>,
    folders: &mut FolderDefaults,
) -> Result<ReadDocument, Error> {
    let inputs = DocumentInputs::read(corpus_dir, path, folders)?;
    read_document_from(corpus_dir, &inputs, taxonomy, rules, taken)
}

/// A document made of inputs already read. `taken` says which file already holds an id: a
/// document whose name gives a taken id (and that sets none itself) gets a suffix, and a
/// warning says so.
pub(crate) fn read_document_from(
    corpus_dir: &Path,
    inputs: &DocumentInputs,
    taxonomy: &Taxonomy,
    rules: &AreaRules,
    taken: &dyn Fn(&str) -> Option<PathBuf>,
) -> Result<ReadDocument, Error> {
    ParsedFile::parse(&inputs.path, &inputs.body)?.into_document(
        corpus_dir,
        &Placement {
            path: &inputs.path,
            sidecar: &inputs.sidecar,
            folder_defaults: &inputs.folder_defaults,
        },
        taxonomy,
        rules,
        taken,
    )
}

/// A document file's bytes parsed once, before its metadata files and its place in the
/// corpus apply: what adding a file reads, to make it into the document it will be under
/// the name it gets, without extracting a large file twice.
#[derive(Debug, Clone)]
pub(crate) struct ParsedFile {
    format: Format,
    /// The name it was parsed under, which names the draft (fallback id, title and date).
    path: PathBuf,
    draft: assemble::Draft,
}

/// Where a parsed file stands in the corpus: its path and the metadata files around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement<'a> {
    /// The document's path in the corpus.
    pub path: &'a Path,
    /// `NAME.toml` beside it (ignored for Markdown, which carries front matter).
    pub sidecar: &'a inputs::MetaFile,
    /// Its folders' `_folder.toml`, the nearest first.
    pub folder_defaults: &'a [inputs::MetaFile],
}

impl ParsedFile {
    /// Parses a file's content in the format its name says.
    ///
    /// # Errors
    /// When the name has no format Hinder reads, the file is too large, or it is not what
    /// its name says or cannot be read.
    pub(crate) fn parse(path: &Path, body: &Body) -> Result<Self, Error> {
        let format = Format::from_path(path).ok_or_else(|| unsupported(path))?;
        let extract_error = |source| Error::Extract {
            path: path.to_owned(),
            source,
        };
        let bytes = match body {
            Body::Bytes(bytes) => bytes,
            Body::Skipped { size } => {
                return Err(extract_error(ExtractError::TooLarge { size: *size }));
            }
        };
        let draft = draft_of_bytes(format, path, bytes).map_err(|error| match error {
            BytesError::Parse(source) => Error::Parse {
                path: path.to_owned(),
                source,
            },
            BytesError::Extract(source) => extract_error(source),
        })?;
        Ok(Self {
            format,
            path: path.to_owned(),
            draft,
        })
    }

    /// The document the file makes at `placement`, with its metadata files; the file's
    /// name there (not the one it was parsed under) gives what the metadata leaves unset.
    ///
    /// # Errors
    /// When its metadata is malformed or names unknown slugs, or it holds no text.
    pub(crate) fn into_document(
        self,
        corpus_dir: &Path,
        placement: &Placement<'_>,
        taxonomy: &Taxonomy,
        rules: &AreaRules,
        taken: &dyn Fn(&str) -> Option<PathBuf>,
    ) -> Result<ReadDocument, Error> {
        let Self {
            format,
            path: parsed_as,
            mut draft,
        } = self;
        let path = placement.path;
        let parse_error = |source| Error::Parse {
            path: path.to_owned(),
            source,
        };
        if parsed_as != path {
            name_draft(&mut draft, format, path);
        }
        // Markdown carries its metadata in front matter; the other formats beside the file.
        if format != Format::Markdown {
            draft.meta = parse_meta_file(placement.sidecar)?.unwrap_or_default();
        }
        merge_folder_defaults(placement.folder_defaults, &mut draft.meta)?;
        draft.path = relative_path(corpus_dir, path);
        let mut warnings: Vec<Warning> = draft
            .warnings
            .iter()
            .map(|warning| Warning {
                path: path.to_owned(),
                kind: warning.clone().into(),
            })
            .collect();
        if draft.meta.id.is_none()
            && let Some(first) = taken(&draft.fallback_id)
        {
            let given = names::disambiguated_id(&draft.fallback_id, &draft.path);
            warnings.push(Warning {
                path: path.to_owned(),
                kind: WarningKind::IdTaken {
                    id: std::mem::replace(&mut draft.fallback_id, given.clone()),
                    first,
                    given,
                },
            });
        }
        let document = assemble::assemble(draft, taxonomy, rules).map_err(parse_error)?;
        Ok(ReadDocument { document, warnings })
    }
}

/// Assembles a draft into a document (for [`crate::fuzzing`]).
pub(crate) fn assemble_draft(
    draft: assemble::Draft,
    taxonomy: &Taxonomy,
    rules: &AreaRules,
) -> Result<Document, ParseError> {
    assemble::assemble(draft, taxonomy, rules)
}

/// Why bytes did not make a draft.
#[derive(Debug)]
pub(crate) enum BytesError {
    Parse(ParseError),
    Extract(ExtractError),
}

/// A draft from a file's bytes, before sidecar and folder metadata: everything a document
/// is read with that does not touch the file system (and what the fuzz targets drive).
pub(crate) fn draft_of_bytes(
    format: Format,
    path: &Path,
    bytes: &[u8],
) -> Result<assemble::Draft, BytesError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    format
        .check_content(bytes, &extension)
        .map_err(BytesError::Extract)?;
    let mut draft = match format {
        Format::Markdown | Format::Text => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| BytesError::Parse(ParseError::new(1, ParseErrorKind::NotUtf8)))?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            if format == Format::Markdown {
                markdown::parse(text).map_err(BytesError::Parse)?
            } else {
                let mut draft = txt::parse(text).map_err(BytesError::Parse)?;
                draft.fallback_title = draft.sections[0]
                    .findings
                    .first()
                    .map(|finding| finding.text.clone())
                    .filter(|text| text.chars().count() <= MAX_TITLE_CHARS);
                draft
            }
        }
        Format::Pptx | Format::Docx | Format::Pdf => {
            let extract = match format {
                Format::Pptx => pptx::extract,
                Format::Docx => docx::extract,
                _ => pdf::extract,
            };
            // A bug in any extractor, ours or a library's, costs this file, not the run.
            let extracted = contained::contain("extracting a file", || extract(bytes))
                .unwrap_or_else(|| {
                    Err(ExtractError::Corrupt {
                        format: format.name(),
                        reason: "the file could not be decoded".to_owned(),
                    })
                })
                .map_err(BytesError::Extract)?;
            draft_from(extracted)
        }
    };
    name_draft(&mut draft, format, path);
    Ok(draft)
}

/// What a file's name gives a draft whose metadata says nothing: its id, its title as a
/// last resort, and a date (from the name, else the first lines of text).
fn name_draft(draft: &mut assemble::Draft, format: Format, path: &Path) {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // `rapport.docx` and `rapport.pdf` side by side are two documents: outside the corpus
    // format, the extension is part of the id.
    draft.fallback_id = names::id_from_file_name(
        stem,
        (format != Format::Markdown).then_some(extension.as_str()),
    );
    draft.file_title = names::title_from_file_name(stem);
    draft.fallback_date =
        dates::date_in_file_name(stem).or_else(|| dates::date_in_text(&draft.leading_text()));
}

/// A binary document's extracted text as a draft: sections keep their slide or page numbers,
/// the document properties' title is the fallback title, and every text is repaired of
/// what extraction breaks (ligatures, split accents, invisible characters).
fn draft_from(extracted: Extracted) -> assemble::Draft {
    let repaired = |text: String| match repair::repair(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(fixed) => fixed,
    };
    let sections = extracted
        .sections
        .into_iter()
        .map(|section| assemble::DraftSection {
            heading: section
                .heading
                .map(repaired)
                .filter(|text| !text.trim().is_empty()),
            number: Some(section.number),
            line: section.number as usize,
            findings: section
                .paragraphs
                .into_iter()
                .map(|paragraph| (repaired(paragraph.text), paragraph.note))
                .filter(|(text, _)| !text.trim().is_empty())
                .map(|(text, note)| assemble::DraftFinding {
                    text,
                    line: section.number as usize,
                    note,
                    ..assemble::DraftFinding::default()
                })
                .collect(),
            ..assemble::DraftSection::default()
        })
        .collect();
    assemble::Draft {
        meta_line: 1,
        fallback_title: extracted.title.map(repaired),
        section_kind: Some(extracted.section_kind),
        sections,
        warnings: extracted.warnings,
        ..assemble::Draft::default()
    }
}

/// File name of a folder's defaults: `documents/sormland/_folder.toml` gives every document
/// in `sormland/` (and below) its source, kind, status, areas or language.
pub const FOLDER_DEFAULTS_FILE: &str = "_folder.toml";

/// Fills what a document's metadata leaves unset from `_folder.toml` files, the nearest
/// folder first.
fn merge_folder_defaults(
    folder_defaults: &[inputs::MetaFile],
    meta: &mut metadata::DocumentMeta,
) -> Result<(), Error> {
    for file in folder_defaults {
        let Some(defaults) = parse_meta_file(file)? else {
            continue;
        };
        if defaults.id.is_some()
            || defaults.title.is_some()
            || defaults.history.is_some()
            || defaults.responds_to.is_some()
        {
            return Err(Error::Parse {
                path: file.path.clone(),
                source: ParseError::new(
                    1,
                    ParseErrorKind::InvalidMetadata(
                        "a folder's defaults cannot set id, title, responds_to or history"
                            .to_owned(),
                    ),
                ),
            });
        }
        meta.fill_from(defaults);
    }
    Ok(())
}

/// The metadata a sidecar or a folder's defaults give; `None` when the file is not there.
fn parse_meta_file(file: &inputs::MetaFile) -> Result<Option<metadata::DocumentMeta>, Error> {
    let Some(bytes) = &file.bytes else {
        return Ok(None);
    };
    let text = std::str::from_utf8(bytes).map_err(|error| Error::Read {
        path: file.path.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error),
    })?;
    metadata::parse_meta(text, 1)
        .map(Some)
        .map_err(|source| Error::Parse {
            path: file.path.clone(),
            source,
        })
}

/// Document files under `documents/`, sorted by path; hidden files and sidecars are skipped.
///
/// # Errors
/// When the folder is missing or cannot be listed.
pub fn document_files(corpus_dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !corpus_dir.is_dir() {
        return Err(Error::MissingCorpus(corpus_dir.to_owned()));
    }
    let documents_dir = corpus_dir.join(DOCUMENTS_DIR);
    if !documents_dir.is_dir() {
        return Err(Error::NoDocumentsFolder(corpus_dir.to_owned()));
    }
    let mut paths = Vec::new();
    let walker = walkdir::WalkDir::new(&documents_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|error| Error::Read {
            path: error.path().unwrap_or(&documents_dir).to_owned(),
            source: error.into(),
        })?;
        let is_sidecar = entry
            .path()
            .extension()
            .is_some_and(|ext| ext == SIDECAR_EXTENSION);
        // Office's lock files (`~$rapport.docx`) are not documents.
        let is_lock_file = entry.file_name().to_string_lossy().starts_with("~$");
        if entry.file_type().is_file() && !is_sidecar && !is_lock_file {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}
