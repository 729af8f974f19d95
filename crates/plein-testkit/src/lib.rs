//! Test support: a fresh database per test on SQLite or PostgreSQL, and an
//! in-process HTTP client with its own cookie jar.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test support fails loudly")]

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use plein_app::{App, Settings};
use plein_store::{Store, StoreOptions};
use plein_web::{AppState, WebConfig};
use sea_orm::ConnectionTrait;
use tower::ServiceExt;

mod builders;
pub use builders::{Build, SpaceBuilder, UserBuilder};
mod organisation;
pub use organisation::Organisation;
mod browser;
pub use browser::{Arrival, Browser, OpenResponse, TestResponse};
mod smtp;
pub use smtp::SmtpServer;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh schema in the database at `PLEIN_TEST_POSTGRES_URL`.
    Postgres,
}

/// The PostgreSQL URL for tests, or `None` to skip them. When the suite is required
/// (`PLEIN_TEST_REQUIRE_POSTGRES` or `CI` set) a missing URL fails the test instead.
pub fn postgres_url() -> Option<String> {
    match std::env::var("PLEIN_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            let required =
                std::env::var_os("PLEIN_TEST_REQUIRE_POSTGRES").is_some() || std::env::var_os("CI").is_some();
            assert!(!required, "PLEIN_TEST_POSTGRES_URL is not set, but the PostgreSQL suite is required");
            eprintln!("PLEIN_TEST_POSTGRES_URL is not set: skipping the PostgreSQL variant");
            None
        }
    }
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// A new PostgreSQL schema name for a test, `plein_t_<seconds>_<uuid>`: the time in it keeps a
/// test run starting meanwhile from taking it for a leftover (see [`drop_old_schemas`]).
pub fn test_schema() -> String {
    format!("plein_t_{}_{}", now_seconds(), uuid::Uuid::new_v4().simple())
}

/// A store on a database of its own: a temporary SQLite file removed with it, or a PostgreSQL
/// schema `plein_t_<seconds>_<uuid>` that a later test run removes (see [`drop_old_schemas`]).
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// How it was opened (another pool on the same database opens with these).
    pub options: StoreOptions,
    _dir: Option<tempfile::TempDir>,
}

/// Removes the schemas of test runs that ended: those made more than an hour before `now`
/// (seconds), and those named before their names carried the time. Once per test process; tests
/// running beside this one, in this process or another, made theirs within the hour.
async fn drop_old_schemas(admin: &Store, now: u64) {
    static ONCE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    ONCE.get_or_init(|| async {
        let names = admin
            .conn()
            .query_all_raw(sea_orm::Statement::from_string(
                admin.conn().get_database_backend(),
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'plein\\_t\\_%'",
            ))
            .await
            .unwrap_or_default();
        for row in names {
            let Ok(name) = row.try_get_by_index::<String>(0) else { continue };
            let born = name.split('_').nth(2).and_then(|s| s.parse::<u64>().ok());
            if born.is_none_or(|b| b + 3600 < now) {
                // Another process may be dropping it too: either may fail, nothing is lost.
                let _ = admin.conn().execute_unprepared(&format!("DROP SCHEMA IF EXISTS {name} CASCADE")).await;
            }
        }
    })
    .await;
}

impl TestStore {
    /// A migrated, empty store; `None` when PostgreSQL is asked for but not configured.
    pub async fn new(backend: Backend) -> Option<TestStore> {
        let (options, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite://{}/plein.db", dir.path().display());
                (StoreOptions::new(url), Some(dir))
            }
            Backend::Postgres => {
                let url = postgres_url()?;
                let born = now_seconds();
                let schema = test_schema();
                let admin = Store::connect(StoreOptions { max_connections: 1, ..StoreOptions::new(url.clone()) })
                    .await
                    .unwrap();
                drop_old_schemas(&admin, born).await;
                admin.conn().execute_unprepared(&format!("CREATE SCHEMA {schema}")).await.unwrap();
                admin.close().await.unwrap();
                let mut options = StoreOptions::new(url);
                options.pg_schema = Some(schema);
                options.max_connections = 4;
                (options, None)
            }
        };
        let store = Store::connect(options.clone()).await.unwrap();
        store.migrate().await.unwrap();
        Some(TestStore { store, options, _dir: dir })
    }
}

/// An application with a fresh database and its router, called in-process. Its job worker
/// runs in the background (sending mail, for example), as a server's does.
pub struct TestApp {
    /// The use cases, for arranging data.
    pub app: App,
    /// The HTTP interface.
    pub router: Router,
    /// The job worker; dropping it (see [`TestApp::stop_worker`]) stops it.
    worker: Option<plein_app::jobs::Jobs>,
    mailer: plein_app::mail::Mailer,
    _store: TestStore,
}

/// Settings for tests: the job worker looks for work every 50 ms and tries failed jobs again
/// after 50 ms, doubling up to a second.
pub fn test_settings() -> Settings {
    Settings { jobs: quick_jobs(), ..Default::default() }
}

/// The job queue's settings for tests (see [`test_settings`]).
pub fn quick_jobs() -> plein_app::jobs::JobSettings {
    plein_app::jobs::JobSettings {
        poll: std::time::Duration::from_millis(50),
        backoff: std::time::Duration::from_millis(50),
        max_backoff: std::time::Duration::from_secs(1),
        ..Default::default()
    }
}

impl TestApp {
    /// Default configuration on `backend`; `None` when PostgreSQL is not configured.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        TestApp::with(backend, WebConfig::default(), test_settings()).await
    }

    /// Chosen configuration on `backend`.
    pub async fn with(backend: Backend, config: WebConfig, settings: Settings) -> Option<TestApp> {
        TestApp::with_mailer(backend, config, settings, plein_app::mail::Mailer::off()).await
    }

    /// Default configuration on `backend`, sending mail to `smtp`.
    pub async fn with_smtp(backend: Backend, smtp: &SmtpServer) -> Option<TestApp> {
        TestApp::with_smtp_settings(backend, smtp, test_settings()).await
    }

    /// Chosen settings on `backend`, sending mail to `smtp`.
    pub async fn with_smtp_settings(backend: Backend, smtp: &SmtpServer, settings: Settings) -> Option<TestApp> {
        let mailer = plein_app::mail::Mailer::new(&smtp.config()).unwrap();
        TestApp::with_mailer(backend, WebConfig::default(), settings, mailer).await
    }

    async fn with_mailer(
        backend: Backend,
        config: WebConfig,
        settings: Settings,
        mailer: plein_app::mail::Mailer,
    ) -> Option<TestApp> {
        let store = TestStore::new(backend).await?;
        let site = plein_app::Site { organisation: "Plein".into(), base_url: Some("http://localhost".into()) };
        let search = std::sync::Arc::new(plein_search::SearchIndex::in_memory().unwrap());
        let app =
            App::new(store.store.clone(), settings).with_mailer(mailer.clone()).with_site(site).with_search(search);
        let state = AppState::new(app.clone(), config).unwrap();
        let router = plein_web::router(state);
        let worker = Some(app.start_worker());
        Some(TestApp { app, router, worker, mailer, _store: store })
    }

    /// Stops the background job worker, so that a test can run jobs itself or leave them waiting.
    pub fn stop_worker(&mut self) {
        self.worker.take();
    }

    /// Another node on this test's database: the same settings, site and mail, with a pool of
    /// its own and no worker running (start one with [`App::start_worker`]).
    pub async fn other_node(&self) -> App {
        let store = Store::connect(self._store.options.clone()).await.unwrap();
        let site = plein_app::Site { organisation: "Plein".into(), base_url: Some("http://localhost".into()) };
        App::new(store, self.app.settings().clone()).with_mailer(self.mailer.clone()).with_site(site)
    }

    /// How this test's database was opened (for a process of its own, such as `plein serve`).
    pub fn store_options(&self) -> &StoreOptions {
        &self._store.options
    }

    /// The store.
    pub fn store(&self) -> &Store {
        self.app.store()
    }

    /// Two app nodes on this test's database, relaying live events to each other (each with a
    /// pool of its own, as two servers behind a load balancer would be). SQLite runs one node:
    /// there both are the same.
    pub async fn two_nodes(&self) -> (App, App) {
        let first = self.app.clone().relay_live().await.unwrap();
        if self.store().backend() == plein_store::Backend::Sqlite {
            return (first.clone(), first);
        }
        let store = Store::connect(self._store.options.clone()).await.unwrap();
        let second = App::new(store, Settings::default()).relay_live().await.unwrap();
        (first, second)
    }

    /// Another application on this test's database, with a pool of its own and no relay: what
    /// `plein user …` on the command line is, a separate process writing to the same database.
    pub async fn other_process(&self) -> App {
        let store = Store::connect(self._store.options.clone()).await.unwrap();
        App::new(store, Settings::default())
    }

    /// A browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        Browser::new(self.router.clone())
    }

    /// Creates an employee with `password`: `app.user(username).password(password)`.
    pub async fn add_user(&self, username: &str, password: &str) -> plein_store::users::UserRow {
        self.user(username).password(password).await
    }

    /// Creates `count` employees without passwords at once: usernames `{prefix}{i:03}`, display names
    /// from `name(i)`.
    pub async fn add_many(&self, prefix: &str, count: usize, name: impl Fn(usize) -> String) {
        let users = (0..count)
            .map(|i| plein_store::users::InsertUser {
                username: format!("{prefix}{i:03}"),
                email: format!("{prefix}{i:03}@voorbeeld.nl"),
                display_name: name(i),
                kind: plein_core::UserKind::Employee,
                is_admin: false,
                password_hash: None,
                guest_expires_at: None,
            })
            .collect();
        self.store().insert_users(users).await.unwrap();
    }

    /// The policy's view of a stored user, as a request of theirs would see it.
    pub async fn actor_of(&self, u: &plein_store::users::UserRow) -> plein_core::policy::Actor {
        self.app.actor_for(u.id, u.kind, u.is_admin).await.unwrap()
    }

    /// A browser with a fresh session of a stored user (no password needed).
    pub async fn browser_for(&self, u: &plein_store::users::UserRow) -> Browser {
        let token = plein_app::accounts::new_session_token();
        self.store()
            .insert_session(plein_store::sessions::InsertSession {
                id_hash: plein_app::accounts::token_hash(&token),
                user_id: u.id,
                at: plein_store::now(),
                client_addr: None,
                user_agent: None,
            })
            .await
            .unwrap();
        self.browser().with_header("cookie", &format!("plein_session={token}"))
    }

    /// Creates an external guest with `password`: `app.user(username).guest().password(password)`.
    pub async fn add_guest(&self, username: &str, password: &str) -> plein_store::users::UserRow {
        self.user(username).guest().password(password).await
    }

    /// Gives an existing user a capability through a group of their own.
    pub async fn grant(&self, username: &str, capability: plein_core::policy::Capability) {
        let user = self.store().user_by_login(username).await.unwrap().unwrap();
        self.grant_to(&user, capability).await;
    }

    /// A browser logged in as a new employee `username`: `app.user(username).browser()`.
    pub async fn logged_in(&self, username: &str) -> Browser {
        self.user(username).browser().await
    }
}

/// A PNG picture of `width` × `height` pixels in one colour, for uploads.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([26, 79, 139]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The password `TestApp::logged_in` gives its users.
pub const PASSWORD: &str = "Fietsen-langs-de-Eem-42";

/// Runs each named `async fn(TestApp)` on SQLite and on PostgreSQL, as `name::sqlite` and `name::postgres`.
///
/// `on_both_databases!(with_smtp: name, …)` runs each `async fn(TestApp, SmtpServer)` with mail going
/// to a real SMTP server of its own.
#[macro_export]
macro_rules! on_both_databases {
    (with_smtp: $($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let smtp = $crate::SmtpServer::start();
                let app = $crate::TestApp::with_smtp($crate::Backend::Sqlite, &smtp).await.expect("sqlite");
                super::$name(app, smtp).await
            }
            #[tokio::test]
            async fn postgres() {
                let smtp = $crate::SmtpServer::start();
                if let Some(app) = $crate::TestApp::with_smtp($crate::Backend::Postgres, &smtp).await {
                    super::$name(app, smtp).await
                }
            }
        }
    )*};
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::TestApp::new($crate::Backend::Sqlite).await.expect("sqlite")).await
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::new($crate::Backend::Postgres).await {
                    super::$name(app).await
                }
            }
        }
    )*};
}
