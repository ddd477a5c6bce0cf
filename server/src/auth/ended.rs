//! Sessions that have ended before their time: signed out, or all of a member's sessions
//! ended at once ("sign out everywhere"). Session cookies are signed, not stored
//! ([`super::session`]), so without this list a cookie copied before signing out would read
//! members-only material until it expired.
//!
//! The list is a file beside the members file (`members.ended-sessions`), one line per
//! entry, appended to and never rewritten in place, so that it survives a restart and
//! `hinder user signout` can add to it while the server runs (the server notices within a
//! second, as it does for the members file):
//!
//! ```text
//! session 3q2+7w… 1764480000000     # this session, until it would have expired (ms)
//! member anna 1764436800000         # every session of anna issued up to this time (ms)
//! ```
//!
//! An entry is needed only while the sessions it ends could still be valid ([`LIFETIME`]);
//! older entries are dropped when the file is opened, so it stays as small as a day's
//! sign-outs.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::{Instant, SystemTime};

use super::members::MembersError;
use super::private_file::{owner_only, read_if_present, replace_owner_only};
use super::session::{LIFETIME, Session, millis};
use super::{RECHECK, modified};

/// The ended sessions, from their file (or in memory only, without one).
#[derive(Debug)]
pub struct EndedSessions {
    path: Option<PathBuf>,
    ledger: RwLock<Ledger>,
}

#[derive(Debug, Default)]
struct Ledger {
    /// Session id → when it would have expired (ms since the epoch).
    sessions: HashMap<String, u64>,
    /// Member → sessions issued up to this time have ended (ms since the epoch).
    members: HashMap<String, u64>,
    modified: Option<SystemTime>,
    checked: Option<Instant>,
}

impl EndedSessions {
    /// The list beside a members file (`members.toml` → `members.ended-sessions`).
    pub fn path_beside(members_file: &Path) -> PathBuf {
        members_file.with_extension("ended-sessions")
    }

    /// Reads the list at `path` (a missing file is an empty list) and drops the entries
    /// that no longer matter.
    ///
    /// # Errors
    /// When the file exists but cannot be read, or cannot be rewritten without its stale
    /// entries.
    pub fn open(path: &Path) -> Result<Self, MembersError> {
        let ledger = Ledger::read(path)?;
        let now = millis(SystemTime::now());
        let live = ledger.without_stale(now);
        if live.len() < ledger.len() {
            live.rewrite(path)?;
        }
        let ended = Self {
            path: Some(path.to_owned()),
            ledger: RwLock::new(Ledger {
                modified: modified(path),
                checked: Some(Instant::now()),
                ..live
            }),
        };
        Ok(ended)
    }

    /// A list kept in memory only (no members file): it ends with the process.
    pub fn in_memory() -> Self {
        Self {
            path: None,
            ledger: RwLock::new(Ledger::default()),
        }
    }

    /// Whether a session has ended: signed out itself, or issued before its member's
    /// sessions were all ended.
    pub(crate) fn has_ended(&self, session: &Session) -> bool {
        self.refresh();
        let ledger = self.ledger.read().unwrap_or_else(|e| e.into_inner());
        ledger.sessions.contains_key(&session.id)
            || ledger
                .members
                .get(&session.member)
                .is_some_and(|&until| session.issued <= until)
    }

    /// Ends one session (signing out).
    ///
    /// # Errors
    /// When the entry cannot be written: the session is then not ended.
    pub(crate) fn end(&self, session: &Session) -> Result<(), MembersError> {
        let expires = session.issued.saturating_add(lifetime_millis());
        self.append(&format!("session {} {expires}", session.id))?;
        let mut ledger = self.ledger.write().unwrap_or_else(|e| e.into_inner());
        ledger.sessions.insert(session.id.clone(), expires);
        Ok(())
    }

    /// Ends every session of a member issued up to `now` ("sign out everywhere").
    ///
    /// # Errors
    /// When the entry cannot be written: the sessions are then not ended.
    pub fn end_all(&self, member: &str, now: SystemTime) -> Result<(), MembersError> {
        let until = millis(now);
        self.append(&format!("member {member} {until}"))?;
        let mut ledger = self.ledger.write().unwrap_or_else(|e| e.into_inner());
        let entry = ledger.members.entry(member.to_owned()).or_default();
        *entry = (*entry).max(until);
        Ok(())
    }

    /// Adds a line to the file (none without a file), durably: a sign-out that is answered
    /// has been written.
    fn append(&self, line: &str) -> Result<(), MembersError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let io = |source| MembersError::Io {
            path: path.clone(),
            source,
        };
        let mut file = owner_only(fs::OpenOptions::new().append(true).create(true))
            .open(path)
            .map_err(io)?;
        file.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(io)
    }

    /// Reads the file again when another process has added to it.
    fn refresh(&self) {
        let Some(path) = &self.path else {
            return;
        };
        {
            let ledger = self.ledger.read().unwrap_or_else(|e| e.into_inner());
            if ledger.checked.is_some_and(|at| at.elapsed() < RECHECK) {
                return;
            }
        }
        let mut ledger = self.ledger.write().unwrap_or_else(|e| e.into_inner());
        ledger.checked = Some(Instant::now());
        let now = modified(path);
        if now == ledger.modified {
            return;
        }
        match Ledger::read(path) {
            Ok(read) => {
                ledger.sessions.extend(read.sessions);
                for (member, until) in read.members {
                    let entry = ledger.members.entry(member).or_default();
                    *entry = (*entry).max(until);
                }
                ledger.modified = now;
            }
            Err(error) => {
                tracing::error!(%error, "ended sessions unreadable, keeping the last read")
            }
        }
    }
}

impl Ledger {
    /// The entries of a file; a line that is not an entry (a write cut short by a crash) is
    /// skipped with a warning.
    fn read(path: &Path) -> Result<Self, MembersError> {
        let Some(text) = read_if_present(path)? else {
            return Ok(Self::default());
        };
        let mut ledger = Self::default();
        for (number, line) in text.lines().enumerate() {
            let mut words = line.split_whitespace();
            let entry = (words.next(), words.next(), words.next(), words.next());
            match entry {
                (Some("session"), Some(id), Some(time), None) if time.parse::<u64>().is_ok() => {
                    ledger
                        .sessions
                        .insert(id.to_owned(), time.parse().unwrap_or(0));
                }
                (Some("member"), Some(name), Some(time), None) if time.parse::<u64>().is_ok() => {
                    let entry = ledger.members.entry(name.to_owned()).or_default();
                    *entry = (*entry).max(time.parse().unwrap_or(0));
                }
                (None, ..) => {}
                _ => tracing::warn!(
                    file = %path.display(),
                    line = number + 1,
                    "not an ended session, skipped"
                ),
            }
        }
        Ok(ledger)
    }

    fn len(&self) -> usize {
        self.sessions.len() + self.members.len()
    }

    /// The entries that can still end a valid session at `now`.
    fn without_stale(&self, now: u64) -> Self {
        let lifetime = lifetime_millis();
        Self {
            sessions: self
                .sessions
                .iter()
                .filter(|(_, expires)| **expires > now)
                .map(|(id, expires)| (id.clone(), *expires))
                .collect(),
            members: self
                .members
                .iter()
                .filter(|(_, until)| until.saturating_add(lifetime) > now)
                .map(|(name, until)| (name.clone(), *until))
                .collect(),
            ..Self::default()
        }
    }

    /// Replaces the file with these entries.
    fn rewrite(&self, path: &Path) -> Result<(), MembersError> {
        let mut text = String::new();
        for (id, expires) in &self.sessions {
            text.push_str(&format!("session {id} {expires}\n"));
        }
        for (name, until) in &self.members {
            text.push_str(&format!("member {name} {until}\n"));
        }
        replace_owner_only(path, text.as_bytes())
    }
}

fn lifetime_millis() -> u64 {
    u64::try_from(LIFETIME.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn session(member: &str, id: &str, issued: SystemTime) -> Session {
        Session {
            member: member.to_owned(),
            id: id.to_owned(),
            issued: millis(issued),
        }
    }

    #[test]
    fn a_signed_out_session_stays_ended_after_a_restart() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = EndedSessions::path_beside(&dir.path().join("members.toml"));
        let now = SystemTime::now();
        let (mine, other) = (session("anna", "a1", now), session("anna", "a2", now));
        let ended = EndedSessions::open(&path).expect("no file yet");
        assert!(!ended.has_ended(&mine));
        ended.end(&mine).expect("written");
        assert!(ended.has_ended(&mine) && !ended.has_ended(&other));

        let restarted = EndedSessions::open(&path).expect("read back");
        assert!(restarted.has_ended(&mine), "survives a restart");
        assert!(!restarted.has_ended(&other), "only that session");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("file").permissions().mode();
            assert_eq!(mode & 0o077, 0, "owner only: {mode:o}");
        }
    }

    #[test]
    fn signing_out_everywhere_ends_earlier_sessions_only() {
        let ended = EndedSessions::in_memory();
        let now = SystemTime::now();
        let before = session("anna", "a1", now - Duration::from_secs(60));
        let later = session("anna", "a2", now + Duration::from_millis(1));
        let bertil = session("bertil", "b1", now - Duration::from_secs(60));
        ended.end_all("anna", now).expect("in memory");
        assert!(ended.has_ended(&before));
        assert!(!ended.has_ended(&later), "a sign-in afterwards works");
        assert!(!ended.has_ended(&bertil));
    }

    #[test]
    fn another_process_s_entries_are_noticed_and_stale_ones_dropped() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("members.ended-sessions");
        let now = SystemTime::now();
        let long_ago = millis(now - LIFETIME - Duration::from_secs(60));
        fs::write(
            &path,
            format!("session old {long_ago}\nmember old {long_ago}\nhalf a li\n"),
        )
        .expect("written");
        let server = EndedSessions::open(&path).expect("opened");
        let text = fs::read_to_string(&path).expect("read");
        assert!(
            text.is_empty(),
            "stale entries and torn lines dropped: {text:?}"
        );

        let anna = session("anna", "a1", now - Duration::from_secs(5));
        assert!(!server.has_ended(&anna));
        EndedSessions::open(&path)
            .expect("a second process")
            .end_all("anna", now)
            .expect("written");
        // The server looks at the file again at most once a second.
        std::thread::sleep(RECHECK + Duration::from_millis(50));
        assert!(server.has_ended(&anna), "the other process's entry is seen");
    }
}
