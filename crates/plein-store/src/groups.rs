//! Queries on groups: their members and the capabilities they grant.

use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

use crate::entities::{group, group_capability, group_member};
use crate::{Result, Store, conflict_on, now};

pub use group::Model as GroupRow;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Creates a group; a taken name gives [`crate::StoreError::Conflict`].
    pub async fn insert_group(&self, name: &str, description: &str) -> Result<GroupRow> {
        let at = now();
        group::ActiveModel {
            name: Set(name.to_owned()),
            description: Set(description.to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(self.conn())
        .await
        .map_err(|e| conflict_on(e, &["name"]))
    }

    /// Grants a capability to a group's members.
    pub async fn grant_capability(&self, group_id: i64, capability: &str) -> Result<()> {
        group_capability::ActiveModel { group_id: Set(group_id), capability: Set(capability.to_owned()) }
            .insert(self.conn())
            .await
            .map_err(|e| conflict_on(e, &["group_capabilities"]))?;
        Ok(())
    }

    /// Adds users to a group (those already in it are skipped).
    pub async fn add_group_members(&self, group_id: i64, user_ids: &[i64]) -> Result<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let rows = user_ids.iter().map(|&u| group_member::ActiveModel { group_id: Set(group_id), user_id: Set(u) });
        group_member::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([group_member::Column::GroupId, group_member::Column::UserId])
            .exec_without_returning(self.conn())
            .await?;
        Ok(())
    }

    /// The capabilities a user holds through their groups.
    pub async fn capabilities_of(&self, user_id: i64) -> Result<Vec<String>> {
        Ok(group_capability::Entity::find()
            .select_only()
            .column(group_capability::Column::Capability)
            .distinct()
            .filter(
                group_capability::Column::GroupId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(group_member::Column::GroupId)
                        .from(group_member::Entity)
                        .and_where(Expr::col(group_member::Column::UserId).eq(user_id))
                        .to_owned(),
                ),
            )
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// The groups a user is in.
    pub async fn groups_of(&self, user_id: i64) -> Result<Vec<i64>> {
        Ok(group_member::Entity::find()
            .select_only()
            .column(group_member::Column::GroupId)
            .filter(group_member::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?)
    }
}
