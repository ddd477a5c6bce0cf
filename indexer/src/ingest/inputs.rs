//! What a document is read from (the file, its sidecar, its folders' defaults), taken from
//! disk once. An update hashes these bytes to see whether the document changed and parses
//! the same bytes when it did: a file is not read twice, and what is indexed is what was
//! hashed even when someone saves the file in between.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    DOCUMENTS_DIR, Error, FOLDER_DEFAULTS_FILE, Format, MAX_FILE_BYTES, SIDECAR_EXTENSION,
};

/// A document file's content.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// The bytes, at most [`MAX_FILE_BYTES`] of them.
    Bytes(Vec<u8>),
    /// Not read: too large, or of a format Hinder does not read. Either way the outcome
    /// depends on the size and name alone, so the size stands for the bytes in the hash.
    Skipped {
        /// Its size in bytes when it was listed.
        size: u64,
    },
}

impl Body {
    /// The bytes, or none for a file that was not read.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self {
            Self::Bytes(bytes) => bytes,
            Self::Skipped { .. } => Vec::new(),
        }
    }
}

/// A metadata file (a sidecar or a folder's defaults) and its bytes; `None` when there is
/// none, which is part of what a document is read from too: adding one changes it.
#[derive(Debug)]
pub(crate) struct MetaFile {
    /// Where it is, or would be.
    pub path: PathBuf,
    /// Its bytes, when it exists.
    pub bytes: Option<Arc<[u8]>>,
}

/// Everything one document is made of, read.
#[derive(Debug)]
pub(crate) struct DocumentInputs {
    /// The document file.
    pub path: PathBuf,
    /// Its content.
    pub body: Body,
    /// `NAME.toml` beside it.
    pub sidecar: MetaFile,
    /// The `_folder.toml` of each folder it is in, the nearest first.
    pub folder_defaults: Vec<MetaFile>,
}

/// One input as the manifest's hash sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a> {
    /// Bytes (empty for a metadata file that is not there).
    Bytes(&'a [u8]),
    /// A file not read, by its size.
    Skipped(u64),
}

/// The folder defaults read so far. Every document of a folder is made with its
/// `_folder.toml`: one read serves them all, and they all see the same version of it.
#[derive(Debug, Default)]
pub(crate) struct FolderDefaults {
    read: HashMap<PathBuf, Option<Arc<[u8]>>>,
}

impl FolderDefaults {
    /// The `_folder.toml` of each folder a document at `path` is in (whether or not it
    /// exists yet), the nearest first.
    ///
    /// # Errors
    /// When one exists but cannot be read.
    pub(crate) fn of_document(
        &mut self,
        corpus_dir: &Path,
        path: &Path,
    ) -> Result<Vec<MetaFile>, Error> {
        let documents_dir = corpus_dir.join(DOCUMENTS_DIR);
        path.ancestors()
            .skip(1)
            .take_while(|dir| dir.starts_with(&documents_dir))
            .map(|dir| self.get(dir.join(FOLDER_DEFAULTS_FILE)))
            .collect()
    }

    fn get(&mut self, path: PathBuf) -> Result<MetaFile, Error> {
        let bytes = match self.read.get(&path) {
            Some(bytes) => bytes.clone(),
            None => {
                let bytes = read_if_present(&path)?;
                self.read.insert(path.clone(), bytes.clone());
                bytes
            }
        };
        Ok(MetaFile { path, bytes })
    }
}

impl DocumentInputs {
    /// Reads a document file, its sidecar and its folders' defaults (from `folders` when
    /// another document of the folder has read them).
    ///
    /// # Errors
    /// When one of them exists but cannot be read.
    pub fn read(
        corpus_dir: &Path,
        path: &Path,
        folders: &mut FolderDefaults,
    ) -> Result<Self, Error> {
        let read_error = |source| Error::Read {
            path: path.to_owned(),
            source,
        };
        let mut file = File::open(path).map_err(read_error)?;
        let size = file.metadata().map_err(read_error)?.len();
        let body = if Format::from_path(path).is_none() || size > MAX_FILE_BYTES {
            Body::Skipped { size }
        } else {
            // At most one byte past the limit: a file that grew since it was listed is
            // refused as too large without being read whole.
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
            (&mut file)
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(read_error)?;
            match bytes.len() as u64 {
                grown if grown > MAX_FILE_BYTES => Body::Skipped { size: grown },
                _ => Body::Bytes(bytes),
            }
        };
        let sidecar_path = path.with_extension(SIDECAR_EXTENSION);
        let sidecar = MetaFile {
            bytes: read_if_present(&sidecar_path)?,
            path: sidecar_path,
        };
        let folder_defaults = folders.of_document(corpus_dir, path)?;
        Ok(Self {
            path: path.to_owned(),
            body,
            sidecar,
            folder_defaults,
        })
    }

    /// Bytes held: the file's and its sidecar's (folder defaults are shared).
    pub fn held_bytes(&self) -> usize {
        let body = match &self.body {
            Body::Bytes(bytes) => bytes.len(),
            Body::Skipped { .. } => 0,
        };
        body + self.sidecar.bytes.as_deref().map_or(0, <[u8]>::len)
    }

    /// Each input with its path, the document file first, then the sidecar and the
    /// folders' defaults: what the manifest hashes.
    pub fn parts(&self) -> impl Iterator<Item = (&Path, Part<'_>)> {
        let body = match &self.body {
            Body::Bytes(bytes) => Part::Bytes(bytes),
            Body::Skipped { size } => Part::Skipped(*size),
        };
        let metadata = std::iter::once(&self.sidecar)
            .chain(&self.folder_defaults)
            .map(|file| {
                let bytes = file.bytes.as_deref().unwrap_or_default();
                (file.path.as_path(), Part::Bytes(bytes))
            });
        std::iter::once((self.path.as_path(), body)).chain(metadata)
    }
}

/// A file's bytes, or `None` when it is not there.
///
/// # Errors
/// When it is there but cannot be read.
pub(crate) fn read_if_present(path: &Path) -> Result<Option<Arc<[u8]>>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes.into())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// How recent a change is too recent to trust a stamp with: well past any file system's
/// clock tick.
const RACY: std::time::Duration = std::time::Duration::from_secs(2);

/// What a document's inputs look like to the file system without reading them: the size,
/// modification time (and, on Unix, inode) of the file, its sidecar and each folder's
/// defaults. An update takes a file whose stamp is as it was as unchanged, as git and make
/// do; a file saved again gets a new stamp, and is read and hashed. `None` (read it) when
/// the file cannot be looked at, or when one of them changed so recently that a save within
/// the file system's clock tick could leave the same stamp (git's "racy" files).
pub(crate) fn stamp(corpus_dir: &Path, path: &Path) -> Option<String> {
    let now = std::time::SystemTime::now();
    let documents_dir = corpus_dir.join(DOCUMENTS_DIR);
    let metadata_files = path
        .ancestors()
        .skip(1)
        .take_while(|dir| dir.starts_with(&documents_dir))
        .map(|dir| dir.join(FOLDER_DEFAULTS_FILE));
    let mut hasher = blake3::Hasher::new();
    let file = std::fs::metadata(path).ok()?;
    for (metadata, path) in std::iter::once((Some(file), path.to_owned()))
        .chain(
            std::iter::once(path.with_extension(SIDECAR_EXTENSION))
                .map(|sidecar| (std::fs::metadata(&sidecar).ok(), sidecar)),
        )
        .chain(metadata_files.map(|file| (std::fs::metadata(&file).ok(), file)))
    {
        hasher.update(path.as_os_str().as_encoded_bytes());
        match metadata {
            Some(metadata) => {
                let modified = metadata.modified().ok()?;
                if now.duration_since(modified).map_or(true, |age| age < RACY) {
                    return None;
                }
                let since_epoch = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
                hasher.update(&metadata.len().to_le_bytes());
                hasher.update(&since_epoch.as_nanos().to_le_bytes());
                #[cfg(unix)]
                hasher.update(&std::os::unix::fs::MetadataExt::ino(&metadata).to_le_bytes());
            }
            None => {
                hasher.update(b"none");
            }
        }
    }
    Some(hasher.finalize().to_hex()[..32].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary folder");
        for (name, bytes) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            std::fs::write(path, bytes).expect("writing");
        }
        dir
    }

    #[test]
    fn a_folders_defaults_are_read_once_for_all_its_documents() {
        let corpus = corpus_with(&[
            ("documents/region/_folder.toml", b"source = \"region\"\n"),
            ("documents/region/a.md", b"# A\n"),
            ("documents/region/b.md", b"# B\n"),
        ]);
        let mut folders = FolderDefaults::default();
        let first = DocumentInputs::read(
            corpus.path(),
            &corpus.path().join("documents/region/a.md"),
            &mut folders,
        )
        .expect("reading a");
        // Changed on disk after the first document read it: the second sees what the first saw.
        std::fs::write(
            corpus.path().join("documents/region/_folder.toml"),
            "source = \"other\"\n",
        )
        .expect("writing");
        let second = DocumentInputs::read(
            corpus.path(),
            &corpus.path().join("documents/region/b.md"),
            &mut folders,
        )
        .expect("reading b");
        let defaults = |inputs: &DocumentInputs| inputs.folder_defaults[0].bytes.clone();
        assert_eq!(defaults(&first), defaults(&second));
        assert_eq!(
            defaults(&first).as_deref(),
            Some(&b"source = \"region\"\n"[..])
        );
        // documents/region and documents: two folders, the nearest first.
        assert_eq!(first.folder_defaults.len(), 2);
        assert!(first.folder_defaults[1].bytes.is_none());
    }

    #[test]
    fn files_hinder_does_not_read_are_not_read_and_stand_by_their_size() {
        let corpus = corpus_with(&[("documents/old.doc", b"\xd0\xcf\x11\xe0 twelve")]);
        let inputs = DocumentInputs::read(
            corpus.path(),
            &corpus.path().join("documents/old.doc"),
            &mut FolderDefaults::default(),
        )
        .expect("listing");
        assert_eq!(inputs.body, Body::Skipped { size: 11 });
    }

    #[test]
    fn every_input_is_a_part_even_when_missing() {
        let corpus = corpus_with(&[
            ("documents/a.txt", b"Text."),
            ("documents/a.toml", b"title = \"A\"\n"),
        ]);
        let inputs = DocumentInputs::read(
            corpus.path(),
            &corpus.path().join("documents/a.txt"),
            &mut FolderDefaults::default(),
        )
        .expect("reading");
        let parts: Vec<(String, Vec<u8>)> = inputs
            .parts()
            .map(|(path, part)| {
                let name = path.file_name().expect("a name").to_string_lossy();
                match part {
                    Part::Bytes(bytes) => (name.into_owned(), bytes.to_vec()),
                    Part::Skipped(size) => panic!("{name} skipped at {size} bytes"),
                }
            })
            .collect();
        assert_eq!(
            parts,
            [
                ("a.txt".to_owned(), b"Text.".to_vec()),
                ("a.toml".to_owned(), b"title = \"A\"\n".to_vec()),
                ("_folder.toml".to_owned(), Vec::new()),
            ]
        );
    }
}
