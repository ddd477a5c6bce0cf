//! `/documents/{id}/andra`: change a document's metadata or withdraw it, and
//! `/tillbakadragna`: what has been withdrawn, for editors to restore.

use askama::Template;
use indexer::edit::Withdrawn;
use indexer::{DocumentKind, DocumentSummary, Status, Taxonomy};

use super::{AreaChoice, FormOption, RegionGroup, Selectable, region_groups};
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
    pub areas: Vec<AreaChoice>,
    /// Counties and municipalities.
    pub regions: Vec<RegionGroup>,
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
        let select = |value: &str, label: &str, selected: bool| Selectable {
            option: FormOption {
                value: value.to_owned(),
                label: label.to_owned(),
            },
            selected,
        };
        Self {
            id: document.id.clone(),
            url: document_url(&document.id),
            title: document.title.clone(),
            date: document.date.map(|d| d.to_string()).unwrap_or_default(),
            kinds: DocumentKind::ALL
                .iter()
                .map(|kind| select(kind.slug(), kind.label(), *kind == document.kind))
                .collect(),
            sources: taxonomy
                .sources
                .iter()
                .map(|s| select(&s.slug, &s.label, s.slug == source))
                .collect(),
            areas: taxonomy
                .areas
                .iter()
                .map(|area| AreaChoice {
                    checked: areas.contains(&area.slug),
                    option: FormOption {
                        value: area.slug.clone(),
                        label: area.label.clone(),
                    },
                })
                .collect(),
            regions: region_groups(),
            region: document
                .region
                .as_ref()
                .map(|r| r.code().to_owned())
                .unwrap_or_default(),
            statuses: [
                (Status::Arbetsmaterial, "Arbetsmaterial (medlemmar)"),
                (Status::Styrgruppsunderlag, "Styrgruppsunderlag (medlemmar)"),
                (Status::Publicerad, "Publicerad (alla)"),
            ]
            .into_iter()
            .map(|(status, label)| select(status.slug(), label, status == document.status))
            .collect(),
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
