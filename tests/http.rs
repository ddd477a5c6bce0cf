//! The server on a real socket, called by a real HTTP client.

use std::io::Read;

use crate::support;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn fetch(url: &str) -> (u16, String, String) {
    let mut response = agent().get(url).call().expect("the server answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut body = String::new();
    response
        .body_mut()
        .as_reader()
        .read_to_string(&mut body)
        .expect("reading the body");
    (status, content_type, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_api_and_pages_over_tcp() {
    let index = indexer::Library::open(&support::seed().path()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve(
        listener,
        server::AppState::new(index),
        async {
            let _ = stopped.await;
        },
    ));

    let results = tokio::task::spawn_blocking(move || {
        let urls = [
            "/api/v1/search?q=torrinstallation",
            "/?q=utbyggnadslagen",
            "/api/v1/search?limit=-1",
            "/healthz",
        ];
        urls.map(|path| fetch(&format!("{base}{path}")))
    })
    .await
    .unwrap();

    let [api, page, bad, health] = results;
    assert_eq!((api.0, api.1.as_str()), (200, "application/json"));
    let json: serde_json::Value = serde_json::from_str(&api.2).unwrap();
    assert_eq!(json["total"], 1);
    assert_eq!(page.0, 200);
    assert!(page.2.contains("<mark>utbyggnadslagen</mark>"));
    assert_eq!(bad.0, 400);
    assert!(bad.2.contains("invalid_limit"));
    assert_eq!(health.0, 200);

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
