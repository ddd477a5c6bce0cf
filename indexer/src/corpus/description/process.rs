//! How an area description is written: versions saved by editors, rounds of written
//! feedback (utskick) with a deadline, what became of each piece of feedback, approval.
//! "Utskick i mellanperiod, skriftlig återkoppling från AG, omarbetning, utskick inför
//! möte, nytt utskick för godkännande" (the seed's "Processen områdesbeskrivningar").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Part;
use crate::corpus::{Date, Timestamp};

/// One saved version of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// 1 for the first, counting up.
    pub number: u32,
    /// Who saved it.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// The version the editor started from (0 for the first).
    #[serde(default)]
    pub based_on: u32,
    /// The text of each part (Markdown with footnotes); a part left out is empty.
    #[serde(default)]
    pub parts: BTreeMap<Part, String>,
}

impl Version {
    /// The text of `part`, empty when it has none.
    pub fn text(&self, part: Part) -> &str {
        self.parts.get(&part).map_or("", String::as_str)
    }

    /// Whether every part is empty.
    pub fn is_empty(&self) -> bool {
        self.parts.values().all(|text| text.trim().is_empty())
    }
}

/// A version sent out for written feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// 1 for the first, counting up.
    pub number: u32,
    /// The version sent out.
    pub version: u32,
    /// The last day for feedback.
    pub deadline: Date,
    /// What the editor wrote with it.
    #[serde(default)]
    pub note: String,
    /// Who sent it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// What became of a piece of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// Worked into the text.
    Inarbetad,
    /// Not worked in, for a reason given.
    EjInarbetad,
}

impl OutcomeKind {
    /// The slug used in the API and files.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Inarbetad => "inarbetad",
            Self::EjInarbetad => "ej_inarbetad",
        }
    }

    /// Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Inarbetad => "Inarbetad",
            Self::EjInarbetad => "Ej inarbetad",
        }
    }
}

impl std::str::FromStr for OutcomeKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        [Self::Inarbetad, Self::EjInarbetad]
            .into_iter()
            .find(|kind| kind.slug() == text)
            .ok_or_else(|| format!("unknown outcome `{text}`: inarbetad or ej_inarbetad"))
    }
}

/// An editor's decision on a piece of feedback; the last one for a feedback stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The feedback's document id.
    pub feedback: String,
    /// Worked in or not.
    pub outcome: OutcomeKind,
    /// Why, in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who decided.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// A version approved by the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The version approved.
    pub version: u32,
    /// Who marked it.
    pub by: String,
    /// When.
    pub at: Timestamp,
}

/// Where a description stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Being written; never sent out.
    Utkast,
    /// Sent out; feedback is due by the deadline.
    UteForAterkoppling(Date),
    /// The deadline has passed, or a new version is being written after it.
    Omarbetas,
    /// The current version is approved.
    Godkand,
}

impl Stage {
    /// The slug used in the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Utkast => "utkast",
            Self::UteForAterkoppling(_) => "ute_for_aterkoppling",
            Self::Omarbetas => "omarbetas",
            Self::Godkand => "godkand",
        }
    }

    /// Swedish, as the page says it.
    pub fn label(self) -> String {
        match self {
            Self::Utkast => "Utkast".to_owned(),
            Self::UteForAterkoppling(deadline) => {
                format!("Ute för återkoppling till {}", deadline.to_swedish())
            }
            Self::Omarbetas => "Omarbetas".to_owned(),
            Self::Godkand => "Godkänd".to_owned(),
        }
    }
}

/// An area's description: every version, round, outcome and approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    /// The area's slug.
    pub area: String,
    /// The id of the document that holds the current version (searchable like any other).
    pub document: String,
    /// That document's path in the corpus.
    pub path: String,
    /// Every version, oldest first.
    pub versions: Vec<Version>,
    /// Every round, oldest first.
    #[serde(default)]
    pub rounds: Vec<Round>,
    /// Every decision on feedback, oldest first.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Every approval, oldest first.
    #[serde(default)]
    pub approvals: Vec<Approval>,
}

impl Description {
    /// The current version.
    pub fn current(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The number of the current version, 0 when there is none.
    pub fn current_number(&self) -> u32 {
        self.current().map_or(0, |version| version.number)
    }

    /// Version `number`.
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.number == number)
    }

    /// The last round sent out.
    pub fn current_round(&self) -> Option<&Round> {
        self.rounds.last()
    }

    /// The approved version, if the current one or an earlier one was approved.
    pub fn approved(&self) -> Option<&Version> {
        self.approvals
            .last()
            .and_then(|approval| self.version(approval.version))
    }

    /// Where it stands on `today`.
    pub fn stage(&self, today: Date) -> Stage {
        let current = self.current_number();
        if self
            .approvals
            .last()
            .is_some_and(|approval| approval.version == current && current > 0)
        {
            return Stage::Godkand;
        }
        match self.current_round() {
            Some(round) if today <= round.deadline && round.version == current => {
                Stage::UteForAterkoppling(round.deadline)
            }
            Some(_) => Stage::Omarbetas,
            None => Stage::Utkast,
        }
    }

    /// The round a piece of feedback written at `when` answers: the last one sent out
    /// before it.
    pub fn round_at(&self, when: Timestamp) -> Option<&Round> {
        self.rounds.iter().rev().find(|round| round.at <= when)
    }

    /// What became of a piece of feedback: the last decision on it.
    pub fn outcome_of(&self, feedback: &str) -> Option<&Outcome> {
        self.outcomes
            .iter()
            .rev()
            .find(|outcome| outcome.feedback == feedback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn version(number: u32, when: &str) -> Version {
        Version {
            number,
            by: "Kansliet".into(),
            at: at(when),
            based_on: number - 1,
            parts: BTreeMap::from([(Part::Utmaningar, format!("Text {number}"))]),
        }
    }

    #[test]
    fn the_stage_follows_versions_rounds_and_approval() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        let mut description = Description {
            area: "landsbygd".into(),
            document: "omradesbeskrivning-landsbygd".into(),
            path: "documents/omradesbeskrivningar/omradesbeskrivning-landsbygd.md".into(),
            versions: vec![version(1, "2016-12-09T10:00:00Z")],
            rounds: Vec::new(),
            outcomes: Vec::new(),
            approvals: Vec::new(),
        };
        assert_eq!(description.stage(day("2016-12-10")), Stage::Utkast);
        description.rounds.push(Round {
            number: 1,
            version: 1,
            deadline: day("2016-12-16"),
            note: String::new(),
            by: "Kansliet".into(),
            at: at("2016-12-09T11:00:00Z"),
        });
        assert_eq!(
            description.stage(day("2016-12-16")),
            Stage::UteForAterkoppling(day("2016-12-16"))
        );
        assert_eq!(description.stage(day("2016-12-17")), Stage::Omarbetas);
        description
            .versions
            .push(version(2, "2016-12-20T10:00:00Z"));
        assert_eq!(description.stage(day("2016-12-15")), Stage::Omarbetas);
        description.approvals.push(Approval {
            version: 2,
            by: "Kansliet".into(),
            at: at("2017-01-18T10:00:00Z"),
        });
        assert_eq!(description.stage(day("2017-01-18")), Stage::Godkand);
        assert_eq!(description.approved().map(|v| v.number), Some(2));
        assert_eq!(
            description
                .round_at(at("2016-12-12T08:00:00Z"))
                .map(|round| round.number),
            Some(1)
        );
        assert!(description.round_at(at("2016-12-01T08:00:00Z")).is_none());
    }
}
