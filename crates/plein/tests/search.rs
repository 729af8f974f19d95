//! The search index across a crash, with the real `plein serve`: killed (`kill -9`) while it
//! follows a stream of writes, it leaves an index that, opened again and caught up, holds every
//! committed post exactly once (the change-log position is committed with the documents).
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use plein_app::search::{Found, SearchQuery};
use plein_search::SearchIndex;
use plein_store::now;
use plein_store::stream::{InsertPost, PostPlace};
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(a_server_killed_while_indexing_leaves_every_post_in_the_index_once);

/// The database address `plein serve` is given for this test's store.
fn database_url(app: &TestApp) -> String {
    let options = app.store_options();
    match &options.pg_schema {
        Some(schema) => {
            let sep = if options.url.contains('?') { '&' } else { '?' };
            format!("{}{sep}options=-c%20search_path%3D{schema}", options.url)
        }
        None => options.url.clone(),
    }
}

fn serve(db: &str, index: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_plein"))
        .args(["--database-url", db, "serve", "--bind", "127.0.0.1:0"])
        .env("PLEIN_CONFIG", "does-not-exist.toml")
        .env("PLEIN_SEARCH__DIR", index)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The change-log position the index in `dir` last committed, read from its metadata file as
/// another process wrote it (`None` before its first commit).
fn committed_position(dir: &std::path::Path) -> Option<i64> {
    let meta = std::fs::read_to_string(dir.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&meta).ok()?;
    let payload: serde_json::Value = serde_json::from_str(meta.get("payload")?.as_str()?).ok()?;
    payload.get("position")?.as_i64()
}

async fn a_server_killed_while_indexing_leaves_every_post_in_the_index_once(app: TestApp) {
    let author = app.add_user("schrijver", "Een-lang-wachtwoord-1").await;
    let reader = app.actor_of(&author).await;
    let index_dir = tempfile::tempdir().unwrap();
    let mut server = serve(&database_url(&app), index_dir.path());
    let store = app.store();
    let mut posts = Vec::new();
    let mut write = async |round: usize| {
        for n in 0..20 {
            let row = store
                .insert_post(InsertPost {
                    place: PostPlace::Profile(author.id),
                    author_id: author.id,
                    body: format!("Bericht kw{round}x{n} over de begroting"),
                    body_html: "<p>…</p>".into(),
                    created_at: now(),
                })
                .await
                .unwrap();
            posts.push((row.id, format!("kw{round}x{n}")));
        }
    };
    // Writes while the server follows them; once it has committed some, it is killed mid-stream.
    let mut round = 0;
    let started = committed_position(index_dir.path());
    while committed_position(index_dir.path()) == started || round < 10 {
        write(round).await;
        round += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(round < 300, "the server never committed its index");
    }
    for _ in 0..3 {
        write(round).await;
        round += 1;
    }
    let killed = Command::new("kill").args(["-9", &server.id().to_string()]).status().unwrap();
    assert!(killed.success());
    server.wait().unwrap();
    // More writes while no server runs.
    for _ in 0..3 {
        write(round).await;
        round += 1;
    }

    // A new node opens the index the killed one left, and follows the change log from its position.
    let index = Arc::new(SearchIndex::open(index_dir.path()).unwrap());
    assert!(index.position().unwrap().is_some(), "the killed server's commits are there");
    let search = app.app.clone().with_search(index.clone());
    assert!(search.search().catch_up(Duration::from_secs(20)).await.unwrap());
    // Every post once (and the author, who is a document too): nothing lost, nothing doubled.
    assert_eq!(index.len(), posts.len() as u64 + 1, "documents in the index");
    for (id, word) in &posts {
        let query = SearchQuery { text: word.clone(), ..SearchQuery::default() };
        let results = search.search().search_everything(&reader, &query).await.unwrap();
        let found: Vec<&Found> = results.hits.iter().map(|h| &h.found).collect();
        assert_eq!(found, vec![&Found::Post(*id)], "{word}");
    }
}
