//! askama templates of the web UI and the view models they render. All text a user reads
//! is Swedish; everything from the corpus is escaped by askama, except snippets, which the
//! indexer has already escaped and marked up.

mod accessibility;
pub mod browse;
mod chart;
mod compare;
mod contribute;
mod description;
mod document;
mod draft;
mod editing;
mod feedback;
mod finding;
pub mod form;
mod login;
mod news;
mod overview;
mod search;

use askama::Template;
use indexer::{Date, DocumentSummary, Hit, Language, Taxonomy};

use crate::links::{document_url, finding_url, in_document_url};
pub use accessibility::AccessibilityPage;
pub use browse::{BrowsePage, CategoriesPage};
pub use compare::ComparePage;
pub use contribute::{
    AddDonePage, AddPage, AddPreviewPage, DocumentPreview, FilePreview, SavedDocument,
    SectionPreview,
};
pub use description::{DescriptionEditPage, DescriptionPage};
pub use document::{DocumentPage, DocumentsPage};
pub use draft::DraftPage;
pub use editing::{EditPage, WithdrawnPage, WithdrawnView};
pub use feedback::{FeedbackPage, ResponseView, TargetView, feedback_url};
pub use finding::FindingPage;
pub use form::{FormOption, Selectable};
pub use login::LoginPage;
pub use news::{AddedView, NewsItem, NewsPage, latest_first};
pub use overview::{DescriptionRow, OverviewPage};
pub use search::{
    BasketView, Choice, FieldErrors, HitContext, SearchHit, SearchPage, WordLink, YearLink,
};

/// Previous/next links.
#[derive(Debug, Default)]
pub struct Pagination {
    /// Current page, 1-based.
    pub page: usize,
    /// Number of pages.
    pub pages: usize,
    /// Link to the previous page.
    pub previous: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

impl Pagination {
    /// Links for a page of `total` items; `url` gives the link of a 1-based page number.
    pub fn new(page: indexer::Page, total: usize, url: impl Fn(usize) -> String) -> Self {
        let current = page.offset / page.limit + 1;
        let pages = total.div_ceil(page.limit).max(1);
        Self {
            page: current,
            pages,
            previous: (current > 1).then(|| url(current - 1)),
            next: (page.offset + page.limit < total).then(|| url(current + 1)),
        }
    }
}

/// A hit as the pages show it.
#[derive(Debug)]
pub struct HitView {
    /// Permalink.
    pub url: String,
    /// Escaped HTML with `<mark>`s, from the indexer.
    pub snippet: String,
    /// Plain text (for pages that show the whole finding).
    pub text: String,
    /// Section (slide) title.
    pub title: String,
    /// Where the finding is: "Bild 15", "Sida 3", "Avsnitt 2".
    pub location: String,
    /// True when the finding is its slide's title, which then need not be repeated.
    pub from_heading: bool,
    /// True for a speaker's note.
    pub note: bool,
    /// Source label.
    pub source: Label,
    /// Area labels.
    pub areas: Vec<Label>,
    /// True when the areas were assigned by keyword rules.
    pub areas_auto: bool,
    /// Date in Swedish, or empty.
    pub date: String,
    /// Date as `YYYY-MM-DD`, or empty, for `<time datetime>`.
    pub date_iso: String,
    /// Document title.
    pub document_title: String,
    /// The document's page.
    pub document_url: String,
    /// The document's page, scrolled to this finding and marking it.
    pub in_document_url: String,
    /// Stable id, also the finding's anchor on its document's page.
    pub id: String,
    /// The finding's language code for `lang` when it is not the page's Swedish, else empty.
    pub lang: &'static str,
    /// The finding's language in Swedish when it is not Swedish, else empty.
    pub language_name: &'static str,
}

/// A related finding as the pages show it: the hit and the words it shares.
#[derive(Debug)]
pub struct RelatedView {
    /// The finding; its snippet marks the shared words.
    pub hit: HitView,
    /// The shared words, as the finding writes them, comma-separated.
    pub shared: String,
}

impl RelatedView {
    /// The view of a related finding.
    pub fn new(related: &indexer::Related, taxonomy: &Taxonomy) -> Self {
        Self {
            hit: HitView::new(&related.hit, taxonomy),
            shared: related.shared.join(", "),
        }
    }
}

/// A slug with its Swedish label and a link to its findings.
#[derive(Debug)]
pub struct Label {
    /// Swedish label.
    pub label: String,
    /// Link to a search filtered on it.
    pub url: String,
}

/// Any error, as a page.
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Short Swedish heading.
    pub heading: &'static str,
    /// Swedish explanation.
    pub message: String,
}

/// The status of members-only material in Swedish, for the notice on its pages; `None`
/// for published material.
fn restricted(status: indexer::Status) -> Option<&'static str> {
    match status {
        indexer::Status::Publicerad => None,
        indexer::Status::Arbetsmaterial => Some("Arbetsmaterial"),
        indexer::Status::Styrgruppsunderlag => Some("Styrgruppsunderlag"),
    }
}

/// The search filtered on one value: `key` is `area` or `source`.
fn filter_url(key: &str, slug: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair(key, slug);
    format!("/?{}", query.finish())
}

/// Thousands separated by a (narrow no-break) space, as Swedish writes numbers.
fn swedish_number(number: usize) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(digit);
    }
    out
}

impl HitView {
    /// A hit with its slugs turned into labels and links.
    pub fn new(hit: &Hit, taxonomy: &Taxonomy) -> Self {
        Self {
            url: finding_url(&hit.id),
            snippet: hit.snippet.clone(),
            text: hit.text.clone(),
            title: hit.title.clone(),
            location: format!("{} {}", hit.section_kind.label(), hit.section),
            from_heading: hit.from_heading,
            lang: foreign(hit.language).map_or("", Language::code),
            language_name: foreign(hit.language).map_or("", Language::swedish_name),
            note: hit.note,
            source: Label {
                label: taxonomy
                    .source(&hit.source)
                    .map_or_else(|| hit.source.clone(), |source| source.label.clone()),
                url: filter_url("source", &hit.source),
            },
            areas: hit
                .areas
                .iter()
                .map(|slug| Label {
                    label: taxonomy
                        .area(slug)
                        .map_or_else(|| slug.clone(), |area| area.label.clone()),
                    url: filter_url("area", slug),
                })
                .collect(),
            areas_auto: hit.areas_auto,
            date: hit.date.map(Date::to_swedish).unwrap_or_default(),
            date_iso: hit.date.map(|d| d.to_string()).unwrap_or_default(),
            document_title: hit.document_title.clone(),
            document_url: document_url(&hit.document_id),
            in_document_url: in_document_url(&hit.document_id, &hit.id),
            id: hit.id.clone(),
        }
    }
}

/// Documents newest first; undated ones last; then by title.
pub fn newest_first(documents: &[DocumentSummary]) -> Vec<&DocumentSummary> {
    let mut sorted: Vec<&DocumentSummary> = documents.iter().collect();
    sorted.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    sorted
}

/// A language other than the UI's Swedish, which pages mark with `lang` and name.
pub(crate) fn foreign(language: Language) -> Option<Language> {
    (language != Language::Swedish).then_some(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(swedish_number(7), "7");
        assert_eq!(swedish_number(1234), "1\u{202f}234");
        assert_eq!(swedish_number(1_020_452), "1\u{202f}020\u{202f}452");
    }
}
