//! A whole document, section by section, and the list of documents.

use askama::Template;
use indexer::{
    Date, DocumentSummary, DocumentView, Language, LeftOut, LeftOutCause, Page, SectionKind,
    Taxonomy,
};

use super::{HitView, Pagination, swedish_number};
use crate::links::document_url;

/// `/documents/{id}`: a document slide by slide (or page by page), each finding anchored.
#[derive(Debug, Template)]
#[template(path = "document.html")]
pub struct DocumentPage {
    /// Title.
    pub title: String,
    /// Kind in Swedish.
    pub kind: &'static str,
    /// Members-only material says so: its status in Swedish.
    pub restricted: Option<&'static str>,
    /// Date in Swedish, or empty.
    pub date: String,
    /// Date as `YYYY-MM-DD`, or empty.
    pub date_iso: String,
    /// "bilder", "sidor" or "avsnitt".
    pub section_noun: &'static str,
    /// Number of findings.
    pub findings: usize,
    /// The document's language in Swedish when it is not Swedish, else empty.
    pub language_name: &'static str,
    /// Its `lang` code when it is not Swedish, else empty.
    pub lang: &'static str,
    /// Its sections.
    pub sections: Vec<SectionPart>,
    /// The same document in the API.
    pub api_url: String,
    /// Its county or municipality, or empty.
    pub region: String,
    /// Who added it through Hinder and when ("anna, 5 december 2026"), or empty: shown to
    /// members.
    pub added: String,
    /// What it answers, as a link path, when it is feedback on something.
    pub answers: Option<String>,
    /// For feedback on an area description: what the secretariat made of it
    /// ("Inarbetad", "Ej inarbetad: …"), so that its author sees it.
    pub outcome: Option<String>,
    /// Feedback that answers it or its findings, newest first.
    pub responses: Vec<super::ResponseView>,
    /// The feedback form on this document.
    pub feedback_url: String,
    /// Its page for changing metadata or withdrawing it, for those who may.
    pub edit_url: Option<String>,
}

/// A section of a document page.
#[derive(Debug)]
pub struct SectionPart {
    /// Fragment id: `bild-15`, `sida-3`, `avsnitt-2`.
    pub anchor: String,
    /// "Bild 15".
    pub label: String,
    /// Its title.
    pub title: String,
    /// Its findings.
    pub findings: Vec<MarkedHit>,
}

/// A finding on a document page, marked when the link asked for it.
#[derive(Debug)]
pub struct MarkedHit {
    /// The finding.
    pub hit: HitView,
    /// Whether it is the finding the reader came from.
    pub marked: bool,
}

impl DocumentPage {
    /// The page of a document; `marked` is the id of a finding to mark.
    pub fn new(view: &DocumentView, marked: Option<&str>, taxonomy: &Taxonomy) -> Self {
        let document = &view.document;
        let kind = document.section_kind;
        Self {
            title: document.title.clone(),
            kind: document.kind.label(),
            restricted: super::restricted(document.status),
            date: document.date.map(Date::to_swedish).unwrap_or_default(),
            date_iso: document.date.map(|d| d.to_string()).unwrap_or_default(),
            section_noun: match kind {
                SectionKind::Slide => "bilder",
                SectionKind::Page => "sidor",
                SectionKind::Section => "avsnitt",
            },
            findings: document.findings,
            language_name: super::foreign(document.language).map_or("", Language::swedish_name),
            lang: super::foreign(document.language).map_or("", Language::code),
            sections: view
                .sections
                .iter()
                .map(|section| SectionPart {
                    anchor: format!("{}-{}", kind.label().to_lowercase(), section.number),
                    label: format!("{} {}", kind.label(), section.number),
                    title: section.title.clone(),
                    findings: section
                        .findings
                        .iter()
                        .map(|hit| MarkedHit {
                            marked: marked == Some(hit.id.as_str()),
                            hit: HitView::new(hit, taxonomy),
                        })
                        .collect(),
                })
                .collect(),
            api_url: format!("/api/v1{}", document_url(&document.id)),
            region: document
                .region
                .as_ref()
                .map(indexer::Region::label)
                .unwrap_or_default(),
            added: document
                .added
                .as_ref()
                .map(|added| format!("{}, {}", added.by, added.at.date().to_swedish()))
                .unwrap_or_default(),
            answers: document
                .responds_to
                .as_ref()
                .map(|target| target.path().to_owned()),
            outcome: None,
            responses: Vec::new(),
            feedback_url: super::feedback_url(&document_url(&document.id)),
            edit_url: None,
        }
    }
}

/// `/documents`: every document, newest first.
#[derive(Debug, Template)]
#[template(path = "documents.html")]
pub struct DocumentsPage {
    /// One line on what is shown.
    pub summary: String,
    /// Rank of the first document on this page.
    pub first_rank: usize,
    /// This page of documents.
    pub documents: Vec<DocumentItem>,
    /// Paging links.
    pub pages: Pagination,
    /// Corpus files the index left out, and why (members only: the public index lists none).
    pub left_out: Vec<LeftOutItem>,
}

/// A corpus file the index left out, as members read it.
#[derive(Debug)]
pub struct LeftOutItem {
    /// Path inside the corpus folder.
    pub path: String,
    /// What is wrong, in Swedish, and what to do.
    pub explanation: String,
    /// The reason as `hinder check` gives it, for whoever fixes the file.
    pub reason: String,
}

impl LeftOutItem {
    /// A left-out file with its explanation.
    pub fn new(left_out: &LeftOut) -> Self {
        let explanation = match &left_out.cause {
            LeftOutCause::UnknownArea(slug) => format!(
                "Området ”{slug}” finns inte i areas.toml. Rätta områdets namn i filen, eller lägg till området i areas.toml."
            ),
            LeftOutCause::UnknownSource(slug) => format!(
                "Källan ”{slug}” finns inte i sources.toml. Rätta källans namn i filen, eller lägg till källan i sources.toml."
            ),
            LeftOutCause::TakenId(id) => {
                format!("Id:t ”{id}” används redan av en annan fil. Ge filen ett eget id.")
            }
            LeftOutCause::Unreadable => "Filen kunde inte läsas som ett dokument.".to_owned(),
        };
        Self {
            path: left_out.path.clone(),
            explanation,
            reason: left_out.reason.clone(),
        }
    }
}

/// A document in a list.
#[derive(Debug)]
pub struct DocumentItem {
    /// Its page.
    pub url: String,
    /// Title.
    pub title: String,
    /// Kind in Swedish.
    pub kind: &'static str,
    /// Date in Swedish, or empty.
    pub date: String,
    /// Date as `YYYY-MM-DD`, or empty.
    pub date_iso: String,
    /// Number of findings.
    pub findings: usize,
}

impl DocumentItem {
    /// A document as lists show it.
    pub fn new(document: &DocumentSummary) -> Self {
        Self {
            url: document_url(&document.id),
            title: document.title.clone(),
            kind: document.kind.label(),
            date: document.date.map(Date::to_swedish).unwrap_or_default(),
            date_iso: document.date.map(|d| d.to_string()).unwrap_or_default(),
            findings: document.findings,
        }
    }
}

impl DocumentsPage {
    /// One page of the documents, which are already in the order to show.
    pub fn new(documents: &[&DocumentSummary], page: Page, left_out: &[LeftOut]) -> Self {
        let total = documents.len();
        Self {
            summary: match total {
                0 => "Indexet har inga dokument ännu.".to_owned(),
                1 => "1 dokument, nyast först.".to_owned(),
                _ => format!("{} dokument, nyast först.", swedish_number(total)),
            },
            first_rank: page.offset + 1,
            documents: page
                .of(documents)
                .iter()
                .map(|document| DocumentItem::new(document))
                .collect(),
            pages: Pagination::new(page, total, |number| format!("/documents?page={number}")),
            left_out: left_out.iter().map(LeftOutItem::new).collect(),
        }
    }
}
