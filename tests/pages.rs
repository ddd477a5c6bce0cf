//! The Swedish web UI through the real router.

use crate::support::{self, get, hit_ids};

#[tokio::test]
async fn search_page_shows_hits_with_marks_and_filters() {
    let app = support::seed().app();
    let reply = get(&app, "/?q=utbyggnadslag&source=sormland").await;
    assert_eq!(reply.status, 200);
    assert!(reply.content_type.starts_with("text/html"));
    let html = &reply.body;
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("2 träffar för ”utbyggnadslag”"), "{html}");
    assert!(html.contains("<mark>Utbyggnadslagen</mark>"));
    assert!(
        html.contains(r#"name="source" value="sormland" checked"#),
        "the filter state is in the form"
    );
    assert!(
        html.contains(r#"value="utbyggnadslag""#),
        "the query stays in the box"
    );
    assert!(html.contains("Bild 17 · Sammanfattning"));
    assert!(html.contains("2 december 2016"));
}

#[tokio::test]
async fn search_page_links_every_hit_to_its_permalink() {
    let app = support::seed().app();
    let ids = hit_ids(&get(&app, "/api/v1/search?q=fiber").await.json());
    let html = get(&app, "/?q=fiber").await.body;
    for id in ids {
        assert!(html.contains(&format!("href=\"/findings/{id}\"")), "{id}");
    }
}

#[tokio::test]
async fn paging_links_keep_the_whole_state() {
    let app = support::seed().app();
    let html = get(
        &app,
        "/?q=kommun&area=kommunala-processer&sort=date_asc&limit=5",
    )
    .await
    .body;
    assert!(html.contains("Sida 1 av"), "{html}");
    let links = support::unescape(&html);
    assert!(
        links
            .contains(r#"href="/?q=kommun&area=kommunala-processer&sort=date_asc&limit=5&page=2""#),
        "{html}"
    );
    let second = get(
        &app,
        "/?q=kommun&area=kommunala-processer&sort=date_asc&limit=5&page=2",
    )
    .await;
    assert_eq!(second.status, 200);
    assert!(second.body.contains("Sida 2 av"));
    assert!(second.body.contains(r#"<ol class="hits" start="6">"#));
}

#[tokio::test]
async fn a_page_beyond_the_last_shows_the_last() {
    let app = support::seed().app();
    let total = get(&app, "/api/v1/search?q=kommun").await.json()["total"]
        .as_u64()
        .unwrap();
    let last = total.div_ceil(5);
    let reply = get(&app, "/?q=kommun&limit=5&page=99").await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains(&format!("Sida {last} av {last}")),
        "{}",
        reply.body
    );
    assert!(!reply.body.contains("Sida 99"));
    assert!(reply.body.contains(&format!(
        r#"<ol class="hits" start="{}">"#,
        (last - 1) * 5 + 1
    )));
}

#[tokio::test]
async fn an_empty_search_says_and_shows_the_order_it_lists_in() {
    let app = support::seed().app();
    let html = get(&app, "/").await.body;
    assert!(html.contains("nyast först"), "{html}");
    // Newest first is what the default order means without words; sent with a query typed
    // on this page, it ranks by best match.
    assert!(
        html.contains(r#"<option value="relevance" selected>Nyast först</option>"#),
        "{html}"
    );
    assert!(
        !html.contains("Bästa matchning"),
        "nothing to match without words"
    );
    let html = get(&app, "/?q=fiber").await.body;
    assert!(html.contains(r#"<option value="relevance" selected>Bästa matchning</option>"#));
}

/// Under a filter that leaves nothing, each word's count says it is within the filters and
/// gives what the word finds without them, linked: "kommun 0 fynd" alone reads as "not in
/// the knowledge base".
#[tokio::test]
async fn word_counts_under_filters_say_so_and_give_the_count_without_them() {
    let app = support::seed().app();
    let everywhere = support::seed()
        .index
        .search(&indexer::SearchRequest::new("kommun"))
        .expect("search succeeds")
        .total;
    assert!(everywhere > 0);
    let html = support::unescape(&get(&app, "/?q=kommun&from=2030-01-01").await.body);
    assert!(html.contains("Orden var för sig, inom filtren:"), "{html}");
    assert!(
        html.contains(&format!(
            r#"kommun</a> 0 fynd (<a href="/?q=kommun">{everywhere} fynd utan filter</a>)"#
        )),
        "{html}"
    );
    let json = get(&app, "/api/v1/search?q=kommun&from=2030-01-01")
        .await
        .json();
    let word = &json["help"]["words"][0];
    assert_eq!(word["findings"], 0, "{json}");
    assert_eq!(word["findings_unfiltered"], everywhere, "{json}");
    // Without filters there is nothing to add.
    let json = get(&app, "/api/v1/search?q=kommunal+markavtal")
        .await
        .json();
    assert!(json["help"]["words"][0]["findings"].is_number(), "{json}");
    assert!(
        json["help"]["words"][0]["findings_unfiltered"].is_null(),
        "{json}"
    );
}

#[tokio::test]
async fn a_search_that_finds_little_says_what_to_try() {
    let app = support::seed().app();
    let html = support::unescape(&get(&app, "/?q=kommunal+roll").await.body);
    assert!(html.contains("Orden var för sig:"), "{html}");
    assert!(
        html.contains(r#"<a href="/?q=kommunal">kommunal</a>"#),
        "{html}"
    );
    assert!(
        html.contains("Inga fynd har alla orden. Fynd med flest av dem"),
        "{html}"
    );
    let html = support::unescape(&get(&app, "/?q=fibr").await.body);
    assert!(
        html.contains(r#"Menade du <a href="/?q=fiber">fiber</a>?"#),
        "{html}"
    );
    let html = get(&app, "/?q=utbygnadslagen").await.body;
    assert!(
        html.contains(
            "Visar träffar för <strong>utbyggnadslagen</strong> (du skrev utbygnadslagen)."
        ),
        "{html}"
    );
}

#[tokio::test]
async fn finding_page_shows_the_slide_around_it() {
    let app = support::seed().app();
    let id = hit_ids(
        &get(&app, "/api/v1/search?q=torrinstallationer")
            .await
            .json(),
    )
    .remove(0);
    let reply = get(&app, &format!("/findings/{id}")).await;
    assert_eq!(reply.status, 200);
    let html = &reply.body;
    assert!(html.contains(
        "Bild 16 · Utmaningar som bredbandssamordnaren möter gentemot marknadens aktörer?"
    ));
    assert!(html.contains("undvika torrinstallationer"));
    assert!(html.contains(r#"class="current" aria-current="true""#));
    assert!(html.contains("Bredbandssamordnare i Sörmland"));
    assert!(html.contains(&format!("/findings/{id}")));
    assert!(html.contains("Föregående fynd") && html.contains("Nästa fynd"));
}

#[tokio::test]
async fn script_in_a_document_is_escaped_on_every_page() {
    let app = support::with_fixtures().app();
    let search = get(&app, "/?q=alert").await;
    assert_eq!(search.status, 200);
    assert!(!search.body.contains("<script>alert"), "{}", search.body);
    let shown = support::unescape(&search.body.replace("<mark>", "").replace("</mark>", ""));
    assert!(
        shown.contains("<script>alert(\"xss\")</script>"),
        "the text is shown, escaped"
    );
    let ids = hit_ids(&get(&app, "/api/v1/search?q=alert").await.json());
    assert_eq!(ids.len(), 2, "inline and block HTML are both text");
    for id in ids {
        let page = get(&app, &format!("/findings/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("<script>alert"), "{}", page.body);
        let shown = support::unescape(&page.body);
        assert!(
            shown.contains("<script>alert(\"rubrik\")</script>"),
            "the heading is shown, escaped"
        );
        assert!(
            shown.contains("<script>alert(\"xss\")</script>"),
            "the text is shown, escaped"
        );
    }
}

#[tokio::test]
async fn bad_input_gets_a_swedish_error_page() {
    let app = support::seed().app();
    let missing = get(&app, "/findings/finns-inte").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Hittades inte"));
    let undecodable = get(&app, "/findings/%FF%FE").await;
    assert_eq!(undecodable.status, 404);
    assert!(undecodable.content_type.starts_with("text/html"));
    let nowhere = get(&app, "/ingenstans").await;
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.content_type.starts_with("text/html"));
}

/// A mistake in the form keeps the search page, the query and the other filters, with the
/// message beside the field; the search runs without the bad value.
#[tokio::test]
async fn mistakes_keep_the_search_page() {
    let app = support::seed().app();
    let fiber = get(&app, "/api/v1/search?q=fiber").await.json()["total"].clone();
    let cases = [
        (
            "/?q=fiber&from=2016-02-30",
            "from-error",
            "”2016-02-30” är inget giltigt datum",
        ),
        (
            "/?q=fiber&area=finns-inte",
            "area-error",
            "Det finns inget område som heter ”finns-inte”",
        ),
        (
            "/?q=fiber+område:finns-inte",
            "q-error",
            "Det finns inget område som heter ”finns-inte”",
        ),
        (
            "/?q=fiber&source=ingen",
            "source-error",
            "Det finns ingen källa som heter ”ingen”",
        ),
        (
            "/?q=fiber&from=2017-01-01&to=2016-01-01",
            "to-error",
            "ligger efter till-datumet",
        ),
        (
            "/?q=fiber&sort=slumpvis",
            "sort-error",
            "”slumpvis” är ingen känd sorteringsordning",
        ),
    ];
    for (uri, field, message) in cases {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, 400, "{uri}");
        let html = support::unescape(&reply.body);
        assert!(html.contains(&format!(r#"id="{field}">"#)), "{uri}: {html}");
        assert!(html.contains(message), "{uri}: {html}");
        assert!(
            html.contains("Sökningen gjordes utan det.") || field == "sort-error",
            "{uri}"
        );
        assert!(
            html.contains(r#"<form class="search""#),
            "{uri}: the page stays"
        );
        assert!(html.contains(r#"value="fiber"#), "{uri}: the query stays");
        let total = fiber.as_u64().unwrap();
        assert!(
            html.contains(&format!("{total} träffar för")),
            "{uri}: searched without the bad value: {html}"
        );
    }
    // The API answers both ways of writing an unknown area the same.
    for uri in [
        "/api/v1/search?q=fiber&area=finns-inte",
        "/api/v1/search?q=fiber+omr%C3%A5de:finns-inte",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.status, 400, "{uri}");
        assert_eq!(reply.json()["error"]["code"], "unknown_area", "{uri}");
    }
}

#[tokio::test]
async fn a_form_sent_without_javascript_lands_on_the_short_address() {
    let app = support::seed().app();
    for (sent, short) in [
        ("/?q=fiber&from=&to=&sort=relevance", "/?q=fiber"),
        ("/?q=&from=&to=", "/"),
        (
            "/?q=fiber&area=landsbygd&from=&sort=date_desc&page=2",
            "/?q=fiber&area=landsbygd&sort=date_desc&page=2",
        ),
    ] {
        let reply = get(&app, sent).await;
        assert_eq!(reply.status, 303, "{sent}");
        assert_eq!(reply.headers["location"], short, "{sent}");
    }
    assert_eq!(get(&app, "/?q=fiber").await.status, 200);
}

#[tokio::test]
async fn active_filters_show_as_chips_that_remove_them() {
    let app = support::seed().app();
    let html = support::unescape(
        &get(&app, "/?q=fiber&area=landsbygd&from=2016-01-01")
            .await
            .body,
    );
    assert!(
        html.contains(r#"<ul class="chips" aria-label="Filter som används">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"Från 2016-01-01 <a href="/?q=fiber&area=landsbygd""#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/?q=fiber&from=2016-01-01" aria-label="Ta bort filtret Område:"#),
        "{html}"
    );
}

#[tokio::test]
async fn the_page_works_without_javascript() {
    let app = support::seed().app();
    let html = get(&app, "/").await.body;
    assert!(html.contains(r#"<form class="search" action="/" method="get" role="search">"#));
    assert!(
        html.contains(r#"<label for="q">"#)
            && html.contains(r#"<label for="from">"#)
            && html.contains(r#"<label for="to">"#)
    );
    assert!(html.contains(r#"<button type="submit" class="secondary">Använd filter</button>"#));
    assert!(
        html.contains(r#"<script src="/static/search.js" defer></script>"#),
        "JavaScript only enhances"
    );
    assert!(
        !html.contains("onclick") && !html.contains("<script>"),
        "no inline script"
    );
}

#[tokio::test]
async fn static_assets_are_served_with_their_types() {
    let app = support::seed().app();
    let css = get(&app, "/static/style.css").await;
    assert_eq!(
        (css.status.as_u16(), css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    assert!(css.body.contains("mark"));
    let js = get(&app, "/static/search.js").await;
    assert_eq!(js.content_type, "text/javascript; charset=utf-8");
    assert_eq!(get(&app, "/static/../Cargo.toml").await.status, 404);
    assert_eq!(get(&app, "/static/okand.css").await.status, 404);
    assert_eq!(get(&app, "/static/%FF").await.status, 404);
}

/// `GET uri` with the cookie a browser would send back.
async fn get_with_cookie(app: &axum::Router, uri: &str, cookie: &str) -> support::Reply {
    let request = axum::http::Request::get(uri)
        .header("host", "localhost")
        .header("cookie", cookie)
        .body(axum::body::Body::empty())
        .expect("building a request");
    support::send(app, request).await
}

/// The `name=value` a `Set-Cookie` answer stores.
fn stored_cookie(reply: &support::Reply) -> String {
    let set = reply.headers["set-cookie"].to_str().expect("ASCII cookie");
    set.split(';').next().expect("a pair").to_owned()
}

#[tokio::test]
async fn every_hit_offers_its_citation_and_the_draft_basket_without_javascript() {
    let app = support::seed().app();
    let ids = hit_ids(&get(&app, "/api/v1/search?q=fiber&limit=3").await.json());
    assert!(ids.len() >= 2);
    let page = support::unescape(&get(&app, "/?q=fiber&limit=3").await.body);
    for id in &ids {
        assert!(
            page.contains(&format!(
                r#"<a class="cite-link" href="/findings/{id}#citation-heading""#
            )),
            "{id}: {page}"
        );
        let citation = get(&app, &format!("/api/v1/findings/{id}")).await.json();
        let text = citation["citation"]["text"].as_str().expect("a citation");
        assert!(
            page.contains(&format!(r#"data-cite-text="{text}""#)),
            "the copied citation is the finding's own, permalink absolute: {text}"
        );
        assert!(text.contains(&format!("http://localhost/findings/{id}")));
    }
    assert!(page.contains(r#"<div class="basket" id="basket" hidden>"#));

    // A plain link puts a finding in the basket and comes back to the same hit.
    let add = page
        .split(r#"<a class="basket-link" href=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a basket link")
        .to_owned();
    assert!(add.starts_with("/utkast/lagg-till?id="), "{add}");
    let added = get(&app, &add).await;
    assert_eq!(added.status, 303);
    assert_eq!(
        added.headers["location"].to_str().unwrap(),
        format!("/?q=fiber&limit=3#{}", ids[0])
    );
    let cookie = stored_cookie(&added);

    // A second search keeps the basket and adds to it.
    let other = get_with_cookie(&app, "/?q=kommun", &cookie).await.body;
    let other = support::unescape(&other);
    assert!(
        other.contains(r#"<span class="basket-count">1</span>"#),
        "{other}"
    );
    let second_id = hit_ids(&get(&app, "/api/v1/search?q=kommun").await.json())
        .into_iter()
        .find(|id| id != &ids[0])
        .expect("another finding");
    let added = get_with_cookie(
        &app,
        &format!("/utkast/lagg-till?id={second_id}&tillbaka=/?q=kommun"),
        &cookie,
    )
    .await;
    let cookie = stored_cookie(&added);
    let page = support::unescape(
        &get_with_cookie(&app, "/?q=fiber&limit=3", &cookie)
            .await
            .body,
    );
    let draft_url = format!("/utkast?ids={}&ids={second_id}", ids[0]);
    assert!(
        page.contains(&format!(r#"<a class="basket-open" href="{draft_url}">"#)),
        "{page}"
    );
    assert!(
        page.contains("I utkastet ✓"),
        "a finding in the basket says so"
    );

    // The basket ends in the draft with both ticked.
    let draft = get(&app, &draft_url).await.body;
    for id in [&ids[0], &second_id] {
        assert!(
            draft.contains(&format!(r#"name="ids" value="{id}" checked"#)),
            "{id}"
        );
    }

    // The page's script asks for JSON instead of the way back.
    let request = axum::http::Request::get(format!("/utkast/ta-bort?id={}", ids[0]))
        .header("host", "localhost")
        .header("cookie", &cookie)
        .header("accept", "application/json")
        .body(axum::body::Body::empty())
        .unwrap();
    let removed = support::send(&app, request).await;
    assert_eq!(removed.status, 200);
    assert_eq!(removed.json()["ids"], serde_json::json!([second_id]));

    // Emptied, the cookie is deleted; a return address elsewhere is never followed.
    let cleared = get_with_cookie(&app, "/utkast/tom?tillbaka=//evil.example/", &cookie).await;
    assert_eq!(cleared.headers["location"].to_str().unwrap(), "/utkast");
    assert!(
        cleared.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(get(&app, "/utkast/lagg-till").await.status, 404);
}

#[tokio::test]
async fn the_finding_page_shows_its_permalink_absolute_and_pages_have_an_icon() {
    let app = support::seed().app();
    let id = hit_ids(&get(&app, "/api/v1/search?q=fiber").await.json())[0].clone();
    let page = get(&app, &format!("/findings/{id}")).await.body;
    assert!(
        page.contains(&format!("<code>http://localhost/findings/{id}</code>")),
        "{page}"
    );
    assert!(page.contains(r#"<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">"#));
    let icon = get(&app, "/static/favicon.svg").await;
    assert_eq!(
        (icon.status.as_u16(), icon.content_type.as_str()),
        (200, "image/svg+xml")
    );
    assert!(icon.body.starts_with("<svg"));
    let legacy = get(&app, "/favicon.ico").await;
    assert_eq!(
        legacy.headers["location"].to_str().unwrap(),
        "/static/favicon.svg"
    );
}

#[tokio::test]
async fn the_start_page_leads_with_the_areas_and_their_counts() {
    let app = support::seed().app();
    let page = support::unescape(&get(&app, "/").await.body);
    assert!(
        page.contains(r#"<h2 id="areas-heading">Områden</h2>"#),
        "{page}"
    );
    let facets = get(&app, "/api/v1/facets").await.json();
    let areas = facets["area"].as_array().expect("areas");
    assert!(!areas.is_empty());
    for area in areas {
        let (slug, count) = (
            area["value"].as_str().unwrap(),
            area["count"].as_u64().unwrap(),
        );
        let card = format!(r#"<a href="/?area={slug}"><span class="area-label">"#);
        assert_eq!(page.contains(&card), count > 0, "{slug} ({count})");
        if count > 0 {
            let label = area["label"].as_str().unwrap();
            assert!(
                page.contains(&format!(
                    r#"{label}</span> <span class="count">{count} fynd</span>"#
                )),
                "{label}: {count}"
            );
        }
    }
    assert!(page.contains("Senaste utmaningar och förslag"));
    // The latest statements lead, not the meeting's agenda ("Lunch").
    let listed = get(&app, "/api/v1/search?limit=5").await.json();
    for hit in listed["hits"].as_array().expect("hits") {
        let text = hit["text"].as_str().unwrap();
        assert!(text.split_whitespace().count() >= 4, "{text}");
    }
    let searched = get(&app, "/?q=fiber").await.body;
    assert!(
        !searched.contains("areas-heading"),
        "a search leads with its hits"
    );
}

#[tokio::test]
async fn the_accessibility_statement_is_linked_from_every_page() {
    let app = support::seed().app();
    let statement = get(&app, "/tillganglighet").await;
    assert_eq!(statement.status, 200);
    assert!(
        statement
            .body
            .contains("<h1>Tillgänglighetsredogörelse för Hinder</h1>")
    );
    assert!(statement.body.contains("WCAG 2.1"));
    for page in ["/", "/omraden", "/utkast", "/oversikt", "/finns-inte"] {
        assert!(
            get(&app, page)
                .await
                .body
                .contains(r#"<a href="/tillganglighet">"#),
            "{page}"
        );
    }
}
