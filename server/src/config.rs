//! Configuration from the environment, with defaults that work on a fresh clone.

use app::api::context::Security;
use app::domain::account::ProfessionalDomains;
use app::reference::directory::PROFESSIONAL_EMAIL_DOMAINS;
use app::security::rate_limit::RateLimits;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/vismonjob.db";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_SITE_ROOT: &str = "target/site";
pub const DEFAULT_OUTBOX_DIR: &str = "data/outbox";
pub const DEFAULT_MAIL_FROM: &str = "Vis mon job <ne-pas-repondre@vismonjob.localhost>";

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub site_addr: SocketAddr,
    pub site_root: String,
    /// Address of the site as users reach it (links in e-mails, secure cookies).
    pub public_url: String,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub rate_limit_window: Duration,
    pub rate_limit_per_address: u32,
    pub rate_limit_per_email: u32,
    pub trust_forwarded_for: bool,
    /// `smtp://…` or `smtps://…`; without it, e-mails are written to `outbox_dir`.
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    pub mail_from: String,
    /// How long the request that starts a pairing run waits for its result.
    pub pairing_wait: Duration,
    /// Pairing runs computed at once by this process (each takes a core).
    pub pairing_runs_per_process: usize,
    /// E-mail domains accepted for ambassadors (and their subdomains).
    pub ambassador_domains: ProfessionalDomains,
}

fn default_ambassador_domains() -> ProfessionalDomains {
    ProfessionalDomains::parse(PROFESSIONAL_EMAIL_DOMAINS).expect("the built-in list is valid")
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn number(name: &str, default: u64) -> Result<u64, String> {
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("{name} « {text} » n'est pas un nombre entier positif")),
    }
}

impl Config {
    /// Reads `DATABASE_URL`, `LEPTOS_SITE_ADDR`, `LEPTOS_SITE_ROOT`, `PUBLIC_URL`,
    /// `SESSION_IDLE_MINUTES`, `SESSION_MAX_HOURS`, `RATE_LIMIT_WINDOW_MINUTES`,
    /// `RATE_LIMIT_PER_ADDRESS`, `RATE_LIMIT_PER_EMAIL`, `TRUST_FORWARDED_FOR`,
    /// `SMTP_URL`, `OUTBOX_DIR`, `MAIL_FROM`, `PAIRING_WAIT_SECONDS`,
    /// and `AMBASSADOR_EMAIL_DOMAINS`.
    pub fn from_env() -> Result<Config, String> {
        let addr = var("LEPTOS_SITE_ADDR").unwrap_or_else(|| DEFAULT_SITE_ADDR.into());
        let site_addr: SocketAddr = addr
            .parse()
            .map_err(|_| format!("LEPTOS_SITE_ADDR « {addr} » n'est pas une adresse IP:port"))?;
        let public_url = var("PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_string();
        if !public_url.starts_with("http://") && !public_url.starts_with("https://") {
            return Err(format!(
                "PUBLIC_URL « {public_url} » doit commencer par http:// ou https://"
            ));
        }
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            site_addr,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.into()),
            public_url,
            session_idle: Duration::from_secs(60 * number("SESSION_IDLE_MINUTES", 120)?),
            session_absolute: Duration::from_secs(3600 * number("SESSION_MAX_HOURS", 12)?),
            rate_limit_window: Duration::from_secs(60 * number("RATE_LIMIT_WINDOW_MINUTES", 15)?),
            rate_limit_per_address: number("RATE_LIMIT_PER_ADDRESS", 50)?
                .try_into()
                .unwrap_or(u32::MAX),
            rate_limit_per_email: number("RATE_LIMIT_PER_EMAIL", 8)?
                .try_into()
                .unwrap_or(u32::MAX),
            trust_forwarded_for: var("TRUST_FORWARDED_FOR")
                .is_some_and(|v| v == "1" || v == "true"),
            smtp_url: var("SMTP_URL"),
            outbox_dir: var("OUTBOX_DIR")
                .unwrap_or_else(|| DEFAULT_OUTBOX_DIR.into())
                .into(),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into()),
            pairing_wait: Duration::from_secs(number("PAIRING_WAIT_SECONDS", 3)?),
            pairing_runs_per_process: number("PAIRING_RUNS_PER_PROCESS", 2)?.max(1) as usize,
            ambassador_domains: match var("AMBASSADOR_EMAIL_DOMAINS") {
                Some(list) => ProfessionalDomains::parse(&list)
                    .map_err(|error| format!("AMBASSADOR_EMAIL_DOMAINS : {error}"))?,
                None => default_ambassador_domains(),
            },
        })
    }

    /// Defaults for a server in tests: `site_addr` is where it listens.
    pub fn for_tests(database_url: &str, site_addr: SocketAddr, outbox_dir: PathBuf) -> Config {
        Config {
            database_url: database_url.to_string(),
            site_addr,
            site_root: DEFAULT_SITE_ROOT.into(),
            public_url: format!("http://{site_addr}"),
            session_idle: Duration::from_secs(7200),
            session_absolute: Duration::from_secs(12 * 3600),
            rate_limit_window: Duration::from_secs(900),
            rate_limit_per_address: 1000,
            rate_limit_per_email: 1000,
            trust_forwarded_for: false,
            smtp_url: None,
            outbox_dir,
            mail_from: DEFAULT_MAIL_FROM.into(),
            pairing_wait: Duration::from_secs(3),
            pairing_runs_per_process: 2,
            ambassador_domains: default_ambassador_domains(),
        }
    }

    /// Cookies travel over HTTPS only, except when the site is reached on this machine
    /// (localhost or a loopback address), where there is no certificate.
    pub fn secure_cookies(&self) -> bool {
        let rest = self
            .public_url
            .split_once("://")
            .map_or(self.public_url.as_str(), |(_, rest)| rest);
        let authority = rest.split('/').next().unwrap_or_default();
        let host = if authority.starts_with('[') {
            authority
                .split(']')
                .next()
                .unwrap_or_default()
                .trim_start_matches('[')
        } else {
            authority.split(':').next().unwrap_or_default()
        };
        let local = host == "localhost"
            || host.ends_with(".localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        !local
    }

    pub fn security(&self) -> Security {
        Security {
            idle_timeout: self.session_idle,
            absolute_timeout: self.session_absolute,
            public_url: self.public_url.clone(),
            trust_forwarded_for: self.trust_forwarded_for,
            rate_limits: RateLimits {
                window: self.rate_limit_window,
                per_address: self.rate_limit_per_address,
                per_email: self.rate_limit_per_email,
            },
            ambassador_domains: self.ambassador_domains.clone(),
        }
    }

    /// Origins allowed to post forms: the public URL and the listening address.
    /// The names a request may give in `Host`: the public address's, the listen
    /// address, and `localhost` with its port when the site listens on loopback.
    pub fn allowed_hosts(&self) -> Vec<String> {
        let public = self
            .public_url
            .split_once("://")
            .map_or(self.public_url.as_str(), |(_, rest)| rest);
        let mut hosts = vec![
            public
                .split('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase(),
            self.site_addr.to_string(),
        ];
        if self.site_addr.ip().is_loopback() {
            hosts.push(format!("localhost:{}", self.site_addr.port()));
        }
        hosts.dedup();
        hosts
    }

    pub fn allowed_origins(&self) -> Vec<String> {
        let mut origins = vec![
            self.public_url.clone(),
            format!("http://{}", self.site_addr),
        ];
        origins.dedup();
        origins
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
            // Release builds name their files after their content (long cache); the
            // names are in hash.txt beside the binary.
            .hash_files(hash_file_beside_binary())
            .build()
    }
}

fn hash_file_beside_binary() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_except_on_this_machine() {
        let mut config = Config::for_tests(
            "sqlite::memory:",
            "127.0.0.1:3000".parse().unwrap(),
            "x".into(),
        );
        assert!(!config.secure_cookies());
        for (url, secure) in [
            ("http://localhost:3000", false),
            ("http://[::1]:3000", false),
            ("https://vismonjob.numerique.gouv.fr", true),
            ("http://10.0.0.2:3000", true),
        ] {
            config.public_url = url.into();
            assert_eq!(config.secure_cookies(), secure, "{url}");
        }
    }
}
