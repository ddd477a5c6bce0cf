//! `/documents/{id}/andra`: change a document's metadata or withdraw it, and
//! `/tillbakadragna`: what has been withdrawn, for editors to restore.

use askama::Template;
use indexer::edit::Withdrawn;
use indexer::{DocumentSummary, Taxonomy};

use super::form::{
    RegionGroup, Selectable, area_choices, kind_choices, region_groups, source_choices,
    status_choices,
};
use crate::links::document_url;

/// The metadata form of one document.
#[derive(Debug, Template)]
#[template(path = "edit.html")]
pub struct EditPage {
    /// The document's id.
    pub id: String,
    /// Its page.
    pub url: String,
    /// Its title, as the form's value.
    pub title: String,
    /// Its date, `YYYY-MM-DD` or empty.
    pub date: String,
    /// Kinds, the document's chosen.
    pub kinds: Vec<Selectable>,
    /// Sources, the document's chosen.
    pub sources: Vec<Selectable>,
    /// Areas, the document's ticked.
    pub areas: Vec<Selectable>,
    /// Counties and municipalities.
    pub regions: &'static [RegionGroup],
    /// Its region's code, or empty.
    pub region: String,
    /// Statuses, the document's chosen: editors only.
    pub statuses: Vec<Selectable>,
    /// Whether the person is an editor.
    pub editor: bool,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl EditPage {
    /// The form over a document's current metadata; `areas` are its findings' areas as
    /// the document sets them (none when left to the keyword rules).
    pub fn new(
        document: &DocumentSummary,
        source: &str,
        areas: &[String],
        taxonomy: &Taxonomy,
        editor: bool,
    ) -> Self {
        Self {
            id: document.id.clone(),
            url: document_url(&document.id),
            title: document.title.clone(),
            date: document.date.map(|d| d.to_string()).unwrap_or_default(),
            kinds: kind_choices(Some(document.kind)),
            sources: source_choices(taxonomy, Some(source)),
            areas: area_choices(taxonomy, areas),
            regions: region_groups(),
            region: document
                .region
                .as_ref()
                .map(|r| r.code().to_owned())
                .unwrap_or_default(),
            statuses: status_choices(document.status),
            editor,
            error: None,
        }
    }
}

/// `/tillbakadragna`: withdrawn documents, for editors.
#[derive(Debug, Template)]
#[template(path = "withdrawn.html")]
pub struct WithdrawnPage {
    /// Each withdrawn document.
    pub documents: Vec<WithdrawnView>,
}

/// One withdrawn document.
#[derive(Debug)]
pub struct WithdrawnView {
    /// Its id, sent to restore it.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who withdrew it, when and why, in Swedish; empty when its history does not say.
    pub withdrawal: String,
}

impl WithdrawnPage {
    /// The page over the editor's list.
    pub fn new(withdrawn: &[Withdrawn]) -> Self {
        Self {
            documents: withdrawn
                .iter()
                .map(|document| WithdrawnView {
                    id: document.id.clone(),
                    title: document.title.clone(),
                    withdrawal: document
                        .withdrawal
                        .as_ref()
                        .map(|change| {
                            let mut said = format!(
                                "Dragen tillbaka av {} {}",
                                change.by,
                                change.at.date().to_swedish()
                            );
                            if let Some(reason) = &change.reason {
                                said.push_str(&format!(": {reason}"));
                            }
                            said
                        })
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}
