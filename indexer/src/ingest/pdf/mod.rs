//! PDF: one section per page, numbered as the pages are; a page's lines become paragraphs.
//!
//! Two text engines read every page, and the page keeps the reading that holds more words.
//! `pdf_oxide` reads most files best (word recall 0.91 on 1,520 real PDFs, against 0.80 for
//! `pdf-extract`, and no panic where `pdf-extract` panicked on 45), but now and then it reads
//! a page as nearly empty that `pdf-extract` reads whole (text drawn outside the page box, some
//! CJK fonts); together they reach 0.93. `docs/ingest.md` has the comparison.
//!
//! A page that cannot be read costs that page only: the rest of the document is indexed and
//! a warning names the page. A file that needs a password, holds only scanned images, or
//! whose every page is damaged is left out with a reason that says what to do.

mod engines;
mod paragraphs;

use engines::{Engines, PageReading};
pub(crate) use paragraphs::paragraphs;

use super::extract::{
    ExtractError, ExtractWarning, Extracted, ExtractedSection, PageProblem, Paragraph, UnreadPage,
};
use crate::corpus::SectionKind;

const FORMAT: &str = "pdf";

/// Reads a PDF.
///
/// # Errors
/// When the bytes are not a readable PDF, it needs a password, it is a scan without a text
/// layer, no page could be read, or it has no text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let engines = Engines::open(bytes)?;
    let total = engines.page_count();
    let mut sections = Vec::new();
    let mut unread = Vec::new();
    let mut images_only = 0;
    for number in 1..=total {
        match engines.read_page(number) {
            PageReading::Text(text) => {
                let paragraphs: Vec<Paragraph> = paragraphs(&text)
                    .into_iter()
                    .map(|text| Paragraph { text, note: false })
                    .collect();
                if !paragraphs.is_empty() {
                    sections.push(ExtractedSection {
                        number,
                        heading: None,
                        paragraphs,
                    });
                } else if engines.page_has_images(number) {
                    images_only += 1;
                }
            }
            PageReading::Failed(problem) => unread.push(UnreadPage { number, problem }),
        }
    }
    let read = total - u32::try_from(unread.len()).unwrap_or(total);
    if sections.is_empty() {
        let unmapped = unread
            .iter()
            .any(|page| page.problem == PageProblem::NoUnicodeMap);
        return Err(if unmapped {
            ExtractError::UnmappedFonts
        } else if !unread.is_empty() {
            ExtractError::Damaged { total }
        } else if images_only > 0 {
            ExtractError::NoTextLayer
        } else if total == 0 {
            ExtractError::Corrupt {
                format: FORMAT,
                reason: "the document has no pages".to_owned(),
            }
        } else {
            ExtractError::Empty
        });
    }
    let warnings = if unread.is_empty() {
        Vec::new()
    } else {
        vec![ExtractWarning::PagesUnread {
            read,
            total,
            unread,
        }]
    };
    Ok(Extracted {
        title: engines.title(),
        section_kind: SectionKind::Page,
        sections,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_pdf() {
        assert!(matches!(
            extract(b"%PDF-1.4 not really"),
            Err(ExtractError::Corrupt { format: "pdf", .. })
        ));
    }
}
