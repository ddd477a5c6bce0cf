//! The page of hits in the requested order, reading tie breaks only when they matter.
//!
//! Every order ends with the document and the reading order, so that equal scores or dates
//! come out the same however the index happens to be split into segments. A collector
//! that computed the whole sort key for every match read three columns per match; this
//! one compares the score first and reads the date, then the document and the position,
//! only for a match that could still enter the page.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::columns::{Columns, NO_DAY, SegmentColumns};

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    /// Score, then newer first.
    Relevance,
    /// Newer first, undated last.
    NewestFirst,
    /// Older first, undated last.
    OldestFirst,
    /// By document, then as the findings stand in it.
    Reading,
}

/// A hit's place in an order: the greater ranks first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rank {
    /// False for a heading or an agenda item in a list that puts statements first
    /// ([`TopHits::statements_first`]), whatever their scores. True everywhere else.
    lead: bool,
    /// The relevance score, or 0 in the other orders.
    pub score: Score,
    /// The date as the order wants it compared.
    day: i32,
    /// False for a heading or an agenda item in a list without a query: on the same day,
    /// statements come first. True everywhere else.
    statement: bool,
    doc_key: Reverse<u64>,
    /// [`crate::schema::position`] in the document.
    pub position: Reverse<u64>,
}

impl Ord for Rank {
    fn cmp(&self, other: &Self) -> Ordering {
        self.lead
            .cmp(&other.lead)
            .then(self.score.total_cmp(&other.score))
            .then(self.day.cmp(&other.day))
            .then(self.statement.cmp(&other.statement))
            .then(self.doc_key.cmp(&other.doc_key))
            .then(self.position.cmp(&other.position))
    }
}

impl PartialOrd for Rank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Rank {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Rank {}

/// Collects the hits from `offset` to `offset + limit` in an order.
pub(crate) struct TopHits {
    order: Order,
    limit: usize,
    offset: usize,
    columns: Columns,
    statements_first: Option<Score>,
}

impl TopHits {
    pub(crate) fn new(order: Order, limit: usize, offset: usize, columns: &Columns) -> Self {
        Self {
            order,
            limit,
            offset,
            columns: columns.clone(),
            statements_first: None,
        }
    }

    /// Statements before headings and agenda items ([`crate::substance`]), each by score,
    /// and only matches scoring `min_score` or more: for related findings, where a bare
    /// heading sharing one word must not come before the statements, and a match below the
    /// threshold is noise rather than a lesser relation.
    pub(crate) fn statements_first(mut self, min_score: Score) -> Self {
        self.statements_first = Some(min_score);
        self
    }
}

pub(crate) struct SegmentTopHits {
    order: Order,
    statements_first: Option<Score>,
    columns: Arc<SegmentColumns>,
    segment: SegmentOrdinal,
    capacity: usize,
    /// The best hits so far, the worst on top.
    /// (A lower document id ranks first among equals, as it does when segments merge.)
    heap: BinaryHeap<Reverse<(Rank, Reverse<DocId>)>>,
}

impl Order {
    /// A document's date as this order compares it.
    fn day(self, columns: &SegmentColumns, doc: DocId) -> i32 {
        let day = columns.day[doc as usize];
        match self {
            Self::Relevance | Self::NewestFirst => day,
            Self::OldestFirst if day == NO_DAY => NO_DAY,
            Self::OldestFirst => -day,
            Self::Reading => 0,
        }
    }

    /// A document's rank in this order.
    pub(crate) fn rank(self, columns: &SegmentColumns, doc: DocId, score: Score) -> Rank {
        rank_with_day(columns, doc, score, self.day(columns, doc))
    }

    /// A document's rank in a list without a query (the start page): every finding matches
    /// alike, and on the same day statements come before headings and agenda items.
    pub(crate) fn listing_rank(self, columns: &SegmentColumns, doc: DocId) -> Rank {
        Rank {
            statement: columns.is_statement(doc),
            ..self.rank(columns, doc, 1.0)
        }
    }

    /// Every document of the segment by [`Self::listing_rank`], deleted ones included:
    /// sorted when first asked for, then kept with the segment's columns.
    pub(crate) fn listing(self, columns: &SegmentColumns) -> &[DocId] {
        columns.listing(self as usize, |columns| {
            let mut docs: Vec<DocId> = (0..columns.day.len() as DocId).collect();
            docs.sort_unstable_by(|&a, &b| {
                self.listing_rank(columns, b)
                    .cmp(&self.listing_rank(columns, a))
                    .then(a.cmp(&b))
            });
            docs
        })
    }
}

/// A document's rank, its date already read as the order compares it.
fn rank_with_day(columns: &SegmentColumns, doc: DocId, score: Score, day: i32) -> Rank {
    Rank {
        lead: true,
        score,
        day,
        statement: true,
        doc_key: Reverse(columns.doc_key[doc as usize]),
        position: Reverse(columns.position[doc as usize]),
    }
}

impl SegmentTopHits {
    /// [`SegmentCollector::collect`] for [`TopHits::statements_first`]: the whole rank is
    /// compared, statements first.
    fn collect_statements_first(&mut self, doc: DocId, score: Score, min_score: Score) {
        if score < min_score {
            return;
        }
        let rank = Rank {
            lead: self.columns.is_statement(doc),
            ..self.rank(doc, score, self.day(doc))
        };
        let entry = Reverse((rank, Reverse(doc)));
        if self.heap.len() == self.capacity {
            if self.heap.peek().is_some_and(|worst| entry >= *worst) {
                return;
            }
            self.heap.pop();
        }
        self.heap.push(entry);
    }

    fn day(&self, doc: DocId) -> i32 {
        self.order.day(&self.columns, doc)
    }

    fn rank(&self, doc: DocId, score: Score, day: i32) -> Rank {
        rank_with_day(&self.columns, doc, score, day)
    }
}

impl Collector for TopHits {
    type Fruit = Vec<(Rank, DocAddress)>;
    type Child = SegmentTopHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTopHits> {
        let capacity = self.limit.saturating_add(self.offset);
        Ok(SegmentTopHits {
            order: self.order,
            statements_first: self.statements_first,
            columns: self.columns.of(reader),
            segment,
            capacity,
            heap: BinaryHeap::with_capacity(capacity.min(1024)),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.order == Order::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Rank, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|(a, at), (b, bt)| b.cmp(a).then(at.cmp(bt)));
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

impl SegmentCollector for SegmentTopHits {
    type Fruit = Vec<(Rank, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.capacity == 0 {
            return;
        }
        if let Some(min_score) = self.statements_first {
            self.collect_statements_first(doc, score, min_score);
            return;
        }
        let score = match self.order {
            Order::Relevance => score,
            _ => 0.0,
        };
        let full = self.heap.len() == self.capacity;
        let mut day = None;
        if let (true, Some(Reverse((worst, _)))) = (full, self.heap.peek()) {
            // The cheap comparisons first: most matches end here.
            match score.total_cmp(&worst.score) {
                Ordering::Less => return,
                Ordering::Greater => {}
                Ordering::Equal => {
                    let own = self.day(doc);
                    if own < worst.day || (own == worst.day && self.rank(doc, score, own) <= *worst)
                    {
                        return;
                    }
                    day = Some(own);
                }
            }
        }
        let rank = self.rank(doc, score, day.unwrap_or_else(|| self.day(doc)));
        if full {
            self.heap.pop();
        }
        self.heap.push(Reverse((rank, Reverse(doc))));
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.heap
            .into_iter()
            .map(|Reverse((rank, Reverse(doc)))| (rank, DocAddress::new(segment, doc)))
            .collect()
    }
}
