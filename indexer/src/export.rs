//! Every finding as one JSON object per line (NDJSON): the way out of Hinder for other
//! tools, and the shape `hinder index` can read back.
//!
//! A record is flat (no nested objects) with an `id` that is unique and stable, so that the
//! bulk loaders of other engines take it as it is: Meilisearch and Quickwit read the lines
//! directly, OpenSearch's `_bulk` API wants an action line before each one, which
//! [`ExportFormat::OpenSearchBulk`] writes.

use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::corpus::Date;
use crate::error::{Error, Result};
use crate::manifest::DocumentSummary;
use crate::search::{Hit, IndexView};

/// One finding with its metadata, as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FindingRecord {
    /// Stable id; the primary key for other engines.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "2016-12-02-nystartsgruppen-mote-3-0b6e5a1c")
    )]
    pub id: String,
    /// The finding's text, verbatim.
    pub text: String,
    /// Title of its section (slide, page).
    pub title: String,
    /// Section number: the slide or page number.
    pub section: u32,
    /// `slide`, `page` or `section`.
    pub section_kind: String,
    /// Position within the section, from 1.
    pub position: u32,
    /// True for a speaker's note rather than text on the slide.
    pub note: bool,
    /// Area slugs.
    pub areas: Vec<String>,
    /// `manual` (tagged by a person) or `automatic` (keyword rules).
    pub areas_origin: String,
    /// Source slug.
    pub source: String,
    /// `YYYY-MM-DD`, or null when unknown.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub date: Option<Date>,
    /// ISO 639-1 code of the language it was analysed in.
    pub language: String,
    /// Id of its document.
    pub document_id: String,
    /// Title of its document.
    pub document_title: String,
    /// Kind of its document (`presentation`, `rapport`, ...).
    pub document_kind: String,
    /// Who may read its document (`publicerad`, `arbetsmaterial`, `styrgruppsunderlag`).
    pub document_status: String,
    /// Path of its permalink, `/findings/{id}`.
    pub url: String,
}

impl FindingRecord {
    /// The record of a finding of a document.
    pub fn new(document: &DocumentSummary, hit: Hit) -> Self {
        Self {
            url: format!("/findings/{}", hit.id),
            section_kind: hit.section_kind.slug().to_owned(),
            areas_origin: if hit.areas_auto {
                "automatic"
            } else {
                "manual"
            }
            .to_owned(),
            language: hit.language.code().to_owned(),
            document_kind: document.kind.slug().to_owned(),
            document_status: document.status.slug().to_owned(),
            id: hit.id,
            text: hit.text,
            title: hit.title,
            section: hit.section,
            position: hit.number,
            note: hit.note,
            areas: hit.areas,
            source: hit.source,
            date: hit.date,
            document_id: hit.document_id,
            document_title: hit.document_title,
        }
    }
}

/// How the lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExportFormat {
    /// One record per line.
    #[default]
    #[serde(rename = "ndjson")]
    Ndjson,
    /// OpenSearch (and Elasticsearch) `_bulk` body: `{"index":{"_id":...}}` before each record.
    #[serde(rename = "opensearch")]
    OpenSearchBulk,
}

impl ExportFormat {
    /// The name used in URLs and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ndjson => "ndjson",
            Self::OpenSearchBulk => "opensearch",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "ndjson" => Ok(Self::Ndjson),
            "opensearch" => Ok(Self::OpenSearchBulk),
            other => Err(format!(
                "unknown export format `{other}`, expected ndjson or opensearch"
            )),
        }
    }
}

/// Writes every finding of the index to `out`; returns how many were written. The caller
/// buffers `out` as it sees fit.
///
/// # Errors
/// When the index fails, or [`Error::Export`] when `out` does.
pub fn write_export(index: &IndexView, out: &mut dyn Write, format: ExportFormat) -> Result<usize> {
    #[derive(Serialize)]
    struct Action<'a> {
        index: ActionTarget<'a>,
    }
    #[derive(Serialize)]
    struct ActionTarget<'a> {
        #[serde(rename = "_id")]
        id: &'a str,
    }
    index.for_each_finding(&mut |document, hit| {
        let record = FindingRecord::new(document, hit);
        if format == ExportFormat::OpenSearchBulk {
            let action = Action {
                index: ActionTarget { id: &record.id },
            };
            write_line(out, &action)?;
        }
        write_line(out, &record)
    })
}

fn write_line(out: &mut dyn Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(|error| Error::Export(error.into()))?;
    out.write_all(b"\n").map_err(Error::Export)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_are_one_fact_in_urls_and_in_json() {
        for format in [ExportFormat::Ndjson, ExportFormat::OpenSearchBulk] {
            let json = serde_json::to_string(&format).expect("a name");
            assert_eq!(json, format!("\"{}\"", format.as_str()));
            assert_eq!(format.as_str().parse::<ExportFormat>(), Ok(format));
        }
    }
}
