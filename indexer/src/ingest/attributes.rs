//! Metadata written inside the Markdown as HTML comments, so that it stays invisible when
//! the file is rendered: `<!-- source: sormland; areas: landsbygd, fiber -->`.
//!
//! After a heading the comment sets the section's defaults; at the end of a finding's line it
//! sets that finding's values. A finding's `areas` replaces its section's; `areas:` with no
//! value means none. Comments whose first word is not a known key are ordinary comments.

use super::error::ParseErrorKind;
use crate::corpus::Date;

/// Values a heading or finding sets for itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Attributes {
    pub id: Option<String>,
    pub source: Option<String>,
    pub areas: Option<Vec<String>>,
    pub date: Option<Date>,
}

const KEYS: [&str; 4] = ["id", "source", "areas", "date"];

impl Attributes {
    pub(crate) fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Adds another comment's values; a key set twice is an error.
    pub(crate) fn merge(&mut self, other: Self) -> Result<(), ParseErrorKind> {
        fn take<T>(
            slot: &mut Option<T>,
            value: Option<T>,
            key: &str,
        ) -> Result<(), ParseErrorKind> {
            match (slot.is_some(), value) {
                (true, Some(_)) => Err(ParseErrorKind::DuplicateKey(key.to_owned())),
                (false, Some(value)) => {
                    *slot = Some(value);
                    Ok(())
                }
                (_, None) => Ok(()),
            }
        }
        take(&mut self.id, other.id, "id")?;
        take(&mut self.source, other.source, "source")?;
        take(&mut self.areas, other.areas, "areas")?;
        take(&mut self.date, other.date, "date")
    }
}

/// The comment's body when `html` is exactly one HTML comment.
pub(crate) fn comment_body(html: &str) -> Option<&str> {
    let body = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    (!body.contains("-->")).then_some(body)
}

/// Reads a metadata comment. `None` for HTML that is not a comment or a comment that is
/// not metadata; `Some(Err)` for metadata that is malformed.
pub(crate) fn parse_comment(html: &str) -> Option<Result<Attributes, ParseErrorKind>> {
    let body = comment_body(html)?.trim();
    let first_word = body
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or_default();
    if !KEYS.contains(&first_word) {
        return None;
    }
    Some(parse_entries(body))
}

fn parse_entries(body: &str) -> Result<Attributes, ParseErrorKind> {
    let mut attributes = Attributes::default();
    for entry in body
        .split(';')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
    {
        let (key, value) = entry
            .split_once(':')
            .ok_or_else(|| ParseErrorKind::MalformedMetadata(entry.to_owned()))?;
        let value = value.trim();
        let parsed = match key.trim() {
            "id" => Attributes {
                id: Some(value.to_owned()),
                ..Attributes::default()
            },
            "source" => Attributes {
                source: Some(value.to_owned()),
                ..Attributes::default()
            },
            "areas" => Attributes {
                areas: Some(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|slug| !slug.is_empty())
                        .map(str::to_owned)
                        .collect(),
                ),
                ..Attributes::default()
            },
            "date" => Attributes {
                date: Some(
                    value
                        .parse()
                        .map_err(|_| ParseErrorKind::InvalidDate(value.to_owned()))?,
                ),
                ..Attributes::default()
            },
            other => return Err(ParseErrorKind::UnknownKey(other.to_owned())),
        };
        attributes.merge(parsed)?;
    }
    Ok(attributes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_keys() {
        let attributes =
            parse_comment("<!-- source: sormland; areas: landsbygd, fiber ; date: 2016-11-15 -->")
                .unwrap()
                .unwrap();
        assert_eq!(attributes.source.as_deref(), Some("sormland"));
        assert_eq!(attributes.areas.unwrap(), ["landsbygd", "fiber"]);
        assert_eq!(attributes.date.unwrap().to_string(), "2016-11-15");
    }

    #[test]
    fn empty_areas_means_none() {
        let attributes = parse_comment("<!-- areas: -->").unwrap().unwrap();
        assert_eq!(attributes.areas, Some(Vec::new()));
    }

    #[test]
    fn ordinary_comments_and_html_are_not_metadata() {
        assert_eq!(parse_comment("<!-- kolla siffran med PTS -->"), None);
        assert_eq!(parse_comment("<!-- Obs: gammal bild -->"), None);
        assert_eq!(parse_comment("<b>fet</b>"), None);
    }

    #[test]
    fn malformed_metadata_is_an_error() {
        assert_eq!(
            parse_comment("<!-- areas fiber -->"),
            Some(Err(ParseErrorKind::MalformedMetadata(
                "areas fiber".to_owned()
            )))
        );
        assert_eq!(
            parse_comment("<!-- areas: fiber; landsbygd -->"),
            Some(Err(ParseErrorKind::MalformedMetadata(
                "landsbygd".to_owned()
            )))
        );
        assert_eq!(
            parse_comment("<!-- date: 2 december -->"),
            Some(Err(ParseErrorKind::InvalidDate("2 december".to_owned())))
        );
        assert_eq!(
            parse_comment("<!-- source: a; author: b -->"),
            Some(Err(ParseErrorKind::UnknownKey("author".to_owned())))
        );
        assert_eq!(
            parse_comment("<!-- source: a; source: b -->"),
            Some(Err(ParseErrorKind::DuplicateKey("source".to_owned())))
        );
    }
}
