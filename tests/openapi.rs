//! The OpenAPI document describes what the API really answers: every operation is called
//! here and each answer is validated against the schema the document gives for it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::support::{self, Reply, get, post_json};

/// The document as served.
async fn document(app: &axum::Router) -> Value {
    let reply = get(app, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, 200);
    reply.json()
}

/// Validates `instance` against the schema the document gives for this answer.
fn check(document: &Value, path: &str, method: &str, reply: &Reply, instance: &Value) {
    let status = reply.status.as_str();
    let response = &document["paths"][path][method]["responses"][status];
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which the document does not list"
    );
    let media = reply.content_type.split(';').next().unwrap_or_default();
    let schema = &response["content"][media]["schema"];
    assert!(
        schema.is_object(),
        "no schema for {media} in {method} {path} {status}"
    );
    // References point into the components, so they travel with the schema.
    let rooted = json!({"allOf": [schema], "components": document["components"]});
    let validator = jsonschema::validator_for(&rooted).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| error.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} breaks its schema: {errors:#?}\n{instance:#}"
    );
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_descriptions_and_examples() {
    let app = support::seed().app();
    let document = document(&app).await;
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    assert_eq!(document["info"]["title"], "Hinder");
    let mut operation_ids = std::collections::BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            assert!(
                operation["summary"].is_string(),
                "{method} {path} has no summary"
            );
            // Generated clients name their functions after these.
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{method} {path}: {id} is not snake_case"
            );
            assert!(
                operation_ids.insert(id.to_owned()),
                "operationId {id} is used twice"
            );
            for (status, response) in operation["responses"].as_object().expect("responses") {
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{method} {path} {status} has no description"
                );
            }
        }
    }
    let q = document["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "q")
        .expect("q is documented");
    assert_eq!(q["example"], "utbyggnadslagen");
    // The feed takes a search's words and filters (its order and paging are its own).
    let names = |path: &str| -> BTreeSet<String> {
        document["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect()
    };
    let feed = names("/api/v1/feed");
    let missing: Vec<String> = names("/api/v1/search")
        .into_iter()
        .filter(|name| !["sort", "offset", "page"].contains(&name.as_str()))
        .filter(|name| !feed.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "the feed documents every filter: {missing:?}"
    );
    assert!(
        document["components"]["schemas"]["Citation"]["properties"]["markdown"]["example"]
            .is_string()
    );
}

#[tokio::test]
async fn every_operation_answers_as_documented() {
    let fixtures = support::with_fixtures();
    let app = fixtures.app();
    let document = document(&app).await;
    let id = support::hit_ids(
        &get(&app, "/api/v1/search?q=utbyggnadslagen&limit=1")
            .await
            .json(),
    )
    .remove(0);
    let gets = [
        (
            "/api/v1/search",
            "/api/v1/search?q=utbyggnadslagen".to_owned(),
        ),
        (
            "/api/v1/search",
            "/api/v1/search?area=landsbygd&sort=date_desc&limit=3".to_owned(),
        ),
        ("/api/v1/search", "/api/v1/search".to_owned()),
        (
            "/api/v1/search",
            "/api/v1/search?q=IoT&from=2017-01-01".to_owned(),
        ),
        ("/api/v1/search", "/api/v1/search?limit=0".to_owned()),
        ("/api/v1/search", "/api/v1/search?area=skog".to_owned()),
        ("/api/v1/suggest", "/api/v1/suggest?q=utbyg".to_owned()),
        ("/api/v1/suggest", "/api/v1/suggest?q=x&limit=99".to_owned()),
        ("/api/v1/facets", "/api/v1/facets".to_owned()),
        ("/api/v1/findings/{id}", format!("/api/v1/findings/{id}")),
        ("/api/v1/findings/{id}", "/api/v1/findings/none".to_owned()),
        (
            "/api/v1/findings/{id}/related",
            format!("/api/v1/findings/{id}/related?limit=4"),
        ),
        (
            "/api/v1/findings/{id}/related",
            "/api/v1/findings/none/related".to_owned(),
        ),
        (
            "/api/v1/findings/{id}/related",
            format!("/api/v1/findings/{id}/related?offset=x"),
        ),
        ("/api/v1/documents", "/api/v1/documents?limit=1".to_owned()),
        ("/api/v1/documents", "/api/v1/documents?page=0".to_owned()),
        (
            "/api/v1/documents/{id}",
            "/api/v1/documents/2017-03-29-styrgrupp-knepigt".to_owned(),
        ),
        (
            "/api/v1/documents/{id}",
            "/api/v1/documents/none".to_owned(),
        ),
        ("/api/v1/export", "/api/v1/export?format=xml".to_owned()),
        ("/healthz", "/healthz".to_owned()),
    ];
    let mut called: BTreeSet<(String, &str)> = BTreeSet::new();
    for (path, uri) in &gets {
        let reply = get(&app, uri).await;
        check(&document, path, "get", &reply, &reply.json());
        called.insert(((*path).to_owned(), "get"));
    }
    // The export is one record per line; each line must match.
    let export = get(&app, "/api/v1/export").await;
    assert_eq!(export.status, 200);
    for line in export.body.lines() {
        let record: Value = serde_json::from_str(line).expect("a JSON line");
        check(&document, "/api/v1/export", "get", &export, &record);
    }
    called.insert(("/api/v1/export".to_owned(), "get"));
    // The feed is Atom, not JSON: its media type must be documented; its errors are JSON.
    let feed = get(&app, "/api/v1/feed?q=fiber").await;
    assert_eq!(feed.status, 200);
    let media = feed.content_type.split(';').next().unwrap_or_default();
    assert!(
        document["paths"]["/api/v1/feed"]["get"]["responses"]["200"]["content"][media].is_object(),
        "the feed's {media} is documented"
    );
    let refused = get(&app, "/api/v1/feed?from=igår").await;
    check(&document, "/api/v1/feed", "get", &refused, &refused.json());
    called.insert(("/api/v1/feed".to_owned(), "get"));
    let posts = [
        json!({"text": "Kommunerna behöver stöd med utbyggnadslagen.", "ids": [id, "gone"]}),
        json!({"text": "Fiber på landsbygden", "limit": 2, "offset": 1}),
        json!({"text": ""}),
        json!({"text": "x", "limit": 0}),
        json!({"unknown": true}),
    ];
    for body in &posts {
        let reply = post_json(&app, "/api/v1/related", body).await;
        check(&document, "/api/v1/related", "post", &reply, &reply.json());
    }
    called.insert(("/api/v1/related".to_owned(), "post"));
    called.insert(("/api/v1/openapi.json".to_owned(), "get"));
    called.extend(write_operations(&document).await);

    let documented: BTreeSet<(String, &str)> = document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            ["get", "put", "post", "patch", "delete"]
                .into_iter()
                .filter(|method| item.get(*method).is_some())
                .map(move |method| (path.clone(), method))
        })
        .collect();
    assert_eq!(
        called, documented,
        "every documented operation is exercised"
    );
}

/// The operations that change the corpus, over a corpus the application may change: each
/// answer, refusals included, as the document says. Returns what was called.
async fn write_operations(document: &Value) -> BTreeSet<(String, &'static str)> {
    let corpus =
        support::WritableCorpus::new(support::TestCorpus::seed(), server::Settings::default());
    let app = corpus.app();
    let member = support::member();
    let (writer, editor) = (
        Some(member.write_token.as_str()),
        Some(member.editor_token.as_str()),
    );
    let deck = std::fs::read(support::fixture("office/seed.pptx")).expect("a deck");
    let mut called = BTreeSet::new();
    let mut call = async |path: &'static str,
                          method: &'static str,
                          uri: String,
                          token: Option<&str>,
                          body: Option<(String, Vec<u8>)>| {
        let request = support::request_as(
            &method.to_uppercase(),
            &uri,
            token,
            body.as_ref()
                .map(|(kind, bytes)| (kind.as_str(), bytes.clone())),
        );
        let reply = support::send(&app, request).await;
        if reply.body.is_empty() {
            let status = reply.status.as_str();
            assert!(
                document["paths"][path][method]["responses"][status].is_object(),
                "{method} {path} answered {status}, which the document does not list"
            );
        } else {
            check(document, path, method, &reply, &reply.json());
        }
        called.insert((path.to_owned(), method));
        reply
    };
    let form =
        |fields: &[(&str, &str)]| Some(support::multipart(fields, Some(("möte.pptx", &deck))));
    let feedback = |text: &str| {
        Some((
            "application/json".to_owned(),
            json!({"text": text}).to_string().into_bytes(),
        ))
    };
    let documents = "/api/v1/documents";
    call(
        documents,
        "post",
        format!("{documents}?dry_run=true"),
        writer,
        form(&[]),
    )
    .await;
    let added = call(
        documents,
        "post",
        documents.to_owned(),
        writer,
        form(&[("areas", "samverkan")]),
    )
    .await;
    assert_eq!(added.status, 201);
    call(documents, "post", documents.to_owned(), writer, form(&[])).await;
    call(
        documents,
        "post",
        documents.to_owned(),
        None,
        feedback("- x"),
    )
    .await;
    call(
        documents,
        "post",
        documents.to_owned(),
        writer,
        form(&[("areas", "rymden")]),
    )
    .await;
    let note = call(
        documents,
        "post",
        documents.to_owned(),
        writer,
        feedback("- Synpunkt om fiber."),
    )
    .await;
    let id = note.json()["document"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let one = "/api/v1/documents/{id}";
    let patch = |value: Value| {
        Some((
            "application/json".to_owned(),
            value.to_string().into_bytes(),
        ))
    };
    call(
        one,
        "patch",
        format!("{documents}/{id}"),
        writer,
        patch(json!({"title": "Synpunkter"})),
    )
    .await;
    call(
        one,
        "patch",
        format!("{documents}/{id}"),
        writer,
        patch(json!({"status": "publicerad"})),
    )
    .await;
    call(
        one,
        "patch",
        format!("{documents}/none"),
        editor,
        patch(json!({"title": "x"})),
    )
    .await;
    let history = "/api/v1/documents/{id}/history";
    call(
        history,
        "get",
        format!("{documents}/{id}/history"),
        writer,
        None,
    )
    .await;
    call(
        history,
        "get",
        format!("{documents}/{id}/history"),
        None,
        None,
    )
    .await;
    call(one, "delete", format!("{documents}/{id}"), writer, None).await;
    call(one, "delete", format!("{documents}/{id}"), writer, None).await;
    let restore = "/api/v1/documents/{id}/restore";
    call(
        restore,
        "post",
        format!("{documents}/{id}/restore"),
        writer,
        None,
    )
    .await;
    call(
        restore,
        "post",
        format!("{documents}/{id}/restore"),
        editor,
        None,
    )
    .await;
    call(
        restore,
        "post",
        format!("{documents}/none/restore"),
        editor,
        None,
    )
    .await;
    description_operations(&mut call, writer, editor).await;
    called
}

/// Every answer of the area description's endpoints: a version saved, a stale one, a round,
/// feedback decided, approval, and the refusals.
async fn description_operations<F>(call: &mut F, writer: Option<&str>, editor: Option<&str>)
where
    F: AsyncFnMut(
        &'static str,
        &'static str,
        String,
        Option<&str>,
        Option<(String, Vec<u8>)>,
    ) -> support::Reply,
{
    let path = "/api/v1/areas/{slug}/description";
    let uri = "/api/v1/areas/landsbygd/description".to_owned();
    let json_body = |value: Value| {
        Some((
            "application/json".to_owned(),
            value.to_string().into_bytes(),
        ))
    };
    call(path, "get", uri.clone(), None, None).await;
    call(path, "get", format!("{uri}?versio=1"), None, None).await;
    let rounds = "/api/v1/areas/{slug}/description/rounds";
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        editor,
        json_body(json!({"deadline": "2099-12-16"})),
    )
    .await;
    call(
        path,
        "put",
        uri.clone(),
        writer,
        json_body(json!({"version": 0, "sections": {"fakta": "x"}})),
    )
    .await;
    call(
        path,
        "put",
        uri.clone(),
        None,
        json_body(json!({"version": 0, "sections": {}})),
    )
    .await;
    call(
        path,
        "put",
        uri.clone(),
        editor,
        json_body(json!({"version": 0, "sections": {"fakta": "X[^1]"}})),
    )
    .await;
    call(
        path,
        "put",
        uri.clone(),
        editor,
        json_body(json!({"version": 0, "sections": {"bakgrund": "X"}})),
    )
    .await;
    call(
        path,
        "put",
        uri.clone(),
        editor,
        json_body(json!({"versio": 0})),
    )
    .await;
    let saved = call(
        path,
        "put",
        uri.clone(),
        editor,
        json_body(json!({"version": 0, "sections": {"fakta": "Fiber."}})),
    )
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    call(
        path,
        "put",
        uri.clone(),
        editor,
        json_body(json!({"version": 0, "sections": {"fakta": "Fiber."}})),
    )
    .await;
    call(path, "get", format!("{uri}?version=1"), writer, None).await;
    call(path, "get", format!("{uri}?version=5"), writer, None).await;
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        editor,
        json_body(json!({"deadline": "16/12"})),
    )
    .await;
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        writer,
        json_body(json!({"deadline": "2099-12-16"})),
    )
    .await;
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        None,
        json_body(json!({"deadline": "2099-12-16"})),
    )
    .await;
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        editor,
        json_body(json!({"deadline": "2099-12-16", "note": "x".repeat(3000)})),
    )
    .await;
    call(
        rounds,
        "post",
        "/api/v1/areas/okand/description/rounds".to_owned(),
        editor,
        json_body(json!({"deadline": "2099-12-16"})),
    )
    .await;
    call(
        rounds,
        "post",
        format!("{uri}/rounds"),
        editor,
        json_body(json!({"deadline": "2099-12-16", "note": "Första"})),
    )
    .await;
    let feedback = call(
        "/api/v1/documents",
        "post",
        "/api/v1/documents".to_owned(),
        writer,
        json_body(json!({"text": "Svar på fakta.", "responds_to": "/omraden/landsbygd/beskrivning#fakta"})),
    )
    .await;
    assert_eq!(feedback.status, 201, "{}", feedback.body);
    let id = feedback.json()["document"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let decide = "/api/v1/areas/{slug}/description/feedback/{id}";
    call(
        decide,
        "patch",
        format!("{uri}/feedback/{id}"),
        editor,
        json_body(json!({"outcome": "kanske"})),
    )
    .await;
    call(
        decide,
        "patch",
        format!("{uri}/feedback/{id}"),
        writer,
        json_body(json!({"outcome": "inarbetad"})),
    )
    .await;
    call(
        decide,
        "patch",
        format!("{uri}/feedback/{id}"),
        None,
        json_body(json!({"outcome": "inarbetad"})),
    )
    .await;
    call(
        decide,
        "patch",
        format!("{uri}/feedback/{id}"),
        editor,
        json_body(json!({"outcome": "ej_inarbetad"})),
    )
    .await;
    call(
        decide,
        "patch",
        format!("{uri}/feedback/none"),
        editor,
        json_body(json!({"outcome": "inarbetad"})),
    )
    .await;
    call(
        decide,
        "patch",
        format!("{uri}/feedback/{id}"),
        editor,
        json_body(json!({"outcome": "inarbetad"})),
    )
    .await;
    let approval = "/api/v1/areas/{slug}/description/approval";
    call(
        approval,
        "post",
        format!("{uri}/approval"),
        editor,
        json_body(json!({"version": 9})),
    )
    .await;
    call(
        approval,
        "post",
        "/api/v1/areas/samverkan/description/approval".to_owned(),
        editor,
        json_body(json!({"version": 1})),
    )
    .await;
    call(
        approval,
        "post",
        format!("{uri}/approval"),
        writer,
        json_body(json!({"version": 1})),
    )
    .await;
    call(
        approval,
        "post",
        format!("{uri}/approval"),
        None,
        json_body(json!({"version": 1})),
    )
    .await;
    call(
        approval,
        "post",
        format!("{uri}/approval"),
        editor,
        json_body(json!({"versio": 1})),
    )
    .await;
    let approved = call(
        approval,
        "post",
        format!("{uri}/approval"),
        editor,
        json_body(json!({"version": 1})),
    )
    .await;
    assert_eq!(approved.json()["status"], "godkand");
}

#[tokio::test]
async fn the_documented_limits_are_the_enforced_ones() {
    let app = support::seed().app();
    let document = document(&app).await;
    let parameter = |path: &str, name: &str| -> Value {
        document["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap_or_else(|| panic!("{path} has {name}"))
            .clone()
    };
    for (path, name, most) in [
        ("/api/v1/search", "limit", indexer::MAX_LIMIT),
        ("/api/v1/search", "offset", indexer::MAX_OFFSET),
        ("/api/v1/suggest", "limit", indexer::MAX_COMPLETIONS),
        ("/api/v1/documents", "limit", indexer::MAX_LIMIT),
        ("/api/v1/feed", "limit", indexer::MAX_LIMIT),
    ] {
        let documented = parameter(path, name)["schema"]["maximum"].as_u64();
        assert_eq!(documented, Some(most as u64), "{path} {name}");
        // What the document allows is accepted, one more is refused.
        let at_most = get(&app, &format!("{path}?{name}={most}")).await;
        assert_eq!(at_most.status, 200, "{path}?{name}={most}");
        let beyond = get(&app, &format!("{path}?{name}={}", most + 1)).await;
        assert_eq!(beyond.status, 400, "{path}?{name}={}", most + 1);
    }
    let q = parameter("/api/v1/search", "q");
    assert_eq!(
        q["schema"]["maxLength"].as_u64(),
        Some(indexer::MAX_QUERY_CHARS as u64)
    );
    let words = format!("{} words", indexer::MAX_QUERY_WORDS);
    assert!(q["description"].as_str().expect("text").contains(&words));
}
