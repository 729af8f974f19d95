//! Queries on spaces, their members and join requests. Every listing takes the reader's scope.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use plein_core::policy::{SpaceRole, SpaceScope, SpaceVisibility};
use plein_core::space::{NotifyLevel, SpaceKind};
use plein_core::{UserKind, UserStatus};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use crate::entities::{space, space_join_request, space_member, user};
use crate::stored::{Stored, parse};
use crate::{Result, Store, StoreError, now};

/// A space as stored, with its kind and visibility read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceRow {
    /// Its id.
    pub id: i64,
    /// The name.
    pub name: String,
    /// The description.
    pub description: String,
    /// Team, workgroup, project or department.
    pub kind: SpaceKind,
    /// Open, closed or secret.
    pub visibility: SpaceVisibility,
    /// One of the space colours.
    pub colour: String,
    /// Whether owners may invite external guests.
    pub allows_guests: bool,
    /// Whether only owners and admins post (an announcement space).
    pub admins_post: bool,
    /// When it was archived.
    pub archived_at: Option<DateTime<Utc>>,
    /// Who created it.
    pub created_by: Option<i64>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When its settings last changed.
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<space::Model> for SpaceRow {
    type Error = StoreError;

    fn try_from(m: space::Model) -> Result<SpaceRow> {
        Ok(SpaceRow {
            id: m.id,
            name: m.name,
            description: m.description,
            kind: parse(&m.kind)?,
            visibility: parse(&m.visibility)?,
            colour: m.colour,
            allows_guests: m.allows_guests,
            admins_post: m.admins_post,
            archived_at: m.archived_at,
            created_by: m.created_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// Spaces as read, their kinds and visibilities parsed.
fn space_rows(models: Vec<space::Model>) -> Result<Vec<SpaceRow>> {
    models.into_iter().map(SpaceRow::try_from).collect()
}

/// A space to insert; values are already validated by `plein-core`.
#[derive(Clone, Debug)]
pub struct InsertSpace {
    /// The name.
    pub name: String,
    /// The description.
    pub description: String,
    /// Team, workgroup, project or department.
    pub kind: SpaceKind,
    /// Open, closed or secret.
    pub visibility: SpaceVisibility,
    /// One of the space colours.
    pub colour: String,
    /// Whether owners may invite external guests.
    pub allows_guests: bool,
    /// Whether only owners and admins post (an announcement space).
    pub admins_post: bool,
    /// Who creates it (and becomes its first owner).
    pub created_by: i64,
}

/// Narrowing of the space directory.
#[derive(Clone, Debug, Default)]
pub struct SpaceFilter {
    /// Only this kind.
    pub kind: Option<SpaceKind>,
    /// Only spaces the reader belongs to.
    pub mine: bool,
    /// Only open, unarchived spaces the reader does not belong to.
    pub joinable: bool,
    /// Start after this (name, id): the next page.
    pub after: crate::After,
    /// Only spaces whose name contains this (any case).
    pub name: Option<String>,
}

/// A member as a space's member list shows them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct MemberRow {
    /// The user's id.
    pub user_id: i64,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    #[serde(deserialize_with = "crate::stored::de")]
    pub kind: UserKind,
    /// Active or deactivated.
    #[serde(deserialize_with = "crate::stored::de")]
    pub status: UserStatus,
    /// Their role in the space.
    #[serde(deserialize_with = "crate::stored::de")]
    pub role: SpaceRole,
    /// For guests: when their access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
}

/// [`MemberRow`] as a query answers it.
#[derive(FromQueryResult)]
struct StoredMember {
    user_id: i64,
    display_name: String,
    kind: String,
    status: String,
    role: String,
    guest_expires_at: Option<DateTime<Utc>>,
}

impl TryFrom<StoredMember> for MemberRow {
    type Error = StoreError;

    fn try_from(m: StoredMember) -> Result<MemberRow> {
        Ok(MemberRow {
            user_id: m.user_id,
            display_name: m.display_name,
            kind: parse(&m.kind)?,
            status: parse(&m.status)?,
            role: parse(&m.role)?,
            guest_expires_at: m.guest_expires_at,
        })
    }
}

/// What a space's page shows of the space for one viewer (see [`Store::space_page`]).
#[derive(Clone, Debug)]
pub struct SpacePage {
    /// The space.
    pub space: SpaceRow,
    /// Its members: by name (callers order them by role).
    pub members: Vec<MemberRow>,
    /// Its pinned posts, most recently pinned first (ids).
    pub pinned: Vec<i64>,
    /// The viewer asked to join.
    pub requested: bool,
    /// The viewer's notification choice for it, if they made one.
    pub notify_level: Option<NotifyLevel>,
    /// The viewer follows it.
    pub follows: bool,
    /// When its image last changed, if it has one.
    pub image_at: Option<DateTime<Utc>>,
}

/// Orders members (already by name) by role: owners, admins, members, guests.
fn by_role(members: &mut [MemberRow]) {
    members.sort_by_key(|m| m.role);
}

/// [`SpacePage`] as the database writes it.
#[derive(serde::Deserialize)]
struct SpacePageJson {
    id: i64,
    name: String,
    description: String,
    #[serde(deserialize_with = "crate::stored::de")]
    kind: SpaceKind,
    #[serde(deserialize_with = "crate::stored::de")]
    visibility: SpaceVisibility,
    colour: String,
    #[serde(deserialize_with = "crate::flag")]
    allows_guests: bool,
    #[serde(deserialize_with = "crate::flag")]
    admins_post: bool,
    archived_at: Option<DateTime<Utc>>,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::stream::nested_json")]
    members: Option<Vec<MemberRow>>,
    #[serde(default, deserialize_with = "crate::stream::nested_json")]
    pinned: Option<Vec<i64>>,
    #[serde(deserialize_with = "crate::flag")]
    requested: bool,
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    notify_level: Option<NotifyLevel>,
    #[serde(deserialize_with = "crate::flag")]
    follows: bool,
    image_at: Option<DateTime<Utc>>,
}

impl From<SpacePageJson> for SpacePage {
    fn from(j: SpacePageJson) -> SpacePage {
        let mut members = j.members.unwrap_or_default();
        by_role(&mut members);
        SpacePage {
            space: SpaceRow {
                id: j.id,
                name: j.name,
                description: j.description,
                kind: j.kind,
                visibility: j.visibility,
                colour: j.colour,
                allows_guests: j.allows_guests,
                admins_post: j.admins_post,
                archived_at: j.archived_at,
                created_by: j.created_by,
                created_at: j.created_at,
                updated_at: j.updated_at,
            },
            members,
            pinned: j.pinned.unwrap_or_default(),
            requested: j.requested,
            notify_level: j.notify_level,
            follows: j.follows,
            image_at: j.image_at,
        }
    }
}

/// A waiting request to join.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct JoinRequestRow {
    /// Who asks.
    pub user_id: i64,
    /// Their name.
    pub display_name: String,
    /// What they wrote.
    pub message: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// The condition that keeps a query within `scope`.
pub fn in_scope(scope: &SpaceScope) -> Condition {
    if scope.all {
        return Condition::all();
    }
    let mut any = Condition::any();
    if !scope.visibilities.is_empty() {
        any = any.add(space::Column::Visibility.is_in(scope.visibilities.iter().map(|v| v.stored())));
    }
    if !scope.member_of.is_empty() {
        any = any.add(space::Column::Id.is_in(scope.member_of.iter().copied()));
    }
    if scope.visibilities.is_empty() && scope.member_of.is_empty() {
        // Nothing is in an empty scope.
        any = any.add(Expr::val(1).eq(0));
    }
    any
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Creates a space with `created_by` as its owner.
    pub async fn insert_space(&self, new: InsertSpace) -> Result<SpaceRow> {
        let at = now();
        let row = space::ActiveModel {
            name: Set(new.name),
            description: Set(new.description),
            kind: Set(new.kind.stored().to_owned()),
            visibility: Set(new.visibility.stored().to_owned()),
            colour: Set(new.colour),
            allows_guests: Set(new.allows_guests),
            admins_post: Set(new.admins_post),
            archived_at: Set(None),
            created_by: Set(Some(new.created_by)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(self.conn())
        .await?;
        self.add_space_member(row.id, new.created_by, SpaceRole::Owner).await?;
        row.try_into()
    }

    /// The spaces with these ids, whoever asks: callers check the policy.
    pub async fn spaces_by_ids(&self, ids: &[i64]) -> Result<Vec<SpaceRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        space_rows(
            space::Entity::find()
                .filter(space::Column::Id.is_in(ids.iter().copied()))
                .order_by_asc(space::Column::Name)
                .all(self.conn())
                .await?,
        )
    }

    /// The space with this id, whoever asks: callers check the policy.
    pub async fn space_by_id(&self, id: i64) -> Result<Option<SpaceRow>> {
        space::Entity::find_by_id(id).one(self.conn()).await?.map(SpaceRow::try_from).transpose()
    }

    /// Everything a space's page shows of the space for `viewer`, in one read: the space, its
    /// members, the viewer's request, notification choice and follow, its image's version and
    /// pinned posts. Whoever asks: callers check the policy before showing any of it.
    pub async fn space_page(&self, id: i64, viewer: i64) -> Result<Option<SpacePage>> {
        let backend = self.backend();
        let members = backend.nested_rows(
            &["m.user_id", "m.role", "u.display_name", "u.kind", "u.status", "u.guest_expires_at"],
            "FROM space_members m JOIN users u ON u.id = m.user_id WHERE m.space_id = s.id",
            "u.display_name",
        );
        let pinned = backend.nested_ids(
            "SELECT p.id FROM posts p WHERE p.space_id = s.id AND p.pinned_at IS NOT NULL AND p.deleted_at IS NULL \
             ORDER BY p.pinned_at DESC LIMIT 5",
        );
        let page = backend.object(&format!(
            "'id', s.id, 'name', s.name, 'description', s.description, 'kind', s.kind, \
             'visibility', s.visibility, 'colour', s.colour, 'allows_guests', s.allows_guests, \
             'admins_post', s.admins_post, 'archived_at', s.archived_at, 'created_by', s.created_by, \
             'created_at', s.created_at, 'updated_at', s.updated_at, 'members', {members}, 'pinned', {pinned}, \
             'requested', EXISTS (SELECT 1 FROM space_join_requests r WHERE r.space_id = s.id AND r.user_id = $2), \
             'notify_level', (SELECT n.level FROM space_notify n WHERE n.user_id = $2 AND n.space_id = s.id), \
             'follows', EXISTS (SELECT 1 FROM follows f WHERE f.user_id = $2 AND f.target_kind = 'space' \
                                AND f.target_id = s.id), \
             'image_at', (SELECT i.updated_at FROM images i WHERE i.owner_kind = 'space' AND i.owner_id = s.id)"
        ));
        let sql = format!("SELECT {} FROM spaces s WHERE s.id = $1", backend.as_text(&page));
        let Some(text) = self.text(&sql, vec![id.into(), viewer.into()]).await? else { return Ok(None) };
        let page: SpacePageJson = crate::from_json(&text, "space page")?;
        Ok(Some(page.into()))
    }

    /// How many spaces in `scope` pass `filter` (on every page together).
    pub async fn count_spaces(&self, scope: &SpaceScope, filter: &SpaceFilter) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(spaces_query(scope, filter).count(self.conn()).await?)
    }

    /// The spaces in `scope` that pass `filter`, by name, with their member counts.
    pub async fn list_spaces(
        &self,
        scope: &SpaceScope,
        filter: &SpaceFilter,
        limit: u64,
    ) -> Result<Vec<(SpaceRow, i64)>> {
        let query =
            spaces_query(scope, filter).filter(crate::after_key(space::Column::Name, space::Column::Id, &filter.after));
        let rows = query
            .order_by_asc(space::Column::Name)
            .order_by_asc(space::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?;
        let rows = space_rows(rows)?;
        let counts = self.member_counts(rows.iter().map(|r| r.id)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let n = counts.get(&r.id).copied().unwrap_or(0);
                (r, n)
            })
            .collect())
    }
}

/// The directory's query before paging: the scope and the filters.
fn spaces_query(scope: &SpaceScope, filter: &SpaceFilter) -> sea_orm::Select<space::Entity> {
    let mut query = space::Entity::find().filter(in_scope(scope));
    if let Some(kind) = filter.kind {
        query = query.filter(space::Column::Kind.eq(kind.stored()));
    }
    if let Some(name) = filter.name.as_deref().filter(|n| !n.is_empty()) {
        query = query.filter(crate::contains_text(space::Column::Name, name));
    }
    if filter.mine {
        query = query.filter(space::Column::Id.is_in(scope.member_of.iter().copied()));
    }
    if filter.joinable {
        query = query
            .filter(space::Column::Visibility.eq(SpaceVisibility::Open.stored()))
            .filter(space::Column::ArchivedAt.is_null())
            .filter(space::Column::Id.is_not_in(scope.member_of.iter().copied()));
    }
    query
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    async fn member_counts(&self, ids: impl Iterator<Item = i64>) -> Result<HashMap<i64, i64>> {
        let ids: Vec<i64> = ids.collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows: Vec<(i64, i64)> = space_member::Entity::find()
            .select_only()
            .column(space_member::Column::SpaceId)
            .column_as(space_member::Column::UserId.count(), "n")
            .filter(space_member::Column::SpaceId.is_in(ids))
            .group_by(space_member::Column::SpaceId)
            .into_tuple()
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// The user's spaces and roles.
    pub async fn memberships_of(&self, user_id: i64) -> Result<Vec<(i64, SpaceRole)>> {
        let rows: Vec<(i64, String)> = space_member::Entity::find()
            .select_only()
            .column(space_member::Column::SpaceId)
            .column(space_member::Column::Role)
            .filter(space_member::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?;
        rows.into_iter().map(|(space, role)| Ok((space, parse(&role)?))).collect()
    }

    /// A space's members, owners first, then by name.
    pub async fn space_members(&self, space_id: i64) -> Result<Vec<MemberRow>> {
        let rows = space_member::Entity::find()
            .select_only()
            .column(space_member::Column::UserId)
            .column(space_member::Column::Role)
            .column_as(user::Column::DisplayName, "display_name")
            .column_as(user::Column::Kind, "kind")
            .column_as(user::Column::Status, "status")
            .column_as(user::Column::GuestExpiresAt, "guest_expires_at")
            .join(
                sea_orm::JoinType::InnerJoin,
                space_member::Entity::belongs_to(user::Entity)
                    .from(space_member::Column::UserId)
                    .to(user::Column::Id)
                    .into(),
            )
            .filter(space_member::Column::SpaceId.eq(space_id))
            .order_by_asc(user::Column::DisplayName)
            .into_model::<StoredMember>()
            .all(self.conn())
            .await?;
        let mut rows = rows.into_iter().map(MemberRow::try_from).collect::<Result<Vec<_>>>()?;
        by_role(&mut rows);
        Ok(rows)
    }

    /// Adds a member; a second time gives [`StoreError::Conflict`].
    pub async fn add_space_member(&self, space_id: i64, user_id: i64, role: SpaceRole) -> Result<()> {
        space_member::ActiveModel {
            space_id: Set(space_id),
            user_id: Set(user_id),
            role: Set(role.stored().to_owned()),
            joined_at: Set(now()),
        }
        .insert(self.conn())
        .await
        .map_err(|e| crate::conflict_on(e, &["space_members"]))?;
        Ok(())
    }

    /// Adds many members at once (demo data, imports): `(space, user, role)`.
    pub async fn add_space_members(&self, rows: &[(i64, i64, SpaceRole)]) -> Result<()> {
        let at = now();
        for chunk in rows.chunks(1000) {
            let models = chunk.iter().map(|(space, user, role)| space_member::ActiveModel {
                space_id: Set(*space),
                user_id: Set(*user),
                role: Set(role.stored().to_owned()),
                joined_at: Set(at),
            });
            space_member::Entity::insert_many(models).exec_without_returning(self.conn()).await?;
        }
        Ok(())
    }

    /// Removes a member; returns whether they were one.
    pub async fn remove_space_member(&self, space_id: i64, user_id: i64) -> Result<bool> {
        let res = space_member::Entity::delete_by_id((space_id, user_id)).exec(self.conn()).await?;
        Ok(res.rows_affected > 0)
    }

    /// Changes a member's role.
    pub async fn set_space_role(&self, space_id: i64, user_id: i64, role: SpaceRole) -> Result<()> {
        let res = space_member::Entity::update_many()
            .col_expr(space_member::Column::Role, Expr::value(role.stored()))
            .filter(space_member::Column::SpaceId.eq(space_id))
            .filter(space_member::Column::UserId.eq(user_id))
            .exec(self.conn())
            .await?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// How many owners a space has.
    pub async fn count_owners(&self, space_id: i64) -> Result<u64> {
        Ok(space_member::Entity::find()
            .filter(space_member::Column::SpaceId.eq(space_id))
            .filter(space_member::Column::Role.eq(SpaceRole::Owner.stored()))
            .count(self.conn())
            .await?)
    }

    /// Changes a space's settings.
    pub async fn update_space(&self, id: i64, change: InsertSpace) -> Result<()> {
        space::Entity::update_many()
            .col_expr(space::Column::Name, Expr::value(change.name))
            .col_expr(space::Column::Description, Expr::value(change.description))
            .col_expr(space::Column::Kind, Expr::value(change.kind.stored()))
            .col_expr(space::Column::Visibility, Expr::value(change.visibility.stored()))
            .col_expr(space::Column::Colour, Expr::value(change.colour))
            .col_expr(space::Column::AllowsGuests, Expr::value(change.allows_guests))
            .col_expr(space::Column::AdminsPost, Expr::value(change.admins_post))
            .col_expr(space::Column::UpdatedAt, Expr::value(now()))
            .filter(space::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Sets or clears the archived mark.
    pub async fn set_space_archived(&self, space_id: i64, archived: bool) -> Result<()> {
        let at = now();
        space::Entity::update_many()
            .col_expr(space::Column::ArchivedAt, Expr::value(archived.then_some(at)))
            .col_expr(space::Column::UpdatedAt, Expr::value(at))
            .filter(space::Column::Id.eq(space_id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Records a request to join; asking twice changes nothing.
    pub async fn add_join_request(&self, space_id: i64, user_id: i64, message: &str) -> Result<bool> {
        let exists = space_join_request::Entity::find_by_id((space_id, user_id)).one(self.conn()).await?.is_some();
        if exists {
            return Ok(false);
        }
        space_join_request::ActiveModel {
            space_id: Set(space_id),
            user_id: Set(user_id),
            message: Set(message.to_owned()),
            created_at: Set(now()),
        }
        .insert(self.conn())
        .await?;
        Ok(true)
    }

    /// Removes a request; returns whether there was one.
    pub async fn remove_join_request(&self, space_id: i64, user_id: i64) -> Result<bool> {
        let res = space_join_request::Entity::delete_by_id((space_id, user_id)).exec(self.conn()).await?;
        Ok(res.rows_affected > 0)
    }

    /// A space's waiting requests, oldest first.
    pub async fn join_requests(&self, space_id: i64) -> Result<Vec<JoinRequestRow>> {
        Ok(space_join_request::Entity::find()
            .select_only()
            .column(space_join_request::Column::UserId)
            .column(space_join_request::Column::Message)
            .column(space_join_request::Column::CreatedAt)
            .column_as(user::Column::DisplayName, "display_name")
            .join(
                sea_orm::JoinType::InnerJoin,
                space_join_request::Entity::belongs_to(user::Entity)
                    .from(space_join_request::Column::UserId)
                    .to(user::Column::Id)
                    .into(),
            )
            .filter(space_join_request::Column::SpaceId.eq(space_id))
            .order_by_asc(space_join_request::Column::CreatedAt)
            .into_model::<JoinRequestRow>()
            .all(self.conn())
            .await?)
    }
}
