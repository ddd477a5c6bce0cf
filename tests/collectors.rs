//! The collectors that rank, count and filter in one pass over decoded segment columns
//! agree with a plain count over the findings themselves: totals, disjunctive facet counts
//! and date orders, for a taxonomy small enough to pack (one word per finding) and one too
//! large for that, and on an index split into segments with deleted findings.

use std::collections::HashMap;
use std::path::Path;

use indexer::import::ImportOptions;
use indexer::{Date, Hit, IndexView, Library, SearchRequest, Sort, Status};

use crate::support::{TestCorpus, scratch};

/// One finding as the test generates it.
struct Finding {
    id: String,
    areas: Vec<String>,
    source: String,
    date: Option<Date>,
    /// Whether its text has the word the searches look for.
    kanal: bool,
}

/// Findings spread over `areas` areas, 5 sources and 30 years, some undated, some with two
/// areas, every third with the word `kanalisation`.
fn findings(areas: usize) -> Vec<Finding> {
    (0..1500)
        .map(|i| {
            let mut own = vec![format!("omrade-{}", (i * 7) % areas)];
            if i % 4 == 0 {
                own.push(format!("omrade-{}", (i * 3 + 1) % areas));
                own.dedup();
            }
            Finding {
                id: format!("fynd-{i}"),
                areas: own,
                source: format!("kalla-{}", i % 5),
                date: (i % 13 != 0)
                    .then(|| Date::from_ymd(1940 + (i % 30) as i32, 1 + (i % 12) as u8, 1))
                    .flatten(),
                kanal: i % 3 == 0,
            }
        })
        .collect()
}

fn import(findings: &[Finding], dir: &Path) -> Library {
    let lines: String = findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let text = if f.kanal {
                format!("Kanalisation och fiber i kommun {i}.")
            } else {
                format!("Fiber i kommun {i}.")
            };
            let record = serde_json::json!({
                "id": f.id,
                "doc": format!("dokument-{}", i % 41),
                "text": text,
                "areas": f.areas,
                "source": f.source,
                "date": f.date.map(|d| d.to_string()).unwrap_or_default(),
            });
            format!("{record}\n")
        })
        .collect();
    let input = dir.join("findings.ndjson");
    std::fs::write(&input, lines).expect("writing the findings");
    let index = dir.join("index");
    let options = ImportOptions {
        default_status: Status::Publicerad,
    };
    let report = indexer::import_index(
        &input,
        &dir.join("no-corpus"),
        &index,
        options,
        &mut |_, _| {},
    )
    .expect("importing");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    Library::open(&index).expect("opening the import")
}

/// The requests every check runs: text or none, each filter alone and together.
fn requests() -> Vec<SearchRequest> {
    let from = Date::from_ymd(1950, 1, 1);
    let to = Date::from_ymd(1959, 12, 31);
    let mut requests = Vec::new();
    for text in ["", "kanalisation"] {
        for (areas, sources, dates) in [
            (vec![], vec![], false),
            (vec!["omrade-1"], vec![], false),
            (vec!["omrade-1", "omrade-2"], vec![], false),
            (vec![], vec!["kalla-2"], false),
            (vec![], vec![], true),
            (vec!["omrade-3"], vec!["kalla-1", "kalla-4"], true),
        ] {
            requests.push(SearchRequest {
                text: text.into(),
                areas: areas.into_iter().map(String::from).collect(),
                sources: sources.into_iter().map(String::from).collect(),
                from: dates.then_some(from).flatten(),
                to: dates.then_some(to).flatten(),
                ..SearchRequest::default()
            });
        }
    }
    requests
}

/// Which of a request's filters a finding fails: area, source, date.
fn fails(finding: &Finding, request: &SearchRequest) -> [bool; 3] {
    let area =
        !request.areas.is_empty() && !finding.areas.iter().any(|a| request.areas.contains(a));
    let source = !request.sources.is_empty() && !request.sources.contains(&finding.source);
    let date = (request.from.is_some() || request.to.is_some())
        && !finding.date.is_some_and(|date| {
            request.from.is_none_or(|from| date >= from) && request.to.is_none_or(|to| date <= to)
        });
    [area, source, date]
}

/// Total and facet counts as the README defines them: a dimension's counts apply every
/// filter but its own.
fn expected(findings: &[Finding], request: &SearchRequest) -> (usize, [HashMap<String, u64>; 3]) {
    let mut total = 0;
    let mut counts: [HashMap<String, u64>; 3] = Default::default();
    for finding in findings
        .iter()
        .filter(|f| request.text.is_empty() || f.kanal)
    {
        let failed = fails(finding, request);
        let passes_but = |own: usize| failed.iter().enumerate().all(|(i, &f)| i == own || !f);
        total += usize::from(failed.iter().all(|&f| !f));
        if passes_but(0) {
            for area in &finding.areas {
                *counts[0].entry(area.clone()).or_default() += 1;
            }
        }
        if passes_but(1) {
            *counts[1].entry(finding.source.clone()).or_default() += 1;
        }
        if let (true, Some(date)) = (passes_but(2), finding.date) {
            *counts[2].entry(date.year().to_string()).or_default() += 1;
        }
    }
    (total, counts)
}

fn check_counts(view: &IndexView, findings: &[Finding]) {
    for request in requests() {
        let results = view.search(&request).expect("the search runs");
        let (total, counts) = expected(findings, &request);
        assert_eq!(results.total, total, "{request:?}");
        for (facets, expected) in [
            &results.facets.area,
            &results.facets.source,
            &results.facets.year,
        ]
        .into_iter()
        .zip(&counts)
        {
            let got: HashMap<String, u64> = facets
                .iter()
                .filter(|f| f.count > 0)
                .map(|f| (f.value.clone(), f.count))
                .collect();
            assert_eq!(&got, expected, "{request:?}");
        }
    }
}

/// Every page of a date order, joined, is the whole order: dated findings by date in the
/// asked direction, undated ones last.
fn check_date_orders(view: &IndexView, findings: &[Finding]) {
    let dates: HashMap<&str, Option<Date>> =
        findings.iter().map(|f| (f.id.as_str(), f.date)).collect();
    for sort in [Sort::DateDesc, Sort::DateAsc] {
        for text in ["", "kanalisation"] {
            let page = |offset| {
                view.search(&SearchRequest {
                    text: text.into(),
                    sort,
                    limit: 100,
                    offset,
                    ..SearchRequest::default()
                })
                .expect("the search runs")
            };
            let first = page(0);
            let mut hits: Vec<Hit> = Vec::new();
            let mut offset = 0;
            while offset < first.total {
                hits.extend(page(offset).hits);
                offset += 100;
            }
            assert_eq!(hits.len(), first.total, "{sort:?} {text:?}");
            let ordered: Vec<Option<Date>> = hits.iter().map(|h| dates[h.id.as_str()]).collect();
            let mut sorted = ordered.clone();
            sorted.sort_by(|a, b| match (a, b) {
                (Some(a), Some(b)) if sort == Sort::DateDesc => b.cmp(a),
                (Some(a), Some(b)) => a.cmp(b),
                (a, b) => b.is_some().cmp(&a.is_some()),
            });
            assert_eq!(ordered, sorted, "{sort:?} {text:?}: not in date order");
            let mut ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(
                ids.len(),
                first.total,
                "{sort:?} {text:?}: a finding on two pages"
            );
        }
    }
}

#[test]
fn packed_facets_agree_with_counting_the_findings() {
    let work = scratch();
    let findings = findings(6);
    let library = import(&findings, work.path());
    let view = library.index_for(indexer::Audience::Public);
    check_counts(&view, &findings);
    check_date_orders(&view, &findings);
}

#[test]
fn more_areas_than_pack_into_a_word_agree_too() {
    let work = scratch();
    let findings = findings(23);
    let library = import(&findings, work.path());
    let view = library.index_for(indexer::Audience::Public);
    assert!(view.manifest().taxonomy.areas.len() > 16);
    check_counts(&view, &findings);
}

/// An index updated in several commits, with a rewritten document (its old findings are
/// deleted, not gone), answers as one built at once.
#[test]
fn answers_do_not_depend_on_segments_or_deletions() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let grown = work.path().join("grown");
    let document = |n: usize, extra: &str| {
        let findings: String = (0..20)
            .map(|f| format!("- Kanalisation {f} i kommun {n}{extra}.\n"))
            .collect();
        format!(
            "+++\ndate = 20{:02}-0{}-01\nsource = \"sormland\"\n+++\n## Bild\n{findings}",
            10 + n % 9,
            1 + n % 9
        )
    };
    for round in 0..2 {
        for n in round * 10..round * 10 + 10 {
            corpus.add(&format!("dokument-{n:02}.md"), &document(n, ""));
        }
        indexer::update_index(corpus.path(), &grown, &mut |_, _| {}).expect("updating");
    }
    corpus.add("dokument-05.md", &document(5, " och fiber"));
    indexer::update_index(corpus.path(), &grown, &mut |_, _| {}).expect("updating");
    let fresh = work.path().join("fresh");
    indexer::build_index(corpus.path(), &fresh, &mut |_, _| {}).expect("building");

    // Several segments, which a search runs side by side (`search::segments`): two
    // indexing threads per update, merged only from eight on.
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(grown.join("members").join("meta.json")).expect("meta.json"),
    )
    .expect("tantivy's meta.json");
    let segments = meta["segments"].as_array().map_or(0, Vec::len);
    assert!(segments > 1, "{segments} segment(s)");
    let [grown, fresh] = [&grown, &fresh].map(|dir| {
        Library::open(dir)
            .expect("opening")
            .index_for(indexer::Audience::Members)
    });
    assert_eq!(grown.finding_count(), fresh.finding_count());
    let area = fresh.manifest().taxonomy.areas[0].slug.clone();
    let mut requests = Vec::new();
    for text in ["", "kommun", "kanalisation -fiber"] {
        for (areas, sources, dates) in [
            (vec![], vec![], false),
            (vec![area.clone()], vec![], false),
            (vec![], vec!["sormland".to_owned()], true),
        ] {
            requests.push(SearchRequest {
                text: text.into(),
                areas,
                sources,
                from: dates.then(|| Date::from_ymd(2012, 1, 1)).flatten(),
                to: dates.then(|| Date::from_ymd(2015, 12, 31)).flatten(),
                ..SearchRequest::default()
            });
        }
    }
    for sort in [Sort::DateDesc, Sort::DateAsc] {
        for mut request in requests.clone() {
            request.sort = sort;
            request.limit = 50;
            for offset in [0, 50, 300] {
                request.offset = offset;
                let [a, b] =
                    [&grown, &fresh].map(|view| view.search(&request).expect("the search runs"));
                let ids = |hits: &[Hit]| hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
                assert_eq!(ids(&a.hits), ids(&b.hits), "{request:?}");
                assert_eq!((a.total, &a.facets), (b.total, &b.facets), "{request:?}");
            }
        }
    }
}
