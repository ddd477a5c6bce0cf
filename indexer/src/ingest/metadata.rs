//! Document metadata: TOML front matter in Markdown, `NAME.toml` sidecars beside other
//! files, and what can be read from a file name.

use serde::Deserialize;

use super::error::{ParseError, ParseErrorKind};
use super::lines::LineIndex;
use crate::corpus::{Change, Date, DocumentKind, Language, Region, RespondsTo, Status};

/// Metadata a document declares about itself; everything is optional.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentMeta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub kind: Option<DocumentKind>,
    pub status: Option<Status>,
    pub source: Option<String>,
    pub areas: Option<Vec<String>>,
    pub language: Option<Language>,
    /// County or municipality, by SCB code.
    pub region: Option<Region>,
    /// What the document answers, for feedback.
    pub responds_to: Option<RespondsTo>,
    /// What was done to the document through Hinder, oldest first.
    pub history: Option<Vec<Change>>,
}

impl DocumentMeta {
    /// Takes every value this metadata leaves unset from `defaults`.
    pub(crate) fn fill_from(&mut self, defaults: Self) {
        self.date = self.date.or(defaults.date);
        self.kind = self.kind.or(defaults.kind);
        self.status = self.status.or(defaults.status);
        self.language = self.language.or(defaults.language);
        if self.source.is_none() {
            self.source = defaults.source;
        }
        if self.areas.is_none() {
            self.areas = defaults.areas;
        }
        if self.region.is_none() {
            self.region = defaults.region;
        }
    }
}

/// A Markdown file split into its front matter and body.
#[derive(Debug)]
pub(crate) struct FrontMatter<'a> {
    pub meta: DocumentMeta,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// The line that opens and closes TOML front matter.
pub(crate) const TOML_FENCE: &str = "+++";
const YAML_FENCE: &str = "---";

/// Where a Markdown file's `+++` front matter is: the TOML between the fences, and where
/// the body starts after the closing fence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterSpan {
    /// Byte range of the TOML text (the lines between the fences).
    pub toml: std::ops::Range<usize>,
    /// Byte offset of the body, after the closing fence's line.
    pub body_offset: usize,
}

/// Finds the `+++` front matter of a Markdown file; `None` when it has none.
pub(crate) fn front_matter_span(text: &str) -> Result<Option<FrontMatterSpan>, ParseError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() == YAML_FENCE && text.lines().skip(1).any(|l| l.trim_end() == YAML_FENCE) {
        return Err(ParseError::new(1, ParseErrorKind::YamlFrontMatter));
    }
    if first.trim_end() != TOML_FENCE {
        return Ok(None);
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for line in lines {
        if line.trim_end() == TOML_FENCE {
            return Ok(Some(FrontMatterSpan {
                toml: toml_start..offset,
                body_offset: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Err(ParseError::new(1, ParseErrorKind::UnterminatedFrontMatter))
}

/// Splits `+++` TOML front matter off a Markdown file. A file without one has empty metadata.
pub(crate) fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, ParseError> {
    let Some(span) = front_matter_span(text)? else {
        return Ok(FrontMatter {
            meta: DocumentMeta::default(),
            body: text,
            body_offset: 0,
        });
    };
    Ok(FrontMatter {
        meta: parse_meta(&text[span.toml], 2)?,
        body: &text[span.body_offset..],
        body_offset: span.body_offset,
    })
}

/// Parses TOML metadata whose first line is line `first_line` of its file.
pub(crate) fn parse_meta(toml_text: &str, first_line: usize) -> Result<DocumentMeta, ParseError> {
    toml::from_str(toml_text).map_err(|error| {
        let line = error.span().map_or(first_line, |span| {
            LineIndex::new(toml_text).line_of(span.start) + first_line - 1
        });
        ParseError::new(
            line,
            ParseErrorKind::InvalidMetadata(error.message().to_owned()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml_front_matter() {
        let text =
            "+++\nid = \"mote-3\"\ndate = 2016-12-02\nkind = \"presentation\"\n+++\n## Agenda\n";
        let front = split_front_matter(text).unwrap();
        assert_eq!(front.meta.id.as_deref(), Some("mote-3"));
        assert_eq!(front.meta.date.unwrap().to_string(), "2016-12-02");
        assert_eq!(front.meta.kind, Some(DocumentKind::Presentation));
        assert_eq!(front.body, "## Agenda\n");
        assert_eq!(&text[front.body_offset..], front.body);
    }

    #[test]
    fn file_without_front_matter_is_all_body() {
        let front = split_front_matter("## Agenda\n").unwrap();
        assert_eq!(front.meta, DocumentMeta::default());
        assert_eq!(front.body, "## Agenda\n");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let error = split_front_matter("+++\ntitle = \"x\"\n## Agenda\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 1: front matter opened with `+++` is never closed"
        );
    }

    #[test]
    fn yaml_front_matter_is_refused_clearly() {
        let error = split_front_matter("---\ntitle: x\n---\nText\n").unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::YamlFrontMatter);
    }

    #[test]
    fn bad_metadata_points_at_its_line() {
        let error =
            split_front_matter("+++\nid = \"a\"\ndate = \"2016-13-02\"\n+++\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error.to_string().contains("invalid date `2016-13-02`"),
            "{error}"
        );
        let error = split_front_matter("+++\nid = \"a\"\nauthor = \"x\"\n+++\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error.to_string().contains("unknown field `author`"),
            "{error}"
        );
    }

    #[test]
    fn folder_defaults_fill_only_what_is_unset() {
        let mut meta = DocumentMeta {
            source: Some("sormland".to_owned()),
            ..DocumentMeta::default()
        };
        meta.fill_from(DocumentMeta {
            source: Some("styrgrupp".to_owned()),
            status: Some(Status::Publicerad),
            ..DocumentMeta::default()
        });
        assert_eq!(
            (meta.source.as_deref(), meta.status),
            (Some("sormland"), Some(Status::Publicerad))
        );
    }
}
