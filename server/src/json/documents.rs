//! Documents in the API: the list and one document section by section.

use indexer::{DocumentSummary, DocumentView};
use serde::Serialize;
use utoipa::ToSchema;

use super::{RegionJson, SectionJson};
use crate::links::document_url;

/// A document's metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentJson {
    /// Document id.
    #[schema(example = "2016-12-02-nystartsgruppen-mote-3")]
    pub id: String,
    /// Title.
    #[schema(example = "Möte 3 – Arbetsmöte inom Nystartsgruppen")]
    pub title: String,
    /// `YYYY-MM-DD`, or null when unknown.
    #[schema(format = Date, example = "2016-12-02")]
    pub date: Option<String>,
    /// Kind of material: `presentation`, `anteckningar`, `underlag`, `rapport`,
    /// `aterkoppling` or `ovrigt`.
    #[schema(value_type = String, example = "presentation")]
    pub kind: &'static str,
    /// Who may read it: `publicerad`, `arbetsmaterial` or `styrgruppsunderlag`.
    #[schema(value_type = String, example = "publicerad")]
    pub status: &'static str,
    /// ISO 639-1 code of its language.
    #[schema(value_type = String, example = "sv")]
    pub language: &'static str,
    /// What its sections are: `slide`, `page` or `section`.
    #[schema(value_type = String, example = "slide")]
    pub section_kind: &'static str,
    /// Path of its file inside the corpus folder.
    #[schema(example = "documents/2016-12-02-nystartsgruppen-mote-3.md")]
    pub path: String,
    /// Number of sections (slides, pages).
    pub sections: usize,
    /// Number of findings.
    pub findings: usize,
    /// Path of its page.
    #[schema(example = "/documents/2016-12-02-nystartsgruppen-mote-3")]
    pub url: String,
    /// Who added it through Hinder; left out for files put in the corpus by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "anna")]
    pub added_by: Option<String>,
    /// When it was added through Hinder (RFC 3339, UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime, example = "2026-12-05T10:15:00Z")]
    pub added_at: Option<String>,
    /// The county or municipality it comes from; left out when not said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionJson>,
    /// What it answers, for feedback: the permalink path of a finding, a document or an
    /// area; left out when it answers nothing in particular.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "/findings/2016-12-02-nystartsgruppen-mote-3-4f1c-1")]
    pub responds_to: Option<String>,
}

impl From<&DocumentSummary> for DocumentJson {
    fn from(document: &DocumentSummary) -> Self {
        Self {
            id: document.id.clone(),
            title: document.title.clone(),
            date: document.date.map(|date| date.to_string()),
            kind: document.kind.slug(),
            status: document.status.slug(),
            language: document.language.code(),
            section_kind: document.section_kind.slug(),
            path: document.path.clone(),
            sections: document.sections,
            findings: document.findings,
            url: document_url(&document.id),
            added_by: document.added.as_ref().map(|added| added.by.clone()),
            added_at: document.added.as_ref().map(|added| added.at.to_string()),
            region: document.region.as_ref().map(RegionJson::from),
            responds_to: document
                .responds_to
                .as_ref()
                .map(|target| target.path().to_owned()),
        }
    }
}

/// `GET /api/v1/documents`: a page of documents, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentsResponse {
    /// Documents in the index.
    pub total: usize,
    /// Page size.
    pub limit: usize,
    /// Documents skipped.
    pub offset: usize,
    /// This page.
    pub documents: Vec<DocumentJson>,
}

/// `GET /api/v1/documents/{id}`: a document with all its findings, section by section.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentResponse {
    /// The document.
    pub document: DocumentJson,
    /// Its sections in order, each with its findings; sections without findings are left out.
    pub sections: Vec<SectionJson>,
}

impl DocumentResponse {
    /// A document as the API gives it; `base_url` makes its findings' permalinks absolute.
    pub fn new(view: &DocumentView, base_url: &str) -> Self {
        Self {
            document: DocumentJson::from(&view.document),
            sections: view
                .sections
                .iter()
                .map(|section| SectionJson {
                    number: section.number,
                    title: section.title.clone(),
                    findings: super::hits(&section.findings, base_url),
                })
                .collect(),
        }
    }
}
