//! The repository's own `corpus/`: the users' data, which grows as coordinators add their
//! material. Every other test runs on the frozen seed (`tests/fixtures/corpus`); this one
//! pins nothing of what `corpus/` holds. It checks what `hinder check` checks (every file
//! reads, every slug is declared) and that every document can be found by its own words.

use std::path::Path;

use indexer::{Audience, SearchIndex, SearchRequest, ingest};

use crate::support::scratch;

#[test]
fn the_corpus_folder_is_valid_and_every_document_is_found_by_its_own_words() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let loaded = ingest::load_corpus(&corpus).expect("corpus/ reads as a whole");
    let failures: Vec<String> = loaded.failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "corpus/ has files left out: {failures:#?}"
    );
    assert!(!loaded.corpus.documents.is_empty(), "corpus/ has documents");

    let dir = scratch();
    let index_dir = dir.path().join("index");
    indexer::build_index(&corpus, &index_dir, &mut |_, _| {}).expect("corpus/ indexes");
    let index = SearchIndex::open(&Audience::Members.index_dir(&index_dir))
        .expect("opening the index")
        .view();
    for document in &loaded.corpus.documents {
        // The document's longest word is the one least likely to be anywhere else.
        let word = document
            .findings()
            .flat_map(|(_, finding)| finding.text.split(|c: char| !c.is_alphanumeric()))
            .max_by_key(|word| word.chars().count())
            .expect("a document has words");
        let request = SearchRequest {
            limit: indexer::MAX_LIMIT,
            ..SearchRequest::new(word)
        };
        let results = index.search(&request).expect("searching corpus/");
        assert!(
            results
                .hits
                .iter()
                .any(|hit| hit.document_id == document.id),
            "{} is not found by its word {word:?}",
            document.path
        );
    }
}
