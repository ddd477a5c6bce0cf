//! The live index, with real processes: `hinder serve` follows the corpus folder while it
//! answers requests, and `kill -9` at any moment of indexing leaves a servable index.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::{TestCorpus, hinder, scratch, serve, spawn_index};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Status and parsed JSON of a GET.
fn get_json(agent: &ureq::Agent, url: &str) -> (u16, Option<serde_json::Value>) {
    let Ok(mut response) = agent.get(url).call() else {
        return (0, None);
    };
    let status = response.status().as_u16();
    let mut body = String::new();
    let read = response.body_mut().as_reader().read_to_string(&mut body);
    (
        status,
        read.ok().and_then(|_| serde_json::from_str(&body).ok()),
    )
}

fn total(agent: &ureq::Agent, base: &str, query: &str) -> Option<u64> {
    get_json(agent, &format!("{base}api/v1/search?q={query}")).1?["total"].as_u64()
}

/// Polls until `done`, returning how long it took; fails after a generous limit.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what} did not happen"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    started.elapsed()
}

#[test]
fn serve_follows_the_corpus_without_a_failed_request() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let server = serve(&corpus, &work.path().join("index"));
    let base = server.base.as_str();

    // Meanwhile, a client searches without pause and records every answer.
    let stop = Arc::new(AtomicBool::new(false));
    let client = {
        let (stop, base) = (Arc::clone(&stop), base.to_owned());
        std::thread::spawn(move || {
            let agent = agent();
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let (status, json) =
                    get_json(&agent, &format!("{base}api/v1/search?q=fiber&limit=5"));
                answers.push((status, json.is_some_and(|j| j["hits"].is_array())));
            }
            answers
        })
    };

    let agent = agent();
    let note = corpus.path().join("documents/2017-01-18-mote-4.md");
    let added_at = Instant::now();
    std::fs::write(
        &note,
        "+++\ndate = 2017-01-18\nstatus = \"publicerad\"\n+++\n## Fiber\n- Kvantfiberkabeln läggs i tomrör.\n",
    )
    .unwrap();
    wait_for("the added file to show", || {
        total(&agent, base, "kvantfiberkabeln") == Some(1)
    });
    let added = added_at.elapsed();

    let changed_at = Instant::now();
    std::fs::write(
        &note,
        "+++\ndate = 2017-01-18\nstatus = \"publicerad\"\n+++\n## Fiber\n- Mikrokanalisationen läggs i tomrör.\n",
    )
    .unwrap();
    wait_for("the change to show", || {
        total(&agent, base, "mikrokanalisationen") == Some(1)
            && total(&agent, base, "kvantfiberkabeln") == Some(0)
    });
    let changed = changed_at.elapsed();

    let removed_at = Instant::now();
    std::fs::remove_file(&note).unwrap();
    wait_for("the removal to show", || {
        total(&agent, base, "mikrokanalisationen") == Some(0)
    });
    let removed = removed_at.elapsed();

    stop.store(true, Ordering::Relaxed);
    let answers = client.join().expect("the client thread");
    println!(
        "visible after: added {added:?}, changed {changed:?}, removed {removed:?}; {} requests during the updates",
        answers.len()
    );
    assert!(answers.len() > 10, "the client kept searching");
    let bad: Vec<&(u16, bool)> = answers
        .iter()
        .filter(|(status, whole)| *status != 200 || !whole)
        .collect();
    assert!(bad.is_empty(), "failed or half-answered requests: {bad:?}");
}

/// A corpus big enough that indexing it takes a while.
fn big_corpus(documents: usize) -> TestCorpus {
    let corpus = TestCorpus::seed();
    for n in 0..documents {
        let findings: String = (0..12)
            .map(|f| {
                format!("- Fynd {f} om fiberutbyggnad och samverkan i kommun {n} med stadsnätet.\n")
            })
            .collect();
        corpus.add(
            &format!("2018-01-01-dokument-{n:04}.md"),
            &format!("## Bild {n}\n{findings}"),
        );
    }
    corpus
}

/// The index answers, read-only (a missing corpus folder means: serve what is there).
fn documents_in(index: &std::path::Path, nowhere: &std::path::Path) -> (u64, u64) {
    let out = hinder(&[
        "search",
        "utbyggnadslagen",
        "--json",
        "--corpus",
        nowhere.to_str().expect("a UTF-8 path"),
        "--index",
        index.to_str().expect("a UTF-8 path"),
    ]);
    assert!(
        out.status.success(),
        "the index is servable: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let facets: u64 = json["facets"]["source"]
        .as_array()
        .expect("source facets")
        .iter()
        .map(|f| f["count"].as_u64().expect("a count"))
        .sum();
    (json["total"].as_u64().expect("a total"), facets)
}

#[test]
fn kill_9_while_indexing_leaves_the_last_good_index() {
    let corpus = big_corpus(600);
    let work = scratch();
    let index = work.path().join("index");
    let nowhere = work.path().join("no-corpus");
    let small = TestCorpus::seed();
    assert!(
        hinder(&[
            "index",
            "--corpus",
            small.path().to_str().expect("a UTF-8 path"),
            "--index",
            index.to_str().expect("a UTF-8 path")
        ])
        .status
        .success()
    );
    let (total_before, _) = documents_in(&index, &nowhere);

    // An update of the same index from a big corpus, killed part-way at different moments.
    let mut killed_while_running = 0;
    for delay_ms in [50, 200, 500] {
        let mut child = spawn_index(corpus.path(), &index);
        std::thread::sleep(Duration::from_millis(delay_ms));
        killed_while_running += usize::from(child.0.try_wait().expect("polling").is_none());
        child.0.kill().expect("SIGKILL");
        child.0.wait().expect("reaping");
        let (total, facet_total) = documents_in(&index, &nowhere);
        assert_eq!(
            total, total_before,
            "after kill -9 at {delay_ms} ms the law findings are the same"
        );
        assert!(facet_total >= total, "the index is whole");
    }

    assert!(
        killed_while_running >= 2,
        "the kills must land while indexing runs ({killed_while_running} did)"
    );
    // The killed writer's lock is gone: the next run completes.
    let finished = hinder(&[
        "index",
        "--corpus",
        corpus.path().to_str().expect("a UTF-8 path"),
        "--index",
        index.to_str().expect("a UTF-8 path"),
    ]);
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
    assert!(
        String::from_utf8_lossy(&finished.stderr).contains("now 601 documents"),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
}

#[test]
fn kill_9_during_a_first_build_leaves_nothing_half_written() {
    let corpus = big_corpus(600);
    let work = scratch();
    let index = work.path().join("index");
    let mut child = spawn_index(corpus.path(), &index);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.0.try_wait().expect("polling").is_none(),
        "the build is still running when killed"
    );
    child.0.kill().expect("SIGKILL");
    child.0.wait().expect("reaping");
    assert!(
        !index.exists() || index.join("meta.json").is_file(),
        "either no index or a whole one"
    );
    let rebuilt = hinder(&[
        "index",
        "--corpus",
        corpus.path().to_str().expect("a UTF-8 path"),
        "--index",
        index.to_str().expect("a UTF-8 path"),
    ]);
    assert!(
        rebuilt.status.success(),
        "{}",
        String::from_utf8_lossy(&rebuilt.stderr)
    );
    let leftovers: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".building-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders are cleaned up: {leftovers:?}"
    );
}

/// An upload acknowledged with `201` is in the corpus and found after `kill -9` and a
/// restart, while members upload side by side; what the kill cut short leaves nothing
/// behind that the reader sees.
#[test]
fn acknowledged_uploads_survive_kill_9_during_concurrent_uploads() {
    let corpus = TestCorpus::seed();
    let work = scratch();
    let index = work.path().join("index");
    let members = crate::support::members_file(&index);
    let added = crate::support::hinder_with_input(
        &["user", "--members", &members, "add", "anna"],
        "ett långt lösenord\n",
    );
    assert!(added.status.success());
    let made = hinder(&["user", "--members", &members, "token", "anna", "--write"]);
    let token = crate::support::text(&made.stdout).trim().to_owned();
    let mut server = crate::support::serve_with(&corpus, &index, &["--writes-per-minute", "10000"]);
    let base = server.base.clone();

    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let uploaders: Vec<_> = (0..6)
        .map(|worker| {
            let (stop, base, token) = (Arc::clone(&stop), base.clone(), token.clone());
            let count = Arc::clone(&count);
            std::thread::spawn(move || {
                let agent = agent();
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let text = format!(
                        "## Synpunkter {worker}-{n}\n\n- Uppladdning {worker} nummer {n} om fiber.\n"
                    );
                    let (content_type, body) =
                        crate::support::multipart(&[], Some(("synpunkter.md", text.as_bytes())));
                    let response = agent
                        .post(format!("{base}api/v1/documents"))
                        .header("authorization", format!("Bearer {token}"))
                        .header("content-type", content_type)
                        .send(&body[..]);
                    let Ok(mut response) = response else {
                        break; // the server is gone
                    };
                    if response.status() == 201 {
                        let mut body = String::new();
                        let _ = response.body_mut().as_reader().read_to_string(&mut body);
                        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
                        acknowledged.push(json["document"]["id"].as_str().expect("id").to_owned());
                        count.fetch_add(1, Ordering::Relaxed);
                    } else if response.status() != 429 {
                        panic!("upload answered {}", response.status());
                    }
                }
                acknowledged
            })
        })
        .collect();
    wait_for("some uploads to be acknowledged", || {
        count.load(Ordering::Relaxed) >= 20
    });
    server.kill_9();
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<String> = uploaders
        .into_iter()
        .flat_map(|uploader| uploader.join().expect("an uploader"))
        .collect();
    assert!(!acknowledged.is_empty());

    let restarted = serve(&corpus, &index);
    let agent = agent();
    for id in &acknowledged {
        let url = format!("{}api/v1/documents/{id}", restarted.base);
        let response = agent
            .get(&url)
            .header("authorization", format!("Bearer {token}"))
            .call()
            .expect("an answer");
        assert_eq!(response.status(), 200, "{id} was acknowledged and is gone");
    }
    // No temporary file is left where the reader looks.
    let leftovers: Vec<_> = std::fs::read_dir(corpus.path().join("documents/inkommet"))
        .expect("inkommet")
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let check = hinder(&["check", "--corpus", corpus.path().to_str().expect("UTF-8")]);
    assert!(
        check.status.success(),
        "{}",
        crate::support::text(&check.stdout)
    );
    println!(
        "{} uploads acknowledged before kill -9, all found after the restart",
        acknowledged.len()
    );
}
