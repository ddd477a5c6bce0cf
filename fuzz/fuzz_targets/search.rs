//! Any text as a search, a suggestion and a draft paragraph, over an index of the
//! repository's corpus: the query parser, the Swedish analysis, the query builder, tantivy
//! and the snippets.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use indexer::{Audience, Page, SearchIndex, SearchRequest};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    let (_, index) = INDEX.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        indexer::build_index(&corpus, &dir.path().join("index"), &mut |_, _| {})
            .expect("building the index");
        let index = SearchIndex::open(&Audience::Members.index_dir(&dir.path().join("index")))
            .expect("opening the index");
        (dir, index)
    });
    index
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let index = index();
    let _ = index.search(&SearchRequest::new(text));
    let _ = index.suggest(text, 8);
    let _ = index.related_to_text(text, Page::first(5), None);
});
