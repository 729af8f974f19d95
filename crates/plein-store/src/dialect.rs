//! The one seam between SQLite and PostgreSQL: every piece of SQL that differs between them is
//! written here, once, and chosen by the [`Backend`] the store found when it connected. The other
//! modules write SQL both databases read and ask the backend for the rest.
//!
//! Lists travel as one JSON array parameter (`[1,2,3]`), which both databases read as a row
//! source: one prepared statement whatever the list's length.

use sea_orm::{DatabaseConnection, DbBackend};

use crate::PoolStats;

/// Which database engine a store runs on, and so which SQL dialect it speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// A SQLite file (the default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The rows of one table that belong to a row of the outer query, for [`Backend::nested_array`]:
/// `table alias WHERE alias.key = outer ORDER BY alias.order`.
pub(crate) struct Nested<'a> {
    /// The table.
    pub table: &'a str,
    /// Its alias, which `value` uses.
    pub alias: &'a str,
    /// The column that points at the outer row.
    pub key: &'a str,
    /// The outer row's expression it must equal.
    pub outer: &'a str,
    /// The column to order by.
    pub order: &'a str,
    /// The columns SQLite's ordered subquery keeps (`*`, or the few `value` reads when the table
    /// holds large ones).
    pub columns: &'a str,
}

impl Backend {
    /// The engine behind a connection.
    pub(crate) fn of(backend: DbBackend) -> Backend {
        match backend {
            DbBackend::Postgres => Backend::Postgres,
            _ => Backend::Sqlite,
        }
    }

    /// SeaORM's name for it, for raw statements.
    pub(crate) fn db(self) -> DbBackend {
        match self {
            Backend::Sqlite => DbBackend::Sqlite,
            Backend::Postgres => DbBackend::Postgres,
        }
    }

    /// Of a migration written once per backend, this backend's script.
    pub(crate) fn script<'a>(self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self {
            Backend::Sqlite => sqlite,
            Backend::Postgres => postgres,
        }
    }

    /// Whether nodes sharing this database can tell each other of events (`NOTIFY`/`LISTEN`).
    pub(crate) fn relays_events(self) -> bool {
        self == Backend::Postgres
    }

    /// The statement that wakes the other nodes listening on this schema's channel `prefix` once
    /// the transaction commits; `None` where there are no other nodes.
    pub(crate) fn notify(self, prefix: &str) -> Option<String> {
        self.relays_events().then(|| format!("SELECT pg_notify(left('{prefix}' || current_schema(), 63), '')"))
    }

    /// The query that names this schema's channel `prefix`; `None` where there are no other nodes.
    pub(crate) fn channel(self, prefix: &str) -> Option<String> {
        self.relays_events().then(|| format!("SELECT left('{prefix}' || current_schema(), 63)"))
    }

    /// What a subquery that picks a row to claim adds so that concurrent claimers skip each
    /// other's rows (SQLite's one writer needs nothing).
    pub(crate) fn skip_locked(self) -> &'static str {
        match self {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }

    /// The change-log rows after a cursor (`$1` transaction, `$2` position on PostgreSQL; `$1`
    /// position on SQLite), at most `limit`, as `FROM (…) c`, and whether the cursor's transaction
    /// is a parameter. On PostgreSQL positions are handed out before commit, so only rows of
    /// transactions older than every running one are final; SQLite's one writer commits in order.
    pub(crate) fn changes_after(self, limit: u64) -> (String, bool) {
        match self {
            Backend::Postgres => (
                format!(
                    "FROM (SELECT * FROM changes WHERE (tx, position) > ($1, $2) \
                     AND tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint \
                     ORDER BY tx, position LIMIT {limit}) c"
                ),
                true,
            ),
            Backend::Sqlite => {
                (format!("FROM (SELECT * FROM changes WHERE position > $1 ORDER BY position LIMIT {limit}) c"), false)
            }
        }
    }

    /// The last final change-log row's (transaction, position): see [`Backend::changes_after`].
    pub(crate) fn changes_end(self) -> &'static str {
        match self {
            Backend::Postgres => {
                "SELECT tx, position FROM changes WHERE tx < pg_snapshot_xmin(pg_current_snapshot())::text::bigint \
                 ORDER BY tx DESC, position DESC LIMIT 1"
            }
            Backend::Sqlite => "SELECT tx, position FROM changes ORDER BY position DESC LIMIT 1",
        }
    }

    /// The statement that brings the planner's statistics up to date, where the planner keeps any.
    pub(crate) fn analyze(self) -> Option<&'static str> {
        match self {
            Backend::Postgres => Some("ANALYZE"),
            Backend::Sqlite => None,
        }
    }

    /// Whether the pool behind `db` is closed.
    pub(crate) fn is_closed(self, db: &DatabaseConnection) -> bool {
        match self {
            Backend::Postgres => db.get_postgres_connection_pool().is_closed(),
            Backend::Sqlite => db.get_sqlite_connection_pool().is_closed(),
        }
    }

    /// Pool figures of `db`.
    pub(crate) fn pool_stats(self, db: &DatabaseConnection) -> PoolStats {
        let (size, idle) = match self {
            Backend::Postgres => {
                let p = db.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            Backend::Sqlite => {
                let p = db.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
        };
        PoolStats { size, idle: u32::try_from(idle).unwrap_or(u32::MAX) }
    }

    // Lists as parameters.

    /// The JSON array of ids in parameter `$n` as a row source of one column, `value`.
    pub(crate) fn id_list(self, n: usize) -> String {
        match self {
            Backend::Postgres => format!("SELECT value::bigint FROM jsonb_array_elements_text(${n}::jsonb)"),
            Backend::Sqlite => format!("SELECT value FROM json_each(${n})"),
        }
    }

    /// The JSON array of ids in parameter `$n` as a row source of one column, `id`.
    pub(crate) fn id_rows(self, n: usize) -> String {
        match self {
            Backend::Postgres => format!("SELECT value::bigint AS id FROM jsonb_array_elements_text(${n}::jsonb)"),
            Backend::Sqlite => format!("SELECT value AS id FROM json_each(${n})"),
        }
    }

    /// The JSON array of texts in parameter `$n` as a row source of one column, `value`.
    pub(crate) fn text_list(self, n: usize) -> String {
        match self {
            Backend::Postgres => format!("SELECT value FROM jsonb_array_elements_text(${n}::jsonb)"),
            Backend::Sqlite => format!("SELECT value FROM json_each(${n})"),
        }
    }

    /// Whether the text `expr` is in the JSON array of texts in parameter `$n`.
    pub(crate) fn in_text_list(self, expr: &str, n: usize) -> String {
        match self {
            Backend::Postgres => format!("${n}::jsonb ? {expr}"),
            Backend::Sqlite => format!("{expr} IN (SELECT value FROM json_each(${n}))"),
        }
    }

    /// The length of the JSON array in parameter `$n`.
    pub(crate) fn list_length(self, n: usize) -> String {
        match self {
            Backend::Postgres => format!("jsonb_array_length(${n}::jsonb)"),
            Backend::Sqlite => format!("json_array_length(${n})"),
        }
    }

    // JSON built by the database: a page of rows is one value, one hand-over from the driver.

    /// A JSON object of `fields` (`'name', expression, …`).
    pub(crate) fn object(self, fields: &str) -> String {
        match self {
            Backend::Postgres => format!("json_build_object({fields})"),
            Backend::Sqlite => format!("json_object({fields})"),
        }
    }

    /// A JSON value `expr` as text, as the driver hands it over.
    pub(crate) fn as_text(self, expr: &str) -> String {
        match self {
            Backend::Postgres => format!("{expr}::text"),
            Backend::Sqlite => expr.to_owned(),
        }
    }

    /// A query of one row and one column: the JSON array of an object of `fields` for each row
    /// of `from` (`FROM … WHERE …`), as text (`[]` when there are none).
    /// PostgreSQL turns each row into JSON as a record (`json_agg` of the row): that costs about
    /// half what `json_build_object` of the same fields does, which looks up each field's type
    /// again for every row.
    pub(crate) fn json_rows(self, fields: &str, from: &str) -> String {
        match (self, columns_of(fields)) {
            (Backend::Postgres, Some(columns)) => {
                format!("SELECT COALESCE(json_agg(r)::text, '[]') FROM (SELECT {columns} {from}) r")
            }
            (Backend::Postgres, None) => {
                format!("SELECT COALESCE(json_agg(json_build_object({fields}))::text, '[]') {from}")
            }
            (Backend::Sqlite, _) => format!("SELECT json_group_array(json_object({fields})) {from}"),
        }
    }

    /// A JSON array of an object of `fields` for each row of `from` (`FROM … WHERE …`), nested in
    /// a JSON value (`[]` when there are none): [`Backend::json_rows`] inside a larger object.
    pub(crate) fn nested_json_rows(self, fields: &str, from: &str) -> String {
        match (self, columns_of(fields)) {
            (Backend::Postgres, Some(columns)) => {
                format!("(SELECT COALESCE(json_agg(r), '[]'::json) FROM (SELECT {columns} {from}) r)")
            }
            (Backend::Postgres, None) => {
                format!("(SELECT COALESCE(json_agg(json_build_object({fields})), '[]'::json) {from})")
            }
            (Backend::Sqlite, _) => format!("json((SELECT json_group_array(json_object({fields})) {from}))"),
        }
    }

    /// A query's one JSON object as text, of `parts`: names with JSON arrays of rows (`fields`,
    /// `from` as in [`Backend::nested_json_rows`]) or, with no `from`, a JSON expression. SQLite
    /// joins the parts' texts: nesting `json_group_array` in `json_object` needs `json(…)` around
    /// it (a subquery's result loses its JSON subtype), and that parses the whole array again, a
    /// page of posts with their HTML: a fifteenth of the start page's time.
    pub(crate) fn object_text(self, parts: &[(&str, &str, Option<&str>)]) -> String {
        match self {
            Backend::Postgres => {
                let fields: Vec<String> = parts
                    .iter()
                    .map(|(name, fields, from)| match from {
                        Some(from) => format!("'{name}', {}", self.nested_json_rows(fields, from)),
                        None => format!("'{name}', {fields}"),
                    })
                    .collect();
                self.as_text(&self.object(&fields.join(", ")))
            }
            Backend::Sqlite => {
                let texts: Vec<String> = parts
                    .iter()
                    .map(|(name, fields, from)| match from {
                        // Never NULL: an aggregate answers `[]` for no rows.
                        Some(from) => {
                            format!("'\"{name}\":' || (SELECT json_group_array(json_object({fields})) {from})")
                        }
                        None => format!("'\"{name}\":' || {fields}"),
                    })
                    .collect();
                format!("'{{' || {} || '}}'", texts.join(" || ',' || "))
            }
        }
    }

    /// `condition`, kept from choosing the index for a table: on SQLite, which without statistics
    /// takes an equality on an indexed column (`target_kind = 'post'`, true of nearly every row)
    /// over a range of ids and would read the whole table per page, a unary `+` disqualifies the
    /// term from an index. PostgreSQL's planner weighs both and needs no hint.
    pub(crate) fn not_by_index(self, column: &str, condition: &str) -> String {
        match self {
            Backend::Postgres => format!("{column} {condition}"),
            Backend::Sqlite => format!("+{column} {condition}"),
        }
    }

    /// The texts `expr` of the rows of `from` (`FROM … WHERE …`) joined by spaces, in no
    /// particular order; NULL when there are none.
    pub(crate) fn joined_text(self, expr: &str, from: &str) -> String {
        match self {
            Backend::Postgres => format!("(SELECT string_agg({expr}, ' ') {from})"),
            Backend::Sqlite => format!("(SELECT group_concat({expr}, ' ') {from})"),
        }
    }

    /// A JSON array of `value` for each row of `rows`, in their order, nested in a JSON value;
    /// NULL when there are none on PostgreSQL, `[]` on SQLite (readers take both). PostgreSQL
    /// orders inside the aggregate; SQLite aggregates an ordered subquery, aliased as the table was.
    pub(crate) fn nested_array(self, value: &str, rows: &Nested<'_>) -> String {
        let Nested { table, alias, key, outer, order, columns } = rows;
        match self {
            Backend::Postgres => format!(
                "(SELECT json_agg({value} ORDER BY {alias}.{order}) FROM {table} {alias} WHERE {alias}.{key} = {outer})"
            ),
            Backend::Sqlite => format!(
                "json((SELECT json_group_array({value}) FROM (SELECT {columns} FROM {table} WHERE {key} = {outer} \
                 ORDER BY {order}) {alias}))"
            ),
        }
    }

    /// A JSON array of objects of `columns` (each `alias.column`, named after its column) for
    /// each row of `from` (`FROM … WHERE …`) in the order of `order`, nested in a JSON value;
    /// NULL when there are none on PostgreSQL, `[]` on SQLite.
    pub(crate) fn nested_rows(self, columns: &[&str], from: &str, order: &str) -> String {
        let name = |c: &'_ str| c.rsplit('.').next().unwrap_or(c).to_owned();
        match self {
            Backend::Postgres => {
                let fields: Vec<String> = columns.iter().map(|c| format!("'{}', {c}", name(c))).collect();
                format!("(SELECT json_agg(json_build_object({}) ORDER BY {order}) {from})", fields.join(", "))
            }
            Backend::Sqlite => {
                let fields: Vec<String> = columns.iter().map(|c| format!("'{0}', x.{0}", name(c))).collect();
                format!(
                    "json((SELECT json_group_array(json_object({})) FROM (SELECT {} {from} ORDER BY {order}) x))",
                    fields.join(", "),
                    columns.join(", ")
                )
            }
        }
    }

    /// A JSON array of the ids of `select` (`SELECT … ORDER BY …`, whose rows are aliased `x`),
    /// nested in a JSON value, in its order; NULL when there are none on PostgreSQL.
    pub(crate) fn nested_ids(self, select: &str) -> String {
        match self {
            Backend::Postgres => format!("(SELECT json_agg(x.id) FROM ({select}) x)"),
            Backend::Sqlite => format!("json((SELECT json_group_array(x.id) FROM ({select}) x))"),
        }
    }

    /// The JSON array of `[kind, text, id]` triples, one per row of `select`, nested in a JSON
    /// value (`[]` when there are none).
    pub(crate) fn nested_triples(self, select: &str) -> String {
        match self {
            Backend::Postgres => {
                format!("(SELECT COALESCE(json_agg(json_build_array(kind, text, id)), '[]'::json) FROM ({select}) f)")
            }
            Backend::Sqlite => format!("json((SELECT json_group_array(json_array(kind, text, id)) FROM ({select})))"),
        }
    }

    // Ordering and the stream.

    /// The current time as SQL, comparable with stored times.
    pub(crate) fn now(self) -> &'static str {
        match self {
            Backend::Postgres => "now()",
            Backend::Sqlite => "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')",
        }
    }

    /// What makes a descending order put NULLs last (SQLite's NULLs are least already).
    pub(crate) fn desc_nulls_last(self) -> &'static str {
        match self {
            Backend::Postgres => " NULLS LAST",
            Backend::Sqlite => "",
        }
    }

    /// The ids of the newest `limit` (`$4`) live posts older than `before` (`$3`) in each
    /// container of `containers` (a row source of `id`), where `column` names a post's container.
    /// PostgreSQL reads each slice through a `LATERAL` join; SQLite, which has none, gathers each
    /// slice into a JSON array and spreads it with `json_each` (an `IN` on the posts table would
    /// read every post row of every slice just for its id). Either way one index slice per
    /// container, never every matching post, and no post row read.
    pub(crate) fn newest_per_container(self, containers: &str, column: &str) -> String {
        match self {
            Backend::Postgres => format!(
                "SELECT p.id FROM ({containers}) c CROSS JOIN LATERAL (SELECT id FROM posts WHERE {column} = c.id \
                 AND deleted_at IS NULL AND id < $3 ORDER BY id DESC LIMIT $4) p"
            ),
            Backend::Sqlite => format!(
                "SELECT p.value AS id FROM ({containers}) c, json_each((SELECT json_group_array(id) FROM \
                 (SELECT id FROM posts WHERE {column} = c.id AND deleted_at IS NULL AND id < $3 \
                 ORDER BY id DESC LIMIT $4))) p"
            ),
        }
    }
}

/// JSON fields (`'name', expression, …`) as the columns of a row (`expression AS "name", …`),
/// for PostgreSQL to turn into JSON as a record; none when they do not read as such pairs (a
/// name that is not a plain lower-case word, an odd count).
fn columns_of(fields: &str) -> Option<String> {
    // Split at the commas outside parentheses and quotes ('it''s' closes and reopens: fine).
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in fields.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(fields[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(fields[start..].trim());
    if quoted || depth != 0 || parts.len() % 2 != 0 {
        return None;
    }
    let mut columns = Vec::with_capacity(parts.len() / 2);
    for pair in parts.chunks(2) {
        let name = pair[0].strip_prefix('\'')?.strip_suffix('\'')?;
        let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !plain || pair[1].is_empty() {
            return None;
        }
        columns.push(format!("{} AS \"{name}\"", pair[1]));
    }
    Some(columns.join(", "))
}

#[cfg(test)]
mod tests {
    use super::columns_of;

    #[test]
    fn json_fields_read_as_the_columns_of_a_row() {
        assert_eq!(
            columns_of("'id', p.id, 'liked', EXISTS (SELECT 1 FROM likes l WHERE l.a = 'x, y'), 'n', f(a, 'it''s')"),
            Some("p.id AS \"id\", EXISTS (SELECT 1 FROM likes l WHERE l.a = 'x, y') AS \"liked\", f(a, 'it''s') AS \"n\"".into())
        );
        // Anything else keeps json_build_object.
        assert_eq!(columns_of("'id', p.id, 'name'"), None);
        assert_eq!(columns_of("'Id', p.id"), None);
        assert_eq!(columns_of("'id\"', p.id"), None);
        assert_eq!(columns_of("'id', f(p.id"), None);
    }
}
