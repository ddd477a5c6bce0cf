//! The draft as a Word document (`/utkast.docx`): coordinators write in Word, so the draft
//! arrives there with real Word footnotes, each naming the finding's source and linking its
//! permalink, after the same sentences as the Markdown draft's.
//!
//! docx-rs writes the package. Links inside footnotes are `HYPERLINK` fields: a footnote
//! part has no relationships of its own in docx-rs, and a field needs none.

use docx_rs::{
    Docx, FieldCharType, Footnote, InstrText, LineSpacing, Paragraph, Run, RunProperty, Style,
    StyleType, VertAlignType,
};
use indexer::Taxonomy;

use crate::citation::{Citation, headline, one_line, permalink};
use crate::draft::{Chosen, layout};

/// Character style of footnote marks (Word's own name, so Word shows them as its own).
const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
/// Paragraph style of footnote text.
const FOOTNOTE_TEXT: &str = "FootnoteText";
/// Character style of links.
const HYPERLINK: &str = "Hyperlink";
/// Paragraph style of a document's title (Word's "heading 1").
pub(crate) const HEADING_1: &str = "Heading1";
/// Paragraph style of the "Underlag" heading and other parts (Word's "heading 2").
pub(crate) const HEADING_2: &str = "Heading2";
/// Paragraph style of headings inside a part (Word's "heading 3").
pub(crate) const HEADING_3: &str = "Heading3";
/// Paragraph style of quoted findings.
const QUOTE: &str = "Quote";
/// Space after a quoted finding, in twentieths of a point (8 pt, as Word's body text).
const QUOTE_SPACE_AFTER: u32 = 160;

/// Writing the package failed (it is written to memory, so this is not expected).
#[derive(Debug, thiserror::Error)]
#[error("writing the Word document: {0}")]
pub struct WordError(String);

/// The draft as `.docx` bytes: the text with a footnote after the sentence each chosen
/// finding supports, then "Underlag" with each finding quoted and its reference linked.
///
/// # Errors
/// [`WordError`] when the package cannot be written.
pub fn docx(
    text: &str,
    chosen: &[Chosen<'_>],
    taxonomy: &Taxonomy,
    base_url: &str,
) -> Result<Vec<u8>, WordError> {
    let references: Vec<(String, String)> = chosen
        .iter()
        .map(|chosen| {
            (
                Citation::reference(chosen.hit, taxonomy),
                permalink(base_url, &chosen.hit.id),
            )
        })
        .collect();
    let mut document = with_styles(Docx::new());
    let laid_out = layout(text, chosen);
    let mut paragraph = Paragraph::new();
    let mut has_content = false;
    for (piece, numbers) in &laid_out.pieces {
        for (index, line) in piece.split('\n').enumerate() {
            if index > 0 && has_content {
                document = document.add_paragraph(paragraph);
                paragraph = Paragraph::new();
                has_content = false;
            }
            let line = line.trim_end_matches('\r');
            if !line.trim().is_empty() {
                paragraph = paragraph.add_run(Run::new().add_text(line));
                has_content = true;
            }
        }
        for (index, &number) in numbers.iter().enumerate() {
            if index > 0 {
                paragraph = paragraph.add_run(mark_separator());
            }
            let (reference, url) = &references[number - 1];
            paragraph = paragraph.add_run(footnote_mark(&format!("{reference}. "), Some(url)));
            has_content = true;
        }
    }
    if has_content {
        document = document.add_paragraph(paragraph);
    }
    if !chosen.is_empty() {
        document = document.add_paragraph(heading(HEADING_2, "Underlag"));
    }
    for (index, chosen) in chosen.iter().enumerate() {
        let (reference, url) = &references[index];
        let mark = laid_out
            .unplaced
            .contains(&(index + 1))
            .then(|| footnote_mark(&format!("{reference}. "), Some(url)));
        document = document.add_paragraph(quoted(&chosen.hit.text, reference, url, mark));
    }
    pack(document, &draft_title(text))
}

/// The draft's title in the file's properties: its first line as a headline, or "Utkast".
fn draft_title(text: &str) -> String {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .map_or_else(
            || "Utkast".to_owned(),
            |line| format!("Utkast: {}", headline(line)),
        )
}

/// The package's bytes, its properties saying `title`, today as the day it was made and
/// Hinder as the application that made it (docx-rs alone writes the author "unknown" and
/// 1970-01-01, which Word and LibreOffice show under File → Properties).
///
/// # Errors
/// [`WordError`] when docx-rs cannot write it.
pub(crate) fn pack(document: Docx, title: &str) -> Result<Vec<u8>, WordError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    document
        .build()
        .pack(&mut bytes)
        .map_err(|error| WordError(error.to_string()))?;
    with_properties(&bytes.into_inner(), title).map_err(|error| WordError(error.to_string()))
}

/// The package with its two property parts written anew: the title and the time in the
/// core properties, the application in the extended ones. Every other part is copied as it
/// was, still compressed.
fn with_properties(package: &[u8], title: &str) -> zip::result::ZipResult<Vec<u8>> {
    let now = indexer::Timestamp::now();
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:language>sv-SE</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>"#,
        title = html_escape::encode_text(title),
    );
    let app = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Hinder</Application></Properties>"#;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index)?;
        let name = part.name()?.into_owned();
        let replaced = match name.as_str() {
            "docProps/core.xml" => Some(core.as_str()),
            "docProps/app.xml" => Some(app),
            _ => None,
        };
        match replaced {
            Some(xml) => {
                drop(part);
                out.start_file(name, options)?;
                std::io::Write::write_all(&mut out, xml.as_bytes())?;
            }
            None => out.raw_copy_file(part)?,
        }
    }
    Ok(out.finish()?.into_inner())
}

/// A superscript comma between two footnote marks ([`crate::draft::MARK_SEPARATOR`]).
pub(crate) fn mark_separator() -> Run {
    Run::new()
        .style(FOOTNOTE_REFERENCE)
        .add_text(crate::draft::MARK_SEPARATOR)
}

/// A heading of `style` (one of the `HEADING_*` styles).
pub(crate) fn heading(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// A finding quoted on one line, then (after `mark`, a footnote of its own, if given) its
/// reference and linked permalink: an entry of "Underlag".
pub(crate) fn quoted(text: &str, reference: &str, url: &str, mark: Option<Run>) -> Paragraph {
    let mut paragraph = Paragraph::new()
        .style(QUOTE)
        .add_run(Run::new().add_text(format!("”{}”", one_line(text))));
    if let Some(mark) = mark {
        paragraph = paragraph.add_run(mark);
    }
    paragraph = paragraph.add_run(Run::new().add_text(format!(" ({reference}) ")));
    add_link(paragraph, url)
}

/// A footnote mark whose footnote says `text` and then, if given, links `url`.
pub(crate) fn footnote_mark(text: &str, url: Option<&str>) -> Run {
    let mut paragraph = Paragraph::new()
        .style(FOOTNOTE_TEXT)
        .add_run(Run::new().add_text(text));
    if let Some(url) = url {
        paragraph = add_link(paragraph, url);
    }
    let footnote = Footnote::new().add_content(paragraph);
    // docx-rs gives the mark Word's "FootnoteReference" style, superscript in `with_styles`.
    Run::new().add_footnote_reference(footnote)
}

/// `url` as a clickable link at the end of a paragraph (a `HYPERLINK` field).
fn add_link(paragraph: Paragraph, url: &str) -> Paragraph {
    paragraph
        .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
        // docx-rs 0.4 cannot write its own HYPERLINK instruction (`todo!`): written as text.
        .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(
            " HYPERLINK \"{}\" ",
            url.replace('"', "%22")
        ))))
        .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
        .add_run(Run::new().style(HYPERLINK).add_text(url))
        .add_run(Run::new().add_field_char(FieldCharType::End, false))
}

/// The styles Hinder's Word files use, named as Word names its built-in ones (so Word and
/// LibreOffice show the headings as their own "Rubrik 1/2/3", and the outline levels fill
/// the navigation pane).
pub(crate) fn with_styles(document: Docx) -> Docx {
    let mut reference =
        Style::new(FOOTNOTE_REFERENCE, StyleType::Character).name("footnote reference");
    reference.run_property = RunProperty::new().vert_align(VertAlignType::SuperScript);
    document
        .add_style(reference)
        .add_style(
            Style::new(FOOTNOTE_TEXT, StyleType::Paragraph)
                .name("footnote text")
                .size(20),
        )
        .add_style(
            Style::new(HYPERLINK, StyleType::Character)
                .name("Hyperlink")
                .color("0563C1")
                .underline("single"),
        )
        .add_style(
            Style::new(HEADING_1, StyleType::Paragraph)
                .name("heading 1")
                .bold()
                .size(32)
                .outline_lvl(0),
        )
        .add_style(
            Style::new(HEADING_2, StyleType::Paragraph)
                .name("heading 2")
                .bold()
                .size(28)
                .outline_lvl(1),
        )
        .add_style(
            Style::new(HEADING_3, StyleType::Paragraph)
                .name("heading 3")
                .bold()
                .size(24)
                .outline_lvl(2),
        )
        .add_style(
            // Space after each quote: the entries of "Underlag" do not run together.
            Style::new(QUOTE, StyleType::Paragraph)
                .name("Quote")
                .italic()
                .line_spacing(LineSpacing::new().after(QUOTE_SPACE_AFTER)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part of a package, as text.
    fn part(package: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip");
        let mut file = archive.by_name(name).expect("the part");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).expect("text");
        text
    }

    #[test]
    fn the_properties_are_rewritten_and_every_other_part_kept() {
        let document = Docx::new().add_paragraph(heading(HEADING_1, "Fiber"));
        let mut plain = std::io::Cursor::new(Vec::new());
        document
            .clone()
            .build()
            .pack(&mut plain)
            .expect("docx-rs packs");
        let packed = pack(document, "Fiber & <5G>").expect("packed");
        let core = part(&packed, "docProps/core.xml");
        assert!(
            core.contains("<dc:title>Fiber &amp; &lt;5G&gt;</dc:title>"),
            "{core}"
        );
        assert!(
            !core.contains("unknown") && !core.contains("1970"),
            "{core}"
        );
        assert!(part(&packed, "docProps/app.xml").contains("<Application>Hinder</Application>"));
        let names = |bytes: &[u8]| {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
            (0..archive.len())
                .map(|index| {
                    let file = archive.by_index_raw(index).expect("a part");
                    file.name().expect("a name").into_owned()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&packed),
            names(plain.get_ref()),
            "the same parts, in order"
        );
        assert_eq!(
            part(&packed, "word/document.xml"),
            part(plain.get_ref(), "word/document.xml")
        );
    }
}
