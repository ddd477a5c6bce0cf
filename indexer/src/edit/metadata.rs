//! What a person chooses about a document: the values a form, the API or `hinder add` may
//! set, each optional.

use crate::corpus::{Date, DocumentKind, Language, Status};

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
}
