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
    let mut request = agent().get(format!("{base}api/v1/search?q={query}"));
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

#[test]
fn roles_and_write_tokens_are_set_from_the_shell() {
    let work = scratch();
    let file = members_file(&work.path().join("index"));
    let added = user(
        &file,
        &["add", "kansliet", "--role", "editor"],
        "ett långt lösenord
",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let added = user(
        &file,
        &["add", "anna"],
        "ett långt lösenord
",
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let writes = user(
        &file,
        &["token", "anna", "--label", "import", "--write"],
        "",
    );
    assert!(writes.status.success(), "{}", text(&writes.stderr));
    let reads = user(&file, &["token", "anna", "--label", "rapporter"], "");
    let id = |output: &std::process::Output| {
        text(&output.stdout)
            .split('_')
            .nth(1)
            .expect("an id")
            .to_owned()
    };
    let listed = text(&user(&file, &["list"], "").stdout);
    assert!(listed.contains("kansliet  editor\n"), "{listed}");
    assert!(listed.contains("anna  member\n"), "{listed}");
    assert!(
        listed.contains(&format!("token {}  write  ", id(&writes))),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("token {}  read  ", id(&reads))),
        "{listed}"
    );

    let changed = user(&file, &["role", "anna", "editor"], "");
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    assert!(text(&user(&file, &["list"], "").stdout).contains("anna  editor\n"));
    let unknown = user(&file, &["role", "anna", "chef"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown role `chef`: member or editor"));
}

/// An agent that keeps no cookies and follows no redirects: each request says who it is.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Signs in through the form as a browser does, and returns the session cookie.
fn sign_in(base: &str, name: &str, password: &str) -> String {
    let response = agent()
        .post(format!("{base}logga-in"))
        .header("sec-fetch-site", "same-origin")
        .send_form([("name", name), ("password", password), ("next", "/")])
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 303, "signed in");
    let set = response
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .expect("a session cookie")
        .to_owned();
    set.split(';').next().expect("name=value").to_owned()
}

fn sign_out(base: &str, cookie: &str, everywhere: bool) {
    let form: &[(&str, &str)] = if everywhere {
        &[("everywhere", "1")]
    } else {
        &[]
    };
    let response = agent()
        .post(format!("{base}logga-ut"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", cookie)
        .send_form(form.iter().copied())
        .expect("the server answers");
    assert_eq!(response.status().as_u16(), 303);
    let cleared = response.headers().get("set-cookie").expect("cleared");
    assert!(cleared.to_str().unwrap_or_default().contains("Max-Age=0"));
}

/// How many findings a search for a members-only word finds with this cookie.
fn seen_with(base: &str, cookie: &str) -> u64 {
    let mut response = agent()
        .get(format!("{base}api/v1/search?q=zorbalund"))
        .header("cookie", cookie)
        .call()
        .expect("the server answers");
    let body = response.body_mut().read_to_string().unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&body).expect("JSON")["total"]
        .as_u64()
        .expect("a total")
}

#[test]
fn signing_out_ends_the_session_on_the_server_across_restarts() {
    let work = scratch();
    let index = work.path().join("index");
    let file = members_file(&index);
    let password = "ett långt lösenord";
    assert!(
        user(&file, &["add", "anna"], &format!("{password}\n"))
            .status
            .success()
    );
    let corpus = TestCorpus::seed();
    corpus.add(
        "2018-03-01-intern.md",
        "+++\ntitle = \"Internt\"\n+++\n## Intern\n- Kvartersnätet i Zorbalund byggs om.\n",
    );

    let server = serve(&corpus, &index);
    let base = server.base.as_str();
    let (laptop, phone) = (
        sign_in(base, "anna", password),
        sign_in(base, "anna", password),
    );
    assert_eq!((seen_with(base, &laptop), seen_with(base, &phone)), (1, 1));
    sign_out(base, &laptop, false);
    assert_eq!(
        seen_with(base, &laptop),
        0,
        "a kept copy of the cookie is public"
    );
    assert_eq!(seen_with(base, &phone), 1, "the other session goes on");

    drop(server);
    let server = serve(&corpus, &index);
    let base = server.base.as_str();
    assert_eq!(seen_with(base, &laptop), 0, "still ended after a restart");
    assert_eq!(seen_with(base, &phone), 1);

    // A lost phone: the administrator ends every session of the member.
    let ended = user(&file, &["signout", "anna"], "");
    assert!(ended.status.success(), "{}", text(&ended.stderr));
    let started = Instant::now();
    while seen_with(base, &phone) != 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the phone's session goes on"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let again = sign_in(base, "anna", password);
    assert_eq!(seen_with(base, &again), 1, "signing in afresh works");
    let tablet = sign_in(base, "anna", password);
    sign_out(base, &again, true);
    assert_eq!(
        (seen_with(base, &again), seen_with(base, &tablet)),
        (0, 0),
        "signed out everywhere from the web"
    );
    let unknown = user(&file, &["signout", "cecilia"], "");
    assert!(text(&unknown.stderr).contains("no member named `cecilia`"));
}
