//! Queries on users.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

use plein_core::{UserKind, UserStatus};

use crate::entities::user;
use crate::stored::{Stored, parse};
use crate::{Result, Store, StoreError, conflict_on, now};

/// A user as stored, with their kind and status read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    /// Their id.
    pub id: i64,
    /// Lower-case login name.
    pub username: String,
    /// Lower-case e-mail address.
    pub email: String,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    pub kind: UserKind,
    /// Active or deactivated.
    pub status: UserStatus,
    /// Administrator of the whole site.
    pub is_admin: bool,
    /// An argon2id PHC string, if they have a password.
    pub password_hash: Option<String>,
    /// The chosen language, if any.
    pub locale: Option<String>,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// The last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// For guests: when their access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
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
    /// About me.
    pub about: String,
    /// Birthday as `MM-DD`.
    pub birthday: Option<String>,
    /// Whether colleagues see the birthday.
    pub birthday_visible: bool,
    /// When a guest's expiry went into the audit log.
    pub guest_expiry_recorded_at: Option<DateTime<Utc>>,
    /// Unread notifications.
    pub unread_notifications: i32,
    /// Whether they want an e-mail when mentioned.
    pub mail_mentions: bool,
    /// Whether they want a daily digest.
    pub mail_digest: bool,
    /// When their last digest went out.
    pub digest_sent_at: Option<DateTime<Utc>>,
}

impl TryFrom<user::Model> for UserRow {
    type Error = StoreError;

    fn try_from(m: user::Model) -> Result<UserRow> {
        Ok(UserRow {
            id: m.id,
            username: m.username,
            email: m.email,
            display_name: m.display_name,
            kind: parse(&m.kind)?,
            status: parse(&m.status)?,
            is_admin: m.is_admin,
            password_hash: m.password_hash,
            locale: m.locale,
            created_at: m.created_at,
            updated_at: m.updated_at,
            last_login_at: m.last_login_at,
            guest_expires_at: m.guest_expires_at,
            job_title: m.job_title,
            department: m.department,
            location: m.location,
            phone: m.phone,
            phone_visible: m.phone_visible,
            about: m.about,
            birthday: m.birthday,
            birthday_visible: m.birthday_visible,
            guest_expiry_recorded_at: m.guest_expiry_recorded_at,
            unread_notifications: m.unread_notifications,
            mail_mentions: m.mail_mentions,
            mail_digest: m.mail_digest,
            digest_sent_at: m.digest_sent_at,
        })
    }
}

/// Users as read, their kinds and statuses parsed.
pub(crate) fn user_rows(models: Vec<user::Model>) -> Result<Vec<UserRow>> {
    models.into_iter().map(UserRow::try_from).collect()
}

/// A user as read, if any.
fn user_row(model: Option<user::Model>) -> Result<Option<UserRow>> {
    model.map(UserRow::try_from).transpose()
}

/// One line of an access review.
#[derive(Clone, Debug)]
pub struct AccessRow {
    /// Login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// E-mail address.
    pub email: String,
    /// Employee or guest.
    pub kind: UserKind,
    /// Active or deactivated.
    pub status: UserStatus,
    /// Group names.
    pub groups: Vec<String>,
    /// Capabilities through those groups, by their stored names.
    pub capabilities: Vec<plein_core::policy::Capability>,
    /// The last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// For guests: when access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
}

/// A user to insert; values are already validated by `plein-core`.
#[derive(Clone, Debug)]
pub struct InsertUser {
    /// Lower-case login name.
    pub username: String,
    /// Lower-case e-mail address.
    pub email: String,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    pub kind: UserKind,
    /// Administrator of the whole site.
    pub is_admin: bool,
    /// An argon2id PHC string, or none for accounts that log in elsewhere.
    pub password_hash: Option<String>,
    /// For guests: when their access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
}

/// Every column of a new user, set explicitly (SQLite's `RETURNING` needs each one).
fn new_user(new: InsertUser, at: DateTime<Utc>) -> user::ActiveModel {
    user::ActiveModel {
        username: Set(new.username),
        email: Set(new.email),
        display_name: Set(new.display_name),
        kind: Set(new.kind.stored().to_owned()),
        status: Set(UserStatus::Active.stored().to_owned()),
        is_admin: Set(new.is_admin),
        password_hash: Set(new.password_hash),
        locale: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        last_login_at: Set(None),
        guest_expires_at: Set(new.guest_expires_at),
        job_title: Set(String::new()),
        department: Set(String::new()),
        location: Set(String::new()),
        phone: Set(String::new()),
        phone_visible: Set(false),
        about: Set(String::new()),
        birthday: Set(None),
        birthday_visible: Set(false),
        guest_expiry_recorded_at: Set(None),
        unread_notifications: Set(0),
        mail_mentions: Set(true),
        mail_digest: Set(true),
        digest_sent_at: Set(None),
        ..Default::default()
    }
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Creates a user; a taken username or e-mail gives [`StoreError::Conflict`].
    pub async fn insert_user(&self, new: InsertUser) -> Result<UserRow> {
        let at = now();
        let row = new_user(new, at);
        row.insert(self.conn()).await.map_err(|e| conflict_on(e, &["username", "email"]))?.try_into()
    }

    /// Creates many users in one transaction (demo data, imports); all or nothing.
    pub async fn insert_users(&self, users: Vec<InsertUser>) -> Result<()> {
        let at = now();
        let txn = self.conn().begin().await?;
        for chunk in users.chunks(500) {
            let rows = chunk.iter().cloned().map(|new| new_user(new, at));
            user::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await
                .map_err(|e| conflict_on(e, &["username", "email"]))?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// The user with this id.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<UserRow>> {
        user_row(user::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// The user whose username or e-mail address is `login` (already lower case).
    pub async fn user_by_login(&self, login: &str) -> Result<Option<UserRow>> {
        let column = if login.contains('@') { user::Column::Email } else { user::Column::Username };
        user_row(user::Entity::find().filter(column.eq(login)).one(self.conn()).await?)
    }

    /// Every user's id and username.
    pub async fn user_ids(&self) -> Result<Vec<(i64, String)>> {
        use sea_orm::QuerySelect;
        Ok(user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::Username)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// The ids of every active employee, in order.
    pub async fn employee_ids(&self) -> Result<Vec<i64>> {
        use sea_orm::{QueryOrder, QuerySelect};
        Ok(user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Kind.eq(UserKind::Employee.stored()))
            .filter(user::Column::Status.eq(UserStatus::Active.stored()))
            .order_by_asc(user::Column::Id)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// These users (those that exist).
    pub async fn users_by_ids(&self, ids: &[i64]) -> Result<Vec<UserRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        user_rows(user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(self.conn()).await?)
    }

    /// The display names of these users.
    pub async fn user_names(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        use sea_orm::QuerySelect;
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<(i64, String)> = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::DisplayName)
            .filter(user::Column::Id.is_in(ids.iter().copied()))
            .into_tuple()
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Accounts that pass `filter`, by name, a page at a time.
    pub async fn list_users(&self, filter: &UserListFilter, after: &crate::After, limit: u64) -> Result<Vec<UserRow>> {
        use sea_orm::{Condition, QueryOrder, QuerySelect};
        let mut q = user::Entity::find();
        let search = filter.search.trim();
        if !search.is_empty() {
            q = q.filter(
                Condition::any()
                    .add(crate::contains_text(user::Column::DisplayName, search))
                    .add(crate::contains_text(user::Column::Username, search))
                    .add(crate::contains_text(user::Column::Email, search)),
            );
        }
        q = match filter.show {
            None => q,
            Some(UserListShow::Employees) => q.filter(user::Column::Kind.eq(UserKind::Employee.stored())),
            Some(UserListShow::Guests) => q.filter(user::Column::Kind.eq(UserKind::Guest.stored())),
            Some(UserListShow::Deactivated) => q.filter(user::Column::Status.eq(UserStatus::Deactivated.stored())),
            Some(UserListShow::NeverLoggedIn) => q.filter(user::Column::LastLoginAt.is_null()),
        };
        user_rows(
            q.filter(crate::after_key(user::Column::DisplayName, user::Column::Id, after))
                .order_by_asc(user::Column::DisplayName)
                .order_by_asc(user::Column::Id)
                .limit(limit)
                .all(self.conn())
                .await?,
        )
    }

    /// Every user with their groups and the capabilities those grant, for an access review.
    pub async fn access_review(&self) -> Result<Vec<AccessRow>> {
        use crate::entities::{group, group_capability, group_member};
        use plein_core::policy::Capability;
        use sea_orm::{QueryOrder, QuerySelect};
        let users = user_rows(user::Entity::find().order_by_asc(user::Column::Username).all(self.conn()).await?)?;
        let groups: std::collections::HashMap<i64, String> =
            group::Entity::find().all(self.conn()).await?.into_iter().map(|g| (g.id, g.name)).collect();
        let mut grants: std::collections::HashMap<i64, Vec<Capability>> = std::collections::HashMap::new();
        for c in group_capability::Entity::find().all(self.conn()).await? {
            grants.entry(c.group_id).or_default().push(parse(&c.capability)?);
        }
        let memberships: Vec<(i64, i64)> = group_member::Entity::find()
            .select_only()
            .column(group_member::Column::UserId)
            .column(group_member::Column::GroupId)
            .into_tuple()
            .all(self.conn())
            .await?;
        let mut of_user: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
        for (u, g) in memberships {
            of_user.entry(u).or_default().push(g);
        }
        Ok(users
            .into_iter()
            .map(|u| {
                let gids = of_user.remove(&u.id).unwrap_or_default();
                let mut group_names: Vec<String> = gids.iter().filter_map(|g| groups.get(g).cloned()).collect();
                group_names.sort();
                let mut caps: Vec<Capability> =
                    gids.iter().flat_map(|g| grants.get(g).cloned().unwrap_or_default()).collect();
                if u.is_admin {
                    caps.push(Capability::Admin);
                }
                caps.sort_by_key(|c| c.stored());
                caps.dedup();
                AccessRow {
                    username: u.username,
                    display_name: u.display_name,
                    email: u.email,
                    kind: u.kind,
                    status: u.status,
                    groups: group_names,
                    capabilities: caps,
                    last_login_at: u.last_login_at,
                    guest_expires_at: u.guest_expires_at,
                }
            })
            .collect())
    }

    /// Every user's e-mail address.
    pub async fn user_emails(&self) -> Result<Vec<String>> {
        use sea_orm::QuerySelect;
        Ok(user::Entity::find().select_only().column(user::Column::Email).into_tuple().all(self.conn()).await?)
    }

    /// How many users there are.
    pub async fn count_users(&self) -> Result<u64> {
        Ok(user::Entity::find().count(self.conn()).await?)
    }

    /// Replaces a user's password hash.
    pub async fn set_password_hash(&self, id: i64, hash: String) -> Result<()> {
        self.update_user(id, |u| u.password_hash = Set(Some(hash))).await
    }

    /// Stores a user's language.
    pub async fn set_locale(&self, id: i64, locale: &str) -> Result<()> {
        let locale = locale.to_owned();
        self.update_user(id, |u| u.locale = Set(Some(locale))).await
    }

    /// Sets whether a user may log in.
    pub async fn set_status(&self, id: i64, status: UserStatus) -> Result<()> {
        self.update_user(id, |u| u.status = Set(status.stored().to_owned())).await
    }

    /// Sets when a guest's access ends.
    pub async fn set_guest_expiry(&self, id: i64, until: DateTime<Utc>) -> Result<()> {
        self.update_user(id, |u| {
            u.guest_expires_at = Set(Some(until));
            u.guest_expiry_recorded_at = Set(None);
        })
        .await
    }

    /// Guests whose access ended before `at` and whose ending is not yet in the audit log.
    pub async fn unrecorded_guest_expiries(&self, at: DateTime<Utc>, limit: u64) -> Result<Vec<UserRow>> {
        use sea_orm::{QueryOrder, QuerySelect};
        user_rows(
            user::Entity::find()
                .filter(user::Column::GuestExpiresAt.lte(at))
                .filter(user::Column::GuestExpiryRecordedAt.is_null())
                .filter(user::Column::Kind.eq(UserKind::Guest.stored()))
                .order_by_asc(user::Column::Id)
                .limit(limit)
                .all(self.conn())
                .await?,
        )
    }

    /// Notes that a guest's expiry is recorded; false when another node did it first, or when the
    /// guest was renewed in the meantime.
    pub async fn mark_guest_expiry_recorded(&self, id: i64, at: DateTime<Utc>) -> Result<bool> {
        let res = user::Entity::update_many()
            .set(user::ActiveModel { guest_expiry_recorded_at: Set(Some(at)), ..Default::default() })
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::GuestExpiresAt.lte(at))
            .filter(user::Column::GuestExpiryRecordedAt.is_null())
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected == 1)
    }

    /// Changes a user's name and e-mail address (validated); a taken address gives a conflict.
    pub async fn set_identity(&self, id: i64, display_name: String, email: String) -> Result<()> {
        let mut row = user::ActiveModel { updated_at: Set(now()), ..Default::default() };
        row.display_name = Set(display_name);
        row.email = Set(email);
        let res = user::Entity::update_many()
            .set(row)
            .filter(user::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| conflict_on(e, &["email"]))?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Notes a successful login.
    pub async fn set_last_login(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        self.update_user(id, |u| u.last_login_at = Set(Some(at))).await
    }

    async fn update_user(&self, id: i64, change: impl FnOnce(&mut user::ActiveModel)) -> Result<()> {
        let mut row = user::ActiveModel { updated_at: Set(now()), ..Default::default() };
        change(&mut row);
        let res = user::Entity::update_many().set(row).filter(user::Column::Id.eq(id)).exec(self.conn()).await?;
        if res.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}

/// Which accounts the administrators' list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserListFilter {
    /// Words in the name, username or e-mail address.
    pub search: String,
    /// One kind of account.
    pub show: Option<UserListShow>,
}

/// The kinds of account the list narrows to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserListShow {
    /// Employees.
    Employees,
    /// External guests.
    Guests,
    /// Deactivated accounts.
    Deactivated,
    /// Accounts never used to log in.
    NeverLoggedIn,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The names of the groups each of these users is in, by name.
    pub async fn group_names_of(&self, user_ids: &[i64]) -> Result<std::collections::HashMap<i64, Vec<String>>> {
        #[derive(serde::Deserialize)]
        struct Row {
            user_id: i64,
            name: String,
        }
        if user_ids.is_empty() {
            return Ok(Default::default());
        }
        let rows: Vec<Row> = self
            .json_rows(
                "'user_id', m.user_id, 'name', g.name",
                &format!(
                    "FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id IN ({})",
                    self.id_list(1)
                ),
                vec![crate::json_ids(user_ids).into()],
            )
            .await?;
        let mut out: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for r in rows {
            out.entry(r.user_id).or_default().push(r.name);
        }
        for names in out.values_mut() {
            names.sort_by_key(|n| n.to_lowercase());
        }
        Ok(out)
    }
}
