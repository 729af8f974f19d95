//! Queries on groups: their members and the capabilities they grant.

use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

use plein_core::policy::{Capability, SpaceRole};
use plein_core::{UserKind, UserStatus};

use crate::entities::{group, group_capability, group_member};
use crate::stored::{Stored, parse};
use crate::{Result, Store, StoreError, conflict_on, now};

pub use group::Model as GroupRow;

/// What the policy needs to know about a user, as stored. Read from the JSON array of
/// `[kind, text, id]` triples that [`actor_facts_json`] builds.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(try_from = "Vec<(String, String, i64)>")]
pub struct ActorFacts {
    /// Capabilities granted through their groups (may repeat).
    pub capabilities: Vec<Capability>,
    /// Their spaces and roles.
    pub memberships: Vec<(i64, SpaceRole)>,
    /// Their groups.
    pub groups: Vec<i64>,
}

impl TryFrom<Vec<(String, String, i64)>> for ActorFacts {
    type Error = StoreError;

    fn try_from(rows: Vec<(String, String, i64)>) -> Result<Self> {
        let mut facts = ActorFacts::default();
        for (kind, text, id) in rows {
            match kind.as_str() {
                "c" => facts.capabilities.push(parse(&text)?),
                "m" => facts.memberships.push((id, parse(&text)?)),
                _ => facts.groups.push(id),
            }
        }
        Ok(facts)
    }
}

/// An SQL expression: the JSON array of [`ActorFacts`] of the user whose id is `user` (a
/// placeholder or a column), for a query of its own or inside another (the session's).
pub(crate) fn actor_facts_json(backend: crate::Backend, user: &str) -> String {
    let facts = format!(
        "SELECT 'c' AS kind, gc.capability AS text, gc.group_id AS id FROM group_capabilities gc \
         JOIN group_members gm ON gm.group_id = gc.group_id WHERE gm.user_id = {user} \
         UNION ALL SELECT 'm', role, space_id FROM space_members WHERE user_id = {user} \
         UNION ALL SELECT 'g', '', group_id FROM group_members WHERE user_id = {user}"
    );
    backend.nested_triples(&facts)
}

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
    pub async fn grant_capability(&self, group_id: i64, capability: Capability) -> Result<()> {
        group_capability::ActiveModel { group_id: Set(group_id), capability: Set(capability.stored().to_owned()) }
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
        // In slices: SQLite takes at most 32,766 values in one statement.
        for chunk in user_ids.chunks(1000) {
            let rows = chunk.iter().map(|&u| group_member::ActiveModel { group_id: Set(group_id), user_id: Set(u) });
            group_member::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([group_member::Column::GroupId, group_member::Column::UserId])
                .exec_without_returning(self.conn())
                .await?;
        }
        Ok(())
    }

    /// The capabilities a user holds through their groups.
    pub async fn capabilities_of(&self, user_id: i64) -> Result<Vec<Capability>> {
        let stored: Vec<String> = group_capability::Entity::find()
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
            .await?;
        stored.iter().map(|c| parse(c)).collect()
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

    /// Everything the policy needs to know about a user, in one query: their capabilities (through
    /// groups), their spaces with roles, and their groups.
    pub async fn actor_facts(&self, user_id: i64) -> Result<ActorFacts> {
        // One row of JSON: this runs on every page, and every row is a hand-over from the driver.
        let facts = actor_facts_json(self.backend(), "$1");
        let sql = format!("SELECT {}", self.backend().as_text(&facts));
        match self.text(&sql, vec![user_id.into()]).await? {
            Some(text) => crate::from_json(&text, "actor facts"),
            None => Ok(ActorFacts::default()),
        }
    }

    /// Every group by name, with its member count.
    pub async fn list_groups(&self) -> Result<Vec<(GroupRow, i64)>> {
        use sea_orm::QueryOrder;
        let groups = group::Entity::find().order_by_asc(group::Column::Name).all(self.conn()).await?;
        let counts: Vec<(i64, i64)> = group_member::Entity::find()
            .select_only()
            .column(group_member::Column::GroupId)
            .column_as(group_member::Column::UserId.count(), "n")
            .group_by(group_member::Column::GroupId)
            .into_tuple()
            .all(self.conn())
            .await?;
        let counts: std::collections::HashMap<i64, i64> = counts.into_iter().collect();
        Ok(groups
            .into_iter()
            .map(|g| {
                let n = counts.get(&g.id).copied().unwrap_or(0);
                (g, n)
            })
            .collect())
    }

    /// Every group's id and name, by name (without member counts: for filters and forms).
    pub async fn group_names(&self) -> Result<Vec<(i64, String)>> {
        use sea_orm::{QueryOrder, QuerySelect};
        Ok(group::Entity::find()
            .select_only()
            .column(group::Column::Id)
            .column(group::Column::Name)
            .order_by_asc(group::Column::Name)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// The group with this id.
    pub async fn group_by_id(&self, id: i64) -> Result<Option<GroupRow>> {
        Ok(group::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// Renames a group and changes its description.
    pub async fn update_group(&self, id: i64, name: &str, description: &str) -> Result<()> {
        group::Entity::update_many()
            .col_expr(group::Column::Name, Expr::value(name))
            .col_expr(group::Column::Description, Expr::value(description))
            .col_expr(group::Column::UpdatedAt, Expr::value(now()))
            .filter(group::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| conflict_on(e, &["name"]))?;
        Ok(())
    }

    /// Deletes a group (its memberships and capabilities go with it).
    pub async fn delete_group(&self, id: i64) -> Result<()> {
        group::Entity::delete_by_id(id).exec(self.conn()).await?;
        Ok(())
    }

    /// The capabilities a group grants.
    pub async fn group_capabilities(&self, id: i64) -> Result<Vec<Capability>> {
        let stored: Vec<String> = group_capability::Entity::find()
            .select_only()
            .column(group_capability::Column::Capability)
            .filter(group_capability::Column::GroupId.eq(id))
            .into_tuple()
            .all(self.conn())
            .await?;
        stored.iter().map(|c| parse(c)).collect()
    }

    /// Replaces what a group grants.
    pub async fn set_group_capabilities(&self, id: i64, capabilities: &[Capability]) -> Result<()> {
        group_capability::Entity::delete_many()
            .filter(group_capability::Column::GroupId.eq(id))
            .exec(self.conn())
            .await?;
        for c in capabilities {
            self.grant_capability(id, *c).await?;
        }
        Ok(())
    }

    /// A group's members: id, name, username, kind, status; by name.
    pub async fn group_members(&self, id: i64) -> Result<Vec<(i64, String, String, UserKind, UserStatus)>> {
        use crate::entities::user;
        use sea_orm::QueryOrder;
        let rows: Vec<(i64, String, String, String, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::DisplayName)
            .column(user::Column::Username)
            .column(user::Column::Kind)
            .column(user::Column::Status)
            .filter(
                user::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(group_member::Column::UserId)
                        .from(group_member::Entity)
                        .and_where(Expr::col(group_member::Column::GroupId).eq(id))
                        .to_owned(),
                ),
            )
            .order_by_asc(user::Column::DisplayName)
            .into_tuple()
            .all(self.conn())
            .await?;
        rows.into_iter()
            .map(|(id, name, username, kind, status)| Ok((id, name, username, parse(&kind)?, parse(&status)?)))
            .collect()
    }

    /// Takes a user out of a group; returns whether they were in it.
    pub async fn remove_group_member(&self, group_id: i64, user_id: i64) -> Result<bool> {
        let res = group_member::Entity::delete_by_id((group_id, user_id)).exec(self.conn()).await?;
        Ok(res.rows_affected > 0)
    }
}
