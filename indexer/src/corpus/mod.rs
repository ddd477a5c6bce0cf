//! The knowledge base's data model: documents made of sections (slides, pages, chapters)
//! made of findings (one challenge, observation or proposal each).
//!
//! Values here are *resolved*: a finding knows its own source, areas, date and language,
//! whether they were written on the finding, inherited from its section or from its document.

mod date;
pub mod description;
mod history;
mod language;
mod region;
mod report_background;
mod responds_to;
mod taxonomy;
mod thesaurus;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub(crate) use date::SWEDISH_MONTHS;
pub use date::{Date, InvalidDate};
pub use history::{Action, Addition, Change, FieldChange, InvalidTimestamp, Timestamp};
pub use language::{Language, OtherLanguage};
pub use region::{Place, Region, Regions, UnknownRegion};
pub use report_background::REPORT_BACKGROUND_FILE;
pub(crate) use report_background::load_report_background;
pub use responds_to::{NotAPermalink, RespondsTo, Target};
pub(crate) use taxonomy::is_slug;
pub use taxonomy::{AREAS_FILE, Area, Category, SOURCES_FILE, Source, Taxonomy, TaxonomyError};
pub use thesaurus::{SynonymGroup, THESAURUS_FILE, Thesaurus};

/// Everything read from a corpus folder: its taxonomies and its documents.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Areas and sources.
    pub taxonomy: Taxonomy,
    /// Interchangeable terms for queries.
    pub thesaurus: Thesaurus,
    /// Documents in a stable order (by path).
    pub documents: Vec<Document>,
}

impl Corpus {
    /// Number of findings across all documents.
    pub fn finding_count(&self) -> usize {
        self.documents.iter().map(Document::finding_count).sum()
    }
}

/// One source file of the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Stable slug, unique in the corpus; prefix of its findings' ids.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Meeting or publication date, when known.
    pub date: Option<Date>,
    /// What kind of material this is.
    pub kind: DocumentKind,
    /// Who may read it.
    pub status: Status,
    /// Language of the document as a whole.
    pub language: Language,
    /// What its sections are: slides, pages or chapters.
    pub section_kind: SectionKind,
    /// Path relative to the corpus folder, with `/` separators.
    pub path: String,
    /// Who added it through Hinder, and when; `None` for a file put in place by hand.
    pub added: Option<Addition>,
    /// The county or municipality it comes from, when said.
    pub region: Option<Region>,
    /// The finding, document or area it answers, for feedback.
    pub responds_to: Option<RespondsTo>,
    /// Sections in reading order.
    pub sections: Vec<Section>,
}

impl Document {
    /// Number of findings in all sections.
    pub fn finding_count(&self) -> usize {
        self.sections
            .iter()
            .map(|section| section.findings.len())
            .sum()
    }

    /// Every finding with the section it belongs to, in reading order.
    pub fn findings(&self) -> impl Iterator<Item = (&Section, &Finding)> {
        self.sections.iter().flat_map(|section| {
            section
                .findings
                .iter()
                .map(move |finding| (section, finding))
        })
    }
}

/// A slide, page or chapter: a heading and the findings under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// 1-based position in the document: for a presentation, the slide number.
    pub number: u32,
    /// The heading as written; `None` for text before the first heading or in plain text.
    pub heading: Option<String>,
    /// Findings in reading order.
    pub findings: Vec<Finding>,
}

impl Section {
    /// The heading, or the document's title for a section without one.
    pub fn title<'a>(&'a self, document: &'a Document) -> &'a str {
        self.heading.as_deref().unwrap_or(&document.title)
    }
}

/// One challenge, observation or proposal: the unit that search returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable id: survives rebuilds and other documents being added.
    pub id: String,
    /// 1-based position within its section.
    pub number: u32,
    /// The text, verbatim apart from collapsed whitespace.
    pub text: String,
    /// Source slug.
    pub source: String,
    /// Area slugs, possibly none.
    pub areas: Vec<String>,
    /// True when the areas were assigned by the keyword rules, not set by a person.
    pub areas_auto: bool,
    /// Date, inherited from section or document unless set on the finding.
    pub date: Option<Date>,
    /// Language the finding is analysed in.
    pub language: Language,
    /// True when the section had no body and this finding is its heading, so that
    /// title-only slides ("Diskussion - landsbygd") can still be found.
    pub from_heading: bool,
    /// True for a speaker's note rather than text shown on the slide.
    pub note: bool,
    /// 1-based line in the source file, for messages.
    pub line: usize,
}

/// The kind of material a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Meeting slides.
    Presentation,
    /// Meeting notes.
    Anteckningar,
    /// Working material sent before a meeting.
    Underlag,
    /// A report.
    Rapport,
    /// Written feedback.
    Aterkoppling,
    /// An area description, written by the working group (see [`description`]).
    Omradesbeskrivning,
    /// Anything else.
    #[default]
    Ovrigt,
}

impl DocumentKind {
    /// The slug used in files and the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Presentation => "presentation",
            Self::Anteckningar => "anteckningar",
            Self::Underlag => "underlag",
            Self::Rapport => "rapport",
            Self::Aterkoppling => "aterkoppling",
            Self::Omradesbeskrivning => "omradesbeskrivning",
            Self::Ovrigt => "ovrigt",
        }
    }

    /// Swedish label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Presentation => "Presentation",
            Self::Anteckningar => "Anteckningar",
            Self::Underlag => "Underlag",
            Self::Rapport => "Rapport",
            Self::Aterkoppling => "Återkoppling",
            Self::Omradesbeskrivning => "Områdesbeskrivning",
            Self::Ovrigt => "Övrigt",
        }
    }
}

impl DocumentKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [Self; 7] = [
        Self::Presentation,
        Self::Anteckningar,
        Self::Underlag,
        Self::Rapport,
        Self::Aterkoppling,
        Self::Omradesbeskrivning,
        Self::Ovrigt,
    ];
}

impl std::str::FromStr for DocumentKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.slug() == text)
            .ok_or_else(|| {
                format!(
                    "unknown kind `{text}`: presentation, anteckningar, underlag, rapport, \
                     aterkoppling, omradesbeskrivning or ovrigt"
                )
            })
    }
}

/// What a document's sections are, which decides how a finding is located ("bild 15",
/// "sida 3", "avsnitt 2").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// A presentation's slides.
    Slide,
    /// A PDF's pages.
    Page,
    /// Chapters under headings.
    #[default]
    Section,
}

impl SectionKind {
    /// The slug used in the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Slide => "slide",
            Self::Page => "page",
            Self::Section => "section",
        }
    }

    /// Parses a slug.
    pub fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "slide" => Some(Self::Slide),
            "page" => Some(Self::Page),
            "section" => Some(Self::Section),
            _ => None,
        }
    }

    /// The Swedish word for one section, capitalised (`Bild`, `Sida`, `Avsnitt`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Slide => "Bild",
            Self::Page => "Sida",
            Self::Section => "Avsnitt",
        }
    }
}

/// Who may read a document (see the "Dokumentstatus" slide of the seed presentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Published: anyone.
    Publicerad,
    /// Working material for the group; the default when a document says nothing.
    #[default]
    Arbetsmaterial,
    /// Input for the steering group.
    Styrgruppsunderlag,
}

impl Status {
    /// Whether anyone may read a document of this status, signed in or not.
    pub fn is_published(self) -> bool {
        self == Self::Publicerad
    }
}

impl std::str::FromStr for Status {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        [
            Self::Publicerad,
            Self::Arbetsmaterial,
            Self::Styrgruppsunderlag,
        ]
        .into_iter()
        .find(|status| status.slug() == text)
        .ok_or_else(|| {
            format!("unknown status `{text}`: publicerad, arbetsmaterial or styrgruppsunderlag")
        })
    }
}

impl Status {
    /// The slug used in files and the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Publicerad => "publicerad",
            Self::Arbetsmaterial => "arbetsmaterial",
            Self::Styrgruppsunderlag => "styrgruppsunderlag",
        }
    }
}

/// A path inside the corpus written with `/`, whatever the platform.
pub(crate) fn relative_path(root: &std::path::Path, path: &std::path::Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
