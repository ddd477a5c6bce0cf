//! The office formats against real files made by LibreOffice from the corpus document
//! (`tests/fixtures/office/make_fixtures.py`): every finding of the seed comes back.

use indexer::ingest::{self, ExtractError, Extracted};
use indexer::{Document, SearchRequest, SectionKind};

use crate::support::{TestCorpus, TestIndex, fixture, seed_corpus};

fn office(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("office/{name}"))).expect("the office fixture exists")
}

/// The corpus document the fixtures were made from.
fn seed() -> Document {
    let corpus = seed_corpus();
    let taxonomy = indexer::Taxonomy::load(&corpus).expect("taxonomies load");
    ingest::read_document(
        &corpus,
        &corpus.join("documents/2016-12-02-nystartsgruppen-mote-3.md"),
        &taxonomy,
    )
    .expect("the seed document parses")
}

/// (heading, findings) per section of the seed; a title-only slide has no findings.
fn seed_sections() -> Vec<(String, Vec<String>)> {
    seed()
        .sections
        .iter()
        .map(|section| {
            let findings = section
                .findings
                .iter()
                .filter(|f| !f.from_heading)
                .map(|f| f.text.clone())
                .collect();
            (section.heading.clone().unwrap_or_default(), findings)
        })
        .collect()
}

fn sections(extracted: &Extracted) -> Vec<(String, Vec<String>)> {
    extracted
        .sections
        .iter()
        .map(|section| {
            let findings = section
                .paragraphs
                .iter()
                .filter(|p| !p.note)
                .map(|p| p.text.clone())
                .collect();
            (section.heading.clone().unwrap_or_default(), findings)
        })
        .collect()
}

#[test]
fn pptx_gives_back_every_slide_and_finding_with_notes() {
    let extracted = ingest::pptx::extract(&office("seed.pptx")).unwrap();
    assert_eq!(extracted.section_kind, SectionKind::Slide);
    assert_eq!(
        extracted.title.as_deref(),
        Some("Möte 3 – Arbetsmöte inom Nystartsgruppen")
    );
    assert_eq!(sections(&extracted), seed_sections());
    let numbers: Vec<u32> = extracted.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=26).collect::<Vec<_>>());
    let notes: Vec<(u32, &str)> = extracted
        .sections
        .iter()
        .flat_map(|s| {
            s.paragraphs
                .iter()
                .filter(|p| p.note)
                .map(move |p| (s.number, p.text.as_str()))
        })
        .collect();
    assert_eq!(
        notes,
        [
            (13, "Göran Wide presenterar återkopplingen från seminariet."),
            (16, "Fråga operatörerna om tidsplanen för utbyggnaden.")
        ]
    );
}

#[test]
fn docx_gives_back_every_heading_and_finding() {
    let extracted = ingest::docx::extract(&office("seed.docx")).unwrap();
    assert_eq!(extracted.section_kind, SectionKind::Section);
    assert_eq!(
        extracted.title.as_deref(),
        Some("Möte 3 – Arbetsmöte inom Nystartsgruppen")
    );
    assert_eq!(sections(&extracted), seed_sections());
}

#[test]
fn docx_tables_are_read_row_by_row() {
    let extracted = ingest::docx::extract(&office("table.docx")).unwrap();
    assert_eq!(
        sections(&extracted),
        [(
            "Viktiga datum".to_owned(),
            vec![
                "Datum | Händelse".to_owned(),
                "2/12 | dagens möte".to_owned(),
                "9/12 | utskick av omarbetade texter från mötet".to_owned(),
                "Tabellen kommer från bild 8.".to_owned(),
            ]
        )]
    );
}

#[test]
fn pdf_gives_back_every_page_with_its_findings() {
    let extracted = ingest::pdf::extract(&office("seed.pdf")).unwrap();
    assert_eq!(extracted.section_kind, SectionKind::Page);
    let normalise = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let pages: Vec<(u32, String)> = extracted
        .sections
        .iter()
        .map(|s| {
            (
                s.number,
                normalise(
                    &s.paragraphs
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            )
        })
        .collect();
    assert_eq!(pages.len(), 26, "one section per page");
    for (number, (heading, findings)) in (1..).zip(seed_sections()) {
        let (_, page) = pages
            .iter()
            .find(|(n, _)| *n == number)
            .expect("the page is there");
        for text in std::iter::once(&heading).chain(&findings) {
            assert!(
                page.contains(&normalise(text)),
                "page {number} lacks {text:?}:\n{page}"
            );
        }
    }
}

#[test]
fn broken_files_get_one_clear_reason() {
    assert_eq!(
        ingest::docx::extract(&office("empty.docx")),
        Err(ExtractError::Empty)
    );
    assert!(matches!(
        ingest::pptx::extract(&office("corrupt.pptx")),
        Err(ExtractError::Corrupt { format: "pptx", .. })
    ));
    assert_eq!(
        ingest::pdf::extract(&office("encrypted.pdf")),
        Err(ExtractError::Encrypted)
    );
    // Found by `scripts/fuzz pdf`: a font points at an object that does not exist. One PDF
    // engine panics on it (contained, quietly), the other reads every page but the two that
    // use the font: those are named in a warning, the rest is indexed.
    let dangling = ingest::pdf::extract(&office("fuzz-missing-object.pdf"))
        .expect("read despite the dangling font");
    assert_eq!(dangling.sections.len(), 24);
    assert_eq!(
        dangling.warnings,
        [ingest::ExtractWarning::PagesUnread {
            read: 24,
            total: 26,
            unread: [5, 20]
                .map(|number| ingest::UnreadPage {
                    number,
                    problem: ingest::PageProblem::Damaged
                })
                .to_vec(),
        }]
    );
    assert!(matches!(
        ingest::pdf::extract(b"%PDF-1.4\nnot a PDF at all"),
        Err(ExtractError::Corrupt { format: "pdf", .. })
    ));
}

#[test]
fn office_files_in_the_corpus_are_indexed_and_found() {
    let corpus = TestCorpus::seed();
    for name in ["seed.pptx", "seed.docx", "seed.pdf"] {
        std::fs::copy(
            fixture(&format!("office/{name}")),
            corpus.path().join("documents").join(name),
        )
        .unwrap();
    }
    let loaded = ingest::load_corpus(corpus.path()).unwrap();
    assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
    let pptx = loaded
        .corpus
        .documents
        .iter()
        .find(|d| d.path.ends_with(".pptx"))
        .unwrap();
    assert_eq!(
        pptx.title, "Möte 3 – Arbetsmöte inom Nystartsgruppen",
        "title from the document properties"
    );
    assert_eq!(
        pptx.date.unwrap().to_string(),
        "2016-12-02",
        "date from the title slide's text"
    );
    assert_eq!(pptx.section_kind, SectionKind::Slide);

    let index = TestIndex::build(corpus);
    let results = index
        .index
        .search(&SearchRequest::new("torrinstallation"))
        .unwrap();
    let kinds: Vec<(SectionKind, u32)> = results
        .hits
        .iter()
        .map(|h| (h.section_kind, h.section))
        .collect();
    for kind in [SectionKind::Slide, SectionKind::Page, SectionKind::Section] {
        assert!(kinds.contains(&(kind, 16)), "{kind:?} 16 in {kinds:?}");
    }
    let pptx_hit = results
        .hits
        .iter()
        .find(|h| h.document_id == "seed-pptx")
        .unwrap();
    assert!(
        pptx_hit.areas_auto && pptx_hit.areas.contains(&"fiber".to_owned()),
        "{:?}",
        pptx_hit.areas
    );
    let manual = results
        .hits
        .iter()
        .find(|h| h.document_id.starts_with("2016"))
        .unwrap();
    assert!(!manual.areas_auto);
    let notes = index
        .index
        .search(&SearchRequest::new("tidsplanen"))
        .unwrap();
    assert_eq!(notes.total, 1);
    assert!(notes.hits[0].note && notes.hits[0].section == 16);
}

#[test]
fn misnamed_encrypted_and_corrupt_files_are_left_out_with_a_reason() {
    let corpus = TestCorpus::seed();
    for name in [
        "misnamed.docx",
        "encrypted.pdf",
        "corrupt.pptx",
        "empty.docx",
    ] {
        std::fs::copy(
            fixture(&format!("office/{name}")),
            corpus.path().join("documents").join(name),
        )
        .unwrap();
    }
    let loaded = ingest::load_corpus(corpus.path()).unwrap();
    let mut messages: Vec<String> = loaded.failures.iter().map(ToString::to_string).collect();
    messages.sort();
    let endings = [
        "corrupt.pptx: not a valid pptx file:",
        "empty.docx: the file contains no text",
        "encrypted.pdf: password-protected file: save a copy without a password to index it",
        "misnamed.docx: the file is named .docx but contains a PDF",
    ];
    assert_eq!(messages.len(), 4, "{messages:?}");
    for (message, ending) in messages.iter().zip(endings) {
        let file_part = message.rsplit('/').next().unwrap();
        assert!(file_part.starts_with(ending), "{message} vs {ending}");
    }
    assert_eq!(loaded.corpus.documents.len(), 1, "the rest is still read");
}
