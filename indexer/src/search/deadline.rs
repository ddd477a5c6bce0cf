//! A deadline for index work: past it, a search stops where it is and fails with
//! [`Error::DeadlineExceeded`], so that one costly request cannot hold a core for long.
//!
//! The deadline is set once around a request's work ([`within_deadline`]) rather than passed
//! to every method: a search, a suggestion, related findings and the overview all run
//! several searches, and each of them is bounded without a parameter threaded through them.
//! It is read on the caller's thread when a search starts and then travels by value to the
//! threads that search the other segments ([`super::segments`]).
//!
//! The checks sit where work grows with the index or the query: between the words of a
//! query (a near miss walks the term dictionary) and every [`CHECK_EVERY`] matches while
//! collecting. Elasticsearch's search `timeout` works the same way (checked while
//! collecting), but answers with partial results; Hinder answers with an error instead, as a
//! page with silently missing hits would be cited as if it were complete.

use std::cell::Cell;
use std::time::Instant;

use crate::error::{Error, Result};

/// Matches collected between two looks at the clock: the check costs well under a
/// nanosecond per match, and the deadline is overrun by at most the time these take (some
/// tens of microseconds).
pub(crate) const CHECK_EVERY: u32 = 1024;

thread_local! {
    static CURRENT: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Runs `work` with index work on this thread bounded by `deadline`: searches started
/// inside it fail with [`Error::DeadlineExceeded`] once the deadline has passed. The
/// previous deadline (if any) is restored afterwards, also when `work` panics.
pub fn within_deadline<T>(deadline: Instant, work: impl FnOnce() -> T) -> T {
    /// Restores the outer deadline when dropped.
    struct Restore(Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|current| current.set(self.0));
        }
    }
    let outer = CURRENT.with(|current| current.replace(Some(deadline)));
    let _restore = Restore(outer);
    work()
}

/// The deadline of the work running on this thread, if it has one.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Deadline(Option<Instant>);

impl Deadline {
    /// The deadline set on this thread by [`within_deadline`] (none outside it).
    pub(crate) fn current() -> Self {
        Self(CURRENT.with(Cell::get))
    }

    /// Fails once the deadline has passed.
    pub(crate) fn check(self) -> Result<()> {
        if self.0.is_some_and(|deadline| Instant::now() >= deadline) {
            return Err(Error::DeadlineExceeded);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn work_outside_a_deadline_is_unbounded() {
        assert!(Deadline::current().check().is_ok());
    }

    #[test]
    fn a_passed_deadline_fails_the_check_and_the_outer_one_comes_back() {
        let later = Instant::now() + Duration::from_secs(3600);
        within_deadline(later, || {
            assert!(Deadline::current().check().is_ok());
            within_deadline(Instant::now(), || {
                assert!(matches!(
                    Deadline::current().check(),
                    Err(Error::DeadlineExceeded)
                ));
            });
            assert!(Deadline::current().check().is_ok(), "the outer deadline");
        });
        assert!(Deadline::current().0.is_none());
    }

    #[test]
    fn a_panic_inside_restores_the_outer_deadline() {
        let caught = std::panic::catch_unwind(|| {
            within_deadline(Instant::now(), || panic!("work failed"));
        });
        assert!(caught.is_err());
        assert!(Deadline::current().check().is_ok());
    }
}
