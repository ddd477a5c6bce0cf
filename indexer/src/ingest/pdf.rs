//! PDF: one section per page, numbered as the pages are. A page's lines are joined into
//! paragraphs (a blank line or a bullet starts a new one), and words hyphenated across a
//! line break are joined again.

use super::extract::{ExtractError, Extracted, ExtractedSection, Paragraph};
use super::ooxml::collapse;
use crate::corpus::SectionKind;

const FORMAT: &str = "pdf";
/// Characters that start a bullet point in extracted text.
const BULLETS: [char; 7] = ['•', '◦', '▪', '‣', '●', '○', '■'];
/// After these words a trailing hyphen is an elliptic compound (`kommun- och`), not a break.
const CONJUNCTIONS: [&str; 3] = ["och", "eller", "samt"];

/// Reads a PDF.
///
/// # Errors
/// When the bytes are not a readable PDF, it needs a password, or it has no text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let corrupt = |reason: String| ExtractError::Corrupt {
        format: FORMAT,
        reason,
    };
    let document =
        pdf_extract::Document::load_mem(bytes).map_err(|error| corrupt(error.to_string()))?;
    let encrypted = document.is_encrypted();
    // The PDF library panics on some malformed files; a bad file must not take the indexer
    // down with it, so a panic becomes an error for this file.
    let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
        .map_err(|_| corrupt("the PDF could not be decoded".to_owned()))?;
    let pages = match pages {
        Ok(pages) => pages,
        Err(_) if encrypted => return Err(ExtractError::Encrypted),
        Err(error) => return Err(corrupt(error.to_string())),
    };
    let sections: Vec<ExtractedSection> = pages
        .iter()
        .enumerate()
        .map(|(index, text)| ExtractedSection {
            number: u32::try_from(index + 1).unwrap_or(u32::MAX),
            heading: None,
            paragraphs: paragraphs(text)
                .into_iter()
                .map(|text| Paragraph { text, note: false })
                .collect(),
        })
        .filter(|section| !section.paragraphs.is_empty())
        .collect();
    let extracted = Extracted {
        title: None,
        section_kind: SectionKind::Page,
        sections,
        ..Extracted::default()
    };
    if extracted.is_empty() {
        return Err(if encrypted {
            ExtractError::Encrypted
        } else {
            ExtractError::Empty
        });
    }
    Ok(extracted)
}

/// A page's text as paragraphs.
pub(crate) fn paragraphs(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = collapse(current);
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    for line in page.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        let bullet = line.strip_prefix(BULLETS).map(str::trim_start);
        if let Some(rest) = bullet {
            flush(&mut current, &mut out);
            current.push_str(rest);
            continue;
        }
        join_line(&mut current, line);
    }
    flush(&mut current, &mut out);
    out
}

/// Appends a line to a paragraph, undoing a hyphenation break: `utbygg-` + `naden` →
/// `utbyggnaden`, but `kommun-` + `och region` stays an elliptic compound.
fn join_line(paragraph: &mut String, line: &str) {
    let hyphenated = paragraph.ends_with('-')
        && paragraph[..paragraph.len() - 1].ends_with(char::is_alphabetic)
        && line.starts_with(char::is_lowercase);
    let next_word = line.split_whitespace().next().unwrap_or_default();
    if hyphenated && !CONJUNCTIONS.contains(&next_word) {
        paragraph.pop();
        paragraph.push_str(line);
    } else {
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_into_paragraphs() {
        let page = "Utmaningar som bredbandssamordnaren\nmöter i kommunen?\n\n• Uppdragsbeskrivning saknas.\n• Mycket tid går till konsument-\nrådgivning\nsista raden";
        assert_eq!(
            paragraphs(page),
            [
                "Utmaningar som bredbandssamordnaren möter i kommunen?",
                "Uppdragsbeskrivning saknas.",
                "Mycket tid går till konsumentrådgivning sista raden",
            ]
        );
    }

    #[test]
    fn hyphens_before_a_conjunction_or_a_capital_stay() {
        assert_eq!(
            paragraphs("på kommun-\noch regionnivå"),
            ["på kommun- och regionnivå"]
        );
        assert_eq!(paragraphs("AG-\nMöte"), ["AG- Möte"]);
    }

    #[test]
    fn garbage_is_not_a_pdf() {
        assert!(matches!(
            extract(b"%PDF-1.4 not really"),
            Err(ExtractError::Corrupt { format: "pdf", .. })
        ));
    }
}
