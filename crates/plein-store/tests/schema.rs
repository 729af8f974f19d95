//! The two migration sets build the same schema: the same tables, the same columns with the same
//! nullability, the same keys, and the same indexes over the same columns. Types are left out
//! (each backend spells them its own way); everything else a query can depend on is compared.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::{BTreeMap, BTreeSet};

use plein_testkit::{Backend, TestStore};
use sea_orm::{ConnectionTrait, QueryResult, Statement};

/// A schema as both databases can describe it.
#[derive(Debug, Default)]
struct Schema {
    /// Table → column → whether it takes NULL.
    columns: BTreeMap<String, BTreeMap<String, bool>>,
    /// Table → its primary key's columns, in order.
    keys: BTreeMap<String, Vec<String>>,
    /// An index → what it covers. Named indexes go by name; the unnamed ones that back a
    /// `UNIQUE` constraint (named by each backend its own way) go by table and columns.
    indexes: BTreeMap<String, Index>,
}

/// What an index covers.
#[derive(Debug, PartialEq, Eq)]
struct Index {
    /// Its table.
    table: String,
    /// Its key columns, in order (`name DESC` when descending, `(expression)` for an expression).
    columns: Vec<String>,
    /// Whether it is unique.
    unique: bool,
    /// Whether it covers only rows that pass a `WHERE`.
    partial: bool,
}

/// One key column of an index, as either catalogue lists it.
struct IndexColumn {
    table: String,
    name: String,
    unique: bool,
    partial: bool,
    /// `pk` (the primary key's), `u` (a `UNIQUE` constraint's) or `c` (created by name).
    origin: String,
    column: String,
}

impl Schema {
    fn add_index_columns(&mut self, rows: Vec<IndexColumn>) {
        let mut by_name: BTreeMap<String, (IndexColumn, Vec<String>)> = BTreeMap::new();
        for row in rows {
            let column = row.column.clone();
            by_name.entry(row.name.clone()).or_insert_with(|| (row, Vec::new())).1.push(column);
        }
        for (name, (first, columns)) in by_name {
            let key = match first.origin.as_str() {
                "pk" => {
                    self.keys.insert(first.table, columns);
                    continue;
                }
                "u" => format!("unique constraint on {}({})", first.table, columns.join(", ")),
                _ => name,
            };
            let index = Index { table: first.table, columns, unique: first.unique, partial: first.partial };
            self.indexes.insert(key, index);
        }
    }

    /// Drops a trailing primary key column from the non-unique indexes of a table keyed by one
    /// column. SQLite ends every index of a table keyed by an `INTEGER PRIMARY KEY` with that key
    /// (its rowid) unasked, so its migrations write `(name)` where PostgreSQL's write `(name, id)`
    /// for the same index.
    fn without_implied_keys(mut self) -> Schema {
        for index in self.indexes.values_mut() {
            let key = self.keys.get(&index.table).filter(|k| k.len() == 1).and_then(|k| k.first());
            if !index.unique && index.columns.len() > 1 && index.columns.last() == key {
                index.columns.pop();
            }
        }
        self
    }

    /// Every way `self` (on `a`) and `other` (on `b`) differ, one line each.
    fn differences(&self, a: &str, other: &Schema, b: &str) -> Vec<String> {
        let mut out = Vec::new();
        let tables: BTreeSet<&String> = self.columns.keys().chain(other.columns.keys()).collect();
        for table in tables {
            let (Some(mine), Some(theirs)) = (self.columns.get(table), other.columns.get(table)) else {
                let only = if self.columns.contains_key(table) { a } else { b };
                out.push(format!("table {table} exists only on {only}"));
                continue;
            };
            let columns: BTreeSet<&String> = mine.keys().chain(theirs.keys()).collect();
            for column in columns {
                match (mine.get(column), theirs.get(column)) {
                    (Some(x), Some(y)) if x != y => out.push(format!(
                        "{table}.{column} is {} on {a} but {} on {b}",
                        nullability(*x),
                        nullability(*y)
                    )),
                    (Some(_), None) => out.push(format!("column {table}.{column} exists only on {a}")),
                    (None, Some(_)) => out.push(format!("column {table}.{column} exists only on {b}")),
                    _ => {}
                }
            }
            if self.keys.get(table) != other.keys.get(table) {
                out.push(format!(
                    "the primary key of {table} is {:?} on {a} but {:?} on {b}",
                    self.keys.get(table),
                    other.keys.get(table)
                ));
            }
        }
        let indexes: BTreeSet<&String> = self.indexes.keys().chain(other.indexes.keys()).collect();
        for index in indexes {
            match (self.indexes.get(index), other.indexes.get(index)) {
                (Some(x), Some(y)) if x != y => out.push(format!("index {index} is {x:?} on {a} but {y:?} on {b}")),
                (Some(x), None) => out.push(format!("index {index} ({x:?}) exists only on {a}")),
                (None, Some(y)) => out.push(format!("index {index} ({y:?}) exists only on {b}")),
                _ => {}
            }
        }
        out
    }
}

fn nullability(nullable: bool) -> &'static str {
    if nullable { "NULL" } else { "NOT NULL" }
}

async fn rows(store: &plein_store::Store, sql: &str) -> Vec<QueryResult> {
    let conn = store.conn();
    conn.query_all_raw(Statement::from_string(conn.get_database_backend(), sql)).await.unwrap()
}

fn text(row: &QueryResult, column: &str) -> String {
    row.try_get::<String>("", column).unwrap()
}

/// SQLite's schema, from `sqlite_master` and its table-valued pragmas.
async fn sqlite_schema(store: &plein_store::Store) -> Schema {
    let mut schema = Schema::default();
    let tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
    let columns = format!(
        "SELECT t.name AS tbl, c.name AS col, c.\"notnull\" AS not_null, c.pk AS pk \
         FROM ({tables}) t JOIN pragma_table_info(t.name) c ORDER BY t.name, c.cid"
    );
    let mut key_columns: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in rows(store, &columns).await {
        let (table, column) = (text(&row, "tbl"), text(&row, "col"));
        let pk = row.try_get::<i64>("", "pk").unwrap();
        // A key's columns take no NULL (SQLite would let a non-integer one, PostgreSQL never does).
        let nullable = row.try_get::<i64>("", "not_null").unwrap() == 0 && pk == 0;
        schema.columns.entry(table.clone()).or_default().insert(column.clone(), nullable);
        if pk > 0 {
            key_columns.entry(table).or_default().push((pk, column));
        }
    }
    // An INTEGER PRIMARY KEY is the rowid, with no index of its own: read keys from the columns.
    for (table, mut columns) in key_columns {
        columns.sort();
        schema.keys.insert(table, columns.into_iter().map(|(_, c)| c).collect());
    }
    let indexes = format!(
        "SELECT t.name AS tbl, l.name AS name, l.\"unique\" AS uniq, l.partial AS partial, l.origin AS origin, \
         x.name AS col, x.\"desc\" AS descending \
         FROM ({tables}) t JOIN pragma_index_list(t.name) l JOIN pragma_index_xinfo(l.name) x \
         WHERE x.key = 1 ORDER BY l.name, x.seqno"
    );
    let index_rows = rows(store, &indexes)
        .await
        .iter()
        .map(|row| {
            let column = row.try_get::<Option<String>>("", "col").unwrap().unwrap_or_else(|| "(expression)".into());
            let descending = row.try_get::<i64>("", "descending").unwrap() == 1;
            IndexColumn {
                table: text(row, "tbl"),
                name: text(row, "name"),
                unique: row.try_get::<i64>("", "uniq").unwrap() == 1,
                partial: row.try_get::<i64>("", "partial").unwrap() == 1,
                origin: text(row, "origin"),
                column: if descending { format!("{column} DESC") } else { column },
            }
        })
        // The keys were read from the columns above.
        .filter(|c| c.origin != "pk")
        .collect();
    schema.add_index_columns(index_rows);
    schema
}

/// PostgreSQL's schema (the test's own), from `information_schema` and `pg_catalog`.
async fn postgres_schema(store: &plein_store::Store) -> Schema {
    let mut schema = Schema::default();
    let columns = "SELECT c.table_name::text AS tbl, c.column_name::text AS col, c.is_nullable::text AS nullable \
         FROM information_schema.columns c JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
         ORDER BY c.table_name, c.ordinal_position";
    for row in rows(store, columns).await {
        let nullable = text(&row, "nullable") == "YES";
        schema.columns.entry(text(&row, "tbl")).or_default().insert(text(&row, "col"), nullable);
    }
    let indexes = "SELECT t.relname::text AS tbl, c.relname::text AS name, i.indisunique AS uniq, \
           i.indpred IS NOT NULL AS partial, \
           CASE WHEN i.indisprimary THEN 'pk' \
                WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid \
                             AND k.conrelid = i.indrelid AND k.contype = 'u') THEN 'u' ELSE 'c' END AS origin, \
           i.indkey[k.n - 1] = 0 AS expression, pg_get_indexdef(i.indexrelid, k.n, true) AS col, \
           (i.indoption[k.n - 1]::int & 1) = 1 AS descending \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid \
           JOIN pg_namespace s ON s.oid = t.relnamespace \
           CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n) \
         WHERE s.nspname = current_schema() ORDER BY c.relname, k.n";
    let index_rows = rows(store, indexes)
        .await
        .iter()
        .map(|row| {
            let column = if row.try_get::<bool>("", "expression").unwrap() {
                "(expression)".to_owned()
            } else {
                text(row, "col").trim_matches('"').to_owned()
            };
            let descending = row.try_get::<bool>("", "descending").unwrap();
            IndexColumn {
                table: text(row, "tbl"),
                name: text(row, "name"),
                unique: row.try_get::<bool>("", "uniq").unwrap(),
                partial: row.try_get::<bool>("", "partial").unwrap(),
                origin: text(row, "origin"),
                column: if descending { format!("{column} DESC") } else { column },
            }
        })
        .collect();
    schema.add_index_columns(index_rows);
    schema
}

#[tokio::test]
async fn both_migration_sets_build_the_same_schema() {
    let sqlite = TestStore::new(Backend::Sqlite).await.unwrap();
    let Some(postgres) = TestStore::new(Backend::Postgres).await else { return };
    let a = sqlite_schema(&sqlite.store).await.without_implied_keys();
    let b = postgres_schema(&postgres.store).await.without_implied_keys();
    assert!(a.columns.len() > 20 && a.indexes.len() > 20, "the SQLite schema was read: {a:?}");
    assert!(b.columns.len() > 20 && b.indexes.len() > 20, "the PostgreSQL schema was read: {b:?}");
    let differences: Vec<String> = a
        .differences("SQLite", &b, "PostgreSQL")
        .into_iter()
        .filter(|d| !MEANT.iter().any(|m| d.starts_with(m)))
        .collect();
    assert!(differences.is_empty(), "the migration sets differ:\n{}", differences.join("\n"));
}

/// Differences that are meant, each with its reason. Keep this list short.
const MEANT: &[&str] = &[
    // PostgreSQL hands out change positions before commit, so followers read in (transaction,
    // position) order; SQLite's one writer commits in position order, the rowid itself.
    "index changes_order ",
];

/// The comparison itself finds what it is for: a column, a nullability, an index or a key that
/// one side lacks.
#[test]
fn differences_are_found() {
    let index = |columns: &[&str]| Index {
        table: "posts".into(),
        columns: columns.iter().map(|c| (*c).to_owned()).collect(),
        unique: false,
        partial: false,
    };
    let mut a = Schema::default();
    a.columns.insert("posts".into(), [("id".into(), false), ("body".into(), false)].into());
    a.keys.insert("posts".into(), vec!["id".into()]);
    a.indexes.insert("posts_space".into(), index(&["space_id", "id"]));
    let mut b = Schema::default();
    b.columns.insert("posts".into(), [("id".into(), false), ("body".into(), true), ("extra".into(), true)].into());
    b.indexes.insert("posts_space".into(), index(&["space_id"]));
    b.indexes.insert("posts_more".into(), index(&["id"]));
    let found = a.differences("A", &b, "B");
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(found.iter().any(|d| d.contains("posts.body is NOT NULL on A but NULL on B")));
    assert!(found.iter().any(|d| d.contains("column posts.extra exists only on B")));
    assert!(found.iter().any(|d| d.contains("primary key of posts")));
    assert!(found.iter().any(|d| d.starts_with("index posts_space is")));
    assert!(found.iter().any(|d| d.starts_with("index posts_more")));
    assert!(a.differences("A", &a, "A").is_empty());
    // `(space_id, id)` is `(space_id)` on SQLite, but `(id, space_id)` stays what it is.
    b.keys.insert("posts".into(), vec!["id".into()]);
    b.indexes.insert("posts_more".into(), index(&["id", "space_id"]));
    let b = b.without_implied_keys();
    assert_eq!(b.indexes["posts_space"].columns, ["space_id"]);
    assert_eq!(b.indexes["posts_more"].columns, ["id", "space_id"]);
}
