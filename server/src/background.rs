//! Work that can wait while people search: reading and indexing what members add, the
//! watcher's updates, and tantivy's merges after them.
//!
//! On a machine of two cores a deck being read and indexed, and the merge of the small
//! segments a burst of uploads leaves, took the cores that searches needed: searches beside
//! twenty uploading members answered in four times their idle time at the 95th percentile
//! (`docs/reliability.md`). The threads that do this work run at the lowest CPU priority
//! instead (niceness on Linux), so a search that needs a core gets it at once and the writes
//! take what the searches leave; threads they start (tantivy's indexing and merge threads)
//! inherit it.

use thread_priority::ThreadPriority;

/// Lowers the calling thread's CPU priority below the searches'. Where the system does not
/// allow it, the work runs at normal priority, which is only slower for searches.
pub fn yield_to_searches() {
    if let Err(error) = thread_priority::set_current_thread_priority(ThreadPriority::Min) {
        tracing::debug!(?error, "background work keeps normal priority");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The calling thread's nice value, as the kernel reports it (field 19 of its stat).
    fn nice() -> i32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("a Linux stat file");
        // The command name (field 2) may hold spaces; the fields after its `)` are fixed.
        let after_name = &stat[stat.rfind(')').expect("a command name") + 2..];
        after_name
            .split(' ')
            .nth(16)
            .and_then(|field| field.parse().ok())
            .expect("a nice value")
    }

    #[test]
    fn background_threads_and_the_threads_they_start_yield_to_searches() {
        let (before, after, inherited) = std::thread::spawn(|| {
            let before = nice();
            yield_to_searches();
            let after = nice();
            let inherited = std::thread::spawn(nice).join().expect("a thread");
            (before, after, inherited)
        })
        .join()
        .expect("a thread");
        assert!(after > before, "{before} → {after}");
        assert_eq!(inherited, after, "a started thread keeps the priority");
        assert_eq!(nice(), before, "other threads keep theirs");
    }
}
