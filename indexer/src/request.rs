//! What a caller may ask: query text, filters, paging and order, and the checks on it.

use std::fmt;
use std::str::FromStr;

use crate::corpus::{Date, Regions, Taxonomy};

/// Hits per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// The deepest page one may ask for; deeper paging costs memory and helps nobody.
pub const MAX_OFFSET: usize = 10_000;

/// The longest text (in characters) that related findings are looked for: a few pages of a
/// draft. Longer texts are refused rather than cut, so that no part is silently ignored.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The longest search (and suggestion) text in characters. Like Elasticsearch's clause cap
/// and Meilisearch's word cap, it bounds the work one request can ask for: every word is
/// analysed, split into compound parts, looked up with typos and counted alone when little is
/// found. A search box holds a few words; a longer text belongs in the draft assistant.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most words (operators and filters included) one search may have.
pub const MAX_QUERY_WORDS: usize = 32;

/// Whether a search text is within [`MAX_QUERY_CHARS`] and [`MAX_QUERY_WORDS`].
///
/// # Errors
/// [`QueryError::QueryTooLong`] with the text's size.
pub fn check_query_size(text: &str) -> Result<(), QueryError> {
    let chars = text.chars().count();
    // Counting stops past the cap: a hostile text of 60 000 words costs no more than 33.
    let words = text.split_whitespace().take(MAX_QUERY_WORDS + 1).count();
    if chars > MAX_QUERY_CHARS || words > MAX_QUERY_WORDS {
        return Err(QueryError::QueryTooLong { chars, words });
    }
    Ok(())
}

/// A window of a list: the same paging for every list the index returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Items to return, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Items to skip, 0 to [`MAX_OFFSET`].
    pub offset: usize,
}

impl Default for Page {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl Page {
    /// The first `limit` items.
    pub fn first(limit: usize) -> Self {
        Self { limit, offset: 0 }
    }

    /// Checks the limits.
    ///
    /// # Errors
    /// [`QueryError::InvalidLimit`] or [`QueryError::InvalidOffset`].
    pub fn validate(self) -> Result<Self, QueryError> {
        if !(1..=MAX_LIMIT).contains(&self.limit) {
            return Err(QueryError::InvalidLimit(self.limit.to_string()));
        }
        if self.offset > MAX_OFFSET {
            return Err(QueryError::InvalidOffset(self.offset.to_string()));
        }
        Ok(self)
    }

    /// This window of a slice (empty past its end).
    pub fn of<T>(self, items: &[T]) -> &[T] {
        let start = self.offset.min(items.len());
        let end = start.saturating_add(self.limit).min(items.len());
        &items[start..end]
    }
}

/// A search: free text plus filters. Filters OR within a kind and AND across kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// What the user typed. Never a syntax error: quotes make a phrase, `-word` excludes,
    /// `OR` joins alternatives, anything else is words. Empty lists everything.
    pub text: String,
    /// Area slugs; a finding matches if it has any of them.
    pub areas: Vec<String>,
    /// Source slugs; a finding matches if it has any of them.
    pub sources: Vec<String>,
    /// SCB codes of counties (`04`) or municipalities (`0480`); a finding matches if its
    /// document comes from any of them (a county takes in its municipalities).
    pub regions: Vec<String>,
    /// Earliest date, inclusive.
    pub from: Option<Date>,
    /// Latest date, inclusive.
    pub to: Option<Date>,
    /// Hits to return, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Hits to skip, 0 to [`MAX_OFFSET`].
    pub offset: usize,
    /// Order of hits.
    pub sort: Sort,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            text: String::new(),
            areas: Vec::new(),
            sources: Vec::new(),
            regions: Vec::new(),
            from: None,
            to: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
            sort: Sort::default(),
        }
    }
}

impl SearchRequest {
    /// Whether no area, source or date filter narrows the request.
    pub(crate) fn has_no_filters(&self) -> bool {
        self.areas.is_empty()
            && self.sources.is_empty()
            && self.regions.is_empty()
            && self.from.is_none()
            && self.to.is_none()
    }

    /// A request for this text with default filters and paging.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// Its paging.
    pub fn page(&self) -> Page {
        Page {
            limit: self.limit,
            offset: self.offset,
        }
    }

    /// Checks the request against the limits and the taxonomy.
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate(&self, taxonomy: &Taxonomy) -> Result<(), QueryError> {
        self.page().validate()?;
        check_query_size(&self.text)?;
        if let Some(area) = self.areas.iter().find(|slug| taxonomy.area(slug).is_none()) {
            return Err(QueryError::UnknownArea(area.clone()));
        }
        if let Some(source) = self
            .sources
            .iter()
            .find(|slug| taxonomy.source(slug).is_none())
        {
            return Err(QueryError::UnknownSource(source.clone()));
        }
        if let Some(region) = self
            .regions
            .iter()
            .find(|code| Regions::all().name(code).is_none())
        {
            return Err(QueryError::UnknownRegion(region.clone()));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(QueryError::InvalidDateRange { from, to });
        }
        Ok(())
    }
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; ties go to the newer finding, then document order.
    #[default]
    Relevance,
    /// Newest first, then document order.
    DateDesc,
    /// Oldest first, then document order.
    DateAsc,
}

impl Sort {
    /// The name used in URLs and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::DateDesc => "date_desc",
            Self::DateAsc => "date_asc",
        }
    }
}

impl fmt::Display for Sort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Sort {
    type Err = QueryError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "relevance" => Ok(Self::Relevance),
            "date_desc" => Ok(Self::DateDesc),
            "date_asc" => Ok(Self::DateAsc),
            other => Err(QueryError::InvalidSort(other.to_owned())),
        }
    }
}

/// A search request the caller must fix. Messages are shown to users, so they say what
/// would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// An area filter names no declared area.
    #[error("unknown area `{0}`")]
    UnknownArea(String),
    /// A source filter names no declared source.
    #[error("unknown source `{0}`")]
    UnknownSource(String),
    /// A region filter names no county or municipality.
    #[error("unknown region `{0}`: a county's two-digit or a municipality's four-digit SCB code")]
    UnknownRegion(String),
    /// A date filter is not a valid date.
    #[error("invalid date `{0}`, expected YYYY-MM-DD")]
    InvalidDate(String),
    /// `from` is after `to`.
    #[error("`from` ({from}) is after `to` ({to})")]
    InvalidDateRange {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
    },
    /// `limit` is not a number from 1 to [`MAX_LIMIT`].
    #[error("invalid limit `{0}`, expected a number from 1 to {MAX_LIMIT}")]
    InvalidLimit(String),
    /// `offset` is not a number from 0 to [`MAX_OFFSET`].
    #[error("invalid offset `{0}`, expected a number from 0 to {MAX_OFFSET}")]
    InvalidOffset(String),
    /// `sort` is not one of the known orders.
    #[error("invalid sort `{0}`, expected relevance, date_desc or date_asc")]
    InvalidSort(String),
    /// A text to find related findings for is longer than [`MAX_TEXT_CHARS`].
    #[error("the text has {0} characters, at most {MAX_TEXT_CHARS} are accepted")]
    TextTooLong(usize),
    /// A search text over [`MAX_QUERY_CHARS`] or [`MAX_QUERY_WORDS`].
    #[error(
        "the query is too long ({chars} characters, {words} words{more}); at most \
         {MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words are accepted",
        more = if *words > MAX_QUERY_WORDS { " or more" } else { "" }
    )]
    QueryTooLong {
        /// Its length in characters.
        chars: usize,
        /// Its words, counted up to one past the cap.
        words: usize,
    },
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn sort_names_are_one_fact_in_urls_and_in_json() {
        for sort in [Sort::Relevance, Sort::DateDesc, Sort::DateAsc] {
            let json = serde_json::to_string(&sort).expect("a name");
            assert_eq!(json, format!("\"{}\"", sort.as_str()));
            assert_eq!(sort.as_str().parse::<Sort>(), Ok(sort));
        }
    }

    #[test]
    fn queries_are_bounded_in_characters_and_words() {
        let words = |n: usize| vec!["fiber"; n].join(" ");
        assert!(check_query_size(&words(MAX_QUERY_WORDS)).is_ok());
        assert_eq!(
            check_query_size(&words(6_000)),
            Err(QueryError::QueryTooLong {
                chars: 6_000 * 6 - 1,
                words: MAX_QUERY_WORDS + 1
            })
        );
        let long = "ö".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            check_query_size(&long),
            Err(QueryError::QueryTooLong {
                chars: MAX_QUERY_CHARS + 1,
                words: 1
            })
        );
        assert!(check_query_size(&"ö".repeat(MAX_QUERY_CHARS)).is_ok());
        let request = SearchRequest::new(words(MAX_QUERY_WORDS + 1));
        assert!(matches!(
            request.validate(&taxonomy()),
            Err(QueryError::QueryTooLong { .. })
        ));
    }

    fn taxonomy() -> Taxonomy {
        Taxonomy::parse(
            "[[area]]\nslug = \"fiber\"\nlabel = \"Fiber\"\ndescription = \"\"\n",
            Path::new("areas.toml"),
            "default = \"sormland\"\n[[source]]\nslug = \"sormland\"\nlabel = \"S\"\ndescription = \"\"\n",
            Path::new("sources.toml"),
        )
        .unwrap()
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(SearchRequest::default().validate(&taxonomy()), Ok(()));
        assert_eq!(SearchRequest::default().limit, DEFAULT_LIMIT);
    }

    #[test]
    fn each_problem_is_reported() {
        let cases = [
            (
                SearchRequest {
                    limit: 0,
                    ..SearchRequest::default()
                },
                "invalid limit `0`, expected a number from 1 to 100",
            ),
            (
                SearchRequest {
                    limit: 101,
                    ..SearchRequest::default()
                },
                "invalid limit `101`, expected a number from 1 to 100",
            ),
            (
                SearchRequest {
                    offset: 10_001,
                    ..SearchRequest::default()
                },
                "invalid offset `10001`, expected a number from 0 to 10000",
            ),
            (
                SearchRequest {
                    areas: vec!["skog".into()],
                    ..SearchRequest::default()
                },
                "unknown area `skog`",
            ),
            (
                SearchRequest {
                    sources: vec!["radio".into()],
                    ..SearchRequest::default()
                },
                "unknown source `radio`",
            ),
            (
                SearchRequest {
                    from: "2017-01-01".parse().ok(),
                    to: "2016-01-01".parse().ok(),
                    ..SearchRequest::default()
                },
                "`from` (2017-01-01) is after `to` (2016-01-01)",
            ),
        ];
        for (request, message) in cases {
            assert_eq!(
                request.validate(&taxonomy()).unwrap_err().to_string(),
                message
            );
        }
    }

    #[test]
    fn sort_round_trips_and_rejects_unknown() {
        for sort in [Sort::Relevance, Sort::DateDesc, Sort::DateAsc] {
            assert_eq!(sort.as_str().parse::<Sort>(), Ok(sort));
        }
        assert_eq!(
            "newest".parse::<Sort>().unwrap_err().to_string(),
            "invalid sort `newest`, expected relevance, date_desc or date_asc"
        );
    }
}
