//! An area description (områdesbeskrivning): the text the working group writes about one
//! area, in six parts whose statements carry footnotes to findings, written in versions and
//! sent out in rounds of written feedback until the group approves it.
//!
//! The current version lives in `corpus/` as an ordinary Markdown document (kind
//! `omradesbeskrivning`, so it is searched like any other), its history beside it (see
//! [`crate::ingest`] for reading and [`crate::edit`] for writing).

pub(crate) mod files;
mod fit;
mod part;
mod process;
mod text;

pub use fit::{Fit, fit};
pub use part::{Part, UnknownPart};
pub use process::{Approval, Description, Outcome, OutcomeKind, Round, Stage, Version};
pub use text::{Block, BlockKind, Footnote, FootnoteError, Inline, blocks, footnotes};
pub(crate) use text::{is_finding_permalink, prefix_labels, strip_label_prefix};

/// Folder of `corpus/` that holds each description's history (`{area}.toml`).
pub const HISTORY_DIR: &str = "omradesbeskrivningar";
/// Folder under `documents/` that holds each description's current version.
pub const DOCUMENTS_SUBDIR: &str = "omradesbeskrivningar";

/// The document id of an area's description.
pub fn document_id(area: &str) -> String {
    format!("omradesbeskrivning-{area}")
}

/// The path in `corpus/` of the document that holds an area's current version.
pub fn document_path(area: &str) -> String {
    format!("documents/{DOCUMENTS_SUBDIR}/{}.md", document_id(area))
}

/// The path in `corpus/` of an area's history.
pub fn history_path(area: &str) -> String {
    format!("{HISTORY_DIR}/{area}.toml")
}
