//! Hostile and careless traffic: bounded queries, errors that keep the house's shape and
//! headers, sign-in forms from other sites, headers for caches.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::support::{self, Reply, get, send};

fn request(method: &str, uri: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "localhost")
}

/// Security headers every answer carries.
fn assert_house_headers(reply: &Reply, what: &str) {
    assert!(
        reply.headers.contains_key("content-security-policy"),
        "{what}: no CSP"
    );
    assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(reply.headers["x-frame-options"], "DENY", "{what}");
}

#[tokio::test]
async fn a_query_too_long_is_refused_in_the_api_and_cut_on_the_page() {
    let app = support::seed().app();
    let hostile = vec!["fiber"; 6_000].join("+");
    for uri in [
        format!("/api/v1/search?q={hostile}"),
        format!("/api/v1/suggest?q={hostile}"),
        format!(
            "/api/v1/search?q={}",
            "x".repeat(indexer::MAX_QUERY_CHARS + 1)
        ),
    ] {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", &uri[..40]);
        assert_eq!(reply.json()["error"]["code"], "query_too_long");
        assert!(
            reply.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains("at most 1000 characters and 32 words")
        );
    }
    let longest = vec!["fiber"; indexer::MAX_QUERY_WORDS].join("+");
    assert_eq!(
        get(&app, &format!("/api/v1/search?q={longest}"))
            .await
            .status,
        StatusCode::OK
    );

    let page = get(&app, &format!("/?q={hostile}")).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(
        page.body.contains("Sökningen är för lång."),
        "beside the box"
    );
    assert!(page.body.contains(r#"id="q-error""#));
    assert!(page.body.contains("<mark>"), "the first words are searched");
}

#[tokio::test]
async fn errors_from_the_limits_and_the_router_keep_the_house_shape() {
    let app = support::seed().app();
    let big = "x".repeat(server::limits::MAX_BODY_BYTES + 1);
    let api = send(
        &app,
        request("POST", "/api/v1/related")
            .header("content-type", "application/json")
            .header("content-length", big.len())
            .body(Body::from(big.clone()))
            .unwrap(),
    )
    .await;
    assert_eq!(api.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.json()["error"]["code"], "body_too_large");
    assert_house_headers(&api, "413 from the API");

    let page = send(
        &app,
        request("POST", "/logga-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("content-length", big.len())
            .body(Body::from(big))
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    assert!(page.body.contains("<html lang=\"sv\">"));
    assert_house_headers(&page, "413 from a page");

    let method = send(
        &app,
        request("DELETE", "/api/v1/search")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(method.json()["error"]["code"], "method_not_allowed");
    assert!(method.headers.contains_key("allow"), "what it said is kept");
    assert_house_headers(&method, "405");
}

/// A sign-in form post with these extra headers.
fn sign_in_from(headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder =
        request("POST", "/logga-in").header("content-type", "application/x-www-form-urlencoded");
    for &(name, value) in headers {
        builder = builder.header(name, value);
    }
    let member = support::member();
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", member.name)
        .append_pair("password", member.password)
        .append_pair("next", "/")
        .finish();
    builder.body(Body::from(body)).expect("a request")
}

#[tokio::test]
async fn forms_that_sign_in_or_out_are_refused_from_other_sites() {
    let app = support::seed().app();
    for foreign in [
        vec![("origin", "https://evil.example")],
        vec![
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ],
        vec![("origin", "null")],
    ] {
        let reply = send(&app, sign_in_from(&foreign)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{foreign:?}");
        assert!(!reply.headers.contains_key("set-cookie"), "not signed in");
        assert!(reply.body.contains("Hinders egna sidor"));
    }
    let own = send(
        &app,
        sign_in_from(&[
            ("origin", "http://localhost"),
            ("sec-fetch-site", "same-origin"),
        ]),
    )
    .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    assert!(own.headers.contains_key("set-cookie"));

    let out = send(
        &app,
        request("POST", "/logga-ut")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cache_headers_say_what_answers_vary_by() {
    let app = support::seed().app();
    let health = get(&app, "/healthz").await;
    assert_eq!(health.headers["cache-control"], "no-store");
    assert!(health.headers.contains_key("vary"));

    let cors = support::seed().app_with(server::Settings {
        cors_origins: vec!["https://kommun.example".to_owned()],
        ..server::Settings::default()
    });
    let reply = send(
        &cors,
        request("GET", "/api/v1/search?q=fiber")
            .header("origin", "https://kommun.example")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let vary: Vec<String> = reply
        .headers
        .get_all("vary")
        .iter()
        .flat_map(|v| {
            v.to_str()
                .unwrap()
                .split(',')
                .map(|n| n.trim().to_lowercase())
        })
        .collect();
    for name in ["origin", "authorization", "cookie"] {
        assert!(vary.iter().any(|v| v == name), "{name} in {vary:?}");
    }
}

/// The ids a suggestion request lists, from the members' index in `dir`.
fn suggested_ids(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let index = indexer::SearchIndex::open(&indexer::Audience::Members.index_dir(dir))
        .expect("opening the index")
        .view();
    let suggestions = index.suggest(prefix, 8).expect("suggest");
    suggestions.hits.iter().map(|hit| hit.id.clone()).collect()
}

#[test]
fn suggestions_tie_the_same_way_however_the_index_was_built() {
    // Two findings alike in every way a score sees: only their ids tell them apart.
    let same = "## Zorbaklumpar\n\n- Zorbaklumpar i kanalisationen.\n";
    let corpus = support::TestCorpus::seed();
    corpus.add("zorb-a.md", same);
    corpus.add("zorb-b.md", same);
    let at_once = support::scratch();
    indexer::build_index(corpus.path(), &at_once.path().join("index"), &mut |_, _| {})
        .expect("building");

    // The same corpus reached in two steps: the second document lands in a later segment.
    let stepwise_corpus = support::TestCorpus::seed();
    stepwise_corpus.add("zorb-b.md", same);
    let stepwise = support::scratch();
    let index = stepwise.path().join("index");
    indexer::build_index(stepwise_corpus.path(), &index, &mut |_, _| {}).expect("building");
    stepwise_corpus.add("zorb-a.md", same);
    indexer::update_index(stepwise_corpus.path(), &index, &mut |_, _| {}).expect("updating");

    let first = suggested_ids(&at_once.path().join("index"), "zorbak");
    assert_eq!(first.len(), 2, "{first:?}");
    assert_eq!(first, suggested_ids(&index, "zorbak"));
}

/// A sign-in form post from a client address.
fn sign_in_as(address: [u8; 4], password: &str) -> Request<Body> {
    let member = support::member();
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", member.name)
        .append_pair("password", password)
        .append_pair("next", "/")
        .finish();
    let mut request = request("POST", "/logga-in")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("a request");
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            address, 40_000,
        ))));
    request
}

#[tokio::test]
async fn guessing_a_member_s_password_never_locks_the_member_out() {
    let app = support::seed().app();
    let attacker = [10, 0, 0, 66];
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            send(&app, sign_in_as(attacker, "inte rätt lösenord"))
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 401, 429, 429],
        "the guesser is slowed"
    );
    let member = send(&app, sign_in_as([10, 0, 0, 1], support::member().password)).await;
    assert_eq!(
        member.status,
        StatusCode::SEE_OTHER,
        "the member signs in from her own address meanwhile"
    );
    assert!(member.headers.contains_key("set-cookie"));
}

#[tokio::test]
async fn work_past_its_time_is_stopped_and_answered_in_the_house_shape() {
    // No time at all: every piece of index work is past its deadline when it starts.
    let app = support::seed().app_with(server::Settings {
        search_timeout: std::time::Duration::ZERO,
        ..server::Settings::default()
    });
    let found = get(&support::seed().app(), "/api/v1/search?q=utbyggnadslagen").await;
    let id = support::hit_ids(&found.json())[0].clone();
    for uri in [
        "/api/v1/search?q=utbyggnadslagen".to_owned(),
        "/api/v1/search".to_owned(),
        "/api/v1/suggest?q=utbyg".to_owned(),
        "/api/v1/facets".to_owned(),
        format!("/api/v1/findings/{id}/related"),
    ] {
        let reply = get(&app, &uri).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(reply.json()["error"]["code"], "search_timeout", "{uri}");
        assert!(
            !reply.headers.contains_key("retry-after"),
            "{uri}: same again"
        );
        assert_house_headers(&reply, &uri);
    }
    let page = get(&app, "/?q=utbyggnadslagen").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        page.body.contains("Sökningen tog för lång tid"),
        "{}",
        page.body
    );
    assert_house_headers(&page, "search page");

    // What needs no searching still answers, and a stopped request frees its slot: more
    // requests than there are slots and queue places all get their answer.
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    let export = get(&app, "/api/v1/export").await;
    assert_eq!(export.status, StatusCode::OK, "an export streams unbounded");
    for _ in 0..(5 * indexer::cores() + 5) {
        let reply = get(&app, "/api/v1/search?q=fiber").await;
        assert_eq!(reply.json()["error"]["code"], "search_timeout");
    }
}
