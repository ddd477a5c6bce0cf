//! `/nytt`: the latest additions, newest first; who added them and when for members only.

use std::sync::OnceLock;

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{
    self, TestCorpus, TestIndex, WritableCorpus, fetch, get, listen, member, request_as, send,
};

/// The seed corpus (a meeting of 2016-12-02), the tricky fixture (2017-03-29), a file put
/// in by hand (2020-06-01) and two with a history of their addition through Hinder: an old
/// meeting added late, and one added in 2019.
fn corpus() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let corpus = TestCorpus::with_fixtures();
        corpus.add(
            "2015-01-01-gammalt-mote.md",
            "+++\ntitle = \"Gammalt möte tillagt sent\"\ndate = 2015-01-01\nstatus = \"publicerad\"\n\n[[history]]\naction = \"added\"\nby = \"Anna Ek\"\nat = 2026-12-05T10:15:00Z\n+++\n\n## Möte\n\n- Kanalisation saknas i flera byar.\n",
        );
        corpus.add(
            "2020-06-01-for-hand.md",
            "+++\ntitle = \"Inlagt för hand\"\ndate = 2020-06-01\nstatus = \"publicerad\"\n+++\n\n## Anteckning\n\n- Grävkostnaderna har ökat.\n",
        );
        corpus.add(
            "2016-01-01-tillagt-2019.md",
            "+++\ntitle = \"Tillagt 2019\"\ndate = 2016-01-01\nstatus = \"publicerad\"\n\n[[history]]\naction = \"added\"\nby = \"Bo Ek\"\nat = 2019-05-05T08:00:00Z\n+++\n\n## Återkoppling\n\n- Samverkan med länsstyrelsen behövs.\n",
        );
        TestIndex::build(corpus)
    })
}

/// Where each title first appears on a page, in the order given: they must rise.
fn assert_in_order(html: &str, titles: &[&str]) {
    let positions: Vec<usize> = titles
        .iter()
        .map(|title| {
            html.find(&format!(">{title}</a>"))
                .unwrap_or_else(|| panic!("{title} is not listed:\n{html}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{titles:?} at {positions:?}"
    );
}

#[tokio::test]
async fn the_latest_additions_come_first_and_hand_made_files_by_their_date() {
    let app = corpus().app();
    let page = get(&app, "/nytt").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    let html = support::unescape(&page.body);
    assert_in_order(
        &html,
        &[
            "Gammalt möte tillagt sent",
            "Inlagt för hand",
            "Tillagt 2019",
            "Testdokument med knepigt innehåll",
            "Möte 3 – Arbetsmöte inom Nystartsgruppen",
        ],
    );
    assert!(html.contains("5 dokument, de senast tillagda först."));
    assert!(
        html.contains(
            "Dokument som lagts direkt i kunskapsbankens mapp visas efter sitt eget datum"
        ),
        "the page says what the order is"
    );
    assert!(
        html.contains(r#"<li><a href="/nytt">Nytt</a></li>"#),
        "in the menu"
    );
    assert!(html.contains(
        r#"<link rel="alternate" type="application/atom+xml" title="Nya fynd i Hinder (Atom)" href="/api/v1/feed">"#
    ));
}

#[tokio::test]
async fn who_added_what_and_when_is_for_members_only() {
    let app = corpus().app();
    let anonymous = get(&app, "/nytt").await.body;
    for private in [
        "Anna Ek",
        "Bo Ek",
        "Tillagd av",
        "kl. 10.15",
        "2026-12-05",
        "mapp</p>",
    ] {
        assert!(
            !anonymous.contains(private),
            "{private} shown to the public"
        );
    }
    let signed_in = send(
        &app,
        request_as("GET", "/nytt", Some(&member().token), None),
    )
    .await;
    let html = support::unescape(&signed_in.body);
    assert!(
        html.contains(
            r#"Tillagd av Anna Ek <time datetime="2026-12-05T10:15:00Z">5 december 2026 kl. 10.15 (UTC)</time>"#
        ),
        "{html}"
    );
    assert!(html.contains("Tillagd av Bo Ek"));
    assert_eq!(
        html.matches("Lagt direkt i kunskapsbankens mapp").count(),
        3,
        "the files put in by hand say so"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_members_add_is_new_at_once_for_those_who_may_read_it() {
    let corpus = WritableCorpus::new(TestCorpus::with_fixtures(), server::Settings::default());
    let app = corpus.app();
    let add = |token: &str, body: serde_json::Value| {
        request_as(
            "POST",
            "/api/v1/documents",
            Some(token),
            Some(("application/json", body.to_string().into_bytes())),
        )
    };
    let published = send(
        &app,
        add(
            &member().editor_token,
            json!({"text": "- Ledningsrätt tar lång tid.", "title": "Kansliets återkoppling", "status": "publicerad"}),
        ),
    )
    .await;
    assert_eq!(published.status, StatusCode::CREATED, "{}", published.body);
    let working = send(
        &app,
        add(
            &member().write_token,
            json!({"text": "- Schaktfritt i tätort.", "title": "Medlemmens anteckning"}),
        ),
    )
    .await;
    assert_eq!(working.status, StatusCode::CREATED, "{}", working.body);

    // Over a real socket, as a browser and a tool would ask.
    let server = listen(corpus.state()).await;
    let url = format!("{}/nytt", server.base);
    let anonymous = support::unescape(&fetch(&url, None).await.body);
    assert_in_order(
        &anonymous,
        &[
            "Kansliets återkoppling",
            "Testdokument med knepigt innehåll",
        ],
    );
    assert!(
        !anonymous.contains("Medlemmens anteckning"),
        "working material"
    );
    assert!(!anonymous.contains("av kansliet"), "who added it");

    let as_member = support::unescape(&fetch(&url, Some(&member().token)).await.body);
    let first_two: Vec<&str> = ["Kansliets återkoppling", "Medlemmens anteckning"]
        .into_iter()
        .filter(|title| as_member.find(&format!(">{title}</a>")) < as_member.find(">Testdokument"))
        .collect();
    assert_eq!(first_two.len(), 2, "both additions lead:\n{as_member}");
    assert!(as_member.contains("Tillagd av kansliet"));
    assert!(as_member.contains("Tillagd av medlem"));
    assert!(
        as_member
            .contains(r#">Medlemmens anteckning</a> <span class="badge">Arbetsmaterial</span>"#),
        "members see what is not published yet"
    );
}

#[tokio::test]
async fn the_list_pages_and_refuses_a_bad_page() {
    let app = corpus().app();
    let second = get(&app, "/nytt?limit=2&page=2").await;
    assert_eq!(second.status, StatusCode::OK);
    let html = support::unescape(&second.body);
    assert!(html.contains(r#"<ol class="document-list" start="3">"#));
    assert!(html.contains("Sida 2 av 3"));
    assert_in_order(
        &html,
        &["Tillagt 2019", "Testdokument med knepigt innehåll"],
    );
    for bad in ["/nytt?page=0", "/nytt?limit=-1", "/nytt?page=x"] {
        let reply = get(&app, bad).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(reply.content_type.starts_with("text/html"), "{bad}");
    }
}
