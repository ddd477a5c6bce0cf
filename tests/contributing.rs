//! Changing the corpus over the API: adding files and feedback, previews, metadata changes,
//! withdrawal and restoring, history, who may do what, and every refusal with its status.
//! The application runs over a corpus folder it writes, as a server does.

use std::path::Path;

use axum::http::StatusCode;

use crate::support::{
    Reply, TestCorpus, WritableCorpus, fixture, get_as, json, member, multipart, request_as, send,
    upload,
};

fn office(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("office/{name}"))).expect("an office fixture")
}

fn writable() -> WritableCorpus {
    WritableCorpus::new(TestCorpus::seed(), server::Settings::default())
}

async fn total(corpus: &WritableCorpus, query: &str, token: Option<&str>) -> u64 {
    get_as(corpus, &format!("/api/v1/search?q={query}"), token)
        .await
        .json()["total"]
        .as_u64()
        .expect("a total")
}

/// Every file below `documents/` and `withdrawn/`: what a refused change must leave alone.
fn files(corpus: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for folder in ["documents", "withdrawn"] {
        let mut stack = vec![corpus.join(folder)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.path().is_dir() {
                    stack.push(entry.path());
                } else {
                    found.push(entry.path().display().to_string());
                }
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn a_member_adds_a_deck_and_finds_it_in_the_answer_s_wake() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let reply = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[
            ("title", "Möte 4 i Flen"),
            ("areas", "samverkan"),
            ("date", "2017-01-18"),
        ],
        Some(("Möte 4 (slutlig).pptx", &office("seed.pptx"))),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let id = "2017-01-18-mote-4-i-flen-pptx";
    assert_eq!(reply.headers["location"], format!("/api/v1/documents/{id}"));
    let document = reply.json();
    assert_eq!(document["document"]["title"], "Möte 4 i Flen");
    assert_eq!(document["document"]["status"], "arbetsmaterial");
    assert_eq!(document["document"]["added_by"], "medlem");
    assert!(document["document"]["added_at"].as_str().is_some());
    assert_eq!(
        document["document"]["path"],
        "documents/inkommet/2017-01-18-mote-4-i-flen.pptx"
    );
    // Read your own writes: the answer came after the index took the document in.
    let members = get_as(
        &corpus,
        "/api/v1/search?q=hängrännan&area=samverkan",
        Some(writer),
    )
    .await
    .json();
    assert!(
        members["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .any(|hit| hit["document"]["id"] == id),
        "{members}"
    );
    // Working material: the public does not see it.
    let public = get_as(&corpus, &format!("/api/v1/documents/{id}"), None).await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
    // The file is kept as it was given.
    let stored = corpus
        .corpus
        .path()
        .join("documents/inkommet/2017-01-18-mote-4-i-flen.pptx");
    assert_eq!(std::fs::read(stored).expect("stored"), office("seed.pptx"));
}

#[tokio::test]
async fn a_dry_run_shows_the_findings_and_writes_nothing() {
    let corpus = writable();
    let before = files(corpus.corpus.path());
    let reply = upload(
        &corpus,
        Some(&member().write_token),
        "/api/v1/documents?dry_run=true",
        &[("areas", "landsbygd,samverkan")],
        Some(("rapport.pdf", &office("seed.pdf"))),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let preview = reply.json();
    assert_eq!(preview["document"]["section_kind"], "page");
    let first = &preview["sections"][0];
    assert_eq!(first["number"], 1);
    assert_eq!(
        first["findings"][0]["areas"],
        serde_json::json!(["landsbygd", "samverkan"])
    );
    assert!(preview["warnings"].as_array().is_some());
    assert_eq!(files(corpus.corpus.path()), before);
}

#[tokio::test]
async fn written_feedback_becomes_a_document_of_its_findings() {
    let corpus = writable();
    let reply = json(
        &corpus,
        "POST",
        "/api/v1/documents",
        Some(&member().write_token),
        &serde_json::json!({
            "text": "Vi har läst texten om landsbygden.\n\n- Kvantfibersamordnaren behöver mer tid.\n- Fler kommuner borde delta i nätverket.\n",
            "areas": ["landsbygd"],
        }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let document = reply.json();
    assert_eq!(document["document"]["kind"], "aterkoppling");
    assert_eq!(document["document"]["findings"], 3);
    let today = indexer::Date::today().to_string();
    assert_eq!(document["document"]["date"], today);
    assert_eq!(
        total(&corpus, "kvantfibersamordnare", Some(&member().token)).await,
        1
    );
    let text = std::fs::read_to_string(
        corpus
            .corpus
            .path()
            .join(document["document"]["path"].as_str().expect("a path")),
    )
    .expect("a Markdown file");
    assert!(
        text.ends_with("- Fler kommuner borde delta i nätverket.\n"),
        "{text}"
    );
}

/// A request that must be refused: its token, URI, form fields and file, and the status and
/// code of the answer.
struct Refusal<'a>(
    Option<&'a str>,
    &'a str,
    Vec<(&'a str, &'a str)>,
    Option<(&'a str, Vec<u8>)>,
    u16,
    &'a str,
);

#[tokio::test]
async fn every_refusal_has_its_status_and_writes_nothing() {
    let settings = server::Settings {
        max_upload_bytes: 64 * 1024,
        ..server::Settings::default()
    };
    let corpus = WritableCorpus::new(TestCorpus::seed(), settings);
    let writer = member().write_token.as_str();
    let first = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[],
        Some(("a.md", "## A\n\n- Text om fiber.\n".as_bytes())),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let before = files(corpus.corpus.path());
    let docx = office("seed.docx");
    let cases: Vec<Refusal<'_>> = vec![
        Refusal(
            None,
            "/api/v1/documents",
            vec![],
            Some(("b.md", b"## B\n\n- x\n".to_vec())),
            401,
            "unauthorized",
        ),
        Refusal(
            Some(member().token.as_str()),
            "/api/v1/documents",
            vec![],
            Some(("b.md", b"## B\n\n- x\n".to_vec())),
            403,
            "forbidden",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("status", "publicerad")],
            Some(("b.md", b"## B\n\n- x\n".to_vec())),
            403,
            "forbidden",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![],
            Some(("kopia.md", b"## A\n\n- Text om fiber.\n".to_vec())),
            409,
            "duplicate",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![],
            Some(("stor.docx", vec![b'x'; 70 * 1024])),
            413,
            "body_too_large",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![],
            Some(("bild.pptx", b"\x89PNG\r\n\x1a\n".to_vec())),
            415,
            "unsupported_media_type",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![],
            Some(("gammal.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec())),
            415,
            "unsupported_media_type",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("areas", "rymden")],
            Some(("b.docx", docx.clone())),
            422,
            "unknown_area",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![],
            Some(("tom.docx", office("empty.docx"))),
            422,
            "unreadable",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("date", "18/1")],
            Some(("b.docx", docx.clone())),
            422,
            "invalid_metadata",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("region", "Sörmland")],
            Some(("b.docx", docx.clone())),
            422,
            "invalid_metadata",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("lan", "04")],
            Some(("b.docx", docx.clone())),
            400,
            "invalid_body",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents",
            vec![("title", "Utan fil")],
            None,
            400,
            "invalid_body",
        ),
        Refusal(
            Some(writer),
            "/api/v1/documents?dryrun=1",
            vec![],
            Some(("b.docx", docx.clone())),
            400,
            "unknown_parameter",
        ),
    ];
    for Refusal(token, uri, fields, file, status, code) in cases {
        let file = file.as_ref().map(|(name, bytes)| (*name, bytes.as_slice()));
        let reply = upload(&corpus, token, uri, &fields, file).await;
        let what = format!("{uri} {fields:?} {:?}", file.map(|(name, _)| name));
        assert_eq!(reply.status.as_u16(), status, "{what}: {}", reply.body);
        assert_eq!(
            reply.json()["error"]["code"],
            code,
            "{what}: {}",
            reply.body
        );
    }
    let unknown = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[("areas", "rymden")],
        Some(("b.docx", &docx)),
    )
    .await;
    assert!(
        unknown.json()["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("landsbygd")),
        "an unknown area names the known ones: {}",
        unknown.body
    );
    let duplicate = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[],
        Some(("kopia.md", "## A\n\n- Text om fiber.\n".as_bytes())),
    )
    .await;
    assert!(
        duplicate.body.contains("documents/inkommet/a.md"),
        "{}",
        duplicate.body
    );
    // Plain text is not a kind of body the endpoint takes.
    let plain = send(
        &corpus.app(),
        request_as(
            "POST",
            "/api/v1/documents",
            Some(writer),
            Some(("text/plain", b"x".to_vec())),
        ),
    )
    .await;
    assert_eq!(plain.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(files(corpus.corpus.path()), before, "nothing was written");
}

#[tokio::test]
async fn members_change_what_they_added_and_editors_publish() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let editor = member().editor_token.as_str();
    let added = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[],
        Some(("rapport.docx", &office("seed.docx"))),
    )
    .await
    .json();
    let id = added["document"]["id"].as_str().expect("an id").to_owned();
    let uri = format!("/api/v1/documents/{id}");

    let renamed = json(
        &corpus,
        "PATCH",
        &uri,
        Some(writer),
        &serde_json::json!({"title": "Rapport om kommunerna", "areas": ["engagemang"]}),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(renamed.json()["document"]["title"], "Rapport om kommunerna");
    let areas = |reply: &Reply| -> Vec<serde_json::Value> {
        reply.json()["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .flat_map(|section| section["findings"].as_array().expect("findings").clone())
            .map(|finding| finding["areas"].clone())
            .collect()
    };
    assert!(
        areas(&renamed)
            .iter()
            .all(|areas| *areas == serde_json::json!(["engagemang"]))
    );
    let publish = serde_json::json!({"status": "publicerad"});
    let refused = json(&corpus, "PATCH", &uri, Some(writer), &publish).await;
    assert_eq!(
        (refused.status, refused.json()["error"]["code"].clone()),
        (StatusCode::FORBIDDEN, "forbidden".into())
    );
    let seed = "/api/v1/documents/2016-12-02-nystartsgruppen-mote-3";
    let not_theirs = json(
        &corpus,
        "PATCH",
        seed,
        Some(writer),
        &serde_json::json!({"title": "x"}),
    )
    .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    let unknown = json(
        &corpus,
        "PATCH",
        &uri,
        Some(writer),
        &serde_json::json!({"colour": "red"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let missing = json(
        &corpus,
        "PATCH",
        "/api/v1/documents/finns-inte",
        Some(editor),
        &publish,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    assert_eq!(
        get_as(&corpus, &uri, None).await.status,
        StatusCode::NOT_FOUND
    );
    let published = json(&corpus, "PATCH", &uri, Some(editor), &publish).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let public = get_as(&corpus, &uri, None).await;
    assert_eq!(
        public.status,
        StatusCode::OK,
        "published: the public reads it"
    );
    assert_eq!(public.json()["document"]["title"], "Rapport om kommunerna");

    let history = get_as(&corpus, &format!("{uri}/history"), Some(&member().token))
        .await
        .json();
    let changes = history["changes"].as_array().expect("changes");
    let actions: Vec<(&str, &str)> = changes
        .iter()
        .map(|change| {
            (
                change["action"].as_str().unwrap_or(""),
                change["by"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("added", "medlem"),
            ("changed", "medlem"),
            ("changed", "kansliet")
        ]
    );
    assert_eq!(changes[0]["file"], "rapport.docx");
    assert_eq!(changes[0]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(
        changes[2]["fields"]["status"],
        serde_json::json!({"from": "arbetsmaterial", "to": "publicerad"})
    );
    assert_eq!(changes[1]["fields"]["title"]["to"], "Rapport om kommunerna");
    let anonymous = get_as(&corpus, &format!("{uri}/history"), None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    // An empty list clears the areas; leaving the key out keeps them.
    let cleared = json(
        &corpus,
        "PATCH",
        &uri,
        Some(writer),
        &serde_json::json!({"areas": []}),
    )
    .await;
    assert!(
        areas(&cleared)
            .iter()
            .all(|areas| *areas == serde_json::json!([])),
        "{}",
        cleared.body
    );
}

#[tokio::test]
async fn a_withdrawn_document_leaves_every_search_and_an_editor_restores_it() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let added = json(
        &corpus,
        "POST",
        "/api/v1/documents",
        Some(writer),
        &serde_json::json!({"text": "## Zorbalund\n\n- Kvartersnätet i Zorbalund behöver fiber."}),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let id = added.json()["document"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let uri = format!("/api/v1/documents/{id}");
    let found = get_as(&corpus, "/api/v1/search?q=zorbalund", Some(writer))
        .await
        .json();
    assert_eq!(found["total"], 1);

    let withdrawn = send(
        &corpus.app(),
        request_as("DELETE", &uri, Some(writer), None),
    )
    .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.body
    );
    assert_eq!(total(&corpus, "zorbalund", Some(writer)).await, 0);
    assert_eq!(
        get_as(&corpus, &uri, Some(writer)).await.status,
        StatusCode::NOT_FOUND
    );
    let kept = corpus.corpus.path().join("withdrawn/inkommet");
    assert!(kept.is_dir(), "kept, out of the corpus reader's sight");

    let restore = format!("{uri}/restore");
    let by_member = send(
        &corpus.app(),
        request_as("POST", &restore, Some(writer), None),
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let by_editor = send(
        &corpus.app(),
        request_as("POST", &restore, Some(&member().editor_token), None),
    )
    .await;
    assert_eq!(by_editor.status, StatusCode::OK, "{}", by_editor.body);
    let again = get_as(&corpus, "/api/v1/search?q=zorbalund", Some(writer))
        .await
        .json();
    assert_eq!(
        again["hits"][0]["id"], found["hits"][0]["id"],
        "the same finding, the same link"
    );
    let history = get_as(&corpus, &format!("{uri}/history"), Some(writer))
        .await
        .json();
    let actions: Vec<&str> = history["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|change| change["action"].as_str())
        .collect();
    assert_eq!(actions, ["added", "withdrawn", "restored"]);
}

#[tokio::test]
async fn too_many_changes_a_minute_are_refused() {
    let settings = server::Settings {
        writes_per_minute: std::num::NonZeroU32::new(2).expect("2"),
        ..server::Settings::default()
    };
    let corpus = WritableCorpus::new(TestCorpus::seed(), settings);
    let mut statuses = Vec::new();
    for n in 0..3 {
        let reply = json(
            &corpus,
            "POST",
            "/api/v1/documents",
            Some(&member().write_token),
            &serde_json::json!({"text": format!("- Synpunkt nummer {n} om fiber.")}),
        )
        .await;
        statuses.push(reply.status.as_u16());
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(reply.json()["error"]["code"], "too_many_writes");
            assert!(reply.headers.contains_key("retry-after"));
        }
    }
    assert_eq!(statuses, [201, 201, 429]);
}

#[tokio::test]
async fn a_server_without_its_corpus_changes_nothing() {
    let app = crate::support::seed().app_with(server::Settings::default());
    let (content_type, body) = multipart(&[], Some(("a.md", b"## A\n\n- x\n")));
    let reply = send(
        &app,
        request_as(
            "POST",
            "/api/v1/documents",
            Some(&member().write_token),
            Some((&content_type, body)),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["error"]["code"], "writes_disabled");
}

/// The value of a hidden field of a page's form.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the field") + marker.len();
    html[start..].split('"').next().expect("a value").to_owned()
}

#[tokio::test]
async fn a_member_previews_files_in_the_browser_and_saves_them() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let anonymous = send(&corpus.app(), request_as("GET", "/lagg-till", None, None)).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers["location"], "/logga-in?next=/lagg-till");
    let form = get_as(&corpus, "/lagg-till", Some(writer)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("enctype=\"multipart/form-data\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("Samverkan"), "the areas to choose from");
    assert!(
        !form.body.contains("name=\"status\""),
        "members do not publish"
    );

    // Two files: a deck, and a password-protected PDF that cannot be added.
    let (content_type, mut body) = multipart(
        &[("areas", "samverkan")],
        Some(("Möte 4.pptx", &office("seed.pptx"))),
    );
    let (_, second) = multipart(&[], Some(("budget.pdf", &office("encrypted.pdf"))));
    // Splice the second file's part in before the closing boundary of the first body.
    let closing = body.len() - "--hinder-test-boundary-7f3a--\r\n".len();
    body.truncate(closing);
    body.extend_from_slice(&second);
    let before = files(corpus.corpus.path());
    let preview = send(
        &corpus.app(),
        request_as(
            "POST",
            "/lagg-till",
            Some(writer),
            Some((&content_type, body)),
        ),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let html = crate::support::unescape(&preview.body);
    assert!(html.contains("Bild 2: Agenda"), "slide by slide");
    assert!(
        html.contains("Välkomna samt mål för dagens möte"),
        "the findings"
    );
    assert!(
        html.contains("budget.pdf: filen är lösenordsskyddad. Spara en kopia utan lösenord"),
        "why a file cannot be added, in Swedish"
    );
    assert!(html.contains("Spara filen"), "one file can be saved");
    assert_eq!(
        files(corpus.corpus.path()),
        before,
        "nothing saved before Spara"
    );

    let key = hidden(&preview.body, "nyckel");
    let saved = send(
        &corpus.app(),
        request_as(
            "POST",
            "/lagg-till/spara",
            Some(writer),
            Some((
                "application/x-www-form-urlencoded",
                format!("nyckel={key}").into_bytes(),
            )),
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(
        saved.body.contains("är sparat och går att söka fram"),
        "{}",
        saved.body
    );
    assert_eq!(
        total(&corpus, "hängrännan", Some(writer)).await,
        2,
        "the seed's finding and the deck's"
    );
    // The key is spent.
    let again = send(
        &corpus.app(),
        request_as(
            "POST",
            "/lagg-till/spara",
            Some(writer),
            Some((
                "application/x-www-form-urlencoded",
                format!("nyckel={key}").into_bytes(),
            )),
        ),
    )
    .await;
    assert!(crate::support::unescape(&again.body).contains("Förhandsgranskningen har gått ut"));
}

#[tokio::test]
async fn a_form_sent_from_another_site_is_refused() {
    let corpus = writable();
    let (content_type, body) = multipart(&[], Some(("a.md", b"## A\n\n- x\n")));
    let mut request = request_as(
        "POST",
        "/lagg-till",
        Some(&member().write_token),
        Some((&content_type, body)),
    );
    request
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().expect("a header"));
    let reply = send(&corpus.app(), request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

/// The seed deck with a picture of `size` random bytes stored in it: a deck as large as
/// real ones with photos.
fn large_deck(size: usize) -> Vec<u8> {
    use std::io::{Read, Write};
    let source = office("seed.pptx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(source)).expect("a deck");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("an entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        let name = entry.name().expect("a name").into_owned();
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("ppt/media/foto.jpeg", stored)
        .expect("start");
    // Stored uncompressed, as JPEG photos are: the file is as large as the picture.
    let picture: Vec<u8> = (0..size).map(|n| (n * 7919 % 251) as u8).collect();
    out.write_all(&picture).expect("write");
    out.finish().expect("a deck").into_inner()
}

#[tokio::test]
async fn decks_of_many_megabytes_are_taken_by_the_api_and_the_form() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let deck = large_deck(6 * 1024 * 1024);
    assert!(deck.len() > 6 * 1024 * 1024);
    let reply = upload(
        &corpus,
        Some(writer),
        "/api/v1/documents",
        &[],
        Some(("stor.pptx", &deck)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let (content_type, body) = multipart(
        &[("title", "Samma bilder igen")],
        Some(("stor2.pptx", &large_deck(5 * 1024 * 1024))),
    );
    let preview = send(
        &corpus.app(),
        request_as(
            "POST",
            "/lagg-till",
            Some(writer),
            Some((&content_type, body)),
        ),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Spara filen"), "{}", preview.body);
}
