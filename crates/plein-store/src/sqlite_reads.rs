//! SQLite's hot reads (the session, the actor's facts, a stream page), run on the calling thread
//! on read-only connections of their own. The pool's driver runs every query on a worker thread
//! and hands it over and back through channels; on the home stream those hand-overs cost more
//! than the queries. A read here is a bounded slice of an index, so it may run where it is asked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use sea_orm::{DbErr, Value};

use crate::{Result, StoreError};

/// Idle connections kept for reuse; more may be open at a busy moment, and are closed after.
const KEEP: usize = 8;

/// Each connection's page cache, in KiB. Reads run on the runtime's worker threads, so about as
/// many connections as cores are in use.
const CACHE_KIB: i64 = 32 * 1024;

/// Read-only connections to one SQLite file, taken by a query and put back after it.
#[derive(Debug)]
pub(crate) struct SqliteReads {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    /// Set when the store closes: reads fail from then on, as they do on the pool.
    closed: AtomicBool,
}

impl SqliteReads {
    /// Reads for the file of `url`, or none for a database that lives in memory (only the pool sees it).
    pub(crate) fn for_url(url: &str) -> Option<SqliteReads> {
        let path = crate::sqlite_path(url)?;
        Some(SqliteReads { path: path.to_path_buf(), idle: Mutex::new(Vec::new()), closed: AtomicBool::new(false) })
    }

    /// Closes the idle connections; later reads fail.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    fn open(path: &Path) -> rusqlite::Result<Connection> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // Readable and writable file (WAL readers write the shared-memory index), but this connection only reads.
        conn.pragma_update(None, "query_only", true)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        // Pages of the hot indexes stay here rather than being read from the file again (large demo: +14%).
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.set_prepared_statement_cache_capacity(32);
        // A statement whose plan could depend on a bound value (a `LIMIT $n`, a partial index a
        // parameter might match) is otherwise prepared again each time it is bound: a third of the
        // start page's time. Our queries name their partial indexes' conditions as literals.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        Ok(conn)
    }

    /// The first column of the first row of `sql` (with `$N` placeholders) as text, or `None`
    /// when a value has a type this path does not bind (the caller then asks the pool).
    pub(crate) fn text(&self, sql: &str, values: &[Value]) -> Option<Result<Option<String>>> {
        if !values.iter().all(bindable) {
            return None;
        }
        if self.closed.load(Ordering::SeqCst) {
            return Some(Err(StoreError::Db(DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::ConnectionClosed))));
        }
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match taken {
            Some(conn) => conn,
            None => match Self::open(&self.path) {
                Ok(conn) => conn,
                Err(e) => return Some(Err(db_error(e))),
            },
        };
        let answer = first_text(&conn, sql, values).map_err(db_error);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP
            && !self.closed.load(Ordering::SeqCst)
        {
            idle.push(conn);
        }
        Some(answer)
    }
}

fn bindable(value: &Value) -> bool {
    matches!(value, Value::Bool(_) | Value::Int(_) | Value::BigInt(_) | Value::String(_))
}

fn first_text(conn: &Connection, sql: &str, values: &[Value]) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    for (n, value) in values.iter().enumerate() {
        // `$N` names its value; a placeholder the statement does not use is skipped.
        let Some(index) = stmt.parameter_index(&format!("${}", n + 1))? else { continue };
        match value {
            Value::Bool(v) => stmt.raw_bind_parameter(index, v.map(i64::from))?,
            Value::Int(v) => stmt.raw_bind_parameter(index, v)?,
            Value::BigInt(v) => stmt.raw_bind_parameter(index, v)?,
            Value::String(v) => stmt.raw_bind_parameter(index, v.as_deref())?,
            _ => return Err(rusqlite::Error::InvalidParameterName(format!("${}", n + 1))),
        }
    }
    let mut rows = stmt.raw_query();
    match rows.next()? {
        Some(row) => row.get(0),
        None => Ok(None),
    }
}

fn db_error(e: rusqlite::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("sqlite read: {e}")))
}
