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
use tantivy::{DocSet, Searcher, SegmentOrdinal, SegmentReader, TERMINATED, Term};

use super::deadline::{CHECK_EVERY, Deadline};
use super::term_union;
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
    let fruits = each_segment(searcher, |ordinal, reader| {
        collect_segment(collector, weight, ordinal, reader, deadline)
    })?;
    collector.merge_fruits(fruits).map_err(Error::Search)
}

/// How many live findings each of some queries matches, over every segment in parallel
/// (all the queries of a segment on one thread, so that several counts cost one hand-over
/// between threads). tantivy counts a union of terms by adding up the bits of its blocks
/// of matches rather than stepping through them one by one (several times cheaper for a
/// common word: suggestions count a completion per keystroke), so this cannot look at the
/// deadline inside a query's walk of a segment, only between them: one walk is bounded by
/// the segment's size.
///
/// # Errors
/// [`Error::DeadlineExceeded`] when the deadline passes first, [`Error::Search`] when
/// tantivy fails.
pub(crate) fn count_each(searcher: &Searcher, queries: &[&dyn Query]) -> Result<Vec<u64>> {
    let deadline = Deadline::current();
    deadline.check()?;
    let scoring = EnableScoring::disabled_from_searcher(searcher);
    let weights = queries
        .iter()
        .map(|query| query.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()
        .map_err(Error::Search)?;
    let per_segment = each_segment(searcher, |_, reader| {
        weights
            .iter()
            .map(|weight| {
                deadline.check()?;
                weight.count(reader).map_err(Error::Search)
            })
            .collect::<Result<Vec<u32>>>()
    })?;
    Ok(add_up(queries.len(), per_segment))
}

/// How many live findings have any of each set of terms (among those `within` matches,
/// when given), over every segment in parallel: [`count_each`] for queries that are plain
/// unions of terms, or such a union and a query they share, stepping through their matches
/// rather than through the segment ([`super::term_union`]).
///
/// # Errors
/// As [`count_each`].
pub(crate) fn count_unions(
    searcher: &Searcher,
    unions: &[Vec<Term>],
    within: Option<&dyn Query>,
) -> Result<Vec<u64>> {
    let deadline = Deadline::current();
    deadline.check()?;
    let within = within
        .map(|query| query.weight(EnableScoring::disabled_from_searcher(searcher)))
        .transpose()
        .map_err(Error::Search)?;
    let per_segment = each_segment(searcher, |_, reader| {
        term_union::count_in_segment(reader, unions, within.as_deref(), deadline)
    })?;
    Ok(add_up(unions.len(), per_segment))
}

/// Each count's total over the segments.
fn add_up(len: usize, per_segment: Vec<Vec<u32>>) -> Vec<u64> {
    let mut totals = vec![0; len];
    for counts in per_segment {
        for (total, count) in totals.iter_mut().zip(counts) {
            *total += u64::from(count);
        }
    }
    totals
}

/// [`count_each`] for one query.
///
/// # Errors
/// As [`count_each`].
pub(crate) fn count(searcher: &Searcher, query: &dyn Query) -> Result<u64> {
    Ok(count_each(searcher, &[query])?.iter().sum())
}

/// The segments besides the first must hold at least this many findings for a search to
/// hand them to the pool. A small corpus is split into one segment per core all the same,
/// and waking a pool thread and waiting for it cost more than searching a few thousand
/// findings here: over the seed's 162 findings in two segments, a one-word search took
/// 310 µs with the hand-over and 92 µs without (`cargo bench -p indexer --bench search`).
const POOL_FROM_FINDINGS: u32 = 10_000;

/// Runs `one` on every segment of a searcher, this thread taking the first and the pool
/// the others (when they are large enough to be worth it: [`POOL_FROM_FINDINGS`]), and
/// gives their answers in segment order.
fn each_segment<T: Send>(
    searcher: &Searcher,
    one: impl Fn(SegmentOrdinal, &SegmentReader) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let readers = searcher.segment_readers();
    let one = &one;
    let others: u32 = readers.iter().skip(1).map(SegmentReader::max_doc).sum();
    match pool().filter(|_| others >= POOL_FROM_FINDINGS) {
        None => readers
            .iter()
            .enumerate()
            .map(|(ordinal, reader)| one(ordinal as SegmentOrdinal, reader))
            .collect(),
        Some(pool) => {
            let mut answers: Vec<Option<Result<T>>> = readers.iter().map(|_| None).collect();
            let (first, others) = answers.split_first_mut().expect("more than one segment");
            pool.in_place_scope(|scope| {
                for (slot, (ordinal, reader)) in
                    others.iter_mut().zip(readers.iter().enumerate().skip(1))
                {
                    scope.spawn(move |_| *slot = Some(one(ordinal as SegmentOrdinal, reader)));
                }
                *first = Some(one(0, &readers[0]));
            });
            answers
                .into_iter()
                .map(|answer| answer.expect("the scope ran every segment"))
                .collect()
        }
    }
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
    use tantivy::schema::{Field, STRING, Schema};
    use tantivy::{DocId, Index, IndexWriter, Score, TantivyDocument};

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

    /// An index in RAM of three segments of `per_segment` findings each: `id` their
    /// number, `parity` `even` or `odd`.
    fn three_segments(per_segment: usize) -> (Index, IndexWriter, Field, Field) {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING);
        let parity = schema.add_text_field("parity", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        for batch in 0..3 {
            for n in 0..per_segment {
                let mut doc = TantivyDocument::default();
                doc.add_text(id, (batch * per_segment + n).to_string());
                doc.add_text(parity, if n % 2 == 0 { "even" } else { "odd" });
                writer.add_document(doc).expect("added");
            }
            writer.commit().expect("committed");
        }
        (index, writer, id, parity)
    }

    /// The segments besides the first go to the pool's threads when they are large, and
    /// stay on the searching thread when they are small.
    #[test]
    fn only_large_segments_are_handed_to_the_pool() {
        if pool().is_none() {
            // One core: there is no pool to hand anything to.
            return;
        }
        for (per_segment, handed) in [(100, false), (POOL_FROM_FINDINGS as usize / 2, true)] {
            let (index, ..) = three_segments(per_segment);
            let searcher = index.reader().expect("reader").searcher();
            let threads =
                each_segment(&searcher, |_, _| Ok(rayon::current_thread_index())).expect("ran");
            assert_eq!(threads.len(), 3);
            assert_eq!(
                threads[0], None,
                "the first segment on the searching thread"
            );
            assert!(
                threads[1..].iter().all(|thread| thread.is_some() == handed),
                "{per_segment} findings a segment: {threads:?}"
            );
        }
    }

    /// Counting side by side gives what the counting collector gives, over several
    /// segments (some of them on the pool's threads) and with deleted findings.
    #[test]
    fn counts_side_by_side_agree_with_the_collector() {
        // Two segments besides the first, large enough to go to the pool.
        let per_segment = POOL_FROM_FINDINGS as usize / 2;
        let (index, mut writer, id, parity) = three_segments(per_segment);
        for n in (0..3 * per_segment).step_by(3) {
            writer.delete_term(tantivy::Term::from_field_text(id, &n.to_string()));
        }
        writer.commit().expect("committed");
        let reader = index.reader().expect("reader");
        reader.reload().expect("reloaded");
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let term = |text: &str| {
            tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(parity, text),
                tantivy::schema::IndexRecordOption::Basic,
            )
        };
        let (even, odd) = (term("even"), term("odd"));
        let either = tantivy::query::BooleanQuery::union(vec![
            Box::new(term("even")),
            Box::new(term("odd")),
        ]);
        let queries: [&dyn Query; 4] = [&AllQuery, &even, &odd, &either];
        let side_by_side = count_each(&searcher, &queries).expect("counted");
        let one_by_one: Vec<u64> = queries
            .iter()
            .map(|query| search(&searcher, *query, &Count).expect("counted") as u64)
            .collect();
        assert_eq!(side_by_side, one_by_one);
        assert_eq!(side_by_side[0], 2 * per_segment as u64, "a third deleted");
        assert_eq!(side_by_side[1] + side_by_side[2], side_by_side[3]);
        assert_eq!(
            count(&searcher, &either).expect("counted"),
            2 * per_segment as u64
        );
    }
}
