//! WCAG 2.1 AA in the real browser: every page checked by axe-core, and the daily flow done
//! with the keyboard alone.
//!
//! axe-core comes from npm: `.ci/run` installs it into `target/axe` (`scripts/axe-core`);
//! `AXE_CORE` may name another copy of `axe.min.js`.

use std::path::PathBuf;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

use super::{Browser, server};

/// Where axe-core's browser build is.
fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/axe/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "axe-core at {} ({error}): run scripts/axe-core, or set AXE_CORE",
            path.display()
        )
    })
}

impl Browser {
    /// The WCAG 2.x A and AA violations axe-core finds on the page shown, one line each.
    async fn axe_violations(&self, axe: &str) -> Vec<String> {
        self.client
            .execute(axe, vec![])
            .await
            .expect("loading axe-core into the page");
        let report = self
            .client
            .execute_async(
                r"const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(result => done(result.violations.map(v =>
                    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
                      .map(n => n.target.join(' ')).join(', ')}`)))
                  .catch(error => done([`axe failed: ${error}`]));",
                vec![],
            )
            .await
            .expect("running axe-core");
        serde_json::from_value(report).expect("a list of violations")
    }

    /// What has the keyboard focus, as a CSS-like description.
    async fn focused(&self) -> String {
        let described = self
            .client
            .execute(
                r"const e = document.activeElement;
                if (!e) return '';
                const attrs = ['name', 'value', 'href', 'id', 'class', 'data-copy']
                  .filter(a => e.hasAttribute(a))
                  .map(a => `[${a}=${JSON.stringify(e.getAttribute(a))}]`).join('');
                return e.tagName.toLowerCase() + attrs;",
                vec![],
            )
            .await
            .expect("the focused element");
        described.as_str().unwrap_or_default().to_owned()
    }

    /// Presses Tab until the focused element matches `css`; fails when it never does.
    async fn tab_to(&self, css: &str) {
        for _ in 0..200 {
            let matches = self
                .client
                .execute(
                    "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                    vec![serde_json::json!(css)],
                )
                .await
                .expect("matching the focus");
            if matches.as_bool() == Some(true) {
                let outline = self
                    .client
                    .execute(
                        "return getComputedStyle(document.activeElement).outlineStyle;",
                        vec![],
                    )
                    .await
                    .expect("the focus style");
                assert_ne!(
                    outline.as_str(),
                    Some("none"),
                    "the focus on {css} is visible"
                );
                return;
            }
            self.press(Key::Tab).await;
        }
        panic!(
            "Tab never reached {css}; the focus is on {}",
            self.focused().await
        );
    }

    /// One key pressed and released on the keyboard, whatever has the focus (a file input
    /// too, which takes typed text as a path).
    async fn press(&self, key: Key) {
        let key = char::from(key);
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(actions)
            .await
            .expect("pressing a key");
    }

    /// Text typed to whatever has the focus.
    async fn type_text(&self, text: &str) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(text)
            .await
            .expect("typing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and axe-core (scripts/axe-core)"]
async fn every_page_passes_axe_core_at_wcag_2_1_aa() {
    let axe = axe_source();
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let base = server.base.trim_end_matches('/').to_owned();
    let body = ureq::get(&format!("{base}/api/v1/search?q=utbyggnadslagen"))
        .call()
        .expect("the API answers")
        .body_mut()
        .read_to_string()
        .expect("a body");
    let finding: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let id = finding["hits"][0]["id"]
        .as_str()
        .expect("a finding")
        .to_owned();
    let document = finding["hits"][0]["document"]["id"]
        .as_str()
        .expect("its document")
        .to_owned();
    let pages = [
        "/".to_owned(),
        "/?q=fiber".to_owned(),
        "/?q=fiber&area=landsbygd&from=2016-01-01".to_owned(),
        "/?q=markavtal+kostnad".to_owned(),
        "/?q=fiber&from=inte-ett-datum".to_owned(),
        format!("/findings/{id}"),
        format!("/documents/{document}"),
        "/documents".to_owned(),
        "/omraden".to_owned(),
        "/kallor".to_owned(),
        "/oversikt".to_owned(),
        "/nytt".to_owned(),
        "/omraden/landsbygd".to_owned(),
        "/utkast".to_owned(),
        format!("/utkast?text=Kommunerna+k%C3%A4nner+inte+till+utbyggnadslagen.&ids={id}"),
        "/logga-in".to_owned(),
        "/tillganglighet".to_owned(),
        "/finns-inte".to_owned(),
    ];
    let mut failures = Vec::new();
    for page in &pages {
        browser.goto(&format!("{base}{page}")).await;
        for violation in browser.axe_violations(&axe).await {
            failures.push(format!("{page}: {violation}"));
        }
    }
    assert!(failures.is_empty(), "axe-core:\n{}", failures.join("\n"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn the_daily_flow_works_with_the_keyboard_alone() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.goto(&server.base).await;

    // The first Tab offers to skip the menu.
    browser.press(Key::Tab).await;
    assert!(
        browser.focused().await.contains("skip-link"),
        "{}",
        browser.focused().await
    );
    browser.press(Key::Enter).await;

    // Search.
    browser.tab_to("#q").await;
    browser.type_text("fiber").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("q=fiber").await;

    // Filter: a checkbox ticked with the space bar applies at once.
    browser.tab_to("input[name=area][value=landsbygd]").await;
    browser.press(Key::Space).await;
    browser.wait_for_url("area=landsbygd").await;

    // Put the first hit in the draft basket.
    browser.tab_to(".hit .basket-link").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('#basket .basket-count').textContent === '1'",
            "the basket holds the hit",
        )
        .await;

    // Open a finding and copy its citation.
    browser.tab_to(".hit .hit-text").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/findings/").await;
    browser.tab_to("button.copy[data-copy=cite-markdown]").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('.citation .copy-status').textContent.length > 0",
            "the copy is reported",
        )
        .await;

    // Build a draft with it.
    browser.tab_to("a[href^='/utkast?ids=']").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/utkast?").await;
    browser.tab_to("#text").await;
    browser
        .type_text("Många kommuner känner inte till utbyggnadslagen.")
        .await;
    browser.tab_to(".draft-text button[type=submit]").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("text=").await;
    browser
        .tab_to(".suggested .pick input[type=checkbox]")
        .await;
    browser.press(Key::Space).await;
    browser
        .tab_to(".suggested .draft-actions button[type=submit]")
        .await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelectorAll('.chosen-list li').length === 2",
            "the draft cites two findings",
        )
        .await;
    let markdown = browser
        .client
        .execute(
            "return document.getElementById('draft-markdown').value;",
            vec![],
        )
        .await
        .expect("the draft");
    assert!(
        markdown.as_str().unwrap_or_default().contains("[^2]"),
        "two footnotes: {markdown}"
    );
    browser.screenshot("09-keyboard-draft").await;
    browser.close().await;
}

/// A member adds a real deck with the keyboard alone: the form, the preview slide by slide,
/// "Spara", and the deck found by a search; every page of the way passes axe-core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and axe-core (scripts/axe-core)"]
async fn a_member_adds_a_deck_with_the_keyboard_alone() {
    let axe = axe_source();
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let base = server.base.trim_end_matches('/').to_owned();
    browser.goto(&format!("{base}/logga-in")).await;
    browser.sign_in("anna", "ett långt lösenord").await;
    browser
        .wait_until(
            "document.querySelector('a[href=\"/lagg-till\"]')",
            "the menu offers Lägg till",
        )
        .await;

    // From the menu to the form.
    browser.tab_to("a[href='/lagg-till']").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/lagg-till").await;
    let mut failures: Vec<String> = browser.axe_violations(&axe).await;

    // A file input takes a path typed to it: what a browser's file dialog hands it.
    let deck = crate::support::fixture("office/seed.pptx");
    browser.tab_to("#file").await;
    browser
        .type_text(deck.to_str().expect("a UTF-8 path"))
        .await;
    browser.tab_to("#title").await;
    browser.type_text("Möte 3 som bildspel").await;
    browser.tab_to("input[name=areas][value=samverkan]").await;
    browser.press(Key::Space).await;
    browser.tab_to("form.contribute button[type=submit]").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('h1').textContent === 'Förhandsgranska'",
            "the preview",
        )
        .await;
    failures.extend(browser.axe_violations(&axe).await);
    browser.tab_to("details > summary").await;
    browser.press(Key::Enter).await;
    let slides = browser.text(".preview details").await;
    assert!(slides.contains("Bild 2: Agenda"), "{slides}");
    browser.screenshot("10-add-preview").await;

    browser
        .tab_to("form[action='/lagg-till/spara'] button")
        .await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('h1').textContent === 'Sparat'",
            "saved",
        )
        .await;
    failures.extend(browser.axe_violations(&axe).await);
    browser.tab_to(".results a").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/documents/").await;
    let title = browser.text("h1").await;
    assert_eq!(title, "Möte 3 som bildspel");
    failures.extend(browser.axe_violations(&axe).await);

    // What one added, one may change: the form behind the document's link.
    browser.tab_to("a[href$='/andra']").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/andra").await;
    failures.extend(browser.axe_violations(&axe).await);

    // Written feedback, with the keyboard alone, on the area.
    browser
        .goto(&format!(
            "{base}/aterkoppling?responds_to=/omraden/samverkan"
        ))
        .await;
    failures.extend(browser.axe_violations(&axe).await);
    browser.tab_to("#text").await;
    browser
        .type_text("Samverkan mellan kommunerna behöver en gemensam modell.")
        .await;
    browser.tab_to("form.contribute button[type=submit]").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/documents/").await;
    let answers = browser.text(".answers").await;
    assert!(answers.contains("/omraden/samverkan"), "{answers}");
    browser.goto(&format!("{base}/omraden/samverkan")).await;
    let listed = browser.text(".responses").await;
    assert!(listed.contains("Återkoppling"), "{listed}");
    failures.extend(browser.axe_violations(&axe).await);
    // The seed's own slide and the deck's copy of it.
    browser
        .goto(&format!("{base}/?q=h%C3%A4ngr%C3%A4nnan"))
        .await;
    browser
        .wait_until(
            "document.querySelectorAll('.hit').length === 2",
            "the deck is found",
        )
        .await;
    assert!(failures.is_empty(), "axe-core:\n{}", failures.join("\n"));
    browser.close().await;
}

/// Files dropped on the upload form are chosen as if picked in the dialog, and sending them
/// shows its progress before the preview replaces the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and axe-core (scripts/axe-core)"]
async fn files_dropped_on_the_upload_form_are_sent_with_their_progress() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let base = server.base.trim_end_matches('/').to_owned();
    browser.goto(&format!("{base}/logga-in")).await;
    browser.sign_in("anna", "ett långt lösenord").await;
    browser.goto(&format!("{base}/lagg-till")).await;
    let hint_shown = browser
        .client
        .execute(
            "return !document.querySelector('.drop-hint').hidden;",
            vec![],
        )
        .await
        .expect("the hint");
    assert_eq!(
        hint_shown,
        serde_json::Value::Bool(true),
        "the form says files can be dropped"
    );
    // What a file manager hands the browser when a file is dropped.
    browser
        .client
        .execute(
            "const files = new DataTransfer();
             files.items.add(new File(['## Från Flen\\n\\n- Markavtalen drar ut på tiden i Flen.\\n'],
                                      'anteckningar flen.md', { type: 'text/markdown' }));
             const form = document.querySelector('form.contribute');
             form.dispatchEvent(new DragEvent('dragover', { dataTransfer: files, bubbles: true, cancelable: true }));
             form.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await
        .expect("dropping a file");
    browser
        .wait_until(
            "document.querySelector('#file').files.length === 1",
            "the dropped file is chosen",
        )
        .await;
    assert_eq!(
        browser.text(".upload-status").await,
        "Vald fil: anteckningar flen.md"
    );
    browser.tab_to("form.contribute button[type=submit]").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('h1').textContent === 'Förhandsgranska'",
            "the preview, after the upload's progress",
        )
        .await;
    let preview = browser.text("main").await;
    assert!(preview.contains("anteckningar flen.md"), "{preview}");
    assert!(
        preview.contains("Från Flen"),
        "the title from its heading: {preview}"
    );
    // The findings, folded under their section until opened.
    let findings = browser
        .client
        .execute(
            "return document.querySelector('.preview').textContent;",
            vec![],
        )
        .await
        .expect("the preview's text");
    assert!(
        findings
            .as_str()
            .unwrap_or_default()
            .contains("Markavtalen drar ut på tiden i Flen."),
        "{findings}"
    );
    browser.close().await;
}

/// A round of written feedback with the keyboard alone: the secretariat drafts an area's
/// description from the material and sends it out with a deadline; feedback is written on a
/// part (its questions shown) and decided; every page of the way passes axe-core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium, chromedriver and axe-core (scripts/axe-core)"]
async fn a_round_of_feedback_with_the_keyboard_alone() {
    let axe = axe_source();
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let base = server.base.trim_end_matches('/').to_owned();
    browser.goto(&format!("{base}/logga-in")).await;
    browser.sign_in("kansli", "ett långt lösenord").await;
    browser
        .wait_until(
            "document.querySelector('a[href=\"/lagg-till\"]')",
            "signed in",
        )
        .await;

    browser.goto(&format!("{base}/omraden/landsbygd")).await;
    browser
        .tab_to("a[href='/omraden/landsbygd/beskrivning']")
        .await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/omraden/landsbygd/beskrivning").await;
    let mut failures: Vec<String> = browser.axe_violations(&axe).await;
    browser.tab_to("form[action$='/utkast'] button").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('#rubrik-fotnoter')",
            "the draft with its footnotes",
        )
        .await;
    failures.extend(browser.axe_violations(&axe).await);
    browser.screenshot("20-description-draft").await;

    // A date field's keyboard entry follows the browser's locale: the date is set as the
    // picker would set it, the rest is typed.
    browser
        .client
        .execute(
            "document.querySelector('#deadline').value = '2099-12-16';",
            vec![],
        )
        .await
        .expect("choosing the deadline");
    browser.tab_to("#note").await;
    browser.type_text("Första utskicket före mötet").await;
    browser.tab_to("form[action$='/utskick'] button").await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('.deadline') && document.querySelector('.deadline').textContent.includes('16 december 2099')",
            "the round is out",
        )
        .await;
    failures.extend(browser.axe_violations(&axe).await);

    // Feedback on the part Utmaningar, from the link beside it.
    browser.tab_to("a[href*='beskrivning%23utmaningar']").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/aterkoppling").await;
    let questions = browser.text(".questions").await;
    assert!(
        questions.contains("Förklarar texten utmaningarna tydligt?"),
        "{questions}"
    );
    failures.extend(browser.axe_violations(&axe).await);
    browser.tab_to("#text").await;
    browser
        .type_text("Texten förklarar inte varför marknaden inte bygger i glesbygd.")
        .await;
    browser.tab_to("form.contribute button[type=submit]").await;
    browser.press(Key::Enter).await;
    browser.wait_for_url("/documents/").await;
    let answers = browser.text(".answers").await;
    assert!(
        answers.contains("/omraden/landsbygd/beskrivning#utmaningar"),
        "{answers}"
    );

    // The secretariat marks it worked in, beside the part.
    browser
        .goto(&format!("{base}/omraden/landsbygd/beskrivning"))
        .await;
    browser
        .tab_to("#utmaningar form[action*='/aterkoppling/'] button")
        .await;
    browser.press(Key::Enter).await;
    browser
        .wait_until(
            "document.querySelector('#utmaningar .outcome') && document.querySelector('#utmaningar .outcome').textContent === 'Inarbetad'",
            "the outcome is shown",
        )
        .await;
    failures.extend(browser.axe_violations(&axe).await);
    browser.screenshot("21-description-round").await;
    browser.goto(&format!("{base}/oversikt")).await;
    let overview = browser.text("table.descriptions").await;
    assert!(
        overview.contains("Ute för återkoppling till 16 december 2099"),
        "{overview}"
    );
    failures.extend(browser.axe_violations(&axe).await);
    assert!(failures.is_empty(), "axe-core:\n{}", failures.join("\n"));
    browser.close().await;
}
