//! Queries on people: profiles, expertise, and the directory (always within the reader's scope).

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use plein_core::UserStatus;

use crate::entities::{group_member, space_member, user, user_expertise};
use crate::stored::Stored;
use crate::users::UserRow;
use crate::{Result, Store, StoreError, now};

/// Profile fields a person fills in themselves; values are already validated.
#[derive(Clone, Debug, Default)]
pub struct ProfileUpdate {
    /// Function (functie).
    pub job_title: String,
    /// Department (afdeling).
    pub department: String,
    /// Location (werkplek).
    pub location: String,
    /// Phone number.
    pub phone: String,
    /// Whether colleagues see the phone number.
    pub phone_visible: bool,
    /// Birthday as `MM-DD` (day and month only).
    pub birthday: Option<String>,
    /// Whether colleagues see the birthday.
    pub birthday_visible: bool,
    /// About me.
    pub about: String,
    /// Expertise tags, lower case.
    pub expertise: Vec<String>,
}

/// Narrowing of the people directory.
#[derive(Clone, Debug, Default)]
pub struct PeopleFilter {
    /// Part of the name.
    pub name: Option<String>,
    /// Exact department.
    pub department: Option<String>,
    /// Member of this group.
    pub group: Option<i64>,
    /// Has this expertise tag.
    pub expertise: Option<String>,
    /// Start after this (name, id): the next page.
    pub after: crate::After,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a person's own profile fields and expertise.
    pub async fn update_profile(&self, user_id: i64, p: ProfileUpdate) -> Result<()> {
        let res = user::Entity::update_many()
            .set(user::ActiveModel {
                job_title: Set(p.job_title),
                department: Set(p.department),
                location: Set(p.location),
                phone: Set(p.phone),
                phone_visible: Set(p.phone_visible),
                birthday: Set(p.birthday),
                birthday_visible: Set(p.birthday_visible),
                about: Set(p.about),
                updated_at: Set(now()),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(user_id))
            .exec(self.conn())
            .await?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        // Only the tags that changed: the change log hears of a person's expertise when it changes.
        let current: std::collections::BTreeSet<String> = self.expertise_of(user_id).await?.into_iter().collect();
        let wanted: std::collections::BTreeSet<String> = p.expertise.into_iter().collect();
        let gone: Vec<&String> = current.difference(&wanted).collect();
        if !gone.is_empty() {
            user_expertise::Entity::delete_many()
                .filter(user_expertise::Column::UserId.eq(user_id))
                .filter(user_expertise::Column::Tag.is_in(gone.into_iter().cloned()))
                .exec(self.conn())
                .await?;
        }
        let new: Vec<String> = wanted.difference(&current).cloned().collect();
        if !new.is_empty() {
            let rows = new.into_iter().map(|tag| user_expertise::ActiveModel { user_id: Set(user_id), tag: Set(tag) });
            user_expertise::Entity::insert_many(rows).exec_without_returning(self.conn()).await?;
        }
        Ok(())
    }

    /// A person's expertise tags, sorted.
    pub async fn expertise_of(&self, user_id: i64) -> Result<Vec<String>> {
        Ok(user_expertise::Entity::find()
            .select_only()
            .column(user_expertise::Column::Tag)
            .filter(user_expertise::Column::UserId.eq(user_id))
            .order_by_asc(user_expertise::Column::Tag)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// Active people matching `filter`, by name. With `co_members_of` the directory is narrowed to
    /// people who share one of these spaces (for readers who may not see everyone).
    pub async fn list_people(
        &self,
        filter: &PeopleFilter,
        co_members_of: Option<&[i64]>,
        limit: u64,
    ) -> Result<Vec<UserRow>> {
        crate::users::user_rows(
            Self::people_query(filter, co_members_of)
                .filter(crate::after_key(user::Column::DisplayName, user::Column::Id, &filter.after))
                .order_by_asc(user::Column::DisplayName)
                .order_by_asc(user::Column::Id)
                .limit(limit)
                .all(self.conn())
                .await?,
        )
    }

    /// How many active people match `filter` (on every page together).
    pub async fn count_people(&self, filter: &PeopleFilter, co_members_of: Option<&[i64]>) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(Self::people_query(filter, co_members_of).count(self.conn()).await?)
    }

    /// The directory's query before paging: active people, narrowed by the filters.
    fn people_query(filter: &PeopleFilter, co_members_of: Option<&[i64]>) -> sea_orm::Select<user::Entity> {
        let mut q = user::Entity::find().filter(user::Column::Status.eq(UserStatus::Active.stored()));

        if let Some(name) = filter.name.as_deref().filter(|n| !n.is_empty()) {
            q = q.filter(
                Condition::any()
                    .add(crate::contains_text(user::Column::DisplayName, name))
                    .add(crate::contains_text(user::Column::Username, name)),
            );
        }
        if let Some(dept) = filter.department.as_deref().filter(|d| !d.is_empty()) {
            q = q.filter(user::Column::Department.eq(dept));
        }
        if let Some(group) = filter.group {
            q = q.filter(
                user::Column::Id.in_subquery(
                    Query::select()
                        .column(group_member::Column::UserId)
                        .from(group_member::Entity)
                        .and_where(Expr::col(group_member::Column::GroupId).eq(group))
                        .to_owned(),
                ),
            );
        }
        if let Some(tag) = filter.expertise.as_deref().filter(|t| !t.is_empty()) {
            q = q.filter(
                user::Column::Id.in_subquery(
                    Query::select()
                        .column(user_expertise::Column::UserId)
                        .from(user_expertise::Entity)
                        .and_where(Expr::col(user_expertise::Column::Tag).eq(tag.to_lowercase()))
                        .to_owned(),
                ),
            );
        }
        if let Some(spaces) = co_members_of {
            q = q.filter(
                user::Column::Id.in_subquery(
                    Query::select()
                        .column(space_member::Column::UserId)
                        .from(space_member::Entity)
                        .and_where(space_member::Column::SpaceId.is_in(spaces.iter().copied()))
                        .to_owned(),
                ),
            );
        }
        q
    }

    /// Every department named on a profile, sorted, for the directory's filter.
    pub async fn departments(&self) -> Result<Vec<String>> {
        Ok(user::Entity::find()
            .select_only()
            .column(user::Column::Department)
            .distinct()
            .filter(user::Column::Department.ne(""))
            .order_by_asc(user::Column::Department)
            .into_tuple()
            .all(self.conn())
            .await?)
    }
}
