//! Queries on sessions. Rows hold the hash of the cookie token, so a copy of the
//! database does not hand out working sessions.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait, QueryFilter};
use sea_orm::{ConnectionTrait, TransactionTrait};

use plein_core::{UserKind, UserStatus};

use crate::entities::session;
use crate::{Result, Store};

pub use session::Model as SessionRow;

/// A session and its user as every request sees them (see [`Store::visitor`]).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Visitor {
    /// When the session started.
    pub created_at: DateTime<Utc>,
    /// The session's last activity (to the minute).
    pub last_seen_at: DateTime<Utc>,
    /// The user's id.
    pub user_id: i64,
    /// Login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    #[serde(deserialize_with = "crate::stored::de")]
    pub kind: UserKind,
    /// Active or deactivated.
    #[serde(deserialize_with = "crate::stored::de")]
    pub status: UserStatus,
    /// Administrator of the whole site.
    #[serde(deserialize_with = "crate::flag")]
    pub is_admin: bool,
    /// The chosen language, if any.
    pub locale: Option<String>,
    /// Until when a guest may log in.
    pub guest_expires_at: Option<DateTime<Utc>>,
    /// Unread notifications.
    pub unread_notifications: i64,
    /// When their profile photo last changed, if they have one (for the face in the header).
    #[serde(default)]
    pub photo_at: Option<DateTime<Utc>>,
    /// What the policy needs to know about them, read with the session.
    pub facts: crate::groups::ActorFacts,
}

/// What decides how long a session lasts: its times and its account's standing.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SessionStanding {
    /// When the session started.
    pub created_at: DateTime<Utc>,
    /// The session's last activity (to the minute).
    pub last_seen_at: DateTime<Utc>,
    /// The user's id.
    pub user_id: i64,
    /// Employee or guest.
    #[serde(deserialize_with = "crate::stored::de")]
    pub kind: UserKind,
    /// Active or deactivated.
    #[serde(deserialize_with = "crate::stored::de")]
    pub status: UserStatus,
    /// Until when a guest may log in.
    pub guest_expires_at: Option<DateTime<Utc>>,
}

/// A row of the record of ended sessions: whose sessions ended (see [`Store::session_ends_after`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct SessionEnd {
    /// Its place in the record.
    pub id: i64,
    /// Whose sessions ended.
    pub user_id: i64,
}

/// A session to insert.
#[derive(Clone, Debug)]
pub struct InsertSession {
    /// SHA-256 of the cookie token, hex.
    pub id_hash: String,
    /// Whose session it is.
    pub user_id: i64,
    /// When it starts.
    pub at: DateTime<Utc>,
    /// The client's address, for the user's own overview.
    pub client_addr: Option<String>,
    /// The browser's description, cut short.
    pub user_agent: Option<String>,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a new session.
    pub async fn insert_session(&self, new: InsertSession) -> Result<()> {
        session::ActiveModel {
            id_hash: Set(new.id_hash),
            user_id: Set(new.user_id),
            created_at: Set(new.at),
            last_seen_at: Set(new.at),
            client_addr: Set(new.client_addr),
            user_agent: Set(new.user_agent),
        }
        .insert(self.conn())
        .await?;
        Ok(())
    }

    /// The session with this hash and what every page needs of its user, with the policy's facts
    /// about them, in one query (it runs
    /// on every request, so it is one row of JSON, read on the calling thread on SQLite).
    pub async fn visitor(&self, id_hash: &str) -> Result<Option<Visitor>> {
        let fields = "'created_at', s.created_at, 'last_seen_at', s.last_seen_at, 'user_id', u.id, \
                      'username', u.username, 'display_name', u.display_name, 'kind', u.kind, 'status', u.status, \
                      'is_admin', u.is_admin, 'locale', u.locale, 'guest_expires_at', u.guest_expires_at, \
                      'unread_notifications', u.unread_notifications, \
                      'photo_at', u.photo_at, \
                      'facts', ";
        let facts = crate::groups::actor_facts_json(self.backend(), "u.id");
        let object = self.backend().as_text(&self.backend().object(&format!("{fields}{facts}")));
        let sql = format!("SELECT {object} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1");
        match self.text(&sql, vec![id_hash.into()]).await? {
            Some(text) => crate::from_json(&text, "visitor").map(Some),
            None => Ok(None),
        }
    }

    /// The session with this hash, with its account's standing (one row, read on the calling
    /// thread on SQLite), or `None` once it has ended.
    pub async fn session_standing(&self, id_hash: &str) -> Result<Option<SessionStanding>> {
        let fields = "'created_at', s.created_at, 'last_seen_at', s.last_seen_at, 'user_id', u.id, 'kind', u.kind, \
                      'status', u.status, 'guest_expires_at', u.guest_expires_at";
        let object = self.backend().as_text(&self.backend().object(fields));
        let sql = format!("SELECT {object} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1");
        match self.text(&sql, vec![id_hash.into()]).await? {
            Some(text) => crate::from_json(&text, "session standing").map(Some),
            None => Ok(None),
        }
    }

    /// Moves a session's last activity forward.
    pub async fn touch_session(&self, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
        session::Entity::update_many()
            .set(session::ActiveModel { last_seen_at: Set(at), ..Default::default() })
            .filter(session::Column::IdHash.eq(id_hash))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    // Every deletion of sessions, by whatever statement and whichever process, is recorded in
    // `session_ends` by a trigger in the same transaction (migration 0010).

    /// Ends one session.
    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        session::Entity::delete_by_id(id_hash.to_owned()).exec(self.conn()).await?;
        Ok(())
    }

    /// Ends every session of a user; returns how many ended.
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<u64> {
        let res = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(self.conn()).await?;
        Ok(res.rows_affected)
    }

    /// Ends every session of a user except one (after a password change).
    pub async fn delete_other_sessions_of(&self, user_id: i64, keep_hash: &str) -> Result<u64> {
        let res = session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .filter(session::Column::IdHash.ne(keep_hash))
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected)
    }

    /// Deletes sessions idle since `idle_before` or started before `created_before`.
    pub async fn purge_sessions(&self, idle_before: DateTime<Utc>, created_before: DateTime<Utc>) -> Result<u64> {
        let res = session::Entity::delete_many()
            .filter(session::Column::LastSeenAt.lt(idle_before).or(session::Column::CreatedAt.lt(created_before)))
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected)
    }

    /// Ended sessions recorded after `id`, in no particular order. On PostgreSQL a row's id is
    /// given when it is written, not when it commits: a row may still appear below the highest
    /// id seen, for as long as its transaction runs.
    pub async fn session_ends_after(&self, id: i64) -> Result<Vec<SessionEnd>> {
        self.json_rows("'id', id, 'user_id', user_id", "FROM session_ends WHERE id > $1", vec![id.into()]).await
    }

    /// The highest id in the record of ended sessions (0 when it is empty): where to start following it.
    pub async fn last_session_end(&self) -> Result<i64> {
        Ok(self.ids("SELECT COALESCE(MAX(id), 0) FROM session_ends", Vec::new()).await?.first().copied().unwrap_or(0))
    }

    /// Forgets ended sessions recorded before `before`; returns how many.
    pub async fn prune_session_ends(&self, before: DateTime<Utc>) -> Result<u64> {
        self.run("DELETE FROM session_ends WHERE at < $1", vec![before.into()]).await
    }

    /// How many sessions a user has.
    pub async fn count_sessions_of(&self, user_id: i64) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(session::Entity::find().filter(session::Column::UserId.eq(user_id)).count(self.conn()).await?)
    }

    /// A user's sessions, most recently used first.
    pub async fn sessions_of(&self, user_id: i64) -> Result<Vec<SessionRow>> {
        use sea_orm::QueryOrder;
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .order_by_desc(session::Column::LastSeenAt)
            .all(self.conn())
            .await?)
    }
}
