//! Serving a corpus folder, not only an index: the index follows the folder as it changes,
//! and members change the corpus through the server.

use std::path::Path;
use std::sync::Arc;

use indexer::edit::Editor;

use crate::live::{self, CorpusWatcher, LiveIndex};
use crate::staging::Staging;
use crate::state::AppState;
use crate::writes::Writes;

/// The state serving a corpus folder: its index kept up to date as the folder changes, and
/// the corpus open to members' changes through the server. Without a corpus folder there is
/// nothing to follow or change, and an imported index has no corpus as its source: the
/// state is then returned as it was, and what could not be set up is logged.
pub fn follow_corpus(
    state: AppState,
    corpus: &Path,
    index_dir: &Path,
) -> (AppState, Option<CorpusWatcher>) {
    let imported = state
        .index_for(indexer::Audience::Members)
        .manifest()
        .imported
        .is_some();
    if !corpus.is_dir() || imported {
        return (state, None);
    }
    let live = match LiveIndex::open(corpus, index_dir, state.library()) {
        Ok(live) => Arc::new(live),
        Err(error) => {
            tracing::warn!(%error, "serving without live updates or changes");
            return (state, None);
        }
    };
    let state = match Editor::open(corpus) {
        Ok(editor) => {
            let per_minute = state.settings().writes_per_minute;
            // Previews wait beside the index, never in the corpus.
            let staging = Staging::new(&index_dir.with_file_name("uploads"));
            state.with_writes(Writes::new(editor, Arc::clone(&live), staging, per_minute))
        }
        Err(error) => {
            tracing::warn!(%error, "serving without changes to the corpus");
            state
        }
    };
    match live::watch(live) {
        Ok(watcher) => (state, Some(watcher)),
        Err(error) => {
            tracing::warn!(%error, "serving without live updates");
            (state, None)
        }
    }
}
