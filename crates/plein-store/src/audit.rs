//! The audit log: append-only (database triggers refuse updates and deletes).

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder, QuerySelect};
use sea_orm::{ConnectionTrait, TransactionTrait};

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::entities::audit_log;
use crate::{Result, Store, now};

pub use audit_log::Model as AuditRow;

/// Which audit records to read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Actions starting with any of these (`space.`, `user.deactivate`); empty: all.
    pub actions: Vec<String>,
    /// Only what this user did.
    pub actor: Option<i64>,
    /// From this moment on.
    pub since: Option<DateTime<Utc>>,
    /// Before this moment.
    pub until: Option<DateTime<Utc>>,
    /// Records older than this one (the next page).
    pub before: Option<i64>,
}

/// How many distinct refusals of one actor get records of their own within a window; beyond
/// that, refusals are gathered per action.
pub const DISTINCT_REFUSALS: i64 = 50;

/// What an audit record says.
#[derive(Clone, Debug, Default)]
pub struct AuditEntry {
    /// Who acted, if known.
    pub actor_id: Option<i64>,
    /// The actor's name then (or the name tried at a failed login).
    pub actor_name: Option<String>,
    /// A stable action code such as `login`, `logout`, `user.create`.
    pub action: &'static str,
    /// What it was done to, e.g. `user:42`.
    pub object: Option<String>,
    /// Whether it succeeded.
    pub success: bool,
    /// The client address.
    pub origin: Option<String>,
    /// Further facts as JSON; never secrets.
    pub detail: Option<serde_json::Value>,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Appends a record.
    pub async fn audit(&self, entry: AuditEntry) -> Result<()> {
        self.audit_row(entry, now()).await?;
        Ok(())
    }

    async fn audit_row(&self, entry: AuditEntry, at: DateTime<Utc>) -> Result<AuditRow> {
        Ok(audit_log::ActiveModel {
            at: Set(at),
            actor_id: Set(entry.actor_id),
            actor_name: Set(entry.actor_name),
            action: Set(entry.action.to_owned()),
            object: Set(entry.object),
            result: Set(if entry.success { "success" } else { "failure" }.to_owned()),
            origin: Set(entry.origin),
            detail: Set(entry.detail.map(|d| d.to_string())),
            ..Default::default()
        }
        .insert(self.conn())
        .await?)
    }

    /// Records a refused attempt: the first of its kind (actor, action, object, origin) since
    /// `since` gets a record of its own; later ones only count as its repeats. Once an actor has
    /// [`DISTINCT_REFUSALS`] records since then, further refusals of an action are gathered under
    /// one record whatever their object, so that trying every id still adds few rows.
    pub async fn audit_refusal(&self, mut entry: AuditEntry, since: DateTime<Utc>) -> Result<()> {
        let at = now();
        let actor = entry.actor_id.map_or_else(|| "-".to_owned(), |a| a.to_string());
        let origin = entry.origin.clone().unwrap_or_default();
        let key_of = |object: &str| format!("{actor}|{}|{object}|{origin}", entry.action);
        let mut key = key_of(entry.object.as_deref().unwrap_or(""));
        if self.count_repeat(&key, since, at).await? {
            return Ok(());
        }
        let distinct = self
            .ids(
                "SELECT count(*) FROM audit_repeats WHERE actor_id = $1 AND since >= $2",
                vec![entry.actor_id.into(), since.into()],
            )
            .await?;
        if distinct.first().copied().unwrap_or(0) >= DISTINCT_REFUSALS {
            key = key_of("*");
            if self.count_repeat(&key, since, at).await? {
                return Ok(());
            }
            entry.object = None;
            let mut detail = entry.detail.take().unwrap_or_else(|| serde_json::json!({}));
            detail["objects"] = "many".into();
            entry.detail = Some(detail);
        }
        let actor_id = entry.actor_id;
        let row = self.audit_row(entry, at).await?;
        self.run(
            "INSERT INTO audit_repeats (audit_id, key, actor_id, since, repeats, last_at) VALUES ($1, $2, $3, $4, 0, $4)",
            vec![row.id.into(), key.into(), actor_id.into(), at.into()],
        )
        .await?;
        Ok(())
    }

    /// Counts one more repeat of the record under `key` since `since`, if there is one.
    async fn count_repeat(&self, key: &str, since: DateTime<Utc>, at: DateTime<Utc>) -> Result<bool> {
        let changed = self
            .run(
                "UPDATE audit_repeats SET repeats = repeats + 1, last_at = $3 WHERE audit_id = \
                 (SELECT audit_id FROM audit_repeats WHERE key = $1 AND since >= $2 ORDER BY since DESC LIMIT 1)",
                vec![key.into(), since.into(), at.into()],
            )
            .await?;
        Ok(changed > 0)
    }

    /// How often each of these records repeated, and when last: only records with repeats.
    pub async fn audit_repeats(&self, ids: &[i64]) -> Result<HashMap<i64, (i64, DateTime<Utc>)>> {
        #[derive(serde::Deserialize)]
        struct Repeat {
            id: i64,
            repeats: i64,
            last_at: DateTime<Utc>,
        }
        let rows: Vec<Repeat> = self
            .json_rows(
                "'id', audit_id, 'repeats', repeats, 'last_at', last_at",
                &format!("FROM audit_repeats WHERE repeats > 0 AND audit_id IN ({})", self.id_list(1)),
                vec![crate::json_ids(ids).into()],
            )
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, (r.repeats, r.last_at))).collect())
    }

    /// The newest records, newest first.
    pub async fn recent_audit(&self, limit: u64) -> Result<Vec<AuditRow>> {
        Ok(audit_log::Entity::find().order_by_desc(audit_log::Column::Id).limit(limit).all(self.conn()).await?)
    }

    /// Records newest first, older than `before` (an id) when given, narrowed by action prefix and actor.
    pub async fn search_audit(
        &self,
        action: Option<&str>,
        actor: Option<i64>,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<AuditRow>> {
        let actions = action.filter(|a| !a.is_empty()).map(|a| vec![a.to_owned()]).unwrap_or_default();
        self.search_audit_in(&AuditFilter { actions, actor, before, ..AuditFilter::default() }, limit).await
    }

    /// Records that pass `filter`, newest first.
    pub async fn search_audit_in(&self, filter: &AuditFilter, limit: u64) -> Result<Vec<AuditRow>> {
        use sea_orm::{ColumnTrait, Condition, QueryFilter};
        let mut q = audit_log::Entity::find();
        if !filter.actions.is_empty() {
            q = q.filter(
                filter
                    .actions
                    .iter()
                    .fold(Condition::any(), |any, prefix| any.add(audit_log::Column::Action.starts_with(prefix))),
            );
        }
        if let Some(actor) = filter.actor {
            q = q.filter(audit_log::Column::ActorId.eq(actor));
        }
        if let Some(since) = filter.since {
            q = q.filter(audit_log::Column::At.gte(since));
        }
        if let Some(until) = filter.until {
            q = q.filter(audit_log::Column::At.lt(until));
        }
        if let Some(before) = filter.before {
            q = q.filter(audit_log::Column::Id.lt(before));
        }
        Ok(q.order_by_desc(audit_log::Column::Id).limit(limit).all(self.conn()).await?)
    }
}
