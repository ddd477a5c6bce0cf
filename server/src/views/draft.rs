//! `/utkast`: the draft assistant. The text and the chosen findings live in the URL, so a
//! draft in progress can be bookmarked and shared and the server keeps nothing.

use askama::Template;
use indexer::{MAX_TEXT_CHARS, Taxonomy};

use super::{HitView, Pagination, swedish_number};
use crate::assistant::Assisted;
use crate::draft::{best_sentence, sentences};

/// The draft assistant's page.
#[derive(Debug, Template)]
#[template(path = "draft.html")]
pub struct DraftPage {
    /// The pasted text.
    pub text: String,
    /// Longest text accepted, in characters.
    pub max_chars: usize,
    /// A problem with the request, in Swedish, shown above the form.
    pub error: Option<String>,
    /// One line on the suggestions.
    pub summary: String,
    /// Findings related to the text, ranked.
    pub related: Vec<DraftHit>,
    /// Rank of the first suggestion on this page.
    pub first_rank: usize,
    /// Paging links of the suggestions.
    pub pages: Pagination,
    /// The chosen findings, numbered as the draft cites them.
    pub chosen: Vec<ChosenView>,
    /// Chosen ids that name no finding any more.
    pub missing: Vec<String>,
    /// The Markdown draft, empty when nothing is chosen.
    pub markdown: String,
    /// The same draft as HTML, copied as rich text beside the Markdown.
    pub html: String,
    /// This draft's address, to bookmark or share.
    pub share_url: String,
    /// The draft as a Markdown file.
    pub download_url: String,
    /// The draft as a Word document.
    pub word_url: String,
}

/// A suggested finding and why it matched.
#[derive(Debug)]
pub struct DraftHit {
    /// The finding.
    pub hit: HitView,
    /// Shared words, as the finding writes them.
    pub shared: String,
    /// The sentence of the text it goes with, or empty.
    pub sentence: String,
    /// Whether it is already chosen.
    pub chosen: bool,
}

/// A chosen finding.
#[derive(Debug)]
pub struct ChosenView {
    /// Its footnote number.
    pub number: usize,
    /// The finding.
    pub hit: HitView,
}

impl DraftPage {
    /// The page before anything was asked, or when the request could not be read: the text
    /// is kept so that nothing the user wrote is lost.
    pub fn empty(text: String, error: Option<String>) -> Self {
        Self {
            text,
            max_chars: MAX_TEXT_CHARS,
            error,
            summary: String::new(),
            related: Vec::new(),
            first_rank: 1,
            pages: Pagination::default(),
            chosen: Vec::new(),
            missing: Vec::new(),
            markdown: String::new(),
            html: String::new(),
            share_url: "/utkast".to_owned(),
            download_url: String::new(),
            word_url: String::new(),
        }
    }

    /// The page for what the assistant found.
    pub fn new(assisted: &Assisted, taxonomy: &Taxonomy) -> Self {
        let chosen_ids: Vec<&str> = assisted
            .chosen
            .iter()
            .map(|(hit, _)| hit.id.as_str())
            .collect();
        let state = |page: Option<usize>| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            if !assisted.text.trim().is_empty() {
                query.append_pair("text", &assisted.text);
            }
            for id in &chosen_ids {
                query.append_pair("ids", id);
            }
            if let Some(page) = page.filter(|&page| page > 1) {
                query.append_pair("page", &page.to_string());
            }
            query.finish()
        };
        let all_sentences = sentences(&assisted.text);
        let results = &assisted.results;
        Self {
            text: assisted.text.clone(),
            max_chars: MAX_TEXT_CHARS,
            error: None,
            summary: if assisted.text.trim().is_empty() {
                String::new()
            } else {
                match results.total {
                    0 => "Inga fynd delar ord som säger något med texten. Prova ett längre stycke eller andra ord."
                        .to_owned(),
                    1 => "1 fynd delar ord med texten.".to_owned(),
                    total => format!(
                        "{} fynd delar ord med texten, de som delar de mest betydelsebärande orden först.",
                        swedish_number(total)
                    ),
                }
            },
            related: results
                .hits
                .iter()
                .map(|related| DraftHit {
                    hit: HitView::new(&related.hit, taxonomy),
                    shared: related.shared.join(", "),
                    sentence: best_sentence(&all_sentences, &related.matched)
                        .unwrap_or_default()
                        .to_owned(),
                    chosen: chosen_ids.contains(&related.hit.id.as_str()),
                })
                .collect(),
            first_rank: assisted.page.offset + 1,
            pages: Pagination::new(assisted.page, results.total, |page| {
                format!("/utkast?{}", state(Some(page)))
            }),
            chosen: assisted
                .chosen
                .iter()
                .enumerate()
                .map(|(index, (hit, _))| ChosenView {
                    number: index + 1,
                    hit: HitView::new(hit, taxonomy),
                })
                .collect(),
            missing: assisted.missing.clone(),
            markdown: assisted.markdown.clone().unwrap_or_default(),
            // Only the page copies the draft as rich text: written here, not for every caller.
            html: if assisted.chosen.is_empty() {
                String::new()
            } else {
                crate::draft::html(
                    &assisted.text,
                    &assisted.chosen_findings(),
                    taxonomy,
                    &assisted.base_url,
                )
            },
            share_url: format!("/utkast?{}", state(None)),
            download_url: format!("/utkast.md?{}", state(None)),
            word_url: format!("/utkast.docx?{}", state(None)),
        }
    }
}
