//! Who may see what. The proof that an anonymous caller learns nothing about members-only
//! material: over a corpus with both kinds, every route answers an anonymous caller exactly
//! as it answers over the same corpus without the members-only documents (same status, same
//! body, same `ETag`), and never names a word of them. A member, meanwhile, sees them.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use indexer::export::ExportFormat;

use crate::support::{
    Reply, TestCorpus, TestIndex, WritableCorpus, get, member, multipart, request_as, send,
};

/// Words that occur only in the members-only documents, as the walk's requests use them and
/// as they would show in an answer.
const SECRETS: [&str; 6] = [
    "Sekretessfiberplanen",
    "sekretessfiberplan",
    "Zorbalund",
    "zorbalund",
    "Hemlighetskalkylen",
    "hemlighetskalkyl",
];

/// Members-only documents: working material, input for the steering group, and one with no
/// status at all (working material by default). They share words with published material
/// ("utbyggnadslagen", "fiber") so that they would change scores, related findings and facet
/// counts if they leaked into them.
fn add_hidden(corpus: &TestCorpus) {
    corpus.add(
        "2018-03-01-intern-arbetsgrupp.md",
        "+++\ntitle = \"Internt om Zorbalund\"\nstatus = \"arbetsmaterial\"\nsource = \"styrgrupp\"\nareas = [\"landsbygd\"]\n+++\n\n## Zorbalund och utbyggnadslagen\n\n- Sekretessfiberplanen för Zorbalund bygger på utbyggnadslagen.\n- Fiber till Zorbalund före 2019.\n",
    );
    corpus.add(
        "2018-04-01-styrgrupp-underlag.md",
        "+++\ntitle = \"Underlag till styrgruppen\"\nstatus = \"styrgruppsunderlag\"\nsource = \"koordinatorer\"\nareas = [\"samverkan\"]\n+++\n\n## Kostnader\n\n- Hemlighetskalkylen visar kostnaden för fiber på landsbygden.\n",
    );
    corpus.add(
        "2018-05-01-utan-status.md",
        "+++\ntitle = \"Anteckning utan status\"\n+++\n\n## Zorbalund\n\n- Utbyggnadslagen tolkas olika i Zorbalund.\n",
    );
    // An area description written by hand, still working material.
    corpus.add(
        "omradesbeskrivningar/omradesbeskrivning-landsbygd.md",
        "+++\nid = \"omradesbeskrivning-landsbygd\"\ntitle = \"Områdesbeskrivning: Landsbygd\"\nkind = \"omradesbeskrivning\"\nareas = [\"landsbygd\"]\n+++\n\n## Utmaningar\n\nZorbalund saknar fiber enligt Hemlighetskalkylen.\n",
    );
}

/// The corpus with members-only documents, and the same corpus without them.
fn libraries() -> &'static (TestIndex, TestIndex) {
    static BOTH: OnceLock<(TestIndex, TestIndex)> = OnceLock::new();
    BOTH.get_or_init(|| {
        let with_hidden = TestCorpus::with_fixtures();
        add_hidden(&with_hidden);
        (
            TestIndex::build(with_hidden),
            TestIndex::build(TestCorpus::with_fixtures()),
        )
    })
}

/// A request with a method, a path and, for POSTs, a body.
struct Call {
    method: &'static str,
    uri: String,
    body: Option<(&'static str, String)>,
}

fn get_call(uri: impl Into<String>) -> Call {
    Call {
        method: "GET",
        uri: uri.into(),
        body: None,
    }
}

fn post_call(uri: &str, content_type: &'static str, body: String) -> Call {
    Call {
        method: "POST",
        uri: uri.to_owned(),
        body: Some((content_type, body)),
    }
}

async fn call(app: &Router, call: &Call, authorization: Option<&str>) -> Reply {
    let mut request = Request::builder()
        .method(call.method)
        .uri(&call.uri)
        .header("host", "localhost");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let request = match &call.body {
        Some((content_type, body)) => request
            .header("content-type", *content_type)
            .body(Body::from(body.clone())),
        None => request.body(Body::empty()),
    };
    send(app, request.expect("a request")).await
}

/// The member's view of the hidden findings and documents: the ids an attacker would try.
fn hidden_ids() -> (Vec<String>, Vec<String>) {
    let export = member_export();
    let mut findings = Vec::new();
    let mut documents = BTreeSet::new();
    for line in export.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        if record["document_status"] != "publicerad" {
            findings.push(record["id"].as_str().expect("id").to_owned());
            documents.insert(record["document_id"].as_str().expect("doc").to_owned());
        }
    }
    (findings, documents.into_iter().collect())
}

fn member_export() -> String {
    let mut out = Vec::new();
    indexer::export::write_export(&libraries().0.index, &mut out, ExportFormat::Ndjson)
        .expect("exporting the members' index");
    String::from_utf8(out).expect("UTF-8")
}

/// Every route, with the requests that would reveal members-only material if anything did.
fn walk(hidden_findings: &[String], hidden_documents: &[String]) -> Vec<Call> {
    let finding = &hidden_findings[0];
    let document = &hidden_documents[0];
    let public_finding = "2016-12-02-nystartsgruppen-mote-3-eaf45912";
    let mut calls = vec![
        get_call("/api/v1/search"),
        get_call("/api/v1/search?q=zorbalund"),
        get_call("/api/v1/search?q=fiberplanen"),
        get_call("/api/v1/search?q=Sekretesfiberplanen"),
        get_call("/api/v1/search?q=utbyggnadslagen"),
        get_call("/api/v1/search?q=fiber&area=landsbygd&source=styrgrupp"),
        get_call("/api/v1/search?from=2018-01-01"),
        get_call("/api/v1/search?q=kalkyl&sort=date_desc"),
        get_call("/api/v1/facets"),
        get_call("/api/v1/suggest?q=zorb"),
        get_call("/api/v1/suggest?q=sekretess"),
        get_call("/api/v1/suggest?q=hemlighets"),
        get_call(format!("/api/v1/findings/{finding}")),
        get_call(format!("/api/v1/findings/{finding}/related")),
        get_call(format!("/api/v1/findings/{public_finding}")),
        get_call(format!("/api/v1/findings/{public_finding}/related?limit=50")),
        post_call(
            "/api/v1/related",
            "application/json",
            serde_json::json!({
                "text": "Sekretessfiberplanen för Zorbalund och utbyggnadslagen. Hemlighetskalkylen.",
                "limit": 50,
                "ids": [finding, public_finding],
            })
            .to_string(),
        ),
        get_call("/api/v1/documents?limit=100"),
        get_call(format!("/api/v1/documents/{document}")),
        get_call(format!("/api/v1/documents/{document}/history")),
        post_call(
            &format!("/api/v1/documents/{document}/restore"),
            "application/json",
            String::new(),
        ),
        Call {
            method: "PATCH",
            uri: format!("/api/v1/documents/{document}"),
            body: Some(("application/json", r#"{"title": "x"}"#.to_owned())),
        },
        Call {
            method: "DELETE",
            uri: format!("/api/v1/documents/{document}"),
            body: None,
        },
        post_call(
            "/api/v1/documents",
            "application/json",
            serde_json::json!({"text": "- Zorbalund"}).to_string(),
        ),
        get_call("/api/v1/feed"),
        get_call("/api/v1/feed?q=zorbalund"),
        get_call("/api/v1/feed?q=utbyggnadslagen&limit=100"),
        get_call("/api/v1/feed?area=landsbygd&source=styrgrupp"),
        get_call("/api/v1/feed?from=2018-01-01&sort=date_asc"),
        get_call("/api/v1/export"),
        get_call("/api/v1/export?format=opensearch"),
        get_call("/api/v1/openapi.json"),
        get_call("/healthz"),
        get_call("/"),
        get_call("/?q=zorbalund"),
        get_call("/?q=utbyggnadslagen&limit=100"),
        get_call(format!("/findings/{finding}")),
        get_call(format!("/findings/{public_finding}")),
        get_call("/documents"),
        get_call(format!("/documents/{document}")),
        get_call("/omraden"),
        get_call("/omraden/landsbygd"),
        get_call("/omraden/samverkan"),
        get_call("/kallor"),
        get_call("/kallor/styrgrupp"),
        get_call("/kallor/koordinatorer"),
        get_call(format!(
            "/utkast?text=Sekretessfiberplanen+f%C3%B6r+Zorbalund+och+utbyggnadslagen.&ids={finding}&ids={public_finding}"
        )),
        get_call(format!(
            "/utkast.md?text=Zorbalund+och+utbyggnadslagen.&ids={finding}"
        )),
        get_call("/oversikt"),
        get_call("/omraden/landsbygd/beskrivning"),
        get_call("/omraden/landsbygd/beskrivning?version=1"),
        get_call("/api/v1/areas/landsbygd/description"),
        get_call("/api/v1/areas/landsbygd/description?version=1"),
        Call {
            method: "PUT",
            uri: "/api/v1/areas/landsbygd/description".to_owned(),
            body: Some(("application/json", r#"{"version": 1, "sections": {"fakta": "x"}}"#.to_owned())),
        },
        post_call(
            "/api/v1/areas/landsbygd/description/rounds",
            "application/json",
            r#"{"deadline": "2099-01-01"}"#.to_owned(),
        ),
        post_call(
            "/api/v1/areas/landsbygd/description/approval",
            "application/json",
            r#"{"version": 1}"#.to_owned(),
        ),
        Call {
            method: "PATCH",
            uri: format!("/api/v1/areas/landsbygd/description/feedback/{document}"),
            body: Some(("application/json", r#"{"outcome": "inarbetad"}"#.to_owned())),
        },
        post_call(
            "/omraden/landsbygd/beskrivning/utkast",
            "application/x-www-form-urlencoded",
            String::new(),
        ),
        get_call("/aterkoppling"),
        get_call(format!("/aterkoppling?responds_to=/findings/{finding}")),
        post_call(
            "/aterkoppling",
            "application/x-www-form-urlencoded",
            format!("text=Zorbalund&responds_to=/documents/{document}"),
        ),
        get_call(format!("/documents/{document}/andra")),
        post_call(
            &format!("/documents/{document}/andra"),
            "application/x-www-form-urlencoded",
            "title=x".to_owned(),
        ),
        post_call(
            &format!("/documents/{document}/dra-tillbaka"),
            "application/x-www-form-urlencoded",
            String::new(),
        ),
        get_call("/tillbakadragna"),
        post_call(
            &format!("/tillbakadragna/{document}/aterstall"),
            "application/x-www-form-urlencoded",
            String::new(),
        ),
        get_call("/?q=fiber&region=04"),
        get_call("/api/v1/search?region=04,0480"),
        get_call("/nytt"),
        get_call("/nytt?limit=1&page=2"),
        get_call("/logga-in"),
        get_call("/static/style.css"),
        get_call("/finns-inte/zorbalund"),
    ];
    for id in hidden_findings.iter().skip(1) {
        calls.push(get_call(format!("/api/v1/findings/{id}")));
    }
    for id in hidden_documents.iter().skip(1) {
        calls.push(get_call(format!("/documents/{id}")));
    }
    calls
}

/// The answer without what varies from run to run (the time a search took).
fn comparable(reply: &Reply) -> String {
    if reply.content_type.starts_with("application/json") {
        let mut json = reply.json();
        if let Some(object) = json.as_object_mut() {
            object.remove("took_ms");
        }
        json.to_string()
    } else {
        reply.body.clone()
    }
}

#[tokio::test]
async fn an_anonymous_caller_learns_nothing_of_members_only_material() {
    let (with_hidden, without_hidden) = libraries();
    let (findings, documents) = hidden_ids();
    assert_eq!(findings.len(), 5, "the hidden documents' findings");
    assert_eq!(documents.len(), 4);
    let (app, control) = (with_hidden.app(), without_hidden.app());
    for request in walk(&findings, &documents) {
        let seen = call(&app, &request, None).await;
        let expected = call(&control, &request, None).await;
        let what = format!("{} {}", request.method, request.uri);
        assert_eq!(seen.status, expected.status, "{what}");
        assert_eq!(comparable(&seen), comparable(&expected), "{what}");
        assert_eq!(
            seen.headers.get("etag"),
            expected.headers.get("etag"),
            "{what}: the tag tells nothing either"
        );
        // Beyond equality: no answer names a secret, unless the request itself did (a
        // search echoes its query).
        let asked = format!("{what} {:?}", request.body).to_lowercase();
        for secret in SECRETS
            .iter()
            .chain(&[findings[0].as_str(), documents[0].as_str()])
            .filter(|secret| !asked.contains(&secret.to_lowercase()))
        {
            assert!(!seen.body.contains(secret), "{what} names {secret}");
        }
    }
}

#[tokio::test]
async fn the_walk_covers_every_endpoint_of_the_api() {
    let (findings, documents) = hidden_ids();
    let walked: Vec<String> = walk(&findings, &documents)
        .into_iter()
        .map(|call| call.uri)
        .collect();
    let openapi = get(&libraries().0.app(), "/api/v1/openapi.json")
        .await
        .json();
    for (path, _) in openapi["paths"].as_object().expect("paths") {
        let prefix = path.split('{').next().expect("a prefix");
        let suffix = path.rsplit('}').next().expect("a suffix");
        assert!(
            walked.iter().any(|uri| uri.starts_with(prefix)
                && uri.split('?').next().is_some_and(|p| p.ends_with(suffix))),
            "the walk misses {path}"
        );
    }
}

#[tokio::test]
async fn what_a_member_adds_through_the_api_stays_out_of_the_public_s_sight() {
    let corpus = WritableCorpus::new(TestCorpus::with_fixtures(), server::Settings::default());
    let app = corpus.app();
    let (content_type, body) = multipart(
        &[("areas", "landsbygd"), ("source", "styrgrupp")],
        Some((
            "Zorbalund.md",
            "## Zorbalund och utbyggnadslagen\n\n- Sekretessfiberplanen för Zorbalund bygger på utbyggnadslagen.\n- Hemlighetskalkylen visar kostnaden för fiber.\n".as_bytes(),
        )),
    );
    // The walk asks for the upload's ids, which are known only once it is added: a first
    // upload to a twin corpus gives them (the ids depend on the name and the text alone).
    let twin = WritableCorpus::new(TestCorpus::with_fixtures(), server::Settings::default());
    let request = || {
        request_as(
            "POST",
            "/api/v1/documents",
            Some(&member().write_token),
            Some((&content_type, body.clone())),
        )
    };
    let added = send(&twin.app(), request()).await.json();
    let document = added["document"]["id"].as_str().expect("an id").to_owned();
    let findings: Vec<String> = added["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|section| section["findings"].as_array().expect("findings").clone())
        .map(|finding| finding["id"].as_str().expect("an id").to_owned())
        .collect();
    let calls = walk(&findings, std::slice::from_ref(&document));
    let mut before = Vec::new();
    for request in &calls {
        before.push(call(&app, request, None).await);
    }
    let reply = send(&app, request()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["document"]["id"], document.as_str());
    let member_search = call(
        &app,
        &get_call("/api/v1/search?q=zorbalund"),
        Some(&format!("Bearer {}", member().token)),
    )
    .await;
    assert_eq!(member_search.json()["total"], 1, "members find it at once");
    for (request, before) in calls.iter().zip(&before) {
        let after = call(&app, request, None).await;
        let what = format!("{} {}", request.method, request.uri);
        assert_eq!(after.status, before.status, "{what}");
        assert_eq!(comparable(&after), comparable(before), "{what}");
    }
}

#[tokio::test]
async fn a_member_sees_everything() {
    let (findings, documents) = hidden_ids();
    let app = libraries().0.app();
    let bearer = format!("Bearer {}", member().token);
    let as_member = |uri: String| {
        let (app, bearer) = (app.clone(), bearer.clone());
        async move { call(&app, &get_call(uri), Some(&bearer)).await }
    };
    let search = as_member("/api/v1/search?q=zorbalund".to_owned()).await;
    assert_eq!(search.json()["total"], 4);
    let typo = as_member("/api/v1/search?q=Sekretesfiberplanen".to_owned()).await;
    assert_eq!(
        typo.json()["total"],
        1,
        "typos are forgiven within members' words"
    );
    let suggest = as_member("/api/v1/suggest?q=zorb".to_owned()).await;
    assert!(suggest.body.contains("Zorbalund") || suggest.body.contains("zorbalund"));
    let finding = as_member(format!("/findings/{}", findings[0])).await;
    assert_eq!(finding.status, StatusCode::OK);
    assert!(
        finding
            .body
            .contains("bara för arbetsgruppens medlemmar. Citera inte"),
        "members-only material says so"
    );
    let public = as_member("/findings/2016-12-02-nystartsgruppen-mote-3-eaf45912".to_owned()).await;
    assert!(!public.body.contains("bara för arbetsgruppens medlemmar"));
    assert!(
        finding.body.contains("Inloggad som medlem"),
        "the header greets the member"
    );
    let document = as_member(format!("/api/v1/documents/{}", documents[0])).await;
    assert_eq!(document.status, StatusCode::OK);
    let facets = as_member("/api/v1/facets".to_owned()).await.json();
    let anonymous = get(&app, "/api/v1/facets").await.json();
    assert_ne!(
        facets, anonymous,
        "members' counts include members-only findings"
    );
    assert_ne!(
        search.headers.get("etag"),
        get(&app, "/api/v1/search?q=zorbalund")
            .await
            .headers
            .get("etag"),
        "members and the public never share a cached answer"
    );
    assert_eq!(
        search
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("private, no-cache")
    );
}

#[tokio::test]
async fn a_wrong_token_is_refused_not_downgraded() {
    let app = libraries().0.app();
    for value in [
        "Bearer hinder_00000000_nope",
        "Bearer ",
        "Basic bWVkbGVtOnRlc3Q=",
        "hinder_x",
    ] {
        let reply = call(&app, &get_call("/api/v1/search?q=fiber"), Some(value)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{value}");
        assert_eq!(reply.json()["error"]["code"], "unauthorized");
        assert!(reply.headers.contains_key("www-authenticate"));
    }
}

fn login_form(name: &str, password: &str, next: &str) -> Call {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", name)
        .append_pair("password", password)
        .append_pair("next", next)
        .finish();
    post_call("/logga-in", "application/x-www-form-urlencoded", body)
}

#[tokio::test]
async fn members_sign_in_with_the_form_and_out_again() {
    let (findings, _) = hidden_ids();
    let app = libraries().0.app();
    let page = format!("/findings/{}", findings[0]);
    assert_eq!(get(&app, &page).await.status, StatusCode::NOT_FOUND);

    let wrong = call(
        &app,
        &login_form(member().name, "fel lösenord här", &page),
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Fel användarnamn eller lösenord."));
    assert!(!wrong.headers.contains_key("set-cookie"));

    let right = call(
        &app,
        &login_form(member().name, member().password, &page),
        None,
    )
    .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert_eq!(right.headers["location"], page.as_str());
    let cookie = right.headers["set-cookie"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let session = cookie.split(';').next().expect("name=value").to_owned();
    let with_cookie = |uri: &str| {
        Request::get(uri)
            .header("host", "localhost")
            .header("cookie", &session)
            .body(Body::empty())
            .expect("a request")
    };
    let seen = send(&app, with_cookie(&page)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("Zorbalund"));

    let out = call(
        &app,
        &post_call(
            "/logga-ut",
            "application/x-www-form-urlencoded",
            String::new(),
        ),
        None,
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .expect("ASCII")
            .contains("Max-Age=0")
    );

    let forged = Request::get(&page)
        .header("host", "localhost")
        .header("cookie", "hinder_session=bWVkbGVt.AAAA")
        .body(Body::empty())
        .expect("a request");
    assert_eq!(send(&app, forged).await.status, StatusCode::NOT_FOUND);

    let elsewhere = call(
        &app,
        &login_form(member().name, member().password, "//evil.example/"),
        None,
    )
    .await;
    assert_eq!(
        elsewhere.headers["location"], "/",
        "never redirected off the site"
    );
}

#[tokio::test]
async fn guessing_passwords_is_slowed_down() {
    // A fresh app: the limits are per running server.
    let app = libraries().0.app();
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let reply = call(
            &app,
            &login_form("gissare", "inte rätt lösenord", "/"),
            None,
        )
        .await;
        statuses.push(reply.status.as_u16());
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(reply.headers.contains_key("retry-after"));
            assert!(reply.body.contains("För många inloggningsförsök"));
        }
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = libraries().1.app();
    for uri in [
        "/",
        "/api/v1/search?q=fiber",
        "/static/style.css",
        "/finns-inte",
        "/oversikt",
    ] {
        let reply = get(&app, uri).await;
        let csp = reply.headers["content-security-policy"]
            .to_str()
            .expect("ASCII");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
    let page = get(&app, "/").await.body;
    assert!(
        !page.contains("<script>") && !page.contains(" style="),
        "nothing inline for the CSP to block"
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = libraries().1.app();
    let text = "fiber ".repeat(60_000);
    let reply = call(
        &app,
        &post_call(
            "/api/v1/related",
            "application/json",
            serde_json::json!({ "text": text }).to_string(),
        ),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}
