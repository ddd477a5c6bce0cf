//! The draft as a Word document (`/utkast.docx`): coordinators write in Word, so the draft
//! arrives there with real Word footnotes, each naming the finding's source and linking its
//! permalink, after the same sentences as the Markdown draft's.
//!
//! docx-rs writes the package. Links inside footnotes are `HYPERLINK` fields: a footnote
//! part has no relationships of its own in docx-rs, and a field needs none.

use docx_rs::{
    Docx, FieldCharType, Footnote, InstrText, Paragraph, Run, RunProperty, Style, StyleType,
    VertAlignType,
};
use indexer::Taxonomy;

use crate::citation::{Citation, one_line, permalink};
use crate::draft::{Chosen, layout};

/// Character style of footnote marks (Word's own name, so Word shows them as its own).
const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
/// Paragraph style of footnote text.
const FOOTNOTE_TEXT: &str = "FootnoteText";
/// Character style of links.
const HYPERLINK: &str = "Hyperlink";
/// Paragraph style of the "Underlag" heading.
const HEADING: &str = "Heading2";
/// Paragraph style of quoted findings.
const QUOTE: &str = "Quote";

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
        for &number in numbers {
            let (reference, url) = &references[number - 1];
            paragraph = paragraph.add_run(footnote_mark(reference, url));
            has_content = true;
        }
    }
    if has_content {
        document = document.add_paragraph(paragraph);
    }
    if !chosen.is_empty() {
        document = document.add_paragraph(
            Paragraph::new()
                .style(HEADING)
                .add_run(Run::new().add_text("Underlag")),
        );
    }
    for (index, chosen) in chosen.iter().enumerate() {
        let quote = one_line(&chosen.hit.text);
        let (reference, url) = &references[index];
        let mut paragraph = Paragraph::new()
            .style(QUOTE)
            .add_run(Run::new().add_text(format!("”{quote}”")));
        if laid_out.unplaced.contains(&(index + 1)) {
            paragraph = paragraph.add_run(footnote_mark(reference, url));
        }
        paragraph = paragraph.add_run(Run::new().add_text(format!(" ({reference}) ")));
        document = document.add_paragraph(add_link(paragraph, url));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    document
        .build()
        .pack(&mut bytes)
        .map_err(|error| WordError(error.to_string()))?;
    Ok(bytes.into_inner())
}

/// A footnote mark whose footnote gives the reference and links the permalink.
fn footnote_mark(reference: &str, url: &str) -> Run {
    let text = Paragraph::new()
        .style(FOOTNOTE_TEXT)
        .add_run(Run::new().add_text(format!("{reference}. ")));
    let footnote = Footnote::new().add_content(add_link(text, url));
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

/// The styles the draft uses, named as Word names its built-in ones.
fn with_styles(document: Docx) -> Docx {
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
            Style::new(HEADING, StyleType::Paragraph)
                .name("heading 2")
                .bold()
                .size(28)
                .outline_lvl(1),
        )
        .add_style(
            Style::new(QUOTE, StyleType::Paragraph)
                .name("Quote")
                .italic(),
        )
}
