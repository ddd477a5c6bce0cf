//! Undoes what text extraction breaks, and nothing else: the words a reader sees in a file
//! are the words that get indexed.
//!
//! PDFs from LaTeX and typesetting tools carry ligature glyphs (`ﬁ` for "fi") and draw an
//! accent as a glyph of its own beside its letter (`g¨or` for "gör"); Office files and web
//! copies carry soft hyphens and zero-width characters inside words; fonts without a Unicode
//! map leave private-use code points. Each of these splits or hides a word from search, so
//! each is mapped back to the letters it stands for. Everything else stays as written;
//! the text is finally put in Unicode's composed form (NFC), which changes no character a
//! reader can tell apart but lets `ö` typed as `o` + `¨` match `ö`.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, char::compose, is_nfc_quick};

/// Repairs extraction artefacts in one passage.
pub(crate) fn repair(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_attention) {
        return nfc(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if is_invisible(c) || is_private_use(c) {
            index += 1;
            continue;
        }
        if let Some(mark) = combining_for_spacing_accent(c)
            && let Some(consumed) = attach_accent(&chars, index, mark, &mut out)
        {
            index += consumed;
            continue;
        }
        if is_presentation_form(c) {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
        index += 1;
    }
    Cow::Owned(nfc(&out).into_owned())
}

/// Whether a character may be an artefact; most text has none, and then nothing is copied.
fn needs_attention(c: char) -> bool {
    !c.is_ascii()
        && (is_invisible(c)
            || is_private_use(c)
            || is_presentation_form(c)
            || combining_for_spacing_accent(c).is_some())
}

fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// Characters that show nothing but split a word for a tokenizer: the soft hyphen, the
/// zero-width space and no-break space (byte order mark), the word joiner, and the
/// direction marks and embeddings that copies from web pages carry.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Private-use code points: a glyph whose font gave it no Unicode meaning (a Symbol-font
/// bullet, a letter of a font without a map). They stand for nothing a search can match.
pub(crate) fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// Ligatures and contextual shapes that fonts need and readers do not: Latin (`ﬁ`, `ﬂ`,
/// `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`), Armenian, Hebrew and Arabic presentation forms. Their
/// compatibility decomposition is the plain letters.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Whether a character is a spacing accent; one left after [`repair`] sits where no letter
/// takes it, a sign that the extractor put it in the wrong place.
pub(crate) fn is_spacing_accent(c: char) -> bool {
    combining_for_spacing_accent(c).is_some()
}

/// The combining mark a spacing accent stands for, as TeX's fonts draw them: `¨` for an
/// umlaut, `˚` for the ring of `å`, and the other accents of European languages.
fn combining_for_spacing_accent(c: char) -> Option<char> {
    Some(match c {
        '\u{00A8}' => '\u{0308}', // ¨ diaeresis
        '\u{02DA}' => '\u{030A}', // ˚ ring above
        '\u{00B4}' => '\u{0301}', // ´ acute
        '\u{02CB}' => '\u{0300}', // ˋ grave (modifier letter)
        '\u{02C6}' => '\u{0302}', // ˆ circumflex
        '\u{02DC}' => '\u{0303}', // ˜ tilde
        '\u{00B8}' => '\u{0327}', // ¸ cedilla
        '\u{02C7}' => '\u{030C}', // ˇ caron
        '\u{02D8}' => '\u{0306}', // ˘ breve
        '\u{02D9}' => '\u{0307}', // ˙ dot above
        '\u{02DD}' => '\u{030B}', // ˝ double acute
        '\u{02DB}' => '\u{0328}', // ˛ ogonek
        '\u{00AF}' => '\u{0304}', // ¯ macron
        _ => return None,
    })
}

/// Joins the spacing accent at `chars[index]` with its letter, when the two make a letter
/// of the European alphabets: the next letter (TeX draws the accent first: `g¨or`), else the
/// letter before it (`go¨r`, as some extractors order them). Returns how many characters
/// were consumed from `index`, or `None` to keep the accent as written (`5´`, `"¨"`, and
/// `¨ w`, where the accent was moved away from its letter and `ẅ` would be a guess).
fn attach_accent(chars: &[char], index: usize, mark: char, out: &mut String) -> Option<usize> {
    if let Some(letter) = chars.get(index + 1).and_then(|&next| accented(next, mark)) {
        out.push(letter);
        return Some(2);
    }
    let letter = accented(out.chars().next_back()?, mark)?;
    out.pop();
    out.push(letter);
    Some(1)
}

/// The precomposed letter for a letter and a combining mark, if it is a letter of the
/// European alphabets (Latin-1 and Latin Extended, Greek, Cyrillic); the dotless `ı` TeX
/// puts under an accent counts as `i`.
fn accented(base: char, mark: char) -> Option<char> {
    if !base.is_alphabetic() {
        return None;
    }
    compose(if base == 'ı' { 'i' } else { base }, mark)
        .filter(|letter| matches!(letter, '\u{C0}'..='\u{24F}' | '\u{370}'..='\u{4FF}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str) -> String {
        repair(text).into_owned()
    }

    #[test]
    fn ligatures_become_their_letters() {
        assert_eq!(
            fixed("Det ﬁnns ﬂera oﬀiciella"),
            "Det finns flera officiella"
        );
        assert_eq!(fixed("e\u{FB03}cient, \u{FB04}ow"), "efficient, fflow");
    }

    #[test]
    fn spacing_accents_join_their_letter() {
        assert_eq!(
            fixed("Vad g¨or vi n¨ar det st˚ar still"),
            "Vad gör vi när det står still"
        );
        assert_eq!(fixed("caf´e na¨ıve"), "café naïve");
        assert_eq!(fixed("Go¨teborg"), "Göteborg");
        assert_eq!(
            fixed("\\\"{o} ¨\"x"),
            "\\\"{o} ¨\"x",
            "an accent without a letter stays"
        );
        assert_eq!(fixed("pris 5´"), "pris 5´");
        assert_eq!(fixed("ubertragen ¨ werden"), "ubertragen ¨ werden", "no ẅ");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(fixed("utbygg\u{AD}naden"), "utbyggnaden");
        assert_eq!(fixed("bred\u{200B}band\u{FEFF}"), "bredband");
        assert_eq!(fixed("\u{200F}fiber\u{202C}"), "fiber");
    }

    #[test]
    fn private_use_glyphs_are_dropped() {
        assert_eq!(fixed("\u{F0B7} Kommunerna"), " Kommunerna");
    }

    #[test]
    fn arabic_presentation_forms_become_letters() {
        // "سلام" written with isolated/final presentation forms.
        assert_eq!(fixed("\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}"), "سلام");
    }

    #[test]
    fn decomposed_letters_are_composed() {
        assert_eq!(fixed("O\u{0308}vningar"), "Övningar");
        assert!(matches!(repair("vanlig text"), Cow::Borrowed(_)));
        assert!(matches!(repair("Övningar är rätt"), Cow::Borrowed(_)));
    }

    #[test]
    fn everything_else_stays_verbatim() {
        let text = "Fiber ELLER 5G – “kommun” (år 2016) ½ ™ ①";
        assert_eq!(fixed(text), text);
    }
}
