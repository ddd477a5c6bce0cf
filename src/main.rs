//! `hinder`: build the index, serve the web UI and API, search from the shell, or export.
//!
//! Thin by design: parse arguments, set up logging, call the libraries, map errors to an
//! exit code.

mod add;
mod user;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indexer::export::{ExportFormat, write_export};
use indexer::{Audience, BuildReport, Date, Library, SearchRequest, Sort};
use indicatif::{ProgressBar, ProgressStyle};
use tracing_subscriber::EnvFilter;

/// Hinder: a Swedish knowledge base with full-text search over challenges to broadband rollout.
#[derive(Debug, Parser)]
#[command(name = "hinder", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Bring the index up to date with the corpus folder (only new and changed files are read).
    Index(IndexArgs),
    /// Serve the web UI and JSON API, building the index first if it is missing or stale.
    Serve(ServeArgs),
    /// Search the index and print the hits.
    Search(SearchArgs),
    /// Add a file to the corpus as a new document, with its metadata (a running `hinder serve`
    /// shows it within a second).
    Add(add::AddArgs),
    /// Check the corpus (slugs, dates, ids, files) without building anything.
    Check(CorpusArg),
    /// Write every finding with its metadata as NDJSON, for other tools and engines.
    Export(ExportArgs),
    /// Manage the members who may sign in, and their API tokens.
    User(user::UserArgs),
}

#[derive(Debug, Args)]
struct CorpusArg {
    /// Corpus folder: areas.toml, sources.toml and documents/.
    #[arg(long, env = "HINDER_CORPUS", default_value = "corpus")]
    corpus: PathBuf,
}

#[derive(Debug, Args)]
struct IndexArgs {
    #[command(flatten)]
    corpus: CorpusArg,
    /// Read every document again, not only new and changed files.
    #[arg(long)]
    full: bool,
    /// Build the index from an NDJSON file of findings instead (the lines `hinder export`
    /// writes, or looser ones: see docs/api.md); the corpus folder then only lends its
    /// taxonomy and thesaurus, if it has them.
    #[arg(long, value_name = "FILE.ndjson")]
    input: Option<PathBuf>,
    /// With `--input`: the status of documents whose lines give none.
    #[arg(long, default_value = "arbetsmaterial", requires = "input")]
    status: indexer::Status,
    /// Folder to write the index to.
    #[arg(long, env = "HINDER_INDEX", default_value = "data/index")]
    index: PathBuf,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    corpus: CorpusArg,
    #[command(flatten)]
    server: server::Config,
}

#[derive(Debug, Args)]
struct SearchArgs {
    /// What to search for: words, "phrases", -exclusions, OR.
    #[arg(required = false)]
    query: Vec<String>,
    /// Only findings in this area (repeatable).
    #[arg(long)]
    area: Vec<String>,
    /// Only findings from this source (repeatable).
    #[arg(long)]
    source: Vec<String>,
    /// Only findings from this county or municipality, by SCB code (repeatable).
    #[arg(long)]
    region: Vec<String>,
    /// Earliest date, YYYY-MM-DD.
    #[arg(long)]
    from: Option<Date>,
    /// Latest date, YYYY-MM-DD.
    #[arg(long)]
    to: Option<Date>,
    /// Order: relevance, date_desc or date_asc.
    #[arg(long, default_value = "relevance")]
    sort: Sort,
    /// Number of hits to print.
    #[arg(long, default_value_t = indexer::DEFAULT_LIMIT)]
    limit: usize,
    /// Print the API's JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The server's public address, which the JSON's permalinks start with (as the
    /// server's own `--public-url`).
    #[arg(
        long,
        env = "HINDER_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    public_url: String,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// `ndjson`: one finding per line; `opensearch`: an OpenSearch `_bulk` body.
    #[arg(long, default_value = "ndjson")]
    format: ExportFormat,
    /// File to write; standard output when not given.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

/// The index a reading command (`search`, `export`) reads, brought up to date first.
#[derive(Debug, Args)]
struct ReadArgs {
    /// Members-only material too, not only what is published.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    corpus: CorpusArg,
    /// Folder of the index.
    #[arg(long, env = "HINDER_INDEX", default_value = "data/index")]
    index: PathBuf,
}

impl ReadArgs {
    /// The library, updated from the corpus when it changed, and the audience to read.
    fn open(&self) -> Result<(Library, Audience)> {
        match ensure_index(&self.corpus.corpus, &self.index) {
            Ok(Some(report)) => {
                print_report(&report, &self.index);
            }
            Ok(None) => {}
            // `hinder serve` is writing it, and keeps it up to date: read it as it is.
            Err(error)
                if error.chain().any(|cause| {
                    matches!(cause.downcast_ref(), Some(indexer::Error::Locked(_)))
                }) => {}
            Err(error) => return Err(error),
        }
        let audience = if self.all {
            Audience::Members
        } else {
            Audience::Public
        };
        Ok((open_library(&self.index)?, audience))
    }
}

/// See the workspace's `Cargo.toml` for why not the system's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = matches!(
        cli.command,
        Command::Search(_) | Command::Export(_) | Command::User(_) | Command::Add(_)
    );
    init_tracing(quiet);
    match run(cli.command) {
        Ok(code) => code,
        // `hinder search … | head -1`: the reader has what it wanted; stop without a word.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::FAILURE
        }
    }
}

/// Whether the error is a write to a pipe whose reader has gone.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = match cause.downcast_ref::<serde_json::Error>() {
            Some(json) => json.io_error_kind(),
            None => cause
                .downcast_ref::<std::io::Error>()
                .map(std::io::Error::kind),
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, each said once: library errors already name their
/// cause in their message, which anyhow's chain would otherwise repeat.
fn describe(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message
}

fn init_tracing(quiet: bool) {
    let default = if quiet {
        "hinder=warn,indexer=warn,server=warn"
    } else {
        "hinder=info,indexer=info,server=info,tower_http=info"
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours for people, plain text for log files and pipes.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Index(args) => {
            if let Some(input) = &args.input {
                let options = indexer::import::ImportOptions {
                    default_status: args.status,
                };
                let report = indexer::import_index(
                    input,
                    &args.corpus.corpus,
                    &args.index,
                    options,
                    &mut progress_bar(),
                )
                .with_context(|| format!("importing {}", input.display()))?;
                return Ok(print_report_of(
                    &report,
                    &args.index,
                    ("line was", "lines were"),
                ));
            }
            let build = if args.full {
                indexer::build_index
            } else {
                indexer::update_index
            };
            let report = build(&args.corpus.corpus, &args.index, &mut progress_bar())
                .with_context(|| format!("indexing {}", args.corpus.corpus.display()))?;
            Ok(print_report(&report, &args.index))
        }
        Command::Serve(args) => serve(&args),
        Command::Search(args) => search(&args),
        Command::Add(args) => add::run(&args),
        Command::Check(args) => check(&args.corpus),
        Command::Export(args) => export(&args),
        Command::User(args) => user::run(&args),
    }
}

fn serve(args: &ServeArgs) -> Result<ExitCode> {
    let index_dir = &args.server.index;
    if let Some(report) = ensure_index(&args.corpus.corpus, index_dir)? {
        print_report(&report, index_dir);
    }
    let library = open_library(index_dir)?;
    let settings = args.server.settings()?;
    let members_file = &args.server.members;
    let members = server::auth::MembersStore::open(members_file)
        .with_context(|| format!("reading the members file {}", members_file.display()))?;
    if members.current().is_empty() {
        tracing::info!(file = %members_file.display(), "no members: serving published material only");
    }
    let state = server::AppState::with_settings(library, members, settings);
    let (state, _watcher) = server::follow_corpus(state, &args.corpus.corpus, index_dir);
    let addr = args.server.listen_addr();
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr().context("reading the bound address")?;
        tracing::info!(%local, "listening");
        eprintln!("Hinder is running at http://{local}/  (Ctrl-C stops it)");
        server::serve(listener, state, server::shutdown_signal())
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

fn search(args: &SearchArgs) -> Result<ExitCode> {
    let (library, audience) = args.read.open()?;
    let index = library.index_for(audience);
    let request = SearchRequest {
        text: args.query.join(" "),
        areas: args.area.clone(),
        sources: args.source.clone(),
        regions: args.region.clone(),
        from: args.from,
        to: args.to,
        limit: args.limit,
        offset: 0,
        sort: args.sort,
    };
    let results = index.search(&request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let response =
            server::json::SearchResponse::new(&results, args.public_url.trim_end_matches('/'));
        serde_json::to_writer_pretty(&mut out, &response)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", counted(results.total, "finding", "findings"))?;
        for hit in &results.hits {
            let date = hit.date.map(|date| date.to_string()).unwrap_or_default();
            writeln!(
                out,
                "\n[{} {}] {}",
                hit.section_kind.slug(),
                hit.section,
                hit.text
            )?;
            writeln!(
                out,
                "    {} · {} · {} · /findings/{}",
                hit.source,
                hit.areas.join(", "),
                date,
                hit.id
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(args: &ExportArgs) -> Result<ExitCode> {
    let (library, audience) = args.read.open()?;
    let index = library.index_for(audience);
    let count = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let count = write_export(&index, &mut out, args.format)?;
            out.flush()
                .with_context(|| format!("writing {}", path.display()))?;
            count
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let count = write_export(&index, &mut out, args.format)?;
            out.flush().context("writing to standard output")?;
            count
        }
    };
    eprintln!("Exported {}", counted(count, "finding", "findings"));
    Ok(ExitCode::SUCCESS)
}

fn check(corpus: &Path) -> Result<ExitCode> {
    let loaded = indexer::ingest::load_corpus(corpus)
        .with_context(|| format!("checking {}", corpus.display()))?;
    for failure in &loaded.failures {
        println!("{failure}");
    }
    for warning in &loaded.warnings {
        println!("warning: {warning}");
    }
    let documents = loaded.corpus.documents.len();
    let findings = loaded.corpus.finding_count();
    if loaded.failures.is_empty() {
        eprintln!(
            "{} in {}: no problems",
            counted(documents, "document", "documents"),
            corpus.display()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} with problems; {} ({}) are fine",
            counted(loaded.failures.len(), "file", "files"),
            counted(documents, "document", "documents"),
            counted(findings, "finding", "findings")
        );
        Ok(ExitCode::FAILURE)
    }
}

fn open_library(dir: &Path) -> Result<Library> {
    Library::open(dir).with_context(|| format!("opening index at {}", dir.display()))
}

/// How long `serve` waits at start for another writer of its index to let go (a server that
/// was just stopped, or a `hinder index` finishing) before it gives up.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(15);

/// Builds the index when the corpus changed; the report says what happened. While another
/// process holds the index's lock, it waits (up to [`LOCK_PATIENCE`]) rather than fail a
/// restart that came a moment too early.
fn ensure_index(corpus: &Path, index: &Path) -> Result<Option<BuildReport>> {
    let started = std::time::Instant::now();
    let built = loop {
        match indexer::ensure_index(corpus, index, &mut progress_bar()) {
            Err(indexer::Error::Locked(_)) if started.elapsed() < LOCK_PATIENCE => {
                tracing::warn!(index = %index.display(), "the index is being written by another process; waiting");
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            built => break built,
        }
    };
    built.with_context(|| {
        format!(
            "building the index of {} at {}",
            corpus.display(),
            index.display()
        )
    })
}

/// A progress bar on a terminal for builds big enough to wait for; silent otherwise.
fn progress_bar() -> impl FnMut(usize, usize) {
    const SHOW_FROM_FINDINGS: usize = 20_000;
    let mut bar: Option<ProgressBar> = None;
    move |done, total| {
        if total < SHOW_FROM_FINDINGS || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} findings {eta}") {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }
}

fn print_report(report: &BuildReport, index: &Path) -> ExitCode {
    print_report_of(report, index, ("file was", "files were"))
}

/// The report; `left_out` names what a failure left out (one, many).
fn print_report_of(report: &BuildReport, index: &Path, left_out: (&str, &str)) -> ExitCode {
    let contents = format!(
        "{}, {}",
        counted(report.documents, "document", "documents"),
        counted(report.findings, "finding", "findings")
    );
    if report.full {
        eprintln!(
            "Indexed {contents} into {} in {:.2} s",
            index.display(),
            report.elapsed.as_secs_f64()
        );
    } else {
        eprintln!(
            "Updated {}: {} read, {} removed; now {contents} ({:.2} s)",
            index.display(),
            counted(report.read, "document", "documents"),
            report.removed,
            report.elapsed.as_secs_f64()
        );
    }
    for warning in &report.warnings {
        eprintln!("  warning: {warning}");
    }
    if report.failures.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{} left out:",
        counted(report.failures.len(), left_out.0, left_out.1)
    );
    for failure in &report.failures {
        eprintln!("  {failure}");
    }
    ExitCode::FAILURE
}

fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}
