//! The laid-out description as Markdown: the same headings, text and footnote numbers as the
//! Word file, each footnote defined at the end with the finding's reference and permalink,
//! and "Underlag" quoting each finding once with the draft's citation.

use std::fmt::Write as _;

use indexer::description::BlockKind;

use super::{Cited, Laid, Piece};
use crate::citation::escape_markdown;

/// The description as a Markdown file.
pub fn markdown(laid: &Laid) -> String {
    let mut out = format!(
        "# {}\n\n{}\n",
        escape_markdown(&laid.title),
        escape_markdown(&laid.status)
    );
    for part in &laid.parts {
        let _ = write!(out, "\n## {}\n\n", part.heading);
        let mut previous: Option<BlockKind> = None;
        for block in &part.blocks {
            // List items follow each other; anything else stands apart.
            let in_list = matches!(block.kind, BlockKind::Item(_));
            if previous.is_some() && !(in_list && matches!(previous, Some(BlockKind::Item(_)))) {
                out.push('\n');
            }
            match block.kind {
                BlockKind::Paragraph => {}
                BlockKind::Item(depth) => {
                    out.push_str(&"  ".repeat(depth));
                    out.push_str("- ");
                }
                BlockKind::Heading(_) => out.push_str("### "),
            }
            for piece in &block.pieces {
                write_piece(&mut out, piece);
            }
            out.push('\n');
            previous = Some(block.kind);
        }
    }
    if !laid.cited.is_empty() {
        out.push_str("\n## Underlag\n");
    }
    for cited in &laid.cited {
        out.push('\n');
        match cited {
            Cited::Found { citation, .. } => out.push_str(citation),
            Cited::Gone { .. } | Cited::Unnamed { .. } => {
                out.push_str(&escape_markdown(&cited.note_text()));
            }
        }
        out.push('\n');
    }
    if !laid.notes.is_empty() {
        out.push('\n');
    }
    for (number, &index) in (1..).zip(&laid.notes) {
        let text = match laid.cited.get(index) {
            Some(Cited::Found { footnote, .. }) => footnote.clone(),
            Some(cited) => escape_markdown(&cited.note_text()),
            None => String::new(),
        };
        let _ = writeln!(out, "[^{number}]: {text}");
    }
    out
}

fn write_piece(out: &mut String, piece: &Piece) {
    match piece {
        Piece::Text {
            text,
            strong,
            emphasis,
        } => {
            // Emphasis marks must touch the words: spaces stay outside them.
            let words = text.trim();
            if words.is_empty() {
                out.push_str(text);
                return;
            }
            let start = text.len() - text.trim_start().len();
            let marks = match (strong, emphasis) {
                (true, true) => "***",
                (true, false) => "**",
                (false, true) => "*",
                (false, false) => "",
            };
            out.push_str(&text[..start]);
            let _ = write!(out, "{marks}{}{marks}", escape_markdown(words));
            out.push_str(&text[start + words.len()..]);
        }
        Piece::Note(number) => {
            let _ = write!(out, "[^{number}]");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description_export::tests::laid;

    #[test]
    fn the_markdown_has_the_headings_the_text_and_one_definition_per_footnote() {
        let text = markdown(&laid(2, "2016-12-10"));
        let expected = "# Områdesbeskrivning: Landsbygd\n\n\
            Status: Ute för återkoppling · Version 2, 9 december 2016 · Återkoppling senast 16 december 2016\n\n\
            ## Beskrivning\n\n\
            Kommunerna saknar **resurser**[^1] och *mandat*[^2].\n\n\
            ## Förslag på vägar framåt\n\n\
            - Öka stödet[^3]\n  - Även på landsbygden[^4] \\[^q\\]\n\n\
            ## Underlag\n\n\
            > Resurser saknas i kommunerna\n>\n\
            > — Sörmland, *Möte 3*, bild 15, 2 december 2016. <https://hinder.example/findings/mote-3-a>\n\n\
            Fyndet borta-b finns inte längre.\n\n\
            Fotnoten \\[^y\\] anger inget fynd.\n\n\
            [^1]: Sörmland, *Möte 3*, bild 15, 2 december 2016. <https://hinder.example/findings/mote-3-a>\n\
            [^2]: Fyndet borta-b finns inte längre.\n\
            [^3]: Sörmland, *Möte 3*, bild 15, 2 december 2016. <https://hinder.example/findings/mote-3-a>\n\
            [^4]: Fotnoten \\[^y\\] anger inget fynd.\n";
        assert_eq!(text, expected);
    }
}
