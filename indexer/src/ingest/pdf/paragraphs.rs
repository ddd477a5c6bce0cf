//! A page's lines joined into paragraphs: a blank line or a bullet starts a new one, and
//! words hyphenated across a line break are joined again.

use crate::ingest::ooxml::collapse;
use crate::ingest::repair::is_private_use;

/// Characters that start a bullet point in extracted text.
const BULLETS: [char; 7] = ['•', '◦', '▪', '‣', '●', '○', '■'];
/// After these words a trailing hyphen is an elliptic compound (`kommun- och`), not a break.
const CONJUNCTIONS: [&str; 3] = ["och", "eller", "samt"];

/// A page's text as paragraphs.
pub(crate) fn paragraphs(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = collapse(current);
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    for line in page.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        // A Symbol-font bullet has no Unicode meaning and arrives as a private-use character.
        let bullet = line
            .strip_prefix(BULLETS)
            .or_else(|| line.strip_prefix(is_private_use))
            .map(str::trim_start);
        if let Some(rest) = bullet {
            flush(&mut current, &mut out);
            current.push_str(rest);
            continue;
        }
        join_line(&mut current, line);
    }
    flush(&mut current, &mut out);
    out
}

/// Appends a line to a paragraph, undoing a hyphenation break: `utbygg-` + `naden` →
/// `utbyggnaden`, but `kommun-` + `och region` stays an elliptic compound. A soft hyphen at
/// the end of a line is a break the typesetter chose: always joined.
fn join_line(paragraph: &mut String, line: &str) {
    if paragraph.ends_with('\u{AD}') {
        paragraph.pop();
        paragraph.push_str(line);
        return;
    }
    let hyphenated = paragraph.ends_with('-')
        && paragraph[..paragraph.len() - 1].ends_with(char::is_alphabetic)
        && line.starts_with(char::is_lowercase);
    let next_word = line.split_whitespace().next().unwrap_or_default();
    if hyphenated && !CONJUNCTIONS.contains(&next_word) {
        paragraph.pop();
        paragraph.push_str(line);
    } else {
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_into_paragraphs() {
        let page = "Utmaningar som bredbandssamordnaren\nmöter i kommunen?\n\n• Uppdragsbeskrivning saknas.\n• Mycket tid går till konsument-\nrådgivning\nsista raden";
        assert_eq!(
            paragraphs(page),
            [
                "Utmaningar som bredbandssamordnaren möter i kommunen?",
                "Uppdragsbeskrivning saknas.",
                "Mycket tid går till konsumentrådgivning sista raden",
            ]
        );
    }

    #[test]
    fn hyphens_before_a_conjunction_or_a_capital_stay() {
        assert_eq!(
            paragraphs("på kommun-\noch regionnivå"),
            ["på kommun- och regionnivå"]
        );
        assert_eq!(paragraphs("AG-\nMöte"), ["AG- Möte"]);
    }

    #[test]
    fn soft_hyphens_and_symbol_bullets_are_understood() {
        assert_eq!(
            paragraphs("Bredbands\u{AD}\nutbyggnaden\n\u{F0B7} Markavtal\n\u{F0B7} Grävning"),
            ["Bredbandsutbyggnaden", "Markavtal", "Grävning"]
        );
    }
}
