//! The corpus format: Markdown with TOML front matter.
//!
//! ```markdown
//! +++
//! title = "Möte 3 – Arbetsmöte inom Nystartsgruppen"
//! date = 2016-12-02
//! kind = "presentation"
//! status = "publicerad"
//! +++
//!
//! ## Återkoppling från Sörmland
//! <!-- source: sormland; areas: kommunala-processer -->
//!
//! - Mycket tid går till konsumentrådgivning <!-- areas: information-kommunikation -->
//! ```
//!
//! Every heading starts a section; every list item (nested ones too) and every paragraph
//! outside a list is a finding. Text is read as CommonMark, so `1\.` stays the literal text
//! "1.", and HTML other than comments is kept as literal text: the corpus is data, not markup.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::assemble::{Draft, DraftFinding, DraftSection};
use super::attributes::{Attributes, comment_body, parse_comment};
use super::error::{ParseError, ParseErrorKind};
use super::lines::LineIndex;
use super::metadata::split_front_matter;

/// Reads a Markdown document into a draft; `draft.path` and the fallbacks are left to the caller.
pub(crate) fn parse(source: &str) -> Result<Draft, ParseError> {
    let front = split_front_matter(source)?;
    let lines = LineIndex::new(source);
    let mut walker = Walker::default();
    for (event, range) in Parser::new_ext(front.body, Options::ENABLE_FOOTNOTES).into_offset_iter()
    {
        let line = lines.line_of(front.body_offset + range.start);
        walker
            .event(event, line)
            .map_err(|kind| ParseError::new(line, kind))?;
    }
    walker.flush_paragraph()?;
    Ok(Draft {
        meta: front.meta,
        meta_line: 1,
        sections: walker.sections,
        ..Draft::default()
    })
}

/// Text being collected for a heading or finding.
#[derive(Debug)]
struct Buffer {
    text: String,
    line: usize,
    attributes: Attributes,
}

impl Buffer {
    fn new(line: usize) -> Self {
        Self {
            text: String::new(),
            line,
            attributes: Attributes::default(),
        }
    }

    fn push_separator(&mut self) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
    }

    fn add_metadata(&mut self, attributes: Attributes) -> Result<(), ParseErrorKind> {
        self.attributes.merge(attributes)
    }

    /// The collected text with whitespace collapsed, and the attributes; `None` if no text.
    fn finish(self) -> Result<Option<DraftFinding>, ParseError> {
        let text = collapse_whitespace(&self.text);
        if text.is_empty() {
            return if self.attributes.is_empty() {
                Ok(None)
            } else {
                Err(ParseError::new(
                    self.line,
                    ParseErrorKind::MisplacedMetadata,
                ))
            };
        }
        Ok(Some(DraftFinding {
            text,
            line: self.line,
            attributes: self.attributes,
            note: false,
        }))
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Default)]
struct Walker {
    sections: Vec<DraftSection>,
    heading: Option<Buffer>,
    /// Open list items, innermost last.
    items: Vec<Buffer>,
    /// A paragraph, code block or HTML block outside any list item.
    paragraph: Option<Buffer>,
    /// Raw text of an HTML block, which may turn out to be a metadata comment.
    html_block: Option<Buffer>,
    /// Inside a footnote's definition: one that is only a finding's permalink (an area
    /// description's footnote) is a reference, not a finding.
    in_footnote: bool,
}

impl Walker {
    fn event(&mut self, event: Event<'_>, line: usize) -> Result<(), ParseErrorKind> {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush_paragraph().map_err(|e| e.kind)?;
                self.heading = Some(Buffer::new(line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(buffer) = self.heading.take() {
                    self.sections.push(DraftSection {
                        heading: Some(collapse_whitespace(&buffer.text)),
                        line: buffer.line,
                        attributes: buffer.attributes,
                        ..DraftSection::default()
                    });
                }
            }
            Event::Start(Tag::FootnoteDefinition(_)) => {
                self.flush_paragraph().map_err(|e| e.kind)?;
                self.in_footnote = true;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.flush_paragraph().map_err(|e| e.kind)?;
                self.in_footnote = false;
            }
            Event::Start(Tag::Item) => {
                // A nested list starts: the parent item's own text comes first.
                if let Some(parent) = self.items.last_mut() {
                    let parent_text = std::mem::replace(parent, Buffer::new(line));
                    self.push_finding(parent_text).map_err(|e| e.kind)?;
                }
                self.items.push(Buffer::new(line));
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = self.items.pop() {
                    self.push_finding(item).map_err(|e| e.kind)?;
                }
            }
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) => {
                if let Some(item) = self.items.last_mut() {
                    item.push_separator();
                } else if self.paragraph.is_none() {
                    self.paragraph = Some(Buffer::new(line));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock) if self.items.is_empty() => {
                self.flush_paragraph().map_err(|e| e.kind)?;
            }
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(Buffer::new(line)),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(block) = self.html_block.take() {
                    self.html_block_ended(block)?;
                }
            }
            Event::Html(html) => match self.html_block.as_mut() {
                Some(block) => block.text.push_str(&html),
                None => self.push_text(&html, line),
            },
            Event::InlineHtml(html) => self.inline_html(&html, line)?,
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                self.push_text(&text, line);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", line),
            _ => {}
        }
        Ok(())
    }

    /// The buffer that text currently belongs to.
    fn current(&mut self, line: usize) -> &mut Buffer {
        if let Some(heading) = &mut self.heading {
            heading
        } else if let Some(item) = self.items.last_mut() {
            item
        } else {
            self.paragraph.get_or_insert_with(|| Buffer::new(line))
        }
    }

    fn push_text(&mut self, text: &str, line: usize) {
        self.current(line).text.push_str(text);
    }

    fn inline_html(&mut self, html: &str, line: usize) -> Result<(), ParseErrorKind> {
        match parse_comment(html) {
            Some(attributes) => self.current(line).add_metadata(attributes?),
            // Other comments are editors' notes; other HTML is literal text.
            None if comment_body(html).is_some() => Ok(()),
            None => {
                self.push_text(html, line);
                Ok(())
            }
        }
    }

    fn html_block_ended(&mut self, block: Buffer) -> Result<(), ParseErrorKind> {
        match parse_comment(&block.text) {
            Some(attributes) => {
                let attributes = attributes?;
                let section = self
                    .sections
                    .last_mut()
                    .filter(|section| section.findings.is_empty())
                    .ok_or(ParseErrorKind::MisplacedMetadata)?;
                if self.paragraph.is_some() || !self.items.is_empty() {
                    return Err(ParseErrorKind::MisplacedMetadata);
                }
                section.attributes.merge(attributes)
            }
            None if comment_body(&block.text).is_some() => Ok(()),
            None => {
                let line = block.line;
                match self.items.last_mut() {
                    Some(item) => {
                        item.push_separator();
                        item.text.push_str(&block.text);
                        Ok(())
                    }
                    None => self.push_finding(block).map_err(|e| {
                        debug_assert_eq!(e.line, line);
                        e.kind
                    }),
                }
            }
        }
    }

    fn flush_paragraph(&mut self) -> Result<(), ParseError> {
        match self.paragraph.take() {
            Some(paragraph) => self.push_finding(paragraph),
            None => Ok(()),
        }
    }

    fn push_finding(&mut self, buffer: Buffer) -> Result<(), ParseError> {
        let line = buffer.line;
        let Some(finding) = buffer.finish()? else {
            return Ok(());
        };
        if self.in_footnote && crate::corpus::description::is_finding_permalink(&finding.text) {
            return Ok(());
        }
        if self.sections.is_empty() {
            // Text before the first heading forms an untitled section.
            self.sections.push(DraftSection {
                line,
                ..DraftSection::default()
            });
        }
        self.sections
            .last_mut()
            .expect("a section was ensured above")
            .findings
            .push(finding);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(draft: &Draft) -> Vec<(Option<String>, Vec<String>)> {
        draft
            .sections
            .iter()
            .map(|s| {
                (
                    s.heading.clone(),
                    s.findings.iter().map(|f| f.text.clone()).collect(),
                )
            })
            .collect()
    }

    fn owned(heading: Option<&str>, findings: &[&str]) -> (Option<String>, Vec<String>) {
        (
            heading.map(str::to_owned),
            findings.iter().map(|&f| f.to_owned()).collect(),
        )
    }

    #[test]
    fn footnote_marks_leave_the_text_and_permalink_definitions_are_no_findings() {
        let draft = parse(
            "## Utmaningar\n\nKommunerna saknar resurser[^utmaningar-1].\n\n\
             [^utmaningar-1]: /findings/mote-3-ab12\n\n[^2]: En fotnot med text.\n",
        )
        .unwrap();
        assert_eq!(
            texts(&draft),
            vec![owned(
                Some("Utmaningar"),
                &["Kommunerna saknar resurser.", "En fotnot med text."]
            )]
        );
    }

    #[test]
    fn headings_make_sections_and_items_make_findings() {
        let draft = parse(
            "+++\ntitle = \"Möte\"\n+++\n## Agenda\n\n- Välkomna\n- Plan för\n  fortsatt arbete\n\n## Slut\n",
        )
        .unwrap();
        assert_eq!(draft.meta.title.as_deref(), Some("Möte"));
        assert_eq!(
            texts(&draft),
            [
                owned(Some("Agenda"), &["Välkomna", "Plan för fortsatt arbete"]),
                owned(Some("Slut"), &[])
            ]
        );
        assert_eq!(draft.sections[0].line, 4);
        assert_eq!(draft.sections[0].findings[1].line, 7);
    }

    #[test]
    fn nested_items_follow_their_parent() {
        let draft = parse("## A\n- Mycket tid går till konsumentrådgivning\n  - När får jag?\n  - Varför?\n- Sist\n").unwrap();
        assert_eq!(
            texts(&draft),
            [owned(
                Some("A"),
                &[
                    "Mycket tid går till konsumentrådgivning",
                    "När får jag?",
                    "Varför?",
                    "Sist"
                ]
            )]
        );
    }

    #[test]
    fn paragraphs_outside_lists_are_findings_and_escapes_are_literal() {
        let draft = parse(
            "Inledning utan rubrik.\n\n## B\n\n- 1\\. Landsbygd\n\nEtt stycke\nmed två rader.\n",
        )
        .unwrap();
        assert_eq!(
            texts(&draft),
            [
                owned(None, &["Inledning utan rubrik."]),
                owned(Some("B"), &["1. Landsbygd", "Ett stycke med två rader."])
            ]
        );
    }

    #[test]
    fn metadata_comments_attach_to_section_and_finding() {
        let draft = parse(
            "## Sörmland\n<!-- source: sormland; areas: samverkan -->\n\n- Text <!-- areas: fiber, landsbygd -->\n- Utan\n",
        )
        .unwrap();
        let section = &draft.sections[0];
        assert_eq!(section.attributes.source.as_deref(), Some("sormland"));
        assert_eq!(
            section.attributes.areas.as_deref(),
            Some(&["samverkan".to_owned()][..])
        );
        assert_eq!(section.findings[0].text, "Text");
        assert_eq!(
            section.findings[0].attributes.areas.as_deref(),
            Some(&["fiber".to_owned(), "landsbygd".to_owned()][..])
        );
        assert!(section.findings[1].attributes.is_empty());
    }

    #[test]
    fn html_is_kept_as_literal_text() {
        let draft = parse(
            "## X\n- Se <script>alert(1)</script> här <!-- en anteckning -->\n\n<div>block</div>\n",
        )
        .unwrap();
        assert_eq!(
            texts(&draft),
            [owned(
                Some("X"),
                &["Se <script>alert(1)</script> här", "<div>block</div>"]
            )]
        );
    }

    #[test]
    fn misplaced_metadata_is_an_error_with_line() {
        let error = parse("## X\n- Text\n\n<!-- areas: fiber -->\n").unwrap_err();
        assert_eq!(error, ParseError::new(4, ParseErrorKind::MisplacedMetadata));
        let error = parse("## X\n- <!-- areas: fiber -->\n").unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::MisplacedMetadata);
    }

    #[test]
    fn malformed_metadata_points_at_its_line() {
        let error = parse("## X\n\n- Text\n- Mer <!-- areas: fiber; date: igår -->\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 4: invalid date `igår`, expected YYYY-MM-DD"
        );
    }
}
