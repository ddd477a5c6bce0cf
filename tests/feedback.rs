//! Written feedback in the browser and over the API: what it answers (a finding, a
//! document or an area), the lists of feedback beside them, its region, and changing or
//! withdrawing it from the browser. The application runs over a corpus folder it writes.

use axum::http::StatusCode;

use crate::support::{
    Reply, TestCorpus, WritableCorpus, get_as, json, member, request_as, send, unescape, upload,
};

fn writable() -> WritableCorpus {
    WritableCorpus::new(TestCorpus::seed(), server::Settings::default())
}

async fn post_form(
    corpus: &WritableCorpus,
    uri: &str,
    token: Option<&str>,
    fields: &[(&str, &str)],
) -> Reply {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(name, value);
    }
    let body = Some((
        "application/x-www-form-urlencoded",
        body.finish().into_bytes(),
    ));
    send(&corpus.app(), request_as("POST", uri, token, body)).await
}

/// The first finding a search for `query` finds.
async fn first_finding(corpus: &WritableCorpus, query: &str) -> serde_json::Value {
    let reply = get_as(corpus, &format!("/api/v1/search?q={query}"), None).await;
    reply.json()["hits"][0].clone()
}

/// The document a form's redirect leads to.
fn document_of(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers["location"].to_str().expect("a location");
    location
        .strip_prefix("/documents/")
        .expect("the new document's page")
        .to_owned()
}

#[tokio::test]
async fn feedback_on_a_finding_is_written_in_the_browser_and_listed_beside_it() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let finding = first_finding(&corpus, "utbyggnadslagen").await;
    let finding_id = finding["id"].as_str().expect("an id").to_owned();
    let seed_document = finding["document"]["id"].as_str().expect("a document");
    let answered = format!("/findings/{finding_id}");

    // The public is sent to sign in, and comes back to the same form.
    let anonymous = get_as(
        &corpus,
        &format!("/aterkoppling?responds_to={answered}"),
        None,
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let location = anonymous.headers["location"].to_str().expect("a location");
    assert!(location.starts_with("/logga-in?next="), "{location}");
    assert!(location.contains("responds_to"), "{location}");

    // A finding's page offers the form, prefilled.
    let page = unescape(&get_as(&corpus, &answered, Some(writer)).await.body);
    assert!(page.contains("Lämna återkoppling"), "{page}");
    assert!(
        page.contains("Ingen återkoppling på det här ännu."),
        "{page}"
    );
    let form = get_as(
        &corpus,
        &format!("/aterkoppling?responds_to={answered}"),
        Some(writer),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    let html = unescape(&form.body);
    assert!(html.contains("Svar på:"), "{html}");
    assert!(
        html.contains(&format!("name=\"responds_to\" value=\"{answered}\"")),
        "{html}"
    );
    for area in finding["areas"].as_array().expect("areas") {
        let area = area.as_str().expect("a slug");
        assert!(
            html.contains(&format!("value=\"{area}\" checked")),
            "the finding's area {area} is ticked: {html}"
        );
    }
    assert!(html.contains("<option value=\"0480\">Nyköping</option>"));

    let saved = post_form(
        &corpus,
        "/aterkoppling",
        Some(writer),
        &[
            ("responds_to", &answered),
            (
                "text",
                // A browser sends a text area's line breaks as CR LF.
                "Kommunerna i länet behöver stöd i hur utbyggnadslagen tillämpas.\r\n\r\n\
                 - Handläggningstiderna för schakttillstånd varierar mycket.",
            ),
            ("title", "Återkoppling från Nyköping"),
            ("region", "0480"),
            ("areas", "kommunala-processer"),
        ],
    )
    .await;
    let id = document_of(&saved);

    let document = get_as(&corpus, &format!("/api/v1/documents/{id}"), Some(writer))
        .await
        .json();
    let metadata = &document["document"];
    assert_eq!(metadata["kind"], "aterkoppling");
    assert_eq!(metadata["status"], "arbetsmaterial");
    assert_eq!(metadata["responds_to"], answered.as_str());
    assert_eq!(metadata["region"]["code"], "0480");
    assert_eq!(metadata["region"]["county"], "04");
    assert_eq!(metadata["region"]["label"], "Nyköping, Södermanlands län");
    assert_eq!(
        document["sections"][0]["findings"].as_array().map(Vec::len),
        Some(2)
    );
    // In corpus/, as a person would write it.
    let path = corpus
        .corpus
        .path()
        .join(metadata["path"].as_str().expect("a path"));
    let written = std::fs::read_to_string(path).expect("the feedback's file");
    assert!(
        written.contains(&format!("responds_to = \"{answered}\"")),
        "{written}"
    );
    assert!(written.contains("region = \"0480\""), "{written}");
    assert!(
        written
            .ends_with("tillämpas.\n\n- Handläggningstiderna för schakttillstånd varierar mycket."),
        "the text as written, with the line breaks of every other corpus file: {written:?}"
    );

    // Listed on the finding's page and the document's, for members.
    for page in [answered.clone(), format!("/documents/{seed_document}")] {
        let html = unescape(&get_as(&corpus, &page, Some(writer)).await.body);
        assert!(
            html.contains("Återkoppling från Nyköping"),
            "{page}: {html}"
        );
        assert!(html.contains("Nyköping, Södermanlands län"), "{page}");
    }
    let own = unescape(
        &get_as(&corpus, &format!("/documents/{id}"), Some(writer))
            .await
            .body,
    );
    assert!(
        own.contains(&format!("Återkoppling på <a href=\"{answered}\">")),
        "{own}"
    );
    // Working material: the public sees neither the feedback nor that it exists.
    let public = unescape(&get_as(&corpus, &answered, None).await.body);
    assert!(!public.contains("Återkoppling från Nyköping"));
    assert!(!public.contains("Lämna återkoppling"));
}

#[tokio::test]
async fn feedback_on_nothing_that_exists_is_refused_and_the_text_is_kept() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let text = "En tanke om <samverkan> & avtal som inte får gå förlorad.";
    let refused = post_form(
        &corpus,
        "/aterkoppling",
        Some(writer),
        &[("responds_to", "/findings/finns-inte"), ("text", text)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    let html = unescape(&refused.body);
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains(text), "what was written is kept: {html}");

    for (answered, reason) in [
        ("/findings/finns-inte", "names nothing"),
        ("/omraden/finns-inte", "names nothing"),
        ("/kallor/presentation", "not a permalink"),
    ] {
        let reply = json(
            &corpus,
            "POST",
            "/api/v1/documents",
            Some(writer),
            &serde_json::json!({"text": "Något att säga.", "responds_to": answered}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{answered}");
        let error = reply.json();
        assert_eq!(error["error"]["code"], "invalid_metadata", "{error}");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .contains(reason),
            "{error}"
        );
    }
    let unknown_region = json(
        &corpus,
        "POST",
        "/api/v1/documents",
        Some(writer),
        &serde_json::json!({"text": "Något att säga.", "region": "Sörmland"}),
    )
    .await;
    assert_eq!(unknown_region.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown_region.body.contains("SCB"),
        "{}",
        unknown_region.body
    );
}

#[tokio::test]
async fn an_upload_form_that_answers_nothing_that_exists_saves_nothing() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let preview = upload(
        &corpus,
        Some(writer),
        "/lagg-till",
        &[("responds_to", "/findings/finns-inte")],
        Some((
            "svar.md",
            "## Svar\n\n- Det här svarar på ingenting.\n".as_bytes(),
        )),
    )
    .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let html = unescape(&preview.body);
    assert!(
        html.contains("/findings/finns-inte names nothing"),
        "the file is refused with why: {html}"
    );
    assert!(!html.contains("Spara filen"), "nothing to save: {html}");
}

#[tokio::test]
async fn an_area_lists_the_feedback_that_answers_it() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let reply = json(
        &corpus,
        "POST",
        "/api/v1/documents",
        Some(writer),
        &serde_json::json!({
            "title": "Synpunkter på landsbygdstexten",
            "text": "Texten om landsbygden behöver fler exempel från glesbygdskommuner.",
            "responds_to": "https://hinder.example/omraden/landsbygd",
        }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(
        reply.json()["document"]["responds_to"],
        "/omraden/landsbygd"
    );
    let area = unescape(
        &get_as(&corpus, "/omraden/landsbygd", Some(writer))
            .await
            .body,
    );
    assert!(area.contains("Synpunkter på landsbygdstexten"), "{area}");
    assert!(
        area.contains("/aterkoppling?responds_to=%2Fomraden%2Flandsbygd"),
        "{area}"
    );
    let other = unescape(
        &get_as(&corpus, "/omraden/samverkan", Some(writer))
            .await
            .body,
    );
    assert!(!other.contains("Synpunkter på landsbygdstexten"));
    let source = unescape(
        &get_as(&corpus, "/kallor/presentation", Some(writer))
            .await
            .body,
    );
    assert!(
        !source.contains("Lämna återkoppling"),
        "sources are not answered"
    );
}

#[tokio::test]
async fn region_filters_and_counts_in_the_api_and_the_page() {
    let corpus = writable();
    let editor = member().editor_token.as_str();
    for (title, region) in [
        ("Från Nyköping", "0480"),
        ("Från Upplands Väsby", "0114"),
        ("Från Sörmland", "04"),
    ] {
        let reply = json(
            &corpus,
            "POST",
            "/api/v1/documents",
            Some(editor),
            &serde_json::json!({
                "title": title,
                "text": format!("Torrinstallationer i nya detaljplaner, skriver {title}."),
                "region": region,
                "status": "publicerad",
            }),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }
    let titles = |reply: &Reply| {
        let mut titles: Vec<String> = reply.json()["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|hit| {
                hit["document"]["title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        titles.sort();
        titles
    };
    let county = get_as(
        &corpus,
        "/api/v1/search?q=torrinstallationer+skriver&region=04",
        None,
    )
    .await;
    assert_eq!(
        titles(&county),
        ["Från Nyköping", "Från Sörmland"],
        "a county takes in its municipalities"
    );
    let municipality = get_as(
        &corpus,
        "/api/v1/search?q=torrinstallationer+skriver&region=0480",
        None,
    )
    .await;
    assert_eq!(titles(&municipality), ["Från Nyköping"]);
    let either = get_as(
        &corpus,
        "/api/v1/search?q=torrinstallationer+skriver&region=0480,01",
        None,
    )
    .await;
    assert_eq!(titles(&either), ["Från Nyköping", "Från Upplands Väsby"]);

    let all = get_as(
        &corpus,
        "/api/v1/search?q=torrinstallationer+skriver&region=0480",
        None,
    )
    .await
    .json();
    assert_eq!(all["filters"]["region"], serde_json::json!(["0480"]));
    let counts = |dimension: &str| -> Vec<(String, u64, bool)> {
        all["facets"][dimension]
            .as_array()
            .expect("counts")
            .iter()
            .map(|count| {
                (
                    count["value"].as_str().unwrap_or_default().to_owned(),
                    count["count"].as_u64().unwrap_or_default(),
                    count["selected"].as_bool().unwrap_or_default(),
                )
            })
            .collect()
    };
    // Counts of a dimension ignore its own filter, as the areas' do.
    assert_eq!(
        counts("region"),
        [("01".to_owned(), 1, false), ("04".to_owned(), 2, false)]
    );
    assert_eq!(
        counts("municipality"),
        [("0114".to_owned(), 1, false), ("0480".to_owned(), 1, true)]
    );
    let hit = &all["hits"][0];
    assert_eq!(hit["region"]["code"], "0480");

    let unknown = get_as(&corpus, "/api/v1/search?q=fiber&region=99", None).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json()["error"]["code"], "unknown_region");

    let page = unescape(
        &get_as(&corpus, "/?q=torrinstallationer+skriver&region=04", None)
            .await
            .body,
    );
    assert!(page.contains("Län och kommun"), "{page}");
    assert!(
        page.contains("Region: Södermanlands län"),
        "a chip for the filter"
    );
    assert!(
        page.contains("name=\"region\" value=\"04\" checked"),
        "{page}"
    );
    let county = page
        .find("name=\"region\" value=\"04\"")
        .expect("the county");
    let municipality = page
        .find("name=\"region\" value=\"0480\"")
        .expect("its municipality, to narrow down to");
    assert!(county < municipality, "the municipality under its county");
    let mistaken = unescape(&get_as(&corpus, "/?q=fiber&region=99", None).await.body);
    assert!(
        mistaken.contains("”99” är ingen läns- eller kommunkod."),
        "{mistaken}"
    );
}

/// How many changes a document's history has.
async fn history_len(corpus: &WritableCorpus, id: &str) -> usize {
    get_as(
        corpus,
        &format!("/api/v1/documents/{id}/history"),
        Some(&member().write_token),
    )
    .await
    .json()["changes"]
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test]
async fn members_change_and_withdraw_in_the_browser_and_editors_restore() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let editor = member().editor_token.as_str();
    let added = json(&corpus, "POST",
        "/api/v1/documents",
        Some(writer),
        &serde_json::json!({"title": "Utkast om schaktfritt", "text": "Microdiken sparar tid i tätort."}),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let id = added.json()["document"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let edit_url = format!("/documents/{id}/andra");

    let page = unescape(
        &get_as(&corpus, &format!("/documents/{id}"), Some(writer))
            .await
            .body,
    );
    assert!(
        page.contains(&edit_url),
        "the one who added it may change it"
    );
    let editors_page = unescape(
        &get_as(&corpus, &format!("/documents/{id}"), Some(editor))
            .await
            .body,
    );
    assert!(editors_page.contains(&edit_url), "so may an editor");
    let seed_page = unescape(
        &get_as(
            &corpus,
            "/documents/2016-12-02-nystartsgruppen-mote-3",
            Some(writer),
        )
        .await
        .body,
    );
    assert!(
        !seed_page.contains("/andra\""),
        "a member may not change what others added"
    );
    let refused = get_as(
        &corpus,
        "/documents/2016-12-02-nystartsgruppen-mote-3/andra",
        Some(writer),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let form = unescape(&get_as(&corpus, &edit_url, Some(writer)).await.body);
    assert!(form.contains("value=\"Utkast om schaktfritt\""), "{form}");
    assert!(!form.contains("name=\"status\""), "members do not publish");

    let before = history_len(&corpus, &id).await;
    // The form sent back as it was changes nothing.
    let untouched = post_form(
        &corpus,
        &edit_url,
        Some(writer),
        &[
            ("title", "Utkast om schaktfritt"),
            ("kind", "aterkoppling"),
            ("source", "presentation"),
        ],
    )
    .await;
    assert_eq!(
        untouched.status,
        StatusCode::SEE_OTHER,
        "{}",
        untouched.body
    );
    assert_eq!(history_len(&corpus, &id).await, before, "nothing written");

    let changed = post_form(
        &corpus,
        &edit_url,
        Some(writer),
        &[
            ("title", "Schaktfritt i tätort"),
            ("kind", "aterkoppling"),
            ("region", "0484"),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let document = get_as(&corpus, &format!("/api/v1/documents/{id}"), Some(writer))
        .await
        .json();
    assert_eq!(document["document"]["title"], "Schaktfritt i tätort");
    assert_eq!(
        document["document"]["region"]["label"],
        "Eskilstuna, Södermanlands län"
    );
    assert_eq!(history_len(&corpus, &id).await, before + 1);

    let bad = post_form(&corpus, &edit_url, Some(writer), &[("date", "igår")]).await;
    assert_eq!(bad.status, StatusCode::OK, "{}", bad.body);
    assert!(
        unescape(&bad.body).contains("role=\"alert\""),
        "{}",
        bad.body
    );
    assert_eq!(
        history_len(&corpus, &id).await,
        before + 1,
        "nothing written"
    );

    // Withdrawn: gone from searches at once, kept for an editor.
    let withdrawn = post_form(
        &corpus,
        &format!("/documents/{id}/dra-tillbaka"),
        Some(writer),
        &[("reason", "Fel fil")],
    )
    .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    let search = get_as(&corpus, "/api/v1/search?q=microdiken", Some(writer))
        .await
        .json();
    assert_eq!(search["total"], 0, "{search}");
    assert_eq!(
        get_as(&corpus, "/tillbakadragna", Some(writer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let list = unescape(&get_as(&corpus, "/tillbakadragna", Some(editor)).await.body);
    assert!(list.contains("Schaktfritt i tätort"), "{list}");
    assert!(list.contains("Dragen tillbaka av medlem"), "{list}");
    assert!(list.contains("Fel fil"), "{list}");

    let by_member = post_form(
        &corpus,
        &format!("/tillbakadragna/{id}/aterstall"),
        Some(writer),
        &[],
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let restored = post_form(
        &corpus,
        &format!("/tillbakadragna/{id}/aterstall"),
        Some(editor),
        &[],
    )
    .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    assert_eq!(restored.headers["location"], format!("/documents/{id}"));
    let found = get_as(&corpus, "/api/v1/search?q=microdiken", Some(writer))
        .await
        .json();
    assert_eq!(found["total"], 1, "{found}");
}

#[tokio::test]
async fn rebuilding_the_index_from_the_corpus_gives_the_live_answers() {
    let corpus = writable();
    let writer = member().write_token.as_str();
    let editor = member().editor_token.as_str();
    let mut ids = Vec::new();
    for (text, region) in [
        (
            "Fiberföreningar på landsbygden behöver stöd med avtal.",
            "0480",
        ),
        ("Utbyggnadslagen tolkas olika av kommunerna.", "01"),
        ("Samförläggning med el sparar grävning.", "2584"),
    ] {
        let reply = json(
            &corpus,
            "POST",
            "/api/v1/documents",
            Some(writer),
            &serde_json::json!({"text": text, "region": region}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        ids.push(
            reply.json()["document"]["id"]
                .as_str()
                .expect("an id")
                .to_owned(),
        );
    }
    // Changed, published, withdrawn: the live index has replaced and deleted documents.
    assert_eq!(
        json(
            &corpus,
            "PATCH",
            &format!("/api/v1/documents/{}", &ids[0]),
            Some(writer),
            &serde_json::json!({"areas": ["landsbygd"]})
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        json(
            &corpus,
            "PATCH",
            &format!("/api/v1/documents/{}", &ids[1]),
            Some(editor),
            &serde_json::json!({"status": "publicerad"})
        )
        .await
        .status,
        StatusCode::OK
    );
    let withdraw = request_as(
        "DELETE",
        &format!("/api/v1/documents/{}", ids[2]),
        Some(writer),
        None,
    );
    assert_eq!(
        send(&corpus.app(), withdraw).await.status,
        StatusCode::NO_CONTENT
    );

    let rebuilt = tempfile::tempdir().expect("a scratch folder");
    let rebuilt_dir = rebuilt.path().join("index");
    indexer::build_index(corpus.corpus.path(), &rebuilt_dir, &mut |_, _| {}).expect("rebuilding");
    let live = indexer::Library::open(&corpus.index_dir()).expect("the live index");
    let fresh = indexer::Library::open(&rebuilt_dir).expect("the rebuilt index");
    let requests = [
        indexer::SearchRequest::new("fiberföreningar"),
        indexer::SearchRequest::new("kommunerna"),
        indexer::SearchRequest::new("grävning"),
        indexer::SearchRequest::new(""),
        indexer::SearchRequest {
            regions: vec!["04".to_owned()],
            ..indexer::SearchRequest::new("")
        },
        indexer::SearchRequest {
            areas: vec!["landsbygd".to_owned()],
            sort: indexer::Sort::DateDesc,
            ..indexer::SearchRequest::new("landsbygd")
        },
    ];
    for audience in [indexer::Audience::Members, indexer::Audience::Public] {
        for request in &requests {
            let answer = |library: &indexer::Library| {
                let results = library
                    .index_for(audience)
                    .search(request)
                    .expect("a search");
                let ids: Vec<String> = results.hits.iter().map(|hit| hit.id.clone()).collect();
                (results.total, ids, results.facets)
            };
            assert_eq!(answer(&live), answer(&fresh), "{audience:?} {request:?}");
        }
        let documents = |library: &indexer::Library| {
            let mut documents = library.index_for(audience).manifest().documents.clone();
            documents.sort_by(|a, b| a.id.cmp(&b.id));
            documents
        };
        assert_eq!(documents(&live), documents(&fresh), "{audience:?}");
    }
}
