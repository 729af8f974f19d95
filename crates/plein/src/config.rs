//! Configuration: `plein.toml`, then `PLEIN_*` environment variables, then command-line flags.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use plein_web::{HttpConfig, MetricsConfig, OrganisationConfig, WebConfig};
use serde::Deserialize;

/// Session lifetimes.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionsConfig {
    /// Minutes without a request after which a session ends.
    pub idle_minutes: u64,
    /// Hours after login after which a session ends, however active.
    pub absolute_hours: u64,
}

impl Default for SessionsConfig {
    fn default() -> Self {
        SessionsConfig { idle_minutes: 8 * 60, absolute_hours: 7 * 24 }
    }
}

/// Log output.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: String,
    /// A tracing filter such as `info` or `plein=debug,info`; `RUST_LOG` overrides it.
    pub filter: String,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig { format: "text".into(), filter: "info,sqlx=warn,sea_orm=warn".into() }
    }
}

/// Everything Plein is configured with.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where to listen.
    pub bind: SocketAddr,
    /// `sqlite://data/plein.db` (default) or `postgres://user@host/db`.
    pub database_url: String,
    /// Connections in the database pool.
    pub database_max_connections: u32,
    /// Name, logo, accessibility statement.
    pub organisation: OrganisationConfig,
    /// HTTPS, proxies, limits.
    pub http: HttpConfig,
    /// Session lifetimes.
    pub sessions: SessionsConfig,
    /// Metrics access.
    pub metrics: MetricsConfig,
    /// Outgoing e-mail.
    pub mail: plein_app::mail::MailConfig,
    /// Log output.
    pub log: LogConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/plein.db".into(),
            database_max_connections: 16,
            organisation: OrganisationConfig::default(),
            http: HttpConfig::default(),
            sessions: SessionsConfig::default(),
            metrics: MetricsConfig::default(),
            mail: plein_app::mail::MailConfig::default(),
            log: LogConfig::default(),
        }
    }
}

impl Config {
    /// Reads `file` (if it exists) and the environment.
    pub fn load(file: &Path) -> Result<Config, Box<figment::Error>> {
        Figment::new()
            .merge(Toml::file(file))
            // PLEIN_CONFIG names the file; PLEIN_TEST_* belong to the test suite.
            .merge(
                Env::prefixed("PLEIN_")
                    .filter(|k| k != "config" && !k.as_str().to_ascii_lowercase().starts_with("test_"))
                    .split("__"),
            )
            .extract()
            .map_err(Box::new)
    }

    /// The web layer's part.
    pub fn web(&self) -> WebConfig {
        WebConfig { organisation: self.organisation.clone(), http: self.http.clone(), metrics: self.metrics.clone() }
    }

    /// The application's settings.
    pub fn settings(&self) -> plein_app::Settings {
        plein_app::Settings {
            session_idle: Duration::from_secs(self.sessions.idle_minutes.max(1) * 60),
            session_absolute: Duration::from_secs(self.sessions.absolute_hours.max(1) * 3600),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_is_valid_and_matches_the_defaults() {
        let example = concat!(env!("CARGO_MANIFEST_DIR"), "/../../plein.example.toml");
        let from_example = Figment::new().merge(Toml::file(example)).extract::<Config>();
        assert!(from_example.is_ok(), "{from_example:?}");
        let from_example = from_example.ok();
        let defaults = Config::default();
        assert_eq!(from_example.as_ref().map(|c| c.bind), Some(defaults.bind));
        assert_eq!(from_example.as_ref().map(|c| c.database_url.clone()), Some(defaults.database_url));
    }

    #[test]
    #[expect(clippy::result_large_err, reason = "figment::Jail fixes the closure's error type")]
    fn environment_overrides_nested_values() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("PLEIN_ORGANISATION__NAME", "Samen@Work");
            jail.set_env("PLEIN_BIND", "127.0.0.1:9999");
            let c = Config::load(Path::new("does-not-exist.toml")).map_err(|e| e.to_string())?;
            assert_eq!(c.organisation.name, "Samen@Work");
            assert_eq!(c.bind.port(), 9999);
            Ok(())
        });
    }
}
