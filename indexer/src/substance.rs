//! How much a finding says: bare headings and agenda items ("Sammanfattning", "Lunch") are
//! findings too, but a coordinator looking for related material or the latest challenges
//! wants statements. Lists that should lead with statements (related findings, the start
//! page on one day) put findings of fewer than [`STATEMENT_WORDS`] words after them.

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

/// Characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    // Every such script lies above Thai's first letter: one comparison for Latin text.
    c >= '\u{0e00}'
        && matches!(c,
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
    }
}
