//! Configuration from the environment, with defaults that work on a fresh clone.

use leptos::config::LeptosOptions;
use std::net::SocketAddr;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/vismonjob.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
}

impl Config {
    /// Reads `DATABASE_URL`, `LEPTOS_SITE_ADDR` and `LEPTOS_SITE_ROOT`.
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        let addr = var("LEPTOS_SITE_ADDR", DEFAULT_SITE_ADDR);
        Ok(Config {
            database_url: var("DATABASE_URL", DEFAULT_DATABASE_URL),
            site_addr: addr.parse().map_err(|_| {
                format!("LEPTOS_SITE_ADDR « {addr} » n'est pas une adresse IP:port")
            })?,
            site_root: var("LEPTOS_SITE_ROOT", DEFAULT_SITE_ROOT),
        })
    }

    /// Leptos options built here rather than read from Cargo.toml, so the binary runs
    /// the same under cargo-leptos, from a release folder or in tests.
    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("vismonjob")
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(self.site_addr)
            .reload_port(3001)
            .build()
    }
}
