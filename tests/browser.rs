//! The web UI in a real browser: headless Chromium driven over WebDriver (chromedriver)
//! against `hinder serve`. Search with suggestions, filters, a finding's page with its copy
//! button, the draft basket, signing in, a document holding script that must stay text, and
//! accessibility (`accessibility.rs`: axe-core on every page, the keyboard alone).
//!
//! They need Debian's `chromium` and `chromium-driver`, so they are ignored by a plain
//! `cargo test`; `.ci/run` installs both and runs them with
//! `cargo test --test e2e browser -- --ignored`. Screenshots land in
//! `target/browser-screenshots/`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use crate::support::{
    Running, Server, TestCorpus, hinder_with_input, members_file, scratch, serve,
};

mod accessibility;

/// A headless Chromium session, with the chromedriver that drives it.
struct Browser {
    client: Client,
    _driver: Running,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// The window of a phone (390 × 844 CSS pixels).
    async fn as_phone(&self) {
        self.client
            .set_window_size(390, 844)
            .await
            .expect("a phone-sized window");
    }

    async fn start() -> Self {
        let port = free_port();
        let driver = Running(
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("starting chromedriver (install chromium-driver)"),
        );
        let profile = scratch();
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut capabilities = serde_json::Map::new();
        let mut options = serde_json::json!({ "args": args });
        if let Ok(binary) = std::env::var("CHROMIUM") {
            options["binary"] = binary.into();
        }
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("no WebDriver session: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Self {
            client,
            _driver: driver,
            _profile: profile,
        }
    }

    async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("loading a page");
    }

    /// The first element `css` selects, waiting up to 10 s for it to appear.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no {css}: {error}"))
    }

    async fn text(&self, css: &str) -> String {
        self.element(css)
            .await
            .text()
            .await
            .expect("an element's text")
    }

    async fn click(&self, css: &str) {
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|error| panic!("clicking {css}: {error}"));
    }

    async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("the URL")
            .to_string()
    }

    /// Waits until the page's script says `done` (a JavaScript expression) is true.
    async fn wait_until(&self, done: &str, what: &str) {
        let started = Instant::now();
        loop {
            let value = self
                .client
                .execute(&format!("return !!({done});"), vec![])
                .await
                .unwrap_or(serde_json::Value::Bool(false));
            if value.as_bool() == Some(true) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "never: {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the URL contains `part` (a navigation has happened).
    async fn wait_for_url(&self, part: &str) {
        let started = Instant::now();
        while !self.url().await.contains(part) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "never reached a URL with {part}: {}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fills in and sends the sign-in form of the page shown.
    async fn sign_in(&self, name: &str, password: &str) {
        let form = self
            .client
            .form(Locator::Css("form.login"))
            .await
            .expect("the sign-in form");
        form.set_by_name("name", name).await.expect("the name");
        form.set_by_name("password", password)
            .await
            .expect("the password");
        form.submit().await.expect("submitting");
    }

    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshots();
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("saving a screenshot");
    }

    async fn close(self) {
        self.client.close().await.expect("closing the browser");
    }
}

fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder")
        .join("browser-screenshots")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// `hinder serve` over the corpus with fixtures and one members-only document, with one
/// member (`anna`) and one editor of the secretariat (`kansli`).
fn server() -> (Server, TestCorpus, tempfile::TempDir) {
    let corpus = TestCorpus::with_fixtures();
    corpus.add(
        "2018-03-01-intern.md",
        "+++\ntitle = \"Internt om Zorbalund\"\nstatus = \"arbetsmaterial\"\n+++\n\n## Zorbalund\n\n- Sekretessfiberplanen för Zorbalund.\n",
    );
    let work = scratch();
    let index = work.path().join("index");
    let added = hinder_with_input(
        &["user", "--members", &members_file(&index), "add", "anna"],
        "ett långt lösenord\n",
    );
    assert!(added.status.success());
    let editor = hinder_with_input(
        &[
            "user",
            "--members",
            &members_file(&index),
            "add",
            "kansli",
            "--role",
            "editor",
        ],
        "ett långt lösenord\n",
    );
    assert!(editor.status.success());
    (serve(&corpus, &index), corpus, work)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn searching_with_suggestions_filters_and_a_finding_with_its_citation() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.goto(&server.base).await;

    let box_ = browser
        .client
        .find(Locator::Css("#q"))
        .await
        .expect("the search box");
    box_.send_keys("utbyg").await.expect("typing");
    let suggestion = browser.text("#suggestions [role=option]").await;
    assert!(
        suggestion.to_lowercase().contains("utbyggnad"),
        "a completion: {suggestion}"
    );
    browser.screenshot("01-suggestions").await;

    box_.clear().await.expect("clearing");
    let enter = char::from(fantoccini::key::Key::Enter);
    box_.send_keys(&format!("utbyggnadslagen{enter}"))
        .await
        .expect("typing and Enter");
    browser.wait_for_url("q=utbyggnadslagen").await;
    let marked = browser.text(".hit mark").await;
    assert_eq!(marked.to_lowercase(), "utbyggnadslagen");
    browser.screenshot("02-results").await;

    // Ticking a filter applies it at once (search.js submits the form).
    browser.goto(&format!("{}?q=fiber", server.base)).await;
    let summary = browser.text("#summary").await;
    browser.click("input[name=area][value=landsbygd]").await;
    browser.wait_for_url("area=landsbygd").await;
    let filtered = browser.text("#summary").await;
    assert_ne!(filtered, summary, "the filter changed the hits");
    for tags in browser
        .client
        .find_all(Locator::Css(".hit .hit-meta"))
        .await
        .expect("the hits")
    {
        assert!(tags.text().await.expect("tags").contains("Landsbygd"));
    }
    browser.screenshot("03-filtered").await;

    browser.click(".hit .hit-text").await;
    browser.wait_for_url("/findings/").await;
    assert_eq!(browser.text("#citation-heading").await, "Citera");
    let citation = browser
        .client
        .find(Locator::Css("#cite-markdown"))
        .await
        .expect("the citation")
        .prop("value")
        .await
        .expect("its value")
        .unwrap_or_default();
    assert!(citation.starts_with("> "), "{citation}");
    assert!(citation.contains("/findings/"), "{citation}");
    // The copy button is hidden without JavaScript; copy.js shows it and reports the copy.
    browser.click("button.copy[data-copy=cite-markdown]").await;
    // The copy settles after the click returns: wait for its report before reading it.
    browser
        .wait_until(
            "document.querySelector('.copy-status').textContent.length > 0",
            "the copy is reported",
        )
        .await;
    let status = browser.text(".copy-status").await;
    assert!(
        status == "Kopierat till urklipp." || status.starts_with("Kunde inte kopiera automatiskt"),
        "the copy is reported: {status:?}"
    );
    browser.screenshot("04-finding").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn signing_in_opens_members_only_material() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let secret = format!("{}documents/2018-03-01-intern", server.base);
    browser.goto(&secret).await;
    assert_eq!(browser.text("h1").await, "Hittades inte");

    browser.goto(&format!("{}logga-in", server.base)).await;
    browser.sign_in("anna", "fel lösenord igen").await;
    assert!(
        browser
            .text(".error-message")
            .await
            .contains("Fel användarnamn eller lösenord")
    );
    browser.screenshot("05-wrong-password").await;

    browser.sign_in("anna", "ett långt lösenord").await;
    assert!(
        browser
            .text(".session .member")
            .await
            .contains("Inloggad som anna")
    );
    browser.goto(&secret).await;
    assert_eq!(browser.text("h1").await, "Internt om Zorbalund");
    browser.screenshot("06-signed-in").await;

    // The name leads to the account page, which can also sign out every device.
    browser.click(".session .member").await;
    browser.wait_for_url("/logga-in").await;
    assert_eq!(browser.text("h1").await, "Inloggad");
    assert!(
        browser
            .text("main button[name='everywhere']")
            .await
            .contains("Logga ut på alla enheter")
    );

    browser.click(".session button").await;
    // Signing out is a form post: wait for its answer, or the next page load races it.
    assert_eq!(
        browser.text(".session > a[href='/logga-in']").await,
        "Logga in"
    );
    browser.goto(&secret).await;
    assert_eq!(
        browser.text("h1").await,
        "Hittades inte",
        "signed out again"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn script_in_a_document_stays_text() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.goto(&format!("{}?q=xss", server.base)).await;
    let hit = browser.text(".hit .hit-text").await;
    assert!(
        hit.contains("<script>alert(\"xss\")</script>"),
        "shown as text: {hit}"
    );
    assert!(
        browser.client.get_alert_text().await.is_err(),
        "no alert opened"
    );
    browser.click(".hit .hit-text").await;
    browser.wait_for_url("/findings/").await;
    let ran: serde_json::Value = browser
        .client
        .execute(
            "return document.querySelectorAll('script:not([src])').length",
            vec![],
        )
        .await
        .expect("a script of the test's own");
    assert_eq!(ran, 0, "no inline script in the page");
    assert!(
        browser.client.get_alert_text().await.is_err(),
        "no alert opened"
    );
    browser.screenshot("07-xss-inert").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn hits_are_cited_and_collected_into_a_draft_across_searches() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.goto(&format!("{}?q=fiber", server.base)).await;
    let first = browser
        .element(".hit")
        .await
        .attr("id")
        .await
        .unwrap()
        .unwrap();
    // The hit's text looks like the link it is.
    let style = browser
        .client
        .execute(
            "const s = getComputedStyle(document.querySelector('.hit .hit-text')); \
             return [s.textDecorationLine, s.color];",
            vec![],
        )
        .await
        .expect("the hit's style");
    assert_eq!(style[0], "underline", "{style}");
    assert_ne!(
        style[1], "rgb(29, 35, 48)",
        "not the body text's colour: {style}"
    );
    browser.click(".hit .basket-link").await;
    // The script changes the basket in place: no page load, the bar shows the count.
    assert_eq!(browser.text("#basket .basket-count").await, "1");
    assert_eq!(browser.text(".hit .in-basket").await, "I utkastet ✓");
    assert!(
        browser.url().await.ends_with("?q=fiber"),
        "{}",
        browser.url().await
    );
    browser.screenshot("07-basket").await;

    browser.goto(&format!("{}?q=kommun", server.base)).await;
    assert_eq!(
        browser.text("#basket .basket-count").await,
        "1",
        "the basket stays"
    );
    let links = browser
        .client
        .find_all(Locator::Css(".hit"))
        .await
        .expect("the hits");
    let mut second = None;
    for hit in links {
        let id = hit.attr("id").await.unwrap().unwrap();
        if id != first {
            hit.find(Locator::Css(".basket-link"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            second = Some(id);
            break;
        }
    }
    let second = second.expect("another finding");
    let started = Instant::now();
    while browser.text("#basket .basket-count").await != "2" {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the count never reached 2"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    browser.click(".hit .cite-link").await;
    let started = Instant::now();
    loop {
        // The status is for screen readers (visually hidden): read it from the page.
        let copied = browser
            .client
            .execute(
                "const s = document.getElementById('hit-status'); return s ? s.textContent : ''",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s.contains("kopierat")))
            .unwrap_or(false);
        // Where the clipboard is refused, the link leads to the citation to copy by hand.
        if copied || browser.url().await.contains("#citation-heading") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the copy was never reported"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    browser.goto(&format!("{}?q=kommun", server.base)).await;
    browser.click("#basket .basket-open").await;
    browser.wait_for_url("/utkast?").await;
    for id in [&first, &second] {
        let checked = browser
            .element(&format!("input[name=ids][value='{id}']"))
            .await
            .prop("checked")
            .await
            .unwrap();
        assert_eq!(checked.as_deref(), Some("true"), "{id}");
    }
    browser.screenshot("08-draft-from-basket").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn the_overview_reads_on_a_phone() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.as_phone().await;
    browser.goto(&format!("{}oversikt", server.base)).await;
    browser.element(".timeline").await;
    let report = browser
        .client
        .execute(
            r"const box = e => e.getBoundingClientRect();
            const labels = [...document.querySelectorAll('.heatmap .row-label, .heatmap .cell-count')]
              .map(e => box(e).height);
            const svg = box(document.querySelector('.timeline'));
            const ticks = [...document.querySelectorAll('.timeline .axis-label')].map(box);
            const bars = [...document.querySelectorAll('.timeline .bar')].map(e => box(e).height);
            const counts = [...document.querySelectorAll('.timeline .bar-count, .timeline .axis-label')]
              .map(e => box(e).height);
            return {
              smallest_heat_label: Math.min(...labels),
              smallest_timeline_text: Math.min(...counts),
              ticks_inside: ticks.every(t => t.left >= svg.left - 0.5 && t.right <= svg.right + 0.5),
              ticks_apart: ticks.every((t, i) => i === 0 || ticks[i - 1].right <= t.left
                || t.top >= ticks[i - 1].bottom),
              lowest_bar: Math.min(...bars),
              page_wider_than_screen: document.documentElement.scrollWidth > window.innerWidth,
              svg: [svg.left, svg.right],
              tick_boxes: ticks.map(t => [t.left, t.right]),
            };",
            vec![],
        )
        .await
        .expect("measuring the charts");
    browser.screenshot("10-overview-390px").await;
    let number = |key: &str| report[key].as_f64().unwrap_or_default();
    assert!(number("smallest_heat_label") >= 11.0, "{report}");
    assert!(number("smallest_timeline_text") >= 8.0, "{report}");
    assert!(number("lowest_bar") >= 3.0, "{report}");
    assert_eq!(report["ticks_inside"], true, "{report}");
    assert_eq!(report["ticks_apart"], true, "{report}");
    assert_eq!(
        report["page_wider_than_screen"], false,
        "the heat map scrolls in its frame, not the page: {report}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn help_when_little_is_found_short_addresses_chips_and_mistakes() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    let base = server.base.trim_end_matches('/').to_owned();

    // The form sends only what is set: typing and pressing Enter gives the short address.
    browser.goto(&format!("{base}/")).await;
    let enter = char::from(fantoccini::key::Key::Enter);
    browser
        .element("#q")
        .await
        .send_keys(&format!("stöf{enter}"))
        .await
        .expect("typing");
    browser.wait_for_url("q=st").await;
    assert_eq!(browser.url().await, format!("{base}/?q=st%C3%B6f"));

    // Nothing found: "Menade du …?" leads to the corrected search, which finds something.
    let offer = browser.text(".did-you-mean").await;
    assert!(offer.starts_with("Menade du "), "{offer}");
    browser.click(".did-you-mean a").await;
    browser.wait_for_url("q=st%C3%B6d").await;
    assert!(!browser.text(".hit .hit-text").await.is_empty());

    // Several words, none with all: each word's count and the findings with most of them.
    browser.goto(&format!("{base}/?q=kommunal+roll")).await;
    assert!(
        browser
            .text(".word-counts")
            .await
            .starts_with("Orden var för sig:")
    );
    assert!(
        browser
            .text("#partial-heading")
            .await
            .starts_with("Inga fynd har alla orden")
    );

    // A filter shows as a chip beside the count; its × removes it.
    browser
        .goto(&format!("{base}/?q=fiber&area=landsbygd"))
        .await;
    assert_eq!(browser.text(".chips li").await, "Område: Landsbygd ×");
    browser.click(".chips a").await;
    browser.wait_for_url("q=fiber").await;
    assert_eq!(browser.url().await, format!("{base}/?q=fiber"));
    browser.screenshot("11-chips").await;

    // A mistake keeps the page: the query, the hits and a message beside the field.
    browser
        .goto(&format!("{base}/?q=fiber&from=2016-13-45"))
        .await;
    assert_eq!(
        browser
            .element("#q")
            .await
            .prop("value")
            .await
            .expect("the box")
            .as_deref(),
        Some("fiber")
    );
    assert!(!browser.text("#from-error").await.is_empty());
    assert!(
        !browser.text(".hit .hit-text").await.is_empty(),
        "the rest is searched"
    );
    browser.screenshot("12-mistake").await;
    browser.close().await;
}

/// On a phone the filter panel starts folded, but not when it holds a message about a
/// field: the notice above the hits sends the reader to it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver (Debian: chromium chromium-driver)"]
async fn on_a_phone_the_filters_open_when_they_hold_a_mistake() {
    let (server, _corpus, _work) = server();
    let browser = Browser::start().await;
    browser.as_phone().await;
    let base = server.base.trim_end_matches('/').to_owned();
    let state = r"const filters = document.getElementById('filters');
        const message = document.getElementById('from-error');
        const box = message ? message.getBoundingClientRect() : null;
        return {
          open: filters.open,
          message_seen: !!box && box.height > 0 && box.width > 0,
          notice: (document.querySelector('.form-errors') || {}).textContent || null,
        };";
    browser.goto(&format!("{base}/?q=fiber")).await;
    browser.element(".hit").await;
    let plain = browser
        .client
        .execute(state, vec![])
        .await
        .expect("reading the panel");
    assert_eq!(plain["open"], false, "folded on a phone: {plain}");

    browser
        .goto(&format!("{base}/?q=fiber&from=2016-13-45"))
        .await;
    browser.element(".hit").await;
    let mistaken = browser
        .client
        .execute(state, vec![])
        .await
        .expect("reading the panel");
    assert_eq!(
        mistaken["open"], true,
        "open when it holds the message: {mistaken}"
    );
    assert_eq!(mistaken["message_seen"], true, "{mistaken}");
    assert!(
        mistaken["notice"]
            .as_str()
            .is_some_and(|notice| notice.contains("se meddelandet vid fältet")),
        "{mistaken}"
    );
    browser.screenshot("13-phone-mistake").await;
    browser.close().await;
}
