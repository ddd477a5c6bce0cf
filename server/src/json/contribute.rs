//! What changing the corpus over the API takes and answers: the upload form, written
//! feedback, a metadata change, a preview of what a file will become, and a history.

use std::collections::BTreeMap;

use indexer::edit::Preview;
use indexer::{Change, DocumentSummary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::DocumentJson;

/// `POST /api/v1/documents` as `multipart/form-data`: a file and its metadata. What is left
/// out comes from the file (its title, its date) and the corpus's defaults.
#[derive(Debug, ToSchema)]
pub struct UploadForm {
    /// The file: .md, .txt, .pptx, .docx or .pdf, judged by its content.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: Option<String>,
    /// `presentation`, `anteckningar`, `underlag`, `rapport`, `aterkoppling` or `ovrigt`.
    pub kind: Option<String>,
    /// A source's slug.
    pub source: Option<String>,
    /// Area slugs (repeat the field, or separate slugs with commas).
    pub areas: Option<Vec<String>>,
    /// `arbetsmaterial` (what a member adds always is), or, for editors, `publicerad` or
    /// `styrgruppsunderlag`.
    pub status: Option<String>,
    /// SCB code of the county (`04`) or the municipality (`0480`) it comes from.
    pub region: Option<String>,
    /// What it answers: `/findings/{id}`, `/documents/{id}` or `/omraden/{slug}` (a whole
    /// permalink is taken too).
    pub responds_to: Option<String>,
}

/// `POST /api/v1/documents` as `application/json`: written feedback. Paragraphs and list
/// items become findings, as in Markdown.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// The text, Markdown.
    #[schema(
        example = "## Utmaningar\n\n- Kommunerna behöver stöd i hur utbyggnadslagen tillämpas."
    )]
    pub text: String,
    /// The title [default: its first heading, else "Återkoppling" and the date].
    pub title: Option<String>,
    /// `YYYY-MM-DD` [default: today].
    #[schema(format = Date)]
    pub date: Option<String>,
    /// [default: `aterkoppling`]
    pub kind: Option<String>,
    /// A source's slug.
    pub source: Option<String>,
    /// Area slugs.
    pub areas: Option<Vec<String>>,
    /// As for an upload.
    pub status: Option<String>,
    /// SCB code of the county (`04`) or the municipality (`0480`) it comes from.
    #[schema(example = "0480")]
    pub region: Option<String>,
    /// What it answers: `/findings/{id}`, `/documents/{id}` or `/omraden/{slug}` (a whole
    /// permalink is taken too).
    #[schema(example = "/omraden/landsbygd")]
    pub responds_to: Option<String>,
}

/// `PATCH /api/v1/documents/{id}`: the metadata to change; what is left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MetadataPatch {
    /// The title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: Option<String>,
    /// The kind of material.
    pub kind: Option<String>,
    /// A source's slug.
    pub source: Option<String>,
    /// Area slugs; `[]` for none.
    pub areas: Option<Vec<String>>,
    /// Who may read it: editors only.
    pub status: Option<String>,
    /// SCB code of the county or municipality.
    pub region: Option<String>,
    /// What it answers.
    pub responds_to: Option<String>,
}

/// `POST /api/v1/documents?dry_run=true`: what adding would make, with nothing written.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewResponse {
    /// Where it would be saved, inside the corpus folder.
    #[schema(example = "documents/inkommet/2017-01-18-mote-4.pptx")]
    pub path: String,
    /// The document as the index would hold it.
    pub document: DocumentJson,
    /// Its sections in order, each with the findings it would make.
    pub sections: Vec<PreviewSection>,
    /// Parts of the file that would be left out, and why.
    pub warnings: Vec<String>,
}

/// A slide, page or section of a preview.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewSection {
    /// Its number ("bild 3").
    pub number: u32,
    /// Its heading, or the document's title.
    pub title: String,
    /// Its findings.
    pub findings: Vec<PreviewFinding>,
}

/// A finding a preview shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewFinding {
    /// The id it will have.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its areas.
    pub areas: Vec<String>,
    /// Its source.
    pub source: String,
    /// Whether it is a speaker's note.
    pub note: bool,
}

impl From<&Preview> for PreviewResponse {
    fn from(preview: &Preview) -> Self {
        let document = &preview.document;
        Self {
            path: preview.path.clone(),
            document: DocumentJson::from(&DocumentSummary::from(document)),
            sections: document
                .sections
                .iter()
                .map(|section| PreviewSection {
                    number: section.number,
                    title: section.title(document).to_owned(),
                    findings: section
                        .findings
                        .iter()
                        .map(|finding| PreviewFinding {
                            id: finding.id.clone(),
                            text: finding.text.clone(),
                            areas: finding.areas.clone(),
                            source: finding.source.clone(),
                            note: finding.note,
                        })
                        .collect(),
                })
                .collect(),
            warnings: preview
                .warnings
                .iter()
                .map(|warning| warning.kind.to_string())
                .collect(),
        }
    }
}

/// `GET /api/v1/documents/{id}/history`: what happened to a document through Hinder.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryResponse {
    /// The document's id.
    pub id: String,
    /// Every change, oldest first; empty for a file put in the corpus by hand.
    pub changes: Vec<ChangeJson>,
}

/// One change to a document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeJson {
    /// `added`, `changed`, `withdrawn` or `restored`.
    #[schema(example = "added")]
    pub action: &'static str,
    /// Who made it.
    pub by: String,
    /// When (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-12-05T10:15:00Z")]
    pub at: String,
    /// An addition's file name as it was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// An addition's content, SHA-256 in hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A change's fields, each from what to what.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldChangeJson>,
    /// A withdrawal's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One field's change.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldChangeJson {
    /// Before, when it was set.
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

impl From<&Change> for ChangeJson {
    fn from(change: &Change) -> Self {
        Self {
            action: change.action.slug(),
            by: change.by.clone(),
            at: change.at.to_string(),
            file: change.file.clone(),
            sha256: change.sha256.clone(),
            fields: change
                .fields
                .iter()
                .map(|(key, field)| {
                    let json = FieldChangeJson {
                        from: field.from.clone(),
                        to: field.to.clone(),
                    };
                    (key.clone(), json)
                })
                .collect(),
            reason: change.reason.clone(),
        }
    }
}
