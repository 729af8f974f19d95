//! Failed-login counters, kept in the database so every node sees the same ones.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::login_throttle;
use crate::{Result, Store};

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The latest time until which any of `keys` is locked, if one is locked at `at`.
    pub async fn locked_until(&self, keys: &[String], at: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let rows = login_throttle::Entity::find()
            .filter(login_throttle::Column::Key.is_in(keys.iter().cloned()))
            .filter(login_throttle::Column::LockedUntil.gt(at))
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().filter_map(|r| r.locked_until).max())
    }

    /// Counts one failure for `key` atomically, starting a new window when the
    /// last one began before `window_start`; returns the failures in the window.
    pub async fn count_failure(&self, key: &str, at: DateTime<Utc>, window_start: DateTime<Utc>) -> Result<i32> {
        // One statement, so concurrent failures cannot overwrite each other's count.
        let sql = "INSERT INTO login_throttle (key, failures, first_failure_at, locked_until) \
                   VALUES ($1, 1, $2, NULL) \
                   ON CONFLICT (key) DO UPDATE SET \
                     failures = CASE WHEN login_throttle.first_failure_at < $3 THEN 1 \
                                     ELSE login_throttle.failures + 1 END, \
                     first_failure_at = CASE WHEN login_throttle.first_failure_at < $3 THEN $2 \
                                     ELSE login_throttle.first_failure_at END \
                   RETURNING failures";
        let row = self.conn().query_one_raw(self.statement(sql, [key.into(), at.into(), window_start.into()])).await?;
        let failures = match row {
            Some(row) => row.try_get::<i32>("", "failures")?,
            None => 1,
        };
        Ok(failures)
    }

    /// Locks `key` until `until`.
    pub async fn lock(&self, key: &str, until: DateTime<Utc>) -> Result<()> {
        login_throttle::Entity::update_many()
            .set(login_throttle::ActiveModel { locked_until: Set(Some(until)), ..Default::default() })
            .filter(login_throttle::Column::Key.eq(key))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Forgets the failures of `key` (after a successful login).
    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        login_throttle::Entity::delete_by_id(key.to_owned()).exec(self.conn()).await?;
        Ok(())
    }

    /// Takes one failure back from `key` (a success from a shared address).
    pub async fn forgive_failure(&self, key: &str) -> Result<()> {
        self.run("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0", vec![key.into()])
            .await?;
        Ok(())
    }

    /// Deletes counters whose window began before `window_start` and that are not locked at `at`.
    pub async fn purge_throttle(&self, at: DateTime<Utc>, window_start: DateTime<Utc>) -> Result<u64> {
        use sea_orm::ExprTrait;
        let res = login_throttle::Entity::delete_many()
            .filter(login_throttle::Column::FirstFailureAt.lt(window_start))
            .filter(login_throttle::Column::LockedUntil.is_null().or(login_throttle::Column::LockedUntil.lt(at)))
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected)
    }
}
