//! One commit of an index as reads see it: its searcher and manifest, and what is computed
//! once per commit (the query builder, counts over the whole commit, short suggestions,
//! decoded segment columns). Each kind of read is an `impl IndexView` in a file of its own
//! ([`super::answer`], [`super::suggest`], [`super::context`], [`super::documents`],
//! [`super::related`], [`super::overview`], [`super::help`]); this file holds only the
//! state they share, so it names the types it keeps and none of the code that makes them.

use std::sync::{Arc, OnceLock};

use tantivy::Searcher;

use super::columns::{ColumnCache, Columns};
use super::facets::Facets;
use super::kept::Kept;
use super::query::QueryBuilder;
use super::results::{Overview, Suggestions};
use crate::analysis::Analyzers;
use crate::error::Result;
use crate::manifest::Manifest;
use crate::schema::Fields;

/// One commit of an index, as reads see it. Its searcher and its manifest belong to the same
/// commit, so everything one request reads agrees, however often the index is updated
/// meanwhile. Counts over the whole commit are computed once, when first asked for, and
/// kept here: they change only with the commit.
pub struct IndexView {
    pub(super) fields: Fields,
    /// Prototypes of the analysis chains, cloned per search.
    pub(super) analyzers: Analyzers,
    pub(super) searcher: Searcher,
    pub(super) manifest: Arc<Manifest>,
    /// The query builder made from the manifest's thesaurus.
    pub(super) builder: QueryBuilder,
    /// [`Manifest::version`], computed once.
    version: Arc<str>,
    /// Whether some document is for members only ([`crate::library`] asks on every
    /// anonymous request).
    members_only: bool,
    pub(super) facet_totals: OnceLock<Facets>,
    pub(super) overview: OnceLock<Overview>,
    /// Suggestions for the shortest texts, the first keystrokes everybody types (see
    /// [`IndexView::suggest`]), by text and limit.
    pub(super) short_suggestions: Kept<(String, usize), Suggestions>,
    /// The completions of the shortest words, with how many findings have each, by word
    /// and limit: a word typed after others starts with the same few letters.
    pub(super) short_completions: Kept<(String, usize), Vec<(String, u64)>>,
    /// What each completed text finds, by the text (`kungen dro` + `ttningen`): the next
    /// keystroke offers mostly the same completions again, and counting a common word's
    /// findings is half of what a suggestion costs (`bench/notes.md`).
    pub(super) completion_counts: Kept<String, u64>,
    /// Decoded segment columns, shared by the views of one index.
    column_cache: Arc<ColumnCache>,
    columns: OnceLock<Columns>,
}

/// The most suggestions, or completions of short words, a view keeps of each: a few
/// thousand short texts at most are typed.
const SHORT_ANSWERS_KEPT: usize = 4096;
/// The most counts of completed texts a view keeps: some 64 bytes each, a few MB at most.
const COUNTS_KEPT: usize = 65_536;

impl std::fmt::Debug for IndexView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexView")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl IndexView {
    /// The first view of an index opened with these fields.
    pub(super) fn new(fields: Fields, manifest: Manifest, searcher: Searcher) -> Self {
        let analyzers = Analyzers::default();
        let builder = QueryBuilder::new(fields, &manifest.thesaurus, &analyzers);
        Self::of_commit(
            fields,
            analyzers,
            builder,
            Arc::default(),
            manifest,
            searcher,
        )
    }

    /// The view of a later commit of the same index. What does not change with the commit
    /// carries over: the fields, the analysis chains, the decoded columns of the segments
    /// both commits have, and the query builder while the thesaurus is the same.
    pub(super) fn next(&self, manifest: Manifest, searcher: Searcher) -> Self {
        let builder = if self.manifest.thesaurus == manifest.thesaurus {
            self.builder.clone()
        } else {
            QueryBuilder::new(self.fields, &manifest.thesaurus, &self.analyzers)
        };
        Self::of_commit(
            self.fields,
            self.analyzers.clone(),
            builder,
            Arc::clone(&self.column_cache),
            manifest,
            searcher,
        )
    }

    /// A view with nothing computed yet for its commit.
    fn of_commit(
        fields: Fields,
        analyzers: Analyzers,
        builder: QueryBuilder,
        column_cache: Arc<ColumnCache>,
        manifest: Manifest,
        searcher: Searcher,
    ) -> Self {
        Self {
            version: manifest.version().into(),
            members_only: manifest.has_members_only(),
            manifest: Arc::new(manifest),
            builder,
            fields,
            analyzers,
            searcher,
            facet_totals: OnceLock::new(),
            overview: OnceLock::new(),
            short_suggestions: Kept::new(SHORT_ANSWERS_KEPT),
            short_completions: Kept::new(SHORT_ANSWERS_KEPT),
            completion_counts: Kept::new(COUNTS_KEPT),
            column_cache,
            columns: OnceLock::new(),
        }
    }

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

    /// The decoded columns of this commit's segments (see [`super::columns`]), decoded when first
    /// needed rather than at start-up.
    pub(super) fn columns(&self) -> Result<Columns> {
        computed_once(&self.columns, || self.column_cache.columns(&self.searcher))
    }
}

/// The value a cell holds, computed and kept the first time it is asked for. (Two threads
/// asking at once may both compute it; one result is kept, and they are equal.)
pub(super) fn computed_once<T: Clone>(
    cell: &OnceLock<T>,
    compute: impl FnOnce() -> Result<T>,
) -> Result<T> {
    if let Some(value) = cell.get() {
        return Ok(value.clone());
    }
    let value = compute()?;
    Ok(cell.get_or_init(|| value).clone())
}
