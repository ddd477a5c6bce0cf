//! `hinder add`, the command line's way into the corpus through the one library path that
//! writes it: real processes, a running server that must show the addition, and git.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{TestCorpus, fixture, hinder, scratch, serve, text};

fn corpus_arg(corpus: &TestCorpus) -> &str {
    corpus.path().to_str().expect("a UTF-8 path")
}

/// Every file below `documents/`, as a path relative to it, sorted.
fn documents(corpus: &TestCorpus) -> Vec<String> {
    fn walk(folder: &std::path::Path, prefix: &str, names: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).expect("a folder") {
            let entry = entry.expect("an entry");
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().expect("a type").is_dir() {
                walk(&entry.path(), &format!("{name}/"), names);
            } else {
                names.push(name);
            }
        }
    }
    let mut names = Vec::new();
    walk(&corpus.path().join("documents"), "", &mut names);
    names.sort();
    names
}

fn total(base: &str, query: &str) -> Option<u64> {
    let body = ureq::get(format!("{base}api/v1/search?q={query}"))
        .call()
        .ok()?
        .body_mut()
        .read_to_string()
        .ok()?;
    serde_json::from_str::<serde_json::Value>(&body).ok()?["total"].as_u64()
}

#[test]
fn an_added_file_is_found_by_a_running_server() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let server = serve(&corpus, &work.path().join("index"));
    let note = work.path().join("Anteckningar möte 4.md");
    std::fs::write(
        &note,
        "## Fiber i fokus\n\n- Kvantfibersamordnaren behöver stöd från kommunledningen.\n",
    )
    .unwrap();
    assert_eq!(total(&server.base, "kvantfibersamordnaren"), Some(0));

    let out = hinder(&[
        "add",
        note.to_str().unwrap(),
        "--corpus",
        corpus_arg(&corpus),
        "--date",
        "2017-01-18",
        "--status",
        "publicerad",
        "--kind",
        "anteckningar",
        "--by",
        "Anna Ek",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let added = Instant::now();
    let said = text(&out.stdout);
    assert!(
        said.starts_with("Added documents/inkommet/2017-01-18-fiber-i-fokus.md\n"),
        "{said}"
    );
    assert!(
        said.contains("Kvantfibersamordnaren behöver stöd"),
        "{said}"
    );

    while total(&server.base, "kvantfibersamordnaren") != Some(1) {
        assert!(
            added.elapsed() < Duration::from_secs(30),
            "the running server never showed the added file"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "searchable {:?} after `hinder add` returned",
        added.elapsed()
    );
    // Its history says who added it; the inflected form finds it too.
    let stored = std::fs::read_to_string(
        corpus
            .path()
            .join("documents/inkommet/2017-01-18-fiber-i-fokus.md"),
    )
    .unwrap();
    assert!(stored.contains("by = \"Anna Ek\""), "{stored}");
    assert_eq!(total(&server.base, "kvantfibersamordnare"), Some(1));
}

#[test]
fn adding_never_writes_over_a_file_nor_adds_one_twice() {
    let corpus = TestCorpus::seed();
    let before = documents(&corpus);
    let seed_md = corpus.path().join("documents").join(&before[0]);
    let seed_text = std::fs::read(&seed_md).unwrap();
    let add = |file: &str| {
        hinder(&[
            "add",
            fixture(file).to_str().unwrap(),
            "--corpus",
            corpus_arg(&corpus),
            "--by",
            "Bo",
        ])
    };
    // Three files with the same title (and so the same name) stay three files.
    for file in ["office/seed.docx", "office/seed.pptx", "office/seed.pdf"] {
        let out = add(file);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let after = documents(&corpus);
    let added: Vec<&String> = after.iter().filter(|name| !before.contains(name)).collect();
    assert_eq!(added.len(), 6, "three files and their sidecars: {after:?}");
    let stems: std::collections::HashSet<&str> = added
        .iter()
        .map(|name| {
            name.rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem)
        })
        .collect();
    assert_eq!(stems.len(), 3, "each file a name of its own: {added:?}");
    for (name, file) in [("docx", "office/seed.docx"), ("pptx", "office/seed.pptx")] {
        let stored = added
            .iter()
            .find(|added| added.ends_with(name))
            .expect("stored");
        let bytes = std::fs::read(corpus.path().join("documents").join(stored)).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(fixture(file)).unwrap(),
            "{stored} as given"
        );
    }
    // The same file again is refused, naming the document that has it.
    let again = add("office/seed.docx");
    assert_eq!(again.status.code(), Some(1));
    let said = text(&again.stderr);
    assert!(
        said.contains("seed.docx: this file was added before, as documents/inkommet/2016-12-02-"),
        "{said}"
    );
    assert_eq!(documents(&corpus), after);
    assert_eq!(std::fs::read(&seed_md).unwrap(), seed_text);
    let check = hinder(&["check", "--corpus", corpus_arg(&corpus)]);
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn a_dry_run_prints_the_findings_and_writes_nothing() {
    let corpus = TestCorpus::seed();
    let before = documents(&corpus);
    let out = hinder(&[
        "add",
        fixture("office/seed.pptx").to_str().unwrap(),
        "--corpus",
        corpus_arg(&corpus),
        "--area",
        "samverkan",
        "--dry-run",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.starts_with("Would add documents/inkommet/2016-12-02-"),
        "{said}"
    );
    assert!(
        said.contains("status: arbetsmaterial (members only)"),
        "{said}"
    );
    assert!(
        said.contains("\nBild 2: Agenda\n  - Välkomna samt mål för dagens möte [samverkan]\n"),
        "{said}"
    );
    assert_eq!(documents(&corpus), before);
}

#[test]
fn a_file_that_cannot_be_read_is_refused_with_its_reason() {
    let corpus = TestCorpus::seed();
    let before = documents(&corpus);
    for (file, reason) in [
        (
            "office/encrypted.pdf",
            "encrypted.pdf: password-protected file: save a copy without a password",
        ),
        (
            "office/misnamed.docx",
            "misnamed.docx: the file is named .docx but contains a PDF",
        ),
    ] {
        let out = hinder(&[
            "add",
            fixture(file).to_str().unwrap(),
            "--corpus",
            corpus_arg(&corpus),
            "--by",
            "Bo",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let said = text(&out.stderr);
        assert!(said.contains(reason), "{said}");
        assert!(
            !said.contains("documents/"),
            "the file was never saved there: {said}"
        );
    }
    let out = hinder(&[
        "add",
        fixture("office/seed.docx").to_str().unwrap(),
        "--corpus",
        corpus_arg(&corpus),
        "--by",
        "Bo",
        "--source",
        "mars",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unknown source `mars`"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(documents(&corpus), before);
}

#[test]
fn in_a_git_work_tree_hinder_add_commits_as_the_person() {
    let corpus = TestCorpus::seed();
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .current_dir(corpus.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "Kansliet")
            .env("GIT_AUTHOR_EMAIL", "kansliet@example.se")
            .env("GIT_COMMITTER_NAME", "Kansliet")
            .env("GIT_COMMITTER_EMAIL", "kansliet@example.se")
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            text(&output.stderr)
        );
        text(&output.stdout)
    };
    git(&["init", "--quiet"]);
    git(&["add", "--all"]);
    git(&["commit", "--quiet", "-m", "The corpus"]);

    let out = hinder(&[
        "add",
        fixture("office/seed.pdf").to_str().unwrap(),
        "--corpus",
        corpus_arg(&corpus),
        "--by",
        "Göran Wide",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Committed "),
        "{}",
        text(&out.stdout)
    );
    let log = git(&["log", "--format=%an|%cn|%s", "-2"]);
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines[0].starts_with("Göran Wide|Hinder|Add documents/inkommet/2016-12-02-"),
        "{log}"
    );
    assert_eq!(lines[1], "Kansliet|Kansliet|The corpus");
    assert_eq!(
        git(&["status", "--porcelain"]),
        "",
        "nothing left uncommitted"
    );
}

#[test]
fn hinder_add_records_the_region_and_what_feedback_answers() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let feedback = work.path().join("synpunkter.md");
    std::fs::write(
        &feedback,
        "## Synpunkter\n\n- Glasfibern når inte fritidshusen i Vingåker.\n",
    )
    .unwrap();
    let add = |region: &str| {
        hinder(&[
            "add",
            feedback.to_str().unwrap(),
            "--corpus",
            corpus_arg(&corpus),
            "--kind",
            "aterkoppling",
            "--region",
            region,
            "--responds-to",
            "https://hinder.example/omraden/landsbygd",
            "--by",
            "Bo",
        ])
    };
    let refused = add("Sörmland");
    assert_eq!(refused.status.code(), Some(2), "a code, never free text");
    assert!(
        text(&refused.stderr).contains("SCB"),
        "{}",
        text(&refused.stderr)
    );
    let added = add("0428");
    assert!(added.status.success(), "{}", text(&added.stderr));
    let stored = documents(&corpus)
        .into_iter()
        .find(|name| name.ends_with("synpunkter.md"))
        .expect("the feedback in the corpus");
    let written = std::fs::read_to_string(corpus.path().join("documents").join(stored)).unwrap();
    assert!(written.contains("region = \"0428\""), "{written}");
    assert!(
        written.contains("responds_to = \"/omraden/landsbygd\""),
        "the permalink's path: {written}"
    );
    let search = |region: &str| {
        let out = hinder(&[
            "search",
            "fritidshusen",
            "--region",
            region,
            "--all",
            "--json",
            "--corpus",
            corpus_arg(&corpus),
            "--index",
            work.path().join("index").to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_str::<serde_json::Value>(&text(&out.stdout)).expect("JSON")["total"]
            .as_u64()
    };
    assert_eq!(search("04"), Some(1), "Vingåker is in Södermanlands län");
    assert_eq!(search("0428"), Some(1));
    assert_eq!(search("01"), Some(0));
}
