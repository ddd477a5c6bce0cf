//! Word (`.docx`, `.docm`, `.dotx`): headings start sections; every other paragraph, and
//! every list item, is a finding; a table is read row by row, one finding per row with its
//! cells separated by `|`.
//!
//! What Word keeps outside the running text is read too, right after the paragraph that
//! holds it: text boxes, SmartArt nodes, footnotes and endnotes. Content controls are read
//! through, unless they still show their placeholder prompt. Headers and footers repeat on
//! every page and are left out.

use std::collections::HashMap;

use super::extract::{ExtractError, Extracted, ExtractedSection, Paragraph};
use super::ooxml::{Package, Relationship, alternate_content, collapse};
use super::xml::{Element, Node};
use crate::corpus::SectionKind;

const FORMAT: &str = "docx";
const DOCUMENT: &str = "word/document.xml";

/// Reads a `.docx` file.
///
/// # Errors
/// When the bytes are not a readable Word document, or it has no text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut package = Package::open(bytes, FORMAT)?;
    let main_part = package.main_part(DOCUMENT)?;
    let document = package.required_part(&main_part)?;
    let relationships = package.relationships(&main_part)?;
    let part_of = |kind: &str| {
        relationships
            .iter()
            .find(|relationship| relationship.kind == kind)
            .map(|relationship| relationship.target.clone())
    };
    let styles = match part_of("styles") {
        Some(part) => package.part(&part)?,
        None => None,
    };
    let mut notes = HashMap::new();
    for kind in ["footnotes", "endnotes"] {
        if let Some(part) = part_of(kind)
            && let Ok(Some(root)) = package.part(&part)
        {
            notes.insert(kind, note_texts(&root));
        }
    }
    let mut reader = Reader {
        headings: heading_styles(styles.as_ref()),
        notes,
        relationships,
        package,
        sections: Vec::new(),
    };
    if let Some(body) = document.child("body") {
        reader.read_blocks(body);
    }
    let extracted = Extracted {
        title: reader.package.title(),
        section_kind: SectionKind::Section,
        sections: reader.sections,
        ..Extracted::default()
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

/// Footnote or endnote texts by id; the separator notes Word keeps in the same part are
/// not notes.
fn note_texts(root: &Element) -> HashMap<String, Vec<String>> {
    root.elements()
        .filter(|note| matches!(note.name.as_str(), "footnote" | "endnote"))
        .filter(|note| matches!(note.attribute("type"), None | Some("normal")))
        .filter_map(|note| {
            let mut texts = Vec::new();
            let mut found = Found::default();
            for paragraph in note.elements().filter(|element| element.name == "p") {
                let text = collapse(&paragraph_text(paragraph, &mut found));
                if !text.is_empty() {
                    texts.push(text);
                }
            }
            Some((note.attribute("id")?.to_owned(), texts))
        })
        .collect()
}

/// What a paragraph holds besides its running text, read after it.
#[derive(Default)]
struct Found<'a> {
    text_boxes: Vec<&'a Element>,
    diagrams: Vec<String>,
    notes: Vec<(&'static str, String)>,
}

struct Reader<'a> {
    headings: HashMap<String, bool>,
    notes: HashMap<&'static str, HashMap<String, Vec<String>>>,
    relationships: Vec<Relationship>,
    package: Package<'a>,
    sections: Vec<ExtractedSection>,
}

impl Reader<'_> {
    fn read_blocks(&mut self, container: &Element) {
        for block in container.elements() {
            match block.name.as_str() {
                "p" => self.read_paragraph(block),
                "tbl" => self.read_table(block),
                "sdt" if shows_placeholder(block) => {}
                // Content controls and other wrappers hold blocks of their own.
                "sdt" | "sdtContent" | "customXml" | "smartTag" | "ins" | "moveTo" => {
                    self.read_blocks(block);
                }
                "AlternateContent" => {
                    if let Some(content) = alternate_content(block) {
                        self.read_blocks(content);
                    }
                }
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
        let mut found = Found::default();
        let text = collapse(&paragraph_text(paragraph, &mut found));
        if !text.is_empty() {
            if self.is_heading(paragraph) {
                let number = u32::try_from(self.sections.len() + 1).unwrap_or(u32::MAX);
                self.sections.push(ExtractedSection {
                    number,
                    heading: Some(text),
                    paragraphs: Vec::new(),
                });
            } else {
                self.push(text);
            }
        }
        self.read_found(found);
    }

    /// Text boxes, diagrams and notes, in that order, after the paragraph that holds them.
    fn read_found(&mut self, found: Found<'_>) {
        for text_box in found.text_boxes {
            self.read_blocks(text_box);
        }
        for id in found.diagrams {
            let data_part = self
                .relationships
                .iter()
                .find(|relationship| relationship.id == id)
                .map(|relationship| relationship.target.clone());
            if let Some(data_part) = data_part {
                for text in self.package.diagram_paragraphs(&data_part) {
                    self.push(text);
                }
            }
        }
        for (kind, id) in found.notes {
            let texts = self
                .notes
                .get(kind)
                .and_then(|notes| notes.get(&id))
                .cloned()
                .unwrap_or_default();
            for text in texts {
                self.push(text);
            }
        }
    }

    fn read_table(&mut self, table: &Element) {
        let mut rows = Vec::new();
        wrapped(table, "tr", &mut rows);
        for row in rows {
            let mut cells = Vec::new();
            wrapped(row, "tc", &mut cells);
            let mut found = Found::default();
            let texts: Vec<String> = cells
                .into_iter()
                .map(|cell| cell_text(cell, &mut found))
                .filter(|cell| !cell.is_empty())
                .collect();
            if !texts.is_empty() {
                self.push(texts.join(" | "));
            }
            self.read_found(found);
        }
    }

    fn push(&mut self, text: String) {
        self.current()
            .paragraphs
            .push(Paragraph { text, note: false });
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

/// The children named `name`, looking through content controls and custom XML that Word
/// may wrap around table rows and cells.
fn wrapped<'a>(element: &'a Element, name: &str, out: &mut Vec<&'a Element>) {
    for child in element.elements() {
        if child.name == name {
            out.push(child);
        } else if matches!(
            child.name.as_str(),
            "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo"
        ) && !shows_placeholder(child)
        {
            wrapped(child, name, out);
        }
    }
}

/// A cell's text: its paragraphs and nested tables, one line.
fn cell_text<'a>(cell: &'a Element, found: &mut Found<'a>) -> String {
    let mut parts = Vec::new();
    let mut paragraphs = Vec::new();
    cell.find_all("p", &mut paragraphs);
    for paragraph in paragraphs {
        let text = collapse(&paragraph_text(paragraph, found));
        if !text.is_empty() {
            parts.push(text);
        }
    }
    parts.join(" ")
}

/// Whether a content control still shows its prompt ("Klicka här för att ange text").
fn shows_placeholder(sdt: &Element) -> bool {
    sdt.name == "sdt"
        && sdt
            .child("sdtPr")
            .is_some_and(|properties| properties.child("showingPlcHdr").is_some())
}

/// The visible text of a paragraph: runs, hyperlinks, fields and inline content controls,
/// tabs and breaks as spaces, deleted text and field codes left out. Text boxes, diagrams
/// and note references are collected in `found` instead.
fn paragraph_text<'a>(paragraph: &'a Element, found: &mut Found<'a>) -> String {
    let mut out = String::new();
    collect(paragraph, &mut out, found);
    out
}

fn collect<'a>(element: &'a Element, out: &mut String, found: &mut Found<'a>) {
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
            "noBreakHyphen" => out.push('-'),
            "delText" | "instrText" | "pPr" | "rPr" | "del" | "moveFrom" => {}
            "sdt" if shows_placeholder(child) => {}
            "AlternateContent" => {
                if let Some(content) = alternate_content(child) {
                    collect(content, out, found);
                }
            }
            "txbxContent" => found.text_boxes.push(child),
            "relIds" => found
                .diagrams
                .extend(child.prefixed_attribute("dm").map(str::to_owned)),
            "footnoteReference" | "endnoteReference" => {
                let kind = if child.name == "footnoteReference" {
                    "footnotes"
                } else {
                    "endnotes"
                };
                found
                    .notes
                    .extend(child.attribute("id").map(|id| (kind, id.to_owned())));
            }
            _ => collect(child, out, found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ooxml::testing::{diagram_data, package, relationships, texts};

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="w" xmlns:v="v" xmlns:a="a" xmlns:dgm="d""#;

    /// A package whose main part, at `main`, holds `body`.
    fn docx(
        main: &str,
        body: &str,
        extra: &[(&str, &str)],
        main_rels: &[(&str, &str, &str)],
    ) -> Vec<u8> {
        let document = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let root_rels = relationships(&[("rId1", "officeDocument", main)]);
        let (folder, file) = main.rsplit_once('/').unwrap();
        let rels_name = format!("{folder}/_rels/{file}.rels");
        let rels = relationships(main_rels);
        let mut parts = vec![
            ("_rels/.rels", root_rels.as_str()),
            (main, document.as_str()),
            (rels_name.as_str(), rels.as_str()),
        ];
        parts.extend_from_slice(extra);
        package(&parts)
    }

    fn para(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn the_main_part_is_found_through_the_package_relationships() {
        let bytes = docx("word/document2.xml", &para("Huvuddelen"), &[], &[]);
        assert_eq!(texts(&extract(&bytes).unwrap()), ["Huvuddelen"]);
    }

    #[test]
    fn smartart_nodes_follow_their_paragraph() {
        let body = format!(
            r#"<w:p><w:r><w:t>Före diagrammet</w:t></w:r><w:r><w:drawing><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds r:dm="rId7" r:lo="rId8"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>{}"#,
            para("Efter")
        );
        let data = diagram_data(&["Grävning", "Markavtal med fastighetsägare"]);
        let bytes = docx(
            "word/document.xml",
            &body,
            &[("word/diagrams/data1.xml", data.as_str())],
            &[("rId7", "diagramData", "diagrams/data1.xml")],
        );
        assert_eq!(
            texts(&extract(&bytes).unwrap()),
            [
                "Före diagrammet",
                "Grävning",
                "Markavtal med fastighetsägare",
                "Efter"
            ]
        );
    }

    #[test]
    fn a_text_box_is_read_once_as_its_own_paragraph() {
        let body = r#"<w:p><w:r><w:t>Värd</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>I rutan</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>I rutan</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t> fortsätter</w:t></w:r></w:p>"#;
        let bytes = docx("word/document.xml", body, &[], &[]);
        assert_eq!(
            texts(&extract(&bytes).unwrap()),
            ["Värd fortsätter", "I rutan"]
        );
    }

    #[test]
    fn rows_and_cells_inside_content_controls_are_read() {
        let cell = |text: &str| format!("<w:tc>{}</w:tc>", para(text));
        let body = format!(
            "<w:tbl><w:tr>{}<w:sdt><w:sdtContent>{}</w:sdtContent></w:sdt></w:tr><w:sdt><w:sdtContent><w:tr>{}{}</w:tr></w:sdtContent></w:sdt></w:tbl>",
            cell("Kommun"),
            cell("Status"),
            cell("Flen"),
            cell("Klar")
        );
        let bytes = docx("word/document.xml", &body, &[], &[]);
        assert_eq!(
            texts(&extract(&bytes).unwrap()),
            ["Kommun | Status", "Flen | Klar"]
        );
    }

    #[test]
    fn placeholder_prompts_of_content_controls_are_not_text() {
        let body = format!(
            r#"<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}"#,
            para("Klicka eller tryck här för att ange text."),
            para("Riktig text")
        );
        let bytes = docx("word/document.xml", &body, &[], &[]);
        assert_eq!(texts(&extract(&bytes).unwrap()), ["Riktig text"]);
    }

    #[test]
    fn footnotes_follow_the_paragraph_that_cites_them() {
        let body = format!(
            r#"<w:p><w:r><w:t>Lagen gäller</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve"> sedan 2016.</w:t></w:r></w:p>{}"#,
            para("Nästa stycke")
        );
        let notes = format!(
            r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>Lag (2016:534) om åtgärder för utbyggnad av bredbandsnät.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
        let bytes = docx(
            "word/document.xml",
            &body,
            &[("word/footnotes.xml", notes.as_str())],
            &[("rId3", "footnotes", "footnotes.xml")],
        );
        assert_eq!(
            texts(&extract(&bytes).unwrap()),
            [
                "Lagen gäller sedan 2016.",
                "Lag (2016:534) om åtgärder för utbyggnad av bredbandsnät.",
                "Nästa stycke"
            ]
        );
    }

    #[test]
    fn non_breaking_hyphens_stay_and_deleted_text_goes() {
        let body = r#"<w:p><w:r><w:t>e</w:t></w:r><w:r><w:noBreakHyphen/><w:t>tjänster</w:t></w:r><w:del><w:r><w:delText> borttaget</w:delText></w:r></w:del></w:p>"#;
        let bytes = docx("word/document.xml", body, &[], &[]);
        assert_eq!(texts(&extract(&bytes).unwrap()), ["e-tjänster"]);
    }
}
