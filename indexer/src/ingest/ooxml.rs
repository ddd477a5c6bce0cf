//! The Office Open XML package shared by `.pptx` and `.docx`: a ZIP of XML parts linked by
//! relationship parts.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::extract::{ExtractError, MAX_PART_BYTES};
use super::xml::{self, Element};

/// An opened package.
pub(crate) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
}

/// A relationship from one part to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relationship {
    pub id: String,
    /// The relationship type URI; its last segment says what it is (`slide`, `notesSlide`).
    pub kind: String,
    /// The target part's name inside the package.
    pub target: String,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8], format: &'static str) -> Result<Self, ExtractError> {
        let archive =
            ZipArchive::new(Cursor::new(bytes)).map_err(|error| ExtractError::Corrupt {
                format,
                reason: error.to_string(),
            })?;
        Ok(Self { archive, format })
    }

    fn corrupt(&self, reason: String) -> ExtractError {
        ExtractError::Corrupt {
            format: self.format,
            reason,
        }
    }

    /// A part parsed as XML; `None` when the package has no such part.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<Element>, ExtractError> {
        let format = self.format;
        let corrupt = |reason: String| ExtractError::Corrupt { format, reason };
        let mut bytes = Vec::new();
        {
            let mut file = match self.archive.by_name(name) {
                Ok(file) => file,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(error) => return Err(corrupt(format!("{name}: {error}"))),
            };
            if file.encrypted() {
                return Err(ExtractError::Encrypted);
            }
            file.by_ref()
                .take(MAX_PART_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|error| corrupt(format!("{name}: {error}")))?;
        }
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(self.corrupt(format!(
                "{name} inflates to more than {MAX_PART_BYTES} bytes"
            )));
        }
        xml::parse(&bytes)
            .map(Some)
            .map_err(|error| self.corrupt(format!("{name}: {error}")))
    }

    /// A part that must exist.
    pub(crate) fn required_part(&mut self, name: &str) -> Result<Element, ExtractError> {
        self.part(name)?
            .ok_or_else(|| self.corrupt(format!("the package has no {name}")))
    }

    /// The relationships of a part, targets resolved to part names.
    pub(crate) fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, ExtractError> {
        let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let Some(root) = self.part(&rels_name)? else {
            return Ok(Vec::new());
        };
        Ok(root
            .elements()
            .filter(|element| {
                element.name == "Relationship"
                    && element.attribute("TargetMode") != Some("External")
            })
            .filter_map(|element| {
                Some(Relationship {
                    id: element.attribute("Id")?.to_owned(),
                    kind: element.attribute("Type")?.rsplit('/').next()?.to_owned(),
                    target: resolve(folder, element.attribute("Target")?),
                })
            })
            .collect())
    }

    /// The package's main part (`word/document.xml`, `ppt/presentation.xml`), found as the
    /// package relationships say; `usual` when they say nothing (some writers omit them).
    pub(crate) fn main_part(&mut self, usual: &str) -> Result<String, ExtractError> {
        Ok(self
            .relationships("")?
            .into_iter()
            .find(|relationship| relationship.kind == "officeDocument")
            .map_or_else(|| usual.to_owned(), |relationship| relationship.target))
    }

    /// The text of a SmartArt diagram: one paragraph per node of its data part, in the
    /// data's order (the order its author typed them in). The drawing part that PowerPoint
    /// and Word cache beside it repeats the same text and is not read.
    pub(crate) fn diagram_paragraphs(&mut self, data_part: &str) -> Vec<String> {
        // A broken or missing diagram costs its own text, not the document.
        let Ok(Some(data)) = self.part(data_part) else {
            return Vec::new();
        };
        let Some(points) = data.child("ptLst") else {
            return Vec::new();
        };
        points
            .elements()
            .filter(|point| point.name == "pt")
            .filter(|point| matches!(point.attribute("type"), None | Some("node" | "asst")))
            .filter_map(|point| point.child("t"))
            .flat_map(|body| {
                body.elements()
                    .filter(|element| element.name == "p")
                    .map(|paragraph| collapse(&text_of(paragraph)))
                    .collect::<Vec<_>>()
            })
            .filter(|text| !text.is_empty())
            .collect()
    }

    /// The title in the package's core properties, if set.
    pub(crate) fn title(&mut self) -> Option<String> {
        let core = self.part("docProps/core.xml").ok()??;
        let title = collapse(&core.child("title").map(text_of).unwrap_or_default());
        (!title.is_empty()).then_some(title)
    }
}

/// `ppt/slides` + `../notesSlides/notesSlide1.xml` → `ppt/notesSlides/notesSlide1.xml`.
fn resolve(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The content Office means a reader to see in an `mc:AlternateContent`: its first choice,
/// or its fallback. Reading both would read the same text twice.
pub(crate) fn alternate_content(element: &Element) -> Option<&Element> {
    element
        .child("Choice")
        .or_else(|| element.child("Fallback"))
}

/// The data part of a SmartArt diagram that a `graphicFrame` or drawing holds: the
/// relationship id in its `dgm:relIds r:dm`.
pub(crate) fn diagram_data_id(element: &Element) -> Option<&str> {
    element.find("relIds")?.prefixed_attribute("dm")
}

/// All text inside an element, in order.
pub(crate) fn text_of(element: &Element) -> String {
    let mut out = String::new();
    collect_text(element, &mut out);
    out
}

fn collect_text(element: &Element, out: &mut String) {
    for node in &element.children {
        match node {
            xml::Node::Text(text) => out.push_str(text),
            xml::Node::Element(child) => collect_text(child, out),
        }
    }
}

/// Whitespace runs to single spaces, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Packages made part by part, for the extractors' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use crate::ingest::Extracted;

    /// Every heading and paragraph, in order.
    pub(crate) fn texts(extracted: &Extracted) -> Vec<String> {
        extracted
            .sections
            .iter()
            .flat_map(|section| {
                section
                    .heading
                    .iter()
                    .cloned()
                    .chain(section.paragraphs.iter().map(|p| p.text.clone()))
            })
            .collect()
    }

    /// A ZIP package holding the given parts, stored uncompressed.
    pub(crate) fn package(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, content) in parts {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// A relationships part: (id, type's last segment, target).
    pub(crate) fn relationships(items: &[(&str, &str, &str)]) -> String {
        let mut xml = String::from(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target) in items {
            xml.push_str(&format!(
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
            ));
        }
        xml.push_str("</Relationships>");
        xml
    }

    /// A SmartArt data part with a document point, the given nodes and a connection.
    pub(crate) fn diagram_data(nodes: &[&str]) -> String {
        let mut xml = String::from(
            r#"<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="0" type="doc"><dgm:t><a:p><a:r><a:t>Dokumentpunkt</a:t></a:r></a:p></dgm:t></dgm:pt>"#,
        );
        for (index, node) in nodes.iter().enumerate() {
            xml.push_str(&format!(
                r#"<dgm:pt modelId="{}"><dgm:prSet/><dgm:t><a:bodyPr/><a:p><a:r><a:t>{node}</a:t></a:r></a:p></dgm:t></dgm:pt>"#,
                index + 1
            ));
        }
        xml.push_str(
            r#"<dgm:pt modelId="99" type="parTrans"><dgm:t><a:p><a:endParaRPr/></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"#,
        );
        xml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(
            resolve("ppt/slides", "../notesSlides/notesSlide1.xml"),
            "ppt/notesSlides/notesSlide1.xml"
        );
        assert_eq!(resolve("ppt", "slides/slide2.xml"), "ppt/slides/slide2.xml");
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
    }

    #[test]
    fn garbage_is_not_a_package() {
        let error = Package::open(b"not a zip at all", "pptx").err().unwrap();
        assert!(
            matches!(error, ExtractError::Corrupt { format: "pptx", .. }),
            "{error:?}"
        );
    }
}
