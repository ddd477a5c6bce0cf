//! Related findings judged by hand (`tests/fixtures/related/judged.toml`): no heading or
//! common-word match leads a list, the judged relevant finding does, and a finding related
//! to nothing gets an empty list. Each case is one the ranking before got wrong.

use indexer::{Page, SearchRequest};
use serde::Deserialize;

use crate::support::{self, fixture};

#[derive(Debug, Deserialize)]
struct Judged {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    source: String,
    old_first: String,
    #[serde(default)]
    noise: Vec<String>,
    #[serde(default)]
    relevant: Vec<String>,
    #[serde(default)]
    nothing: bool,
}

/// The seed finding whose text starts with `start`.
fn finding_starting(start: &str) -> indexer::Hit {
    let index = &support::seed().index;
    let mut offset = 0;
    loop {
        let page = index
            .search(&SearchRequest {
                limit: indexer::MAX_LIMIT,
                offset,
                ..SearchRequest::default()
            })
            .expect("listing succeeds");
        if let Some(hit) = page.hits.iter().find(|hit| hit.text.starts_with(start)) {
            return hit.clone();
        }
        offset += page.hits.len();
        assert!(
            !page.hits.is_empty() && offset < page.total,
            "a seed finding starts with {start:?}"
        );
    }
}

#[test]
fn judged_related_lists_lead_with_what_is_related() {
    let judged: Judged = toml::from_str(
        &std::fs::read_to_string(fixture("related/judged.toml")).expect("the judged set"),
    )
    .expect("the judged set parses");
    let index = &support::seed().index;
    let mut failures = Vec::new();
    for case in &judged.case {
        let source = finding_starting(&case.source);
        let related = index
            .related(&source.id, Page::first(5))
            .expect("related succeeds")
            .expect("the finding exists");
        let texts: Vec<&str> = related.hits.iter().map(|r| r.hit.text.as_str()).collect();
        let first = texts.first().copied();
        let starts =
            |text: &str, list: &[String]| list.iter().any(|s| text.starts_with(s.as_str()));
        println!(
            "{:<55} before: {:<45} now: {}",
            truncate(&case.source, 55),
            truncate(&case.old_first, 45),
            first.map_or("(nothing)".to_owned(), |text| truncate(text, 45))
        );
        assert!(
            starts(&case.old_first, &case.noise),
            "{}: what the old ranking put first is judged noise",
            case.source
        );
        if case.nothing && !texts.is_empty() {
            failures.push(format!("{}: expected nothing, got {texts:?}", case.source));
        }
        if let Some(first) = first {
            if starts(first, &case.noise) {
                failures.push(format!("{}: noise leads: {first}", case.source));
            }
            if !case.relevant.is_empty() && !starts(first, &case.relevant) {
                failures.push(format!(
                    "{}: {first} leads, not a relevant one",
                    case.source
                ));
            }
        } else if !case.relevant.is_empty() {
            failures.push(format!("{}: empty, though some are relevant", case.source));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A draft's related findings share words that say something: never only `ska`, `hos`,
/// `kan` or a number, whatever the text.
#[test]
fn a_draft_is_matched_on_words_that_say_something() {
    let index = &support::seed().index;
    let says_nothing = [
        "ska", "hos", "kan", "är", "går", "får", "2", "8", "nya", "de",
    ];
    for text in [
        "Det är kommunerna som ska ta ansvar, och stödet hos länsstyrelsen behöver bli tydligare.",
        "Vi ska ha ett möte hos regionen den 8 mars, och nya frågor kan tas upp där.",
        "Hur går det med utbyggnaden hos operatörerna, och får kommunerna stöd?",
    ] {
        let related = index
            .related_to_text(text, Page::first(20), None)
            .expect("related succeeds");
        for hit in &related.hits {
            assert!(
                hit.shared
                    .iter()
                    .any(|word| !says_nothing.contains(&word.as_str())),
                "{text}\n  matched {:?} on {:?} only",
                hit.hit.text,
                hit.shared
            );
            for matched in &hit.matched {
                assert!(
                    !says_nothing.contains(&matched.word.as_str()),
                    "{text}: {:?} counted for {:?}",
                    matched.word,
                    hit.hit.text
                );
            }
        }
    }
}

fn truncate(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(chars - 1).collect::<String>())
    }
}
