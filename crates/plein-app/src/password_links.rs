//! Links by e-mail to set a password: "forgot my password", and the first password of an account
//! that an administrator created or imported without one. A link works once, for a short time,
//! and never says whether an account exists.

use chrono::Duration;
use plein_core::NewPassword;
use plein_store::audit::AuditEntry;
use plein_store::password_links::PasswordLinkRow;
use plein_store::sea_orm::{ConnectionTrait, TransactionTrait};
use plein_store::users::UserRow;
use plein_store::{Store, StoreError, now};
use serde_json::json;

use crate::accounts::Accounts;
use crate::accounts::{may_log_in, new_token, token_hash};
use crate::error::{Error, Result};
use crate::mail::{MailContext, OutgoingMail};
use crate::throttle::{self, Admission};
use crate::{Origin, SessionUser, i18n, passwords};

/// How long a reset link works.
pub const RESET_HOURS: i64 = 2;
/// How long a welcome link (first password) works.
pub const WELCOME_DAYS: i64 = 7;

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkPurpose {
    /// The user forgot their password.
    Reset,
    /// A new account's first password.
    Welcome,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Reset => "reset",
            LinkPurpose::Welcome => "welcome",
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            LinkPurpose::Reset => Duration::hours(RESET_HOURS),
            LinkPurpose::Welcome => Duration::days(WELCOME_DAYS),
        }
    }
}

/// A link that can still be used, as its page shows it.
#[derive(Clone, Debug)]
pub struct OpenPasswordLink {
    /// The stored link.
    pub link: PasswordLinkRow,
    /// Its account.
    pub user: UserRow,
}

fn link_mail(user: &UserRow, purpose: LinkPurpose, token: &str, ctx: &MailContext) -> OutgoingMail {
    // The recipient's own language when they chose one.
    let l = user.locale.as_deref().and_then(plein_core::Locale::parse).unwrap_or(ctx.locale);
    let args = [("organisation", ctx.organisation.as_str()), ("name", user.display_name.as_str())];
    let (subject, intro, note) = match purpose {
        LinkPurpose::Reset => ("mail-reset-subject", "mail-reset-intro", "mail-reset-note"),
        LinkPurpose::Welcome => ("mail-welcome-subject", "mail-welcome-intro", "mail-welcome-note"),
    };
    let body = [
        i18n::t_text(l, intro, &args),
        format!("{}/wachtwoord-instellen/{token}", ctx.base_url),
        i18n::t_text(l, "mail-password-username", &[("username", &user.username)]),
        i18n::t_text(l, note, &args),
    ]
    .join("\n\n");
    OutgoingMail { to: user.email.clone(), subject: i18n::t_text(l, subject, &args), body, about: None }
}

/// Stores a new link for `user` (inside the caller's transaction when `store` is one) and returns
/// the mail that carries it.
pub(crate) async fn new_password_link<C>(
    store: &Store<C>,
    user: &UserRow,
    purpose: LinkPurpose,
    ctx: &MailContext,
) -> Result<OutgoingMail, StoreError>
where
    C: ConnectionTrait + TransactionTrait,
{
    let token = new_token();
    store.insert_password_link(token_hash(&token), user.id, purpose.as_str(), now() + purpose.lifetime()).await?;
    Ok(link_mail(user, purpose, &token, ctx))
}

impl Accounts<'_> {
    /// Mails a reset link when `login` (username or e-mail) names an account that may log in.
    /// Answers the same either way; only throttling shows, per typed name and per address.
    pub async fn request_password_reset(&self, login: &str, origin: &Origin, ctx: &MailContext) -> Result<()> {
        let login: String = login.trim().to_lowercase().chars().take(plein_core::Email::MAX).collect();
        if login.is_empty() {
            return Ok(());
        }
        let user = self.store.user_by_login(&login).await?;
        let account = format!("reset:{}", throttle::account_key(user.as_ref().map(|u| u.id), &login));
        let address = throttle::address_key(origin.addr.as_deref()).map(|a| format!("reset:{a}"));
        if let Admission::Locked(until) = self.admit(account, address).await? {
            return Err(Error::Throttled(until));
        }
        let Some(user) = user.filter(|u| may_log_in(u, now()).is_ok()) else {
            return Ok(());
        };
        let tx = self.store.begin().await?;
        let mail = new_password_link(&tx, &user, LinkPurpose::Reset, ctx).await?;
        // Whoever asked is not known (anyone may type a name): the account is the object, not the actor.
        tx.audit(AuditEntry {
            action: "user.password_reset_requested",
            object: Some(format!("user:{}", user.id)),
            success: true,
            origin: origin.addr.clone(),
            ..Default::default()
        })
        .await?;
        self.enqueue_mails(&tx, vec![mail]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The link behind a token, if it can still be used.
    pub async fn open_password_link(&self, token: &str) -> Result<OpenPasswordLink> {
        if token.is_empty() || token.len() > 100 {
            return Err(Error::NotFound);
        }
        let link = self.store.password_link_by_hash(&token_hash(token)).await?.ok_or(Error::NotFound)?;
        if link.used_at.is_some() || link.expires_at <= now() {
            return Err(Error::NotFound);
        }
        let user = self.store.user_by_id(link.user_id).await?.ok_or(Error::NotFound)?;
        may_log_in(&user, now()).map_err(|_| Error::NotFound)?;
        Ok(OpenPasswordLink { link, user })
    }

    /// Sets the password through a link: the link and every other open link of the account are
    /// spent, every session ends, login counters start afresh, and the user is logged in.
    pub async fn use_password_link(
        &self,
        token: &str,
        password: &str,
        origin: &Origin,
    ) -> Result<(String, SessionUser)> {
        let OpenPasswordLink { link, user } = self.accounts().open_password_link(token).await?;
        let password = NewPassword::parse(password, &[&user.username, &user.email, &user.display_name])
            .map_err(|e| Error::invalid("new_password", e))?;
        let hash = passwords::hash(password.expose().to_owned()).await?;
        let tx = self.store.begin().await?;
        if !tx.spend_password_links(link.id, user.id).await? {
            return Err(Error::NotFound);
        }
        tx.set_password_hash(user.id, hash).await?;
        let ended = tx.delete_sessions_of(user.id).await?;
        tx.clear_failures(&throttle::account_key(Some(user.id), "")).await?;
        tx.audit(AuditEntry {
            actor_id: Some(user.id),
            actor_name: Some(user.username.clone()),
            action: "user.password_link_used",
            object: Some(format!("user:{}", user.id)),
            success: true,
            origin: origin.addr.clone(),
            detail: Some(json!({ "purpose": link.purpose, "sessions_ended": ended })),
        })
        .await?;
        tx.commit().await?;
        self.sessions_ended(user.id, ended);
        self.start_session(user, origin).await
    }
}
