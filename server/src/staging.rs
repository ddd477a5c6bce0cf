//! Uploads waiting for their member's "Spara". A preview must not write the corpus, and the
//! preview page cannot carry a deck back in a form, so the files wait in a folder beside the
//! index, under a random name only their member's session knows, until they are saved,
//! cancelled, or an hour has passed. Nothing here is the corpus: a server restart may lose a
//! preview, never a saved document.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::upload_form::{FormFields, SentFile};

/// How long an upload waits for "Spara".
pub const EXPIRY: Duration = Duration::from_secs(60 * 60);

/// The waiting uploads of one server.
#[derive(Debug, Clone)]
pub struct Staging {
    dir: PathBuf,
}

/// What one upload form sent, waiting.
#[derive(Debug)]
pub struct Staged {
    /// The files, in the order sent.
    pub files: Vec<SentFile>,
    /// The form's metadata fields.
    pub fields: FormFields,
}

/// What is kept beside the files.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    owner: String,
    names: Vec<String>,
    fields: FormFields,
}

impl Staging {
    /// Uploads waiting in `dir` (made when first needed).
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_owned(),
        }
    }

    /// Keeps a member's files and fields until [`Self::take`]; returns the key to them.
    ///
    /// # Errors
    /// When the folder cannot be written, or there is no randomness for the key.
    pub fn stage(
        &self,
        owner: &str,
        files: &[SentFile],
        fields: &FormFields,
    ) -> io::Result<String> {
        self.sweep();
        let mut key = [0_u8; 16];
        getrandom::fill(&mut key).map_err(|error| io::Error::other(error.to_string()))?;
        let key: String = key.iter().map(|byte| format!("{byte:02x}")).collect();
        let folder = self.dir.join(&key);
        fs::create_dir_all(&folder)?;
        for (n, file) in files.iter().enumerate() {
            fs::write(folder.join(format!("{n}.bin")), &file.bytes)?;
        }
        let record = Record {
            owner: owner.to_owned(),
            names: files.iter().map(|file| file.name.clone()).collect(),
            fields: fields.clone(),
        };
        let text = serde_json::to_vec(&record).map_err(io::Error::other)?;
        fs::write(folder.join("upload.json"), text)?;
        Ok(key)
    }

    /// The upload under `key` if `owner` staged it and it has not expired, and forgets it.
    ///
    /// # Errors
    /// When its files cannot be read.
    pub fn take(&self, owner: &str, key: &str) -> io::Result<Option<Staged>> {
        let Some(folder) = self.folder(key) else {
            return Ok(None);
        };
        let staged = self.read(&folder, owner)?;
        if staged.is_some() {
            let _ = fs::remove_dir_all(&folder);
        }
        Ok(staged)
    }

    /// Forgets the upload under `key` if `owner` staged it.
    pub fn discard(&self, owner: &str, key: &str) {
        if let Some(folder) = self.folder(key)
            && self
                .read_record(&folder)
                .is_some_and(|record| record.owner == owner)
        {
            let _ = fs::remove_dir_all(folder);
        }
    }

    fn read(&self, folder: &Path, owner: &str) -> io::Result<Option<Staged>> {
        let Some(record) = self
            .read_record(folder)
            .filter(|record| record.owner == owner)
        else {
            return Ok(None);
        };
        if is_expired(folder) {
            let _ = fs::remove_dir_all(folder);
            return Ok(None);
        }
        let files = record
            .names
            .into_iter()
            .enumerate()
            .map(|(n, name)| {
                fs::read(folder.join(format!("{n}.bin"))).map(|bytes| SentFile { name, bytes })
            })
            .collect::<io::Result<_>>()?;
        Ok(Some(Staged {
            files,
            fields: record.fields,
        }))
    }

    fn read_record(&self, folder: &Path) -> Option<Record> {
        let text = fs::read(folder.join("upload.json")).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// The folder of a key that could be one: 32 hex digits, nothing that leaves the folder.
    fn folder(&self, key: &str) -> Option<PathBuf> {
        let well_formed = key.len() == 32 && key.bytes().all(|byte| byte.is_ascii_hexdigit());
        well_formed.then(|| self.dir.join(key))
    }

    /// Removes uploads that waited past [`EXPIRY`].
    fn sweep(&self) {
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            if is_expired(&entry.path()) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn is_expired(folder: &Path) -> bool {
    fs::metadata(folder)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| SystemTime::now().duration_since(modified).ok())
        .is_some_and(|age| age > EXPIRY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> SentFile {
        SentFile {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn an_upload_waits_for_its_member_only_and_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("uploads"));
        let fields = FormFields {
            title: Some("Möte 4".to_owned()),
            ..FormFields::default()
        };
        let key = staging
            .stage(
                "anna",
                &[file("a.pptx", b"PK1"), file("b.pdf", b"%PDF")],
                &fields,
            )
            .unwrap();
        assert!(
            staging.take("bo", &key).unwrap().is_none(),
            "another member's key"
        );
        assert!(staging.take("anna", "../../etc").unwrap().is_none());
        let staged = staging.take("anna", &key).unwrap().expect("waiting");
        assert_eq!(staged.fields, fields);
        let names: Vec<&str> = staged.files.iter().map(|file| file.name.as_str()).collect();
        assert_eq!(names, ["a.pptx", "b.pdf"]);
        assert_eq!(staged.files[1].bytes, b"%PDF");
        assert!(staging.take("anna", &key).unwrap().is_none(), "taken once");
        let key = staging
            .stage("anna", &[file("c.md", b"x")], &fields)
            .unwrap();
        staging.discard("bo", &key);
        staging.discard("anna", &key);
        assert!(staging.take("anna", &key).unwrap().is_none(), "discarded");
    }
}
