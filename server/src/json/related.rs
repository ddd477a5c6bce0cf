//! Related findings in the API: for a finding, and for a paragraph of a draft.

use indexer::{Related, RelatedResults};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::HitJson;
use crate::draft;

/// `GET /api/v1/findings/{id}/related` and `POST /api/v1/related`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedResponse {
    /// Findings sharing at least one distinctive word, across all pages.
    pub total: usize,
    /// Page size.
    pub limit: usize,
    /// Findings skipped.
    pub offset: usize,
    /// This page, most related first.
    pub hits: Vec<RelatedHitJson>,
    /// For a draft with `ids`: the Markdown draft with numbered footnotes to the chosen
    /// findings' permalinks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// For a draft: chosen ids that name no finding (removed since they were chosen).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A related finding and why it matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedHitJson {
    /// The finding; its snippet marks the shared words.
    #[serde(flatten)]
    pub hit: HitJson,
    /// The words it shares with the source, as the finding writes them.
    #[schema(example = json!(["utbyggnadslagen", "kommuner"]))]
    pub shared: Vec<String>,
    /// The same words as the source text writes them (lowercased), the most distinctive first.
    pub matched: Vec<String>,
    /// For a draft: the sentence of the text it shares the most words with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
}

impl RelatedResponse {
    /// The response for a page of related findings; with `text`, each hit names the
    /// sentence of it that it matches best. `base_url` makes the permalinks absolute.
    pub fn new(
        results: &RelatedResults,
        limit: usize,
        offset: usize,
        text: Option<&str>,
        base_url: &str,
    ) -> Self {
        let sentences = text.map(draft::sentences).unwrap_or_default();
        Self {
            total: results.total,
            limit,
            offset,
            hits: results
                .hits
                .iter()
                .map(|related| RelatedHitJson::new(related, &sentences, base_url))
                .collect(),
            draft: None,
            missing: Vec::new(),
        }
    }
}

impl RelatedHitJson {
    fn new(related: &Related, sentences: &[&str], base_url: &str) -> Self {
        Self {
            hit: HitJson::new(&related.hit, base_url),
            shared: related.shared.clone(),
            matched: related
                .matched
                .iter()
                .map(|matched| matched.word.clone())
                .collect(),
            sentence: draft::best_sentence(sentences, &related.matched).map(str::to_owned),
        }
    }
}

/// `POST /api/v1/related`: a paragraph of a draft, and optionally the findings chosen for it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The text to find support for: a sentence, a paragraph, a page.
    #[schema(example = "Många kommuner känner inte till utbyggnadslagen.")]
    pub text: String,
    /// Findings to return, 1 to 100.
    #[serde(default = "default_limit", deserialize_with = "whole_number")]
    #[schema(default = 10, minimum = 1, maximum = 100)]
    pub limit: usize,
    /// Findings to skip.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(default = 0, minimum = 0, maximum = 10000)]
    pub offset: usize,
    /// Ids of chosen findings: the response then carries the Markdown draft citing them.
    #[serde(default)]
    pub ids: Vec<String>,
}

/// A count as JSON writes it: `2` and, as JSON Schema's integers include it, `2.0`.
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    let number = serde_json::Number::deserialize(deserializer)?;
    if let Some(whole) = number.as_u64() {
        return usize::try_from(whole).map_err(serde::de::Error::custom);
    }
    match number.as_f64() {
        Some(value) if value.fract() == 0.0 && (0.0..=u32::MAX.into()).contains(&value) =>
        {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "checked: whole, non-negative, at most u32::MAX"
            )]
            Ok(value as usize)
        }
        _ => Err(serde::de::Error::custom(format!(
            "invalid number `{number}`, expected a whole number"
        ))),
    }
}

fn default_limit() -> usize {
    DEFAULT_RELATED
}

/// Related findings shown or returned when the caller does not say.
pub const DEFAULT_RELATED: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(body: &str) -> Result<usize, String> {
        serde_json::from_str::<DraftRequest>(body)
            .map(|request| request.limit)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn counts_are_whole_numbers_however_written() {
        assert_eq!(limit(r#"{"text": "x", "limit": 2}"#), Ok(2));
        assert_eq!(limit(r#"{"text": "x", "limit": 2.0}"#), Ok(2));
        assert_eq!(limit(r#"{"text": "x"}"#), Ok(DEFAULT_RELATED));
        for bad in ["2.5", "-1", "\"2\"", "1e300"] {
            let body = format!(r#"{{"text": "x", "limit": {bad}}}"#);
            assert!(limit(&body).is_err(), "{bad}");
        }
    }
}
