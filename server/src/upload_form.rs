//! The upload form as the API and the page read it: files and their metadata from a
//! `multipart/form-data` body, the fields kept as typed text (so that a staged upload can
//! wait with them) and turned into [`Metadata`] when they are used.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use indexer::edit::{Metadata, Upload};
use indexer::{Date, DocumentKind, Region, RespondsTo, Status};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::limits::MAX_FEEDBACK_CHARS;

/// The metadata fields of the form, as sent (trimmed; empty means unset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFields {
    /// The title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// A kind's slug.
    pub kind: Option<String>,
    /// A source's slug.
    pub source: Option<String>,
    /// Area slugs; `Some(vec![])` (a change that clears them) is none, `None` leaves them.
    pub areas: Option<Vec<String>>,
    /// A status's slug.
    pub status: Option<String>,
    /// A county's or a municipality's SCB code.
    #[serde(default)]
    pub region: Option<String>,
    /// The permalink (path) of what it answers.
    #[serde(default)]
    pub responds_to: Option<String>,
}

impl FormFields {
    /// Takes one field of the form.
    ///
    /// # Errors
    /// [`ApiError::InvalidBody`] for a field the form does not have.
    pub fn take(&mut self, name: &str, value: &str) -> Result<(), ApiError> {
        let value = value.trim();
        let text = || (!value.is_empty()).then(|| value.to_owned());
        match name {
            "title" => self.title = text(),
            "date" => self.date = text(),
            "kind" => self.kind = text(),
            "source" => self.source = text(),
            "status" => self.status = text(),
            "region" => self.region = text(),
            "responds_to" => self.responds_to = text(),
            "areas" | "area" => self.areas.get_or_insert_with(Vec::new).extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|area| !area.is_empty())
                    .map(str::to_owned),
            ),
            other => {
                return Err(ApiError::InvalidBody(format!(
                    "unknown field `{other}`, expected file, title, date, kind, source, areas, \
                     region, responds_to or status"
                )));
            }
        }
        Ok(())
    }

    /// The metadata the fields choose; what they leave unset is left to the file.
    ///
    /// # Errors
    /// [`ApiError::InvalidMetadata`] for a date, kind, status, region or `responds_to`
    /// that cannot be read.
    pub fn metadata(&self) -> Result<Metadata, ApiError> {
        Ok(Metadata {
            title: self.title.clone(),
            date: self.date.as_deref().map(date).transpose()?,
            kind: self.kind.as_deref().map(kind).transpose()?,
            status: self.status.as_deref().map(status).transpose()?,
            source: self.source.clone(),
            areas: self.areas.clone(),
            language: None,
            region: self.region.as_deref().map(region).transpose()?,
            responds_to: self.responds_to.as_deref().map(responds_to).transpose()?,
        })
    }
}

impl From<crate::json::MetadataPatch> for FormFields {
    fn from(patch: crate::json::MetadataPatch) -> Self {
        Self {
            title: patch.title,
            date: patch.date,
            kind: patch.kind,
            source: patch.source,
            areas: patch.areas,
            status: patch.status,
            region: patch.region,
            responds_to: patch.responds_to,
        }
    }
}

impl From<crate::json::FeedbackBody> for FormFields {
    /// The feedback's metadata; its text is taken apart.
    fn from(body: crate::json::FeedbackBody) -> Self {
        Self {
            title: body.title,
            date: body.date,
            kind: body.kind,
            source: body.source,
            areas: body.areas,
            status: body.status,
            region: body.region,
            responds_to: body.responds_to,
        }
    }
}

/// Written feedback as an upload: a Markdown file named after its date, an `aterkoppling`
/// dated today unless the fields say otherwise. The API's JSON and the feedback form both
/// come this way.
///
/// # Errors
/// [`ApiError::InvalidMetadata`] for a text over [`MAX_FEEDBACK_CHARS`], an empty one, or
/// fields that cannot be read.
pub fn feedback_upload(text: &str, fields: &FormFields) -> Result<Upload, ApiError> {
    let text = as_written(text);
    let characters = text.chars().count();
    if characters > MAX_FEEDBACK_CHARS {
        return Err(ApiError::InvalidMetadata {
            field: "text",
            message: format!("{characters} characters, at most {MAX_FEEDBACK_CHARS}"),
        });
    }
    if text.trim().is_empty() {
        return Err(ApiError::InvalidMetadata {
            field: "text",
            message: "the text is empty".to_owned(),
        });
    }
    let mut metadata = fields.metadata()?;
    let date = *metadata.date.get_or_insert_with(Date::today);
    metadata.kind.get_or_insert(DocumentKind::Aterkoppling);
    Ok(Upload {
        file_name: format!("Återkoppling {date}.md"),
        bytes: text.into_bytes(),
        metadata,
    })
}

/// Feedback as it is kept in its Markdown file: line breaks as `\n`, and no control
/// characters but the line break and the tab. Nobody types the others; a script or a paste
/// can send them (a NUL makes git and most editors take the file for binary, a form feed or
/// vertical tab from a word processor is a line break to a reader).
fn as_written(text: &str) -> String {
    let lines = text.replace("\r\n", "\n").replace('\r', "\n");
    lines
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(c),
            '\u{000B}' | '\u{000C}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// A file as it was sent: its name and its bytes.
#[derive(Debug, Clone)]
pub struct SentFile {
    /// The name the browser or tool gave.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// What an upload form carries.
#[derive(Debug, Default)]
pub struct Submission {
    /// The files, in the order sent; fields named `file` with no file chosen are skipped.
    pub files: Vec<SentFile>,
    /// The metadata fields.
    pub fields: FormFields,
}

/// Reads a form of files (fields named `file`) and metadata fields.
///
/// # Errors
/// [`ApiError::UploadTooLarge`] for a file over `max_upload` bytes (or a body over the
/// route's limit), [`ApiError::InvalidBody`] for a form that cannot be read or an unknown
/// field.
pub async fn read(mut form: Multipart, max_upload: usize) -> Result<Submission, ApiError> {
    let refused = |error: MultipartError| match error.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::UploadTooLarge(max_upload),
        _ => ApiError::InvalidBody(error.body_text()),
    };
    let mut submission = Submission::default();
    while let Some(field) = form.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(refused)?;
            if bytes.len() > max_upload {
                return Err(ApiError::UploadTooLarge(max_upload));
            }
            // A file input left empty sends a part without a name or content.
            if !(file_name.is_empty() && bytes.is_empty()) {
                submission.files.push(SentFile {
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let value = field.text().await.map_err(refused)?;
        submission.fields.take(&name, &value)?;
    }
    Ok(submission)
}

/// A date as forms and the API write it: `YYYY-MM-DD`.
fn date(text: &str) -> Result<Date, ApiError> {
    text.trim().parse().map_err(|_| ApiError::InvalidMetadata {
        field: "date",
        message: format!("`{text}`, expected YYYY-MM-DD"),
    })
}

/// A kind of material by its slug.
fn kind(text: &str) -> Result<DocumentKind, ApiError> {
    text.trim()
        .parse()
        .map_err(|message| ApiError::InvalidMetadata {
            field: "kind",
            message,
        })
}

/// A status by its slug.
fn status(text: &str) -> Result<Status, ApiError> {
    text.trim()
        .parse()
        .map_err(|message| ApiError::InvalidMetadata {
            field: "status",
            message,
        })
}

/// A county or municipality by its SCB code.
fn region(text: &str) -> Result<Region, ApiError> {
    Region::parse(text).map_err(|error| ApiError::InvalidMetadata {
        field: "region",
        message: error.to_string(),
    })
}

/// What feedback answers, by its permalink.
fn responds_to(text: &str) -> Result<RespondsTo, ApiError> {
    RespondsTo::parse(text).map_err(|error| ApiError::InvalidMetadata {
        field: "responds_to",
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_feedback_keeps_its_lines_and_loses_control_characters() {
        let upload = feedback_upload(
            "Första\r\nandra\u{0}\u{7} rad\rtredje\u{c}fjärde\n\n- punkt\tett",
            &FormFields::default(),
        )
        .expect("a text with words is feedback");
        assert_eq!(
            String::from_utf8(upload.bytes).expect("UTF-8"),
            "Första\nandra rad\ntredje\nfjärde\n\n- punkt\tett"
        );
        let nothing = feedback_upload("\u{0}\u{1b}\r\n ", &FormFields::default());
        assert!(
            matches!(
                nothing,
                Err(ApiError::InvalidMetadata { field: "text", .. })
            ),
            "control characters alone are no text: {nothing:?}"
        );
    }

    #[test]
    fn fields_become_metadata_and_unknown_ones_are_refused() {
        let mut fields = FormFields::default();
        for (name, value) in [
            ("title", " Möte 4 "),
            ("date", "2017-01-18"),
            ("kind", "presentation"),
            ("areas", "landsbygd, samverkan"),
            ("area", "fiber"),
            ("source", ""),
        ] {
            fields.take(name, value).unwrap();
        }
        let metadata = fields.metadata().unwrap();
        assert_eq!(metadata.title.as_deref(), Some("Möte 4"));
        assert_eq!(
            metadata.date.map(|d| d.to_string()).as_deref(),
            Some("2017-01-18")
        );
        assert_eq!(metadata.kind, Some(DocumentKind::Presentation));
        assert_eq!(metadata.source, None);
        assert_eq!(
            metadata.areas,
            Some(vec!["landsbygd".into(), "samverkan".into(), "fiber".into()])
        );
        assert_eq!(
            FormFields::default().metadata().unwrap().areas,
            None,
            "left to the file"
        );
        assert!(matches!(
            fields.take("lan", "04"),
            Err(ApiError::InvalidBody(_))
        ));
        fields.take("region", "0480").unwrap();
        let region = fields.metadata().unwrap().region.expect("a region");
        assert_eq!(region.county_code(), "04");
        fields.take("region", "Sörmland").unwrap();
        assert!(matches!(
            fields.metadata(),
            Err(ApiError::InvalidMetadata {
                field: "region",
                ..
            })
        ));
        fields.take("region", "").unwrap();
        fields.take("responds_to", "/kallor/x").unwrap();
        assert!(matches!(
            fields.metadata(),
            Err(ApiError::InvalidMetadata {
                field: "responds_to",
                ..
            })
        ));
        fields.take("responds_to", "").unwrap();
        fields.take("date", "18/1").unwrap();
        assert!(matches!(
            fields.metadata(),
            Err(ApiError::InvalidMetadata { field: "date", .. })
        ));
    }
}
