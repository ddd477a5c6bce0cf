//! Turns what an extractor read (a draft) into a [`Document`]: metadata inherited from
//! document to section to finding, slugs checked against the taxonomies, languages
//! detected, and stable finding ids assigned.
//!
//! Every extractor ends here, so the rules are the same whatever the file format.

use std::collections::HashSet;

use super::area_rules::AreaRules;
use super::attributes::Attributes;
use super::error::{ParseError, ParseErrorKind};
use super::extract::ExtractWarning;
use super::metadata::DocumentMeta;
use super::title;
use crate::analysis::{detect_document_language, detect_passage_language};
use crate::corpus::{
    Addition, Date, Document, DocumentKind, Finding, Section, SectionKind, Taxonomy, is_slug,
};

/// A document as an extractor read it, before metadata is resolved.
#[derive(Debug, Default, Clone)]
pub(crate) struct Draft {
    pub meta: DocumentMeta,
    /// Line that metadata errors point to (the front matter, or 1 for a sidecar).
    pub meta_line: usize,
    /// Id when the metadata sets none: the file name as a slug.
    pub fallback_id: String,
    /// Title from the file's properties (or a text file's first line), when the metadata
    /// sets none; a generic one ("PowerPoint Presentation") is passed over.
    pub fallback_title: Option<String>,
    /// The file name as a title: the last resort.
    pub file_title: String,
    /// Date when the metadata sets none (from the file name).
    pub fallback_date: Option<Date>,
    /// Path relative to the corpus folder.
    pub path: String,
    /// What the sections are, when the format knows (slides of a .pptx, pages of a PDF).
    pub section_kind: Option<SectionKind>,
    /// Parts of the file the extractor could not read.
    pub warnings: Vec<ExtractWarning>,
    pub sections: Vec<DraftSection>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct DraftSection {
    pub heading: Option<String>,
    /// The slide or page number the format gives; otherwise sections count from 1.
    pub number: Option<u32>,
    pub line: usize,
    pub attributes: Attributes,
    pub findings: Vec<DraftFinding>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct DraftFinding {
    pub text: String,
    pub line: usize,
    pub attributes: Attributes,
    /// A speaker's note.
    pub note: bool,
}

/// Hex digits of the content hash in a generated finding id: 32 bits keep ids short, and a
/// collision inside one document is resolved with a counter anyway.
const ID_HASH_HEX: usize = 8;

/// Values a section passes down to its findings.
#[derive(Debug, Clone)]
struct Inherited {
    source: String,
    /// `None` when nobody set areas: the keyword rules decide.
    areas: Option<Vec<String>>,
    date: Option<Date>,
}

pub(crate) fn assemble(
    draft: Draft,
    taxonomy: &Taxonomy,
    rules: &AreaRules,
) -> Result<Document, ParseError> {
    let Draft {
        meta,
        meta_line,
        fallback_id,
        fallback_title,
        file_title,
        fallback_date,
        path,
        section_kind,
        sections: draft_sections,
        warnings: _,
    } = draft;
    let meta_error = |kind| ParseError::new(meta_line, kind);

    let id = meta.id.clone().unwrap_or(fallback_id);
    if !is_slug(&id) {
        return Err(meta_error(ParseErrorKind::InvalidId(id)));
    }
    let document_defaults = Inherited {
        source: check_source(meta.source.as_deref(), taxonomy, meta_line)?
            .unwrap_or_else(|| taxonomy.default_source.clone()),
        areas: check_areas(meta.areas.as_deref(), taxonomy, meta_line)?,
        date: meta.date.or(fallback_date),
    };
    let language = meta
        .language
        .unwrap_or_else(|| detect_document_language(&all_text(&draft_sections)));
    let title = meta.title.clone().unwrap_or_else(|| {
        let file_title = if file_title.is_empty() {
            id.clone()
        } else {
            file_title
        };
        title::choose(
            fallback_title,
            draft_sections.iter().find_map(|s| s.heading.clone()),
            file_title,
        )
    });

    let mut ids = FindingIds::new(&id);
    let mut sections = Vec::with_capacity(draft_sections.len());
    for (index, draft_section) in draft_sections.into_iter().enumerate() {
        let section_defaults = inherit(
            &document_defaults,
            &draft_section.attributes,
            taxonomy,
            draft_section.line,
        )?;
        if draft_section.attributes.id.is_some() {
            return Err(ParseError::new(
                draft_section.line,
                ParseErrorKind::MisplacedMetadata,
            ));
        }
        let mut draft_findings = draft_section.findings;
        let from_heading = draft_findings.is_empty();
        if from_heading {
            // A title-only slide is still worth finding: its heading becomes its one finding.
            let Some(heading) = draft_section.heading.clone() else {
                continue;
            };
            draft_findings.push(DraftFinding {
                text: heading,
                line: draft_section.line,
                ..DraftFinding::default()
            });
        }
        let mut findings = Vec::with_capacity(draft_findings.len());
        for (number, draft_finding) in draft_findings.into_iter().enumerate() {
            let values = inherit(
                &section_defaults,
                &draft_finding.attributes,
                taxonomy,
                draft_finding.line,
            )?;
            let finding_id = ids.assign(
                draft_finding.attributes.id,
                &draft_finding.text,
                draft_finding.line,
            )?;
            let areas_auto = values.areas.is_none();
            let areas = values
                .areas
                .unwrap_or_else(|| rules.areas(&draft_finding.text));
            findings.push(Finding {
                id: finding_id,
                number: count(number),
                language: detect_passage_language(&draft_finding.text, language)
                    .unwrap_or(language),
                text: draft_finding.text,
                source: values.source,
                areas,
                areas_auto,
                date: values.date,
                from_heading,
                note: draft_finding.note,
                line: draft_finding.line,
            });
        }
        sections.push(Section {
            number: draft_section.number.unwrap_or_else(|| count(index)),
            heading: draft_section.heading,
            findings,
        });
    }
    if sections.iter().all(|section| section.findings.is_empty()) {
        return Err(ParseError::new(1, ParseErrorKind::Empty));
    }
    let kind = meta.kind.unwrap_or_default();
    let section_kind = section_kind.unwrap_or(if kind == DocumentKind::Presentation {
        SectionKind::Slide
    } else {
        SectionKind::Section
    });
    Ok(Document {
        id,
        title,
        date: document_defaults.date,
        section_kind,
        kind,
        status: meta.status.unwrap_or_default(),
        language,
        path,
        added: meta.history.as_deref().and_then(Addition::of),
        region: meta.region.clone(),
        responds_to: meta.responds_to,
        sections,
    })
}

/// 1-based number from a 0-based index; documents never hold 4 billion sections.
fn count(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

impl Draft {
    /// The first few headings and findings: where a title slide or cover page gives a date.
    pub(crate) fn leading_text(&self) -> String {
        let mut text = String::new();
        for section in self.sections.iter().take(2) {
            for part in section
                .heading
                .iter()
                .chain(section.findings.iter().take(3).map(|f| &f.text))
            {
                text.push_str(part);
                text.push('\n');
            }
        }
        text
    }
}

fn all_text(sections: &[DraftSection]) -> String {
    let mut text = String::new();
    for section in sections {
        for part in section
            .heading
            .iter()
            .chain(section.findings.iter().map(|f| &f.text))
        {
            text.push_str(part);
            text.push('\n');
        }
    }
    text
}

fn inherit(
    defaults: &Inherited,
    attributes: &Attributes,
    taxonomy: &Taxonomy,
    line: usize,
) -> Result<Inherited, ParseError> {
    Ok(Inherited {
        source: check_source(attributes.source.as_deref(), taxonomy, line)?
            .unwrap_or_else(|| defaults.source.clone()),
        areas: check_areas(attributes.areas.as_deref(), taxonomy, line)?
            .or_else(|| defaults.areas.clone()),
        date: attributes.date.or(defaults.date),
    })
}

fn check_source(
    source: Option<&str>,
    taxonomy: &Taxonomy,
    line: usize,
) -> Result<Option<String>, ParseError> {
    match source {
        Some(slug) if taxonomy.source(slug).is_none() => Err(ParseError::new(
            line,
            ParseErrorKind::UnknownSource(slug.to_owned()),
        )),
        other => Ok(other.map(str::to_owned)),
    }
}

fn check_areas(
    areas: Option<&[String]>,
    taxonomy: &Taxonomy,
    line: usize,
) -> Result<Option<Vec<String>>, ParseError> {
    let Some(areas) = areas else { return Ok(None) };
    let mut checked: Vec<String> = Vec::with_capacity(areas.len());
    for slug in areas {
        if taxonomy.area(slug).is_none() {
            return Err(ParseError::new(
                line,
                ParseErrorKind::UnknownArea(slug.clone()),
            ));
        }
        if !checked.contains(slug) {
            checked.push(slug.clone());
        }
    }
    Ok(Some(checked))
}

/// Hands out finding ids that are unique within a document and stable across rebuilds.
///
/// A generated id is the document id plus a hash of the finding's text, so it does not
/// move when findings are inserted, removed or reordered around it, nor when other documents
/// are added. An explicit `id:` pins a finding whose text is going to be edited.
struct FindingIds<'a> {
    document_id: &'a str,
    used: HashSet<String>,
}

impl<'a> FindingIds<'a> {
    fn new(document_id: &'a str) -> Self {
        Self {
            document_id,
            used: HashSet::new(),
        }
    }

    fn assign(
        &mut self,
        explicit: Option<String>,
        text: &str,
        line: usize,
    ) -> Result<String, ParseError> {
        if let Some(id) = explicit {
            if !is_slug(&id) {
                return Err(ParseError::new(line, ParseErrorKind::InvalidId(id)));
            }
            if !self.used.insert(id.clone()) {
                return Err(ParseError::new(
                    line,
                    ParseErrorKind::DuplicateFindingId(id),
                ));
            }
            return Ok(id);
        }
        let hash = blake3::hash(text.as_bytes()).to_hex();
        let base = format!("{}-{}", self.document_id, &hash[..ID_HASH_HEX]);
        let mut candidate = base.clone();
        let mut occurrence = 1;
        while !self.used.insert(candidate.clone()) {
            occurrence += 1;
            candidate = format!("{base}-{occurrence}");
        }
        Ok(candidate)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::parse(
            "[[area]]\nslug = \"landsbygd\"\nlabel = \"Landsbygd\"\ndescription = \"\"\n\
             [[area]]\nslug = \"fiber\"\nlabel = \"Fiber\"\ndescription = \"\"\n",
            Path::new("areas.toml"),
            "default = \"presentation\"\n[[source]]\nslug = \"presentation\"\nlabel = \"P\"\ndescription = \"\"\n\
             [[source]]\nslug = \"sormland\"\nlabel = \"S\"\ndescription = \"\"\n",
            Path::new("sources.toml"),
        )
        .unwrap()
    }

    fn finding(text: &str, line: usize, attributes: Attributes) -> DraftFinding {
        DraftFinding {
            text: text.to_owned(),
            line,
            attributes,
            note: false,
        }
    }

    fn draft() -> Draft {
        Draft {
            meta: DocumentMeta {
                date: "2016-12-02".parse().ok(),
                areas: Some(vec!["fiber".to_owned()]),
                ..DocumentMeta::default()
            },
            meta_line: 1,
            fallback_id: "mote-3".to_owned(),
            path: "documents/mote-3.md".to_owned(),
            sections: vec![
                DraftSection {
                    heading: Some("Agenda".to_owned()),
                    line: 3,
                    attributes: Attributes::default(),
                    findings: vec![finding("Välkomna", 4, Attributes::default())],
                    ..DraftSection::default()
                },
                DraftSection {
                    heading: Some("Återkoppling från Sörmland".to_owned()),
                    line: 6,
                    attributes: Attributes {
                        source: Some("sormland".to_owned()),
                        areas: Some(vec!["landsbygd".to_owned()]),
                        ..Attributes::default()
                    },
                    number: None,
                    findings: vec![
                        finding("Fiber behövs.", 8, Attributes::default()),
                        finding(
                            "Operatörerna har växtvärk.",
                            9,
                            Attributes {
                                areas: Some(vec![]),
                                date: "2016-11-20".parse().ok(),
                                ..Attributes::default()
                            },
                        ),
                    ],
                },
                DraftSection {
                    heading: Some("Diskussion - landsbygd".to_owned()),
                    line: 11,
                    ..DraftSection::default()
                },
            ],
            ..Draft::default()
        }
    }

    #[test]
    fn values_inherit_from_document_to_section_to_finding() {
        let document = assemble(draft(), &taxonomy(), &AreaRules::new(&taxonomy())).unwrap();
        let values: Vec<(&str, &str, Vec<&str>, String)> = document
            .findings()
            .map(|(_, f)| {
                let areas = f.areas.iter().map(String::as_str).collect();
                (
                    f.text.as_str(),
                    f.source.as_str(),
                    areas,
                    f.date.unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            values,
            [
                (
                    "Välkomna",
                    "presentation",
                    vec!["fiber"],
                    "2016-12-02".to_owned()
                ),
                (
                    "Fiber behövs.",
                    "sormland",
                    vec!["landsbygd"],
                    "2016-12-02".to_owned()
                ),
                (
                    "Operatörerna har växtvärk.",
                    "sormland",
                    vec![],
                    "2016-11-20".to_owned()
                ),
                (
                    "Diskussion - landsbygd",
                    "presentation",
                    vec!["fiber"],
                    "2016-12-02".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn title_only_section_becomes_one_finding() {
        let document = assemble(draft(), &taxonomy(), &AreaRules::new(&taxonomy())).unwrap();
        let last = &document.sections[2];
        assert_eq!(last.number, 3);
        assert_eq!(last.findings.len(), 1);
        assert!(last.findings[0].from_heading);
        assert!(!document.sections[0].findings[0].from_heading);
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let first = assemble(draft(), &taxonomy(), &AreaRules::new(&taxonomy())).unwrap();
        let mut reordered = draft();
        reordered.sections.swap(0, 1);
        let second = assemble(reordered, &taxonomy(), &AreaRules::new(&taxonomy())).unwrap();
        let ids = |document: &Document| {
            let mut ids: Vec<String> = document.findings().map(|(_, f)| f.id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&first), ids(&second));
        assert!(
            ids(&first)
                .iter()
                .all(|id| id.starts_with("mote-3-") && id.len() == "mote-3-".len() + 8)
        );
    }

    #[test]
    fn repeated_text_gets_a_counter() {
        let mut ids = FindingIds::new("doc");
        let first = ids
            .assign(None, "skriftlig återkoppling från AG viktigt", 1)
            .unwrap();
        let second = ids
            .assign(None, "skriftlig återkoppling från AG viktigt", 2)
            .unwrap();
        assert_eq!(second, format!("{first}-2"));
    }

    #[test]
    fn explicit_ids_must_be_unique_slugs() {
        let mut ids = FindingIds::new("doc");
        assert_eq!(
            ids.assign(Some("min-id".to_owned()), "a", 1).unwrap(),
            "min-id"
        );
        let duplicate = ids.assign(Some("min-id".to_owned()), "b", 2).unwrap_err();
        assert_eq!(
            duplicate.to_string(),
            "line 2: finding id `min-id` is used twice"
        );
        let invalid = ids.assign(Some("Min id".to_owned()), "c", 3).unwrap_err();
        assert_eq!(invalid.kind, ParseErrorKind::InvalidId("Min id".to_owned()));
    }

    #[test]
    fn unknown_slugs_point_at_their_line() {
        let mut bad = draft();
        bad.sections[1].findings[0].attributes.areas = Some(vec!["skog".to_owned()]);
        let error = assemble(bad, &taxonomy(), &AreaRules::new(&taxonomy())).unwrap_err();
        assert_eq!(error.to_string(), "line 8: unknown area `skog`");

        let mut bad = draft();
        bad.meta.source = Some("radio".to_owned());
        let error = assemble(bad, &taxonomy(), &AreaRules::new(&taxonomy())).unwrap_err();
        assert_eq!(error.to_string(), "line 1: unknown source `radio`");
    }

    #[test]
    fn document_without_text_is_empty() {
        let empty = Draft {
            fallback_id: "tom".to_owned(),
            ..Draft::default()
        };
        assert_eq!(
            assemble(empty, &taxonomy(), &AreaRules::new(&taxonomy()))
                .unwrap_err()
                .kind,
            ParseErrorKind::Empty
        );
    }

    #[test]
    fn default_source_applies_when_none_is_set() {
        let document = assemble(draft(), &taxonomy(), &AreaRules::new(&taxonomy())).unwrap();
        assert_eq!(document.sections[0].findings[0].source, "presentation");
        assert_eq!(document.title, "Agenda");
    }
}
