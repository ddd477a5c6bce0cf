//! What every endpoint and the main pages answer over the frozen fixtures, as snapshots:
//! a change in an answer shows up as a diff to review (`cargo insta review`), not as a
//! surprise for the tools and people that read it.
//!
//! Only what legitimately differs between runs is masked: the time a search took and the
//! index version (a hash that includes when the index was built).

use axum::Router;

use crate::support::{self, Reply, get, post_json};

/// The seed corpus with the fixture documents: every kind of finding and page.
fn app() -> Router {
    support::with_fixtures().app()
}

/// The JSON of an answer that must have succeeded, with the status in front.
fn ok_json(reply: &Reply, what: &str) -> serde_json::Value {
    assert!(reply.status.is_success(), "{what}: {}", reply.status);
    reply.json()
}

fn assert_json(name: &str, value: &serde_json::Value) {
    insta::with_settings!({ sort_maps => true }, {
        insta::assert_json_snapshot!(name, value, {
            ".took_ms" => "[took]",
            ".version" => "[version]",
        });
    });
}

/// The first hit's id for a query: what the finding and related endpoints are asked about.
async fn first_hit(app: &Router, query: &str) -> String {
    let found = ok_json(&get(app, &format!("/api/v1/search?q={query}")).await, query);
    support::hit_ids(&found)[0].clone()
}

#[tokio::test]
async fn the_api_answers_as_before() {
    let app = app();
    let finding = first_hit(&app, "utbyggnadslagen").await;
    let document = "2017-03-29-styrgrupp-knepigt";
    for (name, uri) in [
        ("search", "/api/v1/search?q=utbyggnadslagen".to_owned()),
        (
            "search_filtered_sorted",
            "/api/v1/search?q=kommun&area=kommunala-processer&sort=date_desc&limit=3".to_owned(),
        ),
        (
            "search_with_help",
            "/api/v1/search?q=utbygnadslagen+zorba".to_owned(),
        ),
        ("search_everything", "/api/v1/search?limit=2".to_owned()),
        ("suggest", "/api/v1/suggest?q=utbyg".to_owned()),
        ("facets", "/api/v1/facets".to_owned()),
        ("finding", format!("/api/v1/findings/{finding}")),
        (
            "related",
            format!("/api/v1/findings/{finding}/related?limit=3"),
        ),
        ("documents", "/api/v1/documents".to_owned()),
        ("document", format!("/api/v1/documents/{document}")),
        ("health", "/healthz".to_owned()),
    ] {
        assert_json(name, &ok_json(&get(&app, &uri).await, name));
    }
    let related = post_json(
        &app,
        "/api/v1/related",
        &serde_json::json!({"text": "Kommunerna behöver stöd med utbyggnadslagen."}),
    )
    .await;
    assert_json("related_to_text", &ok_json(&related, "related to text"));
}

#[tokio::test]
async fn the_api_errors_answer_as_before() {
    let app = app();
    for (name, uri) in [
        ("error_invalid_limit", "/api/v1/search?q=fiber&limit=0"),
        ("error_unknown_area", "/api/v1/search?area=finns-inte"),
        ("error_not_found", "/api/v1/findings/finns-inte"),
        (
            "error_query_too_long",
            &format!("/api/v1/search?q={}", "ord+".repeat(40)),
        ),
    ] {
        let reply = get(&app, uri).await;
        assert!(reply.status.is_client_error(), "{name}: {}", reply.status);
        let answer = serde_json::json!({"status": reply.status.as_u16(), "body": reply.json()});
        assert_json(name, &answer);
    }
}

#[tokio::test]
async fn the_export_answers_as_before() {
    let reply = get(&app(), "/api/v1/export").await;
    assert!(reply.status.is_success());
    let records: Vec<serde_json::Value> = reply
        .body
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON record per line"))
        .collect();
    // The first records show the shape; the count and the ids show that all are there.
    let ids: Vec<&str> = records
        .iter()
        .map(|record| record["id"].as_str().expect("an id"))
        .collect();
    assert_json(
        "export",
        &serde_json::json!({"count": records.len(), "first": &records[..2], "ids": ids}),
    );
}

#[tokio::test]
async fn the_main_pages_read_as_before() {
    let app = app();
    let finding = first_hit(&app, "utbyggnadslagen").await;
    let other = first_hit(&app, "torrinstallationer").await;
    for (name, uri) in [
        ("page_start", "/".to_owned()),
        ("page_search", "/?q=utbyggnadslagen".to_owned()),
        ("page_search_nothing", "/?q=zorbaklumpar".to_owned()),
        ("page_finding", format!("/findings/{finding}")),
        (
            "page_document",
            "/documents/2017-03-29-styrgrupp-knepigt".to_owned(),
        ),
        ("page_areas", "/omraden".to_owned()),
        ("page_sources", "/kallor".to_owned()),
        ("page_overview", "/oversikt".to_owned()),
        ("page_draft", format!("/utkast?ids={finding},{other}")),
        ("page_login", "/logga-in".to_owned()),
        ("page_not_found", "/findings/finns-inte".to_owned()),
    ] {
        let reply = get(&app, &uri).await;
        assert!(
            reply.status.is_success() || name == "page_not_found",
            "{name}: {}",
            reply.status
        );
        insta::assert_snapshot!(name, reply.body);
    }
}
