//! Writing an area description: saving a version, sending one out for written feedback,
//! deciding what became of a piece of feedback, approving a version. Each is checked,
//! written atomically (the history, then the document), attributed and committed like every
//! other change of the corpus (see the module above). Whether footnoted findings and
//! feedback exist is asked of the index by the caller, which has it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::files;
use super::{Author, Commit, Editor, Error, Result};
use crate::corpus::description::files::{HistoryFile, document_text, load_one, split_document};
use crate::corpus::description::{
    Approval, Description, Outcome, OutcomeKind, Part, Round, Version, document_id, document_path,
    footnotes, history_path,
};
use crate::corpus::{Date, Timestamp};

/// The longest note or reason accepted.
pub const MAX_NOTE_CHARS: usize = 2000;

/// A saved version, round, decision or approval.
#[derive(Debug, Clone)]
pub struct DescriptionReceipt {
    /// The description after the change.
    pub description: Description,
    /// Whether anything was written (saving the same text again writes nothing).
    pub changed: bool,
    /// Its commit.
    pub commit: Commit,
}

impl Editor {
    /// The description of `area` as the files hold it now, if it has one.
    ///
    /// # Errors
    /// [`Error::UnknownArea`]; [`Error::Metadata`] when its history is not valid TOML.
    pub fn description(&self, area: &str) -> Result<Option<Description>> {
        self.known_area(area)?;
        load_one(&self.folders.corpus, area).map_err(|message| Error::Metadata {
            path: self.folders.corpus.join(history_path(area)),
            message,
        })
    }

    /// Saves a new version of `area`'s description: the parts `parts` names get its text,
    /// the others keep theirs. `based_on` is the version the editor started from (0 for
    /// the first).
    ///
    /// # Errors
    /// [`Error::StaleVersion`] when another version was saved since `based_on`;
    /// [`Error::Footnote`] for a footnote that is not defined or does not name a finding;
    /// [`Error::UnknownArea`]; [`Error::Io`].
    pub fn save_description(
        &self,
        area: &str,
        based_on: u32,
        parts: BTreeMap<Part, String>,
        author: &Author,
    ) -> Result<DescriptionReceipt> {
        let _lock = self.lock()?;
        let existing = self.description(area)?;
        let current = existing.as_ref().map_or(0, Description::current_number);
        if based_on != current {
            return Err(Error::StaleVersion {
                current,
                given: based_on,
            });
        }
        for (part, text) in &parts {
            footnotes(text).map_err(|error| Error::Footnote { part: *part, error })?;
        }
        let mut description = existing.unwrap_or_else(|| Description {
            area: area.to_owned(),
            document: document_id(area),
            path: document_path(area),
            versions: Vec::new(),
            rounds: Vec::new(),
            outcomes: Vec::new(),
            approvals: Vec::new(),
        });
        let mut text = description
            .current()
            .map(|version| version.parts.clone())
            .unwrap_or_default();
        for (part, body) in parts {
            let body = body.replace("\r\n", "\n").trim().to_owned();
            if body.is_empty() {
                text.remove(&part);
            } else {
                text.insert(part, body);
            }
        }
        if description
            .current()
            .is_some_and(|version| version.parts == text)
        {
            return Ok(DescriptionReceipt {
                description,
                changed: false,
                commit: Commit::NoRepository,
            });
        }
        let number = current + 1;
        description.versions.push(Version {
            number,
            by: author.name().to_owned(),
            at: Timestamp::now(),
            based_on,
            parts: text,
        });
        let message = format!("Save version {number} of the description of {area}");
        self.write_description(description, author, &message, true)
    }

    /// Sends the current version out for written feedback due by `deadline`.
    ///
    /// # Errors
    /// [`Error::NoDescription`] when there is no version to send; [`Error::InvalidNote`]
    /// for a note over 2,000 characters; [`Error::Io`].
    pub fn send_out(
        &self,
        area: &str,
        deadline: Date,
        note: &str,
        author: &Author,
    ) -> Result<DescriptionReceipt> {
        let _lock = self.lock()?;
        let mut description = self.existing_description(area)?;
        let note = checked_note(note)?;
        let version = description.current_number();
        let number = description.rounds.last().map_or(0, |round| round.number) + 1;
        description.rounds.push(Round {
            number,
            version,
            deadline,
            note,
            by: author.name().to_owned(),
            at: Timestamp::now(),
        });
        let message = format!(
            "Send version {version} of the description of {area} out for feedback by {deadline}"
        );
        self.write_description(description, author, &message, false)
    }

    /// Records what became of the feedback `feedback` (a document id): worked in or not,
    /// and why.
    ///
    /// # Errors
    /// [`Error::NoDescription`]; [`Error::InvalidNote`] when "ej inarbetad" has no reason,
    /// or a reason is over 2,000 characters; [`Error::Io`].
    pub fn decide_feedback(
        &self,
        area: &str,
        feedback: &str,
        outcome: OutcomeKind,
        reason: Option<&str>,
        author: &Author,
    ) -> Result<DescriptionReceipt> {
        let _lock = self.lock()?;
        let mut description = self.existing_description(area)?;
        let reason = checked_note(reason.unwrap_or_default())?;
        if outcome == OutcomeKind::EjInarbetad && reason.is_empty() {
            return Err(Error::InvalidNote(
                "say in a few words why the feedback was not worked in".to_owned(),
            ));
        }
        description.outcomes.push(Outcome {
            feedback: feedback.to_owned(),
            outcome,
            reason: (!reason.is_empty()).then_some(reason),
            by: author.name().to_owned(),
            at: Timestamp::now(),
        });
        let message = format!(
            "Mark feedback {feedback} on the description of {area} {}",
            outcome.slug()
        );
        self.write_description(description, author, &message, false)
    }

    /// Marks version `version` approved by the group.
    ///
    /// # Errors
    /// [`Error::NoDescription`]; [`Error::UnknownVersion`]; [`Error::Io`].
    pub fn approve(&self, area: &str, version: u32, author: &Author) -> Result<DescriptionReceipt> {
        let _lock = self.lock()?;
        let mut description = self.existing_description(area)?;
        if description.version(version).is_none() {
            return Err(Error::UnknownVersion(version));
        }
        description.approvals.push(Approval {
            version,
            by: author.name().to_owned(),
            at: Timestamp::now(),
        });
        let message = format!("Approve version {version} of the description of {area}");
        self.write_description(description, author, &message, false)
    }

    fn existing_description(&self, area: &str) -> Result<Description> {
        self.description(area)?
            .filter(|description| !description.versions.is_empty())
            .ok_or_else(|| Error::NoDescription(area.to_owned()))
    }

    fn known_area(&self, area: &str) -> Result<()> {
        let taxonomy = self.taxonomy()?;
        if taxonomy.area(area).is_some() {
            return Ok(());
        }
        Err(Error::UnknownArea {
            slug: area.chars().take(60).collect(),
            known: taxonomy.areas.iter().map(|a| a.slug.clone()).collect(),
        })
    }

    /// Writes the history, then (when the text changed) the document, and commits both.
    fn write_description(
        &self,
        description: Description,
        author: &Author,
        message: &str,
        text_changed: bool,
    ) -> Result<DescriptionReceipt> {
        let corpus = &self.folders.corpus;
        let history = corpus.join(history_path(&description.area));
        let mut written: Vec<PathBuf> = Vec::new();
        write_file(&history, HistoryFile::of(&description).to_toml().as_bytes())?;
        written.push(history);
        if text_changed && let Some(version) = description.current() {
            let document = corpus.join(&description.path);
            let existing = std::fs::read_to_string(&document).ok();
            let front = existing.as_deref().and_then(|text| split_document(text).0);
            let label = self
                .taxonomy()?
                .area(&description.area)
                .map_or_else(|| description.area.clone(), |area| area.label.clone());
            let text = document_text(&description.area, &label, front, version);
            write_file(&document, text.as_bytes())?;
            written.push(document);
        }
        let commit = self.commit(&written, author, message);
        Ok(DescriptionReceipt {
            description,
            changed: true,
            commit,
        })
    }
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| Error::Io {
            path: folder.to_owned(),
            source,
        })?;
    }
    files::replace(path, bytes).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

fn checked_note(note: &str) -> Result<String> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS
        || note
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Error::InvalidNote(format!(
            "a note or reason is at most {MAX_NOTE_CHARS} characters of text"
        )));
    }
    Ok(note.replace("\r\n", "\n"))
}
