//! Shared state of the handlers: the open library (the public and the members' index), the
//! members, and the settings of this installation.

use std::num::NonZeroU32;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::http::request::Parts;
use indexer::edit::Author;
use indexer::{Audience, IndexView, Library};
use tokio::runtime::{Handle, RuntimeFlavor};

use crate::auth::{LoginThrottle, MembersStore, Viewer};
use crate::error::ApiError;
use crate::shedding::LoadShedder;
use crate::writes::Writes;

/// What every handler can reach. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct AppState {
    library: Arc<Library>,
    members: Arc<MembersStore>,
    throttle: Arc<LoginThrottle>,
    shedder: Arc<LoadShedder>,
    settings: Arc<Settings>,
    /// The way into the corpus, when this server serves one it may change.
    writes: Option<Arc<Writes>>,
}

/// How long one request's index work may take by default: searches take milliseconds, the
/// most costly query a caller may send some tens of them at a million findings.
pub const DEFAULT_SEARCH_TIMEOUT: Duration = Duration::from_secs(3);

/// How this installation presents itself to the outside, and how long it works for a caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The address people reach Hinder at (`https://hinder.example.se`), without a trailing
    /// slash. Citations and drafts link to it. Unset, links use the `Host` of each request.
    pub public_url: Option<String>,
    /// Origins whose pages may call the API from a browser (CORS); `*` allows any.
    pub cors_origins: Vec<String>,
    /// How long one request's index work may take before it is stopped and answered with
    /// 503 `search_timeout` ([`indexer::within_deadline`]).
    pub search_timeout: Duration,
    /// The largest file a member may upload, in bytes.
    pub max_upload_bytes: usize,
    /// Changes one member may make a minute.
    pub writes_per_minute: NonZeroU32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            public_url: None,
            cors_origins: Vec::new(),
            search_timeout: DEFAULT_SEARCH_TIMEOUT,
            max_upload_bytes: crate::limits::DEFAULT_MAX_UPLOAD_BYTES,
            writes_per_minute: crate::limits::DEFAULT_WRITES_PER_MINUTE,
        }
    }
}

impl AppState {
    /// State over an opened library, with no members and default settings.
    pub fn new(library: Library) -> Self {
        Self::with_settings(library, MembersStore::default(), Settings::default())
    }

    /// State over an opened library with these members and settings.
    pub fn with_settings(library: Library, members: MembersStore, mut settings: Settings) -> Self {
        if let Some(url) = &mut settings.public_url {
            url.truncate(url.trim_end_matches('/').len());
        }
        Self {
            library: Arc::new(library),
            members: Arc::new(members),
            throttle: Arc::new(LoginThrottle::default()),
            shedder: Arc::new(LoadShedder::for_this_machine()),
            settings: Arc::new(settings),
            writes: None,
        }
    }

    /// The same state, with a way into the corpus: members may then add and change
    /// material.
    #[must_use]
    pub fn with_writes(mut self, writes: Writes) -> Self {
        self.writes = Some(Arc::new(writes));
        self
    }

    /// The way into the corpus and the member about to use it: the public is asked to sign
    /// in before anything else is said.
    ///
    /// # Errors
    /// [`ApiError::SignInRequired`], [`ApiError::WritesDisabled`], and the refusals of
    /// [`Writes::author`].
    pub fn writer(&self, viewer: &Viewer) -> Result<(Arc<Writes>, Author), ApiError> {
        if viewer.name().is_none() {
            return Err(ApiError::SignInRequired);
        }
        let writes = self.writes()?;
        let author = writes.author(viewer)?;
        Ok((writes, author))
    }

    /// The way into the corpus.
    ///
    /// # Errors
    /// [`ApiError::WritesDisabled`] when this server serves an index it cannot change (an
    /// imported one, or one without its corpus folder).
    pub fn writes(&self) -> Result<Arc<Writes>, ApiError> {
        self.writes.clone().ok_or(ApiError::WritesDisabled)
    }

    /// An audience's commit, for cheap reads that do not search (manifest, taxonomy, version).
    pub fn index_for(&self, audience: Audience) -> Arc<IndexView> {
        self.library.index_for(audience)
    }

    /// The library, to reload it, or to move into work that outlives the request.
    pub fn library(&self) -> Arc<Library> {
        Arc::clone(&self.library)
    }

    /// The members who may sign in.
    pub fn members(&self) -> &MembersStore {
        &self.members
    }

    /// The limits on sign-in attempts.
    pub(crate) fn throttle(&self) -> &LoginThrottle {
        &self.throttle
    }

    /// The installation's settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Scheme and host that absolute links start with: the configured public URL, else the
    /// request's own `Host` (when it is a plain host name), else nothing (links stay paths).
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.settings.public_url {
            return url.clone();
        }
        headers
            .get(HOST)
            .and_then(|host| host.to_str().ok())
            .filter(|host| is_plain_host(host))
            .map(|host| format!("http://{host}"))
            .unwrap_or_default()
    }

    /// Whether links and cookies are for a site served over TLS: the public URL says so, or
    /// the proxy in front says the request came that way.
    pub fn is_secure(&self, headers: &HeaderMap) -> bool {
        self.settings
            .public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
            || headers
                .get("x-forwarded-proto")
                .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
    }

    /// Runs blocking work on an audience's index without stalling the async runtime, once
    /// the load shedder (`shedding.rs`) admits it, and stops it when it runs past the
    /// search timeout (the slot and the thread are then free again).
    ///
    /// On the multi-threaded runtime the work runs in place and the worker's other tasks
    /// move to another thread meanwhile: a search takes well under a millisecond, and
    /// handing it to the blocking pool and back cost more in thread wake-ups than a search
    /// without hits (`docs/benchmarks.md`). Elsewhere
    /// (tests on a single-threaded runtime) it goes to the blocking pool.
    ///
    /// # Errors
    /// [`ApiError::Overloaded`] when shed, [`ApiError::SearchTimeout`] when stopped, the
    /// work's own error, or [`ApiError::Internal`] if the work panicked.
    pub async fn run<T, F>(&self, audience: Audience, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&IndexView) -> indexer::Result<T> + Send + 'static,
    {
        let _slot = self
            .shedder
            .admit()
            .await
            .map_err(|_| ApiError::Overloaded)?;
        let view = self.library.index_for(audience);
        let deadline = Instant::now() + self.settings.search_timeout;
        let work = move || indexer::within_deadline(deadline, || work(&view));
        if Handle::current().runtime_flavor() == RuntimeFlavor::MultiThread {
            return tokio::task::block_in_place(|| {
                std::panic::catch_unwind(AssertUnwindSafe(work))
            })
            .map_err(|_| ApiError::internal(&"a request's work panicked"))?
            .map_err(ApiError::from);
        }
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|join_error| ApiError::internal(&join_error))?
            .map_err(ApiError::from)
    }
}

/// What [`crate::auth::Viewer`] needs of the state to tell who is asking.
impl FromRef<AppState> for Arc<MembersStore> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.members)
    }
}

/// A host name or address with an optional port, nothing that could break out of a link.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_hosts_make_links() {
        for host in [
            "localhost:3000",
            "hinder.example.se",
            "[::1]:8080",
            "10.0.0.2",
        ] {
            assert!(is_plain_host(host), "{host}");
        }
        for host in ["", "evil.example/x", "a\"b", "host name", "x@y"] {
            assert!(!is_plain_host(host), "{host}");
        }
    }
}

/// The scheme and host absolute links start with ([`AppState::base_url`]), for handlers
/// that write permalinks.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl FromRequestParts<AppState> for BaseUrl {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self(state.base_url(&parts.headers)))
    }
}
