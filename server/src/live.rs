//! Live updates: the server watches its corpus folder and brings the index it serves up to
//! date, so an added, changed or removed file shows in search within about a second, with no
//! restart. Searches keep running during an update: each one finishes on the commit it
//! started with, and the next one sees the new commit.
//!
//! A change made through the server (an upload, a metadata change) does not wait for the
//! watcher: it brings the index up to date itself before it answers ([`LiveIndex::update`]),
//! so that whoever made it finds it at once. The watcher's own update then finds nothing to
//! do.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indexer::{BuildReport, IndexUpdater, Library};
use notify::event::{AccessKind, MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode, Watcher};
use tracing::{error, info, warn};

use crate::background;

/// Quiet time after the last change before updating: an editor's save is several events.
const SETTLE: Duration = Duration::from_millis(250);
/// Longest wait for quiet while changes keep coming.
const MAX_DELAY: Duration = Duration::from_secs(1);

/// Why the corpus cannot be watched.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// The index is not writable here (another process writes it, or it is missing).
    #[error(transparent)]
    Index(#[from] indexer::Error),
    /// The operating system refused to watch the folder.
    #[error("cannot watch {}: {source}", path.display())]
    Watch {
        /// The corpus folder.
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
}

/// A running watcher; dropping it stops watching.
#[derive(Debug)]
pub struct CorpusWatcher {
    watcher: Option<notify::RecommendedWatcher>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for CorpusWatcher {
    fn drop(&mut self) {
        // Dropping the watcher closes the channel, which ends the thread.
        self.watcher.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The index a server serves, kept in step with its corpus folder: one updater (holding the
/// index's writer lock) for the watcher and for the server's own changes.
#[derive(Debug)]
pub struct LiveIndex {
    corpus: PathBuf,
    updater: Mutex<IndexUpdater>,
    library: Arc<Library>,
}

impl LiveIndex {
    /// Opens the index at `index_dir`, which `library` serves, for updates from `corpus`.
    ///
    /// # Errors
    /// When the index is missing or another process writes it.
    pub fn open(corpus: &Path, index_dir: &Path, library: Arc<Library>) -> Result<Self, LiveError> {
        // Opened on a thread of low priority, so that tantivy's merge threads, started with
        // the writer, inherit it ([`crate::background`]).
        let updater = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    background::yield_to_searches();
                    IndexUpdater::open_beside_searches(index_dir)
                })
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })?;
        Ok(Self {
            corpus: corpus.to_owned(),
            updater: Mutex::new(updater),
            library,
        })
    }

    /// The commit an audience reads now.
    pub fn view(&self, audience: indexer::Audience) -> Arc<indexer::IndexView> {
        self.library.index_for(audience)
    }

    /// Brings the index up to date with the corpus now, and the library with it; files left
    /// out are logged. Blocking: call it off the async runtime.
    ///
    /// # Errors
    /// When the index cannot be written or reloaded.
    pub fn update(&self) -> Result<BuildReport, indexer::Error> {
        // A panic in another update leaves the updater as it was: its last commit stands.
        let mut updater = self
            .updater
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let report = updater.update(&self.corpus, false, &mut |_, _| {})?;
        for failure in &report.failures {
            warn!(%failure, "document left out");
        }
        for warning in &report.warnings {
            warn!(%warning, "document read in part");
        }
        if report.changed() {
            self.library.reload()?;
            info!(
                read = report.read,
                removed = report.removed,
                "index updated from the corpus"
            );
        }
        Ok(report)
    }
}

/// Watches the live index's corpus folder and applies its changes to the index.
///
/// # Errors
/// When the folder cannot be watched.
pub fn watch(live: Arc<LiveIndex>) -> Result<CorpusWatcher, LiveError> {
    let corpus_dir = live.corpus.clone();
    let (events, changes) = mpsc::channel::<notify::Result<notify::Event>>();
    let watch_error = |source| LiveError::Watch {
        path: corpus_dir.clone(),
        source,
    };
    let mut watcher = notify::recommended_watcher(events).map_err(watch_error)?;
    watcher
        .watch(&corpus_dir, RecursiveMode::Recursive)
        .map_err(watch_error)?;
    let thread = std::thread::Builder::new()
        .name("corpus-watcher".to_owned())
        .spawn(move || {
            background::yield_to_searches();
            while let Ok(first) = changes.recv() {
                match first {
                    Err(error) => warn!(%error, "watching the corpus"),
                    // Reading the corpus (as every update does) is no change; reacting to
                    // it would update for ever.
                    Ok(event) if !changes_content(&event.kind) => continue,
                    Ok(_) => {}
                }
                // Let a burst of events settle into one update.
                let started = Instant::now();
                loop {
                    let left = MAX_DELAY.saturating_sub(started.elapsed()).min(SETTLE);
                    match changes.recv_timeout(left) {
                        Ok(_) if started.elapsed() < MAX_DELAY => {}
                        Ok(_) | Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                if let Err(error) = live.update() {
                    error!(%error, "updating the index");
                }
            }
        })
        .map_err(|error| watch_error(notify::Error::io(error)))?;
    info!(corpus = %corpus_dir.display(), "watching the corpus for changes");
    Ok(CorpusWatcher {
        watcher: Some(watcher),
        thread: Some(thread),
    })
}

/// Whether an event can mean changed content: anything but reads and access times.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(
            AccessKind::Any
                | AccessKind::Read
                | AccessKind::Open(_)
                | AccessKind::Close(
                    notify::event::AccessMode::Read | notify::event::AccessMode::Execute
                )
                | AccessKind::Other
        ) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

#[cfg(test)]
mod tests {
    use notify::event::{AccessMode, CreateKind, DataChange, RemoveKind, RenameMode};

    use super::*;

    #[test]
    fn reads_are_not_changes() {
        let reads = [
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Read),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
        ];
        for kind in reads {
            assert!(!changes_content(&kind), "{kind:?}");
        }
        let changes = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Any,
        ];
        for kind in changes {
            assert!(changes_content(&kind), "{kind:?}");
        }
    }
}
