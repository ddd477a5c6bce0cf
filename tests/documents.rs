//! Whole documents, browsing by area and source, and the overview: through the API and the
//! pages, checked against the search API's own counts.

use std::collections::BTreeSet;

use crate::support::{self, get};

const SEED_DOCUMENT: &str = "2016-12-02-nystartsgruppen-mote-3";

/// Every finding id of a search, following pages.
async fn search_ids(app: &axum::Router, filters: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut offset = 0;
    loop {
        let json = get(
            app,
            &format!("/api/v1/search?{filters}&limit=100&offset={offset}"),
        )
        .await
        .json();
        ids.extend(support::hit_ids(&json));
        offset += 100;
        if offset >= json["total"].as_u64().expect("total") as usize {
            return ids;
        }
    }
}

#[tokio::test]
async fn the_documents_api_lists_newest_first_and_pages() {
    let app = support::with_fixtures().app();
    let json = get(&app, "/api/v1/documents").await.json();
    assert_eq!(json["total"], 2);
    let ids: Vec<&str> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["2017-03-29-styrgrupp-knepigt", SEED_DOCUMENT]);
    let second = get(&app, "/api/v1/documents?limit=1&offset=1").await.json();
    assert_eq!(
        (second["total"].as_u64(), second["limit"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(second["documents"][0]["id"], SEED_DOCUMENT);
    assert_eq!(
        second["documents"][0]["url"],
        format!("/documents/{SEED_DOCUMENT}")
    );
    let past_the_end = get(&app, "/api/v1/documents?offset=5").await.json();
    assert_eq!(past_the_end["documents"], serde_json::json!([]));
    let bad = get(&app, "/api/v1/documents?limit=1000").await;
    assert_eq!(
        (bad.status.as_u16(), bad.json()["error"]["code"].as_str()),
        (400, Some("invalid_limit"))
    );
}

#[tokio::test]
async fn a_document_comes_whole_section_by_section() {
    let app = support::seed().app();
    let json = get(&app, &format!("/api/v1/documents/{SEED_DOCUMENT}"))
        .await
        .json();
    let sections = json["sections"].as_array().expect("sections");
    let numbers: Vec<u64> = sections
        .iter()
        .map(|s| s["number"].as_u64().expect("number"))
        .collect();
    assert!(
        numbers.windows(2).all(|pair| pair[0] < pair[1]),
        "{numbers:?}"
    );
    let findings: usize = sections
        .iter()
        .map(|s| s["findings"].as_array().expect("findings").len())
        .sum();
    assert_eq!(
        findings as u64,
        json["document"]["findings"].as_u64().expect("count")
    );
    let all = search_ids(&app, "").await;
    let listed: BTreeSet<String> = sections
        .iter()
        .flat_map(|s| s["findings"].as_array().expect("findings").iter())
        .map(|f| f["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(listed, all, "every finding of the corpus, once");
    let slide_17 = sections
        .iter()
        .find(|s| s["number"] == 17)
        .expect("slide 17");
    assert_eq!(slide_17["title"], "Sammanfattning");
    assert_eq!(
        get(&app, "/api/v1/documents/nothing-here").await.status,
        404
    );
}

#[tokio::test]
async fn the_document_page_anchors_and_marks_findings() {
    let app = support::seed().app();
    let id = support::hit_ids(
        &get(&app, "/api/v1/search?q=utbyggnadslagen&limit=1")
            .await
            .json(),
    )
    .remove(0);
    let html = get(&app, &format!("/documents/{SEED_DOCUMENT}?fynd={id}"))
        .await
        .body;
    assert!(html.contains("<section class=\"document-section\" id=\"bild-17\""));
    assert!(html.contains(&format!(
        "<li id=\"{id}\" class=\"marked\" aria-current=\"true\">"
    )));
    assert_eq!(html.matches("class=\"marked\"").count(), 1);
    assert!(
        html.contains("<a href=\"#bild-15\">Bild 15</a>"),
        "a table of contents"
    );
    let plain = get(&app, &format!("/documents/{SEED_DOCUMENT}")).await.body;
    assert!(!plain.contains("class=\"marked\""));
    assert_eq!(get(&app, "/documents/nothing-here").await.status, 404);
    let list = get(&app, "/documents").await.body;
    assert!(list.contains(&format!("href=\"/documents/{SEED_DOCUMENT}\"")));
}

#[tokio::test]
async fn browse_pages_list_exactly_the_findings_of_an_area_or_source() {
    let app = support::seed().app();
    for (path, filter) in [
        ("/omraden/kommunala-processer", "area=kommunala-processer"),
        ("/omraden/mobilitet-iot", "area=mobilitet-iot"),
        ("/kallor/sormland", "source=sormland"),
    ] {
        let html = get(&app, path).await.body;
        let expected = search_ids(&app, filter).await;
        let listed: BTreeSet<String> = html
            .match_indices("class=\"hit-text\" href=\"/findings/")
            .map(|(start, marker)| {
                let rest = &html[start + marker.len()..];
                rest[..rest.find('"').expect("closing quote")].to_owned()
            })
            .collect();
        assert_eq!(listed, expected, "{path}");
        assert!(
            html.contains(&format!("href=\"/documents/{SEED_DOCUMENT}\"")),
            "findings are grouped under their document"
        );
    }
    assert_eq!(get(&app, "/omraden/skog").await.status, 404);
    assert_eq!(get(&app, "/kallor/omraden").await.status, 404);
}

#[tokio::test]
async fn the_lists_of_areas_and_sources_count_like_the_facets() {
    let app = support::seed().app();
    let facets = get(&app, "/api/v1/facets").await.json();
    for (path, dimension) in [("/omraden", "area"), ("/kallor", "source")] {
        let html = get(&app, path).await.body;
        for entry in facets[dimension].as_array().expect("entries") {
            let link = format!(
                "<a class=\"document-title\" href=\"{path}/{}\">{}</a> <span class=\"count\">{} fynd</span>",
                entry["value"].as_str().expect("slug"),
                entry["label"].as_str().expect("label"),
                entry["count"]
            );
            assert!(html.contains(&link), "{path} lacks {link}");
        }
    }
}

#[tokio::test]
async fn every_cell_of_the_overview_counts_what_its_link_finds() {
    let app = support::seed().app();
    let html = get(&app, "/oversikt").await.body;
    assert!(html.contains("<svg class=\"heatmap\""));
    assert!(html.contains("<svg class=\"timeline\""));
    assert!(!html.contains("<script>"), "no chart needs JavaScript");
    let heatmap_start = html.find("<svg class=\"heatmap\"").expect("a heat map");
    let heatmap = &html[heatmap_start..];
    let heatmap = &heatmap[..heatmap.find("</svg>").expect("the heat map's end")];
    let mut cells = 0;
    for (start, marker) in heatmap.match_indices("<a href=\"/?area=") {
        let rest = &heatmap[start + marker.len() - "area=".len()..];
        let query = support::unescape(&rest[..rest.find('"').expect("closing quote")]);
        if !query.contains("source=") {
            continue;
        }
        let count_start =
            rest.find("class=\"cell-count\">").expect("a count") + "class=\"cell-count\">".len();
        let count: u64 = rest
            [count_start..rest[count_start..].find('<').expect("end") + count_start]
            .parse()
            .expect("a number");
        let total = get(&app, &format!("/api/v1/search?{query}&limit=1"))
            .await
            .json()["total"]
            .as_u64()
            .expect("total");
        assert_eq!(count, total, "{query}");
        cells += 1;
    }
    assert!(cells >= 10, "only {cells} linked cells");
    let bar = support::unescape(&html)
        .contains("<a href=\"/?from=2016-12-02&to=2016-12-02&sort=date_asc\" aria-label=\"2 december 2016: 162 fynd\">");
    assert!(bar, "the timeline's bar links to its day");
}

/// A corpus file left out for an unknown area or source, or a taken id, is listed for
/// members on the documents page with what to do (not only in the server's log); the
/// public sees no such list; an update that reads the fixed file empties it.
#[tokio::test]
async fn members_see_which_corpus_files_were_left_out_and_why() {
    let corpus = support::TestCorpus::seed();
    corpus.add(
        "skog.md",
        "+++\ntitle = \"Skogsmöte\"\ndate = 2016-12-05\nsource = \"sormland\"\n+++\n\n## Bild 1\n\n- Skogen behöver fiber. <!-- areas: skogsbruk -->\n",
    );
    corpus.add(
        "radio.md",
        "+++\ntitle = \"Radiomöte\"\ndate = 2016-12-06\nsource = \"radio\"\n+++\n\n## Bild 1\n\n- Radiolänk som komplement.\n",
    );
    let corpus = support::WritableCorpus::new(corpus, server::Settings::default());
    let member = support::member();

    let page = support::get_as(&corpus, "/documents", Some(&member.token)).await;
    assert_eq!(page.status, 200);
    let html = support::unescape(&page.body);
    assert!(html.contains("2 filer i corpus kom inte med"), "{html}");
    assert!(
        html.contains(
            "<code>documents/skog.md</code>: Området ”skogsbruk” finns inte i areas.toml."
        ),
        "{html}"
    );
    assert!(
        html.contains("<code>documents/radio.md</code>: Källan ”radio” finns inte i sources.toml."),
        "{html}"
    );
    assert!(
        html.contains("unknown area `skogsbruk`"),
        "hinder check's words: {html}"
    );
    assert!(
        !html.contains(&corpus.corpus.path().display().to_string()),
        "no server path on the page"
    );

    let public = support::get_as(&corpus, "/documents", None).await;
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("kom inte med"), "{}", public.body);
}

/// The index keeps the list of left-out files up to date: an update that only meets a new
/// bad file records it (nothing else changed), and one that reads the file fixed empties it.
#[test]
fn an_update_records_a_bad_file_and_forgets_it_once_fixed() {
    let corpus = support::TestCorpus::seed();
    let work = support::scratch();
    let index = work.path().join("index");
    let left_out = || {
        indexer::Manifest::read(&indexer::Audience::Members.index_dir(&index))
            .expect("the manifest")
            .left_out
    };
    indexer::build_index(corpus.path(), &index, &mut |_, _| {}).expect("building");
    assert!(left_out().is_empty());

    let bad = "+++\ntitle = \"Skogsmöte\"\nsource = \"sormland\"\n+++\n\n## Bild 1\n\n- Skogen behöver fiber. <!-- areas: skogsbruk -->\n";
    corpus.add("skog.md", bad);
    let report = indexer::update_index(corpus.path(), &index, &mut |_, _| {}).expect("updating");
    assert_eq!(report.failures.len(), 1);
    let listed = left_out();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].path, "documents/skog.md");
    assert_eq!(
        listed[0].cause,
        indexer::LeftOutCause::UnknownArea("skogsbruk".into())
    );

    corpus.add("skog.md", &bad.replace("skogsbruk", "landsbygd"));
    let report = indexer::update_index(corpus.path(), &index, &mut |_, _| {}).expect("updating");
    assert!(report.failures.is_empty());
    assert!(left_out().is_empty(), "{:?}", left_out());
}
