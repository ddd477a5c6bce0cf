//! An area description resolved against the index: footnotes numbered in reading order
//! and opened to their findings, the feedback on each part with its round, lateness and
//! outcome, and the area's findings not yet cited that fit each part. The pages, the API
//! and the Word file all show a description from here; [`crate::descriptions`] changes one.

use std::collections::{BTreeMap, HashMap};

use indexer::description::{
    Block, Description, Fit, Outcome, Part, Round, Stage, Version, blocks, fit, footnotes,
};
use indexer::{Date, DocumentKind, DocumentSummary, Hit, IndexView, SearchRequest, Sort};
use indexer::{RespondsTo, Target};

/// How many of an area's findings are weighed for the suggestions beside the parts.
const SUGGESTIONS_WEIGHED: usize = 100;
/// The fewest words of a finding proposed for a description: shorter ones are labels.
const MIN_STATEMENT_WORDS: usize = 3;
/// Words that frame an agenda item around an area's name ("Diskussion om …", "Genomgång
/// av …"): beside the area's own words, a line of these only names the area.
const AGENDA_WORDS: [&str; 14] = [
    "diskussion",
    "diskussioner",
    "om",
    "kring",
    "genomgång",
    "av",
    "presentation",
    "återrapportering",
    "från",
    "tema",
    "området",
    "område",
    "och",
    "fortsatt",
];
/// Letters two words must share at their start to count as forms of one word
/// (`kommuner`, `kommunerna`).
const SHARED_STEM_CHARS: usize = 5;
/// How many suggestions each part shows.
pub const SUGGESTIONS_PER_PART: usize = 8;

/// A footnote of the version shown, numbered across the whole description.
#[derive(Debug, Clone)]
pub struct ResolvedFootnote {
    /// Its number, in the order footnotes come in the text.
    pub number: usize,
    /// The finding's id.
    pub finding: String,
    /// The finding, `None` when it no longer exists (the footnote is shown, not dropped).
    pub hit: Option<Hit>,
}

/// A piece of feedback on the description.
#[derive(Debug, Clone)]
pub struct FeedbackOn {
    /// The feedback document.
    pub document: DocumentSummary,
    /// The part it answers, `None` for the description as a whole.
    pub part: Option<Part>,
    /// The round it answers (the last one sent out before it was written).
    pub round: Option<u32>,
    /// Written after that round's deadline.
    pub late: bool,
    /// What became of it.
    pub outcome: Option<Outcome>,
}

/// A finding of the area that no footnote cites yet, with the part it fits and why.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The finding.
    pub hit: Hit,
    /// Where it fits.
    pub fit: Fit,
}

/// One part of the version shown.
#[derive(Debug, Clone)]
pub struct ResolvedPart {
    /// Which part.
    pub part: Part,
    /// Its Markdown, as saved.
    pub text: String,
    /// Its text laid out.
    pub blocks: Vec<Block>,
    /// Its footnotes, by label, each with its number.
    pub footnotes: Vec<(String, usize)>,
    /// Feedback on it.
    pub feedback: Vec<FeedbackOn>,
    /// Findings that fit it and are not cited.
    pub suggestions: Vec<Suggestion>,
}

/// A version of an area's description, resolved against the index.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The area's slug.
    pub area: String,
    /// The area's label.
    pub label: String,
    /// Everything about the description.
    pub description: Description,
    /// The version shown.
    pub version: Version,
    /// Where it stands today.
    pub stage: Stage,
    /// The last round sent out.
    pub round: Option<Round>,
    /// The six parts, in order.
    pub parts: Vec<ResolvedPart>,
    /// Every footnote, by number.
    pub footnotes: Vec<ResolvedFootnote>,
    /// Feedback on the description as a whole.
    pub feedback: Vec<FeedbackOn>,
    /// The description's document, as the index has it.
    pub document: Option<DocumentSummary>,
}

impl Resolved {
    /// The footnote numbered `number`.
    pub fn footnote(&self, number: usize) -> Option<&ResolvedFootnote> {
        self.footnotes.get(number.checked_sub(1)?)
    }

    /// Feedback not yet marked inarbetad or ej inarbetad.
    pub fn unanswered(&self) -> usize {
        self.all_feedback()
            .filter(|feedback| feedback.outcome.is_none())
            .count()
    }

    /// Every piece of feedback, whole-description first, then part by part.
    pub fn all_feedback(&self) -> impl Iterator<Item = &FeedbackOn> {
        self.feedback
            .iter()
            .chain(self.parts.iter().flat_map(|part| &part.feedback))
    }
}

/// The description of `area` as this index has it, `None` when the area or its
/// description is unknown to it.
pub fn find(index: &IndexView, area: &str) -> Option<Description> {
    index
        .manifest()
        .descriptions
        .iter()
        .find(|description| description.area == area)
        .cloned()
}

/// Version `version` (the current one when `None`) of `area`'s description resolved
/// against the index. `None` when the area, the description or the version is unknown.
///
/// # Errors
/// When the index fails.
pub fn resolve(
    index: &IndexView,
    area: &str,
    version: Option<u32>,
    today: Date,
    with_suggestions: bool,
) -> indexer::Result<Option<Resolved>> {
    let manifest = index.manifest();
    let Some(label) = manifest.taxonomy.area(area).map(|area| area.label.clone()) else {
        return Ok(None);
    };
    let Some(description) = find(index, area) else {
        return Ok(None);
    };
    let shown = match version {
        Some(number) => description.version(number),
        None => description.current(),
    };
    let Some(shown) = shown.cloned() else {
        return Ok(None);
    };
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut resolved_notes: Vec<ResolvedFootnote> = Vec::new();
    let mut parts = Vec::new();
    for part in Part::ALL {
        let text = shown.text(part).to_owned();
        // Saved text was checked; a hand-edited file with a broken footnote shows its text.
        let notes = footnotes(&text).unwrap_or_default();
        let mut labels = Vec::new();
        for note in notes {
            let number = *numbers.entry(note.finding.clone()).or_insert_with(|| {
                resolved_notes.push(ResolvedFootnote {
                    number: resolved_notes.len() + 1,
                    finding: note.finding.clone(),
                    hit: None,
                });
                resolved_notes.len()
            });
            labels.push((note.label, number));
        }
        parts.push(ResolvedPart {
            part,
            blocks: blocks(&text),
            text,
            footnotes: labels,
            feedback: Vec::new(),
            suggestions: Vec::new(),
        });
    }
    for note in &mut resolved_notes {
        note.hit = index.hit(&note.finding)?;
    }
    let mut whole = Vec::new();
    for feedback in feedback_on(&manifest.documents, &description) {
        match feedback.part {
            Some(part) => parts
                .iter_mut()
                .find(|resolved| resolved.part == part)
                .map_or_else(
                    || whole.push(feedback.clone()),
                    |p| p.feedback.push(feedback.clone()),
                ),
            None => whole.push(feedback),
        }
    }
    if with_suggestions {
        let cited: Vec<&str> = resolved_notes.iter().map(|n| n.finding.as_str()).collect();
        for suggestion in suggestions(index, area, &cited)? {
            if let Some(part) = parts.iter_mut().find(|p| p.part == suggestion.fit.part)
                && part.suggestions.len() < SUGGESTIONS_PER_PART
            {
                part.suggestions.push(suggestion);
            }
        }
    }
    let document = manifest
        .documents
        .iter()
        .find(|document| document.id == description.document)
        .cloned();
    Ok(Some(Resolved {
        area: area.to_owned(),
        label,
        stage: description.stage(today),
        round: description.current_round().cloned(),
        version: shown,
        parts,
        footnotes: resolved_notes,
        feedback: whole,
        document,
        description,
    }))
}

/// The feedback documents that answer `description`, oldest first.
/// How many pieces of feedback on `description` have no decision yet: what the overview
/// counts, without resolving footnotes.
pub fn unanswered(index: &IndexView, description: &Description) -> usize {
    feedback_on(&index.manifest().documents, description)
        .iter()
        .filter(|feedback| feedback.outcome.is_none())
        .count()
}

fn feedback_on(documents: &[DocumentSummary], description: &Description) -> Vec<FeedbackOn> {
    let mut found: Vec<FeedbackOn> = documents
        .iter()
        .filter_map(|document| {
            let target = document.responds_to.as_ref()?;
            if target.target() != Target::Description || target.id() != description.area {
                return None;
            }
            let written = document
                .added
                .as_ref()
                .map(|added| added.at.date())
                .or(document.date);
            let round = match &document.added {
                Some(added) => description.round_at(added.at),
                None => written.and_then(|day| {
                    description
                        .rounds
                        .iter()
                        .rev()
                        .find(|round| round.at.date() <= day)
                }),
            };
            Some(FeedbackOn {
                document: document.clone(),
                part: target.part(),
                round: round.map(|round| round.number),
                late: round
                    .zip(written)
                    .is_some_and(|(round, day)| day > round.deadline),
                outcome: description.outcome_of(&document.id).cloned(),
            })
        })
        .collect();
    found.sort_by(|a, b| {
        let when = |f: &FeedbackOn| (f.document.added.as_ref().map(|a| a.at), f.document.date);
        when(a).cmp(&when(b))
    });
    found
}

/// The area's findings that no footnote cites, with the part each fits; statements of the
/// group's material only (not descriptions, not feedback).
pub(crate) fn suggestions(
    index: &IndexView,
    area: &str,
    cited: &[&str],
) -> indexer::Result<Vec<Suggestion>> {
    let request = SearchRequest {
        areas: vec![area.to_owned()],
        limit: SUGGESTIONS_WEIGHED,
        sort: Sort::DateAsc,
        ..SearchRequest::default()
    };
    let results = index.search(&request)?;
    let manifest = index.manifest();
    let area_words = manifest
        .taxonomy
        .area(area)
        .map(|area| words_of(&area.label))
        .unwrap_or_default();
    let kinds: HashMap<&str, DocumentKind> = manifest
        .documents
        .iter()
        .map(|document| (document.id.as_str(), document.kind))
        .collect();
    Ok(results
        .hits
        .into_iter()
        .filter(|hit| !cited.contains(&hit.id.as_str()) && !hit.from_heading)
        // A label of one or two words ("Landsbygden") names a topic; it states nothing.
        .filter(|hit| hit.text.split_whitespace().count() >= MIN_STATEMENT_WORDS)
        .filter(|hit| !names_only_the_area(&hit.text, &area_words))
        .filter(|hit| {
            !matches!(
                kinds.get(hit.document_id.as_str()),
                Some(DocumentKind::Omradesbeskrivning | DocumentKind::Aterkoppling)
            )
        })
        .map(|hit| Suggestion {
            fit: fit_of(&hit),
            hit,
        })
        .collect())
}

/// Whether a line only names its area: the area's label, numbered or framed as an agenda
/// item ("2. Engagemang i kommunerna", "Diskussion om Engagemang i kommuner", "Diskussion
/// om Landsbygdsutmaningen"). It says what a meeting was about, not what the group found,
/// so a draft does not propose it as a statement.
fn names_only_the_area(text: &str, area_words: &[String]) -> bool {
    let mut names_the_area = false;
    for word in words_of(text) {
        if area_words.iter().any(|own| same_word(&word, own)) {
            names_the_area = true;
        } else if !AGENDA_WORDS.contains(&word.as_str()) {
            return false;
        }
    }
    names_the_area
}

/// A text's words, lower-cased; numbers (a list's "2.") are not words.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
}

/// Whether two lower-case words are forms of one: the same, or long enough and alike in
/// their first letters.
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let stem = |word: &str| -> Option<String> {
        (word.chars().count() >= SHARED_STEM_CHARS)
            .then(|| word.chars().take(SHARED_STEM_CHARS).collect())
    };
    stem(a).is_some_and(|stem_a| stem(b).is_some_and(|stem_b| stem_a == stem_b))
}

/// The part of a description a finding fits, by the rule of [`fit`], with where it
/// stands ("bild 15") for the reason.
pub fn fit_of(hit: &Hit) -> Fit {
    let place = format!(
        "{} {}",
        hit.section_kind.label().to_lowercase(),
        hit.section
    );
    let heading = (!hit.title.is_empty()).then_some(hit.title.as_str());
    fit(&hit.text, heading, &place)
}

/// A first draft from the material: each part a list of the findings that fit it, each
/// with its footnote, for the secretariat to rewrite.
pub fn draft_from_material(suggestions: &[Suggestion]) -> BTreeMap<Part, String> {
    let mut parts: BTreeMap<Part, String> = BTreeMap::new();
    for part in Part::ALL {
        let fitting: Vec<&Suggestion> = suggestions.iter().filter(|s| s.fit.part == part).collect();
        if fitting.is_empty() {
            continue;
        }
        let mut text = String::new();
        for (index, suggestion) in fitting.iter().enumerate() {
            text.push_str(&format!(
                "- {}[^{}]\n",
                list_text(&suggestion.hit.text),
                index + 1
            ));
        }
        text.push('\n');
        for (index, suggestion) in fitting.iter().enumerate() {
            text.push_str(&format!(
                "[^{}]: /findings/{}\n",
                index + 1,
                suggestion.hit.id
            ));
        }
        parts.insert(part, text);
    }
    parts
}

/// A finding's text as one list item's Markdown: one line, and nothing in it read as markup.
fn list_text(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut escaped = String::with_capacity(line.len());
    // What would open a block at the start of the item: a list marker ("1." of "1.
    // Landsbygdsutmaning" is the finding's text, not a nested list), a quote, a rule.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let opens_block = (digits > 0 && line[digits..].starts_with(['.', ')']))
        || line.starts_with(['-', '+', '>', '=', '|']);
    for (index, c) in line.char_indices() {
        let marker = opens_block && (index == digits && digits > 0 || index == 0 && digits == 0);
        if marker || matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '#' | '~') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Appends a finding to a part's text as a list item with its footnote.
pub fn with_finding(text: &str, hit: &Hit) -> String {
    let labels: Vec<String> = footnotes(text)
        .map(|notes| notes.into_iter().map(|note| note.label).collect())
        .unwrap_or_default();
    let mut number = labels.len() + 1;
    while labels.contains(&number.to_string()) || text.contains(&format!("[^{number}]")) {
        number += 1;
    }
    format!(
        "{}\n\n- {}[^{number}]\n\n[^{number}]: /findings/{}\n",
        text.trim_end(),
        list_text(&hit.text),
        hit.id
    )
    .trim_start()
    .to_owned()
}

/// The permalink path of a description's part, for feedback.
pub fn part_target(area: &str, part: Part) -> RespondsTo {
    RespondsTo::description(area, Some(part))
}

/// What the secretariat made of a piece of feedback on an area description, in Swedish
/// ("Inarbetad", "Ej inarbetad: skäl"); `None` for other documents and undecided feedback.
pub fn outcome_of_feedback(index: &IndexView, document: &DocumentSummary) -> Option<String> {
    let target = document.responds_to.as_ref()?;
    if target.target() != Target::Description {
        return None;
    }
    let description = find(index, target.id())?;
    description.outcome_of(&document.id).map(outcome_text)
}

/// An outcome as the pages say it: "Inarbetad", or "Ej inarbetad: skäl".
pub fn outcome_text(outcome: &Outcome) -> String {
    match &outcome.reason {
        Some(reason) => format!("{}: {reason}", outcome.outcome.label()),
        None => outcome.outcome.label().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use indexer::description::{BlockKind, blocks};

    use super::{list_text, names_only_the_area, words_of};

    #[test]
    fn a_line_that_only_names_its_area_is_no_statement() {
        let engagement = words_of("Engagemang i kommunerna");
        for label in [
            "Engagemang i kommuner",
            "2. Engagemang i kommunerna",
            "Diskussion om Engagemang i kommuner",
        ] {
            assert!(names_only_the_area(label, &engagement), "{label}");
        }
        for statement in [
            "Engagemang i kommunerna saknas ofta",
            "Kommunledningens engagemang avgör",
            "Diskussion om nya strategier",
            "Om och av",
        ] {
            assert!(!names_only_the_area(statement, &engagement), "{statement}");
        }
        let countryside = words_of("Landsbygd");
        assert!(names_only_the_area(
            "Diskussion om Landsbygdsutmaningen",
            &countryside
        ));
        assert!(!names_only_the_area(
            "Landsbygden saknar marknadsdriven utbyggnad",
            &countryside
        ));
    }

    #[test]
    fn a_finding_reads_as_one_list_item_whatever_it_starts_with() {
        for text in [
            "1. Landsbygdsutmaning",
            "2) Engagemang",
            "- Punkt",
            "> Citat",
            "**Fet** [länk](x) `kod` <b>",
        ] {
            let laid_out = blocks(&format!("- {}", list_text(text)));
            assert_eq!(laid_out.len(), 1, "{text}: {laid_out:?}");
            assert_eq!(laid_out[0].kind, BlockKind::Item(0), "{text}");
            let shown: String = format!("{:?}", laid_out[0].inlines);
            let first_word = text.split_whitespace().next().unwrap_or_default();
            assert!(shown.contains(first_word), "{text}: {shown}");
        }
    }
}
