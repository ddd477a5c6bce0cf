//! The working group's final report (Slutrapport), as the seed's slide lays it out: the
//! background and how the area developed (the group's own text, `corpus/rapport/bakgrund.md`,
//! carried in the index's manifest), the process (written from the rounds and the
//! feedback), one chapter per area with its approved description (else its latest), and the
//! findings cited, each once, as an appendix.
//!
//! The report is laid out once ([`Report`]) and written as Word ([`docx()`]) and Markdown
//! ([`markdown()`]); each chapter reuses the area description's own layout
//! ([`crate::description_export`]), so a chapter reads like the description sent out.

mod markdown;
mod process;
mod word;

use indexer::{Date, IndexView, REPORT_BACKGROUND_FILE};

pub use markdown::markdown;
pub use process::{AreaProcess, Process, ProcessWriter};
pub use word::docx;

use crate::description_export::{Cited, Laid, LaidBlock, Setting, lay_out, lay_out_text};
use crate::resolved;

/// The report's title.
pub const TITLE: &str = "Slutrapport";
/// The chapter of the group's background text.
pub const BACKGROUND: &str = "Generell bakgrundsbeskrivning med utveckling på området";
/// The chapter of the process.
pub const PROCESS: &str = "Processbeskrivning och hur gruppen har arbetat";
/// The chapter of the area descriptions.
pub const DESCRIPTIONS: &str = "Områdesbeskrivningar";
/// The appendices.
pub const APPENDICES: &str = "Bilagor";
/// The appendix of cited findings.
pub const SOURCES: &str = "Underlag";
/// The process's totals, after the areas.
pub const TOTALS: &str = "Totalt";
/// What an area without a description says.
pub const NO_DESCRIPTION: &str = "Området har ingen områdesbeskrivning.";
/// The download's file name, without its extension.
pub const FILE_STEM: &str = "slutrapport";

/// The report laid out for a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// When it was put together, as a line.
    pub made: String,
    /// The group's background, laid out; `None` while it is not written.
    pub background: Option<Vec<LaidBlock>>,
    /// The process description.
    pub process: Process,
    /// One chapter per area, in the taxonomy's order.
    pub chapters: Vec<Chapter>,
    /// Every finding cited in the chapters, once each, in the order first cited.
    pub cited: Vec<Cited>,
}

/// An area's chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The area's label.
    pub label: String,
    /// Its description (approved version, else the latest), `None` when it has none.
    pub laid: Option<Laid>,
}

impl Report {
    /// The line that stands where the background is missing: where to write it.
    pub fn missing_background() -> String {
        format!(
            "Bakgrunden är inte skriven ännu. Skriv den i Markdown i filen \
             corpus/{REPORT_BACKGROUND_FILE}."
        )
    }
}

/// Puts the report together from what `index` holds, as on `today`.
///
/// # Errors
/// When the index fails.
pub fn assemble(index: &IndexView, today: Date, base_url: &str) -> indexer::Result<Report> {
    let manifest = index.manifest();
    let mut process = ProcessWriter::default();
    let mut chapters = Vec::new();
    let mut cited: Vec<Cited> = Vec::new();
    for area in &manifest.taxonomy.areas {
        let description = resolved::find(index, &area.slug);
        let version = description
            .as_ref()
            .and_then(|description| description.approved().or_else(|| description.current()));
        let (Some(description), Some(version)) = (description.as_ref(), version) else {
            chapters.push(Chapter {
                label: area.label.clone(),
                laid: None,
            });
            continue;
        };
        let setting = Setting {
            area_label: &area.label,
            today,
            taxonomy: &manifest.taxonomy,
            base_url,
        };
        let laid = lay_out(description, version, &setting, |id| index.hit(id))?;
        for entry in &laid.cited {
            // A footnote that names no finding has nothing to put in an appendix.
            if !matches!(entry, Cited::Unnamed { .. }) && !cited.contains(entry) {
                cited.push(entry.clone());
            }
        }
        let feedback = resolved::resolve(index, &area.slug, Some(version.number), today, false)?;
        let feedback: Vec<_> = feedback.iter().flat_map(|r| r.all_feedback()).collect();
        process.add(&area.label, description, &feedback);
        chapters.push(Chapter {
            label: area.label.clone(),
            laid: Some(laid),
        });
    }
    Ok(Report {
        made: format!("Sammanställd ur Hinder {}.", today.to_swedish()),
        background: manifest
            .report_background
            .as_deref()
            .map(lay_out_text)
            .filter(|blocks| !blocks.is_empty()),
        process: process.finish(manifest.taxonomy.areas.len()),
        chapters,
        cited,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::description_export::tests::laid;

    /// A report of two areas, one described (version 2 of the description's test data),
    /// with a background of a heading, a paragraph and a list.
    pub(crate) fn report() -> Report {
        let mut writer = ProcessWriter::default();
        writer.add(
            "Landsbygd",
            &crate::description_export::tests::description(),
            &[],
        );
        let laid = laid(2, "2016-12-10");
        Report {
            made: "Sammanställd ur Hinder 20 december 2016.".into(),
            background: Some(lay_out_text(
                "## Utvecklingen\n\nBredbandsmålet för 2020 är **högt** satt.\n\n- Få län når målet\n",
            )),
            process: writer.finish(2),
            cited: laid
                .cited
                .iter()
                .filter(|entry| !matches!(entry, Cited::Unnamed { .. }))
                .cloned()
                .collect(),
            chapters: vec![
                Chapter {
                    label: "Landsbygd".into(),
                    laid: Some(laid),
                },
                Chapter {
                    label: "Samverkan".into(),
                    laid: None,
                },
            ],
        }
    }
}
