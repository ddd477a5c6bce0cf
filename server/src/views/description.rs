//! `/omraden/{slug}/beskrivning`: an area description part by part, footnotes opening to
//! their findings, the feedback on each part with what became of it, and beside each part
//! the area's findings that fit it and are not cited yet; and its editing form.

use askama::Template;
use indexer::description::{Block, BlockKind, Inline, Part, Stage};
use indexer::{Date, Taxonomy};

use super::feedback_url;
use crate::citation::Citation;
use crate::links::{document_url, finding_url};
use crate::resolved::{FeedbackOn, Resolved, ResolvedPart};

/// A block of a part, as HTML.
#[derive(Debug)]
pub struct BlockView {
    /// `p`, `li` or `h3`.
    pub tag: &'static str,
    /// How deep a list item sits (0 outermost).
    pub depth: usize,
    /// The text, escaped, with footnote marks.
    pub html: String,
}

/// A piece of feedback as a line of the page.
#[derive(Debug)]
pub struct FeedbackView {
    /// Its document's id (for the editor's form).
    pub id: String,
    /// Its page.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Who wrote it and when, as far as known.
    pub meta: String,
    /// "Omgång 1", or empty.
    pub round: String,
    /// Written after the deadline.
    pub late: bool,
    /// "Inarbetad", "Ej inarbetad: …", or empty while undecided.
    pub outcome: String,
}

/// A finding that fits a part.
#[derive(Debug)]
pub struct SuggestionView {
    /// Its id.
    pub id: String,
    /// Its page.
    pub url: String,
    /// Its text.
    pub text: String,
    /// Why it fits, in Swedish.
    pub reason: String,
}

/// One part as the page shows it.
#[derive(Debug)]
pub struct PartView {
    /// Slug (the anchor).
    pub slug: &'static str,
    /// Heading.
    pub heading: &'static str,
    /// Its text.
    pub blocks: Vec<BlockView>,
    /// The questions the group reviews it by.
    pub questions: &'static [&'static str],
    /// `/aterkoppling?responds_to=…` for this part.
    pub feedback_url: String,
    /// Feedback on it.
    pub feedback: Vec<FeedbackView>,
    /// Findings that fit it and are not cited.
    pub suggestions: Vec<SuggestionView>,
}

/// A footnote at the foot of the page.
#[derive(Debug)]
pub struct FootnoteView {
    /// Its number.
    pub number: usize,
    /// The quote, `None` when the finding no longer exists.
    pub quote: Option<String>,
    /// Where it comes from.
    pub reference: String,
    /// The finding's page.
    pub url: String,
    /// The finding's id.
    pub finding: String,
}

/// A version in the list of versions.
#[derive(Debug)]
pub struct VersionLink {
    /// Its number.
    pub number: u32,
    /// "Anna Ek, 9 december 2016".
    pub meta: String,
    /// Whether it is the one shown.
    pub shown: bool,
}

/// `/omraden/{slug}/beskrivning`.
#[derive(Debug, Template)]
#[template(path = "description.html")]
pub struct DescriptionPage {
    /// The area's slug.
    pub slug: String,
    /// The area's label.
    pub label: String,
    /// Whether the area has a description at all.
    pub exists: bool,
    /// The status as the page says it.
    pub status: String,
    /// "Återkoppling senast 16 december 2016" while a round is out.
    pub deadline: Option<String>,
    /// The round's note.
    pub note: String,
    /// The version shown.
    pub version: u32,
    /// The current version.
    pub current: u32,
    /// Every version.
    pub versions: Vec<VersionLink>,
    /// The six parts (those with text, or all for editors).
    pub parts: Vec<PartView>,
    /// Every footnote.
    pub footnotes: Vec<FootnoteView>,
    /// Feedback on the description as a whole.
    pub feedback: Vec<FeedbackView>,
    /// Feedback not yet decided.
    pub unanswered: usize,
    /// Signed in: sees feedback and may write it.
    pub member: bool,
    /// May edit, send out, decide and approve.
    pub editor: bool,
    /// Today, `YYYY-MM-DD` (the deadline field's least value).
    pub today: String,
    /// The description's document, when the index has it.
    pub document_url: Option<String>,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl DescriptionPage {
    /// An area with no description yet.
    pub fn missing(slug: &str, label: &str, member: bool, editor: bool) -> Self {
        Self {
            slug: slug.to_owned(),
            label: label.to_owned(),
            exists: false,
            status: Stage::Utkast.label(),
            deadline: None,
            note: String::new(),
            version: 0,
            current: 0,
            versions: Vec::new(),
            parts: Vec::new(),
            footnotes: Vec::new(),
            feedback: Vec::new(),
            unanswered: 0,
            member,
            editor,
            today: Date::today().to_string(),
            document_url: None,
            error: None,
        }
    }

    /// The page of a resolved description.
    pub fn new(resolved: &Resolved, taxonomy: &Taxonomy, member: bool, editor: bool) -> Self {
        let deadline = match resolved.stage {
            Stage::UteForAterkoppling(deadline) => {
                Some(format!("Återkoppling senast {}", deadline.to_swedish()))
            }
            _ => None,
        };
        let parts = resolved
            .parts
            .iter()
            .filter(|part| {
                editor || !part.blocks.is_empty() || (member && !part.feedback.is_empty())
            })
            .map(|part| part_view(&resolved.area, part, member))
            .collect();
        Self {
            slug: resolved.area.clone(),
            label: resolved.label.clone(),
            exists: true,
            status: resolved.stage.label(),
            note: resolved
                .round
                .as_ref()
                .filter(|_| deadline.is_some())
                .map(|round| round.note.clone())
                .unwrap_or_default(),
            deadline,
            version: resolved.version.number,
            current: resolved.description.current_number(),
            versions: resolved
                .description
                .versions
                .iter()
                .rev()
                .map(|version| VersionLink {
                    number: version.number,
                    meta: who_when(&version.by, version.at.date()),
                    shown: version.number == resolved.version.number,
                })
                .collect(),
            parts,
            footnotes: resolved
                .footnotes
                .iter()
                .map(|note| FootnoteView {
                    number: note.number,
                    quote: note.hit.as_ref().map(|hit| hit.text.clone()),
                    reference: note
                        .hit
                        .as_ref()
                        .map(|hit| Citation::reference(hit, taxonomy))
                        .unwrap_or_default(),
                    url: finding_url(&note.finding),
                    finding: note.finding.clone(),
                })
                .collect(),
            feedback: if member {
                resolved.feedback.iter().map(feedback_view).collect()
            } else {
                Vec::new()
            },
            unanswered: resolved.unanswered(),
            member,
            editor,
            today: Date::today().to_string(),
            document_url: resolved.document.as_ref().map(|d| document_url(&d.id)),
            error: None,
        }
    }
}

fn who_when(by: &str, day: Date) -> String {
    if by.is_empty() {
        day.to_swedish()
    } else {
        format!("{by}, {}", day.to_swedish())
    }
}

fn part_view(area: &str, part: &ResolvedPart, member: bool) -> PartView {
    PartView {
        slug: part.part.slug(),
        heading: part.part.heading(),
        blocks: part
            .blocks
            .iter()
            .map(|block| block_view(block, &part.footnotes))
            .collect(),
        questions: part.part.questions(),
        feedback_url: feedback_url(crate::resolved::part_target(area, part.part).path()),
        feedback: if member {
            part.feedback.iter().map(feedback_view).collect()
        } else {
            Vec::new()
        },
        suggestions: if member {
            part.suggestions
                .iter()
                .map(|suggestion| SuggestionView {
                    id: suggestion.hit.id.clone(),
                    url: finding_url(&suggestion.hit.id),
                    text: suggestion.hit.text.clone(),
                    reason: suggestion.fit.reason.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// A block as escaped HTML, each footnote reference a numbered link to its footnote.
fn block_view(block: &Block, labels: &[(String, usize)]) -> BlockView {
    let mut html = String::new();
    for inline in &block.inlines {
        match inline {
            Inline::Text {
                text,
                strong,
                emphasis,
            } => {
                let escaped = html_escape::encode_text(text);
                match (strong, emphasis) {
                    (true, true) => html.push_str(&format!("<strong><em>{escaped}</em></strong>")),
                    (true, false) => html.push_str(&format!("<strong>{escaped}</strong>")),
                    (false, true) => html.push_str(&format!("<em>{escaped}</em>")),
                    (false, false) => html.push_str(&escaped),
                }
            }
            Inline::Footnote(label) => {
                if let Some((_, number)) = labels.iter().find(|(known, _)| known == label) {
                    html.push_str(&format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fotnot-{number}\" \
                         id=\"fotnotsref-{number}\" aria-label=\"Fotnot {number}\">{number}</a></sup>"
                    ));
                }
            }
        }
    }
    let (tag, depth) = match block.kind {
        BlockKind::Paragraph => ("p", 0),
        BlockKind::Item(depth) => ("li", depth),
        BlockKind::Heading(_) => ("h3", 0),
    };
    BlockView { tag, depth, html }
}

fn feedback_view(feedback: &FeedbackOn) -> FeedbackView {
    let document = &feedback.document;
    let meta = match (&document.added, document.date) {
        (Some(added), _) => who_when(&added.by, added.at.date()),
        (None, Some(date)) => date.to_swedish(),
        (None, None) => String::new(),
    };
    FeedbackView {
        id: document.id.clone(),
        url: document_url(&document.id),
        title: document.title.clone(),
        meta,
        round: feedback
            .round
            .map(|round| format!("Omgång {round}"))
            .unwrap_or_default(),
        late: feedback.late,
        outcome: feedback
            .outcome
            .as_ref()
            .map(crate::resolved::outcome_text)
            .unwrap_or_default(),
    }
}

/// A part in the editing form.
#[derive(Debug)]
pub struct PartField {
    /// Slug (the field's name).
    pub slug: &'static str,
    /// Heading (the label).
    pub heading: &'static str,
    /// The text.
    pub text: String,
}

/// `/omraden/{slug}/beskrivning/andra`: the six parts' Markdown, saved as a new version.
#[derive(Debug, Template)]
#[template(path = "description_edit.html")]
pub struct DescriptionEditPage {
    /// The area's slug.
    pub slug: String,
    /// The area's label.
    pub label: String,
    /// The version the text was read from.
    pub version: u32,
    /// The six parts.
    pub parts: Vec<PartField>,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl DescriptionEditPage {
    /// The form over `texts` (by part), read from version `version`.
    pub fn new(slug: &str, label: &str, version: u32, text: impl Fn(Part) -> String) -> Self {
        Self {
            slug: slug.to_owned(),
            label: label.to_owned(),
            version,
            parts: Part::ALL
                .into_iter()
                .map(|part| PartField {
                    slug: part.slug(),
                    heading: part.heading(),
                    text: text(part),
                })
                .collect(),
            error: None,
        }
    }
}
