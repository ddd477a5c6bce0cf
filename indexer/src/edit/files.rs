//! Writing corpus files so that whoever reads them (the index's watcher, a person, the same
//! program after a crash) sees the old file or the new one, never part of one, and so that
//! no file is ever written over unless replacing it is the point.
//!
//! A new file is written beside its target under a hidden name (the corpus listing skips
//! names that start with `.`), synced, and then linked into place: linking fails when the
//! name exists, so two writers cannot both take it. A replaced file is renamed over the old
//! one. The folder is synced after each, so the name survives a power cut too.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path`, which must not exist yet.
///
/// # Errors
/// [`io::ErrorKind::AlreadyExists`] when it does; any error of writing.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_temporary(path, bytes)?;
    let linked = link_new(&temporary, path);
    let _ = fs::remove_file(&temporary);
    linked?;
    sync_folder(path)
}

/// Writes `bytes` to `path` in place of what it holds, or as a new file.
///
/// # Errors
/// Any error of writing; the old file is then untouched.
pub(super) fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_temporary(path, bytes)?;
    if let Err(error) = fs::rename(&temporary, path) {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    sync_folder(path)
}

/// Moves `from` to `to`, which must not exist yet, creating `to`'s folders.
///
/// # Errors
/// [`io::ErrorKind::AlreadyExists`] when `to` exists; any error of moving.
pub(super) fn move_new(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(folder) = to.parent() {
        fs::create_dir_all(folder)?;
    }
    link_new(from, to)?;
    fs::remove_file(from)?;
    sync_folder(to)?;
    sync_folder(from)
}

/// Links `from` at `to` unless `to` exists. Where the file system has no hard links, the
/// check and a rename stand in (a writer between them could still lose; every writer of
/// the corpus also holds the [`CorpusLock`]).
fn link_new(from: &Path, to: &Path) -> io::Result<()> {
    match fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if fs::symlink_metadata(to).is_ok() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(from, to),
    }
}

/// The bytes in a hidden file beside `path`, synced to disk.
fn write_temporary(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(error) = written {
        drop(file);
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(temporary)
}

/// Removes the temporary files that writers killed part-way left below `folder` (a process
/// that no longer runs wrote them; another process's writes in progress are left alone).
/// They are hidden, so the corpus reader never read them; this only keeps the folder clean.
pub(super) fn remove_abandoned(folder: &Path) {
    for entry in walkdir::WalkDir::new(folder).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        let Some(writer) = temporary_writer(&name) else {
            continue;
        };
        if entry.file_type().is_file() && !is_running(writer) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a name [`write_temporary`] made (`.NAME.PID-N.tmp`).
fn temporary_writer(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = inner.rsplit_once('.')?;
    let (pid, counter) = tail.split_once('-')?;
    counter.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether a process runs: this one, or (where `/proc` tells) another. Where nothing tells,
/// it is taken to run, so that nothing in progress is removed.
fn is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    pid == std::process::id() || !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Syncs the folder that holds `path`, so that a new name in it is on disk too.
fn sync_folder(path: &Path) -> io::Result<()> {
    match path.parent() {
        // Folders cannot be opened for syncing on every platform; the data is synced anyway.
        Some(folder) => File::open(folder)
            .and_then(|folder| folder.sync_all())
            .or(Ok(())),
        None => Ok(()),
    }
}

/// Held while a change is made: one change at a time per corpus, in this process and in
/// others (`hinder add` while `hinder serve` saves a form). The lock is on the corpus
/// folder itself, so no lock file lands among the users' files.
#[derive(Debug)]
pub(super) struct CorpusLock {
    file: File,
}

impl CorpusLock {
    /// Waits for the corpus's lock and takes it.
    ///
    /// # Errors
    /// When the folder cannot be opened or locked.
    pub(super) fn acquire(corpus: &Path) -> io::Result<Self> {
        let file = File::open(corpus)?;
        file.lock()?;
        Ok(Self { file })
    }
}

impl Drop for CorpusLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        write_new(&path, b"first").unwrap();
        let error = write_new(&path, b"second").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        // No temporary file is left behind, whatever happened.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.md"]);
    }

    #[test]
    fn replacing_swaps_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        replace(&path, b"title = \"x\"\n").unwrap();
        replace(&path, b"title = \"y\"\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"title = \"y\"\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn files_a_killed_writer_left_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let abandoned = dir.path().join(".rapport.pdf.4294967294-3.tmp");
        let in_progress = dir
            .path()
            .join(format!(".a.md.{}-0.tmp", std::process::id()));
        let hidden = dir.path().join(".anteckning.tmp");
        for path in [&abandoned, &in_progress, &hidden] {
            fs::write(path, b"x").unwrap();
        }
        remove_abandoned(dir.path());
        assert!(!abandoned.exists());
        assert!(in_progress.exists() && hidden.exists());
        assert_eq!(temporary_writer(".möte 4.pptx.12-7.tmp"), Some(12));
        assert_eq!(temporary_writer("möte.pptx"), None);
    }

    #[test]
    fn a_move_keeps_the_file_and_refuses_a_taken_name() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("documents/a.pdf");
        let to = dir.path().join("withdrawn/sub/a.pdf");
        fs::create_dir_all(from.parent().unwrap()).unwrap();
        fs::write(&from, b"%PDF-").unwrap();
        move_new(&from, &to).unwrap();
        assert!(!from.exists());
        assert_eq!(fs::read(&to).unwrap(), b"%PDF-");
        fs::write(&from, b"other").unwrap();
        let error = move_new(&from, &to).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&from).unwrap(), b"other");
        assert_eq!(fs::read(&to).unwrap(), b"%PDF-");
    }
}
