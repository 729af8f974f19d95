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

/// The job queue.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// How long a worker's claim on a job lasts.
    pub lease_seconds: u64,
    /// The wait after a first failed attempt (doubling, up to an hour).
    pub retry_seconds: u64,
    /// Attempts before a job waits for an administrator.
    pub max_attempts: i32,
}

impl Default for JobsConfig {
    fn default() -> Self {
        let d = plein_app::jobs::JobSettings::default();
        JobsConfig {
            lease_seconds: d.lease.as_secs(),
            retry_seconds: d.backoff.as_secs(),
            max_attempts: d.max_attempts,
        }
    }
}

/// The search index.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[derive(Default)]
pub struct SearchConfig {
    /// The folder of this node's index (each node has its own; it can always be rebuilt). By
    /// default beside a SQLite file (`data/plein.db.zoekindex`), or for PostgreSQL
    /// `data/zoekindex-` and a short hash of the database address, so that an index never
    /// mixes two databases.
    pub dir: Option<std::path::PathBuf>,
}

impl Config {
    /// The folder of this node's search index.
    pub fn search_dir(&self) -> std::path::PathBuf {
        if let Some(dir) = &self.search.dir {
            return dir.clone();
        }
        match self.database_url.strip_prefix("sqlite://") {
            Some(file) => {
                let file = file.split('?').next().unwrap_or(file);
                format!("{file}.zoekindex").into()
            }
            None => {
                use sha2::Digest;
                let hash = sha2::Sha256::digest(self.database_url.as_bytes());
                let short: String = hash.iter().take(6).map(|b| format!("{b:02x}")).collect();
                format!("data/zoekindex-{short}").into()
            }
        }
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
    /// The job queue.
    pub jobs: JobsConfig,
    /// The search index.
    pub search: SearchConfig,
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
            jobs: JobsConfig::default(),
            search: SearchConfig::default(),
            log: LogConfig::default(),
        }
    }
}

/// A configuration as read, with the environment variables it left out.
#[derive(Debug)]
pub struct Loaded {
    /// The settings.
    pub config: Config,
    /// `PLEIN_*` variables that name no setting (a deployment's own, or a typo), e.g.
    /// `PLEIN_DEPLOY_ID`; the caller warns about them once logging is set up.
    pub ignored_env: Vec<String>,
}

/// The `PLEIN_*` variables as settings (`PLEIN_HTTP__PUBLIC_URL` is `http.public_url`), without
/// the keys in `stray` and what lies below them.
fn environment(stray: &[String]) -> Env {
    let stray = stray.to_vec();
    Env::prefixed("PLEIN_")
        // PLEIN_CONFIG names the file; PLEIN_TEST_* belong to the test suite.
        .filter(|k| k != "config" && !k.as_str().to_ascii_lowercase().starts_with("test_"))
        .split("__")
        .filter(move |k| !stray.iter().any(|s| is_at_or_below(&k.as_str().to_ascii_lowercase(), s)))
}

/// Whether the dotted `key` is `path` or lies below it.
fn is_at_or_below(key: &str, path: &str) -> bool {
    key.strip_prefix(path).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

/// The variable a dotted key came from (figment lowercases names, so this is the usual spelling).
fn variable(key: &str) -> String {
    format!("PLEIN_{}", key.replace('.', "__").to_ascii_uppercase())
}

impl Config {
    /// Reads `file` (if it exists) and the environment. A key in the file that names no setting is
    /// an error (a typo there should not pass unnoticed); a variable in the environment that names
    /// none is left out and reported, since deployments set `PLEIN_*` variables of their own.
    pub fn load(file: &Path) -> Result<Loaded, Box<figment::Error>> {
        // Serde knows the settings: each pass that meets an unknown key the environment supplied
        // leaves that key out and tries again, so a setting added later is known without a list.
        let mut stray: Vec<String> = Vec::new();
        loop {
            let env = environment(&stray);
            let error = match Figment::new().merge(Toml::file(file)).merge(env.clone()).extract::<Config>() {
                Ok(config) => {
                    let mut ignored_env: Vec<String> = environment(&[])
                        .iter()
                        .map(|(k, _)| k.to_string())
                        .filter(|k| stray.iter().any(|s| is_at_or_below(k, s)))
                        .map(|k| variable(&k))
                        .collect();
                    ignored_env.sort();
                    return Ok(Loaded { config, ignored_env });
                }
                Err(e) => e,
            };
            let path = error.path.join(".");
            let from_env = env.iter().any(|(k, _)| is_at_or_below(k.as_str(), &path));
            if !matches!(error.kind, figment::error::Kind::UnknownField(..)) || path.is_empty() || !from_env {
                return Err(Box::new(error));
            }
            stray.push(path);
        }
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
            jobs: plein_app::jobs::JobSettings {
                lease: Duration::from_secs(self.jobs.lease_seconds.max(1)),
                backoff: Duration::from_secs(self.jobs.retry_seconds.max(1)),
                max_attempts: self.jobs.max_attempts.max(1),
                ..Default::default()
            },
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
            let c = Config::load(Path::new("does-not-exist.toml")).map_err(|e| e.to_string())?.config;
            assert_eq!(c.organisation.name, "Samen@Work");
            assert_eq!(c.bind.port(), 9999);
            Ok(())
        });
    }

    #[test]
    #[expect(clippy::result_large_err, reason = "figment::Jail fixes the closure's error type")]
    fn a_stray_environment_variable_is_reported_not_fatal() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("PLEIN_DEPLOY_ID", "2026-05-01.3");
            jail.set_env("PLEIN_HTTP__NOPE", "1");
            jail.set_env("PLEIN_HTTP__MAX_UPLOAD_BYTES", "1000");
            jail.set_env("PLEIN_BIND", "127.0.0.1:9999");
            let loaded = Config::load(Path::new("does-not-exist.toml")).map_err(|e| e.to_string())?;
            assert_eq!(loaded.ignored_env, ["PLEIN_DEPLOY_ID", "PLEIN_HTTP__NOPE"]);
            assert_eq!(loaded.config.bind.port(), 9999, "the real settings beside them still count");
            assert_eq!(loaded.config.http.max_upload_bytes, 1000);
            Ok(())
        });
    }

    #[test]
    #[expect(clippy::result_large_err, reason = "figment::Jail fixes the closure's error type")]
    fn a_stray_environment_table_is_reported_whole() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("PLEIN_DEPLOY__ID", "3");
            jail.set_env("PLEIN_DEPLOY__BY", "ci");
            jail.set_env("PLEIN_CONFIG", "does-not-exist.toml");
            jail.set_env("PLEIN_TEST_POSTGRES_URL", "postgres://localhost/test");
            let loaded = Config::load(Path::new("does-not-exist.toml")).map_err(|e| e.to_string())?;
            assert_eq!(
                loaded.ignored_env,
                ["PLEIN_DEPLOY__BY", "PLEIN_DEPLOY__ID"],
                "PLEIN_CONFIG and PLEIN_TEST_* are not"
            );
            Ok(())
        });
    }

    #[test]
    #[expect(clippy::result_large_err, reason = "figment::Jail fixes the closure's error type")]
    fn an_unknown_key_in_the_file_is_refused_by_name() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("plein.toml", "bind = \"127.0.0.1:9999\"\n[http]\nmax_upload_byts = 1000\n")?;
            let Err(e) = Config::load(Path::new("plein.toml")) else { panic!("a typo in the file is an error") };
            assert!(e.to_string().contains("max_upload_byts"), "{e}");
            // Also when the environment has a stray variable of the same name.
            jail.set_env("PLEIN_HTTP__MAX_UPLOAD_BYTS", "1000");
            let Err(e) = Config::load(Path::new("plein.toml")) else { panic!("a typo in the file is an error") };
            assert!(e.to_string().contains("max_upload_byts") && e.to_string().contains("plein.toml"), "{e}");
            Ok(())
        });
    }

    #[test]
    #[expect(clippy::result_large_err, reason = "figment::Jail fixes the closure's error type")]
    fn a_bad_value_in_the_environment_is_still_an_error() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("PLEIN_BIND", "everywhere");
            jail.set_env("PLEIN_DEPLOY_ID", "3");
            let Err(e) = Config::load(Path::new("does-not-exist.toml")) else { panic!("a bad address is an error") };
            assert!(e.to_string().contains("BIND"), "{e}");
            Ok(())
        });
    }
}
