//! What happened to a document through Hinder: who added it, changed its metadata, withdrew
//! or restored it, and when. Each change is written into the document's own metadata (its
//! sidecar or front matter, as `[[history]]` tables), so the record travels with the file
//! and needs no git; where the corpus is a git work tree, each change is also a commit by
//! the same person.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One change to a document, as its metadata records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// What was done.
    pub action: Action,
    /// Who did it: a member's name, or the name given to `hinder add --by`.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// For an addition: the file's name as it was given, before Hinder named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For an addition: the SHA-256 of the file as it was given, in hex, which tells the
    /// same content added twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// For a metadata change: each key that changed, from what to what.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldChange>,
    /// Why, when the person said (a withdrawal's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One metadata value's change, each side as the metadata writes it (a list as its items
/// joined by `, `); a side is missing when the key was not set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The value before, if there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The value after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// Who added a document through Hinder, and when: the first `added` of its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Addition {
    /// Who added it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

impl Addition {
    /// The addition a history records, if it records one.
    pub fn of(history: &[Change]) -> Option<Self> {
        history
            .iter()
            .find(|change| change.action == Action::Added)
            .map(|change| Self {
                by: change.by.clone(),
                at: change.at,
            })
    }
}

/// The kinds of change Hinder makes to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Added to the corpus.
    Added,
    /// Its metadata changed.
    Changed,
    /// Taken out of every search, kept in `withdrawn/`.
    Withdrawn,
    /// Put back from `withdrawn/`.
    Restored,
}

impl Action {
    /// The word used in metadata files.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Changed => "changed",
            Self::Withdrawn => "withdrawn",
            Self::Restored => "restored",
        }
    }
}

/// A moment in UTC to the second: written as RFC 3339 (`2026-12-05T10:15:00Z`), which TOML
/// reads as a date-time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Now, to the second.
    pub fn now() -> Self {
        Self::from(OffsetDateTime::now_utc())
    }

    /// The moment as `time` has it.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        self.0
    }

    /// Its day, in UTC.
    pub fn date(self) -> super::Date {
        super::Date::from_ymd(self.0.year(), self.0.month().into(), self.0.day())
            .expect("a timestamp's day is a date")
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(moment: OffsetDateTime) -> Self {
        let utc = moment.to_offset(time::UtcOffset::UTC);
        Self(utc.replace_nanosecond(0).unwrap_or(utc))
    }
}

/// A text that is not an RFC 3339 date-time with an offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid time `{0}`, expected a date and time with its offset, e.g. 2026-12-05T10:15:00Z")]
pub struct InvalidTimestamp(pub String);

impl FromStr for Timestamp {
    type Err = InvalidTimestamp;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        OffsetDateTime::parse(text.trim(), &Rfc3339)
            .map(Self::from)
            .map_err(|_| InvalidTimestamp(text.to_owned()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(&Rfc3339).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Accepts an RFC 3339 string and, in TOML, a bare offset date-time
    /// (`at = 2026-12-05T10:15:00Z`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::date::parse_text_or_toml_datetime(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_to_the_second() {
        let moment: Timestamp = "2026-12-05T11:15:30.250+01:00".parse().unwrap();
        assert_eq!(moment.to_string(), "2026-12-05T10:15:30Z");
        assert!("2026-12-05".parse::<Timestamp>().is_err());
        assert!("2026-12-05T10:15:00".parse::<Timestamp>().is_err());
    }

    #[test]
    fn a_change_reads_from_toml_as_people_write_it() {
        #[derive(Deserialize)]
        struct File {
            history: Vec<Change>,
        }
        let file: File = toml::from_str(
            "[[history]]\naction = \"added\"\nby = \"Anna Ek\"\nat = 2026-12-05T10:15:00Z\n\
             file = \"Möte 3.pptx\"\n\n[[history]]\naction = \"changed\"\nby = \"bo\"\n\
             at = \"2026-12-06T08:00:00+01:00\"\n\
             fields = { title = { from = \"Möte 3\", to = \"Möte 3, reviderad\" } }\n",
        )
        .unwrap();
        assert_eq!(file.history[0].action, Action::Added);
        assert_eq!(file.history[0].file.as_deref(), Some("Möte 3.pptx"));
        assert_eq!(file.history[1].at.to_string(), "2026-12-06T07:00:00Z");
        let title = &file.history[1].fields["title"];
        assert_eq!(
            (title.from.as_deref(), title.to.as_deref()),
            (Some("Möte 3"), Some("Möte 3, reviderad"))
        );
        let unknown: Result<File, _> = toml::from_str(
            "[[history]]\naction = \"deleted\"\nby = \"x\"\nat = 2026-12-05T10:15:00Z\n",
        );
        assert!(unknown.is_err());
    }
}
