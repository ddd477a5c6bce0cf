//! Test corpora and indexes in temporary folders, HTTP helpers and the `hinder` binary.

mod process;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use indexer::{Audience, IndexView, Library, SearchIndex};
use server::auth::{Members, MembersStore, Role};
use tempfile::TempDir;
use tower::ServiceExt;

pub use process::{
    Running, Server, hinder, hinder_with_input, members_file, serve, serve_with, spawn_index, text,
};

/// The frozen seed corpus the tests run on: a copy of the repository's `corpus/` as it was
/// when the judged queries and expected counts were written. `corpus/` itself is the users'
/// data and changes as they add documents; only `live_corpus.rs` reads it.
pub fn seed_corpus() -> PathBuf {
    fixture("corpus")
}

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The text a browser shows for escaped HTML: askama writes `&#38;`, the snippets `&amp;`.
pub fn unescape(html: &str) -> String {
    html_escape::decode_html_entities(html).into_owned()
}

/// A scratch folder under the target directory.
pub fn scratch() -> TempDir {
    tempfile::Builder::new()
        .prefix("hinder-e2e-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("creating a scratch folder")
}

/// A copy of a corpus that a test may change.
pub struct TestCorpus {
    dir: TempDir,
}

impl TestCorpus {
    /// A copy of the seed corpus.
    pub fn seed() -> Self {
        let dir = scratch();
        copy_tree(&seed_corpus(), dir.path());
        Self { dir }
    }

    /// The seed corpus plus the fixture documents (tricky content, another date).
    pub fn with_fixtures() -> Self {
        let corpus = Self::seed();
        copy_tree(&fixture("documents"), &corpus.path().join("documents"));
        corpus
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a document into `documents/` (`name` may name a folder in it).
    pub fn add(&self, name: &str, content: &str) {
        let path = self.path().join("documents").join(name);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).expect("creating a test folder");
        }
        fs::write(path, content).expect("writing a test document");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("creating a folder");
    for entry in fs::read_dir(from).expect("listing a folder") {
        let entry = entry.expect("reading a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("reading a file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copying a file");
        }
    }
}

/// An index built from a corpus, in its own folder.
pub struct TestIndex {
    /// Kept so that the corpus folder lives as long as its index.
    _corpus: TestCorpus,
    dir: TempDir,
    /// The members' index as built (it holds every document); tests that follow updates
    /// open their own [`SearchIndex`].
    pub index: Arc<IndexView>,
}

impl TestIndex {
    pub fn build(corpus: TestCorpus) -> Self {
        let dir = scratch();
        let report = indexer::build_index(corpus.path(), &Self::index_path(&dir), &mut |_, _| {})
            .expect("building the test index");
        assert!(
            report.failures.is_empty(),
            "test corpus has bad files: {:?}",
            report.failures
        );
        // The library-level tests read the members' index: it holds every document.
        let index = SearchIndex::open(&Audience::Members.index_dir(&Self::index_path(&dir)))
            .expect("opening the test index")
            .view();
        Self {
            _corpus: corpus,
            dir,
            index,
        }
    }

    fn index_path(dir: &TempDir) -> PathBuf {
        dir.path().join("index")
    }

    pub fn path(&self) -> PathBuf {
        Self::index_path(&self.dir)
    }

    /// The application over a fresh handle on this index.
    pub fn app(&self) -> Router {
        self.app_with(server::Settings::default())
    }

    /// The application with these settings; [`member`] may sign in.
    pub fn app_with(&self, settings: server::Settings) -> Router {
        let library = Library::open(&self.path()).expect("opening the test index");
        let members = MembersStore::fixed(member().members.clone());
        server::app(server::AppState::with_settings(library, members, settings))
    }
}

/// The test member: name, password, a read-only API token, a write token, an editor with a
/// write token, and the members they belong to.
pub struct TestMember {
    pub name: &'static str,
    pub password: &'static str,
    pub token: String,
    pub write_token: String,
    pub editor_token: String,
    pub members: Members,
}

/// The one member of the test apps, made once per run (password hashing takes a while).
pub fn member() -> &'static TestMember {
    static MEMBER: OnceLock<TestMember> = OnceLock::new();
    MEMBER.get_or_init(|| {
        let (name, password) = ("medlem", "ett långt testlösenord");
        let mut members = Members::default();
        members
            .add(name, password, Role::Member)
            .expect("adding the test member");
        let token = members
            .create_token(name, "tester", "2026-11-27", false)
            .expect("a token");
        let write_token = members
            .create_token(name, "import", "2026-12-05", true)
            .expect("a token");
        let editor = "kansliet";
        members
            .add(editor, password, Role::Editor)
            .expect("adding the test editor");
        let editor_token = members
            .create_token(editor, "kansliet", "2026-12-05", true)
            .expect("a token");
        TestMember {
            name,
            password,
            token,
            write_token,
            editor_token,
            members,
        }
    })
}

/// A corpus the application may change, with the index that follows it: what a running
/// server with a corpus folder is.
pub struct WritableCorpus {
    pub corpus: TestCorpus,
    index: TempDir,
    state: server::AppState,
}

impl WritableCorpus {
    pub fn new(corpus: TestCorpus, settings: server::Settings) -> Self {
        let index = scratch();
        let index_dir = index.path().join("index");
        indexer::build_index(corpus.path(), &index_dir, &mut |_, _| {})
            .expect("building the test index");
        let library = Library::open(&index_dir).expect("opening the test index");
        let members = MembersStore::fixed(member().members.clone());
        let state = server::AppState::with_settings(library, members, settings);
        let (state, watcher) = server::follow_corpus(state, corpus.path(), &index_dir);
        // The server's own changes update the index before they answer; the tests do not
        // wait for a watcher.
        drop(watcher);
        Self {
            corpus,
            index,
            state,
        }
    }

    pub fn app(&self) -> Router {
        server::app(self.state.clone())
    }

    /// The folder of the live index the server keeps up to date.
    pub fn index_dir(&self) -> std::path::PathBuf {
        self.index.path().join("index")
    }
    /// The state, to serve it on a socket ([`listen`]).
    pub fn state(&self) -> server::AppState {
        self.state.clone()
    }
}

/// An index's application with these settings as state, to serve on a socket ([`listen`]).
pub fn state_with(index: &TestIndex, settings: server::Settings) -> server::AppState {
    let library = Library::open(&index.path()).expect("opening the test index");
    let members = MembersStore::fixed(member().members.clone());
    server::AppState::with_settings(library, members, settings)
}

/// The application on a real socket, in this process; it stops when this is dropped.
pub struct Listening {
    /// Scheme, host and port, without a trailing slash.
    pub base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// Serves a state on a free port of the loopback interface, as `hinder serve` does.
pub async fn listen(state: server::AppState) -> Listening {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding a free port");
    let base = format!("http://{}", listener.local_addr().expect("a bound address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    Listening { base, _stop: stop }
}

/// `GET url` over HTTP with a real client, with a member's token if given.
pub async fn fetch(url: &str, token: Option<&str>) -> Reply {
    let url = url.to_owned();
    let authorization = token.map(|token| format!("Bearer {token}"));
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut request = agent.get(&url);
        if let Some(value) = &authorization {
            request = request.header("authorization", value);
        }
        let mut response = request.call().expect("the server answers");
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response
            .body_mut()
            .read_to_string()
            .expect("reading the body");
        Reply {
            status: response.status(),
            content_type,
            headers,
            body,
        }
    })
    .await
    .expect("the client ran")
}

/// A `multipart/form-data` body of text fields and, optionally, one file: its content type
/// and bytes.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "hinder-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// A request as a member with a token.
pub fn request_as(
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "localhost");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    match body {
        Some((content_type, bytes)) => request
            .header("content-type", content_type)
            .body(Body::from(bytes)),
        None => request.body(Body::empty()),
    }
    .expect("building a request")
}

/// The seed corpus, indexed once per test run.
pub fn seed() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| TestIndex::build(TestCorpus::seed()))
}

/// The seed corpus plus the fixture documents, indexed once per test run.
pub fn with_fixtures() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| TestIndex::build(TestCorpus::with_fixtures()))
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }
}

/// `GET uri` against the router, without a socket.
pub async fn get(app: &Router, uri: &str) -> Reply {
    let request = Request::get(uri)
        .header("host", "localhost")
        .body(Body::empty())
        .expect("building a request");
    send(app, request).await
}

/// `POST uri` with a JSON body against the router.
pub async fn post_json(app: &Router, uri: &str, body: &serde_json::Value) -> Reply {
    let request = Request::post(uri)
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("building a request");
    send(app, request).await
}

/// Any request against the router, without a socket.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("reading the body")
        .to_bytes();
    Reply {
        status,
        content_type,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

/// The ids of a search response's hits.
pub fn hit_ids(json: &serde_json::Value) -> Vec<String> {
    json["hits"]
        .as_array()
        .expect("hits is an array")
        .iter()
        .map(|hit| hit["id"].as_str().expect("hit id").to_owned())
        .collect()
}

/// A JSON request of `method` as a member with `token` (or the public), answered by the
/// corpus's application.
pub async fn json(
    corpus: &WritableCorpus,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &serde_json::Value,
) -> Reply {
    let body = Some(("application/json", body.to_string().into_bytes()));
    send(&corpus.app(), request_as(method, uri, token, body)).await
}

/// `GET uri` as a member with `token` (or the public).
pub async fn get_as(corpus: &WritableCorpus, uri: &str, token: Option<&str>) -> Reply {
    send(&corpus.app(), request_as("GET", uri, token, None)).await
}

/// A `multipart/form-data` request (text fields and, optionally, one file) to `uri` as a
/// member with `token` (or the public).
pub async fn upload(
    corpus: &WritableCorpus,
    token: Option<&str>,
    uri: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Reply {
    let (content_type, body) = multipart(fields, file);
    let request = request_as("POST", uri, token, Some((&content_type, body)));
    send(&corpus.app(), request).await
}
