//! The `hinder` binary as a user runs it.

use crate::support::{TestCorpus, hinder, scratch, serve, text};

#[test]
fn index_then_search_from_the_shell() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let (corpus_arg, index_arg) = (corpus.path().to_str().unwrap(), index.to_str().unwrap());

    let built = hinder(&["index", "--corpus", corpus_arg, "--index", index_arg]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(
        text(&built.stderr).contains("Indexed 1 document, 162 findings"),
        "{}",
        text(&built.stderr)
    );

    let found = hinder(&[
        "search",
        "torrinstallation",
        "--json",
        "--corpus",
        corpus_arg,
        "--index",
        index_arg,
    ]);
    assert!(found.status.success(), "{}", text(&found.stderr));
    let json: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(json["hits"][0]["source"], "sormland");

    let plain = hinder(&[
        "search",
        "utbyggnadslagen",
        "--source",
        "sormland",
        "--corpus",
        corpus_arg,
        "--index",
        index_arg,
    ]);
    assert!(
        text(&plain.stdout).starts_with("2 findings"),
        "{}",
        text(&plain.stdout)
    );
}

#[test]
fn search_builds_a_missing_index_and_rebuilds_a_stale_one() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let args = |query: &str, all: &[&str]| {
        let corpus = corpus.path().to_str().unwrap().to_owned();
        let index = index.to_str().unwrap().to_owned();
        let mut args = vec![
            "search", query, "--json", "--corpus", &corpus, "--index", &index,
        ];
        args.extend_from_slice(all);
        hinder(&args)
    };
    let first = args("fiber", &[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains("Indexed"),
        "a missing index is built"
    );
    let second = args("fiber", &[]);
    assert!(
        !text(&second.stderr).contains("Indexed"),
        "a current index is reused"
    );
    corpus.add(
        "2017-01-18-nytt.md",
        "+++\ndate = 2017-01-18\n+++\n## Nytt\n- Kanalisation i nya områden.\n",
    );
    let third = args("kanalisation", &["--all"]);
    assert!(
        text(&third.stderr).contains("1 document read, 0 removed; now 2 documents"),
        "only the new file is read: {}",
        text(&third.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&third.stdout).unwrap();
    assert_eq!(json["total"], 1, "--all searches members-only material too");
    let public = args("kanalisation", &[]);
    let json: serde_json::Value = serde_json::from_slice(&public.stdout).unwrap();
    assert_eq!(
        json["total"], 0,
        "a document without a status is not published"
    );
}

#[test]
fn a_bad_file_fails_the_run_but_not_the_index() {
    let corpus = TestCorpus::seed();
    corpus.add(
        "trasig.md",
        "+++\ndate = \"2016-12-32\"\n+++\n## Rubrik\n- Text\n",
    );
    let work = scratch();
    let index = work.path().join("index");
    let run = hinder(&[
        "index",
        "--corpus",
        corpus.path().to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(stderr.contains("1 file was left out"), "{stderr}");
    assert!(stderr.contains("trasig.md:2: invalid metadata"), "{stderr}");
    assert!(
        stderr.contains("Indexed 1 document, 162 findings"),
        "{stderr}"
    );
    assert!(
        index.join("members/meta.json").is_file() && index.join("public/meta.json").is_file(),
        "the good documents are indexed"
    );
}

#[test]
fn refuses_to_overwrite_a_folder_that_is_not_an_index() {
    let work = scratch();
    let precious = work.path().join("precious");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("notes.txt"), "keep me").unwrap();
    let corpus = TestCorpus::seed();
    let run = hinder(&[
        "index",
        "--corpus",
        corpus.path().to_str().unwrap(),
        "--index",
        precious.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("is not a Hinder index"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(precious.join("notes.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn missing_corpus_is_a_clear_error() {
    let work = scratch();
    let run = hinder(&[
        "index",
        "--corpus",
        work.path().join("finns-inte").to_str().unwrap(),
        "--index",
        work.path().join("i").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("corpus folder")
            && stderr.contains("finns-inte")
            && stderr.contains("does not exist"),
        "{stderr}"
    );
}

/// `hinder serve` as a user starts it: it builds the missing index, listens, and answers.
#[test]
fn serve_builds_the_index_and_answers_over_http() {
    use std::io::Read;

    let corpus = TestCorpus::seed();
    let work = scratch();
    let server = serve(&corpus, &work.path().join("index"));
    assert!(
        server.startup.contains("Indexed 1 document, 162 findings"),
        "{}",
        server.startup
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(format!("{}api/v1/search?q=utbyggnadslag", server.base))
        .call()
        .unwrap();
    let mut body = String::new();
    response
        .body_mut()
        .as_reader()
        .read_to_string(&mut body)
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["total"], 2);
}

/// The shell beside a running server: `search` and `export` read the index it serves (and
/// keeps current) instead of refusing because it is being written.
#[test]
fn search_and_export_read_the_index_a_server_is_serving() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let _server = serve(&corpus, &index);
    let (corpus_arg, index_arg) = (corpus.path().to_str().unwrap(), index.to_str().unwrap());
    let found = hinder(&[
        "search",
        "utbyggnadslag",
        "--json",
        "--corpus",
        corpus_arg,
        "--index",
        index_arg,
    ]);
    assert!(found.status.success(), "{}", text(&found.stderr));
    let json: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(json["total"], 2);
    let exported = hinder(&["export", "--corpus", corpus_arg, "--index", index_arg]);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    assert_eq!(text(&exported.stdout).lines().count(), 162);
}

#[test]
fn an_index_without_its_corpus_is_still_served() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let built = hinder(&[
        "index",
        "--corpus",
        corpus.path().to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(built.status.success());
    let missing = work.path().join("no-corpus");
    let found = hinder(&[
        "search",
        "fiber",
        "--json",
        "--corpus",
        missing.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(found.status.success(), "{}", text(&found.stderr));
    let json: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() > 0);
}

#[test]
fn check_reports_every_problem_with_file_and_line_without_building() {
    let corpus = TestCorpus::seed();
    corpus.add(
        "trasig.md",
        "## Rubrik\n\n- Text <!-- areas: skogsbruk -->\n",
    );
    corpus.add(
        "datum.md",
        "## Rubrik\n\n- Text\n- Mer <!-- date: 2016-02-30 -->\n",
    );
    corpus.add(
        "dubblett.md",
        "+++\nid = \"2016-12-02-nystartsgruppen-mote-3\"\n+++\n## X\n- Y\n",
    );
    let run = hinder(&["check", "--corpus", corpus.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stdout = text(&run.stdout);
    assert!(
        stdout.contains("trasig.md:3: unknown area `skogsbruk`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("datum.md:4: invalid date `2016-02-30`, expected YYYY-MM-DD"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "dubblett.md: document id `2016-12-02-nystartsgruppen-mote-3` is already used by"
        ),
        "{stdout}"
    );
    assert!(!corpus.path().join("data").exists(), "nothing is built");

    let clean = TestCorpus::seed();
    let ok = hinder(&["check", "--corpus", clean.path().to_str().unwrap()]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stderr).contains("1 document in"),
        "{}",
        text(&ok.stderr)
    );
}

#[test]
fn a_closed_pipe_ends_search_and_export_quietly() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let (corpus_arg, index_arg) = (corpus.path().to_str().unwrap(), index.to_str().unwrap());
    let built = hinder(&["index", "--corpus", corpus_arg, "--index", index_arg]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    for args in [
        &["search", "", "--limit", "100"][..],
        &["search", "", "--limit", "100", "--json"][..],
        &["export"][..],
    ] {
        // `hinder search … | head -0`: the reader is gone before the first line is written.
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hinder"))
            .args(args)
            .args(["--corpus", corpus_arg, "--index", index_arg])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = text(&output.stderr);
        assert!(
            output.status.success(),
            "{args:?}: {:?} {stderr}",
            output.status
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
