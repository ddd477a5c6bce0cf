//! A document's metadata as the file people also edit: its sidecar (`NAME.toml` beside the
//! file) or, for Markdown, its front matter. Values are set through `toml_edit`, so what
//! people wrote there (comments, the order of keys, keys Hinder does not set) stays as it
//! was; each change appends a `[[history]]` table.

use std::path::{Path, PathBuf};

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use super::error::{Error, Result};
use super::files;
use super::metadata::Metadata;
use crate::corpus::{Change, Date, FieldChange};
use crate::ingest::metadata::{TOML_FENCE, front_matter_span};
use crate::ingest::{self, Format, read_if_present};

/// Metadata as TOML that keeps its formatting.
#[derive(Debug, Clone, Default)]
pub(super) struct MetadataText {
    document: DocumentMut,
}

impl MetadataText {
    /// Reads TOML metadata; an empty text is empty metadata.
    ///
    /// # Errors
    /// What the TOML parser says about it.
    pub(super) fn parse(text: &str) -> Result<Self, String> {
        text.parse::<DocumentMut>()
            .map(|document| Self { document })
            .map_err(|error| error.message().to_owned())
    }

    /// Sets every value `metadata` gives; returns what changed, in the order of the keys.
    pub(super) fn set(&mut self, metadata: &Metadata) -> Vec<(&'static str, FieldChange)> {
        let mut changed = Vec::new();
        let mut put = |key: &'static str, item: Option<Item>| {
            let Some(mut item) = item else { return };
            let to = plain(&item);
            match self.document.get_mut(key) {
                Some(old) if same(old, &item) => {}
                Some(old) => {
                    let from = plain(old);
                    // The new value takes the old one's place and comments.
                    if let (Some(old), Some(new)) = (old.as_value(), item.as_value_mut()) {
                        *new.decor_mut() = old.decor().clone();
                    }
                    *old = item;
                    changed.push((key, FieldChange { from, to }));
                }
                None => {
                    self.document[key] = item;
                    changed.push((key, FieldChange { from: None, to }));
                }
            }
        };
        put("title", metadata.title.as_deref().map(value));
        put("date", metadata.date.map(|date| value(toml_date(date))));
        put("kind", metadata.kind.map(|kind| value(kind.slug())));
        put("status", metadata.status.map(|status| value(status.slug())));
        put("source", metadata.source.as_deref().map(value));
        put(
            "areas",
            metadata
                .areas
                .as_ref()
                .map(|areas| value(areas.iter().map(String::as_str).collect::<Array>())),
        );
        put(
            "language",
            metadata.language.map(|language| value(language.code())),
        );
        put("region", metadata.region.as_ref().map(|r| value(r.code())));
        put(
            "responds_to",
            metadata.responds_to.as_ref().map(|r| value(r.path())),
        );
        changed
    }

    /// Drops what only Hinder may write into an added file's metadata: its `id` (an added
    /// document is named by Hinder, and a chosen id could take another document's) and
    /// its `history` (a history is what happened here, not what a file claims).
    pub(super) fn forget_claims(&mut self) {
        self.document.remove("id");
        self.document.remove("history");
    }

    /// The history it records, oldest first.
    pub(super) fn history(&self) -> Vec<Change> {
        crate::ingest::metadata::parse_meta(&self.to_string(), 1)
            .ok()
            .and_then(|meta| meta.history)
            .unwrap_or_default()
    }

    /// Appends a change to the `[[history]]` tables.
    pub(super) fn record(&mut self, change: &Change) {
        let mut entry = Table::new();
        entry["action"] = value(change.action.slug());
        entry["by"] = value(change.by.as_str());
        if let Ok(at) = change.at.to_string().parse::<toml_edit::Datetime>() {
            entry["at"] = value(at);
        }
        if let Some(file) = &change.file {
            entry["file"] = value(file.as_str());
        }
        if let Some(sha256) = &change.sha256 {
            entry["sha256"] = value(sha256.as_str());
        }
        if !change.fields.is_empty() {
            let mut fields = InlineTable::new();
            for (key, field) in &change.fields {
                let mut sides = InlineTable::new();
                if let Some(from) = &field.from {
                    sides.insert("from", from.as_str().into());
                }
                if let Some(to) = &field.to {
                    sides.insert("to", to.as_str().into());
                }
                fields.insert(key, toml_edit::Value::InlineTable(sides));
            }
            entry["fields"] = value(fields);
        }
        if let Some(reason) = &change.reason {
            entry["reason"] = value(reason.as_str());
        }
        match self.document.get_mut("history") {
            Some(Item::ArrayOfTables(history)) => history.push(entry),
            _ => {
                let mut history = ArrayOfTables::new();
                history.push(entry);
                self.document["history"] = Item::ArrayOfTables(history);
            }
        }
    }
}

impl std::fmt::Display for MetadataText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.document.to_string();
        f.write_str(&text)?;
        if !text.is_empty() && !text.ends_with('\n') {
            f.write_str("\n")?;
        }
        Ok(())
    }
}

/// A Markdown file as its front matter and its body.
#[derive(Debug)]
pub(super) struct Markdown<'a> {
    /// The TOML between the `+++` lines, or none.
    pub front_matter: &'a str,
    /// Everything after the front matter, as written.
    pub body: &'a str,
}

impl<'a> Markdown<'a> {
    /// Splits a Markdown file as the corpus reader does.
    ///
    /// # Errors
    /// When its front matter is never closed or is YAML.
    pub(super) fn split(text: &'a str) -> Result<Self, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match front_matter_span(text).map_err(|error| error.to_string())? {
            Some(span) => Ok(Self {
                front_matter: &text[span.toml],
                body: &text[span.body_offset..],
            }),
            None => Ok(Self {
                front_matter: "",
                body: text,
            }),
        }
    }

    /// The file with this front matter before the body.
    pub(super) fn join(front_matter: &MetadataText, body: &str) -> String {
        format!("{TOML_FENCE}\n{front_matter}{TOML_FENCE}\n{body}")
    }
}

/// A value as a person reads it in a history: a list as its items joined by `, `.
fn plain(item: &Item) -> Option<String> {
    use toml_edit::Value;
    let value = item.as_value()?;
    Some(match value {
        Value::String(text) => text.value().clone(),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => text.value().clone(),
                other => other.to_string().trim().to_owned(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string().trim().to_owned(),
    })
}

/// Whether two values are the same value, however each is written (quotes, spacing,
/// comments).
fn same(a: &Item, b: &Item) -> bool {
    match (a.as_value(), b.as_value()) {
        (Some(a), Some(b)) => same_value(a, b),
        _ => false,
    }
}

fn same_value(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    use toml_edit::Value;
    match (a, b) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Datetime(a), Value::Datetime(b)) => a.value() == b.value(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(a, b)| same_value(a, b))
        }
        (a, b) => a.to_string().trim() == b.to_string().trim(),
    }
}

fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).unwrap_or_default(),
            month: date.month(),
            day: date.day(),
        }),
        time: None,
        offset: None,
    }
}

/// Where a document's metadata is written: its front matter (Markdown) or its sidecar.
#[derive(Debug)]
pub(super) struct MetadataHome {
    pub path: PathBuf,
    pub metadata: MetadataText,
    /// The Markdown body, kept verbatim around the front matter.
    markdown_body: Option<String>,
}

impl MetadataHome {
    /// The metadata of the document at `document`, read from where it is kept.
    ///
    /// # Errors
    /// [`Error::Metadata`] when it is not valid TOML; [`Error::Io`] when unreadable.
    pub(super) fn of(document: &Path) -> Result<Self> {
        let refused = |path: &Path, message: String| Error::Metadata {
            path: path.to_owned(),
            message,
        };
        let read = |path: &Path| {
            read_if_present(path)
                .map_err(|error| match error {
                    ingest::Error::Read { path, source } => Error::Io { path, source },
                    other => Error::Corpus(other),
                })
                .map(|bytes| bytes.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()))
        };
        if Format::from_path(document) == Some(Format::Markdown) {
            let text = read(document)?.ok_or_else(|| Error::NotFound(document.to_owned()))?;
            let split = Markdown::split(&text).map_err(|message| refused(document, message))?;
            Ok(Self {
                path: document.to_owned(),
                metadata: MetadataText::parse(split.front_matter)
                    .map_err(|message| refused(document, message))?,
                markdown_body: Some(split.body.to_owned()),
            })
        } else {
            let path = document.with_extension(ingest::SIDECAR_EXTENSION);
            let text = read(&path)?.unwrap_or_default();
            Ok(Self {
                metadata: MetadataText::parse(&text).map_err(|message| refused(&path, message))?,
                path,
                markdown_body: None,
            })
        }
    }

    /// Writes the metadata back in place; returns the file written.
    pub(super) fn write(&self) -> Result<PathBuf> {
        let text = match &self.markdown_body {
            Some(body) => Markdown::join(&self.metadata, body),
            None => self.metadata.to_string(),
        };
        files::replace(&self.path, text.as_bytes()).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.path.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Action, DocumentKind, Status, Timestamp};

    fn change(action: Action, fields: &[(&str, Option<&str>, &str)]) -> Change {
        Change {
            action,
            by: "Anna Ek".to_owned(),
            at: "2026-12-05T10:15:00Z".parse::<Timestamp>().unwrap(),
            file: None,
            sha256: None,
            fields: fields
                .iter()
                .map(|&(key, from, to)| {
                    let change = FieldChange {
                        from: from.map(str::to_owned),
                        to: Some(to.to_owned()),
                    };
                    (key.to_owned(), change)
                })
                .collect(),
            reason: None,
        }
    }

    #[test]
    fn setting_keeps_what_people_wrote() {
        let mut text = MetadataText::parse(
            "# Written by the secretariat\ntitle = \"Möte 3\"  # as on the slide\n\
             kind = \"presentation\"\nareas = [\"landsbygd\"]\n",
        )
        .unwrap();
        let changed = text.set(&Metadata {
            title: Some("Möte 3".to_owned()),
            status: Some(Status::Publicerad),
            kind: Some(DocumentKind::Presentation),
            areas: Some(vec!["landsbygd".to_owned(), "samverkan".to_owned()]),
            ..Metadata::default()
        });
        let changed: Vec<(&str, Option<&str>, Option<&str>)> = changed
            .iter()
            .map(|(key, change)| (*key, change.from.as_deref(), change.to.as_deref()))
            .collect();
        assert_eq!(
            changed,
            [
                ("status", None, Some("publicerad")),
                ("areas", Some("landsbygd"), Some("landsbygd, samverkan"))
            ]
        );
        let written = text.to_string();
        assert!(
            written.starts_with("# Written by the secretariat\n"),
            "{written}"
        );
        assert!(
            written.contains("title = \"Möte 3\"  # as on the slide\n"),
            "{written}"
        );
        assert!(written.contains("status = \"publicerad\""), "{written}");
        assert!(
            written.contains("areas = [\"landsbygd\", \"samverkan\"]"),
            "{written}"
        );
        // A changed value keeps the comment beside it.
        let mut text = MetadataText::parse("title = \"A\" # from the slide\n").unwrap();
        text.set(&Metadata {
            title: Some("B".to_owned()),
            ..Metadata::default()
        });
        assert_eq!(text.to_string(), "title = \"B\" # from the slide\n");
    }

    #[test]
    fn history_is_appended_and_reads_back_as_the_corpus_reads_it() {
        let mut text = MetadataText::parse("title = \"x\"\n").unwrap();
        text.record(&change(Action::Added, &[]));
        text.record(&change(
            Action::Changed,
            &[
                ("title", Some("x"), "y"),
                ("areas", None, "landsbygd, samverkan"),
            ],
        ));
        let meta = crate::ingest::metadata::parse_meta(&text.to_string(), 1).unwrap();
        let history = meta.history.unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(
            history[1].fields,
            change(
                Action::Changed,
                &[
                    ("title", Some("x"), "y"),
                    ("areas", None, "landsbygd, samverkan")
                ],
            )
            .fields
        );
        assert_eq!(history[1].at.to_string(), "2026-12-05T10:15:00Z");
        assert_eq!(meta.title.as_deref(), Some("x"));
    }

    #[test]
    fn dates_are_toml_dates() {
        let mut text = MetadataText::default();
        text.set(&Metadata {
            date: Some("2016-12-02".parse().unwrap()),
            ..Metadata::default()
        });
        assert_eq!(text.to_string(), "date = 2016-12-02\n");
    }

    #[test]
    fn markdown_splits_and_joins_around_its_front_matter() {
        let file = "+++\ntitle = \"A\" # kept\n+++\n\n## Rubrik\n\n- Fynd\n";
        let split = Markdown::split(file).unwrap();
        assert_eq!(split.body, "\n## Rubrik\n\n- Fynd\n");
        let mut front = MetadataText::parse(split.front_matter).unwrap();
        front.set(&Metadata {
            kind: Some(DocumentKind::Underlag),
            ..Metadata::default()
        });
        assert_eq!(
            Markdown::join(&front, split.body),
            "+++\ntitle = \"A\" # kept\nkind = \"underlag\"\n+++\n\n## Rubrik\n\n- Fynd\n"
        );
        let bare = Markdown::split("## Rubrik\n").unwrap();
        assert_eq!((bare.front_matter, bare.body), ("", "## Rubrik\n"));
        assert!(Markdown::split("+++\ntitle = \"A\"\n## Rubrik\n").is_err());
    }
}
