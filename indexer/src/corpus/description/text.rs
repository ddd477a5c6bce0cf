//! A part's text: Markdown in which a statement carries footnotes to findings, written as
//! people write footnotes in Markdown: `… fiber[^1]` and, anywhere in the part,
//! `[^1]: /findings/{id}`. The footnote names the finding by its id, so it survives edits of
//! the text and rebuilds of the index; which number it shows is decided when the text is
//! laid out ([`blocks`]), in the order the references come.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::corpus::{RespondsTo, Target};

/// A footnote of a part: its label as written, and the finding it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// The label between `[^` and `]`.
    pub label: String,
    /// The finding's id.
    pub finding: String,
}

/// A part's footnotes that cannot be kept as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FootnoteError {
    /// A definition that is not a finding's permalink.
    #[error("footnote [^{label}] must name a finding as /findings/{{id}}, not `{text}`")]
    NotAFinding {
        /// The footnote's label.
        label: String,
        /// What it says.
        text: String,
    },
    /// A reference with no definition.
    #[error("footnote [^{0}] is used but never defined (add `[^{0}]: /findings/{{id}}`)")]
    Undefined(String),
}

/// A run of a laid-out block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text, emphasised or not.
    Text {
        /// The words.
        text: String,
        /// `**strong**`.
        strong: bool,
        /// `*emphasis*`.
        emphasis: bool,
    },
    /// A footnote reference, by its label.
    Footnote(String),
}

/// What kind of block a laid-out block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A list item, at its depth (0 for the outermost list).
    Item(usize),
    /// A heading inside the part, at its level (3 for `###`).
    Heading(u8),
}

/// A block of a part's text, ready to be written out as HTML or Word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Paragraph, list item or heading.
    pub kind: BlockKind,
    /// Its runs, in order.
    pub inlines: Vec<Inline>,
}

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_FOOTNOTES)
}

/// The footnotes a part's text uses, in the order their references first come, each with the
/// finding it names.
///
/// # Errors
/// [`FootnoteError`] for a reference with no definition, or a definition that is not a
/// finding's permalink (`/findings/{id}`, or the whole URL).
pub fn footnotes(markdown: &str) -> Result<Vec<Footnote>, FootnoteError> {
    let mut references: Vec<String> = Vec::new();
    let mut definitions: Vec<(String, String)> = Vec::new();
    let mut defining: Option<(String, String)> = None;
    for event in parser(markdown) {
        match event {
            Event::FootnoteReference(label) if !references.iter().any(|known| *known == *label) => {
                references.push(label.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                defining = Some((label.to_string(), String::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => definitions.extend(defining.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, body)) = defining.as_mut() {
                    body.push_str(&text);
                }
            }
            _ => {}
        }
    }
    // A reference with no definition is plain text to CommonMark: find it in the source.
    let mut undefined = None;
    map_labels(markdown, |label| {
        if undefined.is_none() && !definitions.iter().any(|(defined, _)| defined == label) {
            undefined = Some(label.to_owned());
        }
        None
    });
    if let Some(label) = undefined {
        return Err(FootnoteError::Undefined(label));
    }
    references
        .into_iter()
        .map(|label| {
            let (_, text) = definitions
                .iter()
                .find(|(defined, _)| *defined == label)
                .ok_or_else(|| FootnoteError::Undefined(label.clone()))?;
            let finding = finding_of(text).ok_or_else(|| FootnoteError::NotAFinding {
                label: label.clone(),
                text: text.trim().chars().take(120).collect(),
            })?;
            Ok(Footnote { label, finding })
        })
        .collect()
}

/// The finding a footnote's definition names, if it names one.
fn finding_of(text: &str) -> Option<String> {
    let permalink = RespondsTo::parse(text.trim()).ok()?;
    (permalink.target() == Target::Finding).then(|| permalink.id().to_owned())
}

/// Whether a paragraph's whole text is a finding's permalink: a footnote's definition,
/// which is a reference, not a statement.
pub(crate) fn is_finding_permalink(text: &str) -> bool {
    finding_of(text).is_some()
}

/// A part's text laid out in blocks; footnote definitions are left out (the reference
/// carries them), other HTML is kept as literal text.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut depth = 0usize;
    let mut in_definition = false;
    let (mut strong, mut emphasis) = (0usize, 0usize);
    let push_text = |current: &mut Option<Block>, text: &str, strong: bool, emphasis: bool| {
        let block = current.get_or_insert_with(|| Block {
            kind: BlockKind::Paragraph,
            inlines: Vec::new(),
        });
        match block.inlines.last_mut() {
            Some(Inline::Text {
                text: last,
                strong: s,
                emphasis: e,
            }) if *s == strong && *e == emphasis => last.push_str(text),
            _ => block.inlines.push(Inline::Text {
                text: text.to_owned(),
                strong,
                emphasis,
            }),
        }
    };
    let finish = |current: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(block) = current.take()
            && block.inlines.iter().any(|inline| match inline {
                Inline::Text { text, .. } => !text.trim().is_empty(),
                Inline::Footnote(_) => true,
            })
        {
            blocks.push(block);
        }
    };
    for event in parser(markdown) {
        if in_definition {
            in_definition = !matches!(event, Event::End(TagEnd::FootnoteDefinition));
            continue;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                finish(&mut current, &mut blocks);
                in_definition = true;
            }
            Event::Start(Tag::List(_)) => {
                finish(&mut current, &mut blocks);
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                finish(&mut current, &mut blocks);
                current = Some(Block {
                    kind: BlockKind::Item(depth.saturating_sub(1)),
                    inlines: Vec::new(),
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                finish(&mut current, &mut blocks);
                current = Some(Block {
                    kind: BlockKind::Heading(level as u8),
                    inlines: Vec::new(),
                });
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                finish(&mut current, &mut blocks);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if depth == 0 || matches!(event, Event::End(TagEnd::Item)) =>
            {
                finish(&mut current, &mut blocks);
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                push_text(&mut current, &text, strong > 0, emphasis > 0);
            }
            Event::SoftBreak | Event::HardBreak => {
                push_text(&mut current, " ", strong > 0, emphasis > 0);
            }
            Event::FootnoteReference(label) => current
                .get_or_insert_with(|| Block {
                    kind: BlockKind::Paragraph,
                    inlines: Vec::new(),
                })
                .inlines
                .push(Inline::Footnote(label.to_string())),
            _ => {}
        }
    }
    finish(&mut current, &mut blocks);
    blocks
}

/// The text of a part with every footnote label given a prefix, so that the six parts'
/// labels stay apart in the one Markdown file that holds them (`[^1]` of Utmaningar is
/// written `[^utmaningar-1]`). [`strip_label_prefix`] undoes it.
pub(crate) fn prefix_labels(markdown: &str, prefix: &str) -> String {
    map_labels(markdown, |label| Some(format!("{prefix}-{label}")))
}

/// Undoes [`prefix_labels`]; labels without the prefix stay as they are.
pub(crate) fn strip_label_prefix(markdown: &str, prefix: &str) -> String {
    let start = format!("{prefix}-");
    map_labels(markdown, |label| {
        label
            .strip_prefix(start.as_str())
            .filter(|rest| !rest.is_empty())
            .map(str::to_owned)
    })
}

/// Rewrites every `[^label]` (reference or definition) whose label `rename` maps.
fn map_labels(markdown: &str, mut rename: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(markdown.len() + 32);
    let mut rest = markdown;
    while let Some(start) = rest.find("[^") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(|c: char| c == ']' || c.is_whitespace() || c == '[');
        match end {
            Some(end) if end > 0 && after[end..].starts_with(']') => {
                let label = &after[..end];
                out.push_str("[^");
                out.push_str(&rename(label).unwrap_or_else(|| label.to_owned()));
                out.push(']');
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("[^");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Kommunerna saknar resurser[^1] och **mandat**[^b].\n\n\
                        - Fiber i fokus[^1]\n  - nästlad punkt\n\n\
                        [^1]: /findings/mote-3-ab12\n\
                        [^b]: https://hinder.example/findings/mote-3-cd34\n";

    #[test]
    fn footnotes_name_findings_in_the_order_they_are_used() {
        let notes = footnotes(TEXT).unwrap();
        assert_eq!(
            notes,
            vec![
                Footnote {
                    label: "1".into(),
                    finding: "mote-3-ab12".into()
                },
                Footnote {
                    label: "b".into(),
                    finding: "mote-3-cd34".into()
                },
            ]
        );
    }

    #[test]
    fn a_footnote_must_be_defined_and_name_a_finding() {
        assert_eq!(
            footnotes("Text[^2].\n\n[^1]: /findings/x-1\n"),
            Err(FootnoteError::Undefined("2".into()))
        );
        assert!(matches!(
            footnotes("Text[^1].\n\n[^1]: /documents/mote-3\n"),
            Err(FootnoteError::NotAFinding { .. })
        ));
        assert!(matches!(
            footnotes("Text[^1].\n\n[^1]: Se bild 15\n"),
            Err(FootnoteError::NotAFinding { .. })
        ));
        assert_eq!(footnotes("Ingen fotnot.").unwrap(), vec![]);
    }

    #[test]
    fn blocks_keep_paragraphs_items_emphasis_and_references_and_drop_definitions() {
        let laid_out = blocks(TEXT);
        assert_eq!(laid_out.len(), 3, "{laid_out:?}");
        assert_eq!(laid_out[0].kind, BlockKind::Paragraph);
        assert!(laid_out[0].inlines.contains(&Inline::Footnote("b".into())));
        assert!(laid_out[0].inlines.contains(&Inline::Text {
            text: "mandat".into(),
            strong: true,
            emphasis: false
        }));
        assert_eq!(laid_out[1].kind, BlockKind::Item(0));
        assert_eq!(laid_out[2].kind, BlockKind::Item(1));
        let all: String = format!("{laid_out:?}");
        assert!(!all.contains("/findings/"), "{all}");
        // HTML is text, never markup.
        assert_eq!(
            blocks("<script>x</script> ok")[0].inlines,
            vec![Inline::Text {
                text: "<script>x</script> ok".into(),
                strong: false,
                emphasis: false
            }]
        );
    }

    #[test]
    fn label_prefixes_round_trip() {
        let prefixed = prefix_labels(TEXT, "fakta");
        assert!(prefixed.contains("[^fakta-1]: /findings/"));
        assert!(prefixed.contains("**mandat**[^fakta-b]"));
        assert_eq!(strip_label_prefix(&prefixed, "fakta"), TEXT);
        assert_eq!(prefix_labels("[^ x] [^] a[", "p"), "[^ x] [^] a[");
    }
}
