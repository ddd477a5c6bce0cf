//! Answering a [`SearchRequest`] on one commit: the user's text as a query (see
//! [`super::query`]) with the filters of the request and of the text, the page ranked and
//! the facets counted in one pass ([`super::collect`]), the page's snippets marked, and help
//! when little is found ([`super::help`]). With no text and no filter it is the start page:
//! the whole index in the requested order, its counts those of the commit.

use std::time::Instant;

use tantivy::query::{AllQuery, Query};
use tantivy::{DocAddress, TantivyDocument, Term};

use super::collect::{self, facets_of};
use super::columns::{Columns, FacetCounter};
use super::facets::{DIMENSIONS, Facets};
use super::hit::{self, Hit};
use super::parse::{self, UserQuery};
use super::query::TextQuery;
use super::results::{SearchHelp, SearchResults};
use super::segments;
use super::snippet::Highlighter;
use super::top::TopHits;
use super::view::{self, IndexView};
use crate::error::{Error, Result};
use crate::request::{QueryError, SearchRequest};

/// The words typed before the one being completed: see [`IndexView::head`].
pub(super) struct Head {
    pub user: UserQuery,
    /// Their query, unless they ask for nothing.
    pub built: Option<TextQuery>,
}

/// What the words before the one being completed do to what the whole text finds, as a
/// search of it treats them. Counts and suggested findings both follow it.
pub(super) enum HeadRole<'a> {
    /// There are none.
    Nothing,
    /// They carry meaning: the whole text finds only what they find.
    Within(&'a dyn Query),
    /// Stop words alone, excluding nothing: optional beside the completed word, they find
    /// nothing themselves and raise a finding that has them.
    Beside(&'a dyn Query),
    /// Stop words that exclude something: counted as the whole text.
    Whole(&'a dyn Query),
}

impl Head {
    pub(super) fn role(&self) -> HeadRole<'_> {
        match &self.built {
            None => HeadRole::Nothing,
            Some(built) if !built.words.is_empty() => HeadRole::Within(built.query.as_ref()),
            Some(built) if self.user.excluded.is_empty() => HeadRole::Beside(built.query.as_ref()),
            Some(built) => HeadRole::Whole(built.query.as_ref()),
        }
    }
}

impl IndexView {
    /// Runs a search.
    ///
    /// # Errors
    /// [`Error::Query`] when the request is invalid (the caller's mistake); other variants
    /// when the index fails.
    #[tracing::instrument(skip_all, fields(q = %request.text))]
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.search_with(request, true)
    }

    /// The words typed before the one being completed, parsed and built once for both the
    /// counts and the findings of a suggestion.
    ///
    /// # Errors
    /// As [`super::query::QueryBuilder::build`].
    pub(super) fn head(&self, text: &str) -> Result<Head> {
        let user = parse::parse(text, &self.manifest.taxonomy);
        let built = if user.is_empty() {
            None
        } else {
            Some(self.builder.clone().build(&user, &self.searcher)?)
        };
        Ok(Head { user, built })
    }

    /// How many findings a search for each text (no filters) finds: the queries alone,
    /// counted side by side. The texts are `head` and one word more each (`head` may be
    /// empty): the word's union of terms is counted, within what `head` finds, where that
    /// is what the whole text finds ([`super::query::QueryBuilder::union_terms_after`]).
    pub(super) fn count_texts(&self, head: &Head, texts: &[String]) -> Result<Vec<u64>> {
        let mut builder = self.builder.clone();
        // Whether the texts' last words are counted after the head, and within what (all
        // findings when the head has only stop words: they are optional beside a word).
        let (after_head, within) = match head.role() {
            HeadRole::Nothing | HeadRole::Whole(_) => (false, None),
            HeadRole::Within(query) => (true, Some(query)),
            HeadRole::Beside(_) => (true, None),
        };
        // Each text is counted one way or the other; `*_at` say where its count goes.
        let (mut unions, mut unions_at): (Vec<Vec<Term>>, Vec<usize>) = Default::default();
        let (mut queries, mut queries_at): (Vec<Box<dyn Query>>, Vec<usize>) = Default::default();
        for (at, text) in texts.iter().enumerate() {
            let user = parse::parse(text, &self.manifest.taxonomy);
            let terms = if after_head {
                builder.union_terms_after(&head.user, &user, &self.searcher)
            } else {
                builder.union_terms(&user, &self.searcher)
            };
            match terms {
                Some(terms) => {
                    unions.push(terms);
                    unions_at.push(at);
                }
                None => {
                    queries.push(builder.build(&user, &self.searcher)?.query);
                    queries_at.push(at);
                }
            }
        }
        let mut counts = vec![0; texts.len()];
        if !unions.is_empty() {
            let counted = segments::count_unions(&self.searcher, &unions, within)?;
            for (at, count) in unions_at.into_iter().zip(counted) {
                counts[at] = count;
            }
        }
        if !queries.is_empty() {
            let queries: Vec<&dyn Query> = queries.iter().map(AsRef::as_ref).collect();
            let counted = segments::count_each(&self.searcher, &queries)?;
            for (at, count) in queries_at.into_iter().zip(counted) {
                counts[at] = count;
            }
        }
        Ok(counts)
    }

    /// [`Self::count_texts`] with every text's whole query, never its union of terms: what
    /// the unions must agree with.
    #[cfg(test)]
    pub(super) fn count_texts_as_queries(&self, texts: &[String]) -> Result<Vec<u64>> {
        let mut builder = self.builder.clone();
        let queries = texts
            .iter()
            .map(|text| {
                let user = parse::parse(text, &self.manifest.taxonomy);
                Ok(builder.build(&user, &self.searcher)?.query)
            })
            .collect::<Result<Vec<_>>>()?;
        let queries: Vec<&dyn Query> = queries.iter().map(AsRef::as_ref).collect();
        segments::count_each(&self.searcher, &queries)
    }

    /// [`Self::search`] without [`SearchHelp`]: for the searches help itself makes.
    pub(super) fn search_without_help(&self, request: &SearchRequest) -> Result<SearchResults> {
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
    pub(super) fn hits_of(
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
        view::computed_once(&self.facet_totals, || {
            let counting = FacetCounter::new(&self.columns()?, [true; DIMENSIONS]);
            let counts = segments::search(&self.searcher, &AllQuery, &counting)?;
            Ok(facets_of(
                counts,
                &SearchRequest::default(),
                &self.manifest.taxonomy,
            ))
        })
    }
}
