//! Search parameters in URLs, both ways: reading a query string into a
//! [`SearchRequest`], and writing one back for links (paging, facets, shared searches).
//!
//! The same parameters serve the API and the web UI, so a search in the browser and a call
//! from a tool are one and the same URL apart from the path. Empty values (as an HTML form
//! sends for a blank date field) mean "not set". `area` and `source` repeat, or take
//! comma-separated lists.

use indexer::export::ExportFormat;
use indexer::{Date, MAX_OFFSET, Page, QueryError, SearchRequest, Sort};
use utoipa::IntoParams;

use crate::error::ApiError;

/// A search parameter, as the form's fields are: for saying where a mistake is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// `q`, and the filters written in it.
    Text,
    /// `area`.
    Area,
    /// `source`.
    Source,
    /// `region`.
    Region,
    /// `from`.
    From,
    /// `to`.
    To,
    /// `sort`.
    Sort,
    /// `limit`, `offset`, `page`.
    Paging,
}

/// Query parameters of `GET /api/v1/search` and the search page, as read from the URL. The
/// OpenAPI document describes this very type (`IntoParams`); its limits are filled in from
/// the constants that enforce them (`routes/api/openapi.rs`).
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to search for: words, "phrases", -exclusions, `OR`, and filters such as
    /// `område:landsbygd` or `källa:sormland`. Empty lists every finding, newest first.
    #[param(example = "utbyggnadslagen")]
    pub q: Option<String>,
    /// Area slug; repeat it or separate slugs with commas (any of them matches).
    #[param(value_type = Option<Vec<String>>, example = "landsbygd")]
    pub area: Vec<String>,
    /// Source slug; repeat it or separate slugs with commas (any of them matches).
    #[param(value_type = Option<Vec<String>>, example = "sormland")]
    pub source: Vec<String>,
    /// SCB code of a county (`04`) or a municipality (`0480`); repeat it or separate codes
    /// with commas (any of them matches; a county takes in its municipalities).
    #[param(value_type = Option<Vec<String>>, example = "04")]
    pub region: Vec<String>,
    /// Earliest date, inclusive, `YYYY-MM-DD`.
    #[param(value_type = Option<String>, format = Date, example = "2016-01-01")]
    pub from: Option<Date>,
    /// Latest date, inclusive, `YYYY-MM-DD`.
    #[param(value_type = Option<String>, format = Date, example = "2016-12-31")]
    pub to: Option<Date>,
    /// Order: `relevance` (default), `date_desc` or `date_asc`.
    #[param(inline, example = "relevance")]
    pub sort: Option<Sort>,
    /// Hits per page (default 20).
    #[param(example = 20)]
    pub limit: Option<usize>,
    /// Hits to skip.
    #[param(example = 0)]
    pub offset: Option<usize>,
    /// 1-based page number, an alternative to `offset`; (page − 1) × limit may not exceed
    /// the deepest offset (deeper pages are refused, as with `offset`).
    pub page: Option<usize>,
}

/// Query parameters of `GET /api/v1/feed`: a search's, without its order and paging, which
/// are the feed's own (newest first, from the newest). A search's URL still works as a
/// feed's: its `sort`, `offset` and `page` are read as the search reads them, so a bad value
/// is the same error, and then set aside ([`parse_feed`]).
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// What to search for, as in a search: words, "phrases", -exclusions, `OR`, and filters
    /// such as `område:landsbygd`. Empty follows every finding.
    #[param(example = "utbyggnadslagen")]
    pub q: Option<String>,
    /// Area slug; repeat it or separate slugs with commas (any of them matches).
    #[param(value_type = Option<Vec<String>>, example = "landsbygd")]
    pub area: Vec<String>,
    /// Source slug; repeat it or separate slugs with commas (any of them matches).
    #[param(value_type = Option<Vec<String>>, example = "sormland")]
    pub source: Vec<String>,
    /// SCB code of a county (`04`) or a municipality (`0480`); repeat it or separate codes
    /// with commas (any of them matches; a county takes in its municipalities).
    #[param(value_type = Option<Vec<String>>, example = "04")]
    pub region: Vec<String>,
    /// Earliest date, inclusive, `YYYY-MM-DD`.
    #[param(value_type = Option<String>, format = Date, example = "2016-01-01")]
    pub from: Option<Date>,
    /// Latest date, inclusive, `YYYY-MM-DD`.
    #[param(value_type = Option<String>, format = Date, example = "2016-12-31")]
    pub to: Option<Date>,
    /// Entries in the feed: the newest matching findings (default 20).
    #[param(example = 20)]
    pub limit: Option<usize>,
    /// Taken so that a search's URL works as a feed's: read as the search reads it (a bad
    /// value is the same error), then set aside, since a feed is newest first.
    #[param(inline)]
    pub sort: Option<Sort>,
    /// As `sort`: read, then set aside (a feed starts from the newest).
    pub offset: Option<usize>,
    /// As `sort`: read, then set aside (a feed starts from the newest).
    pub page: Option<usize>,
}

/// Query parameters of `GET /api/v1/suggest`.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// The text typed so far; its last word is completed.
    #[param(example = "utbyg")]
    pub q: Option<String>,
    /// Completions to return (default 8).
    pub limit: Option<usize>,
}

/// Paging of a list: `limit` and `offset`, or a 1-based `page` instead of `offset`.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page.
    #[param(example = 10)]
    pub limit: Option<usize>,
    /// Items to skip.
    #[param(example = 0)]
    pub offset: Option<usize>,
    /// 1-based page number, an alternative to `offset`; (page − 1) × limit may not exceed
    /// the deepest offset.
    pub page: Option<usize>,
}

/// Query parameters of `GET /api/v1/export`.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `ndjson` (default): one finding per line; `opensearch`: a `_bulk` body, an
    /// `{"index":{"_id":...}}` line before each finding.
    #[param(inline, example = "ndjson")]
    pub format: Option<ExportFormat>,
}

/// Reads a raw query string into a search. `page` (1-based) is an alternative to `offset`.
///
/// # Errors
/// A value that cannot be parsed; limits and slugs are checked later by the index.
pub fn parse_search(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    let (request, mut mistakes) = read_search(raw);
    match mistakes.drain(..).next() {
        Some((_, error)) => Err(error),
        None => Ok(request),
    }
}

/// Reads the query string of a feed: the search it follows, newest first and from the
/// newest, whatever `sort`, `offset` or `page` said (feed readers poll one URL and want
/// what is new, not a page of the past).
///
/// # Errors
/// What [`parse_search`] refuses: a feed validates exactly as a search does.
pub fn parse_feed(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    let search = parse_search(raw)?;
    // The offset is set aside, but a search would refuse it: so does the feed.
    Page {
        limit: search.limit,
        offset: search.offset,
    }
    .validate()?;
    Ok(SearchRequest {
        sort: Sort::DateDesc,
        offset: 0,
        ..search
    })
}

/// The query string of the feed that follows a search: its words and filters, and its
/// page size when it is not the default; never its order or page, which the feed fixes.
pub fn feed_query_string(request: &SearchRequest) -> String {
    search_query_string(
        &SearchRequest {
            sort: Sort::default(),
            offset: 0,
            ..request.clone()
        },
        None,
    )
}

/// Reads a raw query string value by value: a value that cannot be read is left out and
/// reported with its parameter, the rest is kept. The web UI shows the search with the
/// message beside the field; the API refuses the first mistake ([`parse_search`]).
pub fn read_search(raw: Option<&str>) -> (SearchRequest, Vec<(Param, ApiError)>) {
    let mut params = SearchParams::default();
    let mut paging = PageParams::default();
    let mut mistakes = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        let read: Result<(), (Param, ApiError)> = match key.as_ref() {
            "q" => {
                params.q = Some(value.to_owned());
                Ok(())
            }
            "area" => {
                params.area.extend(list(value));
                Ok(())
            }
            "source" => {
                params.source.extend(list(value));
                Ok(())
            }
            "region" => {
                params.region.extend(list(value));
                Ok(())
            }
            _ if value.is_empty() => Ok(()),
            "from" => date(value)
                .map(|date| params.from = Some(date))
                .map_err(|e| (Param::From, e.into())),
            "to" => date(value)
                .map(|date| params.to = Some(date))
                .map_err(|e| (Param::To, e.into())),
            "sort" => value
                .parse::<Sort>()
                .map(|sort| params.sort = Some(sort))
                .map_err(|e| (Param::Sort, e.into())),
            other => paging.read(other, value).map_err(|e| (Param::Paging, e)),
        };
        mistakes.extend(read.err());
    }
    (params.limit, params.offset, params.page) = (paging.limit, paging.offset, paging.page);
    let (request, mistake) = params.into_request();
    mistakes.extend(mistake);
    (request, mistakes)
}

impl SearchParams {
    /// The search these parameters ask for, and the paging mistake if there is one (the
    /// first page is searched then).
    fn into_request(self) -> (SearchRequest, Option<(Param, ApiError)>) {
        let mut request = SearchRequest {
            text: self.q.unwrap_or_default(),
            areas: self.area,
            sources: self.source,
            regions: self.region,
            from: self.from,
            to: self.to,
            sort: self.sort.unwrap_or_default(),
            ..SearchRequest::default()
        };
        dedup(&mut request.areas);
        dedup(&mut request.sources);
        dedup(&mut request.regions);
        let paging = PageParams {
            limit: self.limit,
            offset: self.offset,
            page: self.page,
        };
        match paging.resolve(request.limit) {
            Ok(page) => {
                (request.limit, request.offset) = (page.limit, page.offset);
                (request, None)
            }
            Err(error) => (request, Some((Param::Paging, error))),
        }
    }
}

/// Reads `limit` and `offset` (or a 1-based `page`) of a list; `default_limit` applies when
/// `limit` is not given.
///
/// # Errors
/// A value that is not a number, or out of range.
pub fn parse_page(raw: Option<&str>, default_limit: usize) -> Result<Page, ApiError> {
    let mut paging = PageParams::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        if !value.is_empty() {
            paging.read(&key, value)?;
        }
    }
    Ok(paging.resolve(default_limit)?.validate()?)
}

impl PageParams {
    /// Takes `key` when it is `limit`, `offset` or `page`; ignores other keys.
    fn read(&mut self, key: &str, value: &str) -> Result<(), ApiError> {
        match key {
            "limit" => {
                let limit = value.parse();
                self.limit = Some(limit.map_err(|_| QueryError::InvalidLimit(value.to_owned()))?);
            }
            "offset" => {
                let offset = value.parse();
                self.offset =
                    Some(offset.map_err(|_| QueryError::InvalidOffset(value.to_owned()))?);
            }
            "page" => {
                let page = value.parse().ok().filter(|&page: &usize| page >= 1);
                self.page = Some(page.ok_or_else(|| ApiError::InvalidPage(value.to_owned()))?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The page asked for: an explicit `offset` wins over `page`, but a `page` beyond the
    /// window is refused either way.
    fn resolve(self, default_limit: usize) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(default_limit);
        let page_offset = self
            .page
            .map(|page| {
                (page - 1)
                    .checked_mul(limit)
                    .filter(|&offset| offset <= MAX_OFFSET)
                    .ok_or_else(|| ApiError::InvalidPage(page.to_string()))
            })
            .transpose()?;
        let offset = self.offset.or(page_offset).unwrap_or(0);
        Ok(Page { limit, offset })
    }
}

fn list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|slug| !slug.is_empty())
        .map(str::to_owned)
}

fn dedup(values: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    values.retain(|value| seen.insert(value.clone()));
}

fn date(value: &str) -> Result<Date, QueryError> {
    value
        .parse()
        .map_err(|_| QueryError::InvalidDate(value.to_owned()))
}

/// The values of a repeatable parameter, which may also hold comma-separated lists.
pub fn parse_list(raw: Option<&str>, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        if key == name {
            values.extend(list(value.trim()));
        }
    }
    dedup(&mut values);
    values
}

/// The value of a single parameter, when given and not empty.
pub fn parse_value(raw: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(key, value)| key == name && !value.trim().is_empty())
        .map(|(_, value)| value.into_owned())
}

/// Reads `q` and `limit` of a suggestion request.
///
/// # Errors
/// A `limit` that is not a number.
pub fn parse_suggest(raw: Option<&str>) -> Result<SuggestParams, ApiError> {
    let mut params = SuggestParams::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "q" => params.q = Some(value.into_owned()),
            "limit" if !value.trim().is_empty() => {
                let limit = value.trim().parse();
                params.limit =
                    Some(limit.map_err(|_| QueryError::InvalidLimit(value.trim().to_owned()))?);
            }
            _ => {}
        }
    }
    Ok(params)
}

/// Reads the `format` of an export.
///
/// # Errors
/// A format that is not one of [`ExportFormat`]'s names.
pub fn parse_export(raw: Option<&str>) -> Result<ExportParams, ApiError> {
    let format = parse_value(raw, "format")
        .map(|name| name.trim().parse::<ExportFormat>())
        .transpose()
        .map_err(ApiError::InvalidFormat)?;
    Ok(ExportParams { format })
}

/// The query string of a search, for links. Defaults are left out to keep links short;
/// `page` replaces `offset` (the web UI pages, tools use offsets).
pub fn search_query_string(request: &SearchRequest, page: Option<usize>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if !request.text.is_empty() {
        query.append_pair("q", &request.text);
    }
    for area in &request.areas {
        query.append_pair("area", area);
    }
    for source in &request.sources {
        query.append_pair("source", source);
    }
    for region in &request.regions {
        query.append_pair("region", region);
    }
    if let Some(from) = request.from {
        query.append_pair("from", &from.to_string());
    }
    if let Some(to) = request.to {
        query.append_pair("to", &to.to_string());
    }
    if request.sort != Sort::default() {
        query.append_pair("sort", request.sort.as_str());
    }
    if request.limit != indexer::DEFAULT_LIMIT {
        query.append_pair("limit", &request.limit.to_string());
    }
    match page {
        Some(page) if page > 1 => {
            query.append_pair("page", &page.to_string());
        }
        None if request.offset > 0 => {
            query.append_pair("offset", &request.offset.to_string());
        }
        _ => {}
    }
    query.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<SearchRequest, ApiError> {
        parse_search(Some(raw))
    }

    #[test]
    fn reads_every_parameter() {
        let request = parse(
            "q=utbyggnadslagen+%22lokal+niv%C3%A5%22&area=landsbygd&area=fiber,samverkan&source=sormland\
             &from=2016-01-01&to=2016-12-31&limit=5&offset=10&sort=date_asc",
        )
        .unwrap();
        assert_eq!(request.text, "utbyggnadslagen \"lokal nivå\"");
        assert_eq!(request.areas, ["landsbygd", "fiber", "samverkan"]);
        assert_eq!(request.sources, ["sormland"]);
        assert_eq!(request.from.unwrap().to_string(), "2016-01-01");
        assert_eq!(request.to.unwrap().to_string(), "2016-12-31");
        assert_eq!(
            (request.limit, request.offset, request.sort),
            (5, 10, Sort::DateAsc)
        );
    }

    #[test]
    fn empty_values_mean_unset() {
        let request = parse("q=&from=&to=&area=&limit=&sort=&page=").unwrap();
        assert_eq!(request, SearchRequest::default());
        assert_eq!(parse_search(None).unwrap(), SearchRequest::default());
    }

    #[test]
    fn bad_values_are_client_errors() {
        let cases = [
            ("limit=-1", "invalid_limit"),
            ("limit=ten", "invalid_limit"),
            ("offset=-5", "invalid_offset"),
            ("from=2016-13-01", "invalid_date"),
            ("to=igår", "invalid_date"),
            ("sort=newest", "invalid_sort"),
            ("page=0", "invalid_page"),
            ("page=99999999999999999999", "invalid_page"),
            ("page=100000", "invalid_page"),
        ];
        for (raw, code) in cases {
            assert_eq!(parse(raw).unwrap_err().code(), code, "{raw}");
        }
    }

    #[test]
    fn lists_page_the_same_way() {
        let page = |raw: &str| parse_page(Some(raw), 20);
        assert_eq!(
            page("").unwrap(),
            Page {
                limit: 20,
                offset: 0
            }
        );
        assert_eq!(
            page("limit=5&page=3").unwrap(),
            Page {
                limit: 5,
                offset: 10
            }
        );
        assert_eq!(page("limit=5&offset=7&page=3").unwrap().offset, 7);
        assert_eq!(page("limit=0").unwrap_err().code(), "invalid_limit");
        assert_eq!(page("limit=101").unwrap_err().code(), "invalid_limit");
        assert_eq!(page("offset=10001").unwrap_err().code(), "invalid_offset");
        assert_eq!(page("page=zero").unwrap_err().code(), "invalid_page");
    }

    #[test]
    fn repeated_and_comma_separated_values_join() {
        assert_eq!(
            parse_list(Some("ids=a,b&ids=c&ids=a&x=d"), "ids"),
            ["a", "b", "c"]
        );
        assert_eq!(
            parse_value(Some("text=&text=hej"), "text").as_deref(),
            Some("hej")
        );
    }

    #[test]
    fn page_sets_offset_unless_offset_is_given() {
        assert_eq!(parse("page=3&limit=10").unwrap().offset, 20);
        assert_eq!(parse("page=3&offset=7").unwrap().offset, 7);
        assert_eq!(
            parse("page=204582&offset=7").unwrap_err().code(),
            "invalid_page",
            "a page beyond the window is refused even beside an offset"
        );
    }

    #[test]
    fn a_feed_is_its_search_newest_first_from_the_newest() {
        let feed = parse_feed(Some("q=fiber&area=landsbygd&sort=date_asc&page=3&limit=5")).unwrap();
        assert_eq!((feed.sort, feed.offset, feed.limit), (Sort::DateDesc, 0, 5));
        assert_eq!(
            (feed.text.as_str(), feed.areas.as_slice()),
            ("fiber", &["landsbygd".to_owned()][..])
        );
        assert_eq!(feed_query_string(&feed), "q=fiber&area=landsbygd&limit=5");
        for (raw, code) in [
            ("sort=newest", "invalid_sort"),
            ("from=igår", "invalid_date"),
        ] {
            assert_eq!(parse_feed(Some(raw)).unwrap_err().code(), code, "{raw}");
        }
    }

    #[test]
    fn query_string_round_trips() {
        let request = parse(
            "q=fiber+%26+5G&area=landsbygd&source=sormland&from=2016-12-02&sort=date_desc&limit=50",
        )
        .unwrap();
        let written = search_query_string(&request, Some(2));
        assert_eq!(
            written,
            "q=fiber+%26+5G&area=landsbygd&source=sormland&from=2016-12-02&sort=date_desc&limit=50&page=2"
        );
        let mut read = parse(&written).unwrap();
        read.offset = request.offset;
        assert_eq!(read, request);
        assert_eq!(search_query_string(&SearchRequest::default(), Some(1)), "");
    }
}
