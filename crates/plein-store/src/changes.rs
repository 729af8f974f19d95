//! The change log: every write of content, or of what decides who may read it, appends a row in
//! the writing transaction (the migrations' triggers do, whoever writes). Consumers such as the
//! search index follow it in order from their [`ChangeCursor`] and record how far they got;
//! rows every consumer has read are pruned.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::{Result, Store};

/// A change that no table's trigger records, for [`Store::record_change`].
#[derive(Clone, Debug)]
pub struct Change {
    /// What kind of item changed: `post`, `comment`, `space`, `membership`, `user`, `group` …
    pub item_kind: &'static str,
    /// Its id (for a membership: the member's).
    pub item_id: i64,
    /// Where it lives: `space:3`, `profile:7`, `group:2`, `site`.
    pub container: String,
    /// What happened: `created`, `updated`, `deleted`, `hidden`, `visibility_changed` …
    pub happened: &'static str,
}

/// One row of the change log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct ChangeRow {
    /// Its place in the log.
    pub position: i64,
    /// On PostgreSQL, the writing transaction (the log is followed in (tx, position) order); 0 on SQLite.
    pub tx: i64,
    /// What kind of item changed.
    pub item_kind: String,
    /// Its id.
    pub item_id: i64,
    /// Where it lives.
    pub container: String,
    /// What happened.
    pub happened: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl ChangeRow {
    /// The cursor just past this row.
    pub fn cursor(&self) -> ChangeCursor {
        ChangeCursor { tx: self.tx, position: self.position }
    }
}

/// Where a consumer of the change log is: after this row. The default is the start of the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangeCursor {
    /// The transaction of the last row read (0 on SQLite).
    pub tx: i64,
    /// The position of the last row read.
    pub position: i64,
}

const FIELDS: &str = "'position', position, 'tx', tx, 'item_kind', item_kind, 'item_id', item_id, \
                      'container', container, 'happened', happened, 'at', at";

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Appends a change that no table's trigger records, inside the caller's transaction when
    /// this store is one.
    pub async fn record_change(&self, change: Change) -> Result<()> {
        self.run(
            "INSERT INTO changes (item_kind, item_id, container, happened) VALUES ($1, $2, $3, $4)",
            vec![change.item_kind.into(), change.item_id.into(), change.container.into(), change.happened.into()],
        )
        .await?;
        if let Some(notify) = self.backend().notify("plein_changes_") {
            // As the triggers do: followers on other nodes wake up when this commits.
            self.run(&notify, Vec::new()).await?;
        }
        Ok(())
    }

    /// On PostgreSQL, the channel that a commit with changes notifies (listen with
    /// [`Store::listen`]); `None` on SQLite, where there is one node.
    pub async fn changes_channel(&self) -> Result<Option<String>> {
        match self.backend().channel("plein_changes_") {
            Some(sql) => self.text(&sql, Vec::new()).await,
            None => Ok(None),
        }
    }

    /// The next `limit` changes after `after`, in the order to follow them. Every row returned
    /// is final: no change that commits later can belong before it. (SQLite has one writer, so
    /// positions commit in order; on PostgreSQL positions are handed out before commit, so only
    /// rows of transactions older than every running one are read, in (tx, position) order.)
    pub async fn changes_after(&self, after: ChangeCursor, limit: u64) -> Result<Vec<ChangeRow>> {
        let limit = limit.clamp(1, 10_000);
        let (from, by_tx) = self.backend().changes_after(limit);
        let values = if by_tx { vec![after.tx.into(), after.position.into()] } else { vec![after.position.into()] };
        let mut rows: Vec<ChangeRow> = self.json_rows(FIELDS, &from, values).await?;
        // JSON aggregation keeps no order of its own.
        rows.sort_by_key(ChangeRow::cursor);
        Ok(rows)
    }

    /// The end of the log as it stands: where a consumer that has just read everything (a
    /// search index rebuilt from the tables, say) starts following.
    pub async fn changes_end(&self) -> Result<ChangeCursor> {
        let rows = self.pairs(self.backend().changes_end(), Vec::new()).await?;
        match rows.first() {
            Some(&(tx, position)) => Ok(ChangeCursor { tx, position }),
            // An empty log ends where it was pruned.
            None => Ok(self.changes_pruned_through().await?.unwrap_or_default()),
        }
    }

    /// The last change committed so far, final or not (on PostgreSQL a change becomes final, and
    /// is read by [`Store::changes_after`], once every older transaction has ended): a consumer
    /// whose cursor reached it has read every change committed before this call.
    pub async fn changes_committed_end(&self) -> Result<ChangeCursor> {
        let rows =
            self.pairs("SELECT tx, position FROM changes ORDER BY tx DESC, position DESC LIMIT 1", Vec::new()).await?;
        Ok(rows.first().map(|&(tx, position)| ChangeCursor { tx, position }).unwrap_or_default())
    }

    /// Where the consumer `name` is; the start of the log for one not seen before.
    pub async fn consumer_cursor(&self, name: &str) -> Result<ChangeCursor> {
        let rows = self.pairs("SELECT tx, position FROM change_consumers WHERE name = $1", vec![name.into()]).await?;
        Ok(rows.first().map(|&(tx, position)| ChangeCursor { tx, position }).unwrap_or_default())
    }

    /// Records that the consumer `name` has read up to `cursor` (it never moves back).
    pub async fn set_consumer_cursor(&self, name: &str, cursor: ChangeCursor) -> Result<()> {
        self.run(
            "INSERT INTO change_consumers (name, tx, position) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET tx = excluded.tx, position = excluded.position \
             WHERE (change_consumers.tx, change_consumers.position) < (excluded.tx, excluded.position)",
            vec![name.into(), cursor.tx.into(), cursor.position.into()],
        )
        .await?;
        Ok(())
    }

    /// Forgets a consumer, so that pruning no longer waits for it.
    pub async fn remove_consumer(&self, name: &str) -> Result<()> {
        self.run("DELETE FROM change_consumers WHERE name = $1", vec![name.into()]).await?;
        Ok(())
    }

    /// Removes the changes every consumer has read; with no consumer at all, those older than
    /// `unread_before` (a consumer that starts later, or a node's search index that stood still
    /// longer, rebuilds from the tables: see [`Store::changes_pruned_through`]). Returns how many.
    pub async fn prune_changes(&self, unread_before: DateTime<Utc>) -> Result<u64> {
        let consumers = self.pairs("SELECT tx, position FROM change_consumers", Vec::new()).await?;
        let (which, values): (&str, Vec<sea_orm::Value>) = match consumers.into_iter().min() {
            Some((tx, position)) => ("(tx, position) <= ($1, $2)", vec![tx.into(), position.into()]),
            None => ("at < $1", vec![unread_before.into()]),
        };
        let last = self
            .pairs(
                &format!("SELECT tx, position FROM changes WHERE {which} ORDER BY tx DESC, position DESC LIMIT 1"),
                values.clone(),
            )
            .await?;
        let Some(&(tx, position)) = last.first() else { return Ok(0) };
        // Recorded before the rows go: a crash in between costs a rebuild, never a missed change.
        self.run(
            "INSERT INTO changes_pruned (id, tx, position) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET tx = excluded.tx, position = excluded.position",
            vec![tx.into(), position.into()],
        )
        .await?;
        self.run(&format!("DELETE FROM changes WHERE {which}"), values).await
    }

    /// The last change pruned from the log, if any: a consumer before it missed changes.
    pub async fn changes_pruned_through(&self) -> Result<Option<ChangeCursor>> {
        let rows = self.pairs("SELECT tx, position FROM changes_pruned", Vec::new()).await?;
        Ok(rows.first().map(|&(tx, position)| ChangeCursor { tx, position }))
    }

    /// The first two columns of every row, as numbers.
    async fn pairs(&self, sql: &str, values: Vec<sea_orm::Value>) -> Result<Vec<(i64, i64)>> {
        let backend = self.conn().get_database_backend();
        let rows = self.conn().query_all_raw(sea_orm::Statement::from_sql_and_values(backend, sql, values)).await?;
        Ok(rows
            .iter()
            .map(|r| Ok((r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<i64>(1)?)))
            .collect::<std::result::Result<_, sea_orm::DbErr>>()?)
    }
}
