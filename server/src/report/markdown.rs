//! The report as Markdown: the chapters as `##`, areas as `###`, the parts of a
//! description as `####`; footnotes numbered on across the descriptions and defined at
//! the end.

use std::fmt::Write as _;

use super::{
    APPENDICES, BACKGROUND, DESCRIPTIONS, NO_DESCRIPTION, PROCESS, Report, SOURCES, TITLE, TOTALS,
};
use crate::citation::escape_markdown;
use crate::description_export::{write_blocks, write_cited, write_definitions, write_parts};

/// The report as a Markdown file.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# {TITLE}\n\n{}\n", escape_markdown(&report.made));
    let _ = write!(out, "\n## {BACKGROUND}\n\n");
    match &report.background {
        Some(blocks) => write_blocks(&mut out, blocks, "###", 0),
        None => {
            let _ = writeln!(out, "{}", escape_markdown(&Report::missing_background()));
        }
    }
    let _ = write!(out, "\n## {PROCESS}\n");
    let areas = report
        .process
        .areas
        .iter()
        .map(|a| (a.label.as_str(), &a.lines));
    for (label, lines) in areas.chain([(TOTALS, &report.process.totals)]) {
        let _ = write!(out, "\n### {}\n\n", escape_markdown(label));
        for line in lines {
            let _ = writeln!(out, "- {}", escape_markdown(line));
        }
    }
    let _ = write!(out, "\n## {DESCRIPTIONS}\n");
    let mut offset = 0;
    for chapter in &report.chapters {
        let _ = write!(out, "\n### {}\n\n", escape_markdown(&chapter.label));
        match &chapter.laid {
            Some(laid) => {
                let _ = writeln!(out, "{}", escape_markdown(&laid.status));
                write_parts(&mut out, laid, "####", offset);
                offset += laid.notes.len();
            }
            None => {
                let _ = writeln!(out, "{NO_DESCRIPTION}");
            }
        }
    }
    let _ = write!(out, "\n## {APPENDICES}\n\n### {SOURCES}\n");
    if report.cited.is_empty() {
        out.push_str("\nInga fynd citeras.\n");
    }
    write_cited(&mut out, &report.cited);
    if offset > 0 {
        out.push('\n');
    }
    let mut offset = 0;
    for laid in report
        .chapters
        .iter()
        .filter_map(|chapter| chapter.laid.as_ref())
    {
        write_definitions(&mut out, laid, offset);
        offset += laid.notes.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::report;

    #[test]
    fn the_markdown_has_the_four_chapters_and_numbers_footnotes_on() {
        let text = markdown(&report());
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
        assert_eq!(
            headings,
            [
                "# Slutrapport",
                "## Generell bakgrundsbeskrivning med utveckling på området",
                "### Utvecklingen",
                "## Processbeskrivning och hur gruppen har arbetat",
                "### Landsbygd",
                "### Totalt",
                "## Områdesbeskrivningar",
                "### Landsbygd",
                "#### Beskrivning",
                "#### Förslag på vägar framåt",
                "### Samverkan",
                "## Bilagor",
                "### Underlag",
            ]
        );
        assert!(text.contains("Bredbandsmålet för 2020 är **högt** satt.\n\n- Få län når målet\n"));
        assert!(
            text.contains("- Omgång 1: version 2 skickades ut 9 december 2016"),
            "{text}"
        );
        assert!(text.contains("### Samverkan\n\nOmrådet har ingen områdesbeskrivning.\n"));
        assert!(text.contains("[^4]: Fotnoten"), "{text}");
        assert_eq!(
            text.matches("> Resurser saknas i kommunerna").count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn a_missing_background_says_where_to_write_it() {
        let text = markdown(&Report {
            background: None,
            ..report()
        });
        assert!(
            text.contains("Skriv den i Markdown i filen corpus/rapport/bakgrund.md."),
            "{text}"
        );
    }
}
