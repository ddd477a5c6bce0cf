//! Running a third-party parser so that its panic costs one file (or one page), quietly.
//!
//! The PDF libraries panic on some malformed files. `catch_unwind` keeps the indexer alive,
//! but the default panic hook still prints the message (and, with `RUST_BACKTRACE`, a whole
//! backtrace) to standard error, in the middle of `hinder index` output. Panics inside
//! [`contain`] are logged at debug level instead; every other panic still reaches the hook
//! that was installed before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use tracing::debug;

thread_local! {
    /// Whether this thread is inside [`contain`].
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `work`; a panic inside it becomes `None`, logged at debug level under `what`.
pub(crate) fn contain<T>(what: &str, work: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CONTAINED.with(Cell::get) {
                debug!(panic = %info, "a parser panicked; its input is reported as damaged");
            } else {
                previous(info);
            }
        }));
    });
    let outer = CONTAINED.with(|flag| flag.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CONTAINED.with(|flag| flag.set(outer));
    match result {
        Ok(value) => Some(value),
        Err(_) => {
            debug!(what, "contained a panic");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_none_and_work_that_returns_is_kept() {
        assert_eq!(contain("test", || 7), Some(7));
        let nothing: Option<()> = contain("test", || panic!("a damaged file"));
        assert_eq!(nothing, None);
        assert_eq!(contain("test", || 8), Some(8), "still usable after a panic");
    }
}
