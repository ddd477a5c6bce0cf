//! What the draft assistant hands over: the page, the Markdown file, the rich-text copy and
//! the Word file number the same findings the same way (as Word numbers footnotes, down the
//! text), adjacent marks are told apart, the Word file says what it is, a draft of findings
//! that do not exist is refused, and the menu's "Utkast" opens the basket's draft.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;

use axum::body::Body;
use axum::http::Request;

use crate::description_export::{download, footnotes, run, squeezed, to_pdf};
use crate::drafting::{docx_parts, first_id};
use crate::support::{self, get, send};

/// Three findings of the seed, chosen in one order and cited by the text in another.
struct Draft {
    /// "Utbyggnadslagen stöd i hur den implementeras…", slide 17: chosen first.
    law: String,
    /// "Bredbandssamordnarna behöver med stöd, kraft och tid…", slide 16: chosen second.
    coordinators: String,
    /// "Kommunernas styrning av stadsnäten skapar otydliga roller…": chosen third.
    city_networks: String,
    /// The query string of `/utkast` and its downloads.
    query: String,
}

/// The text's first sentence goes with the third finding chosen, its second with the first
/// two: the footnotes number 1 the city networks, then 2 the law and 3 the coordinators
/// (chosen order among the findings of one sentence).
fn draft() -> Draft {
    let law = first_id("\"stöd i hur den implementeras\"");
    let coordinators = first_id("\"Bredbandssamordnarna behöver\"");
    let city_networks = first_id("\"styrning av stadsnäten\"");
    let text = "Styrningen av stadsnäten ger otydliga roller. \
                Bredbandssamordnarna behöver kraft och tid, och utbyggnadslagen behöver stöd hos kommunerna.";
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("text", text);
    for id in [&law, &coordinators, &city_networks] {
        query.append_pair("ids", id);
    }
    Draft {
        law,
        coordinators,
        city_networks,
        query: query.finish(),
    }
}

impl Draft {
    /// Footnote number by finding id, as every format must say it.
    fn expected(&self) -> BTreeMap<String, usize> {
        BTreeMap::from([
            (self.city_networks.clone(), 1),
            (self.law.clone(), 2),
            (self.coordinators.clone(), 3),
        ])
    }
}

/// The finding id a permalink ends with.
fn id_of(url: &str) -> String {
    url.rsplit("/findings/")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// The text between the first `start` and the next `end` after it, for each occurrence.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    text.split(start)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .collect()
}

/// The footnote numbers Word shows, by finding: references numbered in the order they stand
/// in the body, each footnote's finding read from its link.
fn word_numbers(parts: &HashMap<String, String>) -> BTreeMap<String, usize> {
    let document = &parts["word/document.xml"];
    let footnotes = &parts["word/footnotes.xml"];
    let link_of = |note: &str| {
        let body = between(
            footnotes,
            &format!("<w:footnote w:id=\"{note}\""),
            "</w:footnote>",
        )
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("footnote {note} in {footnotes}"));
        let url = between(body, "HYPERLINK &quot;", "&quot;")
            .into_iter()
            .chain(between(body, "HYPERLINK \"", "\""))
            .next()
            .unwrap_or_else(|| panic!("a link in footnote {note}: {body}"));
        id_of(url)
    };
    between(document, "<w:footnoteReference w:id=\"", "\"")
        .into_iter()
        .enumerate()
        .map(|(index, note)| (link_of(note), index + 1))
        .collect()
}

#[tokio::test]
async fn the_page_the_markdown_the_rich_text_and_word_number_alike() {
    let app = support::seed().app();
    let draft = draft();
    let expected = draft.expected();

    // The page: the chosen findings listed with their numbers.
    let page = get(&app, &format!("/utkast?{}", draft.query)).await;
    assert_eq!(page.status, 200);
    let on_page: BTreeMap<String, usize> = [&draft.law, &draft.coordinators, &draft.city_networks]
        .into_iter()
        .map(|id| {
            let marker = format!(r#"value="{id}" checked> <span class="option-label"><sup>["#);
            let number = between(&page.body, &marker, "]")
                .first()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{id} listed with a number"));
            (id.clone(), number)
        })
        .collect();
    assert_eq!(on_page, expected, "the page");

    // The Markdown file: the definitions, and the marks in order down the text, the two
    // after one sentence told apart.
    let (status, _, markdown) = download(&app, &format!("/utkast.md?{}", draft.query)).await;
    assert_eq!(status, 200);
    let markdown = String::from_utf8(markdown).expect("UTF-8");
    let in_markdown: BTreeMap<String, usize> = markdown
        .lines()
        .filter_map(|line| {
            let (number, rest) = line.strip_prefix("[^")?.split_once("]: ")?;
            let url = between(rest, "<", ">").pop()?;
            Some((id_of(url), number.parse().ok()?))
        })
        .collect();
    assert_eq!(in_markdown, expected, "the Markdown:\n{markdown}");
    assert!(
        markdown.starts_with(
            "Styrningen av stadsnäten ger otydliga roller.[^1] Bredbandssamordnarna behöver \
             kraft och tid, och utbyggnadslagen behöver stöd hos kommunerna.[^2],[^3]"
        ),
        "{markdown}"
    );
    assert!(
        page.body
            .contains(&html_escape::encode_text(&markdown[..60]).to_string()),
        "the page shows the same Markdown"
    );

    // The rich-text copy: each mark links its finding.
    let rich = between(&page.body, r#"data-copy-html=""#, "\"")
        .first()
        .map(|html| support::unescape(html))
        .expect("the draft as HTML");
    let body_text = rich.split("<h2>").next().unwrap_or_default();
    let in_rich: BTreeMap<String, usize> = between(body_text, "<a href=\"", "</a>")
        .into_iter()
        .filter_map(|link| {
            let (url, number) = link.split_once("\">")?;
            Some((id_of(url), number.parse().ok()?))
        })
        .collect();
    assert_eq!(in_rich, expected, "the rich text: {rich}");
    assert!(
        body_text.contains("2</a>,<a href="),
        "adjacent marks are separated: {body_text}"
    );

    // The Word file: footnotes as Word numbers them, in the order of their references.
    let (status, _, word) = download(&app, &format!("/utkast.docx?{}", draft.query)).await;
    assert_eq!(status, 200);
    let parts = docx_parts(&word);
    assert_eq!(word_numbers(&parts), expected, "the Word file");
    let document = &parts["word/document.xml"];
    let second_and_third = between(
        document,
        "<w:footnoteReference w:id=",
        "<w:footnoteReference",
    )
    .get(1)
    .map(|run| (*run).to_owned())
    .unwrap_or_default();
    assert!(
        second_and_third.contains("<w:t xml:space=\"preserve\">,</w:t>")
            || second_and_third.contains("<w:t>,</w:t>"),
        "a comma between two adjacent references: {second_and_third}"
    );
}

#[tokio::test]
async fn the_word_file_says_what_it_is_and_spaces_its_quotes() {
    let app = support::seed().app();
    let draft = draft();
    let (status, _, word) = download(&app, &format!("/utkast.docx?{}", draft.query)).await;
    assert_eq!(status, 200);
    let parts = docx_parts(&word);
    let core = &parts["docProps/core.xml"];
    assert!(
        core.contains("<dc:title>Utkast: Styrningen av stadsnäten ger otydliga roller."),
        "{core}"
    );
    let today = indexer::Date::today().to_string();
    assert!(
        core.contains(&format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{today}T"
        )),
        "created today: {core}"
    );
    assert!(
        !core.contains("unknown") && !core.contains("1970"),
        "{core}"
    );
    assert!(
        parts["docProps/app.xml"].contains("<Application>Hinder</Application>"),
        "{}",
        parts["docProps/app.xml"]
    );
    let styles = &parts["word/styles.xml"];
    let quote = between(styles, "w:styleId=\"Quote\"", "</w:style>")
        .pop()
        .expect("the quote style");
    assert!(
        quote.contains("w:after=\"160\""),
        "space after each quoted finding: {quote}"
    );
    // Every part docx-rs wrote is still there and reads.
    for part in [
        "word/document.xml",
        "word/footnotes.xml",
        "[Content_Types].xml",
    ] {
        assert!(parts.contains_key(part), "{part}");
    }
}

#[tokio::test]
async fn a_download_naming_findings_that_do_not_exist_says_which() {
    let app = support::seed().app();
    let law = first_id("\"stöd i hur den implementeras\"");
    for path in ["/utkast.md", "/utkast.docx"] {
        let uri = format!("{path}?text=Lagen.&ids={law}&ids=finns-inte-1&ids=finns-inte-2");
        let (status, headers, body) = download(&app, &uri).await;
        assert_eq!(status, 404, "{uri}");
        let body = String::from_utf8(body).expect("an HTML error page");
        assert!(
            body.contains("finns-inte-1, finns-inte-2"),
            "the missing ids are named: {body}"
        );
        assert!(
            headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "an error page, not a draft"
        );
        assert!(
            headers.get("content-disposition").is_none(),
            "nothing to save"
        );
    }
    // The page still opens, listing what is missing beside the rest.
    let page = get(&app, &format!("/utkast?ids={law}&ids=finns-inte-1")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("finns-inte-1"));
}

#[tokio::test]
async fn the_menus_draft_link_opens_the_baskets_findings() {
    let app = support::seed().app();
    let draft = draft();
    let basket = format!("utkastkorg={}|{}", draft.law, draft.coordinators);
    let request = |uri: &str| {
        Request::get(uri)
            .header("host", "localhost")
            .header("cookie", &basket)
            .body(Body::empty())
            .expect("a request")
    };
    let menu = send(&app, request("/utkast")).await;
    assert_eq!(menu.status, 303, "{}", menu.body);
    let location = menu.headers["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/utkast?ids={}&ids={}", draft.law, draft.coordinators)
    );
    let page = send(&app, request(&location)).await;
    assert_eq!(page.status, 200);
    for id in [&draft.law, &draft.coordinators] {
        assert!(
            page.body
                .contains(&format!(r#"name="ids" value="{id}" checked"#)),
            "{id} is chosen"
        );
    }
    // A draft's own address is kept as it is; without a basket the menu opens the empty
    // assistant.
    let shared = send(
        &app,
        request(&format!("/utkast?ids={}", draft.city_networks)),
    )
    .await;
    assert_eq!(shared.status, 200);
    assert!(
        !shared
            .body
            .contains(&format!(r#"value="{}" checked"#, draft.law))
    );
    let empty = get(&app, "/utkast").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Inga fynd valda ännu"));
}

#[tokio::test]
#[ignore = "needs LibreOffice (libreoffice-writer-nogui) and pdftotext (poppler-utils); .ci/run runs it"]
async fn office_prints_the_drafts_footnotes_in_the_pages_order() {
    let app = support::seed().app();
    let draft = draft();
    let (status, _, word) = download(&app, &format!("/utkast.docx?{}", draft.query)).await;
    assert_eq!(status, 200);
    let (_dir, pdf) = to_pdf(&word);
    let text = run(Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let printed = footnotes(&pages);
    let numbers: Vec<u32> = printed.iter().map(|note| note.number).collect();
    assert_eq!(numbers, [1, 2, 3], "three footnotes, in order:\n{text}");
    // Each printed footnote links the finding the page numbers so.
    let by_number: BTreeMap<usize, String> = draft
        .expected()
        .into_iter()
        .map(|(id, number)| (number, id))
        .collect();
    for note in &printed {
        let id = &by_number[&(note.number as usize)];
        assert!(
            note.text.contains(&squeezed(&format!("findings/{id}"))),
            "footnote {} is {id}:\n{text}",
            note.number
        );
    }
    // The two marks after one sentence print apart, not as "23".
    let sentence = squeezed("utbyggnadslagen behöver stöd hos kommunerna.");
    let whole = squeezed(&text);
    let after = whole
        .split(&sentence)
        .nth(1)
        .unwrap_or_else(|| panic!("the sentence is printed:\n{text}"));
    assert!(
        after.starts_with("2,3"),
        "{}",
        &after[..after.len().min(40)]
    );
}
