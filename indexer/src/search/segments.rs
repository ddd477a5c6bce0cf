//! Searching the segments of an index side by side.
//!
//! A search that counts every match (the total and the facets) visits all of them, so at a
//! million findings a common word costs about a millisecond of one core. An index built in
//! bulk is compacted into one segment per core ([`crate::updater`]), and a search runs its
//! segments at once: this thread takes the first, a small pool the others. The answers are
//! those of searching one after the other; only the wall time differs. Measured at a million
//! findings on two cores with the harness's queries (wrk): one connection, p50 1.13 / 0.97
//! → 0.73 / 0.87 ms (two runs); fifty connections, the same throughput within the noise
//! and p95 88 → 34–41 ms, as no search waits behind a long one for a whole core. Holding
//! back when other searches run (to save the hand-over) did worse on both counts.

use std::sync::OnceLock;

use rayon::{ThreadPool, ThreadPoolBuilder};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query};
use tantivy::{Searcher, SegmentOrdinal};

/// Runs a collector over every segment of a searcher, the segments in parallel.
pub(crate) fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let readers = searcher.segment_readers();
    let Some(pool) = pool().filter(|_| readers.len() > 1) else {
        return searcher.search(query, collector);
    };
    collector.check_schema(searcher.schema())?;
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    let weight = weight.as_ref();
    type SegmentFruit<C> = <<C as Collector>::Child as SegmentCollector>::Fruit;
    let mut fruits: Vec<Option<tantivy::Result<SegmentFruit<C>>>> =
        readers.iter().map(|_| None).collect();
    let (first, others) = fruits.split_first_mut().expect("more than one segment");
    pool.in_place_scope(|scope| {
        for (slot, (ordinal, reader)) in others.iter_mut().zip(readers.iter().enumerate().skip(1)) {
            scope.spawn(move |_| {
                *slot = Some(collector.collect_segment(weight, ordinal as SegmentOrdinal, reader));
            });
        }
        *first = Some(collector.collect_segment(weight, 0, &readers[0]));
    });
    let fruits = fruits
        .into_iter()
        .map(|fruit| fruit.expect("the scope ran every segment"))
        .collect::<tantivy::Result<Vec<_>>>()?;
    collector.merge_fruits(fruits)
}

/// The threads that take the segments this one does not: one fewer than the cores. None on
/// a single core, or when the threads cannot be started (searches then run one segment
/// after the other, as tantivy does by itself).
fn pool() -> Option<&'static ThreadPool> {
    static POOL: OnceLock<Option<ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = crate::cores();
        if cores < 2 {
            return None;
        }
        ThreadPoolBuilder::new()
            .num_threads(cores - 1)
            .thread_name(|n| format!("hinder-search-{n}"))
            .build()
            .inspect_err(|error| tracing::warn!(%error, "no search threads: segments one by one"))
            .ok()
    })
    .as_ref()
}
