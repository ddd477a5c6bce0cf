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
//! role = "editor"            # may publish, edit and withdraw anything; left out: a member
//! password = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! tokens = [{ id = "3f9a2c1d", hash = "…", label = "rapportverktyg", created = "2026-11-27" }]
//! ```
//!
//! A token with `write = true` may change the corpus as its member may; every other token
//! only reads.
//!
//! This file is the file's format and the changes `hinder user` makes to it; how a
//! password is hashed and checked is `passwords.rs`, how a token is made and checked is
//! `tokens.rs`, and how the file is kept from other eyes is `auth/private_file.rs`.

mod error;
mod passwords;
mod secret;
mod tokens;

use std::fs;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use super::private_file::{read_if_present, refuse_exposed, replace_owner_only};
pub use error::{MIN_PASSWORD_CHARS, MembersError};
pub(crate) use secret::random_bytes;
pub use tokens::TokenHash;

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

/// What a member may do beyond reading everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Adds material, and changes and withdraws what they added.
    #[default]
    Member,
    /// The secretariat (redaktör): also publishes, changes and withdraws anything, and
    /// restores what was withdrawn.
    Editor,
}

impl Role {
    /// The word used in the members file and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Editor => "editor",
        }
    }

    /// The Swedish name shown in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Self::Member => "Medlem",
            Self::Editor => "Redaktör",
        }
    }

    fn is_member(&self) -> bool {
        *self == Self::Member
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "member" | "medlem" => Ok(Self::Member),
            "editor" | "redaktor" | "redaktör" => Ok(Self::Editor),
            other => Err(format!("unknown role `{other}`: member or editor")),
        }
    }
}

/// One member.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The name they sign in with.
    pub name: String,
    /// What they may do.
    #[serde(default, skip_serializing_if = "Role::is_member")]
    pub role: Role,
    /// Argon2id hash of the password (PHC string).
    password: String,
    /// API tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tokens: Vec<TokenHash>,
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
            passwords::check_stored(&member.password).map_err(|error| MembersError::Invalid {
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

    /// Adds a member with a role.
    ///
    /// # Errors
    /// For an invalid or taken name, a short password, or no randomness.
    pub fn add(&mut self, name: &str, password: &str, role: Role) -> Result<(), MembersError> {
        check_name(name)?;
        if self.get(name).is_some() {
            return Err(MembersError::Exists(name.to_owned()));
        }
        let password = passwords::hash(password)?;
        if self.session_key.is_empty() {
            self.session_key = URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        }
        self.members.push(Member {
            name: name.to_owned(),
            role,
            password,
            tokens: Vec::new(),
        });
        Ok(())
    }

    /// Gives a member another role; a running server applies it within a second.
    ///
    /// # Errors
    /// For an unknown member.
    pub fn set_role(&mut self, name: &str, role: Role) -> Result<(), MembersError> {
        self.member_mut(name)?.role = role;
        Ok(())
    }

    /// Sets a member's password; their sessions end (the cookie carries a fingerprint of it).
    ///
    /// # Errors
    /// For an unknown member or a short password.
    pub fn set_password(&mut self, name: &str, password: &str) -> Result<(), MembersError> {
        let password = passwords::hash(password)?;
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

    /// Makes an API token for a member and returns it: the only time it is ever shown. A
    /// token reads only, unless `write`.
    ///
    /// # Errors
    /// For an unknown member, or no randomness.
    pub fn create_token(
        &mut self,
        name: &str,
        label: &str,
        created: &str,
        write: bool,
    ) -> Result<String, MembersError> {
        let (stored, token) = TokenHash::create(label, created, write)?;
        self.member_mut(name)?.tokens.push(stored);
        Ok(token)
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
        let member = self.get(name);
        if passwords::verify(member.map(|member| member.password.as_str()), password) {
            member
        } else {
            None
        }
    }

    /// The member an API token belongs to, and the token.
    pub fn verify_token(&self, token: &str) -> Option<(&Member, &TokenHash)> {
        let (id, hash) = tokens::presented(token)?;
        self.members.iter().find_map(|member| {
            member
                .tokens
                .iter()
                .find(|token| token.matches(id, &hash))
                .map(|token| (member, token))
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
        passwords::fingerprint(&self.password)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_are_checked_against_hashes_only() {
        let mut members = Members::default();
        members
            .add("anna", "ett långt lösenord", Role::Member)
            .expect("added");
        let token = members
            .create_token("anna", "rapportverktyg", "2026-11-27", false)
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
            members.verify_token(&token).map(|(m, _)| m.name.as_str()),
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
    fn roles_and_write_tokens_survive_the_file_and_old_tokens_only_read() {
        let mut members = Members::default();
        members
            .add("anna", "ett långt lösenord", Role::Editor)
            .expect("added");
        members
            .add("bo", "ett långt lösenord", Role::Member)
            .expect("added");
        let writes = members
            .create_token("anna", "import", "2026-12-05", true)
            .expect("a token");
        let reads = members
            .create_token("anna", "rapporter", "2026-12-05", false)
            .expect("a token");
        let saved = toml::to_string(&members).expect("serialises");
        // A plain member and a read-only token are written as before roles and write tokens.
        assert_eq!(saved.matches("role = ").count(), 1, "{saved}");
        assert_eq!(saved.matches("write = true").count(), 1, "{saved}");
        let mut members: Members = toml::from_str(&saved).expect("reads back");
        let (anna, token) = members.verify_token(&writes).expect("valid");
        assert_eq!((anna.role, token.write), (Role::Editor, true));
        assert!(!members.verify_token(&reads).expect("valid").1.write);
        members.set_role("anna", Role::Member).expect("a member");
        assert_eq!(members.get("anna").map(|m| m.role), Some(Role::Member));
        assert!(matches!(
            members.set_role("cecilia", Role::Editor),
            Err(MembersError::Unknown(_))
        ));
        let before: Members = toml::from_str(
            "session_key = \"\"\n[[members]]\nname = \"cecilia\"\npassword = \"x\"\n\
             tokens = [{ id = \"3f9a2c1d\", hash = \"ab\", label = \"\", created = \"2026-11-27\" }]\n",
        )
        .expect("a file from before roles");
        let cecilia = before.get("cecilia").expect("cecilia");
        assert_eq!(cecilia.role, Role::Member);
        assert!(!cecilia.tokens()[0].write);
        assert_eq!("redaktör".parse::<Role>(), Ok(Role::Editor));
    }

    #[test]
    fn names_passwords_and_removals_are_validated() {
        let mut members = Members::default();
        assert!(matches!(
            members.add("", "ett långt lösenord", Role::Member),
            Err(MembersError::InvalidName(_))
        ));
        assert!(matches!(
            members.add("a b", "ett långt lösenord", Role::Member),
            Err(MembersError::InvalidName(_))
        ));
        assert!(matches!(
            members.add("anna", "kort", Role::Member),
            Err(MembersError::WeakPassword)
        ));
        members
            .add(
                "anna.svensson@region.se",
                "ett långt lösenord",
                Role::Member,
            )
            .expect("added");
        assert!(matches!(
            members.add(
                "anna.svensson@region.se",
                "ett annat lösenord",
                Role::Member
            ),
            Err(MembersError::Exists(_))
        ));
        let token = members
            .create_token("anna.svensson@region.se", "", "", false)
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
    fn the_file_round_trips_and_bad_files_are_named() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("members.toml");
        assert!(Members::load(&path).expect("missing is empty").is_empty());
        let mut members = Members::default();
        members
            .add("anna", "ett långt lösenord", Role::Member)
            .expect("added");
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
