//! Searching the segments of an index side by side.
//!
//! A search that counts every match (the total and the facets) visits all of them, so at a
//! million findings a common word costs about a millisecond of one core. An index built in
//! bulk is compacted into one segment per core ([`crate::IndexUpdater`]), and a search runs its
//! segments at once: this thread takes the first, a small pool the others. The answers are
//! those of searching one after the other; only the wall time differs, and no search waits
//! behind a long one for a whole core (figures in `docs/benchmarks.md`). Holding back when
//! other searches run, to save the hand-over, did worse.

use std::sync::OnceLock;

use rayon::{ThreadPool, ThreadPoolBuilder};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocSet, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use super::deadline::{CHECK_EVERY, Deadline};
use crate::error::{Error, Result};

/// What one segment yields to a collector.
type SegmentFruit<C> = <<C as Collector>::Child as SegmentCollector>::Fruit;

/// Runs a collector over every segment of a searcher, the segments in parallel, within the
/// deadline of the work on this thread ([`super::deadline`]). Every search of an index goes
/// through here.
///
/// # Errors
/// [`Error::DeadlineExceeded`] when the deadline passes first, [`Error::Search`] when
/// tantivy fails.
pub(crate) fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> Result<C::Fruit> {
    let deadline = Deadline::current();
    deadline.check()?;
    collector
        .check_schema(searcher.schema())
        .map_err(Error::Search)?;
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring).map_err(Error::Search)?;
    let weight = weight.as_ref();
    let readers = searcher.segment_readers();
    let collect_one = |ordinal: usize, reader: &SegmentReader| {
        collect_segment(
            collector,
            weight,
            ordinal as SegmentOrdinal,
            reader,
            deadline,
        )
    };
    let fruits: Vec<SegmentFruit<C>> = match pool().filter(|_| readers.len() > 1) {
        None => readers
            .iter()
            .enumerate()
            .map(|(ordinal, reader)| collect_one(ordinal, reader))
            .collect::<Result<_>>()?,
        Some(pool) => {
            let mut fruits: Vec<Option<Result<SegmentFruit<C>>>> =
                readers.iter().map(|_| None).collect();
            let (first, others) = fruits.split_first_mut().expect("more than one segment");
            pool.in_place_scope(|scope| {
                for (slot, (ordinal, reader)) in
                    others.iter_mut().zip(readers.iter().enumerate().skip(1))
                {
                    scope.spawn(move |_| *slot = Some(collect_one(ordinal, reader)));
                }
                *first = Some(collect_one(0, &readers[0]));
            });
            fruits
                .into_iter()
                .map(|fruit| fruit.expect("the scope ran every segment"))
                .collect::<Result<_>>()?
        }
    };
    collector.merge_fruits(fruits).map_err(Error::Search)
}

/// Collects one segment's live matches, looking at the deadline every [`CHECK_EVERY`] of
/// them. (tantivy's own loop cannot be stopped from inside; this is the same loop with a
/// way out.)
fn collect_segment<C: Collector>(
    collector: &C,
    weight: &dyn Weight,
    ordinal: SegmentOrdinal,
    reader: &SegmentReader,
    deadline: Deadline,
) -> Result<SegmentFruit<C>> {
    let mut child = collector
        .for_segment(ordinal, reader)
        .map_err(Error::Search)?;
    let mut scorer = weight.scorer(reader, 1.0).map_err(Error::Search)?;
    let scoring = collector.requires_scoring();
    let alive = reader.alive_bitset();
    let mut until_check = CHECK_EVERY;
    let mut doc = scorer.doc();
    while doc != TERMINATED {
        if alive.is_none_or(|alive| alive.is_alive(doc)) {
            child.collect(doc, if scoring { scorer.score() } else { 0.0 });
        }
        until_check -= 1;
        if until_check == 0 {
            deadline.check()?;
            until_check = CHECK_EVERY;
        }
        doc = scorer.advance();
    }
    Ok(child.harvest())
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use tantivy::collector::{Count, SegmentCollector};
    use tantivy::query::AllQuery;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{DocId, Index, Score, TantivyDocument};

    use super::*;
    use crate::search::deadline::within_deadline;

    const FINDINGS: usize = 20_000;

    fn index() -> Index {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for n in 0..FINDINGS {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, n.to_string());
            writer.add_document(doc).expect("added");
        }
        writer.commit().expect("committed");
        index
    }

    /// Counts what it is shown, and is slow on the first match: the deadline passes while
    /// it collects.
    struct SlowStart(Arc<AtomicUsize>);
    struct SlowStartSegment(Arc<AtomicUsize>);

    impl Collector for SlowStart {
        type Fruit = ();
        type Child = SlowStartSegment;
        fn for_segment(
            &self,
            _: SegmentOrdinal,
            _: &SegmentReader,
        ) -> tantivy::Result<Self::Child> {
            Ok(SlowStartSegment(Arc::clone(&self.0)))
        }
        fn requires_scoring(&self) -> bool {
            false
        }
        fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<()> {
            Ok(())
        }
    }

    impl SegmentCollector for SlowStartSegment {
        type Fruit = ();
        fn collect(&mut self, _: DocId, _: Score) {
            if self.0.fetch_add(1, Ordering::Relaxed) == 0 {
                std::thread::sleep(Duration::from_millis(30));
            }
        }
        fn harvest(self) {}
    }

    #[test]
    fn a_search_stops_soon_after_its_deadline_passes() {
        let searcher = index().reader().expect("reader").searcher();
        let seen = Arc::new(AtomicUsize::new(0));
        let stopped = within_deadline(Instant::now() + Duration::from_millis(10), || {
            search(&searcher, &AllQuery, &SlowStart(Arc::clone(&seen)))
        });
        assert!(matches!(stopped, Err(Error::DeadlineExceeded)));
        let seen = seen.load(Ordering::Relaxed);
        assert!(
            (1..=CHECK_EVERY as usize).contains(&seen),
            "stopped at the first check, after {seen} of {FINDINGS}"
        );
    }

    #[test]
    fn a_search_within_its_deadline_sees_every_match() {
        let searcher = index().reader().expect("reader").searcher();
        let counted = within_deadline(Instant::now() + Duration::from_secs(60), || {
            search(&searcher, &AllQuery, &Count)
        });
        assert_eq!(counted.expect("in time"), FINDINGS);
        assert_eq!(
            search(&searcher, &AllQuery, &Count).expect("no deadline"),
            FINDINGS
        );
    }

    #[test]
    fn a_passed_deadline_stops_a_search_before_it_starts() {
        let searcher = index().reader().expect("reader").searcher();
        let seen = Arc::new(AtomicUsize::new(0));
        let stopped = within_deadline(Instant::now(), || {
            search(&searcher, &AllQuery, &SlowStart(Arc::clone(&seen)))
        });
        assert!(matches!(stopped, Err(Error::DeadlineExceeded)));
        assert_eq!(seen.load(Ordering::Relaxed), 0);
    }
}
