//! The draft assistant's text work: splitting a draft into sentences, finding the sentence a
//! finding supports, and writing the Markdown draft with numbered footnotes.
//!
//! All of it is plain string work over what the index returned; the selection travels in the
//! URL, so nothing here keeps state.

use std::ops::Range;

use indexer::{Hit, MatchedWord, Taxonomy};

use crate::citation::{Citation, escape_markdown, one_line, permalink};

/// The sentences of a text, trimmed, in order. A sentence ends at `.`, `!` or `?` followed
/// by white space, or at a line break.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_spans(text)
        .into_iter()
        .map(|span| &text[span])
        .collect()
}

fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        let ends = c == '\n' || (matches!(c, '.' | '!' | '?') && next_is_space);
        if ends {
            let end = if c == '\n' {
                index
            } else {
                index + c.len_utf8()
            };
            push_trimmed(text, start..end, &mut spans);
            start = index + c.len_utf8();
        }
    }
    push_trimmed(text, start..text.len(), &mut spans);
    spans
}

fn push_trimmed(text: &str, span: Range<usize>, spans: &mut Vec<Range<usize>>) {
    let piece = &text[span.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    if leading + trailing < piece.len() {
        spans.push(span.start + leading..span.end - trailing);
    }
}

/// The sentence whose shared words weigh the most together (`words` are lowercased words
/// of the text with their weights), the first one on a tie; `None` when no sentence has any.
pub fn best_sentence<'a>(sentences: &[&'a str], words: &[MatchedWord]) -> Option<&'a str> {
    let mut best: Option<(&str, f32)> = None;
    for &sentence in sentences {
        let own = words_of(sentence);
        let score: f32 = words
            .iter()
            .filter(|matched| own.contains(&matched.word))
            .map(|matched| matched.weight)
            .sum();
        if score > 0.0 && best.is_none_or(|(_, most)| score > most) {
            best = Some((sentence, score));
        }
    }
    best.map(|(sentence, _)| sentence)
}

/// The lowercased words of a sentence as the tokenizer sees them (letters, digits, hyphens).
fn words_of(sentence: &str) -> Vec<String> {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A finding chosen for a draft, with the words it shares with the draft's text.
#[derive(Debug)]
pub struct Chosen<'a> {
    /// The finding.
    pub hit: &'a Hit,
    /// Words of the draft's text that it shares, with their weights.
    pub matched: &'a [MatchedWord],
}

/// A draft laid out for any format: the text in pieces, each with the footnotes that follow
/// it. The Markdown, the Word document and the rich-text copy are all written from it, so
/// they place the same footnotes after the same sentences.
#[derive(Debug, PartialEq, Eq)]
pub struct Layout<'t> {
    /// The trimmed text in order; each piece ends where footnote marks go (1-based numbers,
    /// positions in `chosen`).
    pub pieces: Vec<(&'t str, Vec<usize>)>,
    /// Numbers of the chosen findings that no sentence of the text shares words with.
    pub unplaced: Vec<usize>,
}

/// Places each chosen finding's footnote after the sentence it supports best.
pub fn layout<'t>(text: &'t str, chosen: &[Chosen<'_>]) -> Layout<'t> {
    let text = text.trim();
    let spans = sentence_spans(text);
    let sentences: Vec<&str> = spans.iter().map(|span| &text[span.clone()]).collect();
    let mut marks: Vec<Vec<usize>> = vec![Vec::new(); spans.len()];
    let mut unplaced = Vec::new();
    for (number, chosen) in chosen.iter().enumerate() {
        match best_sentence(&sentences, chosen.matched)
            .and_then(|best| sentences.iter().position(|s| std::ptr::eq(*s, best)))
        {
            Some(position) => marks[position].push(number + 1),
            None => unplaced.push(number + 1),
        }
    }
    let mut pieces = Vec::new();
    let mut copied = 0;
    for (span, numbers) in spans.iter().zip(marks) {
        if numbers.is_empty() {
            continue;
        }
        pieces.push((&text[copied..span.end], numbers));
        copied = span.end;
    }
    if copied < text.len() {
        pieces.push((&text[copied..], Vec::new()));
    }
    Layout { pieces, unplaced }
}

/// The order in which the chosen findings' footnotes appear in the draft (indices into
/// `chosen`): those the text cites in the order of its sentences, then the rest as chosen.
/// Word numbers footnotes as they appear, whatever they were called when written, so a
/// draft is numbered in this order everywhere (the page, the Markdown, the rich-text copy
/// and the Word file): the assistant keeps its chosen findings so, and [`layout`] then
/// numbers them 1, 2, 3 down the text.
pub fn citation_order(text: &str, chosen: &[Chosen<'_>]) -> Vec<usize> {
    let laid_out = layout(text, chosen);
    laid_out
        .pieces
        .iter()
        .flat_map(|(_, numbers)| numbers.iter().copied())
        .chain(laid_out.unplaced)
        .map(|number| number - 1)
        .collect()
}

/// Between two footnote marks that follow each other: Word users separate them with a
/// (superscript) comma, since "¹²" reads as footnote twelve.
pub const MARK_SEPARATOR: &str = ",";

/// The Markdown draft: the text with a footnote mark after the sentence each chosen finding
/// supports, each finding quoted with its mark, then the footnotes with source, document,
/// location, date and permalink. Footnotes are numbered in the order of `chosen`, which
/// the assistant keeps in [`citation_order`].
pub fn markdown(text: &str, chosen: &[Chosen<'_>], taxonomy: &Taxonomy, base_url: &str) -> String {
    let mut out = String::new();
    for (piece, numbers) in layout(text, chosen).pieces {
        out.push_str(piece);
        let marks: Vec<String> = numbers
            .iter()
            .map(|number| format!("[^{number}]"))
            .collect();
        out.push_str(&marks.join(MARK_SEPARATOR));
    }
    if chosen.is_empty() {
        return out;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str("## Underlag\n");
    for (number, chosen) in chosen.iter().enumerate() {
        let quote = one_line(&chosen.hit.text);
        out.push_str(&format!(
            "\n> {}[^{}]\n",
            escape_markdown(&quote),
            number + 1
        ));
    }
    out.push('\n');
    for (number, chosen) in chosen.iter().enumerate() {
        out.push_str(&format!(
            "[^{}]: {}\n",
            number + 1,
            Citation::footnote(chosen.hit, taxonomy, base_url)
        ));
    }
    out
}

/// The draft as HTML, for the clipboard: pasted into Word or Outlook, the footnote marks
/// stay links to the findings and the sources stay a numbered list with their links.
pub fn html(text: &str, chosen: &[Chosen<'_>], taxonomy: &Taxonomy, base_url: &str) -> String {
    let url = |chosen: &Chosen<'_>| {
        html_escape::encode_double_quoted_attribute(&permalink(base_url, &chosen.hit.id))
            .into_owned()
    };
    let mut out = String::from("<p>");
    for (piece, numbers) in layout(text, chosen).pieces {
        let escaped = html_escape::encode_text(piece)
            .replace("\r\n", "\n")
            .replace("\n\n", "</p><p>")
            .replace('\n', "<br>");
        out.push_str(&escaped);
        if numbers.is_empty() {
            continue;
        }
        let marks: Vec<String> = numbers
            .iter()
            .map(|&number| format!("<a href=\"{}\">{number}</a>", url(&chosen[number - 1])))
            .collect();
        out.push_str(&format!("<sup>{}</sup>", marks.join(MARK_SEPARATOR)));
    }
    out.push_str("</p>");
    if chosen.is_empty() {
        return out;
    }
    out.push_str("<h2>Underlag</h2><ol>");
    for chosen in chosen {
        let quote = one_line(&chosen.hit.text);
        let link = url(chosen);
        out.push_str(&format!(
            "<li>”{}” ({}) <a href=\"{link}\">{link}</a></li>",
            html_escape::encode_text(&quote),
            html_escape::encode_text(&Citation::reference(chosen.hit, taxonomy)),
        ));
    }
    out.push_str("</ol>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        assert_eq!(
            sentences("Första meningen. Andra? Ja!\nTredje rad utan punkt\n\n  Sista 2.5 procent."),
            [
                "Första meningen.",
                "Andra?",
                "Ja!",
                "Tredje rad utan punkt",
                "Sista 2.5 procent."
            ]
        );
        assert!(sentences("  \n ").is_empty());
    }

    #[test]
    fn the_sentence_with_most_shared_words_wins() {
        let all = sentences("Fiber byggs. Kommunerna saknar kunskap om utbyggnadslagen och fiber.");
        let words = |list: &[(&str, f32)]| {
            list.iter()
                .map(|&(word, weight)| MatchedWord {
                    word: word.to_owned(),
                    weight,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            best_sentence(&all, &words(&[("utbyggnadslagen", 1.0), ("fiber", 1.0)])),
            Some("Kommunerna saknar kunskap om utbyggnadslagen och fiber.")
        );
        assert_eq!(
            best_sentence(&all, &words(&[("fiber", 1.0)])),
            Some("Fiber byggs."),
            "the first sentence wins a tie"
        );
        let weighted = sentences("Vi behöver fler samordnare. Lagen är okänd.");
        assert_eq!(
            best_sentence(
                &weighted,
                &words(&[("lagen", 3.0), ("behöver", 1.0), ("samordnare", 1.5)])
            ),
            Some("Lagen är okänd."),
            "one distinctive word outweighs two common ones"
        );
        assert_eq!(best_sentence(&all, &words(&[("mobilnät", 2.0)])), None);
    }
}
