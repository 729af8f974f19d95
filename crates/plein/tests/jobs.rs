//! The job queue across a crash, with the real `plein serve`: a mail whose job a server had
//! claimed when it was killed (`kill -9`) is delivered by the next server, once.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use plein_app::jobs::{Job, JobSettings};
use plein_app::mail::OutgoingMail;
use plein_store::{Store, StoreOptions};
use plein_testkit::{SmtpServer, postgres_url};
use sea_orm::ConnectionTrait;

/// `plein serve` on `db`, sending mail to the SMTP server on `smtp_port`, with a three-second lease.
fn serve(db: &str, smtp_port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["--database-url", db, "serve", "--bind", "127.0.0.1:0"])
        .env("PLEIN_CONFIG", "does-not-exist.toml")
        // A search index of its own, out of the source tree.
        .env("PLEIN_SEARCH__DIR", std::env::temp_dir().join(format!("plein-zoekindex-{}", std::process::id())))
        .env("RUST_LOG", "warn")
        .env("PLEIN_MAIL__MODE", "smtp")
        .env("PLEIN_MAIL__HOST", "127.0.0.1")
        .env("PLEIN_MAIL__PORT", smtp_port.to_string())
        .env("PLEIN_MAIL__TLS", "none")
        .env("PLEIN_JOBS__LEASE_SECONDS", "3")
        .env("PLEIN_JOBS__RETRY_SECONDS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A mail server that accepts connections and never answers: a worker sending to it hangs
/// with the job claimed. Stops when the task is aborted.
async fn black_hole() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    (port, task)
}

/// The mail job's state and attempts, while it is not done (the server's recurring jobs aside).
async fn job_state(store: &Store) -> Option<(String, i32)> {
    store.list_open_jobs(10).await.unwrap().iter().find(|j| j.kind == "mail").map(|j| (j.state.clone(), j.attempts))
}

async fn a_killed_server_s_mail_is_delivered_once(db: &str, store: Store) {
    let mail = Job::Mail(OutgoingMail {
        to: "eva@voorbeeld.nl".into(),
        subject: "Uw nieuwe wachtwoord".into(),
        body: "Een link".into(),
        about: None,
    });
    // Committed with the write that caused it; no server has run yet.
    let tx = store.begin().await.unwrap();
    tx.enqueue(mail.queued(&JobSettings::default())).await.unwrap();
    tx.commit().await.unwrap();

    let (port, hole) = black_hole().await;
    let mut first = serve(db, port);
    let mut claimed = false;
    for _ in 0..200 {
        if job_state(&store).await.is_some_and(|(state, _)| state == "running") {
            claimed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(claimed, "the first server claimed the job: {:?}", job_state(&store).await);
    let killed = Command::new("kill").args(["-9", &first.id().to_string()]).status().unwrap();
    assert!(killed.success());
    first.wait().unwrap();
    assert_eq!(job_state(&store).await.map(|s| s.0).as_deref(), Some("running"), "killed while claimed");

    hole.abort();
    let _ = hole.await;
    let smtp = SmtpServer::start_on(port);
    let mut second = serve(db, port);
    let mails = smtp.wait_for(1).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let _ = Command::new("kill").args(["-TERM", &second.id().to_string()]).status();
    second.wait().unwrap();
    assert_eq!(mails.len(), 1, "the next server delivered it once its lease ran out");
    assert!(mails[0].contains("X-RcptTo: eva@voorbeeld.nl"));
    assert_eq!(smtp.messages().len(), 1, "once");
    assert_eq!(job_state(&store).await, None, "the job is done");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_server_s_mail_is_delivered_once_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/jobs.db", dir.path().display());
    let store = Store::connect(StoreOptions::new(db.clone())).await.unwrap();
    store.migrate().await.unwrap();
    a_killed_server_s_mail_is_delivered_once(&db, store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_server_s_mail_is_delivered_once_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let schema = plein_testkit::test_schema();
    let admin = Store::connect(StoreOptions::new(url.clone())).await.unwrap();
    admin.conn().execute_unprepared(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    let mut options = StoreOptions::new(url.clone());
    options.pg_schema = Some(schema.clone());
    let store = Store::connect(options).await.unwrap();
    store.migrate().await.unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    a_killed_server_s_mail_is_delivered_once(&db, store).await;
}
