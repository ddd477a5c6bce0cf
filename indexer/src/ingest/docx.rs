//! Word (`.docx`): headings start sections; every other paragraph, and every list item, is a
//! finding; a table is read row by row, one finding per row with its cells separated by `|`.

use std::collections::HashMap;

use super::extract::{ExtractError, Extracted, ExtractedSection, Paragraph};
use super::ooxml::{Package, collapse};
use super::xml::{Element, Node};
use crate::corpus::SectionKind;

const FORMAT: &str = "docx";
const DOCUMENT: &str = "word/document.xml";
const STYLES: &str = "word/styles.xml";

/// Reads a `.docx` file.
///
/// # Errors
/// When the bytes are not a readable Word document, or it has no text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut package = Package::open(bytes, FORMAT)?;
    let document = package.required_part(DOCUMENT)?;
    let headings = heading_styles(package.part(STYLES)?.as_ref());
    let mut reader = Reader {
        headings,
        sections: Vec::new(),
    };
    if let Some(body) = document.child("body") {
        reader.read_blocks(body);
    }
    let extracted = Extracted {
        title: package.title(),
        section_kind: SectionKind::Section,
        sections: reader.sections,
    };
    if extracted.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(extracted)
}

/// Style ids that are headings: named "heading N" or "Rubrik N", or with an outline level.
fn heading_styles(styles: Option<&Element>) -> HashMap<String, bool> {
    let mut headings = HashMap::new();
    let Some(styles) = styles else {
        return headings;
    };
    for style in styles.elements().filter(|element| element.name == "style") {
        let Some(id) = style.attribute("styleId") else {
            continue;
        };
        let name = style
            .child("name")
            .and_then(|name| name.attribute("val"))
            .unwrap_or(id)
            .to_lowercase();
        let outline = style
            .child("pPr")
            .and_then(|ppr| ppr.child("outlineLvl"))
            .is_some();
        let named = name.starts_with("heading") || name.starts_with("rubrik");
        headings.insert(id.to_owned(), named || outline);
    }
    headings
}

struct Reader {
    headings: HashMap<String, bool>,
    sections: Vec<ExtractedSection>,
}

impl Reader {
    fn read_blocks(&mut self, container: &Element) {
        for block in container.elements() {
            match block.name.as_str() {
                "p" => self.read_paragraph(block),
                "tbl" => self.read_table(block),
                // Content controls and other wrappers hold blocks of their own.
                "sdt" | "sdtContent" | "customXml" | "smartTag" => self.read_blocks(block),
                _ => {}
            }
        }
    }

    fn is_heading(&self, paragraph: &Element) -> bool {
        let Some(properties) = paragraph.child("pPr") else {
            return false;
        };
        let by_style = properties
            .child("pStyle")
            .and_then(|style| style.attribute("val"))
            .is_some_and(|id| {
                self.headings
                    .get(id)
                    .copied()
                    .unwrap_or(id.starts_with("Heading") || id.starts_with("Rubrik"))
            });
        by_style || properties.child("outlineLvl").is_some()
    }

    fn read_paragraph(&mut self, paragraph: &Element) {
        let text = collapse(&paragraph_text(paragraph));
        if text.is_empty() {
            return;
        }
        if self.is_heading(paragraph) {
            let number = u32::try_from(self.sections.len() + 1).unwrap_or(u32::MAX);
            self.sections.push(ExtractedSection {
                number,
                heading: Some(text),
                paragraphs: Vec::new(),
            });
        } else {
            self.current()
                .paragraphs
                .push(Paragraph { text, note: false });
        }
    }

    fn read_table(&mut self, table: &Element) {
        for row in table.elements().filter(|element| element.name == "tr") {
            let cells: Vec<String> = row
                .elements()
                .filter(|element| element.name == "tc")
                .map(|cell| {
                    let paragraphs: Vec<String> = cell
                        .elements()
                        .filter(|element| element.name == "p")
                        .map(|p| collapse(&paragraph_text(p)))
                        .filter(|text| !text.is_empty())
                        .collect();
                    paragraphs.join(" ")
                })
                .filter(|cell| !cell.is_empty())
                .collect();
            if !cells.is_empty() {
                let text = cells.join(" | ");
                self.current()
                    .paragraphs
                    .push(Paragraph { text, note: false });
            }
        }
    }

    /// The section text goes into: the last one, or an untitled first one.
    fn current(&mut self) -> &mut ExtractedSection {
        if self.sections.is_empty() {
            self.sections.push(ExtractedSection {
                number: 1,
                ..ExtractedSection::default()
            });
        }
        self.sections.last_mut().expect("ensured above")
    }
}

/// The visible text of a paragraph: runs, hyperlinks and fields, tabs and breaks as spaces,
/// deleted text and field codes left out.
fn paragraph_text(paragraph: &Element) -> String {
    let mut out = String::new();
    collect(paragraph, &mut out);
    out
}

fn collect(element: &Element, out: &mut String) {
    for node in &element.children {
        let Node::Element(child) = node else { continue };
        match child.name.as_str() {
            "t" => {
                for text in child
                    .children
                    .iter()
                    .filter_map(|n| if let Node::Text(t) = n { Some(t) } else { None })
                {
                    out.push_str(text);
                }
            }
            "tab" | "br" | "cr" => out.push(' '),
            "delText" | "instrText" | "pPr" | "rPr" => {}
            _ => collect(child, out),
        }
    }
}
