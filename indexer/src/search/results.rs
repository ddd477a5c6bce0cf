//! What searches return: results, suggestions, a finding in its context.

use std::time::Duration;

use super::facets::Facets;
use super::help::SearchHelp;
use super::hit::Hit;
use super::suggest::Completion;
use crate::manifest::DocumentSummary;
use crate::request::SearchRequest;

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
    /// Per-word counts, corrections and partial matches when little is found.
    pub help: SearchHelp,
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
