//! The audit log: append-only (database triggers refuse updates and deletes).

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, QueryOrder, QuerySelect};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::entities::audit_log;
use crate::{Result, Store, now};

pub use audit_log::Model as AuditRow;

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
        audit_log::ActiveModel {
            at: Set(now()),
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
        .await?;
        Ok(())
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
        use sea_orm::{ColumnTrait, QueryFilter};
        let mut q = audit_log::Entity::find();
        if let Some(action) = action.filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::Column::Action.starts_with(action));
        }
        if let Some(actor) = actor {
            q = q.filter(audit_log::Column::ActorId.eq(actor));
        }
        if let Some(before) = before {
            q = q.filter(audit_log::Column::Id.lt(before));
        }
        Ok(q.order_by_desc(audit_log::Column::Id).limit(limit).all(self.conn()).await?)
    }
}
