//! Dates written in file names and in a document's first lines, the way people write them:
//! `2022-09-21`, `20220921`, `21.9.2022`, `5 sep 2022`, `5_sep_2022`, `5 september 2022`,
//! `September 5, 2022`, with Swedish or English month names.
//!
//! A document without a date in its metadata still sorts and filters by date when its name
//! or cover says one; a date that is not a real day (`2016-13-45`) is no date.

use crate::corpus::{Date, SWEDISH_MONTHS};

/// English month names, January first; their first three letters are the abbreviations.
const ENGLISH_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Years a document of this knowledge base can carry; guards against reading an id or a
/// count (`12345678`) as a date.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2199;

/// The first date anywhere in a file name (its stem).
pub(crate) fn date_in_file_name(stem: &str) -> Option<Date> {
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    first_date(&words)
}

/// The first date written in a text, such as a title slide or a cover page.
pub(crate) fn date_in_text(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | '/' | '–'))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| !word.is_empty())
        .flat_map(split_dotted)
        .collect();
    first_date(&words)
}

/// `21.9.2022` and `2022-09-21` as three words; anything else as it is.
fn split_dotted(word: &str) -> Vec<&str> {
    let parts: Vec<&str> = word.split(['.', '-']).collect();
    let numeric = parts
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if parts.len() == 3 && numeric {
        parts
    } else {
        vec![word]
    }
}

/// The first run of words that spells a date.
fn first_date(words: &[&str]) -> Option<Date> {
    (0..words.len()).find_map(|start| date_at(&words[start..]))
}

/// A date spelled by the words at the start of `words`.
fn date_at(words: &[&str]) -> Option<Date> {
    let word = |index: usize| words.get(index).copied().unwrap_or_default();
    let first = word(0);
    // 20220921
    if first.len() == 8
        && let Some(date) = number(first, 8).and_then(|n| ymd(n / 10_000, n / 100 % 100, n % 100))
    {
        return Some(date);
    }
    // 2022 09 21
    if let (Some(year), Some(month), Some(day)) =
        (number(first, 4), number(word(1), 2), number(word(2), 2))
        && let Some(date) = ymd(year, month, day)
    {
        return Some(date);
    }
    // 21 9 2022, 5 sep 2022, 5 september 2022
    if let Some(day) = number(first, 2) {
        let month = number(word(1), 2).or_else(|| month_number(word(1)));
        if let (Some(month), Some(year)) = (month, number(word(2), 4))
            && let Some(date) = ymd(year, month, day)
        {
            return Some(date);
        }
    }
    // September 5 2022
    if let (Some(month), Some(day), Some(year)) =
        (month_number(first), number(word(1), 2), number(word(2), 4))
    {
        return ymd(year, month, day);
    }
    None
}

/// A number of at most `max_digits` digits (exactly four for a year).
fn number(word: &str, max_digits: usize) -> Option<u32> {
    let digits_ok = if max_digits == 4 {
        word.len() == 4
    } else {
        (1..=max_digits).contains(&word.len())
    };
    (digits_ok && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// The month a Swedish or English name or abbreviation stands for: `sep`, `sept`, `okt`,
/// `maj`, `december`.
fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    let matches = |names: &[&str; 12]| {
        names
            .iter()
            .position(|name| *name == word || (word.len() <= 4 && name.starts_with(&word)))
    };
    let index = matches(&SWEDISH_MONTHS).or_else(|| matches(&ENGLISH_MONTHS))?;
    u32::try_from(index + 1).ok()
}

fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    if !YEARS.contains(&year) {
        return None;
    }
    Date::from_ymd(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_name(stem: &str) -> Option<String> {
        date_in_file_name(stem).map(|date| date.to_string())
    }

    fn in_text(text: &str) -> Option<String> {
        date_in_text(text).map(|date| date.to_string())
    }

    #[test]
    fn file_names_carry_dates_anywhere_in_many_spellings() {
        let cases = [
            ("2016-12-02-mote-3", Some("2016-12-02")),
            ("regional analys 2022-09-21 CD", Some("2022-09-21")),
            ("Protokoll_20220921_final", Some("2022-09-21")),
            ("Workshop 5_sep_2022", Some("2022-09-05")),
            ("möte 5 september 2022", Some("2022-09-05")),
            ("Styrgrupp 17 okt. 2022", Some("2022-10-17")),
            ("Meeting March 3 2021", Some("2021-03-03")),
            ("Minnesanteckningar 21.9.2022", Some("2022-09-21")),
            ("000_801f07ac2272aa86", None),
            ("rapport 2016", None),
            ("version 12345678", None),
            ("2016-13-45 inget datum", None),
            ("bilaga 3 maj", None),
        ];
        for (stem, expected) in cases {
            assert_eq!(in_name(stem).as_deref(), expected, "{stem}");
        }
    }

    #[test]
    fn texts_carry_dates_in_swedish_and_english() {
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
            ("Report of 5 September 2022", Some("2022-09-05")),
            ("Stockholm, December 2, 2016", Some("2016-12-02")),
            ("Möte 8/3 och 2/5", None),
            ("31 deltagare i ref grupp 2016", None),
            ("2016 13 45 är inget datum", None),
        ];
        for (text, expected) in cases {
            assert_eq!(in_text(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn month_names_and_abbreviations() {
        for (word, month) in [
            ("maj", 5),
            ("May", 5),
            ("okt", 10),
            ("Oct.", 10),
            ("sept", 9),
            ("augusti", 8),
            ("mars", 3),
        ] {
            assert_eq!(month_number(word), Some(month), "{word}");
        }
        for word in ["ma", "mar5", "septembers", "marsch"] {
            assert_eq!(month_number(word), None, "{word}");
        }
    }
}
