//! Who is asking: members sign in with an API token (`Authorization: Bearer …`) or through
//! the login form (a signed session cookie); everyone else is the public. Every handler
//! that reads the index takes a [`Viewer`] and reads the index of its audience
//! ([`indexer::Audience`]), so that what an anonymous caller can learn is decided in one
//! place, by which index answers.

mod ended;
pub mod members;
mod private_file;
pub(crate) mod session;
mod throttle;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{FromRef, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use indexer::Audience;

use crate::error::ApiError;
pub use ended::EndedSessions;
pub use members::{Members, MembersError, Role};
pub(crate) use throttle::LoginThrottle;

/// How often the members file is looked at for changes (`hinder user` while serving).
pub(crate) const RECHECK: Duration = Duration::from_secs(1);

/// The caller of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    member: Option<Signed>,
}

/// A member as a request carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Signed {
    name: String,
    role: Role,
    /// Signed in through the forms (a session), or with a token made with `--write`.
    writes: bool,
}

impl Viewer {
    /// A member signed in through the forms, who may do what their role allows.
    pub fn member(name: &str) -> Self {
        Self::signed_in(name, Role::Member, true)
    }

    /// A member with a role, who may change the corpus (`writes`) or only read.
    pub fn signed_in(name: &str, role: Role, writes: bool) -> Self {
        Self {
            member: Some(Signed {
                name: name.to_owned(),
                role,
                writes,
            }),
        }
    }

    /// The member's name, or `None` for the public.
    pub fn name(&self) -> Option<&str> {
        self.member.as_ref().map(|member| member.name.as_str())
    }

    /// The member's role, or `None` for the public.
    pub fn role(&self) -> Option<Role> {
        self.member.as_ref().map(|member| member.role)
    }

    /// Whether the caller may change the corpus at all: a member signed in through the
    /// forms, or with a write token.
    pub fn may_write(&self) -> bool {
        self.member.as_ref().is_some_and(|member| member.writes)
    }

    /// Whether the caller may do what editors do (publish, change and withdraw anything,
    /// restore): an editor who may write.
    pub fn is_editor(&self) -> bool {
        self.may_write() && self.role() == Some(Role::Editor)
    }

    /// Whether the caller may change or withdraw a document: editors anything, members
    /// what they added themselves.
    pub fn may_change(&self, document: &indexer::DocumentSummary) -> bool {
        let added_by = document.added.as_ref().map(|added| added.by.as_str());
        self.is_editor() || (self.may_write() && added_by.is_some() && added_by == self.name())
    }

    /// Which index answers this caller.
    pub fn audience(&self) -> Audience {
        match self.member {
            Some(_) => Audience::Members,
            None => Audience::Public,
        }
    }
}

/// Any state that holds the members answers who is asking: the extractor needs nothing
/// else of it.
impl<S> FromRequestParts<S> for Viewer
where
    S: Send + Sync,
    Arc<MembersStore>: FromRef<S>,
{
    type Rejection = ApiError;

    /// A token that is sent must be valid (a tool should hear that its token is wrong, not
    /// silently see less); a session cookie that is no longer valid just means the public.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        // Decided once per request: the caching layer asks first and leaves the answer here.
        if let Some(viewer) = parts.extensions.get::<Self>() {
            return Ok(viewer.clone());
        }
        let store = Arc::<MembersStore>::from_ref(state);
        let members = store.current();
        if let Some(header) = parts.headers.get(AUTHORIZATION) {
            let token = header
                .to_str()
                .ok()
                .and_then(|value| value.strip_prefix("Bearer "))
                .ok_or(ApiError::Unauthorized)?;
            let (member, token) = members
                .verify_token(token.trim())
                .ok_or(ApiError::Unauthorized)?;
            return Ok(Self::signed_in(&member.name, member.role, token.write));
        }
        // The role is read from the members file as it is now: a change applies at once.
        Ok(store
            .session(&parts.headers)
            .and_then(|session| members.get(&session.member))
            .map_or_else(Self::default, |member| {
                Self::signed_in(&member.name, member.role, true)
            }))
    }
}

/// The members file as the server sees it (read at start, and again when it changes), with
/// the sessions that have ended.
#[derive(Debug)]
pub struct MembersStore {
    path: Option<PathBuf>,
    loaded: RwLock<Loaded>,
    ended: EndedSessions,
}

#[derive(Debug)]
struct Loaded {
    members: Arc<Members>,
    modified: Option<SystemTime>,
    checked: Instant,
}

impl MembersStore {
    /// Reads the members file at `path` and the ended sessions beside it.
    ///
    /// # Errors
    /// When a file exists but is unreadable or invalid: better not to start than to run
    /// without the members someone configured, or with sessions back that were ended.
    pub fn open(path: &Path) -> Result<Self, MembersError> {
        Ok(Self {
            path: Some(path.to_owned()),
            loaded: RwLock::new(Loaded {
                members: Arc::new(Members::load(path)?),
                modified: modified(path),
                checked: Instant::now(),
            }),
            ended: EndedSessions::open(&EndedSessions::path_beside(path))?,
        })
    }

    /// Fixed members, never re-read (no file); ended sessions are kept in memory.
    pub fn fixed(members: Members) -> Self {
        Self {
            path: None,
            loaded: RwLock::new(Loaded {
                members: Arc::new(members),
                modified: None,
                checked: Instant::now(),
            }),
            ended: EndedSessions::in_memory(),
        }
    }

    /// The session a request's cookie holds, if it is genuine, current and not ended.
    pub(crate) fn session(&self, headers: &HeaderMap) -> Option<session::Session> {
        let cookie = session::from_headers(headers)?;
        session::verify(&self.current(), cookie, SystemTime::now())
            .filter(|session| !self.ended.has_ended(session))
    }

    /// The sessions that have ended: signing out adds to them.
    pub(crate) fn ended(&self) -> &EndedSessions {
        &self.ended
    }

    /// The members now. A file that has become invalid keeps the last good members and is
    /// reported in the log.
    pub fn current(&self) -> Arc<Members> {
        let read = |loaded: &RwLock<Loaded>| {
            loaded
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .members
                .clone()
        };
        let Some(path) = &self.path else {
            return read(&self.loaded);
        };
        {
            let loaded = self
                .loaded
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if loaded.checked.elapsed() < RECHECK {
                return loaded.members.clone();
            }
        }
        let mut loaded = self
            .loaded
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        loaded.checked = Instant::now();
        let now = modified(path);
        if now != loaded.modified {
            match Members::load(path) {
                Ok(members) => {
                    tracing::info!(members = members.list().len(), "members file reloaded");
                    loaded.members = Arc::new(members);
                    loaded.modified = now;
                }
                Err(error) => {
                    tracing::error!(%error, "members file invalid, keeping the last good one")
                }
            }
        }
        loaded.members.clone()
    }
}

impl Default for MembersStore {
    fn default() -> Self {
        Self::fixed(Members::default())
    }
}

/// When a file was last changed, if it exists: the members file and the ended sessions are
/// read again when this changes.
pub(crate) fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}
