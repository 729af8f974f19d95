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

/// A store on a database of its own, removed with it.
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// How it was opened (another pool on the same database opens with these).
    pub options: StoreOptions,
    _dir: Option<tempfile::TempDir>,
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
                let schema = format!("plein_t_{}", uuid::Uuid::new_v4().simple());
                let admin = Store::connect(StoreOptions { max_connections: 1, ..StoreOptions::new(url.clone()) })
                    .await
                    .unwrap();
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
        let app = App::new(store.store.clone(), settings).with_mailer(mailer.clone()).with_site(site);
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
        Browser { router: self.router.clone(), cookies: HashMap::new(), peer: None, headers: Vec::new() }
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

/// A real SMTP server (Python's `aiosmtpd`) on a free local port, storing what it receives
/// in a Maildir; stopped when dropped.
pub struct SmtpServer {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server and waits until it accepts connections.
    pub fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        SmtpServer::start_on(port)
    }

    /// Stops the server: nothing listens on its port until [`SmtpServer::start_on`] that port.
    pub fn stop(self) -> u16 {
        self.port
    }

    /// Starts the server on `port` (one that a stopped server used, say), with an empty mailbox.
    pub fn start_on(port: u16) -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) runs the test SMTP server");
        let server = SmtpServer { child, port, dir };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the test SMTP server did not start on port {port}");
    }

    /// Mail settings that send to this server.
    pub fn config(&self) -> plein_app::mail::MailConfig {
        plein_app::mail::MailConfig {
            mode: plein_app::mail::MailMode::Smtp,
            host: "127.0.0.1".into(),
            port: self.port,
            tls: plein_app::mail::MailTls::None,
            from: "Samen@Work <intranet@voorbeeld.nl>".into(),
            ..Default::default()
        }
    }

    /// Every message received so far, as raw text, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<_> = std::fs::read_dir(&new).map(|d| d.filter_map(Result::ok).collect()).unwrap_or_default();
        files.sort_by_key(|f| f.metadata().and_then(|m| m.modified()).ok());
        files.iter().filter_map(|f| std::fs::read_to_string(f.path()).ok()).collect()
    }

    /// Waits (up to ten seconds) until `count` messages have arrived, for mail sent in the
    /// background, and returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..200 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.messages()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl TestResponse {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every `Set-Cookie` value.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_owned)).collect()
    }
}

/// A client with a cookie jar, like one browser.
#[derive(Clone)]
pub struct Browser {
    router: Router,
    /// Cookies by name.
    pub cookies: HashMap<String, String>,
    peer: Option<SocketAddr>,
    headers: Vec<(String, String)>,
}

impl Browser {
    /// Sends requests as if from `addr`.
    pub fn from_addr(mut self, addr: SocketAddr) -> Browser {
        self.peer = Some(addr);
        self
    }

    /// Adds a header to every request.
    pub fn with_header(mut self, name: &str, value: &str) -> Browser {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.send(Request::get(path), Body::empty()).await
    }

    /// `GET path`, which must answer 200: its body. For negative checks ("the page does not show
    /// …"), so that an error page cannot pass them.
    pub async fn page(&mut self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "GET {path}: {}", res.body);
        res.body
    }

    /// `POST path` with a form.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        self.send(req, Body::from(body)).await
    }

    /// `POST path` with one text file, as `multipart/form-data`.
    pub async fn post_file(&mut self, path: &str, field: &str, file_name: &str, content: &str) -> TestResponse {
        self.post_bytes(path, field, file_name, "text/csv", content.as_bytes()).await
    }

    /// `POST path` with one file of any type, as `multipart/form-data`.
    pub async fn post_bytes(
        &mut self,
        path: &str,
        field: &str,
        file_name: &str,
        content_type: &str,
        content: &[u8],
    ) -> TestResponse {
        self.post_parts(path, &[(field, file_name, content_type, content)]).await
    }

    /// `POST path` as `multipart/form-data` with several parts: (field, file name, content type,
    /// content); an empty file name makes a plain field.
    pub async fn post_parts(&mut self, path: &str, parts: &[(&str, &str, &str, &[u8])]) -> TestResponse {
        let boundary = "plein-test-boundary-7d1f";
        let mut body = Vec::new();
        for (field, file_name, content_type, content) in parts {
            let file = if file_name.is_empty() { String::new() } else { format!("; filename=\"{file_name}\"") };
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"{file}\r\n\
                     Content-Type: {content_type}\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(path).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        self.send(req, Body::from(body)).await
    }

    /// `GET path`, with the body left to be read as it arrives (server-sent events).
    pub async fn open(&mut self, path: &str) -> OpenResponse {
        let req = self.request(Request::get(path), Body::empty());
        let res = self.router.clone().oneshot(req).await.unwrap();
        OpenResponse { status: res.status(), body: res.into_body() }
    }

    /// The request as this browser sends it: its host, cookies, headers and address.
    fn request(&self, mut req: axum::http::request::Builder, body: Body) -> Request<Body> {
        if !self.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req = req.header(header::HOST, "localhost");
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header(header::COOKIE, jar.join("; "));
        }
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let mut req = req.body(body).unwrap();
        // What `into_make_service_with_connect_info` gives a real server.
        let peer = self.peer.unwrap_or(SocketAddr::from(([127, 0, 0, 1], 40000)));
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        req
    }

    /// Sends a request built by the caller, with this browser's cookies.
    pub async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> TestResponse {
        let req = self.request(req, body);
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        let res = TestResponse { status, headers, body };
        for raw in res.set_cookies() {
            let c = cookie::Cookie::parse(raw).unwrap();
            if c.max_age() == Some(cookie::time::Duration::ZERO) {
                self.cookies.remove(c.name());
            } else {
                self.cookies.insert(c.name().to_owned(), c.value().to_owned());
            }
        }
        res
    }
}

/// A response whose body is read as it arrives, such as a stream of server-sent events.
pub struct OpenResponse {
    /// Status.
    pub status: StatusCode,
    body: Body,
}

/// What arrived on an open response within the time waited.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Some text.
    Text(String),
    /// Nothing: the body is still open.
    Nothing,
    /// The body ended.
    End,
}

impl OpenResponse {
    /// The next piece of the body to arrive within `wait`.
    pub async fn next(&mut self, wait: std::time::Duration) -> Arrival {
        use axum::body::HttpBody;
        loop {
            let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut self.body).poll_frame(cx));
            match tokio::time::timeout(wait, frame).await {
                Err(_) => return Arrival::Nothing,
                Ok(None) => return Arrival::End,
                Ok(Some(frame)) => match frame.unwrap().into_data() {
                    Ok(bytes) => return Arrival::Text(String::from_utf8_lossy(&bytes).into_owned()),
                    // Trailers: nothing to read.
                    Err(_) => continue,
                },
            }
        }
    }

    /// Everything that arrives until the body ends, if it ends within `wait`; `Err` with what
    /// arrived meanwhile if it does not.
    pub async fn rest(&mut self, wait: std::time::Duration) -> Result<String, String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Arrival::Text(t) => text.push_str(&t),
                Arrival::End => return Ok(text),
                Arrival::Nothing => return Err(text),
            }
        }
    }

    /// What arrives until `wanted` is among it (`Ok`), or until `wait` passes or the body ends (`Err`).
    pub async fn until(&mut self, wanted: &str, wait: std::time::Duration) -> Result<String, String> {
        let deadline = tokio::time::Instant::now() + wait;
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await {
                Arrival::Text(t) => {
                    text.push_str(&t);
                    if text.contains(wanted) {
                        return Ok(text);
                    }
                }
                Arrival::End | Arrival::Nothing => return Err(text),
            }
        }
    }
}

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
