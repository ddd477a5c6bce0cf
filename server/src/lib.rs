//! Hinder's HTTP server: a JSON API for tools and a Swedish web UI for people, both over one
//! [`indexer::SearchIndex`].
//!
//! The server is stateless over the index: everything it shows comes from the index folder.
//! It never builds queries itself; it parses parameters ([`params`]), calls the index off the
//! async runtime ([`AppState::run`]) and renders JSON ([`json`]) or HTML ([`views`]).
//!
//! ```no_run
//! # async fn example() -> anyhow::Result<()> {
//! let index = indexer::SearchIndex::open(std::path::Path::new("data/index"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! server::serve(listener, server::AppState::new(index), server::shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

mod assistant;
mod caching;
pub mod citation;
mod config;
pub mod draft;
mod error;
pub mod json;
pub mod live;
pub mod openapi;
pub mod params;
mod routes;
mod state;
pub mod views;

use std::future::Future;

use axum::Router;
use axum::extract::MatchedPath;
use axum::http::Request;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use config::{Config, ConfigError};
pub use error::ApiError;
pub use state::{AppState, Settings};

/// The application: every route, with conditional GETs and request tracing.
pub fn app(state: AppState) -> Router {
    routes::router(state.settings())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            caching::conditional_get,
        ))
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
    axum::serve(listener, app(state))
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
