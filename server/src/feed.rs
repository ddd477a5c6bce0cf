//! A search as an Atom feed (RFC 4287): the newest findings that match it, for feed readers,
//! so that a coordinator can follow an area, a source or a word.
//!
//! Every id is an absolute permalink, so a reader that has seen a finding once never shows it
//! as new again: the feed's id is its own address (the search's words and filters, in the
//! order [`feed_query_string`] writes them), an entry's id the finding's permalink. Times
//! are the findings' dates at midnight UTC: nothing in the feed depends on when it was asked
//! for, so equal indexes give equal feeds (and the `ETag` of `caching.rs` holds). The XML is
//! written by `atom_syndication`, which escapes every text; nothing here writes markup.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use indexer::{Date, Hit, SearchRequest, SearchResults, Taxonomy};

use crate::citation::{Citation, headline, one_line, permalink};
use crate::links::{feed_url, in_document_url};
use crate::params::feed_query_string;

/// The media type of the feed.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// The time of what has no date: the start of the epoch, the earliest an Atom date can say.
const UNDATED: &str = "1970-01-01T00:00:00Z";

/// A search's results as an Atom document. `base_url` (scheme and host, no trailing slash)
/// makes every link and id absolute.
///
/// # Errors
/// Only when the XML writer fails, which writing into memory does not.
pub fn write_feed(
    results: &SearchResults,
    taxonomy: &Taxonomy,
    base_url: &str,
) -> Result<Vec<u8>, atom_syndication::Error> {
    let request = &results.request;
    let query = feed_query_string(request);
    let address = format!("{base_url}{}", feed_url(&query));
    let search = match query.as_str() {
        "" => format!("{base_url}/"),
        query => format!("{base_url}/?{query}"),
    };
    let entries: Vec<Entry> = results
        .hits
        .iter()
        .map(|hit| entry(hit, taxonomy, base_url))
        .collect();
    let updated = entries
        .iter()
        .map(|entry| entry.updated)
        .max()
        .unwrap_or_else(undated);
    let feed = Feed {
        title: Text::plain(title(request, taxonomy)),
        id: address.clone(),
        updated,
        authors: vec![Person {
            name: "Hinder".to_owned(),
            uri: Some(format!("{base_url}/")),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "Hinder".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            ..Generator::default()
        }),
        links: vec![
            link("self", &address, "application/atom+xml"),
            link("alternate", &search, "text/html"),
        ],
        subtitle: Some(Text::plain(subtitle(results))),
        lang: Some("sv".to_owned()),
        entries,
        ..Feed::default()
    };
    feed.write_to(Vec::new())
}

/// One finding as an entry: its text, where it comes from and its permalink.
fn entry(hit: &Hit, taxonomy: &Taxonomy, base_url: &str) -> Entry {
    let url = permalink(base_url, &hit.id);
    let dated = hit.date.map(midnight);
    let source = taxonomy
        .source(&hit.source)
        .map_or(hit.source.as_str(), |source| source.label.as_str());
    Entry {
        title: Text::plain(headline(&hit.text)),
        id: url.clone(),
        updated: dated.unwrap_or_else(undated),
        published: dated,
        authors: vec![Person {
            name: source.to_owned(),
            uri: Some(format!("{base_url}/kallor/{}", hit.source)),
            ..Person::default()
        }],
        categories: hit
            .areas
            .iter()
            .map(|slug| Category {
                term: slug.clone(),
                scheme: Some(format!("{base_url}/omraden/")),
                label: taxonomy.area(slug).map(|area| area.label.clone()),
            })
            .collect(),
        links: vec![
            link("alternate", &url, "text/html"),
            Link {
                title: Some(hit.document_title.clone()),
                ..link(
                    "related",
                    &format!("{base_url}{}", in_document_url(&hit.document_id, &hit.id)),
                    "text/html",
                )
            },
        ],
        summary: Some(Text::plain(format!(
            "{}\n\n{}",
            hit.text.trim(),
            Citation::reference(hit, taxonomy)
        ))),
        ..Entry::default()
    }
}

fn link(rel: &str, href: &str, mime_type: &str) -> Link {
    Link {
        rel: rel.to_owned(),
        href: href.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Link::default()
    }
}

/// The feed's title: what it follows, in Swedish.
fn title(request: &SearchRequest, taxonomy: &Taxonomy) -> String {
    let mut title = "Nya fynd i Hinder".to_owned();
    let text = one_line(&request.text);
    if !text.is_empty() {
        title.push_str(&format!(" om ”{text}”"));
    }
    let mut filters: Vec<String> = Vec::new();
    let labels = |slugs: &[String], label: &dyn Fn(&str) -> Option<String>| {
        slugs
            .iter()
            .map(|slug| label(slug).unwrap_or_else(|| slug.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !request.areas.is_empty() {
        let areas = labels(&request.areas, &|slug| {
            taxonomy.area(slug).map(|area| area.label.clone())
        });
        filters.push(format!("område: {areas}"));
    }
    if !request.sources.is_empty() {
        let sources = labels(&request.sources, &|slug| {
            taxonomy.source(slug).map(|source| source.label.clone())
        });
        filters.push(format!("källa: {sources}"));
    }
    if let Some(from) = request.from {
        filters.push(format!("från {from}"));
    }
    if let Some(to) = request.to {
        filters.push(format!("till {to}"));
    }
    if !filters.is_empty() {
        title.push_str(&format!(" ({})", filters.join("; ")));
    }
    title
}

fn subtitle(results: &SearchResults) -> String {
    match (results.hits.len(), results.total) {
        (_, 0) => "Inga fynd matchar sökningen ännu.".to_owned(),
        (1, 1) => "Det enda fyndet som matchar sökningen.".to_owned(),
        (1, total) => format!("Det nyaste av {total} fynd som matchar sökningen."),
        (shown, total) if shown == total => {
            format!("Alla {total} fynd som matchar sökningen, nyast först.")
        }
        (shown, total) => {
            format!("De {shown} nyaste av {total} fynd som matchar sökningen.")
        }
    }
}

fn midnight(date: Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00Z")).unwrap_or_else(|_| undated())
}

fn undated() -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(UNDATED).expect("the epoch is a valid RFC 3339 time")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_dates_at_midnight_utc() {
        let date: Date = "2016-12-02".parse().expect("a date");
        assert_eq!(midnight(date).to_rfc3339(), "2016-12-02T00:00:00+00:00");
        assert_eq!(undated().to_rfc3339(), "1970-01-01T00:00:00+00:00");
    }
}
