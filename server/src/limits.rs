//! The limits every request is held to, named once: the layers that enforce them, the errors
//! that report them and the API description that documents them all read them here.

use std::time::Duration;

/// Largest request body: a pasted draft of [`indexer::MAX_TEXT_CHARS`] characters fits many
/// times over.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Longest a request may take to start its answer; searches take milliseconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The most findings one draft may cite: more would not fit a paragraph anyway, and the
/// selection must fit in a URL.
pub const MAX_CHOSEN: usize = 50;
