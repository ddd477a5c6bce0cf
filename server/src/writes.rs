//! The server's way into the corpus: the one path that writes it ([`indexer::edit::Editor`])
//! and the live index. What a member adds or changes here is saved as every other change is
//! (checked, atomic, attributed, committed), and the index is brought up to date before the
//! answer goes out, so that whoever made the change finds it at once.

use std::num::NonZeroU32;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, mpsc};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use indexer::edit::{Author, Editor, Metadata};
use indexer::{Audience, IndexView, Status, Target};

use crate::auth::Viewer;
use crate::background;
use crate::error::{ApiError, Forbidden};
use crate::live::LiveIndex;
use crate::staging::Staging;

/// A change or a look at the corpus, as the writer thread runs it.
type Job = Box<dyn FnOnce(&Editor, &LiveIndex) + Send>;

/// The corpus's editor and the index that follows it (on their own thread), uploads
/// waiting for "Spara", and the brake on changes.
#[derive(Debug)]
pub struct Writes {
    /// The writer thread's queue. One change (or preview) works at a time, in the order
    /// they came, on one thread of low priority ([`crate::background`]): reading a deck,
    /// hashing it and indexing it take a core, and the cores go to searches first
    /// (`docs/reliability.md`).
    jobs: mpsc::Sender<Job>,
    staging: Staging,
    per_member: DefaultKeyedRateLimiter<String>,
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
        let (jobs, queue) = mpsc::channel::<Job>();
        // The thread ends when the last sender (this `Writes`) is dropped.
        let spawned = std::thread::Builder::new()
            .name("corpus-writer".to_owned())
            .spawn(move || {
                background::yield_to_searches();
                while let Ok(job) = queue.recv() {
                    job(&editor, &live);
                }
            });
        if let Err(error) = spawned {
            tracing::error!(%error, "no thread for changes: every change will be refused");
        }
        Self {
            jobs,
            staging,
            per_member: RateLimiter::keyed(Quota::per_minute(per_minute)),
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

    /// Looks at the corpus on the writer thread, changing nothing (a preview, a history).
    ///
    /// # Errors
    /// What `work` fails with; [`ApiError::Internal`] if it panicked.
    pub async fn inspect<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Editor) -> Result<T, ApiError> + Send + 'static,
    {
        self.run(move |editor, _| work(editor)).await
    }

    /// Changes the corpus on the writer thread, then brings the index up to date with it,
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
        self.change_and_read(work, |done, _| Ok(done)).await
    }

    /// As [`Self::change`], then `read` of the members' index as it is after the change, on
    /// the same thread: the answer to a change (the document as it now is, a hundred
    /// findings as JSON) is the change's work, and waits for searches as the change does.
    ///
    /// # Errors
    /// As [`Self::change`], and what `read` fails with.
    pub async fn change_and_read<T, U, F, R>(
        self: &Arc<Self>,
        work: F,
        read: R,
    ) -> Result<U, ApiError>
    where
        U: Send + 'static,
        F: FnOnce(&Editor) -> Result<T, ApiError> + Send + 'static,
        R: FnOnce(T, &IndexView) -> Result<U, ApiError> + Send + 'static,
    {
        self.run(move |editor, live| {
            let done = work(editor)?;
            live.update().map_err(|error| ApiError::internal(&error))?;
            read(done, &live.view(Audience::Members))
        })
        .await
    }

    /// `job` in its turn on the writer thread.
    async fn run<T, F>(self: &Arc<Self>, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Editor, &LiveIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |editor, live| {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| job(editor, live)))
                .unwrap_or_else(|_| Err(ApiError::Internal));
            // The caller may have gone (a closed connection); the change stands.
            let _ = answer.send(outcome);
        });
        self.jobs
            .send(job)
            .map_err(|_| ApiError::internal(&"the writer thread has stopped"))?;
        answered
            .await
            .map_err(|_| ApiError::internal(&"the writer thread dropped a change"))?
    }
}

/// The metadata a member adds a document with, as it may be added: checked against their
/// role (what a member adds is working material) and against the knowledge base
/// ([`check_responds_to`]).
/// Every way of adding (the API, the upload form, the feedback form) comes through here.
///
/// # Errors
/// As the two checks.
pub fn admit(viewer: &Viewer, metadata: &mut Metadata, index: &IndexView) -> Result<(), ApiError> {
    restrict_to_role(viewer, metadata)?;
    check_responds_to(index, metadata)
}

/// What a member adds is working material until an editor publishes it: a member's upload
/// gets `arbetsmaterial`, and asking for another status is refused.
///
/// # Errors
/// [`Forbidden::EditorsOnly`] when a member asks for a status other than `arbetsmaterial`.
fn restrict_to_role(viewer: &Viewer, metadata: &mut Metadata) -> Result<(), ApiError> {
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
        Target::Description => index
            .manifest()
            .descriptions
            .iter()
            .any(|description| description.area == id),
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
