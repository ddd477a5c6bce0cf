//! The area description over the API: `GET`/`PUT /api/v1/areas/{slug}/description`, its
//! rounds and the outcome of each piece of feedback.

use std::collections::BTreeMap;

use indexer::description::{Outcome, Round};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{DocumentJson, HitJson};
use crate::resolved::{FeedbackOn, Resolved, ResolvedPart};

/// `GET /api/v1/areas/{slug}/description`.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionResponse {
    /// The area's slug.
    #[schema(example = "landsbygd")]
    pub area: String,
    /// The area's label.
    pub label: String,
    /// Where it stands: `utkast`, `ute_for_aterkoppling`, `omarbetas` or `godkand`.
    #[schema(example = "ute_for_aterkoppling")]
    pub status: String,
    /// The status in Swedish, as the page says it.
    pub status_label: String,
    /// The current version's number (send it as `version` when saving).
    pub current_version: u32,
    /// The version shown (`?version=N`, else the current one).
    pub version: DescriptionVersionJson,
    /// The last round sent out.
    pub round: Option<DescriptionRoundJson>,
    /// The last day for feedback while a round is out.
    #[schema(value_type = Option<String>, format = Date)]
    pub deadline: Option<String>,
    /// The approved version, if one was approved.
    pub approved_version: Option<u32>,
    /// Every version: number, author, time.
    pub versions: Vec<DescriptionVersionJson>,
    /// The six parts in order.
    pub sections: Vec<DescriptionSectionJson>,
    /// Feedback on the description as a whole.
    pub feedback: Vec<DescriptionFeedbackJson>,
    /// The document that holds the current version (searchable like any other).
    pub document: Option<DocumentJson>,
}

/// A version's number, author and time.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionVersionJson {
    /// Its number.
    pub number: u32,
    /// Who saved it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// The version it was written from.
    pub based_on: u32,
}

/// A round of written feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionRoundJson {
    /// Its number.
    pub number: u32,
    /// The version sent out.
    pub version: u32,
    /// The last day for feedback.
    #[schema(value_type = String, format = Date)]
    pub deadline: String,
    /// The editor's note.
    pub note: String,
    /// Who sent it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

impl From<&Round> for DescriptionRoundJson {
    fn from(round: &Round) -> Self {
        Self {
            number: round.number,
            version: round.version,
            deadline: round.deadline.to_string(),
            note: round.note.clone(),
            by: round.by.clone(),
            at: round.at.to_string(),
        }
    }
}

/// One part of the version shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionSectionJson {
    /// `beskrivning`, `fakta`, `motivering`, `utmaningar`, `forslag` or `sammanfattning`.
    #[schema(example = "utmaningar")]
    pub slug: String,
    /// Its heading.
    pub heading: String,
    /// Its text: Markdown, footnotes `[^1]` defined as `[^1]: /findings/{id}`.
    pub text: String,
    /// Its footnotes resolved to findings.
    pub footnotes: Vec<DescriptionFootnoteJson>,
    /// The questions the group reviews the part by.
    pub questions: Vec<String>,
    /// Feedback on the part.
    pub feedback: Vec<DescriptionFeedbackJson>,
}

/// A footnote, resolved.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionFootnoteJson {
    /// The label in the part's text.
    pub label: String,
    /// Its number in the description as a whole.
    pub number: usize,
    /// The finding's id.
    pub finding_id: String,
    /// The finding; `null` when it no longer exists.
    pub finding: Option<HitJson>,
}

/// A piece of feedback and what became of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionFeedbackJson {
    /// The feedback document.
    pub document: DocumentJson,
    /// The part it answers, `null` for the whole description.
    pub part: Option<String>,
    /// The round it answers.
    pub round: Option<u32>,
    /// Written after that round's deadline.
    pub late: bool,
    /// `inarbetad` or `ej_inarbetad`; `null` while undecided.
    pub outcome: Option<String>,
    /// Why, as the editor wrote it.
    pub reason: Option<String>,
}

impl From<&FeedbackOn> for DescriptionFeedbackJson {
    fn from(feedback: &FeedbackOn) -> Self {
        Self {
            document: DocumentJson::from(&feedback.document),
            part: feedback.part.map(|part| part.slug().to_owned()),
            round: feedback.round,
            late: feedback.late,
            outcome: feedback
                .outcome
                .as_ref()
                .map(|outcome| outcome.outcome.slug().to_owned()),
            reason: feedback
                .outcome
                .as_ref()
                .and_then(|o: &Outcome| o.reason.clone()),
        }
    }
}

impl DescriptionSectionJson {
    fn new(part: &ResolvedPart, resolved: &Resolved, base_url: &str) -> Self {
        Self {
            slug: part.part.slug().to_owned(),
            heading: part.part.heading().to_owned(),
            text: part.text.clone(),
            footnotes: part
                .footnotes
                .iter()
                .map(|(label, number)| {
                    let note = resolved.footnote(*number);
                    DescriptionFootnoteJson {
                        label: label.clone(),
                        number: *number,
                        finding_id: note.map(|n| n.finding.clone()).unwrap_or_default(),
                        finding: note
                            .and_then(|n| n.hit.as_ref())
                            .map(|hit| HitJson::new(hit, base_url)),
                    }
                })
                .collect(),
            questions: part
                .part
                .questions()
                .iter()
                .map(|q| (*q).to_owned())
                .collect(),
            feedback: part
                .feedback
                .iter()
                .map(DescriptionFeedbackJson::from)
                .collect(),
        }
    }
}

impl DescriptionResponse {
    /// A description as the API gives it; `base_url` makes the cited findings' permalinks
    /// absolute.
    pub fn new(resolved: &Resolved, base_url: &str) -> Self {
        let info = |version: &indexer::description::Version| DescriptionVersionJson {
            number: version.number,
            by: version.by.clone(),
            at: version.at.to_string(),
            based_on: version.based_on,
        };
        let deadline = match resolved.stage {
            indexer::description::Stage::UteForAterkoppling(deadline) => Some(deadline.to_string()),
            _ => None,
        };
        Self {
            area: resolved.area.clone(),
            label: resolved.label.clone(),
            status: resolved.stage.slug().to_owned(),
            status_label: resolved.stage.label(),
            current_version: resolved.description.current_number(),
            version: info(&resolved.version),
            round: resolved.round.as_ref().map(DescriptionRoundJson::from),
            deadline,
            approved_version: resolved.description.approved().map(|v| v.number),
            versions: resolved.description.versions.iter().map(info).collect(),
            sections: resolved
                .parts
                .iter()
                .map(|part| DescriptionSectionJson::new(part, resolved, base_url))
                .collect(),
            feedback: resolved
                .feedback
                .iter()
                .map(DescriptionFeedbackJson::from)
                .collect(),
            document: resolved.document.as_ref().map(DocumentJson::from),
        }
    }
}

/// `PUT /api/v1/areas/{slug}/description`: the parts it names get this text, the others
/// keep theirs.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionUpdate {
    /// The version the editor started from (0 for the first); a stale one answers `409`.
    pub version: u32,
    /// Text by part slug: Markdown, footnotes `[^1]` defined as `[^1]: /findings/{id}`.
    #[schema(example = json!({"utmaningar": "Kommunerna saknar resurser[^1].\n\n[^1]: /findings/mote-3-ab12"}))]
    pub sections: BTreeMap<String, String>,
}

/// `POST /api/v1/areas/{slug}/description/rounds`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundRequest {
    /// The last day for feedback.
    #[schema(value_type = String, format = Date, example = "2016-12-16")]
    pub deadline: String,
    /// A note to the group.
    #[serde(default)]
    pub note: String,
}

/// `PATCH /api/v1/areas/{slug}/description/feedback/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    /// `inarbetad` or `ej_inarbetad`.
    #[schema(example = "ej_inarbetad")]
    pub outcome: String,
    /// Why; needed for `ej_inarbetad`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v1/areas/{slug}/description/approval`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRequest {
    /// The version the group approved.
    pub version: u32,
}
