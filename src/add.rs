//! `hinder add`: a file into the corpus as a new document, through the same library path as
//! the web forms and the API ([`indexer::edit::Editor`]).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use indexer::edit::{Added, Author, Commit, Editor, Metadata, Preview, Upload};
use indexer::{Date, DocumentKind, Region, RespondsTo, Status};

use super::{CorpusArg, counted};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The file: .md, .txt, .pptx, .docx or .pdf (up to 100 MB).
    file: PathBuf,
    /// Title [default: the file's own title, first heading or name].
    #[arg(long)]
    title: Option<String>,
    /// Date, YYYY-MM-DD [default: from the file's name or first lines].
    #[arg(long)]
    date: Option<Date>,
    /// Kind: presentation, anteckningar, underlag, rapport, aterkoppling or ovrigt
    /// [default: the folder's, else ovrigt].
    #[arg(long)]
    kind: Option<DocumentKind>,
    /// Source, a slug of sources.toml [default: the folder's, else sources.toml's default].
    #[arg(long)]
    source: Option<String>,
    /// Area, a slug of areas.toml; repeat for more [default: tagged by keyword].
    #[arg(long = "area", value_name = "AREA")]
    areas: Vec<String>,
    /// Who may read it: publicerad, arbetsmaterial or styrgruppsunderlag
    /// [default: the folder's, else arbetsmaterial, for members only].
    #[arg(long)]
    status: Option<Status>,
    /// County or municipality it comes from, by SCB code: 04 (Södermanlands län), 0480
    /// (Nyköping).
    #[arg(long, value_name = "CODE")]
    region: Option<Region>,
    /// What it answers, for feedback: /findings/ID, /documents/ID or /omraden/SLUG.
    #[arg(long, value_name = "PERMALINK")]
    responds_to: Option<RespondsTo>,
    /// Who adds it: recorded in the document's history and, where the corpus is in a git
    /// work tree, as the commit's author [default: $USER].
    #[arg(long, env = "HINDER_AUTHOR", value_name = "NAME")]
    by: Option<String>,
    /// Print the document and findings it would make, and write nothing.
    #[arg(long)]
    dry_run: bool,
    #[command(flatten)]
    corpus: CorpusArg,
}

pub fn run(args: &AddArgs) -> Result<ExitCode> {
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let upload = Upload {
        file_name: args
            .file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes,
        metadata: Metadata {
            title: args.title.clone(),
            date: args.date,
            kind: args.kind,
            status: args.status,
            source: args.source.clone(),
            areas: (!args.areas.is_empty()).then(|| args.areas.clone()),
            language: None,
            region: args.region.clone(),
            responds_to: args.responds_to.clone(),
        },
    };
    let corpus = &args.corpus.corpus;
    let editor =
        Editor::open(corpus).with_context(|| format!("opening the corpus {}", corpus.display()))?;
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        let preview = editor.preview(upload)?;
        writeln!(out, "Would add {}", preview.path)?;
        print_preview(&mut out, &preview)?;
        return Ok(ExitCode::SUCCESS);
    }
    let by = args
        .by
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok());
    let Some(by) = by else {
        bail!("say who adds the file: --by NAME");
    };
    let author = Author::new(&by)?;
    let Added { preview, commit } = editor.add(upload, &author)?;
    writeln!(out, "Added {}", preview.path)?;
    print_preview(&mut out, &preview)?;
    match commit {
        Commit::Recorded(id) => {
            writeln!(out, "Committed {} as {author}.", &id[..id.len().min(10)])?;
        }
        Commit::NoRepository => {}
        Commit::Failed(message) => {
            writeln!(out, "Saved, but not committed to git: {message}")?;
        }
    }
    writeln!(
        out,
        "A running `hinder serve` shows it within a second; otherwise `hinder index` or the \
         next `hinder serve` indexes it."
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The document as it will be read: its metadata, then its findings section by section,
/// then what was left out of the file.
fn print_preview(out: &mut impl Write, preview: &Preview) -> Result<()> {
    let document = &preview.document;
    let date = document
        .date
        .map_or_else(|| "unknown".to_owned(), |date| date.to_string());
    let readers = if document.status.is_published() {
        "anyone"
    } else {
        "members only"
    };
    writeln!(out, "  id:     {}", document.id)?;
    writeln!(out, "  title:  {}", document.title)?;
    writeln!(out, "  date:   {date}")?;
    writeln!(out, "  kind:   {}", document.kind.slug())?;
    writeln!(out, "  status: {} ({readers})", document.status.slug())?;
    writeln!(
        out,
        "  {} in {}:",
        counted(document.finding_count(), "finding", "findings"),
        counted(document.sections.len(), "section", "sections")
    )?;
    for section in &document.sections {
        writeln!(
            out,
            "\n{} {}: {}",
            document.section_kind.label(),
            section.number,
            section.title(document)
        )?;
        for finding in &section.findings {
            let note = if finding.note { " (note)" } else { "" };
            let areas = if finding.areas.is_empty() {
                String::new()
            } else {
                format!(" [{}]", finding.areas.join(", "))
            };
            writeln!(out, "  - {}{note}{areas}", finding.text)?;
        }
    }
    if !preview.warnings.is_empty() {
        writeln!(out, "\nLeft out:")?;
        for warning in &preview.warnings {
            writeln!(out, "  {}", warning.kind)?;
        }
    }
    writeln!(out)?;
    Ok(())
}
