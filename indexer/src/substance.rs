//! How much a finding says: bare headings and agenda items ("Sammanfattning", "Lunch") are
//! findings too, but a coordinator looking for related material or the latest challenges
//! wants statements. BM25 favours short fields, so a one-word heading that shares a word
//! with a paragraph outranks the statements that share three; weighing by substance undoes
//! that where a list should lead with statements.

/// Words from which a finding counts as a statement: fewer is a heading or an agenda item.
pub(crate) const STATEMENT_WORDS: u8 = 4;

/// The number of words in a text, capped to fit a byte: runs of letters or digits; in
/// scripts written without spaces (Chinese, Japanese, Thai), every two characters count as
/// one word.
pub(crate) fn words(text: &str) -> u8 {
    let mut words: usize = 0;
    let mut unspaced: usize = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_unspaced(c) {
            unspaced += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if !matches!(c, '-' | '\'' | '’') {
            in_word = false;
        }
    }
    u8::try_from(words + unspaced.div_ceil(2)).unwrap_or(u8::MAX)
}

/// A relevance score's factor for a finding of `words` words: 0.25 for a single word,
/// rising by 0.15 a word to 1 from six words. BM25 gives a one-word finding about 1.6 times
/// the score of a ten-word one for the same shared word; the factor more than undoes that, so
/// a heading ranks below the statements that share its words.
pub(crate) fn weight(words: u8) -> f32 {
    (0.1 + 0.15 * f32::from(words.max(1))).min(1.0)
}

/// Characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK Extension A
        | '\u{4e00}'..='\u{9fff}' // CJK Unified Ideographs
        | '\u{0e00}'..='\u{0e7f}' // Thai
        | '\u{0e80}'..='\u{0eff}' // Lao
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_agenda_items_weigh_less_than_statements() {
        assert_eq!(words("Lunch"), 1);
        assert_eq!(words("Sammanfattning"), 1);
        assert_eq!(words("Kl. 12.00 – Lunch"), 4);
        assert_eq!(
            words("Bredbandssamordnarna behöver stöd, kraft och tid."),
            6
        );
        assert_eq!(words("E-tjänster och 5G"), 3, "hyphenated words are one");
        assert_eq!(words("光ファイバー網の整備"), 5);
        assert_eq!(words(&"ord ".repeat(400)), u8::MAX);
        assert!((1..6).all(|n| weight(n) < weight(n + 1)));
        assert!((weight(0) - weight(1)).abs() < f32::EPSILON);
        assert!((weight(6) - 1.0).abs() < f32::EPSILON);
        assert!((weight(200) - 1.0).abs() < f32::EPSILON);
    }
}
