//! The corpus itself: nothing of the seed lost, structure and metadata as intended.

use indexer::ingest::{self, load_corpus};
use indexer::{Document, SearchRequest};

use crate::support::{self, TestCorpus, TestIndex, fixture, seed_corpus};

const SEED_DOCUMENT: &str = "documents/2016-12-02-nystartsgruppen-mote-3.md";

fn seed_document() -> Document {
    let corpus = seed_corpus();
    let taxonomy = indexer::Taxonomy::load(&corpus).expect("taxonomies load");
    ingest::read_document(&corpus, &corpus.join(SEED_DOCUMENT), &taxonomy)
        .expect("the seed document parses")
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn corpus_document_reproduces_the_seed_word_for_word() {
    let seed = std::fs::read_to_string(fixture("seed.txt")).unwrap();
    let document = seed_document();
    let mut parts: Vec<&str> = Vec::new();
    for section in &document.sections {
        parts.extend(section.heading.as_deref());
        parts.extend(
            section
                .findings
                .iter()
                .filter(|f| !f.from_heading)
                .map(|f| f.text.as_str()),
        );
    }
    let rebuilt = normalise(&parts.join(" "));
    let expected = normalise(&seed);
    if rebuilt != expected {
        let at = rebuilt
            .chars()
            .zip(expected.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let context = |text: &str| {
            text.chars()
                .skip(at.saturating_sub(40))
                .take(80)
                .collect::<String>()
        };
        panic!(
            "corpus differs from the seed at char {at}:\ncorpus: {}\nseed:   {}",
            context(&rebuilt),
            context(&expected)
        );
    }
}

#[test]
fn one_section_per_slide_with_document_metadata() {
    let document = seed_document();
    let seed_lines = std::fs::read_to_string(fixture("seed.txt"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(document.sections.len(), seed_lines);
    assert_eq!(document.date.unwrap().to_string(), "2016-12-02");
    assert_eq!(document.kind, indexer::DocumentKind::Presentation);
    assert_eq!(document.status, indexer::Status::Publicerad);
    let numbers: Vec<u32> = document.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, (1..=26).collect::<Vec<u32>>());
    assert_eq!(
        document.sections[14].heading.as_deref(),
        Some("Utmaningar som bredbandssamordnaren möter i kommunen?")
    );
}

#[test]
fn sources_follow_the_slides() {
    let document = seed_document();
    for (section, finding) in document.findings() {
        let expected = match section.number {
            11 => "styrgrupp",
            12 => "koordinatorer",
            13..=17 => "sormland",
            _ => "presentation",
        };
        assert_eq!(
            finding.source, expected,
            "slide {}: {}",
            section.number, finding.text
        );
    }
}

#[test]
fn title_only_slides_are_findable_by_their_title() {
    let index = &support::seed().index;
    let results = index
        .search(&SearchRequest::new("\"Diskussion - landsbygd\""))
        .unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert!(hit.from_heading);
    assert_eq!(
        (hit.section, hit.text.as_str()),
        (21, "Diskussion - landsbygd")
    );
    assert_eq!(hit.areas, ["landsbygd"]);
}

#[test]
fn every_finding_has_a_unique_stable_id() {
    let first = TestIndex::build(TestCorpus::seed());
    let second = TestIndex::build(TestCorpus::with_fixtures());
    let ids = |index: &TestIndex| {
        let request = SearchRequest {
            limit: indexer::MAX_LIMIT,
            ..SearchRequest::default()
        };
        let mut ids = Vec::new();
        let mut offset = 0;
        loop {
            let page = index
                .index
                .search(&SearchRequest {
                    offset,
                    ..request.clone()
                })
                .unwrap();
            ids.extend(
                page.hits
                    .iter()
                    .filter(|h| h.document_id.starts_with("2016"))
                    .map(|h| h.id.clone()),
            );
            offset += request.limit;
            if offset >= page.total {
                return ids;
            }
        }
    };
    let (mut before, mut after) = (ids(&first), ids(&second));
    let count = before.len();
    before.sort();
    after.sort();
    before.dedup();
    assert_eq!(before.len(), count, "ids are unique");
    assert_eq!(before, after, "adding a document changes no existing id");
    assert_eq!(
        before,
        {
            let mut again = ids(support::seed());
            again.sort();
            again
        },
        "rebuilding changes no id"
    );
}

#[test]
fn the_raw_seed_text_can_be_dropped_in_as_it_is() {
    let corpus = TestCorpus::seed();
    std::fs::copy(
        fixture("seed.txt"),
        corpus.path().join("documents/000_801f07ac2272aa86.txt"),
    )
    .unwrap();
    let loaded = load_corpus(corpus.path()).unwrap();
    assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
    let raw = loaded
        .corpus
        .documents
        .iter()
        .find(|d| d.path.ends_with(".txt"))
        .expect("the .txt is read");
    assert_eq!(raw.id, "000-801f07ac2272aa86-txt");
    assert_eq!(
        raw.title,
        "Möte 3 Arbetsmöte inom Nystartsgruppen 2016 12 02"
    );
    assert_eq!(raw.finding_count(), 26, "one finding per line");
    assert_eq!(
        raw.sections[0].findings[1].text.split_whitespace().next(),
        Some("Agenda")
    );
    assert!(
        raw.findings()
            .all(|(_, f)| f.source == "presentation" && f.areas_auto),
        "areas come from the keyword rules"
    );
    let slide_16 = raw
        .findings()
        .find(|(_, f)| f.text.contains("torrinstallationer"))
        .unwrap()
        .1;
    assert!(
        slide_16.areas.contains(&"fiber".to_owned()),
        "{:?}",
        slide_16.areas
    );
    let seed = seed_document();
    assert!(
        seed.findings().all(|(_, f)| !f.areas_auto),
        "the curated document's tags are all manual"
    );
}

#[test]
fn a_sidecar_gives_a_text_file_its_metadata() {
    let corpus = TestCorpus::seed();
    corpus.add(
        "anteckningar.txt",
        "Första stycket om fiber.\n\nAndra stycket om samverkan.\n",
    );
    corpus.add(
        "anteckningar.toml",
        "title = \"Anteckningar\"\ndate = 2017-01-18\nsource = \"koordinatorer\"\nareas = [\"samverkan\"]\n",
    );
    let loaded = load_corpus(corpus.path()).unwrap();
    let notes = loaded
        .corpus
        .documents
        .iter()
        .find(|d| d.id == "anteckningar-txt")
        .unwrap();
    assert_eq!(notes.title, "Anteckningar");
    assert_eq!(notes.finding_count(), 2);
    let (_, first) = notes.findings().next().unwrap();
    assert_eq!(
        (first.source.as_str(), first.areas.clone()),
        ("koordinatorer", vec!["samverkan".to_owned()])
    );
    assert_eq!(first.date.unwrap().to_string(), "2017-01-18");
}

#[test]
fn a_bad_document_is_reported_with_file_and_line_and_loses_nothing_else() {
    let corpus = TestCorpus::seed();
    corpus.add(
        "trasig.md",
        "## Rubrik\n\n- Bra rad\n- Dålig rad <!-- areas: skogsbruk -->\n",
    );
    corpus.add("binar.txt", "");
    std::fs::write(
        corpus.path().join("documents/bild.png"),
        [0x89, b'P', b'N', b'G'],
    )
    .unwrap();
    let loaded = load_corpus(corpus.path()).unwrap();
    let messages: Vec<String> = loaded.failures.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.ends_with("binar.txt:1: the document contains no text")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m
            .ends_with("bild.png: unsupported format, expected .md, .txt, .pptx, .docx or .pdf")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.ends_with("trasig.md:4: unknown area `skogsbruk`")),
        "{messages:?}"
    );
    assert_eq!(
        loaded.corpus.documents.len(),
        1,
        "the good document is still read"
    );
}

#[test]
fn folder_defaults_give_documents_their_source() {
    let corpus = TestCorpus::seed();
    let folder = corpus.path().join("documents/sormland");
    std::fs::create_dir_all(folder.join("2017")).unwrap();
    std::fs::write(
        folder.join("_folder.toml"),
        "source = \"sormland\"\nstatus = \"publicerad\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("2017/_folder.toml"),
        "kind = \"anteckningar\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("2017/seminarium.txt"),
        "Seminarium 2 december 2016 i Flen.\n\nStadsnätet och kommunen samverkar.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("2017/eget.md"),
        "+++\nsource = \"styrgrupp\"\n+++\n## Eget\n- Egen källa vinner.\n",
    )
    .unwrap();
    let loaded = load_corpus(corpus.path()).unwrap();
    assert!(loaded.failures.is_empty(), "{:?}", loaded.failures);
    let seminar = loaded
        .corpus
        .documents
        .iter()
        .find(|d| d.path.ends_with("seminarium.txt"))
        .unwrap();
    assert_eq!(
        (seminar.kind, seminar.status),
        (
            indexer::DocumentKind::Anteckningar,
            indexer::Status::Publicerad
        )
    );
    assert_eq!(
        seminar.date.unwrap().to_string(),
        "2016-12-02",
        "the date from the text"
    );
    assert!(seminar.findings().all(|(_, f)| f.source == "sormland"));
    let own = loaded
        .corpus
        .documents
        .iter()
        .find(|d| d.path.ends_with("eget.md"))
        .unwrap();
    assert!(
        own.findings().all(|(_, f)| f.source == "styrgrupp"),
        "the document's own metadata wins"
    );

    std::fs::write(folder.join("_folder.toml"), "title = \"Fel\"\n").unwrap();
    let bad = load_corpus(corpus.path()).unwrap();
    assert!(
        bad.failures.iter().any(|f| f
            .to_string()
            .contains("a folder's defaults cannot set id, title, responds_to or history")),
        "{:?}",
        bad.failures
    );
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let corpus = TestCorpus::seed();
    let huge = std::fs::File::create(corpus.path().join("documents/enorm.pdf")).unwrap();
    huge.set_len(ingest::MAX_FILE_BYTES + 1).unwrap();
    let loaded = load_corpus(corpus.path()).unwrap();
    let messages: Vec<String> = loaded.failures.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].ends_with(&format!(
            "enorm.pdf: the file is {} bytes, more than the {} bytes Hinder reads",
            ingest::MAX_FILE_BYTES + 1,
            ingest::MAX_FILE_BYTES
        )),
        "{messages:?}"
    );
}
