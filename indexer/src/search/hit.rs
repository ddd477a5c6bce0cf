//! One finding as a search returns it, read from its stored document.

use tantivy::schema::Value;
use tantivy::{Score, TantivyDocument};

use crate::corpus::{Date, Language, SectionKind};
use crate::schema::Fields;

/// One finding as search returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Stable finding id.
    pub id: String,
    /// Full text.
    pub text: String,
    /// The text (or a window of it) as HTML, matched words in `<mark>`, everything escaped.
    pub snippet: String,
    /// Title of the finding's section (slide).
    pub title: String,
    /// Section (slide) number in the document.
    pub section: u32,
    /// Position within the section.
    pub number: u32,
    /// True when the finding is a title-only section's heading.
    pub from_heading: bool,
    /// True for a speaker's note.
    pub note: bool,
    /// What the finding's section is (slide, page, section).
    pub section_kind: SectionKind,
    /// Area slugs.
    pub areas: Vec<String>,
    /// True when the areas were assigned by the keyword rules, not by a person.
    pub areas_auto: bool,
    /// Source slug.
    pub source: String,
    /// The SCB code of the county, or of the municipality when known.
    pub region: Option<String>,
    /// Date, when known.
    pub date: Option<Date>,
    /// Id of the finding's document.
    pub document_id: String,
    /// Title of the finding's document.
    pub document_title: String,
    /// Language the finding was analysed in.
    pub language: Language,
    /// Relevance score; `None` when sorted by date.
    pub score: Option<f32>,
}

/// A hit from a stored document, without snippet.
pub(crate) fn hit_of(f: &Fields, doc: &TantivyDocument, score: Option<Score>) -> Hit {
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let number = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .and_then(|n| u32::try_from(n).ok())
            .unwrap_or_default()
    };
    let facet_value = |value: tantivy::schema::document::CompactDocValue<'_>| {
        value
            .as_facet()
            .map(|path| path.trim_start_matches('/').to_owned())
    };
    Hit {
        id: text(f.id),
        text: text(f.text),
        snippet: String::new(),
        title: text(f.title),
        section: number(f.section),
        number: number(f.number),
        from_heading: doc
            .get_first(f.from_heading)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        note: doc
            .get_first(f.note)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        areas_auto: doc
            .get_first(f.areas_auto)
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        section_kind: SectionKind::from_slug(&text(f.section_kind)).unwrap_or_default(),
        areas: doc.get_all(f.area).filter_map(facet_value).collect(),
        source: doc
            .get_first(f.source)
            .and_then(facet_value)
            .unwrap_or_default(),
        region: doc
            .get_all(f.region)
            .filter_map(facet_value)
            .max_by_key(String::len),
        date: doc
            .get_first(f.day)
            .and_then(|v| v.as_i64())
            .and_then(Date::from_days),
        document_id: text(f.doc_id),
        document_title: text(f.doc_title),
        language: Language::from_code(&text(f.language)).unwrap_or_default(),
        score,
    }
}
