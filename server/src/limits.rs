//! The limits every request is held to, named once: the layers that enforce them, the errors
//! that report them and the API description that documents them all read them here.

use std::num::NonZeroU32;
use std::time::Duration;

/// Largest request body: a pasted draft of [`indexer::MAX_TEXT_CHARS`] characters fits many
/// times over.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Longest a request may take to start its answer; searches take milliseconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The most findings one draft may cite: more would not fit a paragraph anyway, and the
/// selection must fit in a URL.
pub const MAX_CHOSEN: usize = 50;

/// The largest upload by default (`--max-upload`): a deck of a hundred slides with pictures.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Changes one member may make a minute by default (`--writes-per-minute`).
pub const DEFAULT_WRITES_PER_MINUTE: NonZeroU32 = NonZeroU32::new(30).expect("30 is not 0");

/// The longest written feedback, in characters: pages of text, far past any reply.
pub const MAX_FEEDBACK_CHARS: usize = 200_000;

/// The routes that take a file: their bodies may be as large as `--max-upload` allows.
pub const UPLOAD_PATHS: [&str; 2] = ["/api/v1/documents", "/lagg-till"];

/// Room for an upload's other form fields and the multipart framing around its file.
pub const UPLOAD_FRAMING_BYTES: usize = 256 * 1024;

/// How long an upload may take to arrive and be read: a large deck over a slow line.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);
