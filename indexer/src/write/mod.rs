//! The write side: everything that changes an index. Data flows one way through it:
//! [`writer`] decides whether to update in place, build in a staging folder or import, and
//! swaps a finished build in; [`plan`] decides, from the listing and the last manifest
//! alone, which files an update reads, keeps and removes; [`reader`] lists the corpus and
//! reads what the plan says to; [`updater`] carries a plan out with one [`sink`] per
//! audience's index, one commit per update, each finding written as [`finding`] lays it
//! out; [`import`] streams NDJSON lines into an updater, which [`compaction`] merges at the
//! end; [`report`] is what they all return.

mod compaction;
mod finding;
pub mod import;
pub(crate) mod plan;
mod reader;
pub(crate) mod report;
mod sink;
pub(crate) mod updater;
pub(crate) mod writer;
