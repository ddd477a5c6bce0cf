//! The report's process description, written from the data: per area the rounds sent
//! out, the feedback that came back (how much, from how many counties) and what became of
//! it, then the totals. The group's own account of how it worked belongs in the
//! background; these are the numbers no one should have to count by hand.

use std::collections::BTreeSet;

use indexer::description::{Description, OutcomeKind};

use crate::resolved::FeedbackOn;

/// One area's rounds and feedback, as lines of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaProcess {
    /// The area's label.
    pub label: String,
    /// A line per round, then the feedback and what became of it, then the approval.
    pub lines: Vec<String>,
}

/// The process across the areas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Process {
    /// Each area with a description, in the taxonomy's order.
    pub areas: Vec<AreaProcess>,
    /// The totals, as lines of text.
    pub totals: Vec<String>,
}

/// Counts added up over the areas.
#[derive(Debug, Default)]
struct Tally {
    described: usize,
    approved: usize,
    rounds: usize,
    feedback: usize,
    counties: BTreeSet<String>,
    without_county: usize,
    worked_in: usize,
    not_worked_in: usize,
}

/// Accumulates the process description area by area.
#[derive(Debug, Default)]
pub struct ProcessWriter {
    areas: Vec<AreaProcess>,
    tally: Tally,
}

impl ProcessWriter {
    /// Adds an area's description and the feedback on it.
    pub fn add(&mut self, label: &str, description: &Description, feedback: &[&FeedbackOn]) {
        let tally = &mut self.tally;
        tally.described += 1;
        let mut lines: Vec<String> = description
            .rounds
            .iter()
            .map(|round| {
                format!(
                    "Omgång {}: version {} skickades ut {}, återkoppling senast {}.",
                    round.number,
                    round.version,
                    round.at.date().to_swedish(),
                    round.deadline.to_swedish()
                )
            })
            .collect();
        if lines.is_empty() {
            lines.push("Inte utskickad för återkoppling.".to_owned());
        }
        tally.rounds += description.rounds.len();
        let counties: BTreeSet<String> = feedback
            .iter()
            .filter_map(|on| on.document.region.as_ref())
            .map(|region| region.county_code().to_owned())
            .collect();
        let without = feedback
            .iter()
            .filter(|on| on.document.region.is_none())
            .count();
        let (worked_in, not_worked_in, open) = outcomes(feedback);
        if feedback.is_empty() {
            lines.push("Ingen återkoppling.".to_owned());
        } else {
            lines.push(format!(
                "Återkoppling: {} svar från {}.",
                feedback.len(),
                counties_text(counties.len(), without)
            ));
            lines.push(outcome_text(worked_in, not_worked_in, open));
        }
        if let Some(approved) = description.approved()
            && let Some(approval) = description
                .approvals
                .iter()
                .rev()
                .find(|approval| approval.version == approved.number)
        {
            tally.approved += 1;
            lines.push(format!(
                "Version {} godkändes {}.",
                approved.number,
                approval.at.date().to_swedish()
            ));
        }
        tally.feedback += feedback.len();
        tally.counties.extend(counties);
        tally.without_county += without;
        tally.worked_in += worked_in;
        tally.not_worked_in += not_worked_in;
        self.areas.push(AreaProcess {
            label: label.to_owned(),
            lines,
        });
    }

    /// The process description, with totals over `areas` areas in all.
    pub fn finish(self, areas: usize) -> Process {
        let tally = self.tally;
        let open = tally.feedback - tally.worked_in - tally.not_worked_in;
        Process {
            areas: self.areas,
            totals: vec![
                format!(
                    "{} av {areas} områden har en områdesbeskrivning, varav {} godkända.",
                    tally.described, tally.approved
                ),
                format!("Omgångar av återkoppling: {}.", tally.rounds),
                format!(
                    "Återkoppling: {} svar från {}.",
                    tally.feedback,
                    counties_text(tally.counties.len(), tally.without_county)
                ),
                outcome_text(tally.worked_in, tally.not_worked_in, open),
            ],
        }
    }
}

/// Worked in, not worked in, not yet decided.
fn outcomes(feedback: &[&FeedbackOn]) -> (usize, usize, usize) {
    let count = |kind: Option<OutcomeKind>| {
        feedback
            .iter()
            .filter(|on| on.outcome.as_ref().map(|outcome| outcome.outcome) == kind)
            .count()
    };
    (
        count(Some(OutcomeKind::Inarbetad)),
        count(Some(OutcomeKind::EjInarbetad)),
        count(None),
    )
}

/// "3 län (1 svar utan angivet län)".
fn counties_text(counties: usize, without: usize) -> String {
    if without == 0 {
        format!("{counties} län")
    } else {
        format!("{counties} län ({without} svar utan angivet län)")
    }
}

fn outcome_text(worked_in: usize, not_worked_in: usize, open: usize) -> String {
    format!("Inarbetade: {worked_in}. Ej inarbetade: {not_worked_in}. Ej besvarade: {open}.")
}

#[cfg(test)]
mod tests {
    use indexer::description::{Approval, Outcome};
    use indexer::{DocumentSummary, Region};

    use super::*;
    use crate::description_export::tests::description;

    fn feedback(id: &str, region: Option<&str>, outcome: Option<OutcomeKind>) -> FeedbackOn {
        let document = DocumentSummary {
            id: id.to_owned(),
            title: id.to_owned(),
            date: None,
            kind: indexer::DocumentKind::Aterkoppling,
            status: indexer::Status::Publicerad,
            language: indexer::Language::Swedish,
            section_kind: indexer::SectionKind::default(),
            path: format!("documents/{id}.md"),
            sections: 1,
            findings: 1,
            added: None,
            region: region.map(|code| code.parse::<Region>().unwrap()),
            responds_to: None,
        };
        FeedbackOn {
            document,
            part: None,
            round: Some(1),
            late: false,
            outcome: outcome.map(|outcome| Outcome {
                feedback: id.into(),
                outcome,
                reason: None,
                by: "Anna Ek".into(),
                at: "2016-12-20T10:00:00Z".parse().unwrap(),
            }),
        }
    }

    #[test]
    fn rounds_feedback_counties_and_outcomes_are_counted_per_area_and_in_all() {
        let mut approved = description();
        approved.approvals.push(Approval {
            version: 2,
            by: "Anna Ek".into(),
            at: "2016-12-21T10:00:00Z".parse().unwrap(),
        });
        let answers = [
            feedback("a", Some("04"), Some(OutcomeKind::Inarbetad)),
            feedback("b", Some("0428"), Some(OutcomeKind::EjInarbetad)),
            feedback("c", Some("01"), None),
            feedback("d", None, None),
        ];
        let mut writer = ProcessWriter::default();
        writer.add("Landsbygd", &approved, &answers.iter().collect::<Vec<_>>());
        writer.add(
            "Samverkan",
            &Description {
                rounds: Vec::new(),
                ..description()
            },
            &[],
        );
        let process = writer.finish(10);
        assert_eq!(
            process.areas[0].lines,
            [
                "Omgång 1: version 2 skickades ut 9 december 2016, återkoppling senast 16 december 2016.",
                "Återkoppling: 4 svar från 2 län (1 svar utan angivet län).",
                "Inarbetade: 1. Ej inarbetade: 1. Ej besvarade: 2.",
                "Version 2 godkändes 21 december 2016.",
            ]
        );
        assert_eq!(
            process.areas[1].lines,
            ["Inte utskickad för återkoppling.", "Ingen återkoppling."]
        );
        assert_eq!(
            process.totals,
            [
                "2 av 10 områden har en områdesbeskrivning, varav 1 godkända.",
                "Omgångar av återkoppling: 1.",
                "Återkoppling: 4 svar från 2 län (1 svar utan angivet län).",
                "Inarbetade: 1. Ej inarbetade: 1. Ej besvarade: 2.",
            ]
        );
    }
}
