//! The `plein` command line, run as a real process against SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use plein_testkit::postgres_url;
use sea_orm::ConnectionTrait;

fn plein(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["--database-url", db])
        .args(args)
        .env("PLEIN_CONFIG", "does-not-exist.toml")
        .env("RUST_LOG", "warn")
        .env("LANG", "nl_NL.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn user_story(db: &str) {
    let o = plein(db, &["migrate"], "");
    assert!(o.status.success(), "{}", text(&o));

    let add = [
        "user",
        "add",
        "wbeheer",
        "--name",
        "Wil Beheer",
        "--email",
        "wil@voorbeeld.nl",
        "--admin",
        "--password-stdin",
    ];
    let o = plein(db, &add, "welkom123456\n");
    assert!(!o.status.success(), "a common password is refused");
    assert!(text(&o).contains("te makkelijk te raden"), "translated: {}", text(&o));

    let o = plein(db, &add, "Zeilen-op-het-IJsselmeer-8\n");
    assert!(o.status.success(), "{}", text(&o));
    let mut same_name = add;
    same_name[6] = "ander@voorbeeld.nl";
    let o = plein(db, &same_name, "Zeilen-op-het-IJsselmeer-8\n");
    assert!(!o.status.success(), "the same username twice is refused");
    assert!(text(&o).contains("Deze gebruikersnaam is al in gebruik."), "{}", text(&o));

    let o = plein(db, &["user", "passwd", "wbeheer", "--password-stdin"], "Roeien-op-de-Amstel-77\n");
    assert!(o.status.success(), "{}", text(&o));
    let o = plein(db, &["user", "deactivate", "wbeheer"], "");
    assert!(o.status.success(), "{}", text(&o));
    let o = plein(db, &["user", "reactivate", "wil@voorbeeld.nl"], "");
    assert!(o.status.success(), "{}", text(&o));
    let o = plein(db, &["user", "passwd", "niemand", "--password-stdin"], "Roeien-op-de-Amstel-77\n");
    assert!(!o.status.success());
    assert!(text(&o).contains("Deze gebruiker bestaat niet."), "{}", text(&o));
    let o = plein(
        db,
        &["user", "add", "x y", "--name", "X", "--email", "x@voorbeeld.nl", "--password-stdin"],
        "Zeilen-op-het-IJsselmeer-8\n",
    );
    assert!(text(&o).contains("username: Dit is geen geldige waarde."), "{}", text(&o));

    let o = plein(db, &["demo"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("heeft al gebruikers"), "the demo never touches a used database: {}", text(&o));
}

#[test]
fn user_commands_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    user_story(&format!("sqlite://{}/cli.db", dir.path().display()));
}

#[tokio::test(flavor = "multi_thread")]
async fn user_commands_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let schema = plein_testkit::test_schema();
    let admin = plein_store::Store::connect(plein_store::StoreOptions::new(url.clone())).await.unwrap();
    admin.conn().execute_unprepared(&format!("CREATE SCHEMA {schema}")).await.unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    tokio::task::spawn_blocking(move || user_story(&db)).await.unwrap();
    let n = admin
        .conn()
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!("SELECT count(*) AS n FROM {schema}.users"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n, 1, "the commands used the schema they were given");
}

#[test]
fn a_stray_environment_variable_is_logged_and_the_command_runs() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["--database-url", &format!("sqlite://{}/stray.db", dir.path().display()), "migrate"])
        .env("PLEIN_CONFIG", "does-not-exist.toml")
        .env("PLEIN_DEPLOY_ID", "2026-05-01.3")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(log.contains("WARN") && log.contains("PLEIN_DEPLOY_ID"), "the variable is named in a warning: {log}");
}

/// Starts `plein serve` on a free port and returns the child and its address.
fn serve(db: &str) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["--database-url", db, "serve", "--bind", "127.0.0.1:0"])
        .env("PLEIN_CONFIG", "does-not-exist.toml")
        // A search index of its own, out of the source tree.
        .env("PLEIN_SEARCH__DIR", std::env::temp_dir().join(format!("plein-zoekindex-{}", std::process::id())))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().unwrap().unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    (child, addr)
}

#[test]
fn sigterm_lets_requests_in_flight_finish() {
    use std::io::Read;
    use std::net::TcpStream;
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let (mut child, addr) = serve(&format!("sqlite://{}/stop.db", dir.path().display()));
    // A login request whose body is still on its way when the signal arrives.
    let body = "username=niemand&password=niet-het-wachtwoord";
    let mut conn = TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "POST /inloggen HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(300));
    conn.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "the request in flight was answered: {answer:.200}");
    let status = child.wait().unwrap();
    assert!(status.success(), "plein exits cleanly after SIGTERM: {status}");
    assert!(TcpStream::connect(&addr).is_err(), "and no longer listens");
}
