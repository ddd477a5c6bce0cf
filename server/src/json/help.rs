//! The help a search answer carries when little is found, for tools that offer it too.

use indexer::{SearchHelp, SearchRequest};
use serde::Serialize;
use utoipa::ToSchema;

use super::HitJson;
use crate::params::search_query_string;

/// What a search adds when it finds fewer than five findings; for other searches only
/// `words` (without counts), to say which misspelt word was searched as which.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpJson {
    /// The words of the query, in order (alternatives joined by ` OR `).
    pub words: Vec<WordJson>,
    /// The query with words that find nothing corrected to the index's own words, when that
    /// finds something ("Menade du …?").
    pub did_you_mean: Option<CorrectionJson>,
    /// When no finding has every word: the findings with most of them (this page of them).
    pub partial: Option<PartialJson>,
}

/// One word of the query.
#[derive(Debug, Serialize, ToSchema)]
pub struct WordJson {
    /// As written.
    pub word: String,
    /// Findings it finds alone with the same filters; null when not counted.
    pub findings: Option<usize>,
    /// Findings it finds alone with no filters, when the search has filters and the words
    /// were counted; null otherwise.
    pub findings_unfiltered: Option<usize>,
    /// The index's word searched instead, when the word is in no finding and a near miss
    /// was forgiven.
    pub searched_as: Option<String>,
}

/// A corrected query.
#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionJson {
    /// The corrected query text.
    pub text: String,
    /// Findings it finds.
    pub total: usize,
    /// The search for it, with the same filters.
    pub url: String,
}

/// Findings with some of the words.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartialJson {
    /// Findings with at least one of the words.
    pub total: usize,
    /// This page of them, those with most of the words first.
    pub hits: Vec<HitJson>,
}

impl HelpJson {
    /// The help of a search for `request`.
    pub fn new(help: &SearchHelp, request: &SearchRequest, base_url: &str) -> Self {
        Self {
            words: help
                .words
                .iter()
                .map(|word| WordJson {
                    word: word.word.clone(),
                    findings: word.findings,
                    findings_unfiltered: word.unfiltered,
                    searched_as: word.searched_as.clone(),
                })
                .collect(),
            did_you_mean: help.did_you_mean.as_ref().map(|correction| CorrectionJson {
                text: correction.text.clone(),
                total: correction.total,
                url: format!(
                    "/api/v1/search?{}",
                    search_query_string(
                        &SearchRequest {
                            text: correction.text.clone(),
                            offset: 0,
                            ..request.clone()
                        },
                        None
                    )
                ),
            }),
            partial: help.partial.as_ref().map(|partial| PartialJson {
                total: partial.total,
                hits: super::hits(&partial.hits, base_url),
            }),
        }
    }
}
