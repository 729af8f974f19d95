//! Plein's storage: one code base on SQLite and PostgreSQL, chosen by the database URL.

pub mod audit;
pub mod branding;
pub mod changes;
mod dialect;
#[expect(missing_docs, reason = "SeaORM entities mirror the tables; the migrations document each column")]
pub mod entities;
pub mod groups;
pub mod images;
pub mod invitations;
pub mod jobs;
pub mod live;
mod migrations;
pub mod news;
pub mod notifications;
pub mod password_links;
pub mod people;
pub mod reports;
pub mod search;
pub mod sessions;
pub mod social;
pub mod spaces;
mod sqlite_reads;
mod stored;
pub mod stream;
pub mod throttle;
pub mod users;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbErr, SqlErr, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use thiserror::Error;

pub use dialect::Backend;
pub use migrations::Migrator;
pub use sea_orm;

/// A failure of the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A unique value is already taken; names the column.
    #[error("{0} is already taken")]
    Conflict(&'static str),
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A row the code cannot read: an unknown kind, status, role or visibility in the database,
    /// or a query's JSON in the wrong shape.
    #[error("unreadable row: {0}")]
    Unreadable(String),
    /// Anything else the database said.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Where a page of a listing ordered by (name, id) starts: after this name and id.
pub type After = Option<(String, i64)>;

/// Rows after `after` in the order (name, id): the next page of a listing, read from its index
/// as a row-value comparison `(name, id) > ($1, $2)` rather than skipped through with OFFSET.
pub(crate) fn after_key<N, I>(name: N, id: I, after: &After) -> sea_orm::Condition
where
    N: sea_orm::ColumnTrait,
    I: sea_orm::ColumnTrait,
{
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::Expr;
    match after {
        None => sea_orm::Condition::all(),
        Some((n, i)) => sea_orm::Condition::all().add(
            Expr::tuple([Expr::col(name), Expr::col(id)]).gt(Expr::tuple([Expr::value(n.clone()), Expr::value(*i)])),
        ),
    }
}

/// Rows whose `column`, in lower case, contains `text`: the text is words, never a pattern, so
/// LIKE's wildcards in it are escaped.
pub(crate) fn contains_text<C: sea_orm::ColumnTrait>(column: C, text: &str) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::{Expr, Func, LikeExpr};
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Pool figures for metrics.
#[derive(Clone, Copy, Debug)]
pub struct PoolStats {
    /// Open connections.
    pub size: u32,
    /// Of those, idle.
    pub idle: u32,
}

/// The database connection pool and everything that queries it. `Store<DatabaseTransaction>`
/// (from [`Store::begin`]) offers the same queries inside one transaction.
#[derive(Clone, Debug)]
pub struct Store<C = DatabaseConnection> {
    db: C,
    /// The engine, found once when connecting: it chooses the SQL that differs (see `dialect`).
    backend: Backend,
    writer: Writer,
    /// SQLite's hot reads on the calling thread (none in a transaction, whose reads must see its writes).
    reads: Option<std::sync::Arc<sqlite_reads::SqliteReads>>,
}

/// SQLite takes one writing transaction at a time. Ours queue here, first come first served,
/// instead of in SQLite's busy handler, which sleeps in growing steps and made writes under load
/// wait hundreds of milliseconds. PostgreSQL needs no queue.
#[derive(Clone, Debug)]
enum Writer {
    /// The queue of a SQLite pool.
    Queue(std::sync::Arc<tokio::sync::Mutex<()>>),
    /// A transaction's place at the head of the queue, given up when it ends.
    Held {
        /// Dropped with the transaction, which lets the next one in.
        _turn: std::sync::Arc<tokio::sync::OwnedMutexGuard<()>>,
    },
    /// No queue (PostgreSQL).
    Free,
}

/// How to open a store.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// `sqlite://path/to/file.db` or `postgres://…`.
    pub url: String,
    /// On PostgreSQL, the schema to use (tests give each test its own).
    pub pg_schema: Option<String>,
    /// The most connections in the pool.
    pub max_connections: u32,
}

/// How long a pooled connection may have been idle before it is tested when taken out.
pub const IDLE_BEFORE_TEST: Duration = Duration::from_secs(1);

impl StoreOptions {
    /// Options for `url` with defaults.
    pub fn new(url: impl Into<String>) -> Self {
        StoreOptions { url: url.into(), pg_schema: None, max_connections: 16 }
    }
}

impl Store {
    /// Opens the database, creating a SQLite file (and its folder) when it does not exist yet.
    pub async fn connect(options: StoreOptions) -> Result<Store> {
        let mut opts = ConnectOptions::new(options.url.clone());
        opts.max_connections(options.max_connections)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            // A connection is tested by a round trip when it goes back to the pool; testing it again
            // when taken out (SQLx's default) cost another round trip per statement. Only one idle
            // for a while (which the server or a firewall may have dropped) is tested again.
            .test_before_acquire_if_idle_for(IDLE_BEFORE_TEST)
            .sqlx_logging(false);
        if options.url.starts_with("sqlite:") {
            if let Some(dir) = sqlite_dir(&options.url) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
            }
            opts.map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
        } else if let Some(schema) = &options.pg_schema {
            opts.set_schema_search_path(schema.clone());
        }
        let db = Database::connect(opts).await?;
        let backend = Backend::of(db.get_database_backend());
        let (writer, reads) = match backend {
            Backend::Sqlite => (
                Writer::Queue(std::sync::Arc::new(tokio::sync::Mutex::new(()))),
                sqlite_reads::SqliteReads::for_url(&options.url).map(std::sync::Arc::new),
            ),
            Backend::Postgres => (Writer::Free, None),
        };
        Ok(Store { db, backend, writer, reads })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<()> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Brings the planner's statistics up to date after a bulk load (PostgreSQL's `ANALYZE`;
    /// autovacuum would get there too, minutes later). SQLite's planner works without
    /// statistics, and its plans are checked that way: nothing to do there.
    pub async fn refresh_statistics(&self) -> Result<()> {
        if let Some(analyze) = self.backend.analyze() {
            self.db.execute_unprepared(analyze).await?;
        }
        Ok(())
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Whether [`Store::close`] was called (on this store or a clone of it): tasks that poll
    /// the database stop then.
    pub fn is_closed(&self) -> bool {
        self.backend.is_closed(&self.db)
    }

    /// Pool figures for metrics.
    pub fn pool_stats(&self) -> PoolStats {
        self.backend.pool_stats(&self.db)
    }

    /// Starts a transaction: every write through the returned store lands together on `commit`, or not at all.
    pub async fn begin(&self) -> Result<Store<DatabaseTransaction>> {
        let (db, writer) = match &self.writer {
            // SQLite: the turn first, then `BEGIN IMMEDIATE`, which takes the write lock at once. A
            // deferred transaction that read first failed ("database is locked") when it came to
            // write after a single statement outside the queue (a session touched, a job claimed)
            // had written; now such a statement waits for the commit in SQLite's busy handler.
            // Holding the turn while the lock is taken keeps two of ours from waiting on each other.
            Writer::Queue(queue) => {
                let turn = std::sync::Arc::new(queue.clone().lock_owned().await);
                let immediate = sea_orm::TransactionOptions {
                    sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                    ..Default::default()
                };
                (self.db.begin_with_options(immediate).await?, Writer::Held { _turn: turn })
            }
            _ => (self.db.begin().await?, Writer::Free),
        };
        Ok(Store { db, backend: self.backend, writer, reads: None })
    }

    /// Closes the pool, letting queries in flight finish.
    pub async fn close(self) -> Result<()> {
        if let Some(reads) = &self.reads {
            reads.close();
        }
        self.db.close().await?;
        Ok(())
    }
}

impl Store<DatabaseTransaction> {
    /// Makes the transaction's writes permanent.
    pub async fn commit(self) -> Result<()> {
        self.db.commit().await?;
        Ok(())
    }
}

impl<C: ConnectionTrait> Store<C> {
    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection (or transaction) queries run on.
    pub fn conn(&self) -> &C {
        &self.db
    }

    /// Runs one statement with `$N` placeholders; returns the rows it changed.
    pub(crate) async fn run(&self, sql: &str, values: Vec<sea_orm::Value>) -> Result<u64> {
        Ok(self.db.execute_raw(self.statement(sql, values)).await?.rows_affected())
    }

    /// A raw statement with `$N` placeholders for this backend.
    pub(crate) fn statement(&self, sql: &str, values: impl IntoIterator<Item = sea_orm::Value>) -> sea_orm::Statement {
        sea_orm::Statement::from_sql_and_values(self.backend.db(), sql, values)
    }

    /// The rows of `from` (everything after `SELECT …`: `FROM … WHERE …`) as `T`, each built from
    /// the JSON object `fields` (`'name', expression, …`). All rows arrive as one row of JSON: one
    /// hand-over from the database driver instead of one per row.
    pub(crate) async fn json_rows<T: serde::de::DeserializeOwned>(
        &self,
        fields: &str,
        from: &str,
        values: Vec<sea_orm::Value>,
    ) -> Result<Vec<T>> {
        self.json_list(&self.backend.json_rows(fields, from), values, "rows").await
    }

    /// The JSON array that `sql` answers in its one row and column, read as `T`s (`what` names it in errors).
    pub(crate) async fn json_list<T: serde::de::DeserializeOwned>(
        &self,
        sql: &str,
        values: Vec<sea_orm::Value>,
        what: &str,
    ) -> Result<Vec<T>> {
        match self.text(sql, values).await? {
            Some(text) => from_json(&text, what),
            None => Ok(Vec::new()),
        }
    }

    /// The first column of the first row of `sql` as text. Outside a transaction on a SQLite file,
    /// read on this thread (see `sqlite_reads`); otherwise through the pool or the transaction.
    pub(crate) async fn text(&self, sql: &str, values: Vec<sea_orm::Value>) -> Result<Option<String>> {
        if let Some(answer) = self.reads.as_ref().and_then(|reads| reads.text(sql, &values)) {
            return answer;
        }
        Ok(self.db.query_one_raw(self.statement(sql, values)).await?.map(|row| row.try_get_by_index(0)).transpose()?)
    }

    /// The first column of every row, as numbers.
    pub(crate) async fn ids(&self, sql: &str, values: Vec<sea_orm::Value>) -> Result<Vec<i64>> {
        let rows = self.db.query_all_raw(self.statement(sql, values)).await?;
        Ok(rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<std::result::Result<_, _>>()?)
    }

    /// The JSON array of ids in parameter `$n` as a row source (see [`Backend::id_list`]).
    pub(crate) fn id_list(&self, n: usize) -> String {
        self.backend.id_list(n)
    }
}

/// A query's JSON answer read as `T` (`what` names it in errors).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Unreadable(format!("{what}: {e}")))
}

/// Ids as a JSON array, the one list parameter both databases read.
pub(crate) fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// A list that may be JSON `null` (an aggregate of no rows on PostgreSQL) as empty.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> std::result::Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    use serde::Deserialize;
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A boolean as JSON from either database: `true`/`false`, or SQLite's `1`/`0`.
pub(crate) fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
    Ok(flag_opt(d)?.unwrap_or(false))
}

/// An optional boolean as JSON from either database.
pub(crate) fn flag_opt<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<bool>, D::Error> {
    use serde::Deserialize;
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Bool(b)) => Some(b),
        Some(serde_json::Value::Number(n)) => Some(n.as_i64() != Some(0)),
        _ => None,
    })
}

/// The file of a SQLite URL, or none for a database in memory.
fn sqlite_path(url: &str) -> Option<&Path> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next()?;
    if path.is_empty() || path.starts_with(":memory:") || url.contains("mode=memory") {
        return None;
    }
    Some(Path::new(path))
}

fn sqlite_dir(url: &str) -> Option<&Path> {
    sqlite_path(url)?.parent().filter(|p| !p.as_os_str().is_empty())
}

/// The current time at the precision both databases keep (microseconds).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Turns a unique-key violation into [`StoreError::Conflict`] for the given column.
pub(crate) fn conflict_on(err: DbErr, columns: &[&'static str]) -> StoreError {
    if let Some(SqlErr::UniqueConstraintViolation(msg)) = err.sql_err() {
        let column = columns.iter().find(|c| msg.contains(*c)).copied().unwrap_or("value");
        return StoreError::Conflict(column);
    }
    StoreError::Db(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_folder_of_a_sqlite_file() {
        assert_eq!(sqlite_dir("sqlite://data/plein.db?mode=rwc"), Some(Path::new("data")));
        assert_eq!(sqlite_dir("sqlite:plein.db"), None);
        assert_eq!(sqlite_dir("sqlite::memory:"), None);
        assert_eq!(sqlite_path("sqlite:///tmp/plein.db?mode=rwc"), Some(Path::new("/tmp/plein.db")));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("sqlite://shared?mode=memory&cache=shared"), None);
    }
}
