//! The working group's final report, `/rapport.docx` and `/rapport.md`: the group's
//! background from `corpus/rapport/bakgrund.md`, the process counted from the rounds and
//! the feedback, a chapter per area in `areas.toml` order, the cited findings once each.
//! The ignored test prints the Word file in LibreOffice, as `description_export::office`
//! does (`.ci/run` runs both with `--ignored`).

use axum::http::StatusCode;
use indexer::{REPORT_BACKGROUND_FILE, Taxonomy};
use serde_json::json as body;

use crate::description_export::{bookmarks, describe, download, squeezed, to_pdf};
use crate::support::{TestCorpus, WritableCorpus, get_as, json, member, seed_corpus};

const BACKGROUND: &str = "## Utvecklingen sedan 2016\n\n\
    Bredbandsutbyggnaden i Sörmland har gått **fortare** än väntat.\n\n\
    - Fler byanät\n- Färre vita fläckar\n";

/// The chapters' headings (`##` in Markdown, "Rubrik 1" in Word).
const CHAPTERS: [&str; 4] = [
    "Generell bakgrundsbeskrivning med utveckling på området",
    "Processbeskrivning och hur gruppen har arbetat",
    "Områdesbeskrivningar",
    "Bilagor",
];

/// The seed with a background, Landsbygd's description sent out and three answers to it
/// from two counties (one answer worked in, one not, one open).
async fn reported() -> WritableCorpus {
    let corpus = TestCorpus::seed();
    describe(&corpus);
    let background = corpus.path().join(REPORT_BACKGROUND_FILE);
    std::fs::create_dir_all(background.parent().expect("a folder")).expect("rapport/");
    std::fs::write(&background, BACKGROUND).expect("writing the background");
    let corpus = WritableCorpus::new(corpus, server::Settings::default());
    let mut answers = Vec::new();
    for region in ["04", "0428", "01"] {
        let answer = json(
            &corpus,
            "POST",
            "/api/v1/documents",
            Some(&member().write_token),
            &body!({
                "text": format!("Synpunkt från {region}: texten saknar markägarnas perspektiv."),
                "responds_to": "/omraden/landsbygd/beskrivning#utmaningar",
                "region": region,
            }),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        answers.push(
            answer.json()["document"]["id"]
                .as_str()
                .expect("an id")
                .to_owned(),
        );
    }
    for (answer, decision) in answers.iter().zip([
        body!({"outcome": "inarbetad"}),
        body!({"outcome": "ej_inarbetad", "reason": "Hör till Samverkan"}),
    ]) {
        let decided = json(
            &corpus,
            "PATCH",
            &format!("/api/v1/areas/landsbygd/description/feedback/{answer}"),
            Some(&member().editor_token),
            &decision,
        )
        .await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    }
    corpus
}

/// The areas' labels in `areas.toml` order.
fn area_labels() -> Vec<String> {
    let taxonomy = Taxonomy::load(&seed_corpus()).expect("the seed's taxonomy");
    taxonomy.areas.into_iter().map(|area| area.label).collect()
}

/// The headings the report has, in order, at the levels Word and `##`/`###` give them.
fn headings() -> Vec<String> {
    let mut headings = vec!["Slutrapport".to_owned()];
    headings.push(CHAPTERS[0].to_owned());
    headings.push("Utvecklingen sedan 2016".to_owned());
    headings.push(CHAPTERS[1].to_owned());
    headings.extend(["Landsbygd".to_owned(), "Totalt".to_owned()]);
    headings.push(CHAPTERS[2].to_owned());
    for label in area_labels() {
        let described = label == "Landsbygd";
        headings.push(label);
        if described {
            headings.extend(
                [
                    "Beskrivning",
                    "Fakta om området",
                    "Utmaningar",
                    "Förslag på vägar framåt",
                    "Sammanfattning",
                ]
                .map(str::to_owned),
            );
        }
    }
    headings.extend([CHAPTERS[3].to_owned(), "Underlag".to_owned()]);
    headings
}

#[tokio::test]
async fn the_markdown_report_has_background_process_chapters_in_order_and_sources() {
    let corpus = reported().await;
    let reply = get_as(&corpus, "/rapport.md", Some(&member().token)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "text/markdown; charset=utf-8");
    assert_eq!(
        reply.headers["content-disposition"],
        "attachment; filename=\"slutrapport.md\""
    );
    let text = &reply.body;
    let found: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            line.split_once("# ")
                .filter(|(marks, _)| marks.chars().all(|c| c == '#'))
        })
        .map(|(_, heading)| heading)
        .collect();
    assert_eq!(found, headings(), "{text}");
    assert!(
        text.contains("har gått **fortare** än väntat.\n\n- Fler byanät\n- Färre vita fläckar\n")
    );
    assert!(
        text.contains("- Omgång 1: version 2 skickades ut"),
        "{text}"
    );
    assert!(
        text.contains("- Återkoppling: 3 svar från 2 län."),
        "{text}"
    );
    assert!(
        text.contains("- Inarbetade: 1. Ej inarbetade: 1. Ej besvarade: 1."),
        "{text}"
    );
    let areas = area_labels().len();
    assert!(text.contains(&format!(
        "- 1 av {areas} områden har en områdesbeskrivning, varav 0 godkända."
    )));
    assert_eq!(
        text.matches("Området har ingen områdesbeskrivning.")
            .count(),
        areas - 1
    );
    assert!(text.contains("Många kommuner känner inte till **utbyggnadslagen**[^1]"));
    let appendix = &text[text.find("\n### Underlag\n").expect("Underlag")..];
    assert_eq!(
        appendix.matches("\n> — ").count(),
        2,
        "each finding once: {appendix}"
    );
    assert!(appendix.contains("finns inte längre."), "{appendix}");
    assert!(
        appendix.contains("[^5]: "),
        "footnotes defined at the end: {appendix}"
    );

    // The public's report: its index has no working material, so no description, but the
    // group's background and the chapters all the same.
    let public = get_as(&corpus, "/rapport.md", None).await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("fortare"));
    assert_eq!(
        public
            .body
            .matches("Området har ingen områdesbeskrivning.")
            .count(),
        areas
    );
    assert!(
        !public.body.contains("utbyggnadslagen**"),
        "{}",
        public.body
    );
}

#[tokio::test]
async fn the_report_without_a_background_says_where_to_write_it_and_overview_links_it() {
    let corpus = WritableCorpus::new(TestCorpus::seed(), server::Settings::default());
    let reply = get_as(&corpus, "/rapport.md", None).await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.body.contains("Bakgrunden är inte skriven ännu. Skriv den i Markdown i filen corpus/rapport/bakgrund.md."),
        "{}",
        reply.body
    );
    let overview = get_as(&corpus, "/oversikt", None).await;
    assert!(
        overview.body.contains("href=\"/rapport.docx\""),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("href=\"/rapport.md\""));
}

#[tokio::test]
async fn the_word_report_reads_back_with_its_headings_in_order() {
    let corpus = reported().await;
    let (status, headers, bytes) = download(&corpus.app(), "/rapport.docx").await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"slutrapport.docx\""
    );
    let read = indexer::ingest::docx::extract(&bytes).expect("Hinder reads its own report");
    let found: Vec<&str> = read
        .sections
        .iter()
        .filter_map(|section| section.heading.as_deref())
        .filter(|heading| *heading != "Innehåll")
        .collect();
    assert_eq!(found, headings());
    let all = format!("{:?}", read.sections);
    for text in [
        "Bredbandsutbyggnaden i Sörmland har gått fortare än väntat.",
        "Återkoppling: 3 svar från 2 län.",
        "Många kommuner känner inte till utbyggnadslagen",
        "http://localhost/findings/",
    ] {
        assert!(all.contains(text), "{text:?} in {all}");
    }
}

#[tokio::test]
#[ignore = "needs LibreOffice (libreoffice-writer-nogui) and poppler-utils; .ci/run runs it"]
async fn office_prints_the_report_with_its_headings_in_order_and_swedish_letters() {
    let corpus = reported().await;
    let (status, _, bytes) = download(&corpus.app(), "/rapport.docx").await;
    assert_eq!(status, 200);
    let (_dir, pdf) = to_pdf(&bytes);
    let (outline, items) = bookmarks(&pdf);
    let expected: Vec<String> = headings();
    let items: Vec<String> = items
        .into_iter()
        .filter(|item| item != "Innehåll")
        .collect();
    assert_eq!(items, expected, "{outline}");
    let text = crate::description_export::run(
        std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(&pdf)
            .arg("-"),
    );
    for word in [
        "Områdesbeskrivningar",
        "Bredbandsutbyggnaden",
        "Sörmland",
        "Färre",
        "byanät",
        "väntat",
    ] {
        assert!(text.contains(word), "{word:?} in:\n{text}");
    }
    // The table of contents lists the chapters before the background begins.
    let whole = squeezed(&text);
    let contents = whole.find("Innehåll").expect("a table of contents");
    let background = whole.find("fortareänväntat").expect("the background");
    let listed = whole[contents..background].find(&squeezed(CHAPTERS[2]));
    assert!(listed.is_some(), "the contents list the chapters:\n{text}");
}
