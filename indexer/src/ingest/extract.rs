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
    #[error("the file is encrypted; save it without a password to index it")]
    Encrypted,
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
        content: &'static str,
    },
}

/// What the first bytes of a file say it is.
pub(crate) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some("a ZIP package (docx, pptx, odt, ...)")
    } else if bytes.starts_with(b"%PDF-") {
        Some("a PDF")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some("an OLE compound file (an encrypted Office file, or an old .doc/.ppt)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_container() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("a PDF"));
        assert!(sniff(b"PK\x03\x04rest").unwrap().starts_with("a ZIP"));
        assert!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0])
                .unwrap()
                .contains("encrypted")
        );
        assert_eq!(sniff(b"plain text"), None);
    }

    #[test]
    fn messages_say_what_to_do() {
        assert_eq!(
            ExtractError::Encrypted.to_string(),
            "the file is encrypted; save it without a password to index it"
        );
        let misnamed = ExtractError::Misnamed {
            extension: "docx".into(),
            content: "a PDF",
        };
        assert_eq!(
            misnamed.to_string(),
            "the file is named .docx but contains a PDF"
        );
    }
}
