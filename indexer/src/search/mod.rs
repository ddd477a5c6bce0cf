//! Searching an index: [`SearchIndex::open`] once, then [`IndexView::search`] on its current
//! [`SearchIndex::view`] per request.
//!
//! A search combines the user's text (see [`query`]), filters on area, source and date
//! (constant-score, so they never change the ranking), a sort order with deterministic tie
//! breaks, facet counts and snippets.

mod collect;
mod columns;
mod deadline;
mod documents;
mod facets;
mod help;
mod hit;
mod near;
mod overview;
pub(crate) mod parse;
mod query;
mod related;
mod results;
mod segments;
mod snippet;
mod suggest;
mod synonyms;
mod top;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Instant;

use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analysis::{Analyzers, register_analyzers};
use crate::error::{Error, Result};
use crate::manifest::Manifest;
use crate::request::{QueryError, SearchRequest, check_query_size};
use crate::schema::{self, Fields};
use collect::facets_of;
use columns::{ColumnCache, Columns, FacetCounter};
pub use deadline::within_deadline;
pub use documents::{DocumentView, SectionView};
pub use facets::{FacetCount, FacetDimension, Facets};
pub use help::{Correction, HELP_BELOW, PartialMatches, SearchHelp, WordCount};
pub use hit::Hit;
pub use overview::Overview;
use query::{QueryBuilder, TextQuery};
pub use related::{MatchedWord, Related, RelatedResults};
pub use results::{FindingContext, SearchResults, Suggestions};
use snippet::Highlighter;
pub use suggest::{Completion, DEFAULT_COMPLETIONS, MAX_COMPLETIONS, SUGGESTED_FINDINGS};
use top::{Order, TopHits};

/// Suggestions for texts up to this long are kept per commit.
const SHORT_SUGGESTION_CHARS: usize = 3;
/// The most short suggestions kept; more start the cache over.
const SHORT_SUGGESTIONS_KEPT: usize = 4096;

/// A read-only handle on a built index that follows its commits ([`Self::reload`]). Reads
/// go through [`Self::view`]. Cheap to share between threads.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    /// The last loaded commit; swapped whole on reload.
    current: RwLock<Arc<IndexView>>,
}

/// One commit of an index, as reads see it. Its searcher and its manifest belong to the same
/// commit, so everything one request reads agrees, however often the index is updated
/// meanwhile. Counts over the whole commit are computed once, when first asked for, and
/// kept here: they change only with the commit.
pub struct IndexView {
    fields: Fields,
    /// Prototypes of the analysis chains, cloned per search.
    analyzers: Analyzers,
    searcher: Searcher,
    manifest: Arc<Manifest>,
    /// The query builder made from the manifest's thesaurus.
    builder: QueryBuilder,
    /// [`Manifest::version`], computed once.
    version: Arc<str>,
    /// Whether some document is for members only ([`crate::library`] asks on every
    /// anonymous request).
    members_only: bool,
    facet_totals: OnceLock<Facets>,
    overview: OnceLock<Overview>,
    /// Suggestions for texts of up to [`SHORT_SUGGESTION_CHARS`] characters (see
    /// [`IndexView::suggest`]), by text and limit.
    short_suggestions: Mutex<HashMap<(String, usize), Suggestions>>,
    /// Decoded segment columns, shared by the views of one index.
    column_cache: Arc<ColumnCache>,
    columns: OnceLock<Columns>,
}

impl std::fmt::Debug for IndexView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexView")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens one audience's index of a library built by [`crate::build_index`] (see
    /// [`crate::Library`], which opens both).
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
        register_analyzers(&index);
        let fields = Fields::new(&index.schema()).map_err(index_error)?;
        // Reloaded explicitly (see `reload`), so that the manifest and the searcher move together.
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        let (manifest, searcher) = latest_commit(&index, &reader, index_dir)?;
        let analyzers = Analyzers::default();
        let view = IndexView {
            builder: QueryBuilder::new(fields, &manifest.thesaurus, &analyzers),
            version: manifest.version().into(),
            members_only: manifest.has_members_only(),
            manifest: Arc::new(manifest),
            fields,
            analyzers,
            searcher,
            facet_totals: OnceLock::new(),
            overview: OnceLock::new(),
            short_suggestions: Mutex::default(),
            column_cache: Arc::default(),
            columns: OnceLock::new(),
        };
        Ok(Self {
            path: index_dir.to_owned(),
            index,
            reader,
            current: RwLock::new(Arc::new(view)),
        })
    }

    /// Picks up the index's latest commit. Reads already running finish on the view they
    /// started with; new ones see the new one. Returns whether anything changed.
    ///
    /// # Errors
    /// When the index cannot be read.
    pub fn reload(&self) -> Result<bool> {
        let (manifest, searcher) = latest_commit(&self.index, &self.reader, &self.path)?;
        let current = self.view();
        if *current.manifest == manifest {
            return Ok(false);
        }
        let builder = if current.manifest.thesaurus == manifest.thesaurus {
            current.builder.clone()
        } else {
            QueryBuilder::new(current.fields, &manifest.thesaurus, &current.analyzers)
        };
        let view = Arc::new(IndexView {
            version: manifest.version().into(),
            members_only: manifest.has_members_only(),
            manifest: Arc::new(manifest),
            builder,
            fields: current.fields,
            analyzers: current.analyzers.clone(),
            searcher,
            facet_totals: OnceLock::new(),
            overview: OnceLock::new(),
            short_suggestions: Mutex::default(),
            column_cache: Arc::clone(&current.column_cache),
            columns: OnceLock::new(),
        });
        *self
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = view;
        Ok(true)
    }

    /// The last loaded commit, for one request's reads.
    pub fn view(&self) -> Arc<IndexView> {
        Arc::clone(
            &self
                .current
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

/// The value a cell holds, computed and kept the first time it is asked for. (Two threads
/// asking at once may both compute it; one result is kept, and they are equal.)
fn computed_once<T: Clone>(cell: &OnceLock<T>, compute: impl FnOnce() -> Result<T>) -> Result<T> {
    if let Some(value) = cell.get() {
        return Ok(value.clone());
    }
    let value = compute()?;
    Ok(cell.get_or_init(|| value).clone())
}

/// Loads the latest commit into the reader and returns its searcher with the manifest that
/// the same commit carries. The manifest is read before and after the reload: when another
/// commit landed in between, the two differ and the loading is repeated.
fn latest_commit(index: &Index, reader: &IndexReader, path: &Path) -> Result<(Manifest, Searcher)> {
    let mut manifest = Manifest::of(index, path)?;
    loop {
        reader.reload().map_err(|source| Error::Index {
            path: path.to_owned(),
            source,
        })?;
        let searcher = reader.searcher();
        let after = Manifest::of(index, path)?;
        if after == manifest {
            return Ok((manifest, searcher));
        }
        manifest = after;
    }
}

impl IndexView {
    /// What the commit holds: taxonomies and documents.
    pub fn manifest(&self) -> Arc<Manifest> {
        Arc::clone(&self.manifest)
    }

    /// The fingerprint of what the commit holds (see [`Manifest::version`]): equal versions
    /// give equal answers, so it makes a good `ETag`.
    pub fn version(&self) -> Arc<str> {
        Arc::clone(&self.version)
    }

    /// Whether the commit holds a document only members may read.
    pub(crate) fn has_members_only(&self) -> bool {
        self.members_only
    }

    /// Number of findings in the commit.
    pub fn finding_count(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The decoded columns of this commit's segments (see [`columns`]), decoded when first
    /// needed rather than at start-up.
    fn columns(&self) -> Result<Columns> {
        computed_once(&self.columns, || self.column_cache.columns(&self.searcher))
    }

    /// Runs a search.
    ///
    /// # Errors
    /// [`Error::Query`] when the request is invalid (the caller's mistake); other variants
    /// when the index fails.
    #[tracing::instrument(skip_all, fields(q = %request.text))]
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, true)
    }

    /// [`Self::search`] without [`SearchHelp`]: for the searches help itself makes.
    /// How many findings a search for `text` (no filters) finds: the query alone, counted.
    fn count_text(&self, builder: &mut QueryBuilder, text: &str) -> Result<u64> {
        let user = parse::parse(text, &self.manifest.taxonomy);
        let query = builder.build(&user, &self.searcher)?.query;
        let count = segments::search(&self.searcher, query.as_ref(), &tantivy::collector::Count)?;
        Ok(count as u64)
    }

    fn search_without_help(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, false)
    }

    fn search_with(&self, request: &SearchRequest, with_help: bool) -> Result<SearchResults> {
        let started = Instant::now();
        let taxonomy = &self.manifest.taxonomy;
        request.validate(taxonomy)?;
        let user = parse::parse(&request.text, taxonomy);
        // `område:finns-inte` in the text is the same mistake as `?area=finns-inte`.
        if let Some(area) = user.unknown_areas.first() {
            return Err(QueryError::UnknownArea(area.clone()).into());
        }
        if let Some(source) = user.unknown_sources.first() {
            return Err(QueryError::UnknownSource(source.clone()).into());
        }
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
        let searcher = &self.searcher;
        let text = self.builder.clone().build(&user, searcher)?;
        let columns = self.columns()?;
        let (ranked, facets, total) = if user.is_empty() && request.has_no_filters() {
            self.browse(&columns, request)?
        } else {
            let (ranked, total, counts) =
                collect::collect(searcher, &columns, text.query.as_ref(), request)?;
            (ranked, facets_of(counts, request, taxonomy), total)
        };
        let mut highlighter = Highlighter::new(text.terms.clone(), self.analyzers.clone());
        let hits = self.hits_of(ranked, &mut highlighter)?;
        let help = if with_help && !user.is_empty() {
            self.help(&text, request, &columns, total, &mut highlighter)?
        } else {
            SearchHelp::default()
        };
        Ok(SearchResults {
            request: request.clone(),
            total,
            hits,
            facets,
            help,
            took: started.elapsed(),
        })
    }

    /// The hits of a ranked page, their snippets marked.
    fn hits_of(
        &self,
        ranked: collect::RankedPage,
        highlighter: &mut Highlighter,
    ) -> Result<Vec<Hit>> {
        ranked
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = self.searcher.doc(address).map_err(Error::Search)?;
                let mut hit = hit::hit_of(&self.fields, &doc, score);
                hit.snippet = highlighter.snippet(&hit.text, hit.language);
                Ok(hit)
            })
            .collect()
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
        check_query_size(text)?;
        // The first keystrokes are everybody's: a two-letter prefix streams thousands of
        // words and completes to the corpus's most common ones. Their answers are kept for
        // the commit (a few thousand short texts at most).
        if text.chars().count() > SHORT_SUGGESTION_CHARS {
            return self.suggest_uncached(text, limit);
        }
        let key = (text.to_owned(), limit);
        let cached = self
            .short_suggestions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(suggestions) = cached {
            return Ok(suggestions);
        }
        let suggestions = self.suggest_uncached(text, limit)?;
        let mut cache = self
            .short_suggestions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.len() >= SHORT_SUGGESTIONS_KEPT {
            cache.clear();
        }
        cache.insert(key, suggestions.clone());
        Ok(suggestions)
    }

    fn suggest_uncached(&self, text: &str, limit: usize) -> Result<Suggestions> {
        let (head, prefix) = suggest::split_last_word(text);
        let words = suggest::completions(&self.searcher, self.fields.text_exact, &prefix, limit)?;
        // The count shown is what choosing the completion finds: its search matches forms,
        // compound parts and synonyms, which the word's own document frequency does not.
        let mut builder = self.builder.clone();
        let mut completions: Vec<Completion> = words
            .into_iter()
            .map(|(word, _)| {
                let query = format!("{head}{word}");
                let count = self.count_text(&mut builder, &query)?;
                Ok(Completion { query, word, count })
            })
            .collect::<Result<_>>()?;
        completions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
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
        } else if !completions.is_empty() {
            let words: Vec<&str> = completions.iter().map(|c| c.word.as_str()).collect();
            self.findings_with_any(head, &words)?
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

    /// The best findings for the words typed before (`head`, searched as a search would)
    /// with any of these words as written. Suggestions are asked for on every keystroke, and
    /// a short prefix completes to words that together are in a tenth of the corpus: as
    /// plain terms, the completions cost one union (which tantivy ranks with block-max WAND
    /// when nothing comes before them), where searching each as a search would costs every
    /// way of matching it.
    fn findings_with_any(&self, head: &str, words: &[&str]) -> Result<Vec<Hit>> {
        let before = parse::parse(head, &self.manifest.taxonomy);
        let terms: Vec<Box<dyn tantivy::query::Query>> = words
            .iter()
            .map(|word| -> Box<dyn tantivy::query::Query> {
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.text_exact, word),
                    IndexRecordOption::WithFreqs,
                ))
            })
            .collect();
        let mut matched = query::MatchedTerms {
            exact: words.iter().map(|&word| word.to_owned()).collect(),
            ..query::MatchedTerms::default()
        };
        let mut query: Box<dyn tantivy::query::Query> =
            Box::new(tantivy::query::BooleanQuery::union(terms));
        if !before.is_empty() {
            let TextQuery {
                query: head_query,
                terms,
                ..
            } = self.builder.clone().build(&before, &self.searcher)?;
            matched.exact.extend(terms.exact);
            matched.swedish.extend(terms.swedish);
            matched.english.extend(terms.english);
            matched.parts.extend(terms.parts);
            query = Box::new(tantivy::query::BooleanQuery::intersection(vec![
                head_query, query,
            ]));
        }
        // Ties go by date, document and place in it, as in every list: never by where the
        // findings happen to sit in this build's segments, so the answer (and its ETag) is
        // the same for every build of the same corpus.
        let top = TopHits::new(Order::Relevance, SUGGESTED_FINDINGS, 0, &self.columns()?);
        let top = segments::search(&self.searcher, &query, &top)?;
        let mut highlighter = Highlighter::new(matched, self.analyzers.clone());
        top.into_iter()
            .map(|(rank, address)| {
                let doc: TantivyDocument = self.searcher.doc(address).map_err(Error::Search)?;
                let mut hit = hit::hit_of(&self.fields, &doc, Some(rank.score));
                hit.snippet = highlighter.snippet(&hit.text, hit.language);
                Ok(hit)
            })
            .collect()
    }

    /// The whole index in the requested order: the start page. Its total and facets are
    /// those of the commit, counted once ([`Self::facet_totals`]), and each segment keeps
    /// its findings sorted in each order, so only the page itself is read.
    fn browse(
        &self,
        columns: &Columns,
        request: &SearchRequest,
    ) -> Result<(collect::RankedPage, Facets, usize)> {
        use tantivy::collector::Collector;
        let order = collect::order_of(request.sort);
        let wanted = request.offset.saturating_add(request.limit);
        // Every finding matches an empty query alike.
        let pages = self
            .searcher
            .segment_readers()
            .iter()
            .enumerate()
            .map(|(ordinal, segment)| {
                let c = columns.of(segment);
                let alive = segment.alive_bitset();
                order
                    .listing(&c)
                    .iter()
                    .filter(|&&doc| alive.is_none_or(|alive| alive.is_alive(doc)))
                    .take(wanted)
                    .map(|&doc| {
                        let address = DocAddress::new(ordinal as u32, doc);
                        (order.listing_rank(&c, doc), address)
                    })
                    .collect()
            })
            .collect();
        let ranked = TopHits::new(order, request.limit, request.offset, columns)
            .merge_fruits(pages)
            .map_err(Error::Search)?;
        let total = usize::try_from(self.searcher.num_docs()).unwrap_or(usize::MAX);
        Ok((collect::scores(order, ranked), self.facet_totals()?, total))
    }

    /// Every area and source with the number of findings it has in the whole index.
    ///
    /// # Errors
    /// When the index fails.
    pub fn facet_totals(&self) -> Result<Facets> {
        computed_once(&self.facet_totals, || {
            let counting = FacetCounter::new(&self.columns()?, [true; 3]);
            let counts = segments::search(&self.searcher, &AllQuery, &counting)?;
            Ok(facets_of(
                counts,
                &SearchRequest::default(),
                &self.manifest.taxonomy,
            ))
        })
    }

    /// A finding alone, or `None` when no finding has this id. Its snippet is its escaped text.
    ///
    /// # Errors
    /// When the index fails.
    pub fn hit(&self, id: &str) -> Result<Option<Hit>> {
        Ok(self
            .hits_for_term(&self.searcher, Term::from_field_text(self.fields.id, id), 1)?
            .pop())
    }

    /// A finding in its context, or `None` when no finding has this id.
    ///
    /// # Errors
    /// When the index fails.
    pub fn finding(&self, id: &str) -> Result<Option<FindingContext>> {
        let searcher = &self.searcher;
        let Some(hit) = self.hit(id)? else {
            return Ok(None);
        };
        let Some(document) = self
            .manifest
            .documents
            .iter()
            .find(|d| d.id == hit.document_id)
            .cloned()
        else {
            return Ok(None);
        };
        // Reading order comes from fast fields; only the findings shown are loaded from the
        // store, so a finding in a long document costs no more than one in a short one.
        let all = self.in_reading_order(
            searcher,
            Term::from_field_text(self.fields.doc_id, &hit.document_id),
            document.findings.max(1),
        )?;
        let own = schema::position(hit.section, hit.number);
        let index = all.iter().position(|&(at, _)| at == own).unwrap_or(0);
        let load = |i: Option<usize>| -> Result<Option<Hit>> {
            match i.and_then(|i| all.get(i)) {
                Some(&(_, address)) => self.hit_at(searcher, address).map(Some),
                None => Ok(None),
            }
        };
        let previous = load(index.checked_sub(1))?;
        let next = load(Some(index + 1))?;
        let section = all
            .iter()
            .filter(|&&(at, _)| at >> 32 == u64::from(hit.section))
            .map(|&(at, address)| {
                if at == own {
                    Ok(hit.clone())
                } else {
                    self.hit_at(searcher, address)
                }
            })
            .collect::<Result<_>>()?;
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
        self.in_reading_order(searcher, term, limit)?
            .into_iter()
            .map(|(_, address)| self.hit_at(searcher, address))
            .collect()
    }

    /// One stored finding, its snippet being its escaped text.
    fn hit_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(address).map_err(Error::Search)?;
        let mut hit = hit::hit_of(&self.fields, &doc, None);
        hit.snippet = html_escape::encode_text(&hit.text).into_owned();
        Ok(hit)
    }

    /// The addresses of the findings with a term, in document reading order, each with its
    /// position ([`schema::position`]), read from fast fields alone.
    fn in_reading_order(
        &self,
        searcher: &Searcher,
        term: Term,
        limit: usize,
    ) -> Result<Vec<(u64, DocAddress)>> {
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let in_reading_order = TopHits::new(Order::Reading, limit, 0, &self.columns()?);
        Ok(segments::search(searcher, &query, &in_reading_order)?
            .into_iter()
            .map(|(rank, address)| (rank.position.0, address))
            .collect())
    }
}
