//! An area description downloaded as the working group sends it out:
//! `/omraden/{slug}/beskrivning.docx` and `.md`. Hinder's own Word reader reads the file
//! back; the ignored test opens it as a person would, in LibreOffice, and reads the PDF it
//! prints.
//!
//! The office test needs Debian's `libreoffice-writer-nogui` and `poppler-utils`, so it is
//! ignored by a plain `cargo test`; `.ci/run` installs both and runs it with
//! `cargo test --test e2e office -- --ignored` (this one and `report_export::office_*`).

use std::collections::BTreeMap;
use std::process::Command;

use axum::Router;
use axum::body::Body;
use http_body_util::BodyExt;
use indexer::Date;
use indexer::description::Part;
use indexer::edit::{Author, Editor};
use tower::ServiceExt;

use crate::drafting::first_id;
use crate::support::{TestCorpus, WritableCorpus, get_as, member, request_as, scratch};

const AREA: &str = "landsbygd";
/// A finding the description cites that no index has.
const GONE: &str = "2016-12-02-borttaget-fynd-0000";

/// The seed's findings the description cites.
pub(crate) struct Cited {
    pub(crate) law: String,
    pub(crate) coordinators: String,
}

/// A copy of the seed whose Landsbygd has a description in two versions, the second sent
/// out for feedback due in two weeks, and the application over it.
fn described() -> (WritableCorpus, Cited, Date) {
    let corpus = TestCorpus::seed();
    let (cited, deadline) = describe(&corpus);
    let corpus = WritableCorpus::new(corpus, server::Settings::default());
    (corpus, cited, deadline)
}

/// Gives `corpus`'s Landsbygd the description [`described`] has; its cited findings and
/// the round's deadline.
pub(crate) fn describe(corpus: &TestCorpus) -> (Cited, Date) {
    let cited = Cited {
        law: first_id("\"stöd i hur den implementeras\""),
        coordinators: first_id("\"Bredbandssamordnarna behöver\""),
    };
    let editor = Editor::open(corpus.path()).expect("an editor");
    let anna = Author::new("Anna Ek").expect("an author");
    let parts = |entries: &[(Part, String)]| entries.iter().cloned().collect::<BTreeMap<_, _>>();
    editor
        .save_description(
            AREA,
            0,
            parts(&[(Part::Beskrivning, "Den första versionen.".to_owned())]),
            &anna,
        )
        .expect("version 1");
    let (law, coordinators) = (&cited.law, &cited.coordinators);
    editor
        .save_description(
            AREA,
            1,
            parts(&[
                (
                    Part::Beskrivning,
                    format!(
                        "Många kommuner känner inte till **utbyggnadslagen**[^1] och saknar \
                         *stöd* i hur den ska tillämpas.\n\n[^1]: /findings/{law}\n"
                    ),
                ),
                (
                    Part::Fakta,
                    format!(
                        "Bredbandssamordnarna behöver mer tid för samordning[^a].\n\n\
                         - Lagen gäller sedan 1 juli 2016\n  - även för kommunala nät\n\n\
                         [^a]: /findings/{coordinators}\n"
                    ),
                ),
                (
                    Part::Utmaningar,
                    format!(
                        "Grävning i åkermark är dyr, särskilt i glesbygd[^g].\n\n\
                         [^g]: /findings/{GONE}\n"
                    ),
                ),
                (
                    Part::Forslag,
                    format!(
                        "- Ta fram vägledning för kommunerna[^1]\n\
                         - Öka stödet till samordnarna[^2]\n\n\
                         [^1]: /findings/{law}\n[^2]: /findings/{coordinators}\n"
                    ),
                ),
                (
                    Part::Sammanfattning,
                    "Hindren är kända; nu behövs åtgärder.".to_owned(),
                ),
            ]),
            &anna,
        )
        .expect("version 2");
    let deadline = Date::from_days(Date::today().to_days() + 14).expect("a date");
    editor
        .send_out(AREA, deadline, "Synpunkter senast om två veckor.", &anna)
        .expect("sent out");
    (cited, deadline)
}

/// A download's status, headers and bytes, as a member sees it.
pub(crate) async fn download(app: &Router, uri: &str) -> (u16, axum::http::HeaderMap, Vec<u8>) {
    let request: axum::http::Request<Body> = request_as("GET", uri, Some(&member().token), None);
    let response = app.clone().oneshot(request).await.expect("an answer");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes()
        .to_vec();
    (status, headers, bytes)
}

/// The headings a reader of the current version sees, in order (Motivering has no text).
const HEADINGS: [&str; 7] = [
    "Områdesbeskrivning: Landsbygd",
    "Beskrivning",
    "Fakta om området",
    "Utmaningar",
    "Förslag på vägar framåt",
    "Sammanfattning",
    "Underlag",
];

#[tokio::test]
async fn the_word_file_reads_back_with_its_parts_footnotes_and_sources() {
    let (corpus, cited, deadline) = described();
    let (status, headers, bytes) =
        download(&corpus.app(), &format!("/omraden/{AREA}/beskrivning.docx")).await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"omradesbeskrivning-landsbygd-v2.docx\""
    );
    let read = indexer::ingest::docx::extract(&bytes).expect("Hinder reads its own file");
    let headings: Vec<&str> = read
        .sections
        .iter()
        .filter_map(|section| section.heading.as_deref())
        .collect();
    assert_eq!(headings, HEADINGS);
    let all: String = read
        .sections
        .iter()
        .flat_map(|section| section.paragraphs.iter().map(|p| p.text.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    for text in [
        "Många kommuner känner inte till utbyggnadslagen",
        "även för kommunala nät",
        "Grävning i åkermark är dyr",
        "Hindren är kända; nu behövs åtgärder.",
        &format!("Återkoppling senast {}", deadline.to_swedish()),
        "Status: Ute för återkoppling · Version 2",
        &format!("Fyndet {GONE} finns inte längre."),
        &format!("http://localhost/findings/{}", cited.law),
        &format!("http://localhost/findings/{}", cited.coordinators),
        "Möte 3 – Arbetsmöte inom Nystartsgruppen",
    ] {
        assert!(all.contains(text), "{text:?} is missing from:\n{all}");
    }
    assert!(
        !all.contains(&format!("/findings/{GONE}")),
        "a gone finding has no link"
    );

    // An earlier version, by number.
    let (status, headers, bytes) = download(
        &corpus.app(),
        &format!("/omraden/{AREA}/beskrivning.docx?version=1"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"omradesbeskrivning-landsbygd-v1.docx\""
    );
    let read = indexer::ingest::docx::extract(&bytes).expect("version 1 reads");
    let text = format!("{:?}", read.sections);
    assert!(text.contains("Den första versionen."), "{text}");
    assert!(text.contains("den senaste är version 2"), "{text}");
}

#[tokio::test]
async fn the_markdown_file_says_the_same_with_numbered_footnotes() {
    let (corpus, cited, deadline) = described();
    let reply = get_as(
        &corpus,
        &format!("/omraden/{AREA}/beskrivning.md"),
        Some(&member().token),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "text/markdown; charset=utf-8");
    assert_eq!(
        reply.headers["content-disposition"],
        "attachment; filename=\"omradesbeskrivning-landsbygd-v2.md\""
    );
    let text = &reply.body;
    assert!(
        text.starts_with("# Områdesbeskrivning: Landsbygd\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Återkoppling senast {}", deadline.to_swedish())),
        "{text}"
    );
    assert!(text.contains("Många kommuner känner inte till **utbyggnadslagen**[^1]"));
    assert!(text.contains("Grävning i åkermark är dyr, särskilt i glesbygd[^3]."));
    assert!(text.contains("- Öka stödet till samordnarna[^5]"), "{text}");
    assert!(text.contains(&format!("[^3]: Fyndet {GONE} finns inte längre.")));
    let law = format!("<http://localhost/findings/{}>", cited.law);
    let footnote_1 = text
        .lines()
        .find(|line| line.starts_with("[^1]: "))
        .expect("footnote 1");
    assert!(footnote_1.ends_with(&law), "{footnote_1}");
    // Each finding is quoted once under "Underlag".
    let underlag = &text[text.find("\n## Underlag\n").expect("Underlag")..];
    assert_eq!(underlag.matches("\n> — ").count(), 2, "{underlag}");
    let headings: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .collect();
    assert_eq!(headings, HEADINGS[1..]);
}

#[tokio::test]
async fn what_has_no_description_or_version_is_not_found_and_the_public_sees_only_published() {
    let (corpus, _, _) = described();
    for uri in [
        "/omraden/okand/beskrivning.docx",
        "/omraden/fiber/beskrivning.docx",
        "/omraden/fiber/beskrivning.md",
        "/omraden/landsbygd/beskrivning.docx?version=3",
        "/omraden/landsbygd/beskrivning.md?version=0",
        "/omraden/landsbygd/beskrivning.md?version=tv%C3%A5",
    ] {
        let reply = get_as(&corpus, uri, Some(&member().token)).await;
        assert_eq!(reply.status, 404, "{uri}");
        assert!(reply.body.contains("Hittades inte"), "{uri}: an error page");
    }
    // The description's document is working material: not the public's.
    for uri in [
        "/omraden/landsbygd/beskrivning.docx",
        "/omraden/landsbygd/beskrivning.md",
    ] {
        assert_eq!(get_as(&corpus, uri, None).await.status, 404, "{uri}");
    }
}

/// Runs a program to the end; its standard output, or a panic that says what it printed.
pub(crate) fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("running {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The text without white space: a line LibreOffice wraps is still the same text.
pub(crate) fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
#[ignore = "needs LibreOffice (libreoffice-writer-nogui) and pdftotext (poppler-utils); .ci/run runs it"]
async fn office_opens_the_word_file_as_the_group_reads_it() {
    let (corpus, cited, deadline) = described();
    let (status, _, bytes) =
        download(&corpus.app(), &format!("/omraden/{AREA}/beskrivning.docx")).await;
    assert_eq!(status, 200);
    let (_dir, pdf) = to_pdf(&bytes);
    let text = run(Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let whole = squeezed(&text);

    // The headings, in order.
    let mut from = 0;
    for heading in HEADINGS {
        let at = whole[from..]
            .find(&squeezed(heading))
            .unwrap_or_else(|| panic!("{heading:?} missing or out of order in:\n{text}"));
        from += at + squeezed(heading).len();
    }
    // They are headings to LibreOffice, the title above the parts: the PDF's bookmarks
    // (what the navigation pane shows) nest them so.
    let (outline, items) = bookmarks(&pdf);
    assert_eq!(items, HEADINGS, "{outline}");
    assert!(
        outline.contains(&format!("{}</item>\n<outline>", HEADINGS[0])),
        "the parts are under the title: {outline}"
    );

    // Swedish letters survive the round trip.
    for word in ["Områdesbeskrivning", "åkermark", "Förslag", "kända", "även"] {
        assert!(text.contains(word), "{word:?} in:\n{text}");
    }
    assert!(whole.contains(&squeezed(&format!(
        "Återkoppling senast {}",
        deadline.to_swedish()
    ))));

    // The footnotes: numbered 1 to 5 in the order of their references, each once, each
    // with its text, below the text that cites it on the same page.
    let law = format!("http://localhost/findings/{}", cited.law);
    let coordinators = format!("http://localhost/findings/{}", cited.coordinators);
    let gone = format!("Fyndet {GONE} finns inte längre.");
    let notes: [(&str, &str); 5] = [
        ("utbyggnadslagen", &law),
        ("samordning", &coordinators),
        ("glesbygd", &gone),
        ("Ta fram vägledning för kommunerna", &law),
        ("Öka stödet till samordnarna", &coordinators),
    ];
    let footnotes = footnotes(&pages);
    let numbers: Vec<u32> = footnotes.iter().map(|note| note.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3, 4, 5],
        "each footnote once, in order:\n{text}"
    );
    for (footnote, (cites, note)) in footnotes.iter().zip(notes) {
        let number = footnote.number;
        assert!(
            footnote.text.contains(&squeezed(note)),
            "footnote {number} says {note:?}:\n{text}"
        );
        if note.starts_with("http") {
            assert!(
                footnote
                    .text
                    .contains(&squeezed("Möte 3 – Arbetsmöte inom Nystartsgruppen")),
                "footnote {number} names the document:\n{text}"
            );
        }
        let citing = pages[footnote.page]
            .lines()
            .position(|line| squeezed(line).contains(&squeezed(cites)))
            .unwrap_or_else(|| panic!("{cites:?} on the page of footnote {number}:\n{text}"));
        assert!(
            citing < footnote.line,
            "footnote {number} comes after the text that cites it:\n{text}"
        );
    }
}

/// The Word file printed to PDF by LibreOffice: the scratch folder (the PDF lives as long
/// as it does) and the PDF's path.
pub(crate) fn to_pdf(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = scratch();
    let docx = dir.path().join("file.docx");
    std::fs::write(&docx, bytes).expect("saving the file");
    // A profile of its own: no other LibreOffice's lock or settings interfere.
    let profile = format!("file://{}", dir.path().join("profile").display());
    run(
        Command::new(std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".into()))
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&docx),
    );
    let pdf = dir.path().join("file.pdf");
    (dir, pdf)
}

/// A PDF's bookmarks (what the navigation pane shows): the outline as `pdftohtml -xml`
/// writes it, and its items' texts in order.
pub(crate) fn bookmarks(pdf: &std::path::Path) -> (String, Vec<String>) {
    let xml = run(Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-i"])
        .arg(pdf));
    let outline = xml[xml.find("<outline>").expect("bookmarks")..].to_owned();
    let items = outline
        .split("<item")
        .skip(1)
        .filter_map(|item| item.split_once('>')?.1.split_once("</item>"))
        .map(|(text, _)| text.to_owned())
        .collect();
    (outline, items)
}

/// A footnote as `pdftotext -layout` prints it: its number (a line of its own, or
/// starting the line), then its text to the next footnote or the page's end.
pub(crate) struct PrintedFootnote {
    pub(crate) number: u32,
    page: usize,
    line: usize,
    /// Squeezed (see [`squeezed`]).
    pub(crate) text: String,
}

/// The footnotes of printed pages, in order: on a page, the lines after the first line
/// that starts with a footnote's number (1 to 99, not followed by a full stop, so not a
/// wrapped "2016.").
pub(crate) fn footnotes(pages: &[&str]) -> Vec<PrintedFootnote> {
    let mut found: Vec<PrintedFootnote> = Vec::new();
    for (page, text) in pages.iter().enumerate() {
        let mut open = false;
        for (line, content) in text.lines().enumerate() {
            let first = content.split_whitespace().next().unwrap_or_default();
            let number = first
                .parse::<u32>()
                .ok()
                .filter(|number| (1..100).contains(number));
            match number {
                Some(number) => {
                    open = true;
                    found.push(PrintedFootnote {
                        number,
                        page,
                        line,
                        text: squeezed(&content.trim_start()[first.len()..]),
                    });
                }
                None if open => {
                    if let Some(note) = found.last_mut() {
                        note.text.push_str(&squeezed(content));
                    }
                }
                None => {}
            }
        }
    }
    found
}
