//! Who may read what: one corpus makes two indexes.
//!
//! The seed presentation's "Dokumentstatus" slide says that only presentations and notes are
//! published; working material and input for the steering group stay within the group. So
//! the updater writes every document into the members' index and the published ones, again,
//! into the public index, each with its own manifest. An anonymous request is answered from
//! the public index alone, which does not contain members-only material in any form: not in
//! hits or counts, and not in the term dictionary (suggestions, typo tolerance) or the term
//! statistics (scores, related findings) either. Filtering one shared index would leak
//! through those.
//!
//! While no document is for members only, the two would be the same index twice (twice the
//! indexing work and the disk). Then the public index is left empty and the members' index
//! answers everyone. The choice is made per request on the members' commit itself
//! ([`Library::index_for`]): a commit without members-only documents may be shown to
//! anyone, so no moment of an update can show the public what it should not see. The first
//! members-only document fills the public index ([`crate::IndexUpdater`]).
//!
//! ```text
//! data/index/
//! ├── members/   every document (tantivy index + manifest)
//! └── public/    status `publicerad` only; empty while every document is published
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::corpus::Status;
use crate::error::Result;
use crate::manifest::Manifest;
use crate::search::{IndexView, SearchIndex};

/// Who a request is answered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Audience {
    /// Anyone: published documents only.
    #[default]
    Public,
    /// Signed-in members of the working group: every document.
    Members,
}

impl Audience {
    /// Both audiences, the public first: the updater commits in this order, so that a crash
    /// between the two commits leaves the members' manifest behind, and the next update
    /// writes both again.
    pub const ALL: [Self; 2] = [Self::Public, Self::Members];

    /// Whether this audience may read a document of this status.
    pub fn may_read(self, status: Status) -> bool {
        match self {
            Self::Public => status.is_published(),
            Self::Members => true,
        }
    }

    /// Name of the audience's index folder, and its slug in `ETag`s and logs.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Members => "members",
        }
    }

    /// The folder of this audience's index inside a library folder.
    pub fn index_dir(self, library_dir: &Path) -> PathBuf {
        library_dir.join(self.slug())
    }
}

/// The two indexes of one library folder, opened read-only. Cheap to share between threads.
#[derive(Debug)]
pub struct Library {
    public: SearchIndex,
    members: SearchIndex,
}

impl Library {
    /// Opens a library folder built by [`crate::build_index`].
    ///
    /// # Errors
    /// When either index is missing, incompatible or unreadable.
    pub fn open(library_dir: &Path) -> Result<Self> {
        Ok(Self {
            public: SearchIndex::open(&Audience::Public.index_dir(library_dir))?,
            members: SearchIndex::open(&Audience::Members.index_dir(library_dir))?,
        })
    }

    /// The commit an audience reads: the members' latest, or for the public, the same when
    /// it holds no members-only document, else the public index's latest.
    pub fn index_for(&self, audience: Audience) -> Arc<IndexView> {
        let members = self.members.view();
        match audience {
            Audience::Public if members.has_members_only() => self.public.view(),
            Audience::Public | Audience::Members => members,
        }
    }

    /// Picks up the latest commits of both indexes; returns whether anything changed.
    ///
    /// # Errors
    /// When an index cannot be read.
    pub fn reload(&self) -> Result<bool> {
        // Both, even when the first changed: `|` does not short-circuit.
        Ok(self.public.reload()? | self.members.reload()?)
    }
}

/// The members' manifest of a library folder (it knows every file), once both indexes are
/// found compatible.
///
/// # Errors
/// [`crate::Error::MissingIndex`] or [`crate::Error::IncompatibleIndex`] when either index
/// is missing or outdated (the library is then rebuilt), others when it cannot be read.
pub(crate) fn read_manifest(library_dir: &Path) -> Result<Manifest> {
    Manifest::read(&Audience::Public.index_dir(library_dir))?;
    Manifest::read(&Audience::Members.index_dir(library_dir))
}

/// The manifest of the public index: the published documents and their files, or nothing
/// while the members' index answers the public (see [`Manifest::has_members_only`]).
pub(crate) fn public_manifest(members: &Manifest) -> Manifest {
    if !members.has_members_only() {
        return Manifest {
            documents: Vec::new(),
            files: std::collections::BTreeMap::new(),
            left_out: Vec::new(),
            ..members.clone()
        };
    }
    let documents: Vec<_> = members
        .documents
        .iter()
        .filter(|document| Audience::Public.may_read(document.status))
        .cloned()
        .collect();
    let published: HashSet<&str> = documents.iter().map(|d| d.id.as_str()).collect();
    let descriptions = members
        .descriptions
        .iter()
        .filter(|description| published.contains(description.document.as_str()))
        .cloned()
        .collect();
    let files = members
        .files
        .iter()
        .filter(|(_, state)| published.contains(state.document.as_str()))
        .map(|(name, state)| (name.clone(), state.clone()))
        .collect();
    Manifest {
        documents,
        files,
        descriptions,
        left_out: Vec::new(),
        ..members.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_published_documents_are_public() {
        assert!(Audience::Public.may_read(Status::Publicerad));
        assert!(!Audience::Public.may_read(Status::Arbetsmaterial));
        assert!(!Audience::Public.may_read(Status::Styrgruppsunderlag));
        for status in [
            Status::Publicerad,
            Status::Arbetsmaterial,
            Status::Styrgruppsunderlag,
        ] {
            assert!(Audience::Members.may_read(status));
        }
        assert_eq!(
            Audience::default(),
            Audience::Public,
            "unknown callers see least"
        );
    }
}
