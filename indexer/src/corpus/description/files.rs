//! How a description is kept in `corpus/`: the current version as a Markdown document
//! (`documents/omradesbeskrivningar/omradesbeskrivning-{area}.md`, one `##` heading per part,
//! footnote labels prefixed with the part's slug so the six parts' labels stay apart), and
//! its history as TOML (`omradesbeskrivningar/{area}.toml`: every version's author and time,
//! the text of each earlier one, rounds, outcomes and approvals). The text of a version is
//! stored once: the current one in the document, earlier ones in the history.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    Approval, Description, Outcome, Part, Round, Version, document_id, document_path, history_path,
    prefix_labels, strip_label_prefix,
};
use crate::corpus::{Taxonomy, Timestamp};

/// The history file, as TOML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HistoryFile {
    #[serde(default, rename = "version", skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    #[serde(default, rename = "round", skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
    #[serde(default, rename = "outcome", skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<Outcome>,
    #[serde(default, rename = "approval", skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
}

impl HistoryFile {
    /// The history of `description`, the current version's text left to its document.
    pub(crate) fn of(description: &Description) -> Self {
        let mut versions = description.versions.clone();
        if let Some(current) = versions.last_mut() {
            current.parts.clear();
        }
        Self {
            versions,
            rounds: description.rounds.clone(),
            outcomes: description.outcomes.clone(),
            approvals: description.approvals.clone(),
        }
    }

    /// As the file is written.
    pub(crate) fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# The history of an area description, written by Hinder: every version (the text\n\
             # of the earlier ones; the current one is its document), rounds of feedback,\n\
             # what became of each piece of feedback, approvals.\n\n{body}"
        )
    }
}

/// The parts of a description's document body: the text under each part's heading, labels
/// as the editor wrote them. Text under another heading stays with the part before it
/// (with its heading), and text before the first heading goes to Beskrivning: nothing is lost.
pub(crate) fn parts_of(body: &str) -> BTreeMap<Part, String> {
    let mut parts: BTreeMap<Part, String> = BTreeMap::new();
    let mut current = Part::Beskrivning;
    let mut text = String::new();
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("## ")
            && let Some(part) = Part::from_heading(heading)
        {
            store(&mut parts, current, &text);
            text.clear();
            current = part;
            continue;
        }
        text.push_str(line);
        text.push('\n');
    }
    store(&mut parts, current, &text);
    parts
}

fn store(parts: &mut BTreeMap<Part, String>, part: Part, text: &str) {
    let text = strip_label_prefix(text.trim(), part.slug());
    if text.is_empty() {
        return;
    }
    let entry = parts.entry(part).or_default();
    if !entry.is_empty() {
        entry.push_str("\n\n");
    }
    entry.push_str(&text);
}

/// The document that holds a version: front matter (kept as it is when given, so an
/// editor's status stays), then each part that has text under its heading.
pub(crate) fn document_text(
    area: &str,
    label: &str,
    front_matter: Option<&str>,
    version: &Version,
) -> String {
    let front = front_matter.map_or_else(
        || {
            format!(
                "+++\nid = \"{}\"\ntitle = {}\nkind = \"omradesbeskrivning\"\nareas = [\"{area}\"]\n\
                 status = \"arbetsmaterial\"\ndate = {}\n+++\n",
                document_id(area),
                toml_string(&format!("Områdesbeskrivning: {label}")),
                version.at.date(),
            )
        },
        str::to_owned,
    );
    let mut text = front;
    // An empty part gets no heading: a heading alone would be a finding of its own.
    for part in Part::ALL {
        let body = version.text(part).trim();
        if !body.is_empty() {
            text.push_str(&format!("\n## {}\n\n", part.heading()));
            text.push_str(&prefix_labels(body, part.slug()));
            text.push('\n');
        }
    }
    text
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The front matter block of a document (with its `+++` lines), and its body.
pub(crate) fn split_document(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return (None, text);
    };
    match rest.find("\n+++\n") {
        Some(end) => {
            let split = 4 + end + 5;
            (Some(&text[..split]), &text[split..])
        }
        None => (None, text),
    }
}

/// Reads every area's description from `corpus_dir`; a description that cannot be read
/// is left out with a warning, never failing the rest.
pub(crate) fn load(corpus_dir: &Path, taxonomy: &Taxonomy) -> (Vec<Description>, Vec<String>) {
    let mut descriptions = Vec::new();
    let mut warnings = Vec::new();
    for area in &taxonomy.areas {
        match load_one(corpus_dir, &area.slug) {
            Ok(Some(description)) => descriptions.push(description),
            Ok(None) => {}
            Err(message) => warnings.push(message),
        }
    }
    (descriptions, warnings)
}

pub(crate) fn load_one(corpus_dir: &Path, area: &str) -> Result<Option<Description>, String> {
    let history_at = history_path(area);
    let document_at = document_path(area);
    let history = match std::fs::read_to_string(corpus_dir.join(&history_at)) {
        Ok(text) => Some(
            toml::from_str::<HistoryFile>(&text)
                .map_err(|error| format!("{history_at}: {}", error.message()))?,
        ),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("{history_at}: {error}")),
    };
    let document = match std::fs::read_to_string(corpus_dir.join(&document_at)) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("{document_at}: {error}")),
    };
    if history.is_none() && document.is_none() {
        return Ok(None);
    }
    let mut history = history.unwrap_or_default();
    if let Some(document) = &document {
        if history.versions.is_empty() {
            // Written by hand: one version, by whoever wrote the file.
            let at = std::fs::metadata(corpus_dir.join(&document_at))
                .and_then(|meta| meta.modified())
                .map(|modified| Timestamp::from(time::OffsetDateTime::from(modified)))
                .unwrap_or_else(|_| Timestamp::now());
            history.versions.push(Version {
                number: 1,
                by: String::new(),
                at,
                based_on: 0,
                parts: BTreeMap::new(),
            });
        }
        let (_, body) = split_document(document);
        if let Some(current) = history.versions.last_mut() {
            current.parts = parts_of(body);
        }
    }
    Ok(Some(Description {
        area: area.to_owned(),
        document: document_id(area),
        path: document_at,
        versions: history.versions,
        rounds: history.rounds,
        outcomes: history.outcomes,
        approvals: history.approvals,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_written_as_a_document_reads_back_part_by_part() {
        let version = Version {
            number: 2,
            by: "Kansliet".into(),
            at: "2016-12-09T10:00:00Z".parse().unwrap(),
            based_on: 1,
            parts: BTreeMap::from([
                (
                    Part::Utmaningar,
                    "Resurser saknas[^1].\n\n[^1]: /findings/mote-3-ab".to_owned(),
                ),
                (
                    Part::Forslag,
                    "- Ta fram en strategi[^1]\n\n[^1]: /findings/mote-3-cd".to_owned(),
                ),
            ]),
        };
        let text = document_text("landsbygd", "Landsbygd", None, &version);
        assert!(
            text.contains("[^utmaningar-1]: /findings/mote-3-ab"),
            "{text}"
        );
        assert!(text.contains("title = \"Områdesbeskrivning: Landsbygd\""));
        let (front, body) = split_document(&text);
        assert!(front.unwrap().contains("kind = \"omradesbeskrivning\""));
        assert_eq!(parts_of(body), version.parts);
        // An editor's front matter stays as it is.
        let again = document_text("landsbygd", "Landsbygd", front, &version);
        assert_eq!(again, text);
    }

    #[test]
    fn text_outside_the_parts_is_kept() {
        let parts = parts_of("Inledning.\n\n## Utmaningar\n\nA\n\n## Övrigt\n\nB\n");
        assert_eq!(parts[&Part::Beskrivning], "Inledning.");
        assert_eq!(parts[&Part::Utmaningar], "A\n\n## Övrigt\n\nB");
    }
}
