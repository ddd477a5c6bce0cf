//! Committing a change where the corpus is (inside) a git work tree: every change is one
//! commit of only the paths it touched, authored by the person who made it and committed
//! by Hinder, as git-backed wikis and CMSs do. Git is run as a program (`git` on the path):
//! the commit is then exactly what a person's `git commit` would make, hooks and
//! configuration aside.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use super::author::Author;

/// Who commits, on behalf of the author.
const COMMITTER_NAME: &str = "Hinder";
const COMMITTER_EMAIL: &str = "hinder@localhost";

/// How often a commit is tried while another git process holds the index lock.
const LOCK_ATTEMPTS: u32 = 50;
const LOCK_WAIT: Duration = Duration::from_millis(100);

/// What became of a change in git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commit {
    /// Committed: the commit's id.
    Recorded(String),
    /// The corpus is not in a git work tree (or git is not installed): the change is in the
    /// files and their history only.
    NoRepository,
    /// The files were changed, but git refused the commit; what it said.
    Failed(String),
}

/// The git work tree the corpus is in.
#[derive(Debug, Clone)]
pub(super) struct Repository {
    top: PathBuf,
}

impl Repository {
    /// The work tree that holds `corpus`, if any.
    pub(super) fn find(corpus: &Path) -> Option<Self> {
        let output = git(corpus)
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let top = String::from_utf8(output.stdout).ok()?;
        Some(Self {
            top: PathBuf::from(top.trim_end_matches(['\n', '\r'])),
        })
    }

    /// Commits the current state of `paths` (new, changed, moved away or removed), and
    /// nothing else that happens to be staged.
    pub(super) fn commit(&self, paths: &[PathBuf], author: &Author, message: &str) -> Commit {
        match self.try_commit(paths, author, message) {
            Ok(id) => Commit::Recorded(id),
            Err(message) => {
                tracing::warn!(%message, "the change is saved but not committed");
                Commit::Failed(message)
            }
        }
    }

    fn try_commit(
        &self,
        paths: &[PathBuf],
        author: &Author,
        message: &str,
    ) -> Result<String, String> {
        let top = resolved(&self.top).unwrap_or_else(|| self.top.clone());
        let specs: Vec<String> = paths
            .iter()
            .filter_map(|path| {
                let relative = resolved(path)?.strip_prefix(&top).ok()?.to_owned();
                Some(format!(":(literal){}", relative.to_string_lossy()))
            })
            .collect();
        // Only paths git can name: those on disk, and those it tracks (moved away or removed).
        let tracked = self.run(|git| git.args(["ls-files", "-z", "--"]).args(&specs))?;
        let tracked: Vec<&str> = tracked
            .split('\0')
            .filter(|name| !name.is_empty())
            .collect();
        let specs: Vec<&String> = specs
            .iter()
            .zip(paths)
            .filter(|(spec, path)| {
                path.exists()
                    || tracked
                        .iter()
                        .any(|name| spec.strip_prefix(":(literal)") == Some(*name))
            })
            .map(|(spec, _)| spec)
            .collect();
        if specs.is_empty() {
            return Err("nothing to commit".to_owned());
        }
        self.run(|git| git.args(["add", "--all", "--"]).args(&specs))?;
        let identity = format!("{} <>", author.name());
        self.run(|git| {
            git.args([
                "-c",
                "commit.gpgsign=false",
                "commit",
                "--quiet",
                "--no-verify",
            ])
            .args(["--author", &identity, "-m", message, "--"])
            .args(&specs)
        })?;
        let id = self.run(|git| git.args(["rev-parse", "HEAD"]))?;
        Ok(id.trim().to_owned())
    }

    /// Runs git in the work tree, waiting while another git process holds its index.
    fn run(&self, arguments: impl Fn(&mut Command) -> &mut Command) -> Result<String, String> {
        let mut attempt = 0;
        loop {
            let mut command = git(&self.top);
            let output: Output = arguments(&mut command)
                .output()
                .map_err(|error| format!("cannot run git: {error}"))?;
            if output.status.success() {
                return String::from_utf8(output.stdout)
                    .map_err(|_| "git printed something that is not UTF-8".to_owned());
            }
            let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            attempt += 1;
            if said.contains("index.lock") && attempt < LOCK_ATTEMPTS {
                std::thread::sleep(LOCK_WAIT);
                continue;
            }
            return Err(said);
        }
    }
}

/// A path with its folders' links resolved, as git names paths; the file itself may be gone
/// (moved away), its folder may not.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let folder = path.parent()?.canonicalize().ok()?;
    Some(folder.join(path.file_name()?))
}

/// `git` in `folder`, answering in English, never asking anything, committing as Hinder.
fn git(folder: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(folder)
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_COMMITTER_NAME", COMMITTER_NAME)
        .env("GIT_COMMITTER_EMAIL", COMMITTER_EMAIL)
        .stdin(Stdio::null());
    command
}
