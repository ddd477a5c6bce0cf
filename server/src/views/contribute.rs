//! `/lagg-till`: the upload form, the preview of what each file becomes, and what was saved.

use askama::Template;
use indexer::edit::Preview;
use indexer::{Status, Taxonomy};

use super::form::{
    RegionGroup, Selectable, area_choices, kind_choices, region_groups, source_choices,
    status_choices,
};
use crate::links::document_url;
use crate::refusals::left_out;

/// `/lagg-till`: files and what they are.
#[derive(Debug, Template)]
#[template(path = "add.html")]
pub struct AddPage {
    /// Kinds of material, none chosen.
    pub kinds: Vec<Selectable>,
    /// Sources, none chosen.
    pub sources: Vec<Selectable>,
    /// Areas, none ticked.
    pub areas: Vec<Selectable>,
    /// Counties and municipalities.
    pub regions: &'static [RegionGroup],
    /// The chosen region's code: none on a new form.
    pub region: String,
    /// Statuses, for editors; working material chosen.
    pub statuses: Vec<Selectable>,
    /// Whether the member may publish (an editor).
    pub editor: bool,
    /// The largest file, in MB.
    pub max_upload_mb: usize,
    /// Whether this server can add anything (it serves a corpus folder).
    pub enabled: bool,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl AddPage {
    /// The form over a taxonomy.
    pub fn new(taxonomy: &Taxonomy, editor: bool, max_upload_bytes: usize, enabled: bool) -> Self {
        Self {
            kinds: kind_choices(None),
            sources: source_choices(taxonomy, None),
            areas: area_choices(taxonomy, &[]),
            regions: region_groups(),
            region: String::new(),
            statuses: status_choices(Status::Arbetsmaterial),
            editor,
            max_upload_mb: max_upload_bytes / (1024 * 1024),
            enabled,
            error: None,
        }
    }
}

/// `POST /lagg-till`: what each file will become, before anything is saved.
#[derive(Debug, Template)]
#[template(path = "add_preview.html")]
pub struct AddPreviewPage {
    /// The key the files wait under.
    pub key: String,
    /// Each file, previewed or refused.
    pub files: Vec<FilePreview>,
    /// How many can be saved.
    pub savable: usize,
}

/// One file of a preview.
#[derive(Debug)]
pub struct FilePreview {
    /// The name it was sent with.
    pub name: String,
    /// What it will be, or why it cannot be added.
    pub outcome: Result<DocumentPreview, String>,
}

/// What a file will be.
#[derive(Debug)]
pub struct DocumentPreview {
    /// The title.
    pub title: String,
    /// The date in Swedish, or empty.
    pub date: String,
    /// The kind in Swedish.
    pub kind: &'static str,
    /// Who may read it, in Swedish.
    pub readers: &'static str,
    /// Findings in all.
    pub findings: usize,
    /// Its sections with their findings.
    pub sections: Vec<SectionPreview>,
    /// What was left out of the file, and why.
    pub left_out: Vec<String>,
}

/// One slide, page or section of a preview.
#[derive(Debug)]
pub struct SectionPreview {
    /// "Bild 3".
    pub label: String,
    /// Its heading.
    pub title: String,
    /// Its findings' texts, with their areas' labels.
    pub findings: Vec<(String, Vec<String>)>,
}

impl DocumentPreview {
    /// A preview in Swedish.
    pub fn new(preview: &Preview, taxonomy: &Taxonomy) -> Self {
        let document = &preview.document;
        let area_label = |slug: &str| {
            taxonomy
                .area(slug)
                .map_or_else(|| slug.to_owned(), |area| area.label.clone())
        };
        Self {
            title: document.title.clone(),
            date: document
                .date
                .map(|date| date.to_swedish())
                .unwrap_or_default(),
            kind: document.kind.label(),
            readers: if document.status.is_published() {
                "alla (publicerat)"
            } else {
                "arbetsgruppens medlemmar"
            },
            findings: document.finding_count(),
            sections: document
                .sections
                .iter()
                .map(|section| SectionPreview {
                    label: format!("{} {}", document.section_kind.label(), section.number),
                    title: section.title(document).to_owned(),
                    findings: section
                        .findings
                        .iter()
                        .map(|finding| {
                            let areas = finding.areas.iter().map(|area| area_label(area)).collect();
                            (finding.text.clone(), areas)
                        })
                        .collect(),
                })
                .collect(),
            left_out: preview
                .warnings
                .iter()
                .map(|warning| left_out(&warning.kind))
                .collect(),
        }
    }
}

/// `POST /lagg-till/spara`: what was saved, and what was not.
#[derive(Debug, Template)]
#[template(path = "add_done.html")]
pub struct AddDonePage {
    /// Each file, by the name it was sent with.
    pub files: Vec<(String, Result<SavedDocument, String>)>,
}

/// A document saved from the form.
#[derive(Debug)]
pub struct SavedDocument {
    /// Its title.
    pub title: String,
    /// Its page.
    pub url: String,
}

impl SavedDocument {
    /// The saved document with this id and title.
    pub fn new(id: &str, title: &str) -> Self {
        Self {
            title: title.to_owned(),
            url: document_url(id),
        }
    }
}
