//! The JSON API through the real router.

use crate::support::{self, get, hit_ids};

#[tokio::test]
async fn search_returns_the_documented_shape() {
    let app = support::seed().app();
    let reply = get(&app, "/api/v1/search?q=utbyggnadslagen&limit=1").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "application/json");
    let json = reply.json();
    assert_eq!(json["query"], "utbyggnadslagen");
    assert_eq!(json["total"], 2);
    assert!(json["took_ms"].as_f64().unwrap() >= 0.0);
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    for key in ["id", "text", "snippet", "title", "source", "date", "url"] {
        assert!(hit[key].is_string(), "{key} in {hit}");
    }
    assert!(hit["areas"].is_array() && hit["score"].is_number() && hit["section"].is_number());
    assert_eq!(hit["source"], "sormland");
    assert_eq!(hit["areas_origin"], "manual");
    assert_eq!(
        (hit["section_kind"].as_str(), hit["note"].as_bool()),
        (Some("slide"), Some(false))
    );
    assert_eq!(hit["date"], "2016-12-02");
    assert_eq!(hit["document"]["id"], "2016-12-02-nystartsgruppen-mote-3");
    assert_eq!(
        hit["url"],
        format!("/findings/{}", hit["id"].as_str().unwrap())
    );
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>"));
    for dimension in ["area", "source", "year"] {
        let counts = json["facets"][dimension].as_array().unwrap();
        assert!(
            counts
                .iter()
                .all(|c| c["value"].is_string() && c["label"].is_string() && c["count"].is_u64())
        );
    }
    assert_eq!(
        json["facets"]["area"].as_array().unwrap().len(),
        10,
        "every declared area is listed"
    );
}

#[tokio::test]
async fn filters_repeat_and_combine() {
    let app = support::seed().app();
    let json = get(
        &app,
        "/api/v1/search?area=landsbygd&area=fiber&source=sormland&limit=100",
    )
    .await
    .json();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(json["total"].as_u64().unwrap() as usize, hits.len());
    for hit in hits {
        assert_eq!(hit["source"], "sormland");
        let areas: Vec<&str> = hit["areas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(
            areas.contains(&"landsbygd") || areas.contains(&"fiber"),
            "{areas:?}"
        );
    }
    let comma = get(
        &app,
        "/api/v1/search?area=landsbygd,fiber&source=sormland&limit=100",
    )
    .await
    .json();
    assert_eq!(hit_ids(&comma), hit_ids(&json));
}

#[tokio::test]
async fn bad_input_is_a_400_with_a_stable_code() {
    let app = support::seed().app();
    let cases = [
        ("from=2016-13-01", "invalid_date"),
        ("to=yesterday", "invalid_date"),
        ("from=2017-01-01&to=2016-01-01", "invalid_date_range"),
        ("limit=-1", "invalid_limit"),
        ("limit=0", "invalid_limit"),
        ("limit=101", "invalid_limit"),
        ("offset=-3", "invalid_offset"),
        ("offset=10001", "invalid_offset"),
        ("sort=popular", "invalid_sort"),
        ("area=skogsbruk", "unknown_area"),
        ("source=radio", "unknown_source"),
        ("page=0", "invalid_page"),
    ];
    for (query, code) in cases {
        let reply = get(&app, &format!("/api/v1/search?q=fiber&{query}")).await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(reply.content_type, "application/json");
        let json = reply.json();
        assert_eq!(json["error"]["code"], code, "{query}");
        assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    }
}

/// A misspelt or unknown query parameter is named in a 400, as an unknown JSON field is,
/// on every endpoint; what each endpoint takes is what its OpenAPI description lists.
#[tokio::test]
async fn an_unknown_query_parameter_is_a_400_naming_it() {
    let app = support::seed().app();
    let id = crate::drafting::first_id("utbyggnadslagen");
    let cases = [
        ("/api/v1/search?q=fiber&aera=landsbygd", "aera"),
        ("/api/v1/search?q=fiber&unknown=1", "unknown"),
        ("/api/v1/suggest?q=utb&sort=date_desc", "sort"),
        ("/api/v1/facets?q=fiber", "q"),
        (&format!("/api/v1/findings/{id}?limit=5"), "limit"),
        (&format!("/api/v1/findings/{id}/related?lim=5"), "lim"),
        ("/api/v1/documents?omr%C3%A5de=landsbygd", "område"),
        ("/api/v1/feed?q=fiber&format=rss", "format"),
    ];
    for (uri, name) in cases {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, 400, "{uri}: {}", reply.body);
        let json = reply.json();
        assert_eq!(json["error"]["code"], "unknown_parameter", "{uri}");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains(&format!("`{name}`")), "{uri}: {message}");
    }
    let listed = get(&app, "/api/v1/search?q=fiber&aera=landsbygd")
        .await
        .json();
    assert!(
        listed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("q, area, source"),
        "the message lists what the endpoint takes: {listed}"
    );
    // What the endpoints take still works, a search's URL as a feed's included.
    for uri in [
        "/api/v1/search?q=fiber&area=landsbygd&page=2&limit=5",
        "/api/v1/suggest?q=utb&limit=3",
        "/api/v1/feed?q=fiber&sort=relevance&offset=0&page=1",
        "/api/v1/facets",
    ] {
        assert_eq!(get(&app, uri).await.status, 200, "{uri}");
    }
}

/// Hits carry their permalink in full beside the relative `url`, the same address the
/// citations give, for an integrator to store or share as it is.
#[tokio::test]
async fn hits_carry_their_absolute_permalink() {
    let app = support::seed().app();
    let search = get(&app, "/api/v1/search?q=utbyggnadslagen&limit=3")
        .await
        .json();
    let hits = search["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        let url = hit["url"].as_str().expect("a relative url");
        assert_eq!(hit["permalink"], format!("http://localhost{url}"), "{hit}");
    }
    let id = hits[0]["id"].as_str().unwrap();
    let finding = get(&app, &format!("/api/v1/findings/{id}")).await.json();
    assert_eq!(
        finding["finding"]["permalink"], search["hits"][0]["permalink"],
        "the finding's own answer agrees"
    );
    assert!(
        finding["citation"]["markdown"]
            .as_str()
            .unwrap()
            .contains(search["hits"][0]["permalink"].as_str().unwrap()),
        "the citation links the same permalink: {}",
        finding["citation"]
    );
    let suggest = get(&app, "/api/v1/suggest?q=utbygg").await.json();
    for hit in suggest["hits"].as_array().expect("hits") {
        assert!(
            hit["permalink"]
                .as_str()
                .unwrap()
                .starts_with("http://localhost/findings/"),
            "{hit}"
        );
    }
}

#[tokio::test]
async fn odd_but_valid_input_is_answered() {
    let app = support::seed().app();
    for query in [
        "q=%22",
        "q=-",
        "q=%00",
        "q=OR+OR",
        "q=%F0%9F%99%82",
        "q=a&q=b",
        "from=&to=&limit=",
    ] {
        let reply = get(&app, &format!("/api/v1/search?{query}")).await;
        assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    }
    let invalid_utf8 = get(&app, "/api/v1/search?q=%FF%FE").await;
    assert_eq!(invalid_utf8.status, 200, "lossy decoding, not an error");
}

#[tokio::test]
async fn finding_has_its_document_section_and_neighbours() {
    let app = support::seed().app();
    let search = get(&app, "/api/v1/search?q=torrinstallationer")
        .await
        .json();
    let id = hit_ids(&search).remove(0);
    let reply = get(&app, &format!("/api/v1/findings/{id}")).await;
    assert_eq!(reply.status, 200);
    let json = reply.json();
    assert_eq!(json["finding"]["id"], id.as_str());
    assert_eq!(
        json["document"]["title"],
        "Möte 3 – Arbetsmöte inom Nystartsgruppen"
    );
    assert_eq!(json["section"]["number"], 16);
    let section: Vec<&str> = json["section"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let position = section
        .iter()
        .position(|other| *other == id)
        .expect("the finding is in its section");
    assert_eq!(json["previous"]["id"].as_str(), Some(section[position - 1]));
    assert_eq!(json["next"]["id"].as_str(), Some(section[position + 1]));
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_json() {
    let app = support::seed().app();
    for path in [
        "/api/v1/findings/finns-inte",
        "/api/v1/findings/%3Cscript%3E",
        "/api/v1/findings/%FF",
        "/api/v1/okand",
        "/api/v2/search",
    ] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.json()["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn facets_list_every_area_and_source_with_counts() {
    let app = support::seed().app();
    let json = get(&app, "/api/v1/facets").await.json();
    let areas = json["area"].as_array().unwrap();
    let sources = json["source"].as_array().unwrap();
    assert_eq!(areas.len(), 10);
    assert_eq!(
        sources
            .iter()
            .map(|s| s["value"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["presentation", "styrgrupp", "koordinatorer", "sormland"]
    );
    for entry in areas.iter().chain(sources) {
        assert!(
            !entry["label"].as_str().unwrap().is_empty()
                && !entry["description"].as_str().unwrap().is_empty()
        );
    }
    let total = support::seed().index.finding_count();
    assert_eq!(
        sources
            .iter()
            .map(|s| s["count"].as_u64().unwrap())
            .sum::<u64>(),
        total
    );
    let landsbygd = get(&app, "/api/v1/search?area=landsbygd").await.json();
    assert_eq!(areas[0]["value"], "landsbygd");
    assert_eq!(areas[0]["count"], landsbygd["total"]);
}

#[tokio::test]
async fn health_reports_the_index() {
    let app = support::seed().app();
    let json = get(&app, "/healthz").await.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["documents"], 1);
    assert_eq!(
        json["findings"].as_u64(),
        Some(support::seed().index.finding_count())
    );
}

/// One field of every completion of a suggest answer.
fn completion_fields(suggestions: &serde_json::Value, field: &str) -> Vec<serde_json::Value> {
    suggestions["completions"]
        .as_array()
        .expect("a list of completions")
        .iter()
        .map(|completion| completion[field].clone())
        .collect()
}

/// The JSON answer of an API endpoint (`/api/v1/search`) asked for `text`.
async fn ask(app: &axum::Router, endpoint: &str, text: &str) -> serde_json::Value {
    let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    get(app, &format!("{endpoint}?q={encoded}")).await.json()
}

/// A completion's count is what choosing it finds: a search for its query has that total.
async fn assert_counts_are_what_completions_find(
    app: &axum::Router,
    suggestions: &serde_json::Value,
) {
    let queries = completion_fields(suggestions, "query");
    let counts = completion_fields(suggestions, "count");
    for (query, count) in queries.iter().zip(&counts) {
        let query = query.as_str().expect("a query");
        let search = ask(app, "/api/v1/search", query).await;
        assert_eq!(search["total"].as_u64(), count.as_u64(), "{query}");
    }
}

/// Counts are kept per commit and reused by later keystrokes; a keystroke whose completions
/// were partly counted before still gets each completion's own count.
#[tokio::test]
async fn suggest_counts_kept_from_earlier_keystrokes_stay_each_completions_own() {
    let app = support::seed().app();
    for text in [
        "utbyggnadsl",
        "utbyggnade",
        "utbyg",
        "utbygg",
        "fiber landsbygde",
        "fiber lan",
    ] {
        let json = ask(&app, "/api/v1/suggest", text).await;
        assert!(!completion_fields(&json, "count").is_empty(), "{text}");
        assert_counts_are_what_completions_find(&app, &json).await;
    }
}

/// The findings a suggestion shows are those its completion leads to, also when the words
/// before it are stop words, which a search treats as optional beside a word that carries
/// meaning (`och utbyggnadsl` showed no finding while its completion counted two).
#[tokio::test]
async fn suggested_findings_are_what_the_completion_finds() {
    let app = support::seed().app();
    for text in [
        "utbyggnadsl",
        "och utbyggnadsl",
        "i utbyggnadsl",
        "och i utbyggnadsl",
    ] {
        let suggestions = ask(&app, "/api/v1/suggest", text).await;
        let queries = completion_fields(&suggestions, "query");
        let [query] = queries.as_slice() else {
            panic!("{text}: one completion expected, got {queries:?}");
        };
        let search = ask(&app, "/api/v1/search", query.as_str().unwrap_or_default()).await;
        let mut suggested = hit_ids(&suggestions);
        let mut found = hit_ids(&search);
        suggested.sort();
        found.sort();
        assert!(!found.is_empty() && found.len() <= 5, "{text}: {found:?}");
        assert_eq!(suggested, found, "{text}");
    }
}

#[tokio::test]
async fn suggest_completes_the_last_word_from_the_corpus() {
    let app = support::seed().app();
    let reply = get(&app, "/api/v1/suggest?q=utbyg").await;
    assert_eq!(reply.status, 200);
    let json = reply.json();
    let completions = json["completions"].as_array().unwrap();
    let words: Vec<&str> = completions
        .iter()
        .map(|c| c["word"].as_str().unwrap())
        .collect();
    assert!(
        words.contains(&"utbyggnaden") && words.contains(&"utbyggnadslagen"),
        "{words:?}"
    );
    assert!(words.iter().all(|w| w.starts_with("utbyg")));
    let counts: Vec<u64> = completions
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|pair| pair[0] >= pair[1]),
        "most frequent first: {counts:?}"
    );
    assert_counts_are_what_completions_find(&app, &json).await;
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 5);
    assert!(hits.iter().all(|hit| {
        hit["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("utbyg")
    }));

    let second = get(&app, "/api/v1/suggest?q=fiber%20landsb").await.json();
    let queries = completion_fields(&second, "query");
    assert!(
        !queries.is_empty()
            && queries
                .iter()
                .all(|q| q.as_str().unwrap().starts_with("fiber landsb")),
        "{queries:?}"
    );

    // After a first word, a completion that would find nothing is no suggestion.
    let after = get(&app, "/api/v1/suggest?q=fiber%20lan").await.json();
    let counts = completion_fields(&after, "count");
    assert!(
        !counts.is_empty() && counts.iter().all(|count| count.as_u64().unwrap() > 0),
        "{counts:?}"
    );

    let short = get(&app, "/api/v1/suggest?q=u").await.json();
    assert!(short["completions"].as_array().unwrap().is_empty());
    for bad in ["limit=0", "limit=21", "limit=ten"] {
        let reply = get(&app, &format!("/api/v1/suggest?q=fiber&{bad}")).await;
        assert_eq!(
            (
                reply.status.as_u16(),
                reply.json()["error"]["code"].as_str()
            ),
            (400, Some("invalid_limit")),
            "{bad}"
        );
    }
}
