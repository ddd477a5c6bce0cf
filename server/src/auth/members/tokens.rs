//! API tokens. A token reads `hinder_{id}_{secret}`: the id finds the token without trying
//! every hash, the secret proves it. Only the id and a SHA-256 hash of the secret are
//! stored (fast is fine: a secret is 256 random bits, nothing to guess), and hashes are
//! compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::MembersError;
use super::secret::{hex, random_bytes};

/// What every token starts with, so that secret scanners and people recognise it.
const TOKEN_PREFIX: &str = "hinder_";

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
    /// Whether the token may change the corpus (add, edit, withdraw) as its member may;
    /// otherwise it only reads. Tokens made before tokens could write have none: they read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write: bool,
}

impl TokenHash {
    /// A new token: what to store of it, and the token itself, to be shown once.
    pub(super) fn create(
        label: &str,
        created: &str,
        write: bool,
    ) -> Result<(Self, String), MembersError> {
        let id = hex(&random_bytes::<4>()?);
        let secret = URL_SAFE_NO_PAD.encode(random_bytes::<32>()?);
        let hash = hex(&Sha256::digest(secret.as_bytes()));
        let token = format!("{TOKEN_PREFIX}{id}_{secret}");
        let stored = Self {
            id,
            hash,
            label: label.to_owned(),
            created: created.to_owned(),
            write,
        };
        Ok((stored, token))
    }

    /// Whether this is the token with this id and secret hash ([`presented`]).
    pub(super) fn matches(&self, id: &str, hash: &str) -> bool {
        self.id == id && bool::from(self.hash.as_bytes().ct_eq(hash.as_bytes()))
    }
}

/// The id and the secret's hash of a token as presented; `None` when it is not a token.
pub(super) fn presented(token: &str) -> Option<(&str, String)> {
    let (id, secret) = token.strip_prefix(TOKEN_PREFIX)?.split_once('_')?;
    Some((id, hex(&Sha256::digest(secret.as_bytes()))))
}
