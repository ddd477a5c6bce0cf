//! Running the `hinder` binary: one-shot commands and a server on a free port.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use super::TestCorpus;

/// Runs `hinder` with arguments and waits for it.
pub fn hinder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hinder"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("running hinder")
}

/// Runs `hinder` with arguments and text on its standard input.
pub fn hinder_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hinder"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running hinder");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("writing to hinder");
    child.wait_with_output().expect("waiting for hinder")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A child process, killed when the test ends, pass or fail.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `hinder index` in the background (to be killed part-way).
pub fn spawn_index(corpus: &Path, index: &Path) -> Running {
    Running(
        Command::new(env!("CARGO_BIN_EXE_hinder"))
            .args(["index", "--corpus", corpus.to_str().expect("a UTF-8 path")])
            .args(["--index", index.to_str().expect("a UTF-8 path")])
            .env("RUST_LOG", "warn")
            .stderr(Stdio::null())
            .spawn()
            .expect("starting hinder index"),
    )
}

/// A `hinder serve` on a free port.
pub struct Server {
    /// The process, stopped when the server is dropped.
    _process: Running,
    /// Its base URL, ending in `/`.
    pub base: String,
    /// What it printed before it listened.
    pub startup: String,
}

impl Server {
    /// Kills the server at once (SIGKILL): no shutdown, no flushing.
    pub fn kill_9(&mut self) {
        let _ = self._process.0.kill();
        let _ = self._process.0.wait();
    }
}

/// The members file [`serve`] uses: beside the index.
pub fn members_file(index: &Path) -> String {
    index
        .with_file_name("members.toml")
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

/// Starts `hinder serve` on a free port over a corpus, with its index in `index`.
pub fn serve(corpus: &TestCorpus, index: &Path) -> Server {
    serve_with(corpus, index, &[])
}

/// [`serve`] with more flags.
pub fn serve_with(corpus: &TestCorpus, index: &Path, flags: &[&str]) -> Server {
    let mut process = Running(
        Command::new(env!("CARGO_BIN_EXE_hinder"))
            .args([
                "serve",
                "--port",
                "0",
                "--corpus",
                corpus.path().to_str().expect("a UTF-8 path"),
            ])
            .args(["--index", index.to_str().expect("a UTF-8 path")])
            .args(["--members", &members_file(index)])
            .args(flags)
            .env("RUST_LOG", "warn")
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting hinder serve"),
    );
    let mut stderr = BufReader::new(process.0.stderr.take().expect("piped stderr"));
    let mut startup = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).expect("reading stderr") > 0,
            "the server stopped before listening:\n{startup}"
        );
        if let Some(rest) = line.split("running at ").nth(1) {
            let base = rest
                .split_whitespace()
                .next()
                .expect("an address")
                .to_owned();
            // Keep draining stderr so the server never blocks on a full pipe.
            std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
            return Server {
                _process: process,
                base,
                startup,
            };
        }
        startup.push_str(&line);
    }
}
