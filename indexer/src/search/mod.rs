//! Searching an index: [`SearchIndex::open`] once, then [`IndexView::search`] on its current
//! [`SearchIndex::view`] per request.
//!
//! A search combines the user's text (see [`query`]), filters on area, source and date
//! (constant-score, so they never change the ranking), a sort order with deterministic tie
//! breaks, facet counts and snippets ([`answer`]).
//!
//! [`index`] follows an index's commits; [`view`] is one commit, whose state every kind of
//! read shares. Each read is an `impl IndexView` of its own: [`answer`] (a search),
//! [`suggest`], [`context`] (a finding and its neighbours), [`documents`], [`related`],
//! [`overview`], [`help`] and [`responses`] (feedback on a finding, document or area). What they return is in [`results`].

mod answer;
mod collect;
mod columns;
mod context;
mod deadline;
mod documents;
mod facets;
#[cfg(test)]
mod fixture;
mod help;
mod hit;
mod index;
mod near;
mod overview;
pub(crate) mod parse;
mod query;
mod related;
mod responses;
mod results;
mod segments;
mod snippet;
mod suggest;
mod synonyms;
mod term_union;
mod top;
mod view;

pub use deadline::within_deadline;
pub use documents::{DocumentView, SectionView};
pub use facets::{FacetCount, FacetDimension, Facets};
pub use help::HELP_BELOW;
pub use hit::Hit;
pub use index::SearchIndex;
pub use related::{MatchedWord, Related, RelatedResults};
pub use results::{
    Completion, Correction, FindingContext, Overview, PartialMatches, SearchHelp, SearchResults,
    Suggestions, WordCount,
};
pub use suggest::{DEFAULT_COMPLETIONS, MAX_COMPLETIONS, SUGGESTED_FINDINGS};
pub use view::IndexView;
