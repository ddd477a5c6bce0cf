//! The draft assistant, shared by `/utkast` and `POST /api/v1/related`: the findings related
//! to a text, the findings the writer chose, and the Markdown draft citing them.

use indexer::{Audience, Hit, MatchedWord, Page, RelatedResults};

use crate::draft::{self, Chosen};
use crate::error::ApiError;
use crate::json::RelatedResponse;
use crate::limits::MAX_CHOSEN;
use crate::state::AppState;

/// What the assistant found for a text and a selection.
#[derive(Debug)]
pub struct Assisted {
    /// The text, as given.
    pub text: String,
    /// The page of related findings asked for.
    pub page: Page,
    /// Related findings.
    pub results: RelatedResults,
    /// The chosen findings in the order their footnotes appear in the draft (the text's
    /// order, then the rest as chosen), each with the words of the text it shares.
    pub chosen: Vec<(Hit, Vec<MatchedWord>)>,
    /// Chosen ids that name no finding (any more).
    pub missing: Vec<String>,
    /// The Markdown draft, when anything was chosen.
    pub markdown: Option<String>,
    /// Scheme and host the draft's links start with.
    pub base_url: String,
}

/// Finds related findings for `text` and fetches the chosen `ids`.
///
/// # Errors
/// Bad paging, a text over [`indexer::MAX_TEXT_CHARS`], more than [`MAX_CHOSEN`] ids, or an
/// index failure.
pub async fn assist(
    state: &AppState,
    audience: Audience,
    text: String,
    mut ids: Vec<String>,
    page: Page,
    base_url: String,
) -> Result<Assisted, ApiError> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    if ids.len() > MAX_CHOSEN {
        return Err(ApiError::TooManyChosen(ids.len()));
    }
    let taxonomy = state.index_for(audience).manifest();
    state
        .run(audience, move |index| {
            let page = page.validate()?;
            let results = index.related_to_text(&text, page, None)?;
            let mut hits = Vec::new();
            let mut missing = Vec::new();
            for id in ids {
                match index.hit(&id)? {
                    Some(hit) => hits.push(hit),
                    None => missing.push(id),
                }
            }
            let texts: Vec<&str> = hits.iter().map(|hit| hit.text.as_str()).collect();
            let shared = index.shared_words(&text, &texts);
            let chosen: Vec<(Hit, Vec<MatchedWord>)> = hits.into_iter().zip(shared).collect();
            // Numbered as Word numbers them: down the text ([`draft::citation_order`]).
            let order = {
                let findings: Vec<Chosen<'_>> = chosen
                    .iter()
                    .map(|(hit, matched)| Chosen { hit, matched })
                    .collect();
                draft::citation_order(&text, &findings)
            };
            let mut slots: Vec<Option<(Hit, Vec<MatchedWord>)>> =
                chosen.into_iter().map(Some).collect();
            let chosen = order
                .into_iter()
                .filter_map(|index| slots.get_mut(index).and_then(Option::take))
                .collect();
            let mut assisted = Assisted {
                text,
                page,
                results,
                chosen,
                missing,
                markdown: None,
                base_url,
            };
            if !assisted.chosen.is_empty() {
                assisted.markdown = Some(draft::markdown(
                    &assisted.text,
                    &assisted.chosen_findings(),
                    &taxonomy.taxonomy,
                    &assisted.base_url,
                ));
            }
            Ok(assisted)
        })
        .await
}

impl Assisted {
    /// The chosen findings as the draft writers (Markdown, HTML, Word) take them.
    pub fn chosen_findings(&self) -> Vec<Chosen<'_>> {
        self.chosen
            .iter()
            .map(|(hit, matched)| Chosen { hit, matched })
            .collect()
    }

    /// The API's answer.
    pub fn to_json(&self) -> RelatedResponse {
        let mut response = RelatedResponse::new(
            &self.results,
            self.page.limit,
            self.page.offset,
            Some(&self.text),
            &self.base_url,
        );
        response.draft.clone_from(&self.markdown);
        response.missing.clone_from(&self.missing);
        response
    }
}
