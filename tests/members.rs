//! `hinder user` manages the members file, and a running `hinder serve` follows it: a new
//! token works, a revoked one stops working, with no restart.

use std::time::{Duration, Instant};

use crate::support::{TestCorpus, hinder, hinder_with_input, members_file, scratch, serve, text};

fn user(file: &str, args: &[&str], input: &str) -> std::process::Output {
    let mut all = vec!["user", "--members", file];
    all.extend_from_slice(args);
    hinder_with_input(&all, input)
}

/// Status and total of a search, with an optional bearer token.
fn search(base: &str, query: &str, token: Option<&str>) -> (u16, Option<u64>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let mut request = agent.get(format!("{base}api/v1/search?q={query}"));
    if let Some(token) = token {
        request = request.header("authorization", &format!("Bearer {token}"));
    }
    let mut response = request.call().expect("the server answers");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    let total = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|json| json["total"].as_u64());
    (status, total)
}

#[test]
fn members_are_managed_from_the_shell_and_followed_by_the_server() {
    let work = scratch();
    let index = work.path().join("index");
    let file = members_file(&index);

    let added = user(&file, &["add", "anna"], "ett långt lösenord\n");
    assert!(added.status.success(), "{}", text(&added.stderr));
    let again = user(&file, &["add", "anna"], "ett annat lösenord\n");
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("member `anna` exists already"));
    let weak = user(&file, &["add", "bertil"], "kort\n");
    assert!(text(&weak.stderr).contains("at least 10 characters"));

    let made = user(&file, &["token", "anna", "--label", "rapportverktyg"], "");
    assert!(made.status.success(), "{}", text(&made.stderr));
    let token = text(&made.stdout).trim().to_owned();
    assert!(token.starts_with("hinder_"), "{token}");
    let id = token.split('_').nth(1).expect("an id").to_owned();

    let stored = std::fs::read_to_string(&file).expect("the members file");
    assert!(!stored.contains("ett långt lösenord"), "no plain password");
    assert!(
        !stored.contains(&token[token.len() - 20..]),
        "no plain token"
    );
    let listed = text(&user(&file, &["list"], "").stdout);
    assert!(listed.contains("anna") && listed.contains(&id) && listed.contains("rapportverktyg"));
    assert!(!listed.contains(&token));

    let corpus = TestCorpus::seed();
    corpus.add(
        "2018-03-01-intern.md",
        "+++\ntitle = \"Internt\"\n+++\n## Intern\n- Kvartersnätet i Zorbalund byggs om.\n",
    );
    let server = serve(&corpus, &index);
    let base = server.base.as_str();
    assert_eq!(
        search(base, "zorbalund", None),
        (200, Some(0)),
        "not published"
    );
    assert_eq!(search(base, "zorbalund", Some(&token)), (200, Some(1)));

    let revoked = user(&file, &["revoke", &id], "");
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    let started = Instant::now();
    while search(base, "zorbalund", Some(&token)).0 != 401 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the revoked token still works"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let removed = user(&file, &["remove", "anna"], "");
    assert!(removed.status.success());
    assert!(text(&user(&file, &["list"], "").stderr).contains("No members"));
    let bad = hinder(&["user", "--members", &file, "remove", "anna"]);
    assert!(text(&bad.stderr).contains("no member named `anna`"));
}
