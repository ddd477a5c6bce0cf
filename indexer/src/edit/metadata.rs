//! What a person chooses about a document: the values a form, the API or `hinder add` may
//! set, each optional.

use super::error::{Error, Result};
use crate::corpus::{Date, DocumentKind, Language, Region, RespondsTo, Status, Taxonomy};

/// The longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 300;

/// Metadata a person chooses for a document; what is `None` is left to the file (its
/// properties, its first heading, its name) and the folder's defaults, as for any file in
/// the corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// The title.
    pub title: Option<String>,
    /// The meeting or publication date.
    pub date: Option<Date>,
    /// What kind of material it is.
    pub kind: Option<DocumentKind>,
    /// Who may read it.
    pub status: Option<Status>,
    /// The source's slug.
    pub source: Option<String>,
    /// Area slugs; `Some(vec![])` means none, not "left to the file".
    pub areas: Option<Vec<String>>,
    /// The language, when detection should not decide.
    pub language: Option<Language>,
    /// The county or municipality it comes from.
    pub region: Option<Region>,
    /// What it answers: a finding's, a document's or an area's permalink path.
    pub responds_to: Option<RespondsTo>,
}

impl Metadata {
    /// Refuses what the corpus reader would refuse, so that a form hears it before anything
    /// is written, in words about the field rather than a sidecar's line.
    ///
    /// # Errors
    /// [`Error::InvalidTitle`], [`Error::UnknownSource`], [`Error::UnknownArea`].
    pub fn check(&self, taxonomy: &Taxonomy) -> Result<()> {
        if let Some(title) = &self.title {
            let length = title.trim().chars().count();
            if length == 0 || length > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
                return Err(Error::InvalidTitle {
                    max: MAX_TITLE_CHARS,
                });
            }
        }
        if let Some(source) = &self.source
            && taxonomy.source(source).is_none()
        {
            return Err(Error::UnknownSource {
                slug: source.clone(),
                known: taxonomy.sources.iter().map(|s| s.slug.clone()).collect(),
            });
        }
        if let Some(area) = self
            .areas
            .iter()
            .flatten()
            .find(|area| taxonomy.area(area).is_none())
        {
            return Err(Error::UnknownArea {
                slug: area.clone(),
                known: taxonomy.areas.iter().map(|a| a.slug.clone()).collect(),
            });
        }
        Ok(())
    }
}
