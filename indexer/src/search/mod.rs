//! Searching an index: [`SearchIndex::open`] once, then [`IndexView::search`] on its current
//! [`SearchIndex::view`] per request.
//!
//! A search combines the user's text (see [`query`]), filters on area, source and date
//! (constant-score, so they never change the ranking), a sort order with deterministic tie
//! breaks, facet counts and snippets ([`answer`]).
//!
//! [`index`] follows an index's commits; [`view`] is one commit, whose state every kind of
//! read shares. Each read is an `impl IndexView` of its own: [`answer`] (a search),
//! [`suggest`], [`context`] (a finding and its neighbours), [`documents`], [`related`],
//! [`overview`], [`help`] and [`responses`] (feedback on a finding, document or area). What they return is in [`results`].

mod answer;
mod any;
mod collect;
mod columns;
mod context;
mod deadline;
mod documents;
mod facets;
mod help;
mod hit;
mod index;
mod kept;
mod near;
mod overview;
pub(crate) mod parse;
mod query;
mod related;
mod responses;
mod results;
mod segments;
mod snippet;
mod suggest;
mod synonyms;
mod term_union;
mod top;
mod view;

pub use deadline::within_deadline;
pub use documents::{DocumentView, SectionView};
pub use facets::{FacetCount, FacetDimension, Facets};
pub use help::HELP_BELOW;
pub use hit::Hit;
pub use index::SearchIndex;
pub use related::{MatchedWord, Related, RelatedResults};
pub use results::{
    Completion, Correction, FindingContext, Overview, PartialMatches, SearchHelp, SearchResults,
    Suggestions, WordCount,
};
pub use suggest::{DEFAULT_COMPLETIONS, MAX_COMPLETIONS, SUGGESTED_FINDINGS};
pub use view::IndexView;

/// The frozen fixture corpus (`tests/fixtures/`) indexed for the library's own tests, and
/// taken apart again: tests that compare two ways of answering over real findings.
///
/// Inline, at the end of this file, so that the layering check reads it as test code: it
/// builds libraries, a layer above this one.
#[cfg(test)]
mod fixture {
    use std::fs;
    use std::path::Path;
    use std::sync::Arc;

    use tempfile::TempDir;

    use super::SearchIndex;
    use super::view::IndexView;
    use crate::{Audience, build_index, update_index};

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");

    /// A copy of the fixture corpus (the seed and the fixture documents) and its library.
    pub(super) struct FixtureLibrary {
        corpus: TempDir,
        library: TempDir,
    }

    impl FixtureLibrary {
        /// Copies the corpus and builds its library.
        pub(super) fn build() -> Self {
            let corpus = tempfile::tempdir().expect("a corpus folder");
            copy_tree(&Path::new(FIXTURES).join("corpus"), corpus.path());
            copy_tree(
                &Path::new(FIXTURES).join("documents"),
                &corpus.path().join("documents"),
            );
            let library = tempfile::tempdir().expect("a library folder");
            build_index(corpus.path(), library.path(), &mut |_, _| {}).expect("built");
            Self { corpus, library }
        }

        /// The members' index as it stands.
        pub(super) fn view(&self) -> Arc<IndexView> {
            SearchIndex::open(&Audience::Members.index_dir(self.library.path()))
                .expect("opened")
                .view()
        }

        /// Takes a fixture document out of the corpus and updates the library: its findings
        /// stay in their segment, deleted.
        pub(super) fn remove_a_document(&self) {
            let removed = fs::read_dir(Path::new(FIXTURES).join("documents"))
                .expect("fixture documents")
                .flatten()
                .next()
                .expect("a fixture document")
                .file_name();
            fs::remove_file(self.corpus.path().join("documents").join(removed)).expect("removed");
            update_index(self.corpus.path(), self.library.path(), &mut |_, _| {}).expect("updated");
            assert!(
                self.view()
                    .searcher
                    .segment_readers()
                    .iter()
                    .any(|segment| segment.num_deleted_docs() > 0),
                "the update left deleted findings"
            );
        }
    }

    impl IndexView {
        /// Every word of the index as written, sorted.
        pub(super) fn every_word(&self) -> Vec<String> {
            let mut words: Vec<String> = Vec::new();
            for segment in self.searcher.segment_readers() {
                let inverted = segment
                    .inverted_index(self.fields.text_exact)
                    .expect("the written forms");
                let mut stream = inverted.terms().stream().expect("a term stream");
                while stream.advance() {
                    words.push(String::from_utf8_lossy(stream.key()).into_owned());
                }
            }
            words.sort();
            words.dedup();
            words
        }
    }

    /// Copies the files below `from` into `to`, folders and all.
    fn copy_tree(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
            let target = to.join(entry.path().strip_prefix(from).expect("below the root"));
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).expect("a folder");
            } else {
                fs::copy(entry.path(), &target).expect("a copied file");
            }
        }
    }
}
