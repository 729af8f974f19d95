//! Accounts and sessions: create users, set passwords, log in and out, recognise a session.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use plein_core::account::FieldError;
use plein_core::policy::{AccountStanding, Actor, Unusable};
use plein_core::{DisplayName, Email, Locale, NewPassword, UserKind, UserStatus, Username};
use plein_store::audit::AuditEntry;
use plein_store::now;
use plein_store::sessions::InsertSession;
use plein_store::users::{InsertUser, UserRow};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::error::{Code, Error, Result};
use crate::throttle::{self, Admission};
use crate::{App, passwords};

crate::capability!(
    /// Accounts: creating them, logging in and out, sessions, passwords and password links.
    Accounts,
    accounts
);

/// The logged-in user as every request sees it.
#[derive(Clone, Debug)]
pub struct SessionUser {
    /// The user's id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    pub kind: UserKind,
    /// Administrator of the whole site.
    pub is_admin: bool,
    /// The language the user chose, if any.
    pub locale: Option<Locale>,
    /// The hash of this session's token.
    pub session_hash: String,
    /// Unread notifications, as the page header shows them.
    pub unread: i64,
    /// The version of their profile photo, if they have one (as the header shows their face).
    pub photo: Option<i64>,
}

/// Where a request came from, for the audit log and throttling.
#[derive(Clone, Debug, Default)]
pub struct Origin {
    /// The client address (after trusted proxies).
    pub addr: Option<String>,
    /// The browser's description.
    pub user_agent: Option<String>,
}

/// A new account as typed by an administrator or on the command line.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// E-mail address.
    pub email: String,
    /// The name shown.
    pub display_name: String,
    /// Employee or guest.
    pub kind: UserKind,
    /// Administrator of the whole site.
    pub is_admin: bool,
    /// The first password.
    pub password: String,
}

fn field(field: &'static str) -> impl FnOnce(FieldError) -> Error {
    move |error| Error::invalid(field, error)
}

/// Whether an account may log in at `at`, as the policy's [`AccountStanding`] says.
pub(crate) fn may_log_in(user: &UserRow, at: DateTime<Utc>) -> Result<(), Unusable> {
    standing(user.status, user.kind, user.guest_expires_at).usable_at(at)
}

/// An account's standing for the policy's rule on using it.
pub(crate) fn standing(status: UserStatus, kind: UserKind, guest_expires_at: Option<DateTime<Utc>>) -> AccountStanding {
    AccountStanding { status, kind, guest_expires_at }
}

/// An audit record of something users did to their own account.
fn own_record(
    (id, username): (i64, &str),
    action: &'static str,
    success: bool,
    origin: &Origin,
    detail: Option<serde_json::Value>,
) -> AuditEntry {
    AuditEntry {
        actor_id: Some(id),
        actor_name: Some(username.to_owned()),
        action,
        object: Some(format!("user:{id}")),
        success,
        origin: origin.addr.clone(),
        detail,
    }
}

/// A fresh random session token for the cookie.
pub(crate) fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// A fresh random session token, for tools that open sessions themselves (tests).
pub fn new_session_token() -> String {
    new_token()
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn session_user(row: UserRow, session_hash: String) -> SessionUser {
    SessionUser {
        id: row.id,
        kind: row.kind,
        is_admin: row.is_admin,
        locale: row.locale.as_deref().and_then(Locale::parse),
        username: row.username,
        display_name: row.display_name,
        session_hash,
        unread: i64::from(row.unread_notifications),
        photo: None,
    }
}

impl App {
    /// Creates an account on behalf of the user with id `actor` (none: the command line).
    pub(crate) async fn create_user_by(&self, new: NewUser, actor: Option<i64>) -> Result<UserRow> {
        let (tx, row) = self.insert_new_user(new, true, actor).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Checks and inserts a new account in a transaction the caller commits; with `with_password`
    /// false the account gets no password (it sets one through a link, or logs in elsewhere).
    pub(crate) async fn insert_new_user(
        &self,
        new: NewUser,
        with_password: bool,
        actor: Option<i64>,
    ) -> Result<(plein_store::Store<plein_store::sea_orm::DatabaseTransaction>, UserRow)> {
        let username = Username::parse(&new.username).map_err(field("username"))?;
        let email = Email::parse(&new.email).map_err(field("email"))?;
        let name = DisplayName::parse(&new.display_name).map_err(field("display_name"))?;
        let hash = if with_password {
            let password = NewPassword::parse(&new.password, &[username.as_str(), email.as_str(), name.as_str()])
                .map_err(|e| Error::invalid("password", e))?;
            Some(passwords::hash(password.expose().to_owned()).await?)
        } else {
            None
        };
        let tx = self.store.begin().await?;
        let row = tx
            .insert_user(InsertUser {
                username: username.as_str().to_owned(),
                email: email.as_str().to_owned(),
                display_name: name.as_str().to_owned(),
                kind: new.kind,
                is_admin: new.is_admin,
                password_hash: hash,
                // A guest's access always ends; an owner can renew it.
                guest_expires_at: (new.kind == UserKind::Guest).then(|| crate::guests::guest_term_from(now())),
            })
            .await?;
        tx.audit(AuditEntry {
            actor_id: actor,
            action: "user.create",
            object: Some(format!("user:{}", row.id)),
            success: true,
            detail: Some(json!({ "username": row.username, "kind": row.kind.to_string(), "admin": row.is_admin })),
            ..Default::default()
        })
        .await?;
        Ok((tx, row))
    }

    /// Deactivates on behalf of the user with id `actor`.
    pub(crate) async fn deactivate_user_by(&self, username: &str, actor: Option<i64>) -> Result<()> {
        self.set_user_status(username, UserStatus::Deactivated, actor).await
    }

    /// Reactivates on behalf of the user with id `actor`.
    pub(crate) async fn reactivate_user_by(&self, username: &str, actor: Option<i64>) -> Result<()> {
        self.set_user_status(username, UserStatus::Active, actor).await
    }

    async fn set_user_status(&self, username: &str, status: UserStatus, actor: Option<i64>) -> Result<()> {
        let user = self.store.user_by_login(&username.trim().to_lowercase()).await?.ok_or(Error::NotFound)?;
        let tx = self.store.begin().await?;
        tx.set_status(user.id, status).await?;
        let ended = match status {
            UserStatus::Deactivated => tx.delete_sessions_of(user.id).await?,
            UserStatus::Active => 0,
        };
        let action = match status {
            UserStatus::Deactivated => "user.deactivate",
            UserStatus::Active => "user.reactivate",
        };
        tx.audit(AuditEntry {
            actor_id: actor,
            action,
            object: Some(format!("user:{}", user.id)),
            success: true,
            detail: Some(json!({ "sessions_ended": ended })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        self.sessions_ended(user.id, ended);
        Ok(())
    }

    /// Starts a new session for a user who has just proven who they are.
    pub(crate) async fn start_session(&self, user: UserRow, origin: &Origin) -> Result<(String, SessionUser)> {
        let at = now();
        let token = new_token();
        let id_hash = token_hash(&token);
        let tx = self.store.begin().await?;
        tx.insert_session(InsertSession {
            id_hash: id_hash.clone(),
            user_id: user.id,
            at,
            client_addr: origin.addr.clone(),
            user_agent: origin.user_agent.as_ref().map(|ua| ua.chars().take(200).collect()),
        })
        .await?;
        tx.set_last_login(user.id, at).await?;
        tx.audit(own_record((user.id, &user.username), "login", true, origin, None)).await?;
        tx.commit().await?;
        Ok((token, session_user(user, id_hash)))
    }

    /// The end of a session's idle time or of its whole lifetime, whichever comes first, if no
    /// further request comes.
    fn session_lasts_until(&self, created_at: DateTime<Utc>, last_seen_at: DateTime<Utc>) -> DateTime<Utc> {
        let after = |start: DateTime<Utc>, span| {
            start.checked_add_signed(throttle::to_chrono(span)).unwrap_or(DateTime::<Utc>::MAX_UTC)
        };
        after(last_seen_at, self.settings.session_idle).min(after(created_at, self.settings.session_absolute))
    }
}

impl Accounts<'_> {
    /// Creates an account after checking every field and the password policy.
    pub async fn create_user(&self, new: NewUser, actor: Option<&SessionUser>) -> Result<UserRow> {
        self.create_user_by(new, actor.map(|a| a.id)).await
    }

    /// Sets a new password for a user (administrator or command line) and ends all their sessions.
    pub async fn set_password(&self, username: &str, password: &str) -> Result<()> {
        let user = self.store.user_by_login(&username.trim().to_lowercase()).await?.ok_or(Error::NotFound)?;
        let password = NewPassword::parse(password, &[&user.username, &user.email, &user.display_name])
            .map_err(|e| Error::invalid("password", e))?;
        let hash = passwords::hash(password.expose().to_owned()).await?;
        let tx = self.store.begin().await?;
        tx.set_password_hash(user.id, hash).await?;
        let ended = tx.delete_sessions_of(user.id).await?;
        tx.audit(AuditEntry {
            action: "user.password_set",
            object: Some(format!("user:{}", user.id)),
            success: true,
            detail: Some(json!({ "sessions_ended": ended })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        self.sessions_ended(user.id, ended);
        Ok(())
    }

    /// Changes the logged-in user's own password; other sessions end, this one stays.
    pub async fn change_password(&self, user: &SessionUser, current: &str, new: &str, origin: &Origin) -> Result<()> {
        let row = self.store.user_by_id(user.id).await?.ok_or(Error::NotFound)?;
        let password = NewPassword::parse(new, &[&row.username, &row.email, &row.display_name]);
        // Guessing the current password from a borrowed session counts like guessing at login.
        let attempt = match self
            .admit(throttle::account_key(Some(user.id), ""), throttle::address_key(origin.addr.as_deref()))
            .await?
        {
            Admission::Allowed(attempt) => attempt,
            Admission::Locked(until) => return Err(Error::Throttled(until)),
        };
        if !passwords::verify(current.to_owned(), row.password_hash.clone()).await? {
            self.attempt_failed(&attempt).await?;
            self.store
                .audit(own_record(
                    (user.id, &user.username),
                    "user.password_change",
                    false,
                    origin,
                    Some(json!({ "reason": "wrong current password" })),
                ))
                .await?;
            return Err(Error::invalid("current_password", Code::PasswordWrong));
        }
        self.attempt_succeeded(&attempt).await?;
        let password = password.map_err(|e| Error::invalid("new_password", e))?;
        let hash = passwords::hash(password.expose().to_owned()).await?;
        let tx = self.store.begin().await?;
        tx.set_password_hash(user.id, hash).await?;
        let ended = tx.delete_other_sessions_of(user.id, &user.session_hash).await?;
        tx.audit(own_record(
            (user.id, &user.username),
            "user.password_change",
            true,
            origin,
            Some(json!({ "other_sessions_ended": ended })),
        ))
        .await?;
        tx.commit().await?;
        self.sessions_ended(user.id, ended);
        Ok(())
    }

    /// Stops a user from logging in and ends their sessions at once.
    pub async fn deactivate_user(&self, username: &str, actor: Option<&SessionUser>) -> Result<()> {
        self.set_user_status(username, UserStatus::Deactivated, actor.map(|a| a.id)).await
    }

    /// Lets a deactivated user log in again.
    pub async fn reactivate_user(&self, username: &str, actor: Option<&SessionUser>) -> Result<()> {
        self.set_user_status(username, UserStatus::Active, actor.map(|a| a.id)).await
    }

    /// Logs in with a username or e-mail address and a password; on success
    /// returns the new session's cookie token (a fresh one every time) and the user.
    pub async fn login(&self, login: &str, password: &str, origin: &Origin) -> Result<(String, SessionUser)> {
        let login: String = login.trim().to_lowercase().chars().take(Email::MAX).collect();
        let user = if login.is_empty() { None } else { self.store.user_by_login(&login).await? };
        // The typed name only when it names an account: anything else may be a misplaced password.
        let username = user.as_ref().map(|u| u.username.clone());
        let failure = |user_id: Option<i64>, reason: &'static str| AuditEntry {
            actor_id: user_id,
            actor_name: username.clone(),
            action: "login",
            object: user_id.map(|id| format!("user:{id}")),
            success: false,
            origin: origin.addr.clone(),
            detail: Some(json!({ "reason": reason })),
        };
        let user_id = user.as_ref().map(|u| u.id);
        let attempt = match self
            .admit(throttle::account_key(user_id, &login), throttle::address_key(origin.addr.as_deref()))
            .await?
        {
            Admission::Allowed(attempt) => attempt,
            Admission::Locked(until) => {
                self.store.audit(failure(user_id, "throttled")).await?;
                return Err(Error::Throttled(until));
            }
        };
        let verified =
            passwords::verify(password.to_owned(), user.as_ref().and_then(|u| u.password_hash.clone())).await?;
        let refusal = match &user {
            None => Some("unknown account"),
            Some(_) if !verified => Some("wrong password"),
            Some(u) => may_log_in(u, now()).err().map(Unusable::as_str),
        };
        let user = match (user, refusal) {
            (Some(u), None) => u,
            (_, reason) => {
                self.store.audit(failure(user_id, reason.unwrap_or("refused"))).await?;
                self.attempt_failed(&attempt).await?;
                return Err(Error::invalid("password", Code::Credentials));
            }
        };
        self.attempt_succeeded(&attempt).await?;
        self.start_session(user, origin).await
    }

    /// The user behind a session cookie token, if the session is still valid, with the policy's
    /// view of them (read in the same query). Expired sessions and sessions of deactivated users
    /// are deleted on sight.
    pub async fn authenticate(&self, token: &str) -> Result<Option<(SessionUser, Actor)>> {
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let id_hash = token_hash(token);
        let Some(visitor) = self.store.visitor(&id_hash).await? else {
            return Ok(None);
        };
        let at = now();
        let expired = self.session_lasts_until(visitor.created_at, visitor.last_seen_at) <= at;
        let usable = standing(visitor.status, visitor.kind, visitor.guest_expires_at).usable_at(at);
        if expired || usable.is_err() {
            self.store.delete_session(&id_hash).await?;
            return Ok(None);
        }
        // Writing on every request would make every page a write; a minute's precision is enough.
        if at - visitor.last_seen_at > ChronoDuration::seconds(60) {
            self.store.touch_session(&id_hash, at).await?;
        }
        let kind = visitor.kind;
        let actor = crate::spaces::actor_of(visitor.user_id, kind, visitor.is_admin, visitor.facts);
        let user = SessionUser {
            id: visitor.user_id,
            kind,
            is_admin: visitor.is_admin,
            locale: visitor.locale.as_deref().and_then(Locale::parse),
            username: visitor.username,
            display_name: visitor.display_name,
            session_hash: id_hash,
            unread: visitor.unread_notifications,
            photo: visitor.photo_at.map(|at| at.timestamp()),
        };
        Ok(Some((user, actor)))
    }

    /// Until when the session with this hash stays valid if nothing more happens (no further
    /// request, no renewal of a guest's access), or `None` once it has ended: for what outlives
    /// a request, such as a stream of live events.
    pub async fn read_session_expiry(&self, session_hash: &str) -> Result<Option<DateTime<Utc>>> {
        let Some(s) = self.store.session_standing(session_hash).await? else {
            return Ok(None);
        };
        let Ok(account_until) = standing(s.status, s.kind, s.guest_expires_at).usable_until() else {
            return Ok(None);
        };
        let until = account_until.min(self.session_lasts_until(s.created_at, s.last_seen_at));
        Ok((until > now()).then_some(until))
    }

    /// Ends a session on the server.
    pub async fn logout(&self, user: &SessionUser, origin: &Origin) -> Result<()> {
        self.store.delete_session(&user.session_hash).await?;
        self.sessions_ended(user.id, 1);
        self.store.audit(own_record((user.id, &user.username), "logout", true, origin, None)).await?;
        Ok(())
    }

    /// Remembers the user's language.
    pub async fn set_locale(&self, user: &SessionUser, locale: Locale) -> Result<()> {
        self.store.set_locale(user.id, locale.as_str()).await?;
        Ok(())
    }
}

impl Accounts<'_> {
    /// A user's stored details.
    pub async fn read_account(&self, id: i64) -> Result<Option<UserRow>> {
        Ok(self.store.user_by_id(id).await?)
    }
}

/// One of the user's sessions, as the account page lists them.
#[derive(Clone, Debug)]
pub struct SessionInfo {
    /// Whether it is the session making the request.
    pub current: bool,
    /// The client address at login.
    pub client_addr: Option<String>,
    /// The browser's description at login.
    pub user_agent: Option<String>,
    /// When it was last used (to the minute).
    pub last_seen_at: DateTime<Utc>,
}

impl Accounts<'_> {
    /// The user's own sessions, most recently used first.
    pub async fn list_sessions(&self, user: &SessionUser) -> Result<Vec<SessionInfo>> {
        let rows = self.store.sessions_of(user.id).await?;
        Ok(rows
            .into_iter()
            .map(|r| SessionInfo {
                current: r.id_hash == user.session_hash,
                client_addr: r.client_addr,
                user_agent: r.user_agent,
                last_seen_at: r.last_seen_at,
            })
            .collect())
    }

    /// Ends every session of the user except the one making the request.
    pub async fn end_other_sessions(&self, user: &SessionUser, origin: &Origin) -> Result<u64> {
        let tx = self.store.begin().await?;
        let ended = tx.delete_other_sessions_of(user.id, &user.session_hash).await?;
        tx.audit(own_record(
            (user.id, &user.username),
            "session.end_others",
            true,
            origin,
            Some(json!({ "sessions_ended": ended })),
        ))
        .await?;
        tx.commit().await?;
        self.sessions_ended(user.id, ended);
        Ok(ended)
    }
}
