//! Passwords, stored as Argon2id hashes (PHC strings): slow on purpose, because a password
//! can be guessed. Checking a password for a name that is no member's costs what checking a
//! member's does, so the time of an answer does not tell which names exist.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::error::{MIN_PASSWORD_CHARS, MembersError};
use super::secret::{hex, random_bytes};

/// The hash to store for a new password; a password shorter than [`MIN_PASSWORD_CHARS`] is
/// refused.
pub(super) fn hash(password: &str) -> Result<String, MembersError> {
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

/// Whether a stored hash reads as one: a file with a plain password in it is refused.
pub(super) fn check_stored(stored: &str) -> Result<(), password_hash::Error> {
    PasswordHash::new(stored).map(drop)
}

/// Whether `password` is the one a member's stored hash was made from. Without a member
/// (`None`), a hash no password is known for is checked instead: the same work, whatever
/// the password.
pub(super) fn verify(stored: Option<&str>, password: &str) -> bool {
    match stored {
        Some(stored) => PasswordHash::new(stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        }),
        None => {
            if let Some(hash) = dummy_hash().and_then(|hash| PasswordHash::new(hash).ok()) {
                let _ = Argon2::default().verify_password(password.as_bytes(), &hash);
            }
            false
        }
    }
}

/// A fingerprint of a stored hash: a session signed with another one has ended.
pub(super) fn fingerprint(stored: &str) -> String {
    hex(&Sha256::digest(stored.as_bytes())[..8])
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
            hash(&URL_SAFE_NO_PAD.encode(secret)).ok()
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use crate::auth::Members;

    #[test]
    fn unknown_names_cost_what_members_cost_whatever_the_password() {
        let mut members = Members::default();
        members
            .add("anna", "ett långt lösenord", crate::auth::Role::Member)
            .expect("added");
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
}
