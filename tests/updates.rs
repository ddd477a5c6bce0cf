//! Incremental updates: only what changed is read, removals remove, broken files keep their
//! last good findings, and an open index sees a new commit after `reload`.

use std::path::{Path, PathBuf};

use indexer::{Audience, BuildReport, IndexView, Library, SearchIndex, SearchRequest};
use tempfile::TempDir;

use crate::support::{TestCorpus, scratch};

/// A first index of the corpus, in a scratch folder (kept as long as the `TempDir` lives).
fn indexed(corpus: &TestCorpus) -> (TempDir, PathBuf) {
    let work = scratch();
    let dir = work.path().join("index");
    update(corpus, &dir);
    (work, dir)
}

/// Brings the index in step with the corpus.
fn update(corpus: &TestCorpus, dir: &Path) -> BuildReport {
    indexer::update_index(corpus.path(), dir, &mut |_, _| {}).expect("updating the index")
}

fn total(index: &SearchIndex, query: &str) -> usize {
    count(&index.view(), query)
}

#[test]
fn updates_read_only_what_changed() {
    let corpus = TestCorpus::seed();
    corpus.add(
        "2017-01-18-mote-4.md",
        "+++\ndate = 2017-01-18\n+++\n## Fiber\n- Kanalisation i nya områden.\n",
    );
    let work = scratch();
    let dir = work.path().join("index");
    let first = update(&corpus, &dir);
    assert!(
        first.full && first.read == 2 && first.documents == 2,
        "{first:?}"
    );

    let again = update(&corpus, &dir);
    assert!(
        !again.changed() && again.read == 0,
        "nothing changed: {again:?}"
    );

    let index = SearchIndex::open(&Audience::Members.index_dir(&dir)).unwrap();
    assert_eq!(total(&index, "kanalisation"), 1);

    corpus.add(
        "2017-01-18-mote-4.md",
        "+++\ndate = 2017-01-18\n+++\n## Fiber\n- Ledningsrätt krävs vid grävning.\n",
    );
    let changed = update(&corpus, &dir);
    assert_eq!(
        (changed.read, changed.removed, changed.full),
        (1, 0, false),
        "{changed:?}"
    );
    assert_eq!(
        total(&index, "grävning"),
        0,
        "an open index keeps its commit until reloaded"
    );
    assert!(index.reload().unwrap());
    assert_eq!(total(&index, "grävning"), 1);
    assert_eq!(total(&index, "kanalisation"), 0, "the old version is gone");
    assert_eq!(
        total(&index, "utbyggnadslagen"),
        2,
        "the other document is untouched"
    );

    std::fs::remove_file(corpus.path().join("documents/2017-01-18-mote-4.md")).unwrap();
    let removed = update(&corpus, &dir);
    assert_eq!(
        (removed.read, removed.removed, removed.documents),
        (0, 1, 1)
    );
    index.reload().unwrap();
    assert_eq!(total(&index, "grävning"), 0);
    assert_eq!(index.view().manifest().documents.len(), 1);
}

#[test]
fn a_file_that_breaks_keeps_its_last_good_findings() {
    let corpus = TestCorpus::seed();
    corpus.add("anteckningar.md", "## Möte\n- Stadsnätet bygger vidare.\n");
    let (_work, dir) = indexed(&corpus);
    corpus.add(
        "anteckningar.md",
        "## Möte\n- Stadsnätet bygger vidare. <!-- areas: okänt -->\n",
    );
    let broken = update(&corpus, &dir);
    assert_eq!(broken.failures.len(), 1);
    assert!(
        matches!(&broken.failures[0], indexer::Failure::File(_)),
        "a file's failure: {:?}",
        broken.failures
    );
    assert!(
        broken.failures[0]
            .to_string()
            .ends_with("anteckningar.md:2: unknown area `okänt`"),
        "{:?}",
        broken.failures
    );
    let index = SearchIndex::open(&Audience::Members.index_dir(&dir)).unwrap();
    assert_eq!(
        total(&index, "\"bygger vidare\""),
        1,
        "the last good version stays searchable"
    );
    corpus.add(
        "anteckningar.md",
        "## Möte\n- Stadsnätet planerar ombyggnad.\n",
    );
    let fixed = update(&corpus, &dir);
    assert!(fixed.failures.is_empty() && fixed.read == 1);
    index.reload().unwrap();
    assert_eq!(
        (
            total(&index, "\"bygger vidare\""),
            total(&index, "ombyggnad")
        ),
        (0, 1)
    );
}

#[test]
fn a_changed_sidecar_or_vocabulary_reads_again() {
    let corpus = TestCorpus::seed();
    corpus.add("notis.txt", "Fiberföreningen har startat.\n");
    let (_work, dir) = indexed(&corpus);
    corpus.add("notis.toml", "source = \"sormland\"\n");
    let sidecar = update(&corpus, &dir);
    assert_eq!((sidecar.read, sidecar.full), (1, false), "{sidecar:?}");

    let thesaurus = corpus.path().join("thesaurus.toml");
    let mut text = std::fs::read_to_string(&thesaurus).unwrap();
    text.push_str("\n[[group]]\nterms = [\"fiberförening\", \"byanät\"]\n");
    std::fs::write(&thesaurus, text).unwrap();
    let vocabulary = update(&corpus, &dir);
    assert!(
        vocabulary.full && vocabulary.read == 2,
        "a new thesaurus reads everything: {vocabulary:?}"
    );
    let index = SearchIndex::open(&Audience::Members.index_dir(&dir)).unwrap();
    assert_eq!(total(&index, "byanät"), 1, "the new synonym works");
}

/// A file that cannot be read at all (here its sidecar is a folder) is one failure among the
/// others: the rest of the corpus is updated and the file keeps its last good findings.
#[test]
fn a_file_that_cannot_be_read_fails_alone() {
    let corpus = TestCorpus::seed();
    corpus.add("notis.txt", "Fiberföreningen har startat.\n");
    let (_work, dir) = indexed(&corpus);

    let sidecar = corpus.path().join("documents/notis.toml");
    std::fs::create_dir(&sidecar).unwrap();
    corpus.add("nytt.md", "## Möte\n- Grävningen i Flen är klar.\n");
    let report = update(&corpus, &dir);
    assert_eq!(report.read, 1, "the new file is read: {report:?}");
    assert_eq!(report.failures.len(), 1, "{report:?}");
    let failure = report.failures[0].to_string();
    assert!(
        failure.starts_with("cannot read ") && failure.contains("notis.toml"),
        "{failure}"
    );
    let index = SearchIndex::open(&Audience::Members.index_dir(&dir)).unwrap();
    assert_eq!(
        (
            total(&index, "fiberföreningen"),
            total(&index, "grävningen")
        ),
        (1, 1),
        "the unreadable file keeps its findings beside the new ones"
    );

    std::fs::remove_dir(&sidecar).unwrap();
    let again = update(&corpus, &dir);
    assert!(
        again.failures.is_empty() && again.read == 0,
        "as it was when last read: {again:?}"
    );
}

/// While every document is published the public index stays empty and the members' index
/// answers everyone; the first members-only document fills the public index with the
/// published ones (without counting them as read), and the last one to go empties it.
#[test]
fn the_public_index_is_filled_only_while_some_document_is_for_members_only() {
    let corpus = TestCorpus::seed();
    let (_work, dir) = indexed(&corpus);
    let library = Library::open(&dir).unwrap();
    let public_index = SearchIndex::open(&Audience::Public.index_dir(&dir)).unwrap();
    let published = library.index_for(Audience::Members).finding_count();
    assert!(published > 100, "the seed is published: {published}");
    assert_eq!(
        public_index.view().finding_count(),
        0,
        "nothing written twice"
    );
    assert_eq!(
        library.index_for(Audience::Public).finding_count(),
        published
    );

    let internal = "2017-02-01-internt.md";
    corpus.add(
        internal,
        "+++\nstatus = \"arbetsmaterial\"\n+++\n## Internt\n- Zorbalunds fiberplan.\n",
    );
    let report = update(&corpus, &dir);
    assert_eq!((report.read, report.full), (1, false), "{report:?}");
    assert!(library.reload().unwrap() && public_index.reload().unwrap());
    assert_eq!(public_index.view().finding_count(), published);
    let found = |audience| count(&library.index_for(audience), "zorbalunds");
    assert_eq!((found(Audience::Public), found(Audience::Members)), (0, 1));
    assert_eq!(
        count(&library.index_for(Audience::Public), "utbyggnadslagen"),
        count(&library.index_for(Audience::Members), "utbyggnadslagen"),
        "the published findings are all public"
    );

    std::fs::remove_file(corpus.path().join("documents").join(internal)).unwrap();
    update(&corpus, &dir);
    assert!(library.reload().unwrap() && public_index.reload().unwrap());
    assert_eq!(public_index.view().finding_count(), 0, "emptied again");
    assert_eq!(
        library.index_for(Audience::Public).finding_count(),
        published
    );
}

fn count(view: &IndexView, query: &str) -> usize {
    view.search(&SearchRequest::new(query))
        .expect("search runs")
        .total
}
