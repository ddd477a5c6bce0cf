//! What the extractors of binary formats return, and how a file's bytes are checked before
//! an extractor sees them.

use crate::corpus::SectionKind;

/// Files larger than this are not read: no meeting material is this big, and a bigger file
/// is more likely a mistake (or an attack) than a document.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The most bytes one XML part of an office file may inflate to (guards against zip bombs).
pub(crate) const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Text and structure read from a binary document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The title from the document's properties, if set.
    pub title: Option<String>,
    /// What a section is in this format.
    pub section_kind: SectionKind,
    /// Slides, pages or chapters, in order.
    pub sections: Vec<ExtractedSection>,
    /// What could not be read while the rest could.
    pub warnings: Vec<ExtractWarning>,
}

/// Part of a document that could not be read; the rest of it is indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractWarning {
    /// Pages whose content could not be read.
    #[error(
        "damaged PDF: {read} of {total} pages read ({})",
        describe_pages(unread)
    )]
    PagesUnread {
        /// Pages read.
        read: u32,
        /// Pages in the document.
        total: u32,
        /// The pages left out, and why.
        unread: Vec<UnreadPage>,
    },
}

/// A page left out of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadPage {
    /// Its number, 1-based.
    pub number: u32,
    /// Why it could not be read.
    pub problem: PageProblem,
}

/// Why a page could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageProblem {
    /// Its content stream, or an object it needs, is damaged.
    #[error("damaged content")]
    Damaged,
    /// Its text is drawn in fonts without a Unicode map: only glyph numbers, no letters.
    #[error("fonts without a Unicode map")]
    NoUnicodeMap,
}

fn describe_pages(pages: &[UnreadPage]) -> String {
    pages
        .iter()
        .map(|page| format!("page {}: {}", page.number, page.problem))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One slide, page or chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractedSection {
    /// Its number in the document (slide or page number), 1-based.
    pub number: u32,
    /// Its title, if it has one.
    pub heading: Option<String>,
    /// Its paragraphs, bullets or table rows, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph, bullet or table row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, whitespace collapsed.
    pub text: String,
    /// True for speaker notes.
    pub note: bool,
}

impl Extracted {
    /// Whether there is any text at all.
    pub fn is_empty(&self) -> bool {
        self.sections
            .iter()
            .all(|section| section.heading.is_none() && section.paragraphs.is_empty())
    }
}

/// Why a binary document could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The bytes are not a valid file of the format.
    #[error("not a valid {format} file: {reason}")]
    Corrupt {
        /// The format the file claims to be.
        format: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The file needs a password.
    #[error("password-protected file: save a copy without a password to index it")]
    Encrypted,
    /// An Office file of the binary formats before 2007.
    #[error("{kind} file: save it as {save_as} to index it")]
    OldBinary {
        /// The format, as its application names it.
        kind: &'static str,
        /// The extension to save it as.
        save_as: &'static str,
    },
    /// A PDF of images of pages (a scan) without a text layer.
    #[error("scanned PDF without a text layer: run OCR on it first (for example OCRmyPDF)")]
    NoTextLayer,
    /// A PDF none of whose pages could be read.
    #[error("damaged PDF: 0 of {total} pages read")]
    Damaged {
        /// Pages in the document.
        total: u32,
    },
    /// A PDF whose text is drawn in fonts without a Unicode map: glyphs, but no letters.
    #[error(
        "PDF without readable text: its fonts have no Unicode map; run OCR on it or export it again"
    )]
    UnmappedFonts,
    /// The file holds no text.
    #[error("the file contains no text")]
    Empty,
    /// The file is over [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes, more than the {MAX_FILE_BYTES} bytes Hinder reads")]
    TooLarge {
        /// Its size.
        size: u64,
    },
    /// The extension says one format, the content another.
    #[error("the file is named .{extension} but contains {content}")]
    Misnamed {
        /// The file's extension.
        extension: String,
        /// What the content is.
        content: Content,
    },
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Content {
    /// A ZIP package: docx, pptx, odt and the like.
    #[error("a ZIP package (docx, pptx, odt, ...)")]
    Zip,
    /// A PDF.
    #[error("a PDF")]
    Pdf,
    /// A Rich Text Format document.
    #[error("an RTF document")]
    Rtf,
    /// An OLE compound file: an encrypted Office file, or a pre-2007 Office file.
    #[error("{0}")]
    Ole(OleKind),
    /// Bytes that do not start like a ZIP package.
    #[error("no ZIP package")]
    NotZip,
    /// Bytes without a PDF header.
    #[error("no PDF header")]
    NotPdf,
}

/// What an OLE compound file holds, by the streams in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OleKind {
    /// An Office 2007+ file encrypted with a password (`EncryptionInfo`, `EncryptedPackage`).
    #[error("a password-protected Office file")]
    EncryptedPackage,
    /// Word 97–2003 (`WordDocument` stream).
    #[error("a Word 97–2003 document (.doc)")]
    Word,
    /// PowerPoint 97–2003 (`PowerPoint Document` stream).
    #[error("a PowerPoint 97–2003 presentation (.ppt)")]
    PowerPoint,
    /// Excel 97–2003 (`Workbook` stream).
    #[error("an Excel 97–2003 workbook (.xls)")]
    Excel,
    /// Something else, or a compound file too damaged to list.
    #[error("an OLE compound file (an old Office format)")]
    Other,
}

impl OleKind {
    /// The error for a file of this kind where another format was expected.
    pub(crate) fn to_error(self) -> Option<ExtractError> {
        Some(match self {
            Self::EncryptedPackage => ExtractError::Encrypted,
            Self::Word => OLD_WORD,
            Self::PowerPoint => OLD_POWERPOINT,
            Self::Excel | Self::Other => return None,
        })
    }
}

/// A Word 97–2003 document.
pub(crate) const OLD_WORD: ExtractError = ExtractError::OldBinary {
    kind: "Word 97–2003 (.doc)",
    save_as: ".docx",
};
/// A PowerPoint 97–2003 presentation.
pub(crate) const OLD_POWERPOINT: ExtractError = ExtractError::OldBinary {
    kind: "PowerPoint 97–2003 (.ppt)",
    save_as: ".pptx",
};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What the first bytes of a file say it is; `None` for anything else (text, say).
pub(crate) fn sniff(bytes: &[u8]) -> Option<Content> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Content::Zip)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Content::Pdf)
    } else if bytes.starts_with(b"{\\rtf") {
        Some(Content::Rtf)
    } else if bytes.starts_with(&OLE_MAGIC) {
        Some(Content::Ole(ole_kind(bytes)))
    } else {
        None
    }
}

/// Tells the compound files apart by their streams, the way Office itself does.
fn ole_kind(bytes: &[u8]) -> OleKind {
    let Ok(file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return OleKind::Other;
    };
    let has = |name: &str| file.root_entry().name() == name || file.exists(format!("/{name}"));
    if has("EncryptedPackage") || has("EncryptionInfo") {
        OleKind::EncryptedPackage
    } else if has("WordDocument") {
        OleKind::Word
    } else if has("PowerPoint Document") {
        OleKind::PowerPoint
    } else if has("Workbook") || has("Book") {
        OleKind::Excel
    } else {
        OleKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_container() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(Content::Pdf));
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Content::Zip));
        assert_eq!(sniff(b"{\\rtf1\\ansi"), Some(Content::Rtf));
        assert_eq!(
            sniff(&[OLE_MAGIC.as_slice(), &[0; 8]].concat()),
            Some(Content::Ole(OleKind::Other)),
            "a compound file too short to list"
        );
        assert_eq!(sniff(b"plain text"), None);
    }

    #[test]
    fn compound_files_are_told_apart_by_their_streams() {
        for (stream, kind) in [
            ("WordDocument", OleKind::Word),
            ("PowerPoint Document", OleKind::PowerPoint),
            ("EncryptedPackage", OleKind::EncryptedPackage),
            ("Workbook", OleKind::Excel),
        ] {
            let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
            file.create_stream(format!("/{stream}")).unwrap();
            let bytes = file.into_inner().into_inner();
            assert_eq!(sniff(&bytes), Some(Content::Ole(kind)), "{stream}");
        }
    }

    #[test]
    fn messages_say_what_to_do() {
        assert_eq!(
            ExtractError::Encrypted.to_string(),
            "password-protected file: save a copy without a password to index it"
        );
        assert_eq!(
            OLD_WORD.to_string(),
            "Word 97–2003 (.doc) file: save it as .docx to index it"
        );
        let warning = ExtractWarning::PagesUnread {
            read: 10,
            total: 12,
            unread: vec![
                UnreadPage {
                    number: 3,
                    problem: PageProblem::Damaged,
                },
                UnreadPage {
                    number: 7,
                    problem: PageProblem::NoUnicodeMap,
                },
            ],
        };
        assert_eq!(
            warning.to_string(),
            "damaged PDF: 10 of 12 pages read (page 3: damaged content; page 7: fonts without a Unicode map)"
        );
        let misnamed = ExtractError::Misnamed {
            extension: "docx".into(),
            content: Content::Pdf,
        };
        assert_eq!(
            misnamed.to_string(),
            "the file is named .docx but contains a PDF"
        );
    }
}
