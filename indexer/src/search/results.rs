//! What reads of an index return: search results with their help, suggestions, a finding
//! in its context, an overview. Only data: the code that computes each answer implements
//! [`super::IndexView`], and the view keeps some answers per commit, so the types sit
//! here, below both, rather than beside that code.

use std::time::Duration;

use super::facets::Facets;
use super::hit::Hit;
use crate::corpus::Date;
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

/// What a search adds besides its hits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchHelp {
    /// The words of the query (each with its alternatives), in order; counted only when the
    /// search found fewer than [`HELP_BELOW`](super::help::HELP_BELOW) findings.
    pub words: Vec<WordCount>,
    /// The query with its unknown words corrected, when that finds something.
    pub did_you_mean: Option<Correction>,
    /// When no finding has every word and there are several: the findings with most of them.
    pub partial: Option<PartialMatches>,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct WordCount {
    /// As written (alternatives joined by ` OR `).
    pub word: String,
    /// Findings it finds alone, with the search's filters; `None` when not counted.
    pub findings: Option<usize>,
    /// Findings it finds alone with no filters, counted beside [`Self::findings`] when the
    /// search has filters: "0 findings" within a date range must not read as "not in the
    /// knowledge base".
    pub unfiltered: Option<usize>,
    /// The index's word searched instead, when the word is in no finding and a near miss
    /// was forgiven (`utbygnadslagen` → `utbyggnadslagen`).
    pub searched_as: Option<String>,
}

/// A corrected query.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// The query text, corrected.
    pub text: String,
    /// Findings it finds: what searching it gives.
    pub total: usize,
}

/// Findings with some, most first, of a query's words.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialMatches {
    /// Findings with at least one of the words.
    pub total: usize,
    /// The requested page of them, those with most words first.
    pub hits: Vec<Hit>,
}

/// One way to finish the word being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The completed word, as the corpus writes it (lower case).
    pub word: String,
    /// The whole query with the last word completed.
    pub query: String,
    /// Findings that `query` finds when searched (forms, compound parts and synonyms too):
    /// never 0, a completion that finds nothing is not offered.
    pub count: u64,
}

/// Counts for an overview of the whole index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Area slugs, in taxonomy order (the matrix's rows).
    pub areas: Vec<String>,
    /// Source slugs, in taxonomy order (the matrix's columns).
    pub sources: Vec<String>,
    /// `matrix[area][source]`: findings with that area from that source.
    pub matrix: Vec<Vec<u64>>,
    /// Findings per source without any area.
    pub without_area: Vec<u64>,
    /// Findings per date, oldest first (findings without a date are not counted).
    pub timeline: Vec<(Date, u64)>,
}
