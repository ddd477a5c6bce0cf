//! `hinder index --input FILE.ndjson`: what `hinder export` writes comes back the same, looser
//! lines from other tools are read as they come, bad lines are reported and left out, and an
//! imported index is not rebuilt from a corpus folder behind its back.

use crate::support::{TestCorpus, hinder, scratch, text};

fn run(args: &[&str]) -> std::process::Output {
    let output = hinder(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        text(&output.stderr)
    );
    output
}

#[test]
fn an_export_imports_back_to_the_same_findings() {
    let corpus = TestCorpus::with_fixtures();
    corpus.add(
        "2018-03-01-intern.md",
        "+++\ntitle = \"Internt\"\n+++\n## Zorbalund\n- Sekretessfiberplanen för Zorbalund.\n",
    );
    let work = scratch();
    let original = work.path().join("original");
    let imported = work.path().join("imported");
    let exported = work.path().join("export.ndjson");
    let corpus_arg = corpus.path().to_str().expect("UTF-8");
    let (original_arg, imported_arg) = (
        original.to_str().expect("UTF-8"),
        imported.to_str().expect("UTF-8"),
    );
    let export = |index: &str| {
        text(&run(&["export", "--all", "--corpus", corpus_arg, "--index", index]).stdout)
    };
    let before = export(original_arg);
    std::fs::write(&exported, &before).expect("writing the export");

    let import = run(&[
        "index",
        "--input",
        exported.to_str().expect("UTF-8"),
        "--corpus",
        corpus_arg,
        "--index",
        imported_arg,
    ]);
    let lines = before.lines().count();
    assert!(
        text(&import.stderr).contains(&format!("3 documents, {lines} findings")),
        "{}",
        text(&import.stderr)
    );
    assert_eq!(
        export(imported_arg),
        before,
        "export, import, export: the same lines"
    );

    for query in [
        "utbyggnadslagen",
        "samordnare",
        "zorbalund",
        "\"lokal nivå\"",
    ] {
        let search = |index: &str, all: bool| {
            let mut args = vec![
                "search", query, "--json", "--corpus", corpus_arg, "--index", index,
            ];
            if all {
                args.push("--all");
            }
            let json: serde_json::Value = serde_json::from_slice(&run(&args).stdout).expect("JSON");
            (json["total"].clone(), crate::support::hit_ids(&json))
        };
        for all in [false, true] {
            assert_eq!(
                search(imported_arg, all),
                search(original_arg, all),
                "{query} {all}"
            );
        }
    }
}

#[test]
fn lines_of_other_tools_are_read_as_they_come_and_bad_lines_are_named() {
    let work = scratch();
    let input = work.path().join("passages.jsonl");
    let lines = [
        r#"{"id": "probe-1", "doc": "probe.txt", "title": "probe 1", "text": "Kommunens bredbandssamordnare berättade att utbyggnaden av fibernätet på landsbygden har försenats.", "source": "probe", "area": "landsbygd", "date": "2016-12-02", "kind": "probe"}"#,
        r#"{"id": "s-sf-0001", "doc": "sf.srt", "title": "SF Veckorevy", "text": "Samordnare och operatörer planerar torrinstallationer.", "source": "SF Veckorevy", "area": "processer", "date": "", "kind": "speech"}"#,
        r#"{"id": "s-sf-0002", "doc": "sf.srt", "title": "SF Veckorevy", "text": "Grävning och samförläggning i befintliga ledningsgravar.", "source": "SF Veckorevy", "area": "processer", "date": "1950-01-01", "kind": "speech"}"#,
        r#"{"id": "probe-2", "doc": "probe.txt", "title": "probe 2", "text": "En regional samordnare hjälper kommunerna.", "source": "probe", "area": "samverkan", "date": "2016-12-02", "kind": "probe"}"#,
        r#"{"id": "probe-1", "doc": "probe.txt", "text": "Samma id igen."}"#,
        r#"{"id": "trasig", "text": "Ett datum som inte finns.", "date": "2016-02-30"}"#,
        r#"{"text": "Inget id."}"#,
        "inte JSON",
        "",
    ];
    std::fs::write(&input, lines.join("\n")).expect("writing the input");
    let index = work.path().join("index");
    let corpus = work.path().join("ingen-korpus");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "index",
            "--input",
            input.to_str().expect("UTF-8"),
            "--corpus",
            corpus.to_str().expect("UTF-8"),
            "--index",
            index.to_str().expect("UTF-8"),
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        args
    };
    let hinder_owned =
        |args: Vec<String>| hinder(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let import = hinder_owned(args(&["--status", "publicerad"]));
    assert_eq!(import.status.code(), Some(1), "bad lines fail the run");
    let stderr = text(&import.stderr);
    assert!(stderr.contains("2 documents, 4 findings"), "{stderr}");
    assert!(stderr.contains("4 lines were left out"), "{stderr}");
    assert!(
        stderr.contains("passages.jsonl:5: id `probe-1` is used by an earlier line"),
        "{stderr}"
    );
    assert!(stderr.contains("passages.jsonl:6:"), "{stderr}");
    assert!(
        stderr.contains("passages.jsonl:7: missing field `id`"),
        "{stderr}"
    );
    assert!(stderr.contains("passages.jsonl:8:"), "{stderr}");

    let search = |query: &str, extra: &[&str]| {
        let mut args = vec![
            "search",
            query,
            "--json",
            "--corpus",
            corpus.to_str().expect("UTF-8"),
            "--index",
            index.to_str().expect("UTF-8"),
        ];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert!(
            !text(&output.stderr).contains("Indexed"),
            "an import is not rebuilt"
        );
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("JSON")
    };
    let samordnare = search("samordnare", &[]);
    assert_eq!(samordnare["total"], 3, "published, as --status said");
    let ids = crate::support::hit_ids(&search("samordnare", &["--area", "processer"]));
    assert_eq!(
        ids,
        ["s-sf-0001"],
        "ids as given; a new area joins the taxonomy"
    );
    let sources = &samordnare["facets"]["source"];
    assert!(
        sources
            .as_array()
            .expect("sources")
            .iter()
            .any(|source| source["value"] == "sf-veckorevy" && source["label"] == "SF Veckorevy"),
        "{sources}"
    );

    let private = hinder_owned(args(&[]));
    assert_eq!(private.status.code(), Some(1));
    assert_eq!(
        search("samordnare", &[])["total"],
        0,
        "without --status: members only"
    );
    assert_eq!(search("samordnare", &["--all"])["total"], 3);
}
