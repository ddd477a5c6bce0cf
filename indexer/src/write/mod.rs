//! The write side: everything that changes an index. Data flows one way through it:
//! [`writer`] decides whether to update in place, build in a staging folder or import, and
//! swaps a finished build in; [`plan`] decides, from the listing and the last manifest
//! alone, which files an update reads, keeps and removes; [`updater`] carries a plan out
//! with the tantivy writers, one commit per update; [`import`] streams NDJSON lines into an updater; [`report`] is what they all
//! return.

pub mod import;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod updater;
pub(crate) mod writer;
