//! The raw material of secrets: random bytes from the operating system (session keys, salts,
//! tokens, session ids) and hex, how digests and token ids are written down. Failing to get
//! randomness is an error, never a weaker source.

use super::error::MembersError;

/// Random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], MembersError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| MembersError::Random(error.to_string()))?;
    Ok(bytes)
}

/// Bytes as lower-case hex.
pub(super) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}
