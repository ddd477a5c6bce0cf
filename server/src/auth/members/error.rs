//! Why the members file cannot be used or changed: the one error of [`super`], in a file of
//! its own so that each part (the file, passwords, tokens, owner-only files) returns it. The
//! shortest password is stated here because the error that refuses a shorter one quotes it.

use std::path::PathBuf;

/// Shortest password `hinder user add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 10;

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
