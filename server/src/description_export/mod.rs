//! An area description as the working group sends it out: a Word file ([`docx()`]) and a
//! Markdown file ([`markdown()`]), both written from one layout ([`Laid`]) so that they say
//! the same thing with the same footnote numbers.
//!
//! The layout is made where the index is at hand (each footnote's finding is looked up
//! once, through the caller's `find`), and the writers need nothing else. A footnote whose
//! finding is gone stays a footnote that says so: a reader of the file must see that a
//! statement had a source, not a sentence that silently lost it.

mod markdown;
mod word;

use indexer::description::{
    Block, BlockKind, Description, Footnote, Inline, Part, Stage, Version, blocks, footnotes,
};
use indexer::{Date, Hit, Taxonomy};

pub use markdown::markdown;
pub(crate) use markdown::{write_blocks, write_cited, write_definitions, write_parts};
pub use word::docx;
pub(crate) use word::{add_blocks, add_cited, add_parts, with_bullets};

use crate::citation::{Citation, one_line, permalink};

/// A description laid out for a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Laid {
    /// "Områdesbeskrivning: {area}".
    pub title: String,
    /// Status, version and, while a round is out, the deadline for feedback.
    pub status: String,
    /// The parts that have text, in the description's order.
    pub parts: Vec<LaidPart>,
    /// The footnotes in the order their references come: footnote `n` is `notes[n - 1]`,
    /// an index into [`Laid::cited`].
    pub notes: Vec<usize>,
    /// Every finding (or unresolvable footnote) cited, once each, in the order first cited.
    pub cited: Vec<Cited>,
}

/// One part: its heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidPart {
    /// The part's heading, as the group writes it.
    pub heading: &'static str,
    /// Paragraphs, list items and headings, footnotes numbered.
    pub blocks: Vec<LaidBlock>,
}

/// A block whose footnotes have their numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidBlock {
    /// Paragraph, list item or heading.
    pub kind: BlockKind,
    /// Its runs, in order.
    pub pieces: Vec<Piece>,
}

/// A run of a laid-out block.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text, emphasised or not.
    Text {
        /// The words.
        text: String,
        /// Bold.
        strong: bool,
        /// Italic.
        emphasis: bool,
    },
    /// Footnote number `n` (1 for the first).
    Note(usize),
}

/// What a footnote points to.
#[derive(Debug, Clone, PartialEq)]
pub enum Cited {
    /// A finding the index has.
    Found {
        /// Its id.
        id: String,
        /// Its text, on one line.
        quote: String,
        /// Source, document, slide or page, date, in plain text.
        reference: String,
        /// Its permalink.
        url: String,
        /// Its Markdown citation: the quote, the reference and the permalink.
        citation: String,
        /// Its reference and permalink in Markdown, as a footnote says it.
        footnote: String,
    },
    /// A finding the index no longer has (or does not show this reader).
    Gone {
        /// Its id.
        id: String,
    },
    /// A footnote whose definition names no finding (a hand-edited file can have one).
    Unnamed {
        /// Its label as written.
        label: String,
    },
}

impl Cited {
    /// The footnote's words, without the link.
    pub fn note_text(&self) -> String {
        match self {
            Self::Found { reference, .. } => format!("{reference}. "),
            Self::Gone { id } => format!("Fyndet {id} finns inte längre."),
            Self::Unnamed { label } => format!("Fotnoten [^{label}] anger inget fynd."),
        }
    }

    /// The permalink a footnote links, if it has one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::Found { url, .. } => Some(url),
            Self::Gone { .. } | Self::Unnamed { .. } => None,
        }
    }
}

/// What the layout needs besides the description.
#[derive(Debug)]
pub struct Setting<'a> {
    /// The area's label.
    pub area_label: &'a str,
    /// The day whose stage the status line gives.
    pub today: Date,
    /// For references.
    pub taxonomy: &'a Taxonomy,
    /// Scheme and host of permalinks, without a trailing slash.
    pub base_url: &'a str,
}

/// Where a footnote points before it is looked up.
#[derive(PartialEq, Eq)]
enum Key {
    Finding(String),
    Label(String),
}

/// Lays out `version` of `description`, looking each cited finding up once with `find`.
///
/// # Errors
/// What `find` returns.
pub fn lay_out(
    description: &Description,
    version: &Version,
    setting: &Setting<'_>,
    mut find: impl FnMut(&str) -> indexer::Result<Option<Hit>>,
) -> indexer::Result<Laid> {
    let mut keys: Vec<Key> = Vec::new();
    let mut notes = Vec::new();
    let mut parts = Vec::new();
    for part in Part::ALL {
        let text = version.text(part);
        let named = findings_of(text);
        let laid = lay_blocks(text, |label| {
            let key = named
                .iter()
                .find(|note| note.label == label)
                .map_or(Key::Label(label), |note| Key::Finding(note.finding.clone()));
            let index = keys.iter().position(|known| *known == key);
            let index = index.unwrap_or_else(|| {
                keys.push(key);
                keys.len() - 1
            });
            notes.push(index);
            Piece::Note(notes.len())
        });
        if !laid.is_empty() {
            parts.push(LaidPart {
                heading: part.heading(),
                blocks: laid,
            });
        }
    }
    let cited = keys
        .into_iter()
        .map(|key| match key {
            Key::Finding(id) => Ok(match find(&id)? {
                Some(hit) => found(&hit, setting),
                None => Cited::Gone { id },
            }),
            Key::Label(label) => Ok(Cited::Unnamed { label }),
        })
        .collect::<indexer::Result<_>>()?;
    Ok(Laid {
        title: format!("Områdesbeskrivning: {}", setting.area_label),
        status: status(description, version, setting.today),
        parts,
        notes,
        cited,
    })
}

/// Markdown that cites nothing (the final report's background) laid out as blocks; a
/// footnote reference in it stays as written.
pub fn lay_out_text(text: &str) -> Vec<LaidBlock> {
    lay_blocks(text, |label| Piece::Text {
        text: format!("[^{label}]"),
        strong: false,
        emphasis: false,
    })
}

/// `text`'s blocks, each footnote reference made a piece by `note`.
fn lay_blocks(text: &str, mut note: impl FnMut(String) -> Piece) -> Vec<LaidBlock> {
    blocks(text)
        .into_iter()
        .map(|Block { kind, inlines }| LaidBlock {
            kind,
            pieces: inlines
                .into_iter()
                .map(|inline| match inline {
                    Inline::Text {
                        text,
                        strong,
                        emphasis,
                    } => Piece::Text {
                        text,
                        strong,
                        emphasis,
                    },
                    Inline::Footnote(label) => note(label),
                })
                .collect(),
        })
        .collect()
}

/// The findings a part's footnotes name. A hand-edited part whose footnotes do not all
/// resolve (which [`footnotes`] refuses as a whole) is read one definition at a time, so
/// that the others keep their findings.
fn findings_of(text: &str) -> Vec<Footnote> {
    if let Ok(named) = footnotes(text) {
        return named;
    }
    text.lines()
        .filter_map(|line| {
            let label = line.trim_start().strip_prefix("[^")?.split_once("]:")?.0;
            footnotes(&format!("x[^{label}]\n\n{}\n", line.trim_start())).ok()
        })
        .flatten()
        .collect()
}

fn found(hit: &Hit, setting: &Setting<'_>) -> Cited {
    Cited::Found {
        id: hit.id.clone(),
        quote: one_line(&hit.text),
        reference: Citation::reference(hit, setting.taxonomy),
        url: permalink(setting.base_url, &hit.id),
        citation: Citation::new(hit, setting.taxonomy, setting.base_url).markdown,
        footnote: Citation::footnote(hit, setting.taxonomy, setting.base_url),
    }
}

/// "Status: Ute för återkoppling · Version 3, 9 december 2016 · Återkoppling senast
/// 16 december 2016"; an earlier version says which is the current one instead.
fn status(description: &Description, version: &Version, today: Date) -> String {
    let saved = format!(
        "Version {}, {}",
        version.number,
        version.at.date().to_swedish()
    );
    let current = description.current_number();
    if version.number != current {
        let approved = description
            .approvals
            .iter()
            .any(|approval| approval.version == version.number);
        let state = if approved {
            "Godkänd, äldre version"
        } else {
            "Äldre version"
        };
        return format!("Status: {state} (den senaste är version {current}) · {saved}");
    }
    match description.stage(today) {
        // The stage's label names the deadline too; it is said once, at the end.
        Stage::UteForAterkoppling(deadline) => format!(
            "Status: Ute för återkoppling · {saved} · Återkoppling senast {}",
            deadline.to_swedish()
        ),
        stage => format!("Status: {} · {saved}", stage.label()),
    }
}

/// The file name of a download: `omradesbeskrivning-{area}-v{N}.{extension}`.
pub fn file_name(area: &str, version: u32, extension: &str) -> String {
    format!("omradesbeskrivning-{area}-v{version}.{extension}")
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use indexer::description::Round;
    use indexer::{Language, SectionKind, Timestamp};

    use super::*;

    pub(crate) fn hit(id: &str, text: &str) -> Hit {
        Hit {
            id: id.into(),
            text: text.into(),
            snippet: String::new(),
            title: "Utmaningar".into(),
            section: 15,
            number: 1,
            from_heading: false,
            note: false,
            section_kind: SectionKind::Slide,
            areas: vec!["landsbygd".into()],
            areas_auto: false,
            source: "sormland".into(),
            region: None,
            date: "2016-12-02".parse().ok(),
            document_id: "mote-3".into(),
            document_title: "Möte 3".into(),
            language: Language::Swedish,
            score: None,
        }
    }

    pub(crate) fn description() -> Description {
        let version = |number: u32, parts: &[(Part, &str)]| Version {
            number,
            by: "Anna Ek".into(),
            at: "2016-12-09T10:00:00Z".parse::<Timestamp>().unwrap(),
            based_on: number - 1,
            parts: parts
                .iter()
                .map(|(part, text)| (*part, (*text).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        };
        Description {
            area: "landsbygd".into(),
            document: "omradesbeskrivning-landsbygd".into(),
            path: String::new(),
            versions: vec![
                version(1, &[(Part::Beskrivning, "Första texten.")]),
                version(
                    2,
                    &[
                        (
                            Part::Beskrivning,
                            "Kommunerna saknar **resurser**[^1] och *mandat*[^2].\n\n\
                             [^1]: /findings/mote-3-a\n[^2]: /findings/borta-b\n",
                        ),
                        (Part::Fakta, "[^1]: /findings/mote-3-a\n"),
                        (
                            Part::Forslag,
                            "- Öka stödet[^x]\n  - Även på landsbygden[^y] [^q]\n\n\
                             [^x]: /findings/mote-3-a\n[^y]: Se bild 15\n",
                        ),
                    ],
                ),
            ],
            rounds: vec![Round {
                number: 1,
                version: 2,
                deadline: "2016-12-16".parse().unwrap(),
                note: String::new(),
                by: "Anna Ek".into(),
                at: "2016-12-09T11:00:00Z".parse().unwrap(),
            }],
            outcomes: Vec::new(),
            approvals: Vec::new(),
        }
    }

    pub(crate) fn laid(version: u32, today: &str) -> Laid {
        let description = description();
        let taxonomy = indexer::fuzzing::taxonomy();
        let setting = Setting {
            area_label: "Landsbygd",
            today: today.parse().unwrap(),
            taxonomy: &taxonomy,
            base_url: "https://hinder.example",
        };
        lay_out(
            &description,
            description.version(version).unwrap(),
            &setting,
            |id| Ok((id == "mote-3-a").then(|| hit(id, "Resurser saknas i kommunerna"))),
        )
        .unwrap()
    }

    #[test]
    fn footnotes_are_numbered_across_the_parts_and_each_finding_is_cited_once() {
        let laid = laid(2, "2016-12-10");
        assert_eq!(laid.title, "Områdesbeskrivning: Landsbygd");
        let headings: Vec<&str> = laid.parts.iter().map(|part| part.heading).collect();
        // Fakta holds only a definition: no text, no heading.
        assert_eq!(headings, ["Beskrivning", "Förslag på vägar framåt"]);
        assert_eq!(laid.notes, [0, 1, 0, 2]);
        assert_eq!(laid.cited.len(), 3);
        assert!(matches!(&laid.cited[0], Cited::Found { reference, .. }
            if reference == "Sörmland, Möte 3, bild 15, 2 december 2016"));
        assert_eq!(
            laid.cited[1].note_text(),
            "Fyndet borta-b finns inte längre."
        );
        // `[^y]` names no finding: still a footnote (`[^q]` is not one: it is undefined).
        assert_eq!(laid.cited[2], Cited::Unnamed { label: "y".into() });
        let items: Vec<BlockKind> = laid.parts[1].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(items, [BlockKind::Item(0), BlockKind::Item(1)]);
        assert!(laid.parts[0].blocks[0].pieces.contains(&Piece::Text {
            text: "resurser".into(),
            strong: true,
            emphasis: false
        }));
        assert!(laid.parts[0].blocks[0].pieces.contains(&Piece::Note(2)));
    }

    #[test]
    fn the_status_line_says_the_stage_the_version_and_the_deadline() {
        assert_eq!(
            laid(2, "2016-12-10").status,
            "Status: Ute för återkoppling · Version 2, 9 december 2016 · \
             Återkoppling senast 16 december 2016"
        );
        assert_eq!(
            laid(2, "2016-12-17").status,
            "Status: Omarbetas · Version 2, 9 december 2016"
        );
        assert_eq!(
            laid(1, "2016-12-10").status,
            "Status: Äldre version (den senaste är version 2) · Version 1, 9 december 2016"
        );
        assert_eq!(
            file_name("landsbygd", 2, "docx"),
            "omradesbeskrivning-landsbygd-v2.docx"
        );
    }
}
