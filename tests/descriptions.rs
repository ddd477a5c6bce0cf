//! Area descriptions end to end over the seed's areas: a version saved over the API with
//! footnotes to findings, stale versions refused, a round sent out with a deadline,
//! feedback written on a part and decided, approval, earlier versions kept; and the same in
//! the browser: a first draft from the material, the page part by part, the overview.

use axum::http::StatusCode;
use serde_json::json as body;

use crate::support::{
    Reply, TestCorpus, WritableCorpus, get_as, json, member, request_as, send, unescape,
};

const DESCRIPTION: &str = "/api/v1/areas/landsbygd/description";

fn writable() -> WritableCorpus {
    WritableCorpus::new(TestCorpus::seed(), server::Settings::default())
}

/// The id and text of the first finding a search for `query` finds.
async fn finding(corpus: &WritableCorpus, query: &str) -> (String, String) {
    let reply = get_as(corpus, &format!("/api/v1/search?q={query}"), None).await;
    let hit = &reply.json()["hits"][0];
    (
        hit["id"].as_str().expect("an id").to_owned(),
        hit["text"].as_str().expect("a text").to_owned(),
    )
}

async fn post_form(
    corpus: &WritableCorpus,
    uri: &str,
    token: Option<&str>,
    fields: &[(&str, &str)],
) -> Reply {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        form.append_pair(name, value);
    }
    let content = Some((
        "application/x-www-form-urlencoded",
        form.finish().into_bytes(),
    ));
    send(&corpus.app(), request_as("POST", uri, token, content)).await
}

fn section<'a>(description: &'a serde_json::Value, slug: &str) -> &'a serde_json::Value {
    description["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|section| section["slug"] == slug)
        .expect("the part")
}

#[tokio::test]
async fn a_round_runs_end_to_end_over_the_api() {
    let corpus = writable();
    let editor = member().editor_token.as_str();
    let writer = member().write_token.as_str();
    let (cited, _) = finding(&corpus, "utbyggnadslagen").await;

    assert_eq!(
        get_as(&corpus, DESCRIPTION, Some(editor)).await.status,
        StatusCode::NOT_FOUND
    );
    let text = format!("Glesbygdens hushåll väntar på fiber[^1].\n\n[^1]: /findings/{cited}");
    let first = body!({"version": 0, "sections": {"utmaningar": text}});
    // Members read; only editors write.
    let refused = json(&corpus, "PUT", DESCRIPTION, Some(writer), &first).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let saved = json(&corpus, "PUT", DESCRIPTION, Some(editor), &first).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let saved = saved.json();
    assert_eq!(saved["current_version"], 1);
    assert_eq!(saved["status"], "utkast");
    let part = section(&saved, "utmaningar");
    assert_eq!(part["text"], text.as_str());
    assert_eq!(part["footnotes"][0]["number"], 1);
    assert_eq!(part["footnotes"][0]["finding"]["id"], cited.as_str());
    assert_eq!(
        part["questions"][0],
        "Förklarar texten utmaningarna tydligt?"
    );

    // A second editor who started from nothing does not overwrite the first.
    let stale = json(&corpus, "PUT", DESCRIPTION, Some(editor), &first).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(stale.json()["error"]["code"], "stale_version");
    // A footnote to a finding that does not exist is refused, naming it.
    let missing =
        body!({"version": 1, "sections": {"fakta": "X[^1]\n\n[^1]: /findings/finns-inte-1"}});
    let refused = json(&corpus, "PUT", DESCRIPTION, Some(editor), &missing).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains("finns-inte-1"), "{}", refused.body);
    let undefined = body!({"version": 1, "sections": {"fakta": "X[^7]"}});
    let refused = json(&corpus, "PUT", DESCRIPTION, Some(editor), &undefined).await;
    assert_eq!(refused.json()["error"]["code"], "invalid_footnote");
    let unknown_part = body!({"version": 1, "sections": {"bakgrund": "X"}});
    let refused = json(&corpus, "PUT", DESCRIPTION, Some(editor), &unknown_part).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.json()["error"]["code"], "unknown_part");
    let message = refused.json()["error"]["message"].to_string();
    assert!(
        message.contains("bakgrund") && message.contains("sammanfattning"),
        "the answer names the part asked for and the parts there are: {message}"
    );
    assert_eq!(
        get_as(&corpus, "/api/v1/areas/okand/description", Some(editor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The description is searchable like any document, for members.
    let found = get_as(
        &corpus,
        "/api/v1/search?q=glesbygdens%20hushåll",
        Some(writer),
    )
    .await;
    assert_eq!(
        found.json()["hits"][0]["document"]["id"],
        "omradesbeskrivning-landsbygd",
        "{}",
        found.body
    );

    // Sent out: the deadline is said, and a member answers a part.
    let round = json(
        &corpus,
        "POST",
        &format!("{DESCRIPTION}/rounds"),
        Some(editor),
        &body!({"deadline": "2099-12-16", "note": "Första utskicket"}),
    )
    .await;
    assert_eq!(round.status, StatusCode::OK, "{}", round.body);
    let round = round.json();
    assert_eq!(round["status"], "ute_for_aterkoppling");
    assert_eq!(round["deadline"], "2099-12-16");
    assert_eq!(round["round"]["version"], 1);
    let feedback = json(
        &corpus,
        "POST",
        "/api/v1/documents",
        Some(writer),
        &body!({
            "text": "Texten förklarar inte varför marknaden inte bygger i glesbygd.",
            "responds_to": "/omraden/landsbygd/beskrivning#utmaningar",
            "region": "04",
        }),
    )
    .await;
    assert_eq!(feedback.status, StatusCode::CREATED, "{}", feedback.body);
    let feedback_id = feedback.json()["document"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let read = get_as(&corpus, DESCRIPTION, Some(writer)).await.json();
    let answered = &section(&read, "utmaningar")["feedback"][0];
    assert_eq!(answered["document"]["id"], feedback_id.as_str());
    assert_eq!(
        (answered["round"].clone(), answered["late"].clone()),
        (body!(1), body!(false))
    );
    assert!(answered["outcome"].is_null());
    let page = unescape(
        &get_as(&corpus, "/omraden/landsbygd/beskrivning", Some(writer))
            .await
            .body,
    );
    assert!(
        page.contains("Återkoppling senast 16 december 2099"),
        "{page}"
    );
    assert!(page.contains("Första utskicket"), "{page}");

    // The editor decides; "ej inarbetad" needs a reason.
    let outcome_uri = format!("{DESCRIPTION}/feedback/{feedback_id}");
    let by_member = json(
        &corpus,
        "PATCH",
        &outcome_uri,
        Some(writer),
        &body!({"outcome": "inarbetad"}),
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    let no_reason = json(
        &corpus,
        "PATCH",
        &outcome_uri,
        Some(editor),
        &body!({"outcome": "ej_inarbetad"}),
    )
    .await;
    assert_eq!(
        no_reason.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_reason.body
    );
    let not_feedback = json(
        &corpus,
        "PATCH",
        &format!("{DESCRIPTION}/feedback/omradesbeskrivning-landsbygd"),
        Some(editor),
        &body!({"outcome": "inarbetad"}),
    )
    .await;
    assert_eq!(not_feedback.status, StatusCode::NOT_FOUND);
    let decided = json(
        &corpus,
        "PATCH",
        &outcome_uri,
        Some(editor),
        &body!({"outcome": "ej_inarbetad", "reason": "Hör till området Samverkan"}),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    let decided = decided.json();
    let answered = &section(&decided, "utmaningar")["feedback"][0];
    assert_eq!(answered["outcome"], "ej_inarbetad");
    assert_eq!(answered["reason"], "Hör till området Samverkan");
    // Its author sees what became of it on the feedback's own page.
    let own = unescape(
        &get_as(&corpus, &format!("/documents/{feedback_id}"), Some(writer))
            .await
            .body,
    );
    assert!(
        own.contains("Ej inarbetad: Hör till området Samverkan"),
        "{own}"
    );

    // The next version keeps the first readable; approval marks the current one.
    let second =
        body!({"version": 1, "sections": {"forslag": "- Ett nationellt stöd till byanät"}});
    let second = json(&corpus, "PUT", DESCRIPTION, Some(editor), &second)
        .await
        .json();
    assert_eq!(second["current_version"], 2);
    assert_eq!(section(&second, "utmaningar")["text"], text.as_str());
    let first_again = get_as(&corpus, &format!("{DESCRIPTION}?version=1"), Some(writer))
        .await
        .json();
    assert_eq!(first_again["version"]["number"], 1);
    assert_eq!(section(&first_again, "forslag")["text"], "");
    let approved = json(
        &corpus,
        "POST",
        &format!("{DESCRIPTION}/approval"),
        Some(editor),
        &body!({"version": 2}),
    )
    .await;
    assert_eq!(approved.json()["status"], "godkand");
    assert_eq!(
        get_as(&corpus, &format!("{DESCRIPTION}?version=9"), Some(writer))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get_as(&corpus, &format!("{DESCRIPTION}?versio=1"), Some(writer))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // Working material: the public sees nothing of it.
    assert_eq!(
        get_as(&corpus, DESCRIPTION, None).await.status,
        StatusCode::NOT_FOUND
    );
    let public = unescape(
        &get_as(&corpus, "/omraden/landsbygd/beskrivning", None)
            .await
            .body,
    );
    assert!(!public.contains("Glesbygdens hushåll"), "{public}");

    // Everything is in corpus/, as files people can read.
    let history = std::fs::read_to_string(
        corpus
            .corpus
            .path()
            .join("omradesbeskrivningar/landsbygd.toml"),
    )
    .expect("the history");
    assert!(
        history.contains("reason = \"Hör till området Samverkan\""),
        "{history}"
    );
    assert!(
        history.contains("deadline = \"2099-12-16\"") || history.contains("deadline = 2099-12-16"),
        "{history}"
    );
}

#[tokio::test]
async fn the_secretariat_drafts_from_the_material_and_reads_it_part_by_part() {
    let corpus = writable();
    let editor = member().editor_token.as_str();
    let reader = member().token.as_str();
    let empty = unescape(
        &get_as(
            &corpus,
            "/omraden/kommunala-processer/beskrivning",
            Some(editor),
        )
        .await
        .body,
    );
    assert!(empty.contains("Skapa utkast från underlaget"), "{empty}");
    // Members cannot draft; editors can, once.
    let refused = post_form(
        &corpus,
        "/omraden/kommunala-processer/beskrivning/utkast",
        Some(member().write_token.as_str()),
        &[],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let drafted = post_form(
        &corpus,
        "/omraden/kommunala-processer/beskrivning/utkast",
        Some(editor),
        &[],
    )
    .await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let again = post_form(
        &corpus,
        "/omraden/kommunala-processer/beskrivning/utkast",
        Some(editor),
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let draft = get_as(
        &corpus,
        "/api/v1/areas/kommunala-processer/description",
        Some(reader),
    )
    .await
    .json();
    let cited: Vec<&serde_json::Value> = draft["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|section| section["footnotes"].as_array().expect("footnotes"))
        .collect();
    assert!(cited.len() >= 3, "{draft}");
    // Every footnote opens to a finding of the area, numbered in reading order.
    for (index, note) in cited.iter().enumerate() {
        assert_eq!(note["number"], index + 1);
        let areas = note["finding"]["areas"].to_string();
        assert!(areas.contains("kommunala-processer"), "{note}");
    }
    // The agenda names the area ("Diskussion om Kommunala processer"), a finding of the
    // area, but no statement: the draft leaves it out.
    let agenda = get_as(
        &corpus,
        "/api/v1/search?q=%22Diskussion+om+Kommunala+processer%22&area=kommunala-processer",
        Some(reader),
    )
    .await
    .json();
    assert!(agenda["total"].as_u64() >= Some(1), "{agenda}");
    for note in &cited {
        let text = note["finding"]["text"].as_str().expect("a text");
        assert!(!text.starts_with("Diskussion om"), "{note}");
    }
    // The rule sends proposals to Förslag på vägar framåt.
    let proposals = &section(&draft, "forslag")["footnotes"];
    for note in proposals.as_array().expect("footnotes") {
        let text = note["finding"]["text"]
            .as_str()
            .expect("text")
            .to_lowercase();
        assert!(
            [
                "förslag",
                "föreslå",
                "bör",
                "borde",
                "behöv",
                "efterfrågas",
                "måste",
                "rekommenderar",
                "vägar framåt",
                "åtgärd"
            ]
            .iter()
            .any(|word| text.contains(word))
                || note["finding"]["title"]
                    .to_string()
                    .to_lowercase()
                    .contains("förslag"),
            "{note}"
        );
    }

    let page = unescape(
        &get_as(
            &corpus,
            "/omraden/kommunala-processer/beskrivning",
            Some(reader),
        )
        .await
        .body,
    );
    assert!(page.contains("id=\"fotnot-1\""), "{page}");
    assert!(page.contains("href=\"#fotnot-1\""), "{page}");
    assert!(page.contains("Lämna återkoppling på"), "{page}");
    assert!(
        page.contains("responds_to=%2Fomraden%2Fkommunala-processer%2Fbeskrivning%23"),
        "{page}"
    );
    // The feedback form for a part shows that part's questions from the seed.
    let form = unescape(
        &get_as(
            &corpus,
            "/aterkoppling?responds_to=%2Fomraden%2Fkommunala-processer%2Fbeskrivning%23fakta",
            Some(reader),
        )
        .await
        .body,
    );
    assert!(
        form.contains("Understödjer nuvarande fakta hindren?"),
        "{form}"
    );
    assert!(form.contains("delen ”Fakta om området”"), "{form}");

    // The overview says where each area stands.
    let overview = unescape(&get_as(&corpus, "/oversikt", Some(reader)).await.body);
    assert!(
        overview.contains("/omraden/kommunala-processer/beskrivning"),
        "{overview}"
    );
    assert!(overview.contains("Utkast"), "{overview}");
    assert!(overview.contains("Ingen text än"), "{overview}");
}

#[tokio::test]
async fn an_editor_edits_in_the_browser_and_uses_a_finding_without_losing_text() {
    let corpus = writable();
    let editor = member().editor_token.as_str();
    let (id, quote) = finding(&corpus, "torrinstallationer").await;
    let form = unescape(
        &get_as(
            &corpus,
            "/omraden/samverkan/beskrivning/andra",
            Some(editor),
        )
        .await
        .body,
    );
    assert!(form.contains("name=\"version\" value=\"0\""), "{form}");
    let saved = post_form(
        &corpus,
        "/omraden/samverkan/beskrivning/andra",
        Some(editor),
        &[
            ("version", "0"),
            ("beskrivning", "Samverkan behövs."),
            ("fakta", ""),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    // A stale form is shown again with its text and why.
    let stale = post_form(
        &corpus,
        "/omraden/samverkan/beskrivning/andra",
        Some(editor),
        &[("version", "0"), ("beskrivning", "Min egen text")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let stale = unescape(&stale.body);
    assert!(stale.contains("Min egen text"), "{stale}");
    assert!(stale.contains("Någon har sparat version 1"), "{stale}");
    // "Använd i texten" adds the finding with its footnote, as a new version.
    let used = post_form(
        &corpus,
        "/omraden/samverkan/beskrivning/anvand",
        Some(editor),
        &[
            ("finding", id.as_str()),
            ("part", "fakta"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.body);
    let read = get_as(&corpus, "/api/v1/areas/samverkan/description", Some(editor))
        .await
        .json();
    assert_eq!(read["current_version"], 2);
    assert_eq!(section(&read, "beskrivning")["text"], "Samverkan behövs.");
    assert_eq!(
        section(&read, "fakta")["footnotes"][0]["finding_id"],
        id.as_str()
    );
    let page = unescape(
        &get_as(&corpus, "/omraden/samverkan/beskrivning", Some(editor))
            .await
            .body,
    );
    let first_words: String = quote
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(page.contains(&first_words), "{page}");
    // Versions 1 and 2 compared word by word: the finding came in under Fakta.
    let compared = unescape(
        &get_as(
            &corpus,
            "/omraden/samverkan/beskrivning/jamfor?fran=1&till=2",
            Some(editor),
        )
        .await
        .body,
    );
    assert!(compared.contains("<ins>"), "{compared}");
    assert!(compared.contains(&format!("/findings/{id}")), "{compared}");
    assert!(compared.contains("(oförändrad)"), "{compared}");
    let beyond = "/omraden/samverkan/beskrivning/jamfor?fran=1&till=9";
    assert_eq!(
        get_as(&corpus, beyond, Some(editor)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_editor_uses_a_hit_in_a_description_from_the_search_page() {
    let corpus = writable();
    let editor = member().editor_token.as_str();
    let reader = member().token.as_str();
    let search = unescape(
        &get_as(&corpus, "/?q=utbyggnadslagen", Some(editor))
            .await
            .body,
    );
    assert!(search.contains("Använd i beskrivning"), "{search}");
    assert!(
        search.contains("Kommunala processer – Fakta om området"),
        "{search}"
    );
    let as_member = unescape(
        &get_as(&corpus, "/?q=utbyggnadslagen", Some(reader))
            .await
            .body,
    );
    assert!(!as_member.contains("Använd i beskrivning"));
    let (id, _) = finding(&corpus, "utbyggnadslagen").await;
    let used = post_form(
        &corpus,
        "/beskrivningar/anvand",
        Some(editor),
        &[
            ("finding", id.as_str()),
            ("target", "kommunala-processer#fakta"),
        ],
    )
    .await;
    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.body);
    assert_eq!(
        used.headers["location"],
        "/omraden/kommunala-processer/beskrivning#fakta"
    );
    let read = get_as(
        &corpus,
        "/api/v1/areas/kommunala-processer/description",
        Some(reader),
    )
    .await
    .json();
    assert_eq!(
        section(&read, "fakta")["footnotes"][0]["finding_id"],
        id.as_str()
    );
    let refused = post_form(
        &corpus,
        "/beskrivningar/anvand",
        Some(member().write_token.as_str()),
        &[
            ("finding", id.as_str()),
            ("target", "kommunala-processer#fakta"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let unknown = post_form(
        &corpus,
        "/beskrivningar/anvand",
        Some(editor),
        &[
            ("finding", id.as_str()),
            ("target", "kommunala-processer#bakgrund"),
        ],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
