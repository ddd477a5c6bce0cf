//! The laid-out description as a Word document: the title and the parts as Word's own
//! headings (so the navigation pane lists them), list items as a bulleted Word list, every
//! footnote reference a real Word footnote, then "Underlag". Styles, footnotes and links are
//! the draft's ([`crate::word`]), so the group's two kinds of Word file look alike.

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, Run, SpecialIndentType, Start,
};
use indexer::description::BlockKind;

use super::{Cited, Laid, LaidBlock, Piece};
use crate::word::{
    HEADING_1, HEADING_2, HEADING_3, WordError, footnote_mark, heading, mark_separator, pack,
    quoted, with_styles,
};

/// The bulleted list's numbering (1 is docx-rs's own default).
const BULLETS: usize = 2;
/// Bullets by depth; deeper items use the last.
const BULLET_SIGNS: [&str; 3] = ["•", "◦", "▪"];
/// Indentation of one list level, in twentieths of a point (a quarter inch).
const INDENT: i32 = 360;

/// The description as `.docx` bytes.
///
/// # Errors
/// [`WordError`] when the package cannot be written.
pub fn docx(laid: &Laid) -> Result<Vec<u8>, WordError> {
    let mut document = with_bullets(with_styles(Docx::new()))
        .add_paragraph(heading(HEADING_1, &laid.title))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&laid.status)));
    document = add_parts(document, laid, HEADING_2, HEADING_3);
    if !laid.cited.is_empty() {
        document = document.add_paragraph(heading(HEADING_2, "Underlag"));
    }
    pack(add_cited(document, &laid.cited), &laid.title)
}

/// Adds the parts under headings of `part_style`, their own headings in `inner_style`.
pub(crate) fn add_parts(
    mut document: Docx,
    laid: &Laid,
    part_style: &str,
    inner_style: &str,
) -> Docx {
    for part in &laid.parts {
        document = document.add_paragraph(heading(part_style, part.heading));
        document = add_blocks(document, &part.blocks, inner_style, laid);
    }
    document
}

/// Adds blocks, their headings in `heading_style`, their footnotes `laid`'s.
pub(crate) fn add_blocks(
    mut document: Docx,
    blocks: &[LaidBlock],
    heading_style: &str,
    laid: &Laid,
) -> Docx {
    for block in blocks {
        let mut paragraph = match block.kind {
            BlockKind::Paragraph => Paragraph::new(),
            BlockKind::Item(depth) => Paragraph::new().numbering(
                NumberingId::new(BULLETS),
                IndentLevel::new(depth.min(BULLET_SIGNS.len() - 1)),
            ),
            BlockKind::Heading(_) => Paragraph::new().style(heading_style),
        };
        let mut after_note = false;
        for piece in &block.pieces {
            let note = matches!(piece, Piece::Note(_));
            if note && after_note {
                paragraph = paragraph.add_run(mark_separator());
            }
            after_note = note;
            paragraph = paragraph.add_run(run(laid, piece));
        }
        document = document.add_paragraph(paragraph);
    }
    document
}

/// Adds the cited findings as "Underlag" quotes them, a paragraph each.
pub(crate) fn add_cited(mut document: Docx, cited: &[Cited]) -> Docx {
    for cited in cited {
        document = document.add_paragraph(match cited {
            Cited::Found {
                quote,
                reference,
                url,
                ..
            } => quoted(quote, reference, url, None),
            Cited::Gone { .. } | Cited::Unnamed { .. } => {
                Paragraph::new().add_run(Run::new().add_text(cited.note_text()))
            }
        });
    }
    document
}

/// A piece as a run: text with its emphasis, or a footnote.
fn run(laid: &Laid, piece: &Piece) -> Run {
    match piece {
        Piece::Text {
            text,
            strong,
            emphasis,
        } => {
            let mut run = Run::new().add_text(text);
            if *strong {
                run = run.bold();
            }
            if *emphasis {
                run = run.italic();
            }
            run
        }
        Piece::Note(number) => {
            let cited = laid
                .notes
                .get(number - 1)
                .and_then(|&index| laid.cited.get(index));
            match cited {
                Some(cited) => footnote_mark(&cited.note_text(), cited.url()),
                // Not made by `lay_out`; a footnote that says nothing is still not dropped.
                None => footnote_mark("", None),
            }
        }
    }
}

/// The bulleted list list items use, one level per depth.
pub(crate) fn with_bullets(document: Docx) -> Docx {
    let mut bullets = AbstractNumbering::new(BULLETS);
    for (level, sign) in BULLET_SIGNS.into_iter().enumerate() {
        let depth = i32::try_from(level + 1).unwrap_or(1);
        bullets = bullets.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("bullet"),
                LevelText::new(sign),
                LevelJc::new("left"),
            )
            .indent(
                Some(INDENT * 2 * depth),
                Some(SpecialIndentType::Hanging(INDENT)),
                None,
                None,
            ),
        );
    }
    document
        .add_abstract_numbering(bullets)
        .add_numbering(Numbering::new(BULLETS, BULLETS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description_export::tests::laid;

    #[test]
    fn hinders_own_word_reader_finds_the_parts_and_the_footnotes() {
        let bytes = docx(&laid(2, "2016-12-10")).unwrap();
        let read = indexer::ingest::docx::extract(&bytes).unwrap();
        let headings: Vec<&str> = read
            .sections
            .iter()
            .filter_map(|section| section.heading.as_deref())
            .collect();
        assert_eq!(
            headings,
            [
                "Områdesbeskrivning: Landsbygd",
                "Beskrivning",
                "Förslag på vägar framåt",
                "Underlag"
            ]
        );
        let text: Vec<&str> = read
            .sections
            .iter()
            .flat_map(|section| section.paragraphs.iter().map(|p| p.text.as_str()))
            .collect();
        let all = text.join("\n");
        assert!(all.contains("Kommunerna saknar resurser"), "{all}");
        assert!(all.contains("Även på landsbygden"), "{all}");
        assert!(all.contains("Fyndet borta-b finns inte längre."), "{all}");
        assert!(
            all.contains("https://hinder.example/findings/mote-3-a"),
            "{all}"
        );
        assert!(
            all.contains("Återkoppling senast 16 december 2016"),
            "{all}"
        );
    }
}
