//! Server configuration: flags with environment fallbacks, parsed once in `main`.

use std::net::SocketAddr;
use std::path::PathBuf;

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
}
