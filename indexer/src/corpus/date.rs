//! Calendar dates as the corpus and the API write them: `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::FormatItem;
use time::macros::format_description;

const ISO_DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// A calendar day without time zone: findings are dated by the meeting, not by the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// The text was not a valid `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{0}`, expected YYYY-MM-DD")]
pub struct InvalidDate(pub String);

impl Date {
    /// Builds a date from its parts; `None` when the day does not exist.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    /// Today, in UTC.
    pub fn today() -> Self {
        Self(time::OffsetDateTime::now_utc().date())
    }

    /// Days since 1970-01-01, the form the index stores and sorts on.
    pub fn to_days(self) -> i64 {
        i64::from(self.0.to_julian_day()) - i64::from(unix_epoch().to_julian_day())
    }

    /// Inverse of [`Date::to_days`]; `None` outside the supported calendar range.
    pub fn from_days(days: i64) -> Option<Self> {
        let julian = i64::from(unix_epoch().to_julian_day()).checked_add(days)?;
        time::Date::from_julian_day(i32::try_from(julian).ok()?)
            .ok()
            .map(Self)
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    /// Day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// The month's Swedish name, lower case (`december`).
    pub fn swedish_month(self) -> &'static str {
        SWEDISH_MONTHS[usize::from(self.month()) - 1]
    }

    /// The last day of this date's month.
    pub fn end_of_month(self) -> Self {
        let (year, month) = match self.month() {
            12 => (self.year() + 1, 1),
            month => (self.year(), month + 1),
        };
        Self::from_ymd(year, month, 1)
            .and_then(|first| Self::from_days(first.to_days() - 1))
            .unwrap_or(self)
    }

    /// The date as Swedish writes it: `2 december 2016`.
    pub fn to_swedish(self) -> String {
        format!("{} {} {}", self.day(), self.swedish_month(), self.year())
    }
}

/// Swedish month names, January first (lower case, as Swedish writes them).
pub(crate) const SWEDISH_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn unix_epoch() -> time::Date {
    time::macros::date!(1970 - 01 - 01)
}

impl FromStr for Date {
    type Err = InvalidDate;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        // `time` accepts years with a sign or more digits; the corpus format does not.
        let well_formed = trimmed.len() == 10 && trimmed.as_bytes()[4] == b'-';
        if !well_formed {
            return Err(InvalidDate(text.to_owned()));
        }
        time::Date::parse(trimmed, ISO_DATE)
            .map(Self)
            .map_err(|_| InvalidDate(text.to_owned()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.format(ISO_DATE).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// Accepts a `"YYYY-MM-DD"` string and, in TOML, a bare local date (`date = 2016-12-02`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_text_or_toml_datetime(deserializer)
    }
}

/// A value written as a string (JSON, or TOML in quotes) or as a bare TOML date or date-time,
/// parsed from its text: how dates and times are read from metadata and from the API.
pub(crate) fn parse_text_or_toml_datetime<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err: fmt::Display>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Raw::deserialize(deserializer)? {
        Raw::Text(text) => text,
        Raw::Toml(datetime) => datetime.to_string(),
    };
    text.parse().map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let date: Date = "2016-12-02".parse().unwrap();
        assert_eq!(date.to_string(), "2016-12-02");
        assert_eq!(date.year(), 2016);
    }

    #[test]
    fn reads_as_swedish() {
        assert_eq!(
            "2016-12-02".parse::<Date>().unwrap().to_swedish(),
            "2 december 2016"
        );
        assert_eq!(
            "2017-01-18".parse::<Date>().unwrap().to_swedish(),
            "18 januari 2017"
        );
    }

    #[test]
    fn months_end_on_their_last_day() {
        let end = |text: &str| text.parse::<Date>().unwrap().end_of_month().to_string();
        assert_eq!(end("2016-12-02"), "2016-12-31");
        assert_eq!(end("2016-02-10"), "2016-02-29");
        assert_eq!(end("2017-02-10"), "2017-02-28");
        assert_eq!(end("2017-04-30"), "2017-04-30");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for text in [
            "2016-02-30",
            "2016-13-01",
            "16-12-02",
            "2016/12/02",
            "+2016-12-02",
            "",
        ] {
            assert!(text.parse::<Date>().is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn days_round_trip_and_order_like_dates() {
        let early: Date = "1969-12-31".parse().unwrap();
        let late: Date = "2016-12-02".parse().unwrap();
        assert_eq!(early.to_days(), -1);
        assert_eq!(Date::from_days(late.to_days()), Some(late));
        assert!(early.to_days() < late.to_days());
    }

    #[test]
    fn error_message_names_the_input() {
        let error = "2016-2-1".parse::<Date>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid date `2016-2-1`, expected YYYY-MM-DD"
        );
    }

    #[test]
    fn deserializes_toml_local_dates_and_strings() {
        #[derive(Deserialize)]
        struct Front {
            a: Date,
            b: Date,
        }
        let front: Front = toml::from_str("a = 2016-12-02\nb = \"2017-01-18\"").unwrap();
        assert_eq!(front.a.to_string(), "2016-12-02");
        assert_eq!(front.b.to_string(), "2017-01-18");
    }
}
