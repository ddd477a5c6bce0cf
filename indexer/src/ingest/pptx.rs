//! PowerPoint (`.pptx`, `.pptm`, `.ppsx`, `.potx`): one section per slide, in the order of
//! the presentation, numbered as the slides are. The title placeholder is the heading; every
//! other paragraph (body text, text boxes, grouped shapes, table rows, SmartArt nodes) is a
//! finding; the speaker notes are findings marked as notes.

use super::extract::{ExtractError, Extracted, ExtractedSection, Paragraph};
use super::ooxml::{Package, Relationship, alternate_content, collapse, diagram_data_id, text_of};
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
    let presentation_part = package.main_part(PRESENTATION)?;
    let presentation = package.required_part(&presentation_part)?;
    let relationships = package.relationships(&presentation_part)?;
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
        let slide_relationships = package.relationships(&slide_part)?;
        let mut section = SlideReader {
            package: &mut package,
            relationships: &slide_relationships,
            section: ExtractedSection {
                number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                ..ExtractedSection::default()
            },
        }
        .read(&slide);
        let notes_part = slide_relationships
            .iter()
            .find(|r| r.kind == "notesSlide")
            .map(|r| r.target.clone());
        if let Some(notes) = notes_part.and_then(|part| package.part(&part).transpose()) {
            section.paragraphs.extend(read_notes(&notes?));
        }
        sections.push(section);
    }
    let extracted = Extracted {
        title: package.title(),
        section_kind: SectionKind::Slide,
        sections,
        ..Extracted::default()
    };
    if extracted.is_empty() {
        return Err(ExtractError::Empty);
    }
    Ok(extracted)
}

/// Reads one slide's shapes into its section.
struct SlideReader<'p, 'a> {
    package: &'p mut Package<'a>,
    relationships: &'p [Relationship],
    section: ExtractedSection,
}

impl SlideReader<'_, '_> {
    fn read(mut self, slide: &Element) -> ExtractedSection {
        if let Some(tree) = slide.find("spTree") {
            self.read_shapes(tree);
        }
        self.section
    }

    fn read_shapes(&mut self, group: &Element) {
        for shape in group.elements() {
            match shape.name.as_str() {
                "sp" => self.read_shape(shape),
                "grpSp" => self.read_shapes(shape),
                // A shape saved twice (for old and new PowerPoint): read one of the two.
                "AlternateContent" => {
                    if let Some(content) = alternate_content(shape) {
                        self.read_shapes(content);
                    }
                }
                "graphicFrame" => self.read_frame(shape),
                _ => {}
            }
        }
    }

    fn read_shape(&mut self, shape: &Element) {
        let placeholder = shape.find("nvPr").and_then(|nv| nv.child("ph"));
        let kind = placeholder.map(|ph| ph.attribute("type").unwrap_or("body"));
        if kind.is_some_and(|kind| CHROME_PLACEHOLDERS.contains(&kind)) {
            return;
        }
        let Some(body) = shape.child("txBody") else {
            return;
        };
        let texts = paragraphs(body);
        if matches!(kind, Some("title" | "ctrTitle")) && self.section.heading.is_none() {
            let heading = collapse(&texts.join(" "));
            self.section.heading = (!heading.is_empty()).then_some(heading);
        } else {
            self.section
                .paragraphs
                .extend(texts.into_iter().map(statement));
        }
    }

    /// A table (one finding per row, cells joined by `|`) or a SmartArt diagram (one
    /// finding per node).
    fn read_frame(&mut self, frame: &Element) {
        if let Some(id) = diagram_data_id(frame) {
            let data_part = self
                .relationships
                .iter()
                .find(|relationship| relationship.id == id)
                .map(|relationship| relationship.target.clone());
            if let Some(data_part) = data_part {
                let texts = self.package.diagram_paragraphs(&data_part);
                self.section
                    .paragraphs
                    .extend(texts.into_iter().map(statement));
            }
            return;
        }
        let mut rows = Vec::new();
        frame.find_all("tr", &mut rows);
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
                self.section.paragraphs.push(statement(text));
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ooxml::testing::{diagram_data, package, relationships, texts};

    const NS: &str = r#"xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:dgm="d""#;

    fn shape(placeholder: Option<&str>, text: &str) -> String {
        let ph = placeholder.map_or(String::new(), |kind| format!(r#"<p:ph type="{kind}"/>"#));
        format!(
            "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"x\"/><p:cNvSpPr/><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
        )
    }

    /// A one-slide presentation at `ppt/presentation2.xml` whose slide holds `shapes`.
    fn pptx(shapes: &str, extra: &[(&str, &str)], slide_rels: &[(&str, &str, &str)]) -> Vec<u8> {
        let presentation = format!(
            r#"<p:presentation {NS}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>"#
        );
        let slide = format!("<p:sld {NS}><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>");
        let root_rels = relationships(&[("rId1", "officeDocument", "ppt/presentation2.xml")]);
        let presentation_rels = relationships(&[("rId2", "slide", "slides/slide1.xml")]);
        let rels = relationships(slide_rels);
        let mut parts = vec![
            ("_rels/.rels", root_rels.as_str()),
            ("ppt/presentation2.xml", presentation.as_str()),
            (
                "ppt/_rels/presentation2.xml.rels",
                presentation_rels.as_str(),
            ),
            ("ppt/slides/slide1.xml", slide.as_str()),
            ("ppt/slides/_rels/slide1.xml.rels", rels.as_str()),
        ];
        parts.extend_from_slice(extra);
        package(&parts)
    }

    #[test]
    fn smartart_on_a_slide_is_read_node_by_node() {
        let frame = r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Diagram"/></p:nvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds r:dm="rId5" r:lo="rId6" r:qs="rId7" r:cs="rId8"/></a:graphicData></a:graphic></p:graphicFrame>"#;
        let shapes = format!(
            "{}{frame}{}",
            shape(Some("title"), "Hinder"),
            shape(Some("sldNum"), "4")
        );
        let data = diagram_data(&["Tillstånd", "Markavtal"]);
        let bytes = pptx(
            &shapes,
            &[("ppt/diagrams/data1.xml", data.as_str())],
            &[("rId5", "diagramData", "../diagrams/data1.xml")],
        );
        assert_eq!(
            texts(&extract(&bytes).unwrap()),
            ["Hinder", "Tillstånd", "Markavtal"]
        );
    }

    #[test]
    fn alternate_content_and_groups_are_read_once() {
        let shapes = format!(
            "<mc:AlternateContent><mc:Choice Requires=\"p14\">{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent><p:grpSp>{}</p:grpSp>",
            shape(None, "Ny form"),
            shape(None, "Ny form"),
            shape(None, "I gruppen")
        );
        let bytes = pptx(&shapes, &[], &[]);
        assert_eq!(texts(&extract(&bytes).unwrap()), ["Ny form", "I gruppen"]);
    }
}
