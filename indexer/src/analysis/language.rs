//! Language detection with whatlang, limited to the languages Hinder analyses.
//!
//! Short lines mis-detect easily ("Fiber i fokus" looks like anything), so the decision is
//! made per document, and a single finding only departs from its document's language when
//! whatlang is confident and the finding is long enough to judge.

use whatlang::{Detector, Lang};

use crate::corpus::Language;

/// A finding needs at least this many words before its own detection is trusted.
const MIN_PASSAGE_WORDS: usize = 8;
/// ... and at least this confidence (whatlang's 0..1 scale).
const MIN_PASSAGE_CONFIDENCE: f64 = 0.9;

fn detector() -> Detector {
    // Scandinavian neighbours (Danish, Norwegian) are the usual mis-detections of Swedish;
    // allowing only the two languages Hinder can analyse turns them into the right answer.
    Detector::with_allowlist(vec![Lang::Swe, Lang::Eng])
}

fn from_whatlang(lang: Lang) -> Language {
    if lang == Lang::Eng {
        Language::English
    } else {
        Language::Swedish
    }
}

/// The language of a whole document; Swedish unless whatlang reliably says English.
pub fn detect_document_language(text: &str) -> Language {
    match detector().detect(text) {
        Some(info) if info.is_reliable() => from_whatlang(info.lang()),
        _ => Language::Swedish,
    }
}

/// The language of one passage, or `None` when it is too short or whatlang is unsure, in
/// which case the passage takes its document's language.
pub fn detect_passage_language(text: &str) -> Option<Language> {
    if text.split_whitespace().count() < MIN_PASSAGE_WORDS {
        return None;
    }
    let info = detector().detect(text)?;
    (info.is_reliable() && info.confidence() >= MIN_PASSAGE_CONFIDENCE)
        .then(|| from_whatlang(info.lang()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_document_is_swedish() {
        let text = "Utbyggnaden når mer utmanande områden. I de fall kommunerna inte är på \
                    tårna nu finns en risk för större problem längre fram.";
        assert_eq!(detect_document_language(text), Language::Swedish);
    }

    #[test]
    fn english_document_is_english() {
        let text = "The municipalities need a clear mandate for their broadband coordinators, \
                    and the operators must plan for a faster rollout in rural areas.";
        assert_eq!(detect_document_language(text), Language::English);
    }

    #[test]
    fn short_passages_are_not_judged() {
        assert_eq!(detect_passage_language("Fiber i fokus"), None);
        assert_eq!(detect_passage_language("Internet of Things"), None);
    }

    #[test]
    fn long_english_passage_is_detected() {
        let text = "Mobile networks alone will not bring fast and reliable broadband to \
                    every household in the countryside.";
        assert_eq!(detect_passage_language(text), Some(Language::English));
    }
}
