//! Document metadata: TOML front matter in Markdown, `NAME.toml` sidecars beside other
//! files, and what can be read from a file name.

use serde::Deserialize;

use super::error::{ParseError, ParseErrorKind};
use super::lines::LineIndex;
use crate::corpus::{Date, DocumentKind, Language, SWEDISH_MONTHS, Status};

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

const TOML_FENCE: &str = "+++";
const YAML_FENCE: &str = "---";

/// Splits `+++` TOML front matter off a Markdown file. A file without one has empty metadata.
pub(crate) fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, ParseError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() == YAML_FENCE && text.lines().skip(1).any(|l| l.trim_end() == YAML_FENCE) {
        return Err(ParseError::new(1, ParseErrorKind::YamlFrontMatter));
    }
    if first.trim_end() != TOML_FENCE {
        return Ok(FrontMatter {
            meta: DocumentMeta::default(),
            body: text,
            body_offset: 0,
        });
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    for line in lines {
        if line.trim_end() == TOML_FENCE {
            let meta = parse_meta(&text[toml_start..offset], 2)?;
            let body_offset = offset + line.len();
            return Ok(FrontMatter {
                meta,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(ParseError::new(1, ParseErrorKind::UnterminatedFrontMatter))
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

/// The date a file name starts with: `2016-12-02-mote.md`.
pub(crate) fn date_from_file_name(stem: &str) -> Option<Date> {
    stem.get(..10)?.parse().ok()
}

/// The first date written in a text: `2016-12-02`, `2016 12 02` or `2 december 2016`.
pub(crate) fn date_from_text(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| !word.is_empty())
        .collect();
    let number = |word: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()))
            .then(|| word.parse::<u32>().ok())
            .flatten()
    };
    for (index, word) in words.iter().enumerate() {
        if let Ok(date) = word.parse::<Date>() {
            return Some(date);
        }
        let next = |offset: usize| words.get(index + offset).copied().unwrap_or_default();
        // 2016 12 02
        if let (Some(year), Some(month), Some(day)) = (
            number(word, 4..=4),
            number(next(1), 1..=2),
            number(next(2), 1..=2),
        ) && let Some(date) = date_of(year, month, day)
        {
            return Some(date);
        }
        // 2 december 2016
        if let (Some(day), Some(month), Some(year)) = (
            number(word, 1..=2),
            SWEDISH_MONTHS
                .iter()
                .position(|m| next(1).eq_ignore_ascii_case(m)),
            number(next(2), 4..=4),
        ) && let Some(date) = date_of(year, u32::try_from(month + 1).unwrap_or_default(), day)
        {
            return Some(date);
        }
    }
    None
}

fn date_of(year: u32, month: u32, day: u32) -> Option<Date> {
    Date::from_ymd(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// A URL-safe id from a file name: lower-case ASCII, Swedish letters folded, other
/// characters turned into single hyphens.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if folded.is_ascii_alphanumeric() {
            slug.push(folded);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
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
    fn dates_come_from_file_name_prefixes() {
        assert_eq!(
            date_from_file_name("2016-12-02-mote-3")
                .unwrap()
                .to_string(),
            "2016-12-02"
        );
        assert_eq!(date_from_file_name("000_801f07ac2272aa86"), None);
        assert_eq!(date_from_file_name("2016"), None);
    }

    #[test]
    fn dates_come_from_the_text() {
        let cases = [
            (
                "Möte 3 Arbetsmöte inom Nystartsgruppen 2016 12 02",
                Some("2016-12-02"),
            ),
            (
                "Underlag för diskussion - hinderbeskrivningar 2 december 2016",
                Some("2016-12-02"),
            ),
            ("Protokoll (2017-01-18) från mötet", Some("2017-01-18")),
            ("Möte 8/3 och 2/5", None),
            ("31 deltagare i ref grupp 2016", None),
            ("2016 13 45 är inget datum", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                date_from_text(text).map(|d| d.to_string()).as_deref(),
                expected,
                "{text}"
            );
        }
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

    #[test]
    fn slugify_folds_swedish_letters() {
        assert_eq!(
            slugify("Återkoppling från Sörmland"),
            "aterkoppling-fran-sormland"
        );
        assert_eq!(slugify("000_801f07ac2272aa86"), "000-801f07ac2272aa86");
        assert_eq!(slugify("--Möte 3!--"), "mote-3");
    }
}
