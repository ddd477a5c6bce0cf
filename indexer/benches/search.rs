//! One search per query class over the real corpus, index built once in setup.
//!
//! The corpus is small, so this measures the fixed cost of a request: parsing, analysis,
//! query building, collection, facets and snippets.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use indexer::{SearchIndex, SearchRequest, Sort};

fn corpus_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"))
}

fn searches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let index_dir = dir.path().join("index");
    indexer::build_index(corpus_dir(), &index_dir, &mut |_, _| {}).expect("building the index");
    let index = SearchIndex::open(&indexer::Audience::Members.index_dir(&index_dir))
        .expect("opening the index")
        .view();

    let classes = [
        ("single_word", SearchRequest::new("fiber")),
        ("inflected", SearchRequest::new("utbyggnadslag")),
        ("two_words", SearchRequest::new("operatörerna kommunerna")),
        ("phrase", SearchRequest::new("\"lokal nivå\"")),
        ("or_and_exclude", SearchRequest::new("fiber OR 5G -kommun")),
        (
            "filters_with_facets",
            SearchRequest {
                text: "kommun".into(),
                areas: vec!["kommunala-processer".into(), "engagemang".into()],
                sources: vec!["sormland".into()],
                from: "2016-01-01".parse().ok(),
                to: "2016-12-31".parse().ok(),
                ..SearchRequest::default()
            },
        ),
        ("empty_query_with_facets", SearchRequest::default()),
        (
            "date_sorted",
            SearchRequest {
                text: "kommun".into(),
                sort: Sort::DateDesc,
                ..SearchRequest::default()
            },
        ),
        ("compound_part", SearchRequest::new("samordnare")),
        ("typo", SearchRequest::new("utbygnadslagen")),
        ("synonym", SearchRequest::new("AG")),
    ];
    let mut group = c.benchmark_group("search");
    for (name, request) in &classes {
        let total = index.search(request).expect("the search runs").total;
        assert!(
            total > 0,
            "{name} finds nothing: the benchmark would measure an empty result"
        );
        group.bench_function(*name, |b| {
            b.iter(|| index.search(black_box(request)).map(|r| r.total))
        });
    }
    for prefix in ["utbyg", "fiber landsb"] {
        let completions = index
            .suggest(prefix, indexer::DEFAULT_COMPLETIONS)
            .expect("suggest runs")
            .completions
            .len();
        assert!(completions > 0, "{prefix} completes to nothing");
        group.bench_function(format!("suggest {prefix}"), |b| {
            b.iter(|| {
                index
                    .suggest(black_box(prefix), indexer::DEFAULT_COMPLETIONS)
                    .map(|s| s.completions.len())
            })
        });
    }
    group.finish();
}

/// The query parser alone: plain words, a phrase, operators and filters written in the text.
fn query_parser(c: &mut Criterion) {
    let taxonomy = indexer::fuzzing::taxonomy();
    let mut group = c.benchmark_group("query_parser");
    for (name, text) in [
        ("words", "utbyggnadslagen torrinstallationer kommun"),
        ("phrase", "\"lokal nivå\" fiber"),
        (
            "operators_and_filters",
            "fiber OR 5G -kommun \"ref grupp\" area:landsbygd source:sormland",
        ),
    ] {
        assert!(
            indexer::fuzzing::parse_query(text, &taxonomy) >= 2,
            "{name}"
        );
        group.bench_function(name, |b| {
            b.iter(|| indexer::fuzzing::parse_query(black_box(text), &taxonomy))
        });
    }
    group.finish();
}

criterion_group!(benches, searches, query_parser);
criterion_main!(benches);
