//! Language detection with whatlang.
//!
//! Short lines mis-detect easily ("Fiber i fokus" looks like anything), so the decision is
//! made per document, and a single finding only departs from its document's language when
//! whatlang is confident and the finding is long enough to judge. A document is Swedish
//! unless whatlang reliably says otherwise; Danish and Norwegian, the usual mis-detections of
//! Swedish, count as Swedish.

use whatlang::{Detector, Lang, Script};

use crate::corpus::{Language, OtherLanguage};

/// A finding needs at least this many words before its own detection is trusted.
const MIN_PASSAGE_WORDS: usize = 8;
/// ... and at least this confidence (whatlang's 0..1 scale).
const MIN_PASSAGE_CONFIDENCE: f64 = 0.9;

/// Between the two languages Hinder stems: a finding inside a Swedish or English document.
fn analysed_detector() -> Detector {
    Detector::with_allowlist(vec![Lang::Swe, Lang::Eng])
}

fn from_whatlang(lang: Lang) -> Language {
    match lang {
        Lang::Eng => Language::English,
        // Scandinavian neighbours are the usual mis-detections of Swedish.
        Lang::Swe | Lang::Dan | Lang::Nob => Language::Swedish,
        other => OtherLanguage::from_whatlang(other).map_or(Language::Swedish, Language::Other),
    }
}

/// The language of a whole document; Swedish unless whatlang reliably says another. A text
/// mostly in another script than the Latin one cannot be Swedish, so there whatlang's best
/// guess stands even when it is unsure (Kurdish in Arabic letters is still not Swedish).
pub fn detect_document_language(text: &str) -> Language {
    match whatlang::detect(text) {
        Some(info) if info.is_reliable() || info.script() != Script::Latin => {
            from_whatlang(info.lang())
        }
        _ => Language::Swedish,
    }
}

/// The language of a finding that comes without its document (an imported record): another
/// language only when the text is long enough and whatlang sure of it, else Swedish or
/// English as for a passage.
pub fn detect_text_language(text: &str) -> Language {
    if text.split_whitespace().count() >= MIN_PASSAGE_WORDS
        && let Some(info) = whatlang::detect(text)
        && info.is_reliable()
        && info.confidence() >= MIN_PASSAGE_CONFIDENCE
    {
        return from_whatlang(info.lang());
    }
    match analysed_detector().detect(text) {
        Some(info) if info.is_reliable() => from_whatlang(info.lang()),
        _ => Language::Swedish,
    }
}

/// The language of one passage, or `None` when it is too short or whatlang is unsure, in
/// which case the passage takes its document's language. A passage in Latin letters inside
/// a Swedish or English document can only be one of the two (a quotation in English, say);
/// one in other letters is what whatlang says (a Chinese example in an English manual).
pub fn detect_passage_language(text: &str, document: Language) -> Option<Language> {
    // A passage in another script than the Latin one is not Swedish, however short.
    if whatlang::detect_script(text).is_some_and(|script| script != Script::Latin) {
        return whatlang::detect(text).map(|info| from_whatlang(info.lang()));
    }
    if !document.is_analysed() || text.split_whitespace().count() < MIN_PASSAGE_WORDS {
        return None;
    }
    let info = analysed_detector().detect(text)?;
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
        assert_eq!(
            detect_passage_language("Fiber i fokus", Language::Swedish),
            None
        );
        assert_eq!(
            detect_passage_language("Internet of Things", Language::Swedish),
            None
        );
    }

    #[test]
    fn long_english_passage_is_detected() {
        let text = "Mobile networks alone will not bring fast and reliable broadband to \
                    every household in the countryside.";
        assert_eq!(
            detect_passage_language(text, Language::Swedish),
            Some(Language::English)
        );
    }

    #[test]
    fn documents_in_other_languages_keep_their_language() {
        let russian = "Строительство широкополосных сетей в сельской местности требует \
                       участия муниципалитетов и операторов связи.";
        assert_eq!(detect_document_language(russian).code(), "ru");
        let korean = "농촌 지역의 광대역 네트워크 구축에는 지방 자치 단체와 통신 사업자의 참여가 \
                      필요합니다.";
        assert_eq!(detect_document_language(korean).code(), "ko");
        let arabic = "يتطلب بناء شبكات النطاق العريض في المناطق الريفية مشاركة البلديات ومشغلي \
                      الاتصالات.";
        assert_eq!(detect_document_language(arabic).code(), "ar");
    }

    #[test]
    fn passages_in_other_scripts_are_never_swedish() {
        let russian = "Широкополосный доступ в сельской местности";
        assert_eq!(
            detect_passage_language(russian, Language::Swedish).map(Language::code),
            Some("ru")
        );
        assert_eq!(
            detect_passage_language("中文乱数假文", Language::Swedish).map(Language::code),
            Some("zh")
        );
    }

    #[test]
    fn passages_of_other_language_documents_are_not_judged_again() {
        let english = "Mobile networks alone will not bring fast and reliable broadband to \
                       every household in the countryside.";
        let russian = Language::from_code("ru").unwrap();
        assert_eq!(detect_passage_language(english, russian), None);
    }
}
