//! Importing findings from NDJSON: the lines `hinder export` writes (so that export and
//! import round-trip), and the looser lines other tools write, such as the benchmark corpus
//! (`doc` for the document, `area` as one slug, `""` for an unknown date).
//!
//! Findings stream into the index as they are read, so memory grows with the number of
//! documents, not of findings. A document's findings need not be next to each other. Ids are
//! kept as given: a tool that loads its own ids finds them again in the hits. Sources and
//! areas are taken as they come: a slug the taxonomy lacks joins it, labelled with itself.
//! A line that cannot be read is left out and reported with its number; the rest is indexed.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Read};

use serde::{Deserialize, Deserializer};

use super::report::Failure;
use super::updater::IndexUpdater;
use crate::analysis::detect_text_language;
use crate::corpus::{
    Category, Date, Document, DocumentKind, Finding, Language, Section, SectionKind, Status,
    Taxonomy, is_slug,
};
use crate::error::Result;
use crate::ingest::names::slugify;
use crate::library::Audience;
use crate::manifest::DocumentSummary;

/// How records that leave something out are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Status of the documents whose lines say none (`document_status`).
    pub default_status: Status,
}

/// One line: a finding with its metadata.
#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    text: String,
    /// The section's title (`hinder export`), or the document's (other tools).
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    section: Option<u32>,
    #[serde(default)]
    section_kind: Option<SectionKind>,
    #[serde(default)]
    position: Option<u32>,
    #[serde(default)]
    note: bool,
    #[serde(default, alias = "area", deserialize_with = "one_or_many")]
    areas: Vec<String>,
    #[serde(default)]
    areas_origin: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    date: Option<Date>,
    #[serde(default)]
    language: Option<Language>,
    #[serde(default, alias = "doc")]
    document_id: Option<String>,
    #[serde(default)]
    document_title: Option<String>,
    #[serde(default)]
    document_kind: Option<DocumentKind>,
    #[serde(default)]
    document_status: Option<Status>,
}

/// What is known of a document while its findings stream past.
struct DocumentState {
    document: Document,
    sections: HashSet<u32>,
    findings: usize,
    next_number: u32,
}

/// What an import did.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub documents: Vec<DocumentSummary>,
    pub findings: usize,
    pub failures: Vec<Failure>,
}

/// Streams the lines of `input` into the updater's index for `audience` (what that audience
/// may read), extending `taxonomy` with the slugs it meets. `name` labels failures
/// (`name:line: reason`).
pub(crate) fn import(
    input: impl BufRead,
    name: &str,
    taxonomy: &mut Taxonomy,
    options: ImportOptions,
    updater: &mut IndexUpdater,
    audience: Audience,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Imported> {
    let mut documents: HashMap<String, DocumentState> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut imported = Imported::default();
    let mut lines = Lines::new(input);
    let mut line_number = 0;
    while let Some(line) = lines.next_line().map_err(|source| crate::Error::Io {
        path: name.into(),
        source,
    })? {
        line_number += 1;
        let line = match line {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => line,
            Err(reason) => {
                imported
                    .failures
                    .push(Failure::line(name, line_number, reason));
                continue;
            }
        };
        let record: Record = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                imported
                    .failures
                    .push(Failure::line(name, line_number, error));
                continue;
            }
        };
        if let Err(reason) = check(&record, &ids) {
            imported
                .failures
                .push(Failure::line(name, line_number, reason));
            continue;
        }
        let source = match &record.source {
            Some(source) => slug_in(source, &mut taxonomy.sources),
            None => taxonomy.default_source.clone(),
        };
        let areas: Vec<String> = record
            .areas
            .iter()
            .filter(|area| !area.trim().is_empty())
            .map(|area| slug_in(area, &mut taxonomy.areas))
            .collect();
        let document_id = record
            .document_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| "import".to_owned());
        let state = documents.entry(document_id.clone()).or_insert_with(|| {
            order.push(document_id.clone());
            DocumentState {
                document: new_document(&record, document_id, options),
                sections: HashSet::new(),
                findings: 0,
                next_number: 1,
            }
        });
        let section_number = record.section.unwrap_or(1);
        let number = record.position.unwrap_or(state.next_number);
        state.next_number = state.next_number.max(number) + 1;
        state.sections.insert(section_number);
        state.findings += 1;
        let section = Section {
            number: section_number,
            heading: record.title.clone(),
            findings: Vec::new(),
        };
        let finding = Finding {
            id: record.id.clone(),
            number,
            text: record.text,
            source,
            areas,
            areas_auto: record.areas_origin.as_deref() == Some("automatic"),
            date: record.date,
            language: record.language.unwrap_or(state.document.language),
            from_heading: false,
            note: record.note,
            line: line_number,
        };
        updater.add_finding(audience, &state.document, &section, &finding)?;
        ids.insert(record.id);
        imported.findings += 1;
        if imported.findings % 10_000 == 0 {
            progress(imported.findings, 0);
        }
    }
    progress(imported.findings, imported.findings);
    imported.documents = order
        .into_iter()
        .filter_map(|id| documents.remove(&id))
        .map(|state| DocumentSummary {
            sections: state.sections.len(),
            findings: state.findings,
            ..DocumentSummary::from(&state.document)
        })
        .collect();
    Ok(imported)
}

/// Longest line read: a finding is a paragraph, not a book.
const MAX_LINE_BYTES: usize = 1 << 20;

/// The lines of the input, each one UTF-8 and at most [`MAX_LINE_BYTES`] long, or the
/// reason it is not; a bad line does not stop the ones after it.
struct Lines<R> {
    input: R,
    buffer: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            buffer: Vec::new(),
        }
    }

    /// The next line; `None` at the end; `Err` only when reading fails.
    fn next_line(&mut self) -> std::io::Result<Option<std::result::Result<&str, String>>> {
        self.buffer.clear();
        let limit = (MAX_LINE_BYTES + 1) as u64;
        let read = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buffer)?;
        if read == 0 {
            return Ok(None);
        }
        if self.buffer.len() > MAX_LINE_BYTES && self.buffer.last() != Some(&b'\n') {
            // Skip the rest of the line, a bounded piece at a time.
            loop {
                self.buffer.clear();
                let read = (&mut self.input)
                    .take(limit)
                    .read_until(b'\n', &mut self.buffer)?;
                if read == 0 || self.buffer.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Some(Err(format!(
                "line longer than {MAX_LINE_BYTES} bytes"
            ))));
        }
        Ok(Some(
            std::str::from_utf8(&self.buffer)
                .map(|line| line.trim_end_matches(['\n', '\r']))
                .map_err(|_| "not UTF-8".to_owned()),
        ))
    }
}

/// The document a record's first finding opens.
fn new_document(record: &Record, id: String, options: ImportOptions) -> Document {
    let title = record
        .document_title
        .clone()
        .or_else(|| record.title.clone())
        .unwrap_or_else(|| id.clone());
    Document {
        title,
        date: record.date,
        kind: record.document_kind.unwrap_or_default(),
        status: record.document_status.unwrap_or(options.default_status),
        language: record
            .language
            .unwrap_or_else(|| detect_text_language(&record.text)),
        section_kind: record.section_kind.unwrap_or_default(),
        path: String::new(),
        added: None,
        region: None,
        responds_to: None,
        sections: Vec::new(),
        id,
    }
}

fn check(record: &Record, ids: &HashSet<String>) -> std::result::Result<(), String> {
    let id = record.id.trim();
    if id.is_empty() || id.len() > 200 || id.contains(['/', '?', '#']) || id != record.id {
        return Err(format!(
            "invalid id `{}`: 1 to 200 characters, no spaces at the ends, no `/`, `?` or `#`",
            record.id
        ));
    }
    if ids.contains(id) {
        return Err(format!("id `{id}` is used by an earlier line"));
    }
    if record.text.trim().is_empty() {
        return Err("empty `text`".to_owned());
    }
    Ok(())
}

/// The slug of a value in a taxonomy list, adding it (labelled with the value as written)
/// when the list lacks it.
fn slug_in(value: &str, categories: &mut Vec<Category>) -> String {
    let slug = if is_slug(value) {
        value.to_owned()
    } else {
        Some(slugify(value))
            .filter(|slug| is_slug(slug))
            .unwrap_or_else(|| "okand".to_owned())
    };
    if !categories.iter().any(|category| category.slug == slug) {
        categories.push(Category {
            slug: slug.clone(),
            label: value.trim().to_owned(),
            description: String::new(),
            keywords: Vec::new(),
        });
    }
    slug
}

/// `"landsbygd"` or `["landsbygd", "fiber"]`.
fn one_or_many<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        Nothing(()),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
        OneOrMany::Nothing(()) => Vec::new(),
    })
}

/// `"2016-12-02"`, `""` or `null`.
fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Date>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> Vec<std::result::Result<String, String>> {
        let mut lines = Lines::new(bytes);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().expect("reading from memory") {
            out.push(line.map(str::to_owned));
        }
        out
    }

    #[test]
    fn bad_lines_are_named_and_the_next_ones_still_read() {
        let mut input = b"{\"a\": 1}\r\n".to_vec();
        input.extend(b"\xff\xfe\n");
        input.extend(vec![b'x'; MAX_LINE_BYTES * 2 + 7]);
        input.extend(b"\nlast");
        let read = lines(&input);
        assert_eq!(read.len(), 4);
        assert_eq!(read[0].as_deref(), Ok("{\"a\": 1}"));
        assert_eq!(read[1], Err("not UTF-8".to_owned()));
        assert!(
            read[2]
                .as_ref()
                .is_err_and(|reason| reason.starts_with("line longer"))
        );
        assert_eq!(read[3].as_deref(), Ok("last"));
    }

    #[test]
    fn dates_and_areas_are_read_loosely() {
        let record: Record = serde_json::from_str(
            r#"{"id": "a", "text": "t", "area": "landsbygd", "date": "", "doc": "d.srt", "kind": "speech"}"#,
        )
        .expect("a record");
        assert_eq!(record.areas, ["landsbygd"]);
        assert_eq!(record.date, None);
        assert_eq!(record.document_id.as_deref(), Some("d.srt"));
        let record: Record =
            serde_json::from_str(r#"{"id": "b", "text": "t", "areas": ["a", "b"], "date": null}"#)
                .expect("a record");
        assert_eq!(record.areas, ["a", "b"]);
        assert!(
            serde_json::from_str::<Record>(r#"{"id": "c", "text": "t", "date": "2016-13-01"}"#)
                .is_err()
        );
    }
}
