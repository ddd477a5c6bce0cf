//! The server's way into the corpus: the one path that writes it ([`indexer::edit::Editor`])
//! and the live index. What a member adds or changes here is saved as every other change is
//! (checked, atomic, attributed, committed), and the index is brought up to date before the
//! answer goes out, so that whoever made the change finds it at once.

use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use indexer::edit::{Author, Editor, Metadata};
use indexer::{IndexView, Status, Target};

use crate::auth::Viewer;
use crate::error::{ApiError, Forbidden};
use crate::live::LiveIndex;
use crate::staging::Staging;

/// The corpus's editor, the index that follows it, uploads waiting for "Spara", and the
/// brake on changes.
#[derive(Debug)]
pub struct Writes {
    editor: Editor,
    live: Arc<LiveIndex>,
    staging: Staging,
    per_member: DefaultKeyedRateLimiter<String>,
    /// One change (or preview) works at a time: reading a deck, hashing it and indexing it
    /// take a core, and the other cores stay with the searches (`docs/reliability.md`).
    one_at_a_time: tokio::sync::Semaphore,
}

impl Writes {
    /// Changes through `editor`, followed by `live`, at most `per_minute` per member;
    /// previews wait in `staging`.
    pub fn new(
        editor: Editor,
        live: Arc<LiveIndex>,
        staging: Staging,
        per_minute: NonZeroU32,
    ) -> Self {
        Self {
            editor,
            live,
            staging,
            per_member: RateLimiter::keyed(Quota::per_minute(per_minute)),
            one_at_a_time: tokio::sync::Semaphore::new(1),
        }
    }

    /// Uploads waiting for their member's "Spara".
    pub fn staging(&self) -> &Staging {
        &self.staging
    }

    /// The member about to make a change, once it is clear they may make one now.
    ///
    /// # Errors
    /// [`ApiError::SignInRequired`] for the public, [`Forbidden::ReadOnlyToken`] for a token
    /// made without `--write`, [`ApiError::TooManyWrites`] past the member's changes a
    /// minute.
    pub fn author(&self, viewer: &Viewer) -> Result<Author, ApiError> {
        let Some(name) = viewer.name() else {
            return Err(ApiError::SignInRequired);
        };
        if !viewer.may_write() {
            return Err(ApiError::Forbidden(Forbidden::ReadOnlyToken));
        }
        if let Err(not_until) = self.per_member.check_key(&name.to_owned()) {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ));
            return Err(ApiError::TooManyWrites(wait.as_secs().max(1)));
        }
        Author::new(name).map_err(ApiError::from)
    }

    /// Looks at the corpus off the async runtime, changing nothing (a preview, a history).
    ///
    /// # Errors
    /// What `work` fails with; [`ApiError::Internal`] if it panicked.
    pub async fn inspect<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Editor) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(work, false).await
    }

    /// Changes the corpus off the async runtime, then brings the index up to date with it,
    /// so the answer reflects the change.
    ///
    /// # Errors
    /// What `work` fails with, with nothing changed; [`ApiError::Internal`] when the index
    /// could not follow (the change is saved, and the watcher tries again).
    pub async fn change<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Editor) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(work, true).await
    }

    /// `work` on the editor in its turn, off the async runtime, and the index updated after
    /// it when it `changes` the corpus.
    async fn run<T, F>(self: &Arc<Self>, work: F, changes: bool) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Editor) -> Result<T, ApiError> + Send + 'static,
    {
        let _turn = self.turn().await?;
        let writes = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let done = work(&writes.editor)?;
            if changes {
                writes
                    .live
                    .update()
                    .map_err(|error| ApiError::internal(&error))?;
            }
            Ok(done)
        })
        .await
        .map_err(|join_error| ApiError::internal(&join_error))?
    }

    /// Waits for the one change that may work at a time.
    async fn turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
        self.one_at_a_time
            .acquire()
            .await
            .map_err(|error| ApiError::internal(&error))
    }
}

/// What a member adds is working material until an editor publishes it: a member's upload
/// gets `arbetsmaterial`, and asking for another status is refused.
///
/// # Errors
/// [`Forbidden::EditorsOnly`] when a member asks for a status other than `arbetsmaterial`.
pub fn restrict_to_role(viewer: &Viewer, metadata: &mut Metadata) -> Result<(), ApiError> {
    if viewer.is_editor() {
        return Ok(());
    }
    if metadata
        .status
        .is_some_and(|status| status != Status::Arbetsmaterial)
    {
        return Err(ApiError::Forbidden(Forbidden::EditorsOnly(
            "publish or set a status other than arbetsmaterial",
        )));
    }
    metadata.status = Some(Status::Arbetsmaterial);
    Ok(())
}

/// Feedback must answer something that is there: a finding, a document or an area the
/// members' index knows. A link that names nothing would be kept but never shown beside
/// anything, so it is refused while the writer can still correct it.
///
/// # Errors
/// [`ApiError::InvalidMetadata`] naming what was not found.
pub fn check_responds_to(index: &IndexView, metadata: &Metadata) -> Result<(), ApiError> {
    let Some(target) = &metadata.responds_to else {
        return Ok(());
    };
    let id = target.id();
    let found = match target.target() {
        Target::Finding => index.hit(id).map_err(ApiError::from)?.is_some(),
        Target::Document => index.manifest().documents.iter().any(|d| d.id == id),
        Target::Area => index.manifest().taxonomy.area(id).is_some(),
    };
    if found {
        Ok(())
    } else {
        Err(ApiError::InvalidMetadata {
            field: "responds_to",
            message: format!("{target} names nothing in the knowledge base"),
        })
    }
}
