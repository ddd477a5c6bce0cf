//! Server configuration: flags with environment fallbacks, parsed once in `main`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::state::Settings;

/// The longest search timeout that may be set: with the longest wait for a search slot
/// ([`crate::shedding::MAX_QUEUE_WAIT`]) it stays within the request timeout
/// ([`crate::limits::REQUEST_TIMEOUT`]), so that a stopped search is still answered.
pub const MAX_SEARCH_TIMEOUT: Duration = Duration::from_secs(5);
const _: () = assert!(
    MAX_SEARCH_TIMEOUT.as_secs() + crate::shedding::MAX_QUEUE_WAIT.as_secs()
        < crate::limits::REQUEST_TIMEOUT.as_secs()
);

/// How to run the server.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "HINDER_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Port to listen on, replacing the port of `--addr`.
    #[arg(long, env = "HINDER_PORT")]
    pub port: Option<u16>,

    /// Folder of the index to serve.
    #[arg(long, env = "HINDER_INDEX", default_value = "data/index")]
    pub index: PathBuf,

    /// Public address of this installation (`https://hinder.example.se`), used in citations
    /// and drafts. Without it, links use the host each request was sent to.
    #[arg(long, env = "HINDER_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// An origin whose web pages may call the API (CORS), such as
    /// `https://intranet.example.se`; repeat it, or separate origins with commas. `*` allows
    /// every origin.
    #[arg(
        long = "cors-origin",
        env = "HINDER_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// The members file (`hinder user` writes it): who may sign in to see working material
    /// and input for the steering group. Without members, everyone sees published material
    /// only.
    #[arg(long, env = "HINDER_MEMBERS", default_value = "data/members.toml")]
    pub members: PathBuf,

    /// Seconds one request's searching may take before it is stopped and answered with 503
    /// `search_timeout` (at most 5).
    #[arg(long, env = "HINDER_SEARCH_TIMEOUT", default_value = "3", value_parser = seconds)]
    pub search_timeout: Duration,

    /// The largest file members may upload, in MiB (at most 100, the largest file Hinder
    /// reads).
    #[arg(long, env = "HINDER_MAX_UPLOAD", default_value = "50",
          value_parser = clap::value_parser!(u64).range(1..=100))]
    pub max_upload: u64,

    /// How many changes (uploads, edits, withdrawals) one member may make a minute.
    #[arg(long, env = "HINDER_WRITES_PER_MINUTE", default_value = "30",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub writes_per_minute: u32,
}

/// A positive number of seconds up to [`MAX_SEARCH_TIMEOUT`] (`2`, `0.5`).
fn seconds(text: &str) -> Result<Duration, String> {
    let limit = MAX_SEARCH_TIMEOUT.as_secs_f64();
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| *seconds > 0.0 && *seconds <= limit)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("expected seconds above 0 and at most {limit}, such as 2 or 0.5"))
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `--public-url` is not an http(s) URL.
    #[error("invalid public URL `{0}`: expected http:// or https:// followed by a host")]
    PublicUrl(String),
    /// A CORS origin is not `scheme://host[:port]` or `*`.
    #[error("invalid CORS origin `{0}`: expected scheme://host[:port] or *")]
    CorsOrigin(String),
}

impl Config {
    /// The address to bind, with `--port` applied.
    pub fn listen_addr(&self) -> SocketAddr {
        let mut addr = self.addr;
        if let Some(port) = self.port {
            addr.set_port(port);
        }
        addr
    }

    /// The settings the application runs with.
    ///
    /// # Errors
    /// A public URL or CORS origin that is not well formed.
    pub fn settings(&self) -> Result<Settings, ConfigError> {
        let public_url = match &self.public_url {
            Some(url) if url.trim().is_empty() => None,
            Some(url) if is_origin_like(url.trim().trim_end_matches('/'), true) => {
                Some(url.trim().to_owned())
            }
            Some(url) => return Err(ConfigError::PublicUrl(url.clone())),
            None => None,
        };
        let cors_origins = self
            .cors_origins
            .iter()
            .map(|origin| origin.trim())
            .filter(|origin| !origin.is_empty())
            .map(|origin| {
                if origin == "*" || is_origin_like(origin, false) {
                    Ok(origin.to_owned())
                } else {
                    Err(ConfigError::CorsOrigin(origin.to_owned()))
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Settings {
            public_url,
            cors_origins,
            search_timeout: self.search_timeout,
            max_upload_bytes: usize::try_from(self.max_upload.saturating_mul(1024 * 1024))
                .unwrap_or(usize::MAX),
            writes_per_minute: std::num::NonZeroU32::new(self.writes_per_minute)
                .unwrap_or(crate::limits::DEFAULT_WRITES_PER_MINUTE),
        })
    }
}

/// `http(s)://host[:port]`, and a path after it when `path_allowed`.
fn is_origin_like(text: &str, path_allowed: bool) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    let path_ok = path.is_empty()
        || (path_allowed
            && path
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'<' | b'>' | b'\\')));
    host_ok && path_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        config: Config,
    }

    fn settings(args: &[&str]) -> Result<Settings, ConfigError> {
        let cli = Cli::try_parse_from(std::iter::once("hinder").chain(args.iter().copied()))
            .expect("arguments parse");
        cli.config.settings()
    }

    #[test]
    fn origins_repeat_or_come_comma_separated() {
        let parsed = settings(&[
            "--cors-origin",
            "https://a.example,http://b.example:8080",
            "--cors-origin",
            "*",
            "--public-url",
            "https://hinder.example.se/kb/",
        ])
        .expect("valid settings");
        assert_eq!(
            parsed.cors_origins,
            ["https://a.example", "http://b.example:8080", "*"]
        );
        assert_eq!(
            parsed.public_url.as_deref(),
            Some("https://hinder.example.se/kb/")
        );
    }

    #[test]
    fn malformed_values_are_refused() {
        assert!(matches!(
            settings(&["--cors-origin", "example.se"]),
            Err(ConfigError::CorsOrigin(_))
        ));
        assert!(matches!(
            settings(&["--cors-origin", "https://a.example/path"]),
            Err(ConfigError::CorsOrigin(_))
        ));
        assert!(matches!(
            settings(&["--public-url", "hinder.example.se"]),
            Err(ConfigError::PublicUrl(_))
        ));
        assert!(matches!(
            settings(&["--public-url", "https://x\"><script>"]),
            Err(ConfigError::PublicUrl(_))
        ));
    }

    #[test]
    fn the_search_timeout_is_seconds_within_the_request_timeout() {
        let default = settings(&[]).expect("defaults");
        assert_eq!(default.search_timeout, crate::state::DEFAULT_SEARCH_TIMEOUT);
        let half = settings(&["--search-timeout", "0.5"]).expect("half a second");
        assert_eq!(half.search_timeout, Duration::from_millis(500));
        for refused in ["0", "-1", "6", "zwei", "NaN", "inf"] {
            let parsed = Cli::try_parse_from(["hinder", "--search-timeout", refused]);
            assert!(parsed.is_err(), "{refused}");
        }
    }
}
