//! From finding to draft: citations, related findings and the draft assistant, through the
//! library, the API and the pages.

use indexer::{Page, SearchRequest};
use serde_json::json;

use crate::support::{self, get, post_json};

/// The id of the first hit of a search of the seed corpus.
pub(crate) fn first_id(query: &str) -> String {
    let results = support::seed()
        .index
        .search(&SearchRequest::new(query))
        .expect("search succeeds");
    results.hits.first().expect("a hit").id.clone()
}

#[test]
fn related_findings_share_words_and_exclude_the_finding_itself() {
    let index = &support::seed().index;
    let id = first_id("\"stöd i hur den implementeras\"");
    let related = index
        .related(&id, Page::first(10))
        .expect("related succeeds")
        .expect("the finding exists");
    assert!(related.total >= related.hits.len() && !related.hits.is_empty());
    assert!(related.hits.iter().all(|r| r.hit.id != id));
    for item in &related.hits {
        assert!(!item.shared.is_empty(), "{} shares nothing", item.hit.text);
        for word in &item.shared {
            assert!(
                item.hit.text.to_lowercase().contains(word.as_str()),
                "{word} is not in {}",
                item.hit.text
            );
        }
        assert!(item.hit.snippet.contains("<mark>"), "{}", item.hit.snippet);
    }
    // The other statement about the law is the most related finding.
    assert!(
        related.hits[0].hit.text.contains("utbyggnadslagen"),
        "{}",
        related.hits[0].hit.text
    );
    let scores: Vec<f32> = related.hits.iter().filter_map(|r| r.hit.score).collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );
}

#[test]
fn related_findings_page_like_every_list() {
    let index = &support::seed().index;
    let id = first_id("utbyggnadslagen");
    let page = |limit, offset| {
        index
            .related(&id, Page { limit, offset })
            .expect("related succeeds")
            .expect("the finding exists")
    };
    let whole = page(6, 0);
    let (first, second) = (page(3, 0), page(3, 3));
    let ids = |results: &indexer::RelatedResults| {
        results
            .hits
            .iter()
            .map(|r| r.hit.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!([ids(&first), ids(&second)].concat(), ids(&whole));
    assert_eq!(first.total, whole.total);
    assert!(
        index
            .related("no-such-finding", Page::first(3))
            .unwrap()
            .is_none()
    );
    assert!(
        index
            .related(
                &id,
                Page {
                    limit: 0,
                    offset: 0
                }
            )
            .is_err()
    );
}

#[test]
fn a_paragraph_of_a_draft_finds_the_findings_it_is_about() {
    let index = &support::seed().index;
    let results = index
        .related_to_text(
            "Många kommuner känner inte till utbyggnadslagen och hur den ska tillämpas.",
            Page::first(5),
            None,
        )
        .expect("related succeeds");
    let top: Vec<&str> = results.hits[..2]
        .iter()
        .map(|r| r.hit.text.as_str())
        .collect();
    assert!(
        top.iter().all(|text| text.contains("tbyggnadslagen")),
        "both statements about the law come first: {top:?}"
    );
    assert!(
        results.hits[0]
            .matched
            .iter()
            .any(|m| m.word == "utbyggnadslagen"),
        "the draft's own word is named"
    );
    let nothing = index
        .related_to_text("xyzzy qwerty", Page::first(5), None)
        .expect("related succeeds");
    assert_eq!((nothing.total, nothing.hits.len()), (0, 0));
    let too_long = "ord ".repeat(indexer::MAX_TEXT_CHARS / 4 + 1);
    assert!(matches!(
        index.related_to_text(&too_long, Page::first(5), None),
        Err(indexer::Error::Query(indexer::QueryError::TextTooLong(_)))
    ));
}

#[tokio::test]
async fn the_api_returns_related_findings_of_a_finding() {
    let app = support::seed().app();
    let id = first_id("utbyggnadslagen");
    let json = get(&app, &format!("/api/v1/findings/{id}/related?limit=3"))
        .await
        .json();
    assert_eq!(
        (json["limit"].as_u64(), json["offset"].as_u64()),
        (Some(3), Some(0))
    );
    let hits = json["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 3);
    for hit in hits {
        assert!(
            hit["shared"]
                .as_array()
                .is_some_and(|words| !words.is_empty())
        );
        assert!(
            hit["url"]
                .as_str()
                .is_some_and(|url| url.starts_with("/findings/"))
        );
        assert!(hit.get("sentence").is_none(), "only drafts have sentences");
    }
    let missing = get(&app, "/api/v1/findings/no-such-finding/related").await;
    assert_eq!(missing.status, 404);
    let bad = get(&app, &format!("/api/v1/findings/{id}/related?limit=0")).await;
    assert_eq!(bad.json()["error"]["code"], "invalid_limit");
}

#[tokio::test]
async fn the_draft_assistant_cites_the_chosen_findings_in_footnotes() {
    let app = support::seed().app();
    let law = first_id("\"stöd i hur den implementeras\"");
    let coordinators = first_id("\"Bredbandssamordnarna behöver\"");
    let text =
        "Vi behöver fler bredbandssamordnare. Många kommuner känner inte till utbyggnadslagen.";
    let reply = post_json(
        &app,
        "/api/v1/related",
        &json!({"text": text, "limit": 5, "ids": [law, coordinators, "removed-finding"]}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["missing"], json!(["removed-finding"]));
    let hits = json["hits"].as_array().expect("hits");
    assert!(!hits.is_empty());
    for hit in hits {
        let sentence = hit["sentence"]
            .as_str()
            .expect("each hit names its sentence");
        assert!(text.contains(sentence), "{sentence}");
    }
    let draft = json["draft"].as_str().expect("a draft for chosen ids");
    // Each footnote mark follows the sentence its finding supports, numbered down the
    // text as Word numbers them (the law was chosen first, but is cited second).
    assert!(
        draft.starts_with(
            "Vi behöver fler bredbandssamordnare.[^1] Många kommuner känner inte till utbyggnadslagen.[^2]"
        ),
        "{draft}"
    );
    assert!(draft.contains("## Underlag"));
    assert!(draft.contains(
        "> Utbyggnadslagen stöd i hur den implementeras hos kommunerna efterfrågas.[^2]"
    ));
    let footnote = format!(
        "[^2]: Bredbandssamordnare i Sörmland, *Möte 3 – Arbetsmöte inom Nystartsgruppen*, bild 17, 2 december 2016. <http://localhost/findings/{law}>"
    );
    assert!(draft.contains(&footnote), "{draft}");
    assert!(draft.contains("[^1]: "));
    assert!(!draft.contains("[^3]"), "a missing id gets no footnote");
}

#[tokio::test]
async fn the_draft_api_refuses_what_it_cannot_read() {
    let app = support::seed().app();
    let cases = [
        (json!({"txt": "stavfel i fältnamnet"}), "invalid_body"),
        (json!({"text": 42}), "invalid_body"),
        (json!({"text": "fiber", "limit": 0}), "invalid_limit"),
        (json!({"text": "fiber", "offset": 10_001}), "invalid_offset"),
        (
            json!({"text": "ord ".repeat(indexer::MAX_TEXT_CHARS / 4 + 1)}),
            "text_too_long",
        ),
        (
            json!({"text": "fiber", "ids": (0..51).map(|i| format!("id-{i}")).collect::<Vec<_>>()}),
            "too_many_chosen",
        ),
    ];
    for (body, code) in cases {
        let reply = post_json(&app, "/api/v1/related", &body).await;
        assert_eq!(reply.status, 400, "{body}");
        assert_eq!(reply.json()["error"]["code"], code, "{body}");
    }
}

#[tokio::test]
async fn the_draft_page_keeps_its_state_in_the_url() {
    let app = support::seed().app();
    let law = first_id("\"stöd i hur den implementeras\"");
    let query = format!(
        "text={}&ids={law}",
        "M%C3%A5nga+kommuner+k%C3%A4nner+inte+till+utbyggnadslagen."
    );
    let reply = get(&app, &format!("/utkast?{query}")).await;
    assert_eq!(reply.status, 200);
    let html = &reply.body;
    assert!(html.contains(">Många kommuner känner inte till utbyggnadslagen.</textarea>"));
    assert!(
        html.contains(&format!(r#"name="ids" value="{law}" checked"#)),
        "the chosen finding is ticked"
    );
    assert!(html.contains("<span class=\"badge\">Vald</span>"));
    assert!(html.contains("Hör till meningen: ”Många kommuner känner inte till utbyggnadslagen.”"));
    assert!(
        html.contains("utbyggnadslagen.[^1]"),
        "the draft is on the page"
    );
    assert!(support::unescape(html).contains(&format!(r#"href="/utkast.md?{query}""#)));
    assert!(support::unescape(html).contains(&format!(r#"href="/utkast.docx?{query}""#)));
    // The copy button carries the draft as HTML too, its marks linking the findings.
    let rich = html
        .split(r#"data-copy-html=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(support::unescape)
        .expect("the draft as HTML");
    assert!(
        rich.starts_with(&format!(
            r#"<p>Många kommuner känner inte till utbyggnadslagen.<sup><a href="http://localhost/findings/{law}">1</a></sup></p><h2>Underlag</h2><ol><li>”"#
        )),
        "{rich}"
    );

    let download = get(&app, &format!("/utkast.md?{query}")).await;
    assert_eq!(download.content_type, "text/markdown; charset=utf-8");
    assert!(
        download
            .body
            .starts_with("Många kommuner känner inte till utbyggnadslagen.[^1]")
    );
    assert!(download.body.contains(&format!("/findings/{law}>")));
}

#[tokio::test]
async fn the_draft_page_explains_a_problem_and_keeps_the_text() {
    let app = support::seed().app();
    let reply = get(&app, "/utkast?text=Mitt+stycke+om+fiber&limit=500").await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains(">Mitt stycke om fiber</textarea>"));
    assert!(reply.body.contains("role=\"alert\""));
    assert!(reply.body.contains("inget giltigt antal träffar"));
    let empty = get(&app, "/utkast").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Inga fynd valda ännu"));
}

#[tokio::test]
async fn a_citation_quotes_the_finding_and_says_where_it_is_from() {
    let app = support::seed().app();
    let id = first_id("\"stöd i hur den implementeras\"");
    let json = get(&app, &format!("/api/v1/findings/{id}")).await.json();
    let citation = &json["citation"];
    let url = format!("http://localhost/findings/{id}");
    assert_eq!(
        citation["markdown"],
        format!(
            "> Utbyggnadslagen stöd i hur den implementeras hos kommunerna efterfrågas.\n>\n> — Bredbandssamordnare i Sörmland, *Möte 3 – Arbetsmöte inom Nystartsgruppen*, bild 17, 2 december 2016. <{url}>"
        )
    );
    assert_eq!(
        citation["text"],
        format!(
            "”Utbyggnadslagen stöd i hur den implementeras hos kommunerna efterfrågas.” (Bredbandssamordnare i Sörmland, Möte 3 – Arbetsmöte inom Nystartsgruppen, bild 17, 2 december 2016) {url}"
        )
    );
    assert_eq!(
        citation["html"],
        format!(
            "<a href=\"{url}\">”Utbyggnadslagen stöd i hur den implementeras hos kommunerna efterfrågas.”</a> (Bredbandssamordnare i Sörmland, <cite>Möte 3 – Arbetsmöte inom Nystartsgruppen</cite>, bild 17, 2 december 2016)"
        )
    );
}

#[tokio::test]
async fn citations_use_the_public_url_and_escape_what_the_text_holds() {
    let settings = server::Settings {
        public_url: Some("https://hinder.example.se/".to_owned()),
        ..server::Settings::default()
    };
    let app = support::with_fixtures().app_with(settings);
    let id = support::with_fixtures()
        .index
        .search(&SearchRequest::new("\"i texten och tecknen\""))
        .expect("search succeeds")
        .hits[0]
        .id
        .clone();
    let json = get(&app, &format!("/api/v1/findings/{id}")).await.json();
    let citation = &json["citation"];
    let markdown = citation["markdown"].as_str().expect("markdown");
    assert!(
        markdown.contains(r#"\<script\>alert("xss")\</script\>"#),
        "{markdown}"
    );
    assert!(markdown.ends_with(&format!("<https://hinder.example.se/findings/{id}>")));
    assert!(markdown.contains("talaranteckning") == json["finding"]["note"].as_bool().unwrap());
    let html = citation["html"].as_str().expect("html");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("avsnitt 1"), "{html}");

    let page = get(&app, &format!("/findings/{id}")).await.body;
    assert!(page.contains("id=\"cite-markdown\""));
    assert!(
        !page.contains("<script>alert"),
        "the page renders the payload inert"
    );
}

#[tokio::test]
async fn a_finding_page_offers_its_citation_related_findings_and_its_place_in_the_document() {
    let app = support::seed().app();
    let id = first_id("\"stöd i hur den implementeras\"");
    let html = get(&app, &format!("/findings/{id}")).await.body;
    assert!(html.contains("<h2 id=\"citation-heading\">Citera</h2>"));
    assert!(
        html.contains("data-copy=\"cite-markdown\" data-copy-html="),
        "the copy button copies rich text too"
    );
    assert!(
        support::unescape(&html).contains(&format!(
            r#"data-copy-html="<a href="http://localhost/findings/{id}">”Utbyggnadslagen"#
        )),
        "pasted into Word, the quote links the finding"
    );
    assert!(
        html.contains(" hidden>Kopiera Markdown</button>"),
        "the copy button waits for JavaScript"
    );
    assert!(support::unescape(&html).contains("> Utbyggnadslagen stöd i hur den implementeras"));
    assert!(html.contains("<h2 id=\"related-heading\">Fynd som delar ord med det här</h2>"));
    assert!(
        html.contains("vanliga ord som ”ska” och ”hos” räknas inte"),
        "the page says what the list is"
    );
    assert!(html.contains("Gemensamma ord: utbyggnadslagen"));
    assert!(html.contains(&format!(
        "href=\"/documents/2016-12-02-nystartsgruppen-mote-3?fynd={id}#{id}\""
    )));
    assert!(html.contains(&format!("href=\"/utkast?ids={id}\"")));
}

/// The parts of a `.docx` package, by name.
pub(crate) fn docx_parts(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the draft is a zip package");
    let mut parts = std::collections::HashMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("a part");
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut file, &mut text).is_ok() {
            parts.insert(file.name().expect("a part name").into_owned(), text);
        }
    }
    parts
}

#[tokio::test]
async fn the_draft_downloads_as_a_word_document_with_real_footnotes() {
    let app = support::seed().app();
    let law = first_id("\"stöd i hur den implementeras\"");
    let coordinators = first_id("\"Bredbandssamordnarna behöver\"");
    let uri = format!(
        "/utkast.docx?text=Vi+beh%C3%B6ver+fler+bredbandssamordnare.+M%C3%A5nga+kommuner+k%C3%A4nner+inte+till+utbyggnadslagen.&ids={law}&ids={coordinators}"
    );
    let request = axum::http::Request::get(&uri)
        .header("host", "localhost")
        .body(axum::body::Body::empty())
        .expect("a request");
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .expect("an answer");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("the body")
        .to_bytes();
    let parts = docx_parts(&bytes);
    let document = &parts["word/document.xml"];
    let footnotes = parts.get("word/footnotes.xml").expect("a footnotes part");
    assert_eq!(
        document.matches("<w:footnoteReference").count(),
        2,
        "one footnote per finding, each after its sentence"
    );
    assert!(
        parts["[Content_Types].xml"].contains("footnotes+xml"),
        "Word finds the footnotes part"
    );
    for id in [&law, &coordinators] {
        assert!(
            footnotes.contains(&format!("HYPERLINK \"http://localhost/findings/{id}\""))
                || footnotes.contains(&format!(
                    "HYPERLINK &quot;http://localhost/findings/{id}&quot;"
                )),
            "each footnote links its finding: {footnotes}"
        );
    }
    assert!(
        footnotes.contains("Möte 3 – Arbetsmöte inom Nystartsgruppen, bild 17, 2 december 2016.")
    );

    // Read back as a coordinator's file would be: Hinder's own Word reader puts footnotes
    // after their paragraph.
    let corpus = support::TestCorpus::seed();
    let path = corpus.path().join("documents").join("utkast.docx");
    std::fs::write(&path, &bytes).expect("saving the draft");
    let taxonomy = indexer::ingest::load_corpus(corpus.path())
        .expect("the corpus loads")
        .corpus
        .taxonomy;
    let read = indexer::ingest::read_document(corpus.path(), &path, &taxonomy)
        .expect("Hinder reads its own draft");
    let text: Vec<&str> = read
        .sections
        .iter()
        .flat_map(|section| section.findings.iter().map(|f| f.text.as_str()))
        .collect();
    let all = text.join("\n");
    assert!(
        all.contains("Vi behöver fler bredbandssamordnare."),
        "{all}"
    );
    assert!(
        read.sections
            .iter()
            .any(|section| section.heading.as_deref() == Some("Underlag")),
        "a Word heading"
    );
    assert!(
        all.contains("Utbyggnadslagen stöd i hur den implementeras hos kommunerna efterfrågas."),
        "{all}"
    );
    assert!(
        all.contains(&format!("http://localhost/findings/{law}")),
        "{all}"
    );
}

#[test]
fn related_findings_lead_with_statements_not_bare_headings() {
    let index = &support::seed().index;
    let words = |text: &str| {
        text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count()
    };
    // Over every finding's page of related findings: how many of the five places go to
    // headings and agenda items (fewer than four words), and how often one leads.
    let all = index
        .search(&SearchRequest {
            limit: indexer::MAX_LIMIT,
            ..SearchRequest::default()
        })
        .expect("listing succeeds");
    let (mut places, mut thin, mut leads, mut lists) = (0, 0, 0, 0);
    for finding in &all.hits {
        let related = index
            .related(&finding.id, Page::first(5))
            .expect("related succeeds")
            .expect("the finding exists");
        if related.hits.is_empty() {
            continue;
        }
        lists += 1;
        places += related.hits.len();
        thin += related
            .hits
            .iter()
            .filter(|r| words(&r.hit.text) < 4)
            .count();
        leads += usize::from(words(&related.hits[0].hit.text) < 4);
    }
    let share = thin as f64 / places as f64;
    println!(
        "related: {thin} of {places} places are headings or agenda items ({share:.3}); one leads {leads} of {lists} lists"
    );
    assert!(share < 0.06, "{share}");
    assert!(leads * 10 < lists, "{leads} of {lists}");
}
