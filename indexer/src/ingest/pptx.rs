//! PowerPoint (`.pptx`): one section per slide, in the order of the presentation, numbered as
//! the slides are. The title placeholder is the heading; every other paragraph (body text,
//! text boxes, table rows) is a finding; the speaker notes are findings marked as notes.

use super::extract::{ExtractError, Extracted, ExtractedSection, Paragraph};
use super::ooxml::{Package, collapse, text_of};
use super::xml::Element;
use crate::corpus::SectionKind;

const FORMAT: &str = "pptx";
const PRESENTATION: &str = "ppt/presentation.xml";
/// Placeholders that repeat on every slide and carry no content.
const CHROME_PLACEHOLDERS: [&str; 5] = ["sldNum", "dt", "ftr", "hdr", "sldImg"];

/// Reads a `.pptx` file.
///
/// # Errors
/// When the bytes are not a readable presentation, or it has no text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut package = Package::open(bytes, FORMAT)?;
    let presentation = package.required_part(PRESENTATION)?;
    let relationships = package.relationships(PRESENTATION)?;
    let mut slide_ids = Vec::new();
    if let Some(list) = presentation.child("sldIdLst") {
        slide_ids.extend(list.elements().filter_map(|id| id.prefixed_attribute("id")));
    }
    let mut sections = Vec::with_capacity(slide_ids.len());
    for (index, id) in slide_ids.iter().enumerate() {
        let Some(slide_part) = relationships
            .iter()
            .find(|r| r.id == *id)
            .map(|r| r.target.clone())
        else {
            continue;
        };
        let slide = package.required_part(&slide_part)?;
        let mut section = read_slide(&slide, u32::try_from(index + 1).unwrap_or(u32::MAX));
        let notes_part = package
            .relationships(&slide_part)?
            .into_iter()
            .find(|r| r.kind == "notesSlide")
            .map(|r| r.target);
        if let Some(notes) = notes_part.and_then(|part| package.part(&part).transpose()) {
            section.paragraphs.extend(read_notes(&notes?));
        }
        sections.push(section);
    }
    let extracted = Extracted {
        title: package.title(),
        section_kind: SectionKind::Slide,
        sections,
    };
    if extracted.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(extracted)
}

fn read_slide(slide: &Element, number: u32) -> ExtractedSection {
    let mut section = ExtractedSection {
        number,
        ..ExtractedSection::default()
    };
    let Some(tree) = slide.find("spTree") else {
        return section;
    };
    read_shapes(tree, &mut section);
    section
}

fn read_shapes(group: &Element, section: &mut ExtractedSection) {
    for shape in group.elements() {
        match shape.name.as_str() {
            "sp" => {
                let placeholder = shape.find("nvPr").and_then(|nv| nv.child("ph"));
                let kind = placeholder.map(|ph| ph.attribute("type").unwrap_or("body"));
                if kind.is_some_and(|kind| CHROME_PLACEHOLDERS.contains(&kind)) {
                    continue;
                }
                let Some(body) = shape.child("txBody") else {
                    continue;
                };
                let texts = paragraphs(body);
                if matches!(kind, Some("title" | "ctrTitle")) && section.heading.is_none() {
                    let heading = collapse(&texts.join(" "));
                    section.heading = (!heading.is_empty()).then_some(heading);
                } else {
                    section.paragraphs.extend(texts.into_iter().map(statement));
                }
            }
            "grpSp" => read_shapes(shape, section),
            "graphicFrame" => {
                let mut rows = Vec::new();
                shape.find_all("tr", &mut rows);
                for row in rows {
                    let mut cells = Vec::new();
                    row.find_all("tc", &mut cells);
                    let text = cells
                        .iter()
                        .map(|cell| collapse(&text_of(cell)))
                        .filter(|cell| !cell.is_empty())
                        .collect::<Vec<_>>()
                        .join(" | ");
                    if !text.is_empty() {
                        section.paragraphs.push(statement(text));
                    }
                }
            }
            _ => {}
        }
    }
}

fn read_notes(notes: &Element) -> Vec<Paragraph> {
    let mut bodies = Vec::new();
    notes.find_all("sp", &mut bodies);
    bodies
        .into_iter()
        .filter(|shape| {
            shape
                .find("nvPr")
                .and_then(|nv| nv.child("ph"))
                .is_some_and(|ph| ph.attribute("type") == Some("body"))
        })
        .filter_map(|shape| shape.child("txBody"))
        .flat_map(paragraphs)
        .map(|text| Paragraph { text, note: true })
        .collect()
}

fn statement(text: String) -> Paragraph {
    Paragraph { text, note: false }
}

/// The non-empty paragraphs of a text body; a line break inside a paragraph is a space.
fn paragraphs(body: &Element) -> Vec<String> {
    body.elements()
        .filter(|element| element.name == "p")
        .map(|paragraph| {
            let mut text = String::new();
            for run in paragraph.elements() {
                match run.name.as_str() {
                    "r" | "fld" => text.push_str(&run.child("t").map(text_of).unwrap_or_default()),
                    "br" => text.push(' '),
                    _ => {}
                }
            }
            collapse(&text)
        })
        .filter(|text| !text.is_empty())
        .collect()
}
