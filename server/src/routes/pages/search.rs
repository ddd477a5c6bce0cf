//! `/`: the search page. A mistake in the form (a date that is no date, an area that does
//! not exist, `from` after `to`) keeps the page: the search runs without the bad value, and
//! the message stands beside the field it is about.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use indexer::{QueryError, SearchRequest, SearchResults, Sort};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::basket::Basket;
use crate::error::ApiError;
use crate::params::{Param, read_search, search_query_string};
use crate::state::AppState;
use crate::views::{FieldErrors, HitContext, SearchPage};

/// Each mistake is fixed by leaving its value out; a request has only so many values.
const MAX_RETRIES: usize = 16;

pub(super) async fn search_page(
    State(state): State<AppState>,
    viewer: Viewer,
    basket: Basket,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let (mut request, mistakes) = read_search(raw.as_deref());
    // What a form without JavaScript sends: blank fields and the default order. The short
    // address is the one to keep and share.
    if mistakes.is_empty() && is_form_noise(raw.as_deref()) {
        let page =
            (request.offset % request.limit == 0).then(|| request.offset / request.limit + 1);
        let short = search_query_string(&request, page);
        let location = if short.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{short}")
        };
        return Ok(Redirect::to(&location).into_response());
    }
    let typed = request.text.clone();
    let mut errors = FieldErrors::default();
    for (param, error) in mistakes {
        errors.note(param, &error);
    }
    let results = loop {
        let attempt = request.clone();
        match state
            .run(viewer.audience(), move |index| search(index, &attempt))
            .await
        {
            Ok(results) => break results,
            Err(ApiError::Query(error)) if errors.count() < MAX_RETRIES => {
                let param =
                    leave_out(&mut request, &error).ok_or(ApiError::Query(error.clone()))?;
                errors.note(param, &ApiError::Query(error));
            }
            Err(error) => return Err(error.into()),
        }
    };
    let taxonomy = &state.index_for(viewer.audience()).manifest().taxonomy;
    let base_url = state.base_url(&headers);
    let context = HitContext {
        basket: &basket,
        base_url: &base_url,
        editor: viewer.is_editor() && state.writes().is_ok(),
    };
    let mut page = SearchPage::new(&results, taxonomy, context);
    page.q = typed;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    page.errors = errors;
    Ok((status, render(&viewer, &page)?).into_response())
}

/// Whether a query string holds a blank value or names the default order.
fn is_form_noise(raw: Option<&str>) -> bool {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes()).any(|(key, value)| {
        value.trim().is_empty() || (key == "sort" && value == Sort::default().as_str())
    })
}

/// The search; a page beyond the last (an old link, a hand-edited URL) gives the last page.
fn search(index: &indexer::IndexView, request: &SearchRequest) -> indexer::Result<SearchResults> {
    let results = index.search(request)?;
    if results.hits.is_empty() && results.total > 0 && request.offset > 0 {
        let last = SearchRequest {
            offset: (results.total - 1) / request.limit * request.limit,
            ..request.clone()
        };
        return index.search(&last);
    }
    Ok(results)
}

/// Takes the value a mistake is about out of the request; the field it was in, or `None`
/// for a mistake no value of the form causes.
fn leave_out(request: &mut SearchRequest, error: &QueryError) -> Option<Param> {
    match error {
        QueryError::UnknownArea(slug) => Some(leave_out_filter(
            &mut request.areas,
            &mut request.text,
            slug,
            Param::Area,
        )),
        QueryError::UnknownSource(slug) => Some(leave_out_filter(
            &mut request.sources,
            &mut request.text,
            slug,
            Param::Source,
        )),
        QueryError::UnknownRegion(code) => {
            request.regions.retain(|given| given != code);
            Some(Param::Region)
        }
        QueryError::InvalidDateRange { .. } => {
            (request.from, request.to) = (None, None);
            Some(Param::To)
        }
        QueryError::QueryTooLong { .. } => {
            request.text = within_query_limits(&request.text);
            Some(Param::Text)
        }
        _ => None,
    }
}

/// An unknown slug out of the filter it was given in, or out of the text (`område:x`).
fn leave_out_filter(
    filter: &mut Vec<String>,
    text: &mut String,
    slug: &str,
    param: Param,
) -> Param {
    if filter.iter().any(|given| given == slug) {
        filter.retain(|given| given != slug);
        return param;
    }
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|word| {
            word.split_once(':')
                .is_none_or(|(_, value)| value.to_lowercase() != slug)
        })
        .collect();
    *text = kept.join(" ");
    Param::Text
}

/// The start of a text that is too long to search: its first words, as many as a search
/// may have and within its characters.
fn within_query_limits(text: &str) -> String {
    let mut kept = String::new();
    for word in text.split_whitespace().take(indexer::MAX_QUERY_WORDS) {
        let room = indexer::MAX_QUERY_CHARS.saturating_sub(kept.chars().count() + 1);
        if word.chars().count() > room {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::within_query_limits;

    #[test]
    fn a_text_too_long_is_searched_by_its_start() {
        let long = vec!["fiber"; 6_000].join(" ");
        let kept = within_query_limits(&long);
        assert_eq!(kept.split(' ').count(), indexer::MAX_QUERY_WORDS);
        assert!(indexer::check_query_size(&kept).is_ok());
        let one_huge_word = "ö".repeat(indexer::MAX_QUERY_CHARS * 2);
        assert_eq!(within_query_limits(&one_huge_word), "");
    }
}
