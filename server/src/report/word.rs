//! The report as a Word document: a table of contents (a field Word and LibreOffice can
//! update; docx-rs fills in its entries so it reads before anyone does), the chapters as
//! "Rubrik 1", areas as "Rubrik 2", the parts of a description as "Rubrik 3", every
//! footnote a real Word footnote (Word numbers them on across the chapters).

use docx_rs::{Docx, Paragraph, Run, TableOfContents};

use super::{
    APPENDICES, BACKGROUND, DESCRIPTIONS, NO_DESCRIPTION, PROCESS, Report, SOURCES, TITLE, TOTALS,
};
use crate::description_export::{Laid, add_blocks, add_cited, add_parts, with_bullets};
use crate::word::{HEADING_1, HEADING_2, HEADING_3, WordError, heading, pack, with_styles};

/// The table of contents' title.
const CONTENTS: &str = "Innehåll";

/// The report as `.docx` bytes.
///
/// # Errors
/// [`WordError`] when the package cannot be written.
pub fn docx(report: &Report) -> Result<Vec<u8>, WordError> {
    let contents = TableOfContents::new()
        .heading_styles_range(1, 2)
        .alias(CONTENTS)
        .add_before_paragraph(heading(HEADING_2, CONTENTS))
        .auto();
    let mut document = with_bullets(with_styles(Docx::new()))
        .add_paragraph(heading(HEADING_1, TITLE))
        .add_paragraph(plain(&report.made))
        .add_table_of_contents(contents)
        .add_paragraph(heading(HEADING_1, BACKGROUND));
    document = match &report.background {
        Some(blocks) => add_blocks(document, blocks, HEADING_2, &Laid::default()),
        None => document.add_paragraph(plain(&Report::missing_background())),
    };
    document = document.add_paragraph(heading(HEADING_1, PROCESS));
    let areas = report
        .process
        .areas
        .iter()
        .map(|a| (a.label.as_str(), &a.lines));
    for (label, lines) in areas.chain([(TOTALS, &report.process.totals)]) {
        document = document.add_paragraph(heading(HEADING_2, label));
        for line in lines {
            document = document.add_paragraph(plain(line));
        }
    }
    document = document.add_paragraph(heading(HEADING_1, DESCRIPTIONS));
    for chapter in &report.chapters {
        document = document.add_paragraph(heading(HEADING_2, &chapter.label));
        document = match &chapter.laid {
            Some(laid) => add_parts(
                document.add_paragraph(plain(&laid.status)),
                laid,
                HEADING_3,
                HEADING_3,
            ),
            None => document.add_paragraph(plain(NO_DESCRIPTION)),
        };
    }
    document = document
        .add_paragraph(heading(HEADING_1, APPENDICES))
        .add_paragraph(heading(HEADING_2, SOURCES));
    if report.cited.is_empty() {
        document = document.add_paragraph(plain("Inga fynd citeras."));
    }
    pack(add_cited(document, &report.cited), TITLE)
}

fn plain(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::report;

    #[test]
    fn hinders_own_word_reader_finds_the_chapters_in_order() {
        let bytes = docx(&report()).unwrap();
        let read = indexer::ingest::docx::extract(&bytes).unwrap();
        let headings: Vec<&str> = read
            .sections
            .iter()
            .filter_map(|section| section.heading.as_deref())
            .collect();
        assert_eq!(
            headings,
            [
                "Slutrapport",
                "Innehåll",
                "Generell bakgrundsbeskrivning med utveckling på området",
                "Utvecklingen",
                "Processbeskrivning och hur gruppen har arbetat",
                "Landsbygd",
                "Totalt",
                "Områdesbeskrivningar",
                "Landsbygd",
                "Beskrivning",
                "Förslag på vägar framåt",
                "Samverkan",
                "Bilagor",
                "Underlag",
            ]
        );
        let all = format!("{:?}", read.sections);
        for text in [
            "Bredbandsmålet för 2020 är högt satt.",
            "Återkoppling senast 16 december 2016",
            "Området har ingen områdesbeskrivning.",
            "https://hinder.example/findings/mote-3-a",
        ] {
            assert!(all.contains(text), "{text:?} in {all}");
        }
    }
}
