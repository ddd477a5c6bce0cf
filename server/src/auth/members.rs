//! The members file: who may sign in, with hashes only.
//!
//! Passwords are stored as Argon2id hashes (slow on purpose: they are guessable), API tokens
//! as SHA-256 hashes (fast is fine: a token is 256 random bits, nothing to guess). A token
//! reads `hinder_{id}_{secret}`: the id finds the token without trying every hash, the
//! secret proves it. `hinder user` writes the file; the server reads it and notices when it
//! changes.
//!
//! ```toml
//! session_key = "…"          # signs session cookies; generated with the first member
//!
//! [[members]]
//! name = "anna"
//! password = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! tokens = [{ id = "3f9a2c1d", hash = "…", label = "rapportverktyg", created = "2026-11-27" }]
//! ```

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest password `hinder user add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// What every token starts with, so that secret scanners and people recognise it.
const TOKEN_PREFIX: &str = "hinder_";

/// Why the members file cannot be used or changed.
#[derive(Debug, thiserror::Error)]
pub enum MembersError {
    /// The file cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a members file.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The file can be read by others than its owner: it holds the password hashes and the
    /// key that signs sessions, so it is not used until that is fixed.
    #[error(
        "{path} can be read by others (mode {mode:04o}); it holds password hashes and the \
         session key: run `chmod 600 {path}`",
        path = path.display()
    )]
    Exposed {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A name that is empty, too long or holds other than letters, digits, `.`, `-`, `_`, `@`.
    #[error("invalid member name `{0}`: use 1 to 64 letters, digits, `.`, `-`, `_` or `@`")]
    InvalidName(String),
    /// `hinder user add` for a name that exists.
    #[error("member `{0}` exists already")]
    Exists(String),
    /// A name that is not a member.
    #[error("no member named `{0}`")]
    Unknown(String),
    /// A password shorter than [`MIN_PASSWORD_CHARS`].
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    /// Hashing failed (it does not, with valid parameters).
    #[error("hashing the password: {0}")]
    Hash(String),
    /// No randomness from the operating system.
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
}

/// The members and the key that signs their sessions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Members {
    /// Key of the session cookies' signatures (URL-safe base64 of 32 bytes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    session_key: String,
    #[serde(default)]
    members: Vec<Member>,
}

/// One member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The name they sign in with.
    pub name: String,
    /// Argon2id hash of the password (PHC string).
    password: String,
    /// API tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tokens: Vec<TokenHash>,
}

/// An API token, by its hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenHash {
    /// The public part of the token, to find it.
    pub id: String,
    /// SHA-256 of the secret part, hex.
    hash: String,
    /// What the token is for.
    #[serde(default)]
    pub label: String,
    /// When it was made (`YYYY-MM-DD`).
    #[serde(default)]
    pub created: String,
}

/// A file's text, or `None` when there is no such file.
pub(super) fn read_if_present(path: &Path) -> Result<Option<String>, MembersError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MembersError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Options that create a file readable and writable by its owner only, from the first byte.
pub(super) fn owner_only(options: &mut fs::OpenOptions) -> &mut fs::OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Replaces `path` with `bytes` through `path.tmp`, so that a crash never leaves half a
/// file. The temporary file is created new and owner-only: a file or a symbolic link left
/// at its name (a crash, or someone else) is never written through; it is removed (the
/// link itself, not what it points to) and the file made afresh.
pub(super) fn replace_owner_only(path: &Path, bytes: &[u8]) -> Result<(), MembersError> {
    let io = |source| MembersError::Io {
        path: path.to_owned(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let create =
        || owner_only(fs::OpenOptions::new().write(true).create_new(true)).open(&temporary);
    let mut file = match create() {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(&temporary).map_err(io)?;
            create().map_err(io)?
        }
        other => other.map_err(io)?,
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io)?;
    fs::rename(&temporary, path).map_err(io)
}

/// Refuses a members file that others than its owner can read.
fn refuse_exposed(path: &Path) -> Result<(), MembersError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)
            .map_err(|source| MembersError::Io {
                path: path.to_owned(),
                source,
            })?
            .permissions()
            .mode()
            & 0o777;
        if mode & 0o077 != 0 {
            return Err(MembersError::Exposed {
                path: path.to_owned(),
                mode,
            });
        }
    }
    Ok(())
}

impl Members {
    /// Reads a members file; a missing file means no members (nobody can sign in).
    ///
    /// # Errors
    /// When the file exists but cannot be read or is not a members file.
    pub fn load(path: &Path) -> Result<Self, MembersError> {
        let Some(text) = read_if_present(path)? else {
            return Ok(Self::default());
        };
        refuse_exposed(path)?;
        let members: Self = toml::from_str(&text).map_err(|error| MembersError::Invalid {
            path: path.to_owned(),
            message: error.to_string(),
        })?;
        for member in &members.members {
            PasswordHash::new(&member.password).map_err(|error| MembersError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "member `{}`: unreadable password hash: {error}",
                    member.name
                ),
            })?;
        }
        Ok(members)
    }

    /// Writes the file readable by its owner only, through a temporary file so that a
    /// crash never leaves half a file.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), MembersError> {
        let io = |source| MembersError::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io)?;
        }
        let text = toml::to_string(self).map_err(|error| MembersError::Invalid {
            path: path.to_owned(),
            message: error.to_string(),
        })?;
        let text = format!("# Hinder's members: written by `hinder user`, hashes only.\n{text}");
        replace_owner_only(path, text.as_bytes())
    }

    /// The members, in the file's order.
    pub fn list(&self) -> &[Member] {
        &self.members
    }

    /// Whether anyone can sign in.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The key that signs session cookies (empty when there are no members).
    pub(crate) fn session_key(&self) -> Vec<u8> {
        URL_SAFE_NO_PAD
            .decode(&self.session_key)
            .unwrap_or_default()
    }

    /// A member by name.
    pub fn get(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.name == name)
    }

    /// Adds a member.
    ///
    /// # Errors
    /// For an invalid or taken name, a short password, or no randomness.
    pub fn add(&mut self, name: &str, password: &str) -> Result<(), MembersError> {
        check_name(name)?;
        if self.get(name).is_some() {
            return Err(MembersError::Exists(name.to_owned()));
        }
        let password = hash_password(password)?;
        if self.session_key.is_empty() {
            self.session_key = URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        }
        self.members.push(Member {
            name: name.to_owned(),
            password,
            tokens: Vec::new(),
        });
        Ok(())
    }

    /// Sets a member's password; their sessions end (the cookie carries a fingerprint of it).
    ///
    /// # Errors
    /// For an unknown member or a short password.
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<(), MembersError> {
        let password = hash_password(password)?;
        self.member_mut(name)?.password = password;
        Ok(())
    }

    /// Removes a member with their tokens; their sessions end.
    ///
    /// # Errors
    /// For an unknown member.
    pub fn remove(&mut self, name: &str) -> Result<(), MembersError> {
        let before = self.members.len();
        self.members.retain(|member| member.name != name);
        if self.members.len() == before {
            return Err(MembersError::Unknown(name.to_owned()));
        }
        Ok(())
    }

    /// Makes an API token for a member and returns it: the only time it is ever shown.
    ///
    /// # Errors
    /// For an unknown member, or no randomness.
    pub fn create_token(
        &mut self,
        name: &str,
        label: &str,
        created: &str,
    ) -> Result<String, MembersError> {
        let id = hex(&random_bytes::<4>()?);
        let secret = URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        let hash = hex(&Sha256::digest(secret.as_bytes()));
        self.member_mut(name)?.tokens.push(TokenHash {
            id: id.clone(),
            hash,
            label: label.to_owned(),
            created: created.to_owned(),
        });
        Ok(format!("{TOKEN_PREFIX}{id}_{secret}"))
    }

    /// Revokes a token by its id.
    ///
    /// # Errors
    /// When no member has a token with this id.
    pub fn revoke_token(&mut self, id: &str) -> Result<(), MembersError> {
        for member in &mut self.members {
            let before = member.tokens.len();
            member.tokens.retain(|token| token.id != id);
            if member.tokens.len() < before {
                return Ok(());
            }
        }
        Err(MembersError::Unknown(format!("token {id}")))
    }

    /// The member a password belongs to. Takes as long for an unknown name as for a known
    /// one, so that the time does not tell which names exist.
    pub fn verify_password(&self, name: &str, password: &str) -> Option<&Member> {
        match self.get(name) {
            Some(member) => {
                let hash = PasswordHash::new(&member.password).ok()?;
                Argon2::default()
                    .verify_password(password.as_bytes(), &hash)
                    .ok()
                    .map(|()| member)
            }
            None => {
                // The same work as for a member, whatever the password: a hash is checked.
                if let Some(hash) = dummy_hash().and_then(|hash| PasswordHash::new(hash).ok()) {
                    let _ = Argon2::default().verify_password(password.as_bytes(), &hash);
                }
                None
            }
        }
    }

    /// The member an API token belongs to.
    pub fn verify_token(&self, token: &str) -> Option<&Member> {
        let (id, secret) = token.strip_prefix(TOKEN_PREFIX)?.split_once('_')?;
        let hash = hex(&Sha256::digest(secret.as_bytes()));
        self.members.iter().find(|member| {
            member.tokens.iter().any(|token| {
                token.id == id && bool::from(token.hash.as_bytes().ct_eq(hash.as_bytes()))
            })
        })
    }

    fn member_mut(&mut self, name: &str) -> Result<&mut Member, MembersError> {
        self.members
            .iter_mut()
            .find(|member| member.name == name)
            .ok_or_else(|| MembersError::Unknown(name.to_owned()))
    }
}

impl Member {
    /// The member's tokens (ids and labels, never secrets).
    pub fn tokens(&self) -> &[TokenHash] {
        &self.tokens
    }

    /// A fingerprint of the password hash: a session signed with another one has ended.
    pub(crate) fn password_fingerprint(&self) -> String {
        hex(&Sha256::digest(self.password.as_bytes())[..8])
    }
}

fn check_name(name: &str) -> Result<(), MembersError> {
    let valid = (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if valid {
        Ok(())
    } else {
        Err(MembersError::InvalidName(name.to_owned()))
    }
}

/// A hash no password is known for, made as every member's is: checking a password for a
/// name that does not exist costs what checking a member's does, so the time of an answer
/// does not tell which names exist. (Hashing the attempt instead returned at once for a
/// password too short to hash.)
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let secret = random_bytes::<24>().ok()?;
            hash_password(&URL_SAFE_NO_PAD.encode(secret)).ok()
        })
        .as_deref()
}

fn hash_password(password: &str) -> Result<String, MembersError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(MembersError::WeakPassword);
    }
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|error: password_hash::Error| MembersError::Hash(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| MembersError::Hash(error.to_string()))
}

/// Random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], MembersError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| MembersError::Random(error.to_string()))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_are_checked_against_hashes_only() {
        let mut members = Members::default();
        members.add("anna", "ett långt lösenord").expect("added");
        let token = members
            .create_token("anna", "rapportverktyg", "2026-11-27")
            .expect("a token");
        let saved = toml::to_string(&members).expect("serialises");
        assert!(!saved.contains("ett långt lösenord"));
        // The secret is everything after `hinder_{id}_`: base64url, so it may hold `_` itself.
        let secret = token.splitn(3, '_').nth(2).expect("secret");
        assert!(secret.len() >= 40, "{token}");
        assert!(!saved.contains(secret));
        assert!(saved.contains("$argon2id$"));

        let members: Members = toml::from_str(&saved).expect("reads back");
        assert_eq!(
            members
                .verify_password("anna", "ett långt lösenord")
                .map(|m| m.name.as_str()),
            Some("anna")
        );
        assert!(
            members
                .verify_password("anna", "ett långt lösenorD")
                .is_none()
        );
        assert!(
            members
                .verify_password("bertil", "ett långt lösenord")
                .is_none()
        );
        assert_eq!(
            members.verify_token(&token).map(|m| m.name.as_str()),
            Some("anna")
        );
        let last = if token.ends_with('A') { 'B' } else { 'A' };
        let forged = format!("{}{last}", &token[..token.len() - 1]);
        assert!(members.verify_token(&forged).is_none());
        assert!(members.verify_token("hinder_nope").is_none());
        assert!(members.verify_token("").is_none());
        assert_eq!(members.session_key().len(), 32);
    }

    #[test]
    fn names_passwords_and_removals_are_validated() {
        let mut members = Members::default();
        assert!(matches!(
            members.add("", "ett långt lösenord"),
            Err(MembersError::InvalidName(_))
        ));
        assert!(matches!(
            members.add("a b", "ett långt lösenord"),
            Err(MembersError::InvalidName(_))
        ));
        assert!(matches!(
            members.add("anna", "kort"),
            Err(MembersError::WeakPassword)
        ));
        members
            .add("anna.svensson@region.se", "ett långt lösenord")
            .expect("added");
        assert!(matches!(
            members.add("anna.svensson@region.se", "ett annat lösenord"),
            Err(MembersError::Exists(_))
        ));
        let token = members
            .create_token("anna.svensson@region.se", "", "")
            .expect("token");
        let id = token.split('_').nth(1).expect("id").to_owned();
        members.revoke_token(&id).expect("revoked");
        assert!(members.verify_token(&token).is_none());
        members.remove("anna.svensson@region.se").expect("removed");
        assert!(matches!(
            members.remove("anna.svensson@region.se"),
            Err(MembersError::Unknown(_))
        ));
    }

    #[test]
    fn unknown_names_cost_what_members_cost_whatever_the_password() {
        let mut members = Members::default();
        members.add("anna", "ett långt lösenord").expect("added");
        let median = |name: &str, password: &str| {
            let mut times: Vec<std::time::Duration> = (0..7)
                .map(|_| {
                    let started = std::time::Instant::now();
                    assert!(members.verify_password(name, password).is_none());
                    started.elapsed()
                })
                .collect();
            times.sort();
            times[3]
        };
        // Warm the dummy hash up: it is made on first use.
        let _ = members.verify_password("okänd", "x");
        for password in ["kort", "ett helt annat långt lösenord"] {
            let member = median("anna", password);
            let unknown = median("okänd", password);
            let ratio = unknown.as_secs_f64() / member.as_secs_f64();
            assert!(
                (0.33..3.0).contains(&ratio),
                "{password:?}: unknown {unknown:?} against member {member:?} (ratio {ratio:.2})"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_or_link_left_at_the_temporary_name_is_never_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("members.toml");
        let temporary = path.with_extension("toml.tmp");
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "untouched").expect("write");
        std::os::unix::fs::symlink(&elsewhere, &temporary).expect("a link");
        let mut members = Members::default();
        members.add("anna", "ett långt lösenord").expect("added");
        members.save(&path).expect("saved");
        assert_eq!(fs::read_to_string(&elsewhere).expect("read"), "untouched");
        assert!(!temporary.exists());

        fs::write(&temporary, "left by a crash").expect("write");
        fs::set_permissions(&temporary, fs::Permissions::from_mode(0o644)).expect("chmod");
        members.save(&path).expect("saved again");
        let mode = fs::metadata(&path).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "never the leftover's mode");
        assert!(Members::load(&path).expect("loads").get("anna").is_some());
    }

    #[test]
    fn the_file_round_trips_and_bad_files_are_named() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("members.toml");
        assert!(Members::load(&path).expect("missing is empty").is_empty());
        let mut members = Members::default();
        members.add("anna", "ett långt lösenord").expect("added");
        members.save(&path).expect("saved");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let loaded = Members::load(&path).expect("loads");
        assert!(
            loaded
                .verify_password("anna", "ett långt lösenord")
                .is_some()
        );

        fs::write(
            &path,
            "[[members]]\nname = \"anna\"\npassword = \"hunter2\"\n",
        )
        .expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
            let error = Members::load(&path).expect_err("a file others can read is refused");
            assert!(error.to_string().contains("chmod 600"), "{error}");
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        let error = Members::load(&path).expect_err("a plain password is refused");
        assert!(
            error.to_string().contains("unreadable password hash"),
            "{error}"
        );
    }
}
