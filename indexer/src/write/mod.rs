//! The write side: everything that changes an index. Data flows one way through it:
//! [`writer`] decides whether to update in place, build in a staging folder or import, and
//! swaps a finished build in; [`updater`] holds the tantivy writers and turns documents into
//! commits; [`import`] streams NDJSON lines into an updater; [`report`] is what they all
//! return.

pub mod import;
pub(crate) mod report;
pub(crate) mod updater;
pub(crate) mod writer;
