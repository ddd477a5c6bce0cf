//! What the collectors read for every hit, decoded once per segment into plain arrays.
//!
//! A search visits every matching finding, not only the ten it shows: to count the total
//! and the facets, and to rank. At a million findings a common word matches tens of
//! thousands, and reading their sort keys and facet values from tantivy's compressed
//! columns (block-wise codecs, an optional index for undated findings, a multi-valued index
//! for areas) took more time than scoring them. Segments never change once written, so
//! their columns are decoded into arrays the first time a search needs them and shared by
//! every later search, across reloads too ([`ColumnCache`]). They cost 29 bytes per
//! finding while the facets pack into one word, and 4 more per start-page order asked for:
//! some 35 MB at a million.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::facets::{DIMENSIONS, FacetDimension, FacetTally};
use crate::error::{Error, Result};
use crate::schema;
use crate::substance;

/// `day` of a finding without a date.
pub(crate) const NO_DAY: i32 = i32::MIN;

/// One segment's columns, indexed by document id.
#[derive(Debug)]
pub(crate) struct SegmentColumns {
    /// Days since the epoch, [`NO_DAY`] when undated.
    pub day: Vec<i32>,
    /// [`schema::doc_key`] of the finding's document.
    pub doc_key: Vec<u64>,
    /// [`schema::position`] in its document.
    pub position: Vec<u64>,
    /// [`crate::substance::words`] of the finding.
    pub words: Vec<u8>,
    /// Top-level value (slug, year or region code) of each facet ordinal, per dimension in
    /// [`FacetDimension::ALL`] order.
    facet_values: [Vec<String>; DIMENSIONS],
    facet_ordinals: FacetOrdinals,
    /// Every document in each [`super::top::Order`] without a query (the start page), sorted when
    /// first asked for.
    browse: [OnceLock<Vec<DocId>>; 4],
}

/// The facet ordinals of every document.
#[derive(Debug)]
enum FacetOrdinals {
    /// All four in one word per document, so counting them costs one memory access:
    /// the areas as a bit set (bits 40 to 55), up to two region ordinals (the county's and
    /// the municipality's, bits 28 to 39 and 16 to 27, [`REGION_NONE`] for none), the
    /// source (bits 8 to 15) and the year (bits 0 to 7), [`PACKED_NONE`] for none. Used
    /// while they fit, as they do for any taxonomy of a working group and Sweden's 311
    /// counties and municipalities.
    Packed(Vec<u64>),
    /// Any number of values: document `d`'s ordinals of a dimension are
    /// `ordinals[starts[d]..starts[d + 1]]`.
    Spread([(Vec<u32>, Vec<u32>); DIMENSIONS]),
}

/// A packed source or year that is not there.
const PACKED_NONE: u64 = 0xff;
/// A packed region that is not there.
const REGION_NONE: u64 = 0xfff;
/// Where a packed document's values start, per dimension slot (areas: a bit set).
const AREA_SHIFT: u64 = 40;
const SOURCE_SHIFT: u64 = 8;
const REGION_SHIFTS: [u64; 2] = [16, 28];

/// The facet readers of a segment, in [`FacetDimension::ALL`] order.
type FacetReaders = [tantivy::fastfield::FacetReader; DIMENSIONS];

/// One word per document, or `None` when some document's values do not fit in one.
fn packed(
    readers: &FacetReaders,
    facet_values: &[Vec<String>; DIMENSIONS],
    max_doc: DocId,
) -> Option<Vec<u64>> {
    let fits = facet_values[0].len() <= 16
        && facet_values[1].len() < PACKED_NONE as usize
        && facet_values[2].len() < PACKED_NONE as usize
        && facet_values[3].len() < REGION_NONE as usize;
    if !fits {
        return None;
    }
    let [area, source, year, region] = readers;
    let one = |reader: &tantivy::fastfield::FacetReader, doc| {
        reader.facet_ords(doc).next().unwrap_or(PACKED_NONE)
    };
    (0..max_doc)
        .map(|doc| {
            let areas = area
                .facet_ords(doc)
                .fold(0_u64, |bits, ord| bits | 1 << (AREA_SHIFT + ord));
            let mut regions = region.facet_ords(doc);
            let mut word = areas | one(source, doc) << SOURCE_SHIFT | one(year, doc);
            for shift in REGION_SHIFTS {
                word |= regions.next().unwrap_or(REGION_NONE) << shift;
            }
            regions.next().is_none().then_some(word)
        })
        .collect()
}

impl SegmentColumns {
    fn decode(segment: &SegmentReader) -> tantivy::Result<Self> {
        let docs = 0..segment.max_doc();
        let fast = segment.fast_fields();
        let day = fast.i64(schema::DAY).ok();
        let doc_key = fast.u64(schema::DOC_KEY)?;
        let position = fast.u64(schema::POSITION)?;
        let words = fast.u64(schema::WORDS)?;
        let [area, source, year, region] =
            FacetDimension::ALL.map(|dimension| segment.facet_reader(dimension.field_name()));
        let readers: FacetReaders = [area?, source?, year?, region?];
        let mut facet = Facet::root();
        let mut facet_values: [Vec<String>; DIMENSIONS] = Default::default();
        for (values, reader) in facet_values.iter_mut().zip(&readers) {
            for ord in 0..reader.num_facets() as u64 {
                reader.facet_from_ord(ord, &mut facet)?;
                values.push(
                    facet
                        .to_path()
                        .first()
                        .map_or_else(String::new, |value| (*value).to_owned()),
                );
            }
        }
        let facet_ordinals = match packed(&readers, &facet_values, segment.max_doc()) {
            Some(words) => FacetOrdinals::Packed(words),
            None => FacetOrdinals::Spread(readers.each_ref().map(|reader| {
                let mut starts = vec![0];
                let mut ordinals = Vec::new();
                for doc in docs.clone() {
                    ordinals.extend(reader.facet_ords(doc).map(|ord| ord as u32));
                    starts.push(ordinals.len() as u32);
                }
                (starts, ordinals)
            })),
        };
        Ok(Self {
            day: docs
                .clone()
                .map(|doc| {
                    day.as_ref()
                        .and_then(|c| c.first(doc))
                        .and_then(|day| i32::try_from(day).ok())
                        .unwrap_or(NO_DAY)
                })
                .collect(),
            doc_key: docs
                .clone()
                .map(|doc| doc_key.first(doc).unwrap_or_default())
                .collect(),
            position: docs
                .clone()
                .map(|doc| position.first(doc).unwrap_or_default())
                .collect(),
            words: docs
                .map(|doc| {
                    words
                        .first(doc)
                        .map_or(u8::MAX, |n| u8::try_from(n).unwrap_or(u8::MAX))
                })
                .collect(),
            facet_values,
            facet_ordinals,
            browse: Default::default(),
        })
    }

    /// The documents of the segment sorted once by `sort` into listing `slot` (one per
    /// order of [`super::top::Order`]), kept for the next request.
    pub(crate) fn listing(&self, slot: usize, sort: impl FnOnce(&Self) -> Vec<DocId>) -> &[DocId] {
        self.browse[slot].get_or_init(|| sort(self))
    }

    /// Whether a finding says enough to be a statement rather than a heading or an agenda
    /// item.
    pub(crate) fn is_statement(&self, doc: DocId) -> bool {
        self.words[doc as usize] >= substance::STATEMENT_WORDS
    }

    /// Zeroed counters for every facet value of this segment, per dimension.
    pub(crate) fn facet_counters(&self) -> [Vec<u64>; DIMENSIONS] {
        self.facet_values
            .each_ref()
            .map(|values| vec![0; values.len()])
    }

    /// Adds a document's facet values to `counts` for the dimensions in `dimensions` (bit
    /// `i` for [`FacetDimension::ALL`]`[i]`).
    #[inline]
    pub(crate) fn count_facets(
        &self,
        doc: DocId,
        counts: &mut [Vec<u64>; DIMENSIONS],
        dimensions: u8,
    ) {
        let doc = doc as usize;
        match &self.facet_ordinals {
            FacetOrdinals::Packed(packed) => {
                let packed = packed[doc];
                if dimensions & 1 != 0 {
                    let mut areas = packed >> AREA_SHIFT;
                    while areas != 0 {
                        counts[0][areas.trailing_zeros() as usize] += 1;
                        areas &= areas - 1;
                    }
                }
                for (slot, shift) in [(1, SOURCE_SHIFT), (2, 0)] {
                    let ordinal = (packed >> shift) & PACKED_NONE;
                    if dimensions & (1 << slot) != 0 && ordinal != PACKED_NONE {
                        counts[slot][ordinal as usize] += 1;
                    }
                }
                if dimensions & (1 << 3) != 0 {
                    for shift in REGION_SHIFTS {
                        let ordinal = (packed >> shift) & REGION_NONE;
                        if ordinal != REGION_NONE {
                            counts[3][ordinal as usize] += 1;
                        }
                    }
                }
            }
            FacetOrdinals::Spread(columns) => {
                for (slot, (starts, ordinals)) in columns.iter().enumerate() {
                    if dimensions & (1 << slot) != 0 {
                        for &ordinal in &ordinals[starts[doc] as usize..starts[doc + 1] as usize] {
                            counts[slot][ordinal as usize] += 1;
                        }
                    }
                }
            }
        }
    }

    /// Which filters a document fails, as a mask like `count_facets`' dimensions.
    #[inline]
    pub(crate) fn failed_filters(&self, doc: DocId, filters: &SegmentFilters) -> u8 {
        let at = doc as usize;
        let mut failed = 0;
        if let Some((from, to)) = filters.days {
            let day = self.day[at];
            if day == NO_DAY || day < from || day > to {
                failed |= 1 << 2;
            }
        }
        match &self.facet_ordinals {
            FacetOrdinals::Packed(packed) => {
                let packed = packed[at];
                if let Some(areas) = &filters.values[0]
                    && (packed >> AREA_SHIFT) & areas.mask == 0
                {
                    failed |= 1;
                }
                if let Some(sources) = &filters.values[1]
                    && !sources.contains(((packed >> SOURCE_SHIFT) & PACKED_NONE) as u32)
                {
                    failed |= 1 << 1;
                }
                if let Some(regions) = &filters.values[3]
                    && !REGION_SHIFTS
                        .iter()
                        .any(|shift| regions.contains(((packed >> shift) & REGION_NONE) as u32))
                {
                    failed |= 1 << 3;
                }
            }
            FacetOrdinals::Spread(columns) => {
                for (slot, (starts, ordinals)) in columns.iter().enumerate() {
                    if let Some(wanted) = &filters.values[slot] {
                        let own = &ordinals[starts[at] as usize..starts[at + 1] as usize];
                        if !own.iter().any(|&ordinal| wanted.contains(ordinal)) {
                            failed |= 1 << slot;
                        }
                    }
                }
            }
        }
        failed
    }

    /// The request's filters in this segment's ordinals: slugs or codes per dimension in
    /// [`FacetDimension::ALL`] order (the year's are always empty: dates filter by `days`).
    pub(crate) fn filters(
        &self,
        values: [&[String]; DIMENSIONS],
        days: Option<(i32, i32)>,
    ) -> SegmentFilters {
        let set = |slot: usize, slugs: &[String]| {
            (!slugs.is_empty()).then(|| {
                let ordinals: Vec<u32> = self.facet_values[slot]
                    .iter()
                    .enumerate()
                    .filter(|(_, value)| slugs.contains(value))
                    .map(|(ordinal, _)| ordinal as u32)
                    .collect();
                OrdinalSet {
                    mask: ordinals
                        .iter()
                        .filter(|&&ordinal| ordinal < 16)
                        .fold(0_u64, |mask, ordinal| mask | 1 << ordinal),
                    ordinals,
                }
            })
        };
        SegmentFilters {
            values: std::array::from_fn(|slot| set(slot, values[slot])),
            days,
        }
    }
}

/// Filters on area, source and region (in ordinals) and on the date (in days, inclusive),
/// as one segment checks them.
#[derive(Debug)]
pub(crate) struct SegmentFilters {
    values: [Option<OrdinalSet>; DIMENSIONS],
    days: Option<(i32, i32)>,
}

/// Facet ordinals a filter accepts.
#[derive(Debug)]
struct OrdinalSet {
    ordinals: Vec<u32>,
    /// The same as a bit set, for packed areas.
    mask: u64,
}

impl OrdinalSet {
    fn contains(&self, ordinal: u32) -> bool {
        self.ordinals.contains(&ordinal)
    }
}

impl SegmentColumns {
    /// Counters (from [`Self::facet_counters`]) as counts per value, without the zeros.
    pub(crate) fn tallies(&self, counts: &[Vec<u64>; DIMENSIONS]) -> [FacetTally; DIMENSIONS] {
        std::array::from_fn(|slot| {
            counts[slot]
                .iter()
                .zip(&self.facet_values[slot])
                .filter(|(count, _)| **count > 0)
                .map(|(count, value)| (value.clone(), *count))
                .collect()
        })
    }
}

/// The columns of every segment of one searcher.
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    segments: Arc<[(SegmentId, Arc<SegmentColumns>)]>,
}

impl Columns {
    /// The columns of a segment of the searcher these were made for.
    pub(crate) fn of(&self, segment: &SegmentReader) -> Arc<SegmentColumns> {
        let id = segment.segment_id();
        self.segments
            .iter()
            .find(|(segment, _)| *segment == id)
            .map(|(_, columns)| Arc::clone(columns))
            .expect("columns are made for every segment of their searcher")
    }
}

/// Decoded segments by id, kept as long as their segment is searched: an index update
/// decodes only its new segments.
#[derive(Debug, Default)]
pub(crate) struct ColumnCache {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>,
}

impl ColumnCache {
    /// The columns of every segment of a searcher, decoding those not seen before and
    /// forgetting segments it no longer has.
    pub(crate) fn columns(&self, searcher: &Searcher) -> Result<Columns> {
        let mut cache = self
            .segments
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let id = segment.segment_id();
                let columns = match cache.get(&id) {
                    Some(columns) => Arc::clone(columns),
                    None => {
                        let columns =
                            Arc::new(SegmentColumns::decode(segment).map_err(Error::Search)?);
                        cache.insert(id, Arc::clone(&columns));
                        columns
                    }
                };
                Ok((id, columns))
            })
            .collect::<Result<Vec<_>>>()?;
        cache.retain(|id, _| segments.iter().any(|(segment, _)| segment == id));
        Ok(Columns {
            segments: segments.into(),
        })
    }
}

/// Counts the values of some facet dimensions over the matching findings, in one pass.
pub(crate) struct FacetCounter {
    columns: Columns,
    dimensions: [bool; DIMENSIONS],
}

impl FacetCounter {
    /// Counts the dimensions that are `true`, in [`FacetDimension::ALL`] order.
    pub(crate) fn new(columns: &Columns, dimensions: [bool; DIMENSIONS]) -> Self {
        Self {
            columns: columns.clone(),
            dimensions,
        }
    }
}

pub(crate) struct SegmentFacetCounter {
    columns: Arc<SegmentColumns>,
    /// The dimensions counted, as [`FacetCounter::new`] took them and as a [`mask`].
    wanted: [bool; DIMENSIONS],
    dimensions: u8,
    counts: [Vec<u64>; DIMENSIONS],
}

impl Collector for FacetCounter {
    type Fruit = [Option<FacetTally>; DIMENSIONS];
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let columns = self.columns.of(segment);
        Ok(SegmentFacetCounter {
            counts: columns.facet_counters(),
            columns,
            wanted: self.dimensions,
            dimensions: mask(self.dimensions),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all = self.dimensions.map(|wanted| wanted.then(FacetTally::new));
        for fruit in fruits {
            merge_tallies(&mut all, fruit);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = [Option<FacetTally>; DIMENSIONS];

    fn collect(&mut self, doc: DocId, _: Score) {
        self.columns
            .count_facets(doc, &mut self.counts, self.dimensions);
    }

    fn harvest(self) -> Self::Fruit {
        let mut wanted = self.wanted.into_iter();
        self.columns
            .tallies(&self.counts)
            .map(|tally| wanted.next().unwrap_or(false).then_some(tally))
    }
}

/// Dimensions as a mask: bit `i` for [`FacetDimension::ALL`]`[i]`.
pub(crate) fn mask(dimensions: [bool; DIMENSIONS]) -> u8 {
    dimensions
        .iter()
        .enumerate()
        .fold(0, |mask, (slot, &wanted)| mask | u8::from(wanted) << slot)
}

/// Adds the counts of one segment (or one collector) to those of others.
pub(crate) fn merge_tallies(
    all: &mut [Option<FacetTally>; DIMENSIONS],
    more: [Option<FacetTally>; DIMENSIONS],
) {
    for (all, more) in all.iter_mut().zip(more) {
        if let (Some(all), Some(more)) = (all, more) {
            for (value, count) in more {
                *all.entry(value).or_default() += count;
            }
        }
    }
}
