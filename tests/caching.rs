//! Conditional GETs (ETag, 304) and CORS for configured origins.

use axum::body::Body;
use axum::http::Request;

use crate::support::{self, TestCorpus, TestIndex, get, send};

async fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> support::Reply {
    let mut request = Request::get(uri).header("host", "localhost");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app, request.body(Body::empty()).expect("a request")).await
}

fn header<'a>(reply: &'a support::Reply, name: &str) -> Option<&'a str> {
    reply
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn reads_carry_an_etag_and_answer_304_while_the_index_is_unchanged() {
    let app = support::seed().app();
    for uri in [
        "/api/v1/search?q=fiber",
        "/api/v1/documents",
        "/api/v1/facets",
        "/oversikt",
        "/",
    ] {
        let first = get(&app, uri).await;
        let tag = header(&first, "etag").expect("an ETag").to_owned();
        assert!(tag.starts_with("W/\""), "{tag}");
        assert_eq!(header(&first, "cache-control"), Some("no-cache"), "{uri}");
        let again = get_with(&app, uri, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status, 304, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(header(&again, "etag"), Some(tag.as_str()));
        let other = get_with(&app, uri, &[("if-none-match", "W/\"something-else\"")]).await;
        assert_eq!(other.status, 200, "{uri}");
    }
}

#[tokio::test]
async fn errors_and_writes_are_not_tagged() {
    let app = support::seed().app();
    let error = get(&app, "/api/v1/search?limit=0").await;
    assert_eq!(error.status, 400);
    assert!(header(&error, "etag").is_none());
    let post = support::post_json(
        &app,
        "/api/v1/related",
        &serde_json::json!({"text": "fiber"}),
    )
    .await;
    assert_eq!(post.status, 200);
    assert!(header(&post, "etag").is_none());
    let health = get(&app, "/healthz").await;
    assert!(header(&health, "etag").is_none(), "health is never cached");
}

#[tokio::test]
async fn a_change_to_the_corpus_changes_the_tag() {
    let corpus = TestCorpus::seed();
    let built = TestIndex::build(TestCorpus::seed());
    let app = built.app();
    let before = get(&app, "/api/v1/search?q=fiber").await;
    let tag = header(&before, "etag").expect("an ETag").to_owned();
    // Rebuild the same index folder from a corpus with one more document, then reload.
    corpus.add(
        "2017-05-01-ny.md",
        "+++\ntitle = \"Nytt\"\ndate = 2017-05-01\nstatus = \"publicerad\"\nsource = \"styrgrupp\"\n+++\n\n## Ny bild\n\n- Fiber till alla.\n",
    );
    indexer::build_index(corpus.path(), &built.path(), &mut |_, _| {}).expect("rebuilding");
    let app = built.app();
    let after = get_with(&app, "/api/v1/search?q=fiber", &[("if-none-match", &tag)]).await;
    assert_eq!(after.status, 200, "the old tag no longer matches");
    assert_ne!(header(&after, "etag"), Some(tag.as_str()));
    assert_eq!(
        after.json()["total"],
        before.json()["total"].as_u64().unwrap() + 1
    );
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let settings = server::Settings {
        cors_origins: vec!["https://intranet.example.se".to_owned()],
        ..server::Settings::default()
    };
    let app = support::seed().app_with(settings);
    let allowed = get_with(
        &app,
        "/api/v1/search?q=fiber",
        &[("origin", "https://intranet.example.se")],
    )
    .await;
    assert_eq!(
        header(&allowed, "access-control-allow-origin"),
        Some("https://intranet.example.se")
    );
    assert!(header(&allowed, "access-control-expose-headers").is_some_and(|h| h.contains("etag")));
    let preflight = send(
        &app,
        Request::options("/api/v1/related")
            .header("origin", "https://intranet.example.se")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .expect("a request"),
    )
    .await;
    assert!(preflight.status.is_success(), "{}", preflight.status);
    assert!(header(&preflight, "access-control-allow-methods").is_some_and(|m| m.contains("POST")));
    let stranger = get_with(
        &app,
        "/api/v1/search",
        &[("origin", "https://evil.example")],
    )
    .await;
    assert!(header(&stranger, "access-control-allow-origin").is_none());

    let closed = support::seed().app();
    let reply = get_with(
        &closed,
        "/api/v1/search",
        &[("origin", "https://intranet.example.se")],
    )
    .await;
    assert!(
        header(&reply, "access-control-allow-origin").is_none(),
        "no CORS unless configured"
    );
}
