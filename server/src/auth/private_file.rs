//! Files that hold secrets: the members file (password hashes, the session key) and the
//! ended sessions beside it. They are created readable and writable by their owner alone
//! from the first byte, replaced whole through a temporary file that is never written
//! through, and refused when others can read them. Shared by [`super::members`] and
//! [`super::ended`], so in a file of its own.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::members::MembersError;

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
pub(super) fn refuse_exposed(path: &Path) -> Result<(), MembersError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Members;
    use crate::auth::Role;

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
        members
            .add("anna", "ett långt lösenord", Role::Member)
            .expect("added");
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
}
