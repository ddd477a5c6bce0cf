//! The two PDF text engines, page by page, and what the file's structure says besides text
//! (page images, the title, encryption).
//!
//! `pdf_oxide` reads first; `pdf-extract` (over `lopdf`) reads every page too, and its reading
//! replaces the first where it holds clearly more words. Either engine may fail to open a
//! damaged file that the other opens; each page is read inside [`contain`], so a panic costs
//! that page's reading by that engine only.

use std::collections::HashSet;

use pdf_extract::{Document as Lopdf, Object, ObjectId, OutputDev, PlainTextOutput};

use crate::ingest::contained::contain;
use crate::ingest::extract::{ExtractError, PageProblem};
use crate::ingest::repair::{is_private_use, is_spacing_accent, repair};

/// The second reading wins when it holds this many more distinct words than the first,
/// as a share of the first (and at least [`MIN_GAIN`] words).
const GAIN_SHARE: usize = 4;
/// ... and at least this many more words: a word or two is layout noise, not a lost line.
const MIN_GAIN: usize = 3;

/// A PDF opened by both engines, where each could.
pub(super) struct Engines {
    oxide: Option<pdf_oxide::PdfDocument>,
    lopdf: Option<Lopdf>,
    /// `lopdf`'s page object ids by page number (1-based).
    lopdf_pages: Vec<ObjectId>,
    pages: u32,
}

/// What reading one page gave.
pub(super) enum PageReading {
    /// Its text (empty when the page has none).
    Text(String),
    /// Neither engine could read it.
    Failed(PageProblem),
}

impl Engines {
    /// Opens the file with both engines.
    ///
    /// # Errors
    /// [`ExtractError::Encrypted`] when it needs a password; [`ExtractError::Corrupt`] when
    /// neither engine can open it.
    pub(super) fn open(bytes: &[u8]) -> Result<Self, ExtractError> {
        let mut locked = false;
        let mut reasons = Vec::new();
        // Opening tries the empty password; a file that needs another stays locked.
        let oxide = opened(
            contain("pdf_oxide open", || {
                pdf_oxide::PdfDocument::from_bytes(bytes.to_vec())
            }),
            |document| !document.is_encrypted() || matches!(document.authenticate(b""), Ok(true)),
            &mut locked,
            &mut reasons,
        );
        let lopdf = opened(
            contain("lopdf open", || Lopdf::load_mem(bytes)),
            |document| !document.is_encrypted() || document.decrypt("").is_ok(),
            &mut locked,
            &mut reasons,
        );
        if oxide.is_none() && lopdf.is_none() {
            return Err(if locked {
                ExtractError::Encrypted
            } else {
                ExtractError::Corrupt {
                    format: "pdf",
                    reason: reasons
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| "the PDF could not be decoded".to_owned()),
                }
            });
        }
        let lopdf_pages: Vec<ObjectId> = lopdf
            .as_ref()
            .and_then(|document| contain("lopdf pages", || document.get_pages()))
            .map(|pages| pages.into_values().collect())
            .unwrap_or_default();
        let oxide_pages = oxide
            .as_ref()
            .and_then(|document| contain("pdf_oxide pages", || document.page_count()))
            .and_then(Result::ok);
        let pages = oxide_pages.unwrap_or(lopdf_pages.len());
        Ok(Self {
            oxide,
            lopdf,
            lopdf_pages,
            pages: u32::try_from(pages).unwrap_or(u32::MAX),
        })
    }

    pub(super) fn page_count(&self) -> u32 {
        self.pages
    }

    /// The better of the two readings of a page (1-based).
    pub(super) fn read_page(&self, number: u32) -> PageReading {
        let index = number as usize - 1;
        // `None` inside: the engine opened the file but failed (or panicked) on this page.
        let first = self.oxide.as_ref().map(|document| {
            contain("pdf_oxide page", || document.extract_text(index)).and_then(Result::ok)
        });
        let second = self.lopdf.as_ref().map(|document| {
            let id = *self.lopdf_pages.get(index)?;
            contain("pdf-extract page", || extract_page(document, number, id)).flatten()
        });
        let readings: Vec<&String> = first.iter().chain(&second).flatten().collect();
        let failed = first.iter().chain(&second).any(Option::is_none);
        let unmapped = readings.iter().any(|text| problem_of(text).is_some());
        let usable = [&first, &second].map(|reading| {
            reading
                .as_ref()
                .and_then(Option::as_ref)
                .filter(|text| problem_of(text).is_none() && !text.trim().is_empty())
        });
        match usable {
            [Some(first), Some(second)] => {
                let (a, b) = (quality(first), quality(second));
                let better = if b >= a + MIN_GAIN.max(a / GAIN_SHARE)
                    || separates_words_better(first, second)
                {
                    second
                } else {
                    first
                };
                PageReading::Text(better.clone())
            }
            [Some(text), None] | [None, Some(text)] => PageReading::Text(text.clone()),
            [None, None] if unmapped => PageReading::Failed(PageProblem::NoUnicodeMap),
            // One engine failed, or the page draws text that neither engine could decode, or
            // its content cannot be read at all: it is damaged.
            [None, None] if failed || self.page_may_hold_text(number) => {
                PageReading::Failed(PageProblem::Damaged)
            }
            [None, None] => PageReading::Text(String::new()),
        }
    }

    /// Whether a page's content stream draws text (`Tj`, `TJ` operators), or cannot be read
    /// to tell: missing, or bytes that no filter decoded (a stream whose dictionary lost its
    /// `/Filter` is still compressed).
    fn page_may_hold_text(&self, number: u32) -> bool {
        let (Some(document), Some(&id)) = (&self.lopdf, self.lopdf_pages.get(number as usize - 1))
        else {
            return false;
        };
        contain("lopdf content", || match document.get_page_content(id) {
            Ok(content) if content.is_empty() => contents_unreadable(document, id),
            Ok(content) => shows_text(&content) || is_undecoded(&content),
            Err(_) => true,
        })
        .unwrap_or(true)
    }

    /// Whether a page shows images (a scanned page does), as its resources say.
    pub(super) fn page_has_images(&self, number: u32) -> bool {
        let (Some(document), Some(&id)) = (&self.lopdf, self.lopdf_pages.get(number as usize - 1))
        else {
            return false;
        };
        contain("lopdf images", || has_images(document, id)).unwrap_or(false)
    }

    /// The title in the document information dictionary, if set.
    pub(super) fn title(&self) -> Option<String> {
        let document = self.lopdf.as_ref()?;
        contain("lopdf title", || {
            let info = document.trailer.get(b"Info").ok()?;
            let (_, info) = document.dereference(info).ok()?;
            let title = info.as_dict().ok()?.get(b"Title").ok()?;
            let (_, title) = document.dereference(title).ok()?;
            let title = pdf_extract::decode_text_string(title).ok()?;
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            (!title.is_empty()).then_some(title)
        })
        .flatten()
    }
}

/// A document one engine opened (`None` inside: it panicked), once `unlock` has opened it
/// with the empty password; what went wrong is noted for the error message.
fn opened<D, E: std::fmt::Display>(
    attempt: Option<Result<D, E>>,
    unlock: impl FnOnce(&mut D) -> bool,
    locked: &mut bool,
    reasons: &mut Vec<String>,
) -> Option<D> {
    match attempt? {
        Ok(mut document) => {
            let open = unlock(&mut document);
            *locked |= !open;
            open.then_some(document)
        }
        Err(error) => {
            reasons.push(error.to_string());
            None
        }
    }
}

/// One page through `pdf-extract`.
fn extract_page(document: &Lopdf, number: u32, _id: ObjectId) -> Option<String> {
    let mut text = String::new();
    let mut output = PlainTextOutput::new(&mut text);
    pdf_extract::output_doc_page(document, &mut output as &mut dyn OutputDev, number).ok()?;
    Some(text)
}

/// Whether a page names content streams that cannot be loaded (a blank page names none, or
/// an empty one).
fn contents_unreadable(document: &Lopdf, page: ObjectId) -> bool {
    let Ok(page) = document.get_dictionary(page) else {
        return true;
    };
    let Ok(contents) = page.get(b"Contents") else {
        return false;
    };
    let streams: Vec<&Object> = match document.dereference(contents) {
        Ok((_, Object::Array(items))) => items.iter().collect(),
        _ => vec![contents],
    };
    streams
        .into_iter()
        .any(|stream| !matches!(document.dereference(stream), Ok((_, Object::Stream(_)))))
}

/// Whether content operators draw text.
fn shows_text(content: &[u8]) -> bool {
    content
        .windows(3)
        .any(|w| (w[1..] == *b"Tj" || w[1..] == *b"TJ") && !w[0].is_ascii_alphanumeric())
}

/// Whether content bytes are binary rather than operators: decoded content is text, apart
/// from inline images (`BI` … `ID` … `EI`), which are left alone.
fn is_undecoded(content: &[u8]) -> bool {
    let inline_image = content.windows(3).any(|w| w == b"\nID" || w == b" ID");
    let binary = content
        .iter()
        .filter(|b| !(b.is_ascii_graphic() || b.is_ascii_whitespace()))
        .count();
    !inline_image && binary * 10 > content.len() * 3
}

/// Letters, words and one- or two-letter fragments of a reading.
#[derive(Debug, Clone, Copy)]
struct Shape {
    letters: usize,
    words: usize,
    fragments: usize,
}

fn shape(text: &str) -> Shape {
    let mut shape = Shape {
        letters: 0,
        words: 0,
        fragments: 0,
    };
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        shape.letters += letters;
        shape.words += 1;
        if (1..=2).contains(&letters) && letters == word.chars().count() {
            shape.fragments += 1;
        }
    }
    shape
}

/// Whether `second` reads about the same letters as `first` with clearly more word
/// boundaries, and no more fragments: `first` ran words together (`Page1Page2`, Korean
/// without its spaces), which hides every word but the first from search.
fn separates_words_better(first: &str, second: &str) -> bool {
    let (a, b) = (shape(first), shape(second));
    let same_letters = a.letters.abs_diff(b.letters) * 10 <= a.letters.max(b.letters);
    let more_words = b.words * 10 >= a.words * 13 && b.words >= a.words + 2;
    let no_more_fragments = b.fragments * a.words.max(1) <= (a.fragments + 1) * b.words;
    a.letters > 0 && same_letters && more_words && no_more_fragments
}

/// How much a reading adds to search: its distinct words of four letters or more, after
/// repair, less two for every accent left where no letter takes it (a reading that moved
/// accents away from their letters has broken both words beside them).
fn quality(text: &str) -> usize {
    let repaired = repair(text);
    let words = repaired
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .map(str::to_lowercase)
        .collect::<HashSet<_>>()
        .len();
    let stray_accents = repaired.chars().filter(|&c| is_spacing_accent(c)).count();
    words.saturating_sub(2 * stray_accents)
}

/// Whether the page's resources (or a form's within them) hold an image.
fn has_images(document: &Lopdf, page: ObjectId) -> bool {
    let Ok((direct, inherited)) = document.get_page_resources(page) else {
        return false;
    };
    let dictionaries = direct.into_iter().chain(
        inherited
            .iter()
            .filter_map(|id| document.get_dictionary(*id).ok()),
    );
    dictionaries
        .into_iter()
        .any(|resources| resources_hold_image(document, resources, 2))
}

fn resources_hold_image(document: &Lopdf, resources: &pdf_extract::Dictionary, depth: u8) -> bool {
    let Some(objects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|object| document.dereference(object).ok())
        .and_then(|(_, object)| object.as_dict().ok())
    else {
        return false;
    };
    objects.iter().any(|(_, object)| {
        let Ok((_, Object::Stream(stream))) = document.dereference(object) else {
            return false;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => true,
            Ok(b"Form") if depth > 0 => stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|object| document.dereference(object).ok())
                .and_then(|(_, object)| object.as_dict().ok())
                .is_some_and(|inner| resources_hold_image(document, inner, depth - 1)),
            _ => false,
        }
    })
}

/// Whether a page's text is glyph numbers rather than letters: a font without a Unicode map
/// leaves private-use code points or replacement characters where the letters were.
fn is_unmapped(text: &str) -> bool {
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    let unmapped = text
        .chars()
        .filter(|&c| is_private_use(c) || c == '\u{FFFD}' || c.is_control())
        .filter(|c| !c.is_whitespace())
        .count();
    visible > 0 && unmapped * 2 > visible
}

/// [`PageProblem`] for a page whose reading holds no usable text.
fn problem_of(text: &str) -> Option<PageProblem> {
    is_unmapped(text).then_some(PageProblem::NoUnicodeMap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_that_keeps_word_boundaries_wins() {
        assert!(separates_words_better("Page1Page2", "Page 1 Page 2"));
        assert!(separates_words_better(
            "침하게흐린품이눈이올듯하더니",
            "침하게 흐린 품이 눈이 올 듯하더니"
        ));
        assert!(!separates_words_better(
            "Example document",
            "Exa mp le do cumen t"
        ));
        assert!(!separates_words_better("Fiber i fokus", "Fiber i fokus"));
        assert!(!separates_words_better(
            "kort",
            "helt annan och längre text här"
        ));
    }

    #[test]
    fn stray_accents_count_against_a_reading() {
        assert!(quality("übertragen werden können") > quality("ubertragen ¨ werden konnen ¨"));
    }

    #[test]
    fn glyph_numbers_are_not_text() {
        assert!(is_unmapped("\u{E001}\u{E002}\u{E003} \u{E004}"));
        assert!(is_unmapped("\u{FFFD}\u{FFFD}\u{FFFD}a"));
        assert!(!is_unmapped("Bredband \u{F0B7} till alla"));
        assert!(!is_unmapped(""));
    }
}
