//! The terms a query looked for, per analysis chain: what the query builder records as it
//! builds and the snippet marks (also filled by suggestions and related findings, which
//! build their queries otherwise). A file of its own because both the whole query and each
//! clause's tiers fill it.

use rustc_hash::FxHashSet;

/// The terms a query looked for, per analysis, so that the snippet can mark every match.
/// Hashed with FxHash: a page of snippets looks up every word of ten texts, a few times
/// each, in sets of a handful of terms.
#[derive(Debug, Default, Clone)]
pub(crate) struct MatchedTerms {
    pub exact: FxHashSet<String>,
    pub swedish: FxHashSet<String>,
    pub english: FxHashSet<String>,
    /// Normalised words that may match a compound part.
    pub parts: FxHashSet<String>,
    /// Words searched with typos allowed, with the number of edits.
    pub fuzzy: Vec<(String, u8)>,
    /// Normalised words searched with typos allowed, with the number of edits.
    pub fuzzy_stems: Vec<(String, u8)>,
}
