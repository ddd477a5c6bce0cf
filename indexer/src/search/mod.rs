//! Searching an index: [`SearchIndex::open`] once, then [`SearchIndex::search`] per request.
//!
//! A search combines the user's text (see [`query`]), filters on area, source and date
//! (constant-score, so they never change the ranking), a sort order with deterministic tie
//! breaks, facet counts and snippets.

mod facets;
mod parse;
mod query;
mod request;
mod snippet;
mod suggest;
mod synonyms;

use std::cmp::Reverse;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader,
    TantivyDocument, Term,
};

use crate::analysis::{Analyzers, register_analyzers};
use crate::corpus::{Date, Language, SectionKind, Taxonomy};
use crate::error::{Error, Result};
use crate::manifest::{DocumentSummary, Manifest};
use crate::schema::{self, Fields};
pub use facets::{FacetCount, FacetDimension, Facets};
use query::{QueryBuilder, TextQuery};
pub use request::{DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, QueryError, SearchRequest, Sort};
use snippet::Highlighter;
pub use suggest::{Completion, DEFAULT_COMPLETIONS, MAX_COMPLETIONS, SUGGESTED_FINDINGS};

/// One finding as search returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Stable finding id.
    pub id: String,
    /// Full text.
    pub text: String,
    /// The text (or a window of it) as HTML, matched words in `<mark>`, everything escaped.
    pub snippet: String,
    /// Title of the finding's section (slide).
    pub title: String,
    /// Section (slide) number in the document.
    pub section: u32,
    /// Position within the section.
    pub number: u32,
    /// True when the finding is a title-only section's heading.
    pub from_heading: bool,
    /// True for a speaker's note.
    pub note: bool,
    /// What the finding's section is (slide, page, section).
    pub section_kind: SectionKind,
    /// Area slugs.
    pub areas: Vec<String>,
    /// True when the areas were assigned by the keyword rules, not by a person.
    pub areas_auto: bool,
    /// Source slug.
    pub source: String,
    /// Date, when known.
    pub date: Option<Date>,
    /// Id of the finding's document.
    pub document_id: String,
    /// Title of the finding's document.
    pub document_title: String,
    /// Language the finding was analysed in.
    pub language: Language,
    /// Relevance score; `None` when sorted by date.
    pub score: Option<f32>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The request, as validated.
    pub request: SearchRequest,
    /// Number of findings that match, across all pages.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts per area, source and year.
    pub facets: Facets,
    /// Time spent searching.
    pub took: Duration,
}

/// What a search box may offer while the user types.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestions {
    /// Ways to finish the word being typed, most frequent first.
    pub completions: Vec<Completion>,
    /// The best findings for the query as completed.
    pub hits: Vec<Hit>,
}

/// A finding with what surrounds it: its document, its section, its neighbours.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingContext {
    /// The finding.
    pub finding: Hit,
    /// Its document.
    pub document: DocumentSummary,
    /// Every finding of its section, in order, itself included.
    pub section: Vec<Hit>,
    /// The finding before it in the document.
    pub previous: Option<Hit>,
    /// The finding after it in the document.
    pub next: Option<Hit>,
}

/// A read-only handle on a built index. Cheap to share between threads.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Prototypes of the analysis chains, cloned per search.
    analyzers: Analyzers,
    /// What the last loaded commit holds; swapped whole on reload.
    snapshot: RwLock<Arc<Snapshot>>,
}

/// The manifest of one commit and the query builder made from its thesaurus.
struct Snapshot {
    manifest: Arc<Manifest>,
    builder: QueryBuilder,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in a folder built by [`crate::build_index`].
    ///
    /// # Errors
    /// When there is no index, it was built by an incompatible Hinder, or tantivy cannot
    /// open it.
    #[tracing::instrument(skip_all, fields(index = %index_dir.display()))]
    pub fn open(index_dir: &Path) -> Result<Self> {
        if !index_dir.join("meta.json").is_file() {
            return Err(Error::MissingIndex(index_dir.to_owned()));
        }
        let index_error = |source| Error::Index {
            path: index_dir.to_owned(),
            source,
        };
        let index = Index::open_in_dir(index_dir).map_err(index_error)?;
        let manifest = Manifest::of(&index, index_dir)?;
        register_analyzers(&index);
        let fields = Fields::new(&index.schema()).map_err(index_error)?;
        let analyzers = Analyzers::default();
        // Reloaded explicitly (see `reload`), so that the manifest and the searcher move together.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        let snapshot = Snapshot {
            builder: QueryBuilder::new(fields, &manifest.thesaurus, &analyzers),
            manifest: Arc::new(manifest),
        };
        Ok(Self {
            path: index_dir.to_owned(),
            index,
            reader,
            fields,
            analyzers,
            snapshot: RwLock::new(Arc::new(snapshot)),
        })
    }

    /// Picks up the index's latest commit. Searches already running finish on the commit
    /// they started with; new ones see the new one. Returns whether anything changed.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn reload(&self) -> Result<bool> {
        let index_error = |source| Error::Index {
            path: self.path.clone(),
            source,
        };
        let manifest = Manifest::of(&self.index, &self.path)?;
        self.reader.reload().map_err(index_error)?;
        let current = self.snapshot();
        if *current.manifest == manifest {
            return Ok(false);
        }
        let builder = if current.manifest.thesaurus == manifest.thesaurus {
            current.builder.clone()
        } else {
            QueryBuilder::new(self.fields, &manifest.thesaurus, &self.analyzers)
        };
        let snapshot = Arc::new(Snapshot {
            manifest: Arc::new(manifest),
            builder,
        });
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = snapshot;
        Ok(true)
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(
            &self
                .snapshot
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// What the index holds: taxonomies and documents, as of the last (re)load.
    pub fn manifest(&self) -> Arc<Manifest> {
        Arc::clone(&self.snapshot().manifest)
    }

    /// Number of findings in the index.
    pub fn finding_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search.
    ///
    /// # Errors
    /// [`Error::Query`] when the request is invalid (the caller's mistake); other variants
    /// when the index fails.
    #[tracing::instrument(skip_all, fields(q = %request.text))]
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        let started = Instant::now();
        let snapshot = self.snapshot();
        let taxonomy = &snapshot.manifest.taxonomy;
        request.validate(taxonomy)?;
        let user = parse::parse(&request.text, taxonomy);
        // Filters written in the text (`area:landsbygd`) join the request's own.
        let mut request = request.clone();
        for (from_text, filter) in [
            (&user.areas, &mut request.areas),
            (&user.sources, &mut request.sources),
        ] {
            for slug in from_text {
                if !filter.contains(slug) {
                    filter.push(slug.clone());
                }
            }
        }
        let request = &request;
        let searcher = self.reader.searcher();
        let TextQuery {
            query: text_query,
            terms,
        } = snapshot.builder.clone().build(&user, &searcher);
        let filters = Filters::new(request, &self.fields);

        let main_query = filters.apply(text_query.box_clone(), None);
        let facet_collectors = FacetDimension::ALL.map(|dimension| {
            filters
                .get(dimension)
                .is_none()
                .then(|| dimension.collector())
        });
        let [area, source, year] = facet_collectors;
        let (ranked, total, [area, source, year]) = self.collect(
            &searcher,
            main_query.as_ref(),
            request,
            (area, source, year),
        )?;

        // Dimensions with their own filter are counted without it (disjunctive facets).
        let mut counts = [area, source, year];
        for (slot, dimension) in counts.iter_mut().zip(FacetDimension::ALL) {
            if slot.is_none() {
                let query = filters.apply(text_query.box_clone(), Some(dimension));
                *slot = Some(
                    searcher
                        .search(query.as_ref(), &dimension.collector())
                        .map_err(Error::Search)?,
                );
            }
        }
        let facets = facets_of(counts, request, taxonomy);

        let mut highlighter = Highlighter::new(terms, self.analyzers.clone());
        let hits = ranked
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(Error::Search)?;
                let mut hit = self.hit(&doc, score);
                hit.snippet = highlighter.snippet(&hit.text, hit.language);
                Ok(hit)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            request: request.clone(),
            total,
            hits,
            facets,
            took: started.elapsed(),
        })
    }

    /// Completions of the word being typed and the findings the query finds, for a search
    /// box that suggests as the user types. An empty or one-letter word completes to nothing.
    ///
    /// # Errors
    /// [`Error::Query`] for a `limit` outside 1 to [`MAX_COMPLETIONS`]; others when the
    /// index fails.
    pub fn suggest(&self, text: &str, limit: usize) -> Result<Suggestions> {
        if !(1..=MAX_COMPLETIONS).contains(&limit) {
            return Err(QueryError::InvalidLimit(limit.to_string()).into());
        }
        let searcher = self.reader.searcher();
        let (head, prefix) = suggest::split_last_word(text);
        let mut words = suggest::completions(&searcher, self.fields.text_exact, &prefix)?;
        words.truncate(limit);
        let completions: Vec<Completion> = words
            .into_iter()
            .map(|(word, count)| Completion {
                query: format!("{head}{word}"),
                word,
                count,
            })
            .collect();
        // The findings for the query as completed by any of its completions.
        let text = match completions.as_slice() {
            [] => text.to_owned(),
            [first, rest @ ..] => rest
                .iter()
                .fold(format!("{head}{}", first.word), |query, c| {
                    format!("{query} OR {}", c.word)
                }),
        };
        let hits = if text.trim().is_empty() {
            Vec::new()
        } else {
            self.search(&SearchRequest {
                text,
                limit: SUGGESTED_FINDINGS,
                ..SearchRequest::default()
            })?
            .hits
        };
        Ok(Suggestions { completions, hits })
    }

    /// Every area and source with the number of findings it has in the whole index.
    ///
    /// # Errors
    /// When the index fails.
    pub fn facet_totals(&self) -> Result<Facets> {
        let searcher = self.reader.searcher();
        let collectors = (
            FacetDimension::Area.collector(),
            FacetDimension::Source.collector(),
            FacetDimension::Year.collector(),
        );
        let (area, source, year) = searcher
            .search(&AllQuery, &collectors)
            .map_err(Error::Search)?;
        Ok(facets_of(
            [Some(area), Some(source), Some(year)],
            &SearchRequest::default(),
            &self.manifest().taxonomy,
        ))
    }

    /// A finding in its context, or `None` when no finding has this id.
    ///
    /// # Errors
    /// When the index fails.
    pub fn finding(&self, id: &str) -> Result<Option<FindingContext>> {
        let searcher = self.reader.searcher();
        let Some(hit) = self
            .hits_for_term(&searcher, Term::from_field_text(self.fields.id, id), 1)?
            .pop()
        else {
            return Ok(None);
        };
        let Some(document) = self
            .manifest()
            .documents
            .iter()
            .find(|d| d.id == hit.document_id)
            .cloned()
        else {
            return Ok(None);
        };
        let all = self.hits_for_term(
            &searcher,
            Term::from_field_text(self.fields.doc_id, &hit.document_id),
            document.findings.max(1),
        )?;
        let index = all.iter().position(|other| other.id == hit.id).unwrap_or(0);
        let previous = index.checked_sub(1).and_then(|i| all.get(i)).cloned();
        let next = all.get(index + 1).cloned();
        let section = all
            .iter()
            .filter(|other| other.section == hit.section)
            .cloned()
            .collect();
        Ok(Some(FindingContext {
            finding: hit,
            document,
            section,
            previous,
            next,
        }))
    }

    /// Findings with a term, in document reading order, snippets being their escaped text.
    fn hits_for_term(&self, searcher: &Searcher, term: Term, limit: usize) -> Result<Vec<Hit>> {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let in_reading_order = TopDocs::with_limit(limit).order_by(|segment: &SegmentReader| {
            let columns = SortColumns::new(segment);
            move |doc: DocId| {
                (
                    Reverse(columns.doc_key(doc)),
                    Reverse(columns.position(doc)),
                )
            }
        });
        searcher
            .search(&query, &in_reading_order)
            .map_err(Error::Search)?
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(Error::Search)?;
                let mut hit = self.hit(&doc, None);
                hit.snippet = html_escape::encode_text(&hit.text).into_owned();
                Ok(hit)
            })
            .collect()
    }

    /// Runs the ranked search with the facet collectors that need no separate pass.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        facets: FacetCollectors,
    ) -> Result<Collected> {
        let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
        match request.sort {
            Sort::Relevance => {
                let ranked = top.tweak_score(|segment: &SegmentReader| {
                    let columns = SortColumns::new(segment);
                    move |doc: DocId, score: Score| {
                        (
                            score,
                            columns.day(doc, i64::MIN),
                            Reverse(columns.doc_key(doc)),
                            Reverse(columns.position(doc)),
                        )
                    }
                });
                run(searcher, query, ranked, facets, |key| Some(key.0))
            }
            Sort::DateDesc => {
                let ranked = top.order_by(|segment: &SegmentReader| {
                    let columns = SortColumns::new(segment);
                    move |doc: DocId| {
                        (
                            columns.day(doc, i64::MIN),
                            Reverse(columns.doc_key(doc)),
                            Reverse(columns.position(doc)),
                        )
                    }
                });
                run(searcher, query, ranked, facets, |_| None)
            }
            Sort::DateAsc => {
                let ranked = top.order_by(|segment: &SegmentReader| {
                    let columns = SortColumns::new(segment);
                    move |doc: DocId| {
                        (
                            Reverse(columns.day(doc, i64::MAX)),
                            Reverse(columns.doc_key(doc)),
                            Reverse(columns.position(doc)),
                        )
                    }
                });
                run(searcher, query, ranked, facets, |_| None)
            }
        }
    }

    fn hit(&self, doc: &TantivyDocument, score: Option<Score>) -> Hit {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let number = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_u64())
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or_default()
        };
        let facet_value = |value: tantivy::schema::document::CompactDocValue<'_>| {
            value
                .as_facet()
                .map(|path| path.trim_start_matches('/').to_owned())
        };
        Hit {
            id: text(f.id),
            text: text(f.text),
            snippet: String::new(),
            title: text(f.title),
            section: number(f.section),
            number: number(f.number),
            from_heading: doc
                .get_first(f.from_heading)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            note: doc
                .get_first(f.note)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            areas_auto: doc
                .get_first(f.areas_auto)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            section_kind: SectionKind::from_slug(&text(f.section_kind)).unwrap_or_default(),
            areas: doc.get_all(f.area).filter_map(facet_value).collect(),
            source: doc
                .get_first(f.source)
                .and_then(facet_value)
                .unwrap_or_default(),
            date: doc
                .get_first(f.day)
                .and_then(|v| v.as_i64())
                .and_then(Date::from_days),
            document_id: text(f.doc_id),
            document_title: text(f.doc_title),
            language: Language::from_code(&text(f.language)).unwrap_or_default(),
            score,
        }
    }
}

/// Facet counts with the taxonomy's labels.
fn facets_of(
    counts: [Option<FacetCounts>; 3],
    request: &SearchRequest,
    taxonomy: &Taxonomy,
) -> Facets {
    let [area, source, year] = counts.map(Option::unwrap_or_default);
    Facets {
        area: facets::taxonomy_counts(&area, FacetDimension::Area, taxonomy, &request.areas),
        source: facets::taxonomy_counts(
            &source,
            FacetDimension::Source,
            taxonomy,
            &request.sources,
        ),
        year: facets::year_counts(&year, selected_year(request)),
    }
}

/// Collects a page of hits with a total count and facet counts in one pass.
fn run<C, K>(
    searcher: &Searcher,
    query: &dyn Query,
    ranked: C,
    facets: FacetCollectors,
    score: impl Fn(&K) -> Option<Score>,
) -> Result<Collected>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (ranked, total, (area, source, year)) = searcher
        .search(query, &(ranked, Count, facets))
        .map_err(Error::Search)?;
    let ranked = ranked
        .into_iter()
        .map(|(key, address)| (score(&key), address))
        .collect();
    Ok((ranked, total, [area, source, year]))
}

/// Optional facet collectors for area, source and year, in that order.
type FacetCollectors = (
    Option<FacetCollector>,
    Option<FacetCollector>,
    Option<FacetCollector>,
);

/// A ranked page (score when sorted by relevance), the total, and facet counts.
type Collected = (
    Vec<(Option<Score>, DocAddress)>,
    usize,
    [Option<FacetCounts>; 3],
);

/// The fast-field columns the sort orders read, per segment.
struct SortColumns {
    day: Option<Column<i64>>,
    doc_key: Option<Column<u64>>,
    position: Option<Column<u64>>,
}

impl SortColumns {
    fn new(segment: &SegmentReader) -> Self {
        let fast = segment.fast_fields();
        Self {
            day: fast.i64(schema::DAY).ok(),
            doc_key: fast.u64(schema::DOC_KEY).ok(),
            position: fast.u64(schema::POSITION).ok(),
        }
    }

    fn day(&self, doc: DocId, missing: i64) -> i64 {
        self.day
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(missing)
    }

    fn doc_key(&self, doc: DocId) -> u64 {
        self.doc_key
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or_default()
    }

    fn position(&self, doc: DocId) -> u64 {
        self.position
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or_default()
    }
}

/// The request's filters as queries, one per facet dimension.
struct Filters {
    area: Option<Box<dyn Query>>,
    source: Option<Box<dyn Query>>,
    date: Option<Box<dyn Query>>,
}

impl Filters {
    fn new(request: &SearchRequest, fields: &Fields) -> Self {
        let any_facet = |field, values: &[String]| -> Option<Box<dyn Query>> {
            (!values.is_empty()).then(|| {
                let terms = values
                    .iter()
                    .map(|value| -> Box<dyn Query> {
                        let term = Term::from_facet(field, &Facet::from_path([value.as_str()]));
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                    })
                    .collect();
                Box::new(BooleanQuery::union(terms)) as Box<dyn Query>
            })
        };
        let day_bound = |date: Option<Date>| {
            date.map_or(Bound::Unbounded, |date| {
                Bound::Included(Term::from_field_i64(fields.day, date.to_days()))
            })
        };
        let date = (request.from.is_some() || request.to.is_some()).then(|| {
            Box::new(RangeQuery::new(
                day_bound(request.from),
                day_bound(request.to),
            )) as Box<dyn Query>
        });
        Self {
            area: any_facet(fields.area, &request.areas),
            source: any_facet(fields.source, &request.sources),
            date,
        }
    }

    fn get(&self, dimension: FacetDimension) -> Option<&dyn Query> {
        match dimension {
            FacetDimension::Area => self.area.as_deref(),
            FacetDimension::Source => self.source.as_deref(),
            FacetDimension::Year => self.date.as_deref(),
        }
    }

    /// The text query restricted by every filter except the one of `skip`.
    fn apply(&self, text: Box<dyn Query>, skip: Option<FacetDimension>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        for dimension in FacetDimension::ALL {
            if Some(dimension) == skip {
                continue;
            }
            if let Some(filter) = self.get(dimension) {
                // Filters decide membership only; they add nothing to the score.
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
                ));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The year a request's date filter covers exactly, if it does.
fn selected_year(request: &SearchRequest) -> Option<i32> {
    let (from, to) = (request.from?, request.to?);
    let year = from.year();
    (Date::from_ymd(year, 1, 1) == Some(from) && Date::from_ymd(year, 12, 31) == Some(to))
        .then_some(year)
}
