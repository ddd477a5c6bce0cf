//! `GET /api/v1/feed`: a search as an Atom feed, read back as a feed reader reads it, over
//! a real socket; and the search pages that link it.

use std::sync::OnceLock;

use atom_syndication::Feed;
use axum::http::StatusCode;

use crate::support::{
    self, Reply, TestCorpus, TestIndex, fetch, get, hit_ids, listen, member, state_with,
};

/// Where the test server says it lives: ids and links start with it.
const PUBLIC_URL: &str = "https://hinder.example.se";

fn settings() -> server::Settings {
    server::Settings {
        public_url: Some(PUBLIC_URL.to_owned()),
        ..server::Settings::default()
    }
}

fn parse(reply: &Reply) -> Feed {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.content_type, "application/atom+xml; charset=utf-8");
    Feed::read_from(reply.body.as_bytes())
        .unwrap_or_else(|error| panic!("not Atom ({error}): {}", reply.body))
}

/// The finding ids of a feed's entries, from their permalinks.
fn entry_ids(feed: &Feed, base: &str) -> Vec<String> {
    let prefix = format!("{base}/findings/");
    feed.entries()
        .iter()
        .map(|entry| {
            entry
                .id()
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{} is not a permalink under {prefix}", entry.id()))
                .to_owned()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_s_feed_is_atom_with_absolute_permalinks() {
    let server = listen(state_with(support::with_fixtures(), settings())).await;
    let reply = fetch(
        &format!("{}/api/v1/feed?q=utbyggnadslagen", server.base),
        None,
    )
    .await;
    let feed = parse(&reply);
    assert_eq!(
        feed.id(),
        format!("{PUBLIC_URL}/api/v1/feed?q=utbyggnadslagen")
    );
    assert_eq!(
        feed.title().as_str(),
        "Nya fynd i Hinder om ”utbyggnadslagen”"
    );
    assert_eq!(feed.lang(), Some("sv"));
    let links: Vec<(&str, &str)> = feed
        .links()
        .iter()
        .map(|link| (link.rel(), link.href()))
        .collect();
    assert!(links.contains(&(
        "self",
        &*format!("{PUBLIC_URL}/api/v1/feed?q=utbyggnadslagen")
    )));
    assert!(links.contains(&("alternate", &*format!("{PUBLIC_URL}/?q=utbyggnadslagen"))));
    assert!(!feed.authors().is_empty(), "a feed names its author");

    let search = fetch(
        &format!(
            "{}/api/v1/search?q=utbyggnadslagen&sort=date_desc",
            server.base
        ),
        None,
    )
    .await
    .json();
    let ids = hit_ids(&search);
    assert!(!ids.is_empty());
    assert_eq!(entry_ids(&feed, PUBLIC_URL), ids);
    let first = &feed.entries()[0];
    let hit = &search["hits"][0];
    assert!(
        first
            .summary()
            .expect("a summary")
            .as_str()
            .starts_with(hit["text"].as_str().expect("text")),
        "the summary is the finding's text"
    );
    let source = hit["source"].as_str().expect("a source");
    let author = &first.authors()[0];
    assert_eq!(
        author.uri(),
        Some(&*format!("{PUBLIC_URL}/kallor/{source}")),
        "the source is the author"
    );
    assert!(
        !author.name().is_empty() && author.name() != source,
        "by its label"
    );
    let date = hit["date"].as_str().expect("a date");
    assert_eq!(
        first.updated().to_rfc3339(),
        format!("{date}T00:00:00+00:00")
    );
    assert_eq!(
        *feed.updated(),
        *first.updated(),
        "as new as its newest entry"
    );
    let alternate = first
        .links()
        .iter()
        .find(|link| link.rel() == "alternate")
        .expect("a link to the finding");
    assert_eq!(alternate.href(), first.id());
    assert!(reply.headers.contains_key("etag"), "cached like every read");
}

#[tokio::test]
async fn the_feed_follows_the_search_s_filters_newest_first() {
    let app = support::with_fixtures().app();
    for query in [
        "",
        "q=fiber",
        "area=landsbygd",
        "source=sormland&limit=5",
        "q=kommun&area=kommunala-processer,samverkan",
        "from=2017-01-01",
        "to=2016-12-31&q=kommunerna",
        "q=%C3%B6verhuvudtaget-inget-alls",
    ] {
        let search = get(&app, &format!("/api/v1/search?{query}&sort=date_desc")).await;
        let reply = get(&app, &format!("/api/v1/feed?{query}")).await;
        let feed = parse(&reply);
        assert_eq!(
            entry_ids(&feed, "http://localhost"),
            hit_ids(&search.json()),
            "{query}"
        );
        let dates: Vec<_> = feed
            .entries()
            .iter()
            .map(|entry| *entry.updated())
            .collect();
        assert!(
            dates.windows(2).all(|pair| pair[0] >= pair[1]),
            "{query}: newest first"
        );
    }
    // A search's own URL: its order and page are the search's, not the feed's.
    let plain = get(&app, "/api/v1/feed?q=fiber").await;
    let copied = get(&app, "/api/v1/feed?q=fiber&sort=date_asc&page=2&limit=20").await;
    assert_eq!(plain.body, copied.body);
    let filtered = parse(&get(&app, "/api/v1/feed?area=landsbygd&source=styrgrupp").await);
    assert_eq!(
        filtered.title().as_str(),
        "Nya fynd i Hinder (område: Landsbygd; källa: Styrgruppen)"
    );
    for entry in filtered.entries() {
        assert!(
            entry
                .categories()
                .iter()
                .any(|category| category.term() == "landsbygd"),
            "{}",
            entry.id()
        );
        assert_eq!(entry.authors()[0].name(), "Styrgruppen");
    }
}

#[tokio::test]
async fn text_is_escaped_and_reads_back_as_written() {
    let app = support::with_fixtures().app();
    let search = get(&app, "/api/v1/search?q=tecknen").await.json();
    let text = search["hits"][0]["text"]
        .as_str()
        .expect("the tricky finding");
    assert!(text.contains('<') && text.contains('&'), "{text}");
    let reply = get(&app, "/api/v1/feed?q=tecknen").await;
    assert!(!reply.body.contains("<script"), "{}", reply.body);
    assert!(reply.body.contains("&lt;script&gt;") && reply.body.contains("&amp;"));
    let feed = parse(&reply);
    let entry = &feed.entries()[0];
    assert!(
        entry
            .summary()
            .expect("a summary")
            .as_str()
            .starts_with(text.trim())
    );
    assert!(
        entry
            .title()
            .as_str()
            .contains("<script>alert(\"xss\")</script>")
    );
    // Words of the query with markup in them stay text in the feed's own title too.
    let marked = parse(&get(&app, "/api/v1/feed?q=%3Cb%3Efiber%20%26%20sj%C3%B6").await);
    assert_eq!(
        marked.title().as_str(),
        "Nya fynd i Hinder om ”<b>fiber & sjö”"
    );
}

#[tokio::test]
async fn bad_parameters_are_the_search_s_400s() {
    let app = support::seed().app();
    let long = "ord+".repeat(indexer::MAX_QUERY_WORDS + 1);
    for (query, code) in [
        ("from=2016-13-01", "invalid_date"),
        ("from=2017-01-01&to=2016-01-01", "invalid_date_range"),
        ("area=skog", "unknown_area"),
        ("source=ingen", "unknown_source"),
        ("limit=0", "invalid_limit"),
        ("limit=101", "invalid_limit"),
        ("limit=tio", "invalid_limit"),
        ("sort=newest", "invalid_sort"),
        ("page=0", "invalid_page"),
        ("offset=10001", "invalid_offset"),
        (&*format!("q={long}"), "query_too_long"),
    ] {
        let reply = get(&app, &format!("/api/v1/feed?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(
            reply.content_type.starts_with("application/json"),
            "{query}"
        );
        let search = get(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(
            reply.json(),
            search.json(),
            "{query}: as the search says it"
        );
        assert_eq!(reply.json()["error"]["code"], code, "{query}");
    }
}

/// The seed corpus with one members-only document.
fn with_secret() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = TestCorpus::seed();
        corpus.add(
            "2030-01-01-internt.md",
            "+++\ntitle = \"Internt om Zorbalund\"\nstatus = \"arbetsmaterial\"\nsource = \"styrgrupp\"\nareas = [\"landsbygd\"]\n+++\n\n## Zorbalund\n\n- Fiber till Zorbalund före alla andra på landsbygden.\n",
        );
        TestIndex::build(corpus)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_only_findings_are_in_a_member_s_feed_only() {
    let server = listen(state_with(with_secret(), settings())).await;
    let feed_url = format!("{}/api/v1/feed?area=landsbygd", server.base);
    let anonymous = fetch(&feed_url, None).await;
    let public = parse(&anonymous);
    assert!(!anonymous.body.contains("Zorbalund"));
    assert!(
        public
            .entries()
            .iter()
            .all(|entry| !entry.id().contains("internt")),
    );
    let as_member = fetch(&feed_url, Some(&member().token)).await;
    let members = parse(&as_member);
    let newest = &members.entries()[0];
    assert!(
        newest
            .id()
            .starts_with(&format!("{PUBLIC_URL}/findings/2030-01-01-internt-")),
        "the newest finding is the members' one: {}",
        newest.id()
    );
    assert_eq!(
        members.entries().len(),
        (public.entries().len() + 1).min(indexer::DEFAULT_LIMIT)
    );
    assert_ne!(
        anonymous.headers.get("etag"),
        as_member.headers.get("etag"),
        "members and the public never share a cached feed"
    );
    let wrong = fetch(&feed_url, Some("hinder_00000000_nope")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unchanged_feed_is_not_sent_again() {
    let app = support::seed().app();
    let first = get(&app, "/api/v1/feed?q=fiber").await;
    let tag = first.headers["etag"].to_str().expect("ASCII").to_owned();
    let request = axum::http::Request::get("/api/v1/feed?q=fiber")
        .header("host", "localhost")
        .header("if-none-match", &tag)
        .body(axum::body::Body::empty())
        .expect("a request");
    let again = support::send(&app, request).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn search_pages_link_their_feed() {
    let app = support::with_fixtures().app();
    let page = get(&app, "/?q=fiber&area=landsbygd&sort=date_asc&page=1").await;
    let html = support::unescape(&page.body);
    assert!(
        html.contains(
            r#"<link rel="alternate" type="application/atom+xml" title="Nya fynd för den här sökningen (Atom)" href="/api/v1/feed?q=fiber&area=landsbygd">"#
        ),
        "{html}"
    );
    assert!(html.contains(
        r#"<a href="/api/v1/feed?q=fiber&area=landsbygd" type="application/atom+xml">Följ som flöde (Atom)</a>"#
    ));
    let start = support::unescape(&get(&app, "/").await.body);
    assert!(start.contains(r#"type="application/atom+xml" title="Nya fynd för den här sökningen (Atom)" href="/api/v1/feed">"#));
    let area = support::unescape(&get(&app, "/omraden/landsbygd").await.body);
    assert!(area.contains(r#"<a href="/api/v1/feed?area=landsbygd" type="application/atom+xml">Följ som flöde (Atom)</a>"#));
    let source = support::unescape(&get(&app, "/kallor/sormland?page=1").await.body);
    assert!(source.contains(r#"href="/api/v1/feed?source=sormland""#));
    // What the links lead to is a feed.
    parse(&get(&app, "/api/v1/feed?q=fiber&area=landsbygd").await);
}
