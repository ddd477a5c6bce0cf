//! Hinder's HTTP server: a JSON API for tools and a Swedish web UI for people, both over one
//! [`indexer::Library`]: its public index for everyone, its members' index for members
//! signed in ([`auth`]).
//!
//! The server is stateless over the index: everything it shows comes from the index folder.
//! It never builds queries itself; it parses parameters ([`params`]), calls the index off the
//! async runtime ([`AppState::run`]) and renders JSON ([`json`]) or HTML ([`views`]).
//!
//! ```no_run
//! # async fn example() -> anyhow::Result<()> {
//! let library = indexer::Library::open(std::path::Path::new("data/index"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! server::serve(listener, server::AppState::new(library), server::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

mod assistant;
pub mod auth;
pub mod background;
pub mod basket;
mod caching;
pub mod changes;
pub mod citation;
mod config;
pub mod cross_site;
pub mod description_export;
pub mod descriptions;
pub mod draft;
mod error;
mod feed;
mod follow;
pub mod json;
pub mod limits;
pub mod links;
pub mod live;
pub mod params;
pub mod refusals;
pub mod report;
pub mod resolved;
mod routes;
pub mod security;
mod shedding;
pub mod staging;
mod state;
pub mod upload_form;
pub mod views;
pub mod word;
pub mod writes;

use std::future::Future;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::{Config, ConfigError};
pub use error::{ApiError, Forbidden};
pub use follow::follow_corpus;
pub use state::{AppState, Settings};

/// The application: every route, with conditional GETs, security headers and limits, and
/// request tracing.
pub fn app(state: AppState) -> Router {
    let routes = routes::router(state.settings()).layer(axum::middleware::from_fn_with_state(
        state.clone(),
        caching::conditional_get,
    ));
    let settings = state.settings().clone();
    security::protect(routes, &settings)
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            tracing::info_span!("request", method = %request.method(), route, path = %request.uri().path())
        }))
        .with_state(state)
}

/// Serves the application on a bound listener until `shutdown` completes.
///
/// # Errors
/// When accepting connections fails.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Without TCP_NODELAY, a response written in several pieces (the streamed export) waits
    // for the client's delayed ACK on a kept-alive connection: 40 ms per request.
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
    });
    // The peer's address is what the sign-in rate limit counts by.
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
