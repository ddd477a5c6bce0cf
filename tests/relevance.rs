//! Judged queries (`tests/relevance/queries.toml`): recall@10 and MRR over the seed corpus
//! (`tests/fixtures/corpus`, frozen: adding to `corpus/` changes no judgement).
//!
//! recall@10 of a query is the share of its relevant findings in the top 10 (out of at most
//! 10); MRR is 1 / rank of the first relevant finding in the top 10, 0 if none. Both are
//! averaged over queries. The same set runs through PostgreSQL and Xapian in
//! `bench/relevance_peers.py`; see `docs/relevance.md`.

use std::collections::BTreeMap;

use indexer::SearchRequest;
use serde::Deserialize;

use crate::support;

#[derive(Deserialize)]
struct Judged {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    id: String,
    kind: String,
    q: String,
    #[serde(default)]
    area: Vec<String>,
    #[serde(default)]
    source: Vec<String>,
    relevant: Vec<String>,
}

const MIN_RECALL: f64 = 0.95;
const MIN_MRR: f64 = 0.8;
const CUTOFF: usize = 10;

#[test]
fn judged_queries_meet_recall_and_mrr() {
    let judged: Judged =
        toml::from_str(include_str!("relevance/queries.toml")).expect("queries.toml parses");
    assert!(
        judged.query.len() >= 40,
        "only {} judged queries",
        judged.query.len()
    );
    let index = &support::seed().index;
    let mut per_kind: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    let (mut recall_sum, mut mrr_sum) = (0.0, 0.0);
    let mut misses = Vec::new();
    for query in &judged.query {
        let request = SearchRequest {
            text: query.q.clone(),
            areas: query.area.clone(),
            sources: query.source.clone(),
            limit: CUTOFF,
            ..SearchRequest::default()
        };
        let hits = index.search(&request).expect("judged query runs").hits;
        let found = query
            .relevant
            .iter()
            .filter(|id| hits.iter().any(|hit| &hit.id == *id))
            .count();
        let recall = found as f64 / query.relevant.len().clamp(1, CUTOFF) as f64;
        let first = hits.iter().position(|hit| query.relevant.contains(&hit.id));
        let reciprocal_rank = first.map_or(0.0, |rank| 1.0 / (rank + 1) as f64);
        recall_sum += recall.min(1.0);
        mrr_sum += reciprocal_rank;
        let entry = per_kind.entry(&query.kind).or_default();
        entry.0 += recall.min(1.0);
        entry.1 += reciprocal_rank;
        entry.2 += 1;
        if recall < 1.0 {
            misses.push(format!(
                "{} ({:?}): recall {recall:.2}, first relevant at {first:?}",
                query.id, query.q
            ));
        }
    }
    let count = judged.query.len() as f64;
    let (recall, mrr) = (recall_sum / count, mrr_sum / count);
    println!(
        "relevance over {} judged queries: recall@10 {recall:.3}, MRR {mrr:.3}",
        judged.query.len()
    );
    for (kind, (recall, mrr, n)) in &per_kind {
        println!(
            "  {kind:<14} {n:>3} queries  recall@10 {:.3}  MRR {:.3}",
            recall / *n as f64,
            mrr / *n as f64
        );
    }
    for miss in &misses {
        println!("  miss: {miss}");
    }
    assert!(recall >= MIN_RECALL, "recall@10 {recall:.3} < {MIN_RECALL}");
    assert!(mrr >= MIN_MRR, "MRR {mrr:.3} < {MIN_MRR}");
}
