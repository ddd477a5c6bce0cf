//! Every finding as NDJSON: `hinder export` and `GET /api/v1/export` write the same lines, in
//! a shape other engines load.

use std::collections::HashSet;

use indexer::export::FindingRecord;

use crate::support::{self, TestCorpus, get, hinder, text};

fn records(ndjson: &str) -> Vec<FindingRecord> {
    ndjson
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[tokio::test]
async fn the_api_exports_every_finding_once_with_its_metadata() {
    let index = support::with_fixtures();
    let app = index.app();
    let reply = get(&app, "/api/v1/export").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/x-ndjson");
    let all = records(&reply.body);
    assert_eq!(all.len() as u64, index.index.finding_count());
    let ids: HashSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique: a primary key");
    let law = all
        .iter()
        .find(|r| r.text.starts_with("Utbyggnadslagen stöd"))
        .expect("the law's finding");
    assert_eq!(
        (
            law.source.as_str(),
            law.section,
            law.section_kind.as_str(),
            law.date.map(|d| d.to_string())
        ),
        ("sormland", 17, "slide", Some("2016-12-02".to_owned()))
    );
    assert_eq!(law.url, format!("/findings/{}", law.id));
    assert_eq!(
        (
            law.document_id.as_str(),
            law.document_status.as_str(),
            law.document_kind.as_str()
        ),
        (
            "2016-12-02-nystartsgruppen-mote-3",
            "publicerad",
            "presentation"
        )
    );
    let tricky = all
        .iter()
        .find(|r| r.text.contains("<script>"))
        .expect("the fixture");
    assert_eq!(tricky.document_status, "publicerad");
    // Document by document, each in reading order.
    let seed: Vec<(u32, u32)> = all
        .iter()
        .filter(|r| r.document_id.starts_with("2016"))
        .map(|r| (r.section, r.position))
        .collect();
    assert!(seed.windows(2).all(|pair| pair[0] < pair[1]));
}

#[tokio::test]
async fn the_opensearch_format_puts_an_action_before_each_finding() {
    let app = support::seed().app();
    let body = get(&app, "/api/v1/export?format=opensearch").await.body;
    let lines: Vec<serde_json::Value> = body
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(lines.len() % 2, 0);
    for pair in lines.chunks(2) {
        assert_eq!(pair[0]["index"]["_id"], pair[1]["id"]);
    }
    let bad = get(&app, "/api/v1/export?format=csv").await;
    assert_eq!(
        (bad.status.as_u16(), bad.json()["error"]["code"].as_str()),
        (400, Some("invalid_format"))
    );
}

#[tokio::test]
async fn the_command_writes_the_same_lines_as_the_api() {
    let corpus = TestCorpus::with_fixtures();
    let scratch = support::scratch();
    let index = scratch.path().join("index");
    let file = scratch.path().join("findings.ndjson");
    let corpus_arg = corpus.path().to_str().expect("UTF-8 path");
    let index_arg = index.to_str().expect("UTF-8 path");
    let output = hinder(&[
        "export",
        "--corpus",
        corpus_arg,
        "--index",
        index_arg,
        "--output",
        file.to_str().expect("UTF-8 path"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let written = std::fs::read_to_string(&file).expect("the export file");
    let reported = format!("Exported {} findings", written.lines().count());
    assert!(
        text(&output.stderr).contains(&reported),
        "{reported}: {}",
        text(&output.stderr)
    );
    let stdout = hinder(&["export", "--corpus", corpus_arg, "--index", index_arg]);
    assert_eq!(text(&stdout.stdout), written, "stdout and file agree");

    let opened = indexer::Library::open(&index).expect("the built index");
    let app = server::app(server::AppState::new(opened));
    assert_eq!(
        get(&app, "/api/v1/export").await.body,
        written,
        "the API agrees"
    );
    let bad = hinder(&["export", "--index", index_arg, "--format", "csv"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("unknown export format `csv`"));
}
