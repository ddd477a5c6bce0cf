//! The laid-out description as Markdown: the same headings, text and footnote numbers as the
//! Word file, each footnote defined at the end with the finding's reference and permalink,
//! and "Underlag" quoting each finding once with the draft's citation.

use std::fmt::Write as _;

use indexer::description::BlockKind;

use super::{Cited, Laid, LaidBlock, Piece};
use crate::citation::escape_markdown;

/// The description as a Markdown file.
pub fn markdown(laid: &Laid) -> String {
    let mut out = format!(
        "# {}\n\n{}\n",
        escape_markdown(&laid.title),
        escape_markdown(&laid.status)
    );
    write_parts(&mut out, laid, "##", 0);
    if !laid.cited.is_empty() {
        out.push_str("\n## Underlag\n");
    }
    write_cited(&mut out, &laid.cited);
    if !laid.notes.is_empty() {
        out.push('\n');
    }
    write_definitions(&mut out, laid, 0);
    out
}

/// Writes the parts under headings of `level` (`"##"`), their own headings one level
/// deeper, footnote `n` as `[^{n + offset}]`: a file holding several descriptions (the
/// final report) numbers their footnotes on.
pub(crate) fn write_parts(out: &mut String, laid: &Laid, level: &str, offset: usize) {
    for part in &laid.parts {
        let _ = write!(out, "\n{level} {}\n\n", part.heading);
        write_blocks(out, &part.blocks, &format!("{level}#"), offset);
    }
}

/// Writes blocks, their headings at `level` (`"###"`), footnotes shifted by `offset`.
pub(crate) fn write_blocks(out: &mut String, blocks: &[LaidBlock], level: &str, offset: usize) {
    let mut previous: Option<BlockKind> = None;
    for block in blocks {
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
            BlockKind::Heading(_) => {
                out.push_str(level);
                out.push(' ');
            }
        }
        for piece in &block.pieces {
            write_piece(out, piece, offset);
        }
        out.push('\n');
        previous = Some(block.kind);
    }
}

/// Writes each cited finding as "Underlag" quotes it, a paragraph each.
pub(crate) fn write_cited(out: &mut String, cited: &[Cited]) {
    for cited in cited {
        out.push('\n');
        match cited {
            Cited::Found { citation, .. } => out.push_str(citation),
            Cited::Gone { .. } | Cited::Unnamed { .. } => {
                out.push_str(&escape_markdown(&cited.note_text()));
            }
        }
        out.push('\n');
    }
}

/// Writes the definitions of `laid`'s footnotes, numbered from `offset + 1`.
pub(crate) fn write_definitions(out: &mut String, laid: &Laid, offset: usize) {
    for (number, &index) in (offset + 1..).zip(&laid.notes) {
        let text = match laid.cited.get(index) {
            Some(Cited::Found { footnote, .. }) => footnote.clone(),
            Some(cited) => escape_markdown(&cited.note_text()),
            None => String::new(),
        };
        let _ = writeln!(out, "[^{number}]: {text}");
    }
}

fn write_piece(out: &mut String, piece: &Piece, offset: usize) {
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
            let _ = write!(out, "[^{}]", number + offset);
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
