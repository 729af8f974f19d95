//! External guests: invited by e-mail to one space, they set their own password, and their
//! access ends on a date an owner can move.

use chrono::{DateTime, Duration, Utc};
use plein_core::policy::{Action, Actor, SpaceRole, Target, authorize};
use plein_core::{DisplayName, Email, Locale, NewPassword, UserKind, Username};
use plein_store::audit::AuditEntry;
use plein_store::invitations::{InsertInvitation, InvitationRow};
use plein_store::notifications::NotificationKind;
use plein_store::users::InsertUser;
use plein_store::{StoreError, now};
use serde_json::json;

use crate::accounts::token_hash;
use crate::error::{Code, Error, Result};
use crate::mail::{MailContext, OutgoingMail};
use crate::spaces::facts;
use crate::{App, Origin, SessionUser, i18n, passwords};

crate::capability!(
    /// External guests: invitations, accepting them, renewing and the expiry of guest access.
    Guests,
    guests
);

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a guest's access lasts, from acceptance or renewal.
pub const GUEST_DAYS: i64 = 90;

/// When access granted at `from` ends.
pub fn guest_term_from(from: DateTime<Utc>) -> DateTime<Utc> {
    from + Duration::days(GUEST_DAYS)
}

/// What an invitation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invited {
    /// A new invitation went out by e-mail.
    Sent,
    /// The address belongs to a guest already; they were added to the space and told so.
    Added,
}

/// A valid invitation, as the acceptance page shows it.
#[derive(Clone, Debug)]
pub struct OpenInvitation {
    /// The stored row.
    pub row: InvitationRow,
    /// The space's name.
    pub space_name: String,
}

fn date(locale: Locale, at: DateTime<Utc>) -> String {
    i18n::local_date(locale, at)
}

impl App {
    /// A username for a new guest, from their e-mail address, not yet taken.
    async fn free_username(&self, email: &str) -> Result<String> {
        let local: String = email
            .split('@')
            .next()
            .unwrap_or("gast")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c.to_ascii_lowercase() } else { '.' })
            .take(40)
            .collect();
        let base = format!("gast.{}", local.trim_matches('.'));
        let mut candidate = base.clone();
        let mut n = 2;
        while self.store.user_by_login(&candidate).await?.is_some() || Username::parse(&candidate).is_err() {
            candidate = format!("{base}{n}");
            n += 1;
            if n > 1000 {
                candidate = format!("gast.{}", crate::accounts::new_token().to_lowercase().replace(['-', '_'], ""));
                break;
            }
        }
        Ok(candidate.chars().take(Username::MAX).collect())
    }
}

impl Guests<'_> {
    /// Invites `email` to a space as an external guest, by e-mail.
    pub async fn invite_guest(&self, actor: &Actor, space_id: i64, email: &str, mail: &MailContext) -> Result<Invited> {
        let space = self.store.space_by_id(space_id).await?.ok_or(Error::NotFound)?;
        let decision = authorize(Some(actor), Action::InviteGuests, Target::Space(&facts(&space)));
        self.judged(actor, "guest.invite", Some(format!("space:{space_id}")), decision)
            .await
            .or(Error::NotFound, Error::Forbidden)?;
        let email = Email::parse(email).map_err(|error| Error::invalid("email", error))?;
        let inviter = self.store.user_by_id(actor.id).await?.map(|u| u.display_name).unwrap_or_default();
        let l = mail.locale;
        let args =
            [("inviter", inviter.as_str()), ("space", space.name.as_str()), ("organisation", &mail.organisation)];

        if let Some(existing) = self.store.user_by_login(email.as_str()).await? {
            if existing.kind != UserKind::Guest {
                return Err(Error::conflict("email", Code::Employee));
            }
            if self.store.memberships_of(existing.id).await?.iter().any(|(s, _)| *s == space_id) {
                return Err(Error::conflict("email", Code::AlreadyMember));
            }
            let body =
                [i18n::t_text(l, "mail-guest-added-intro", &args), format!("{}/teams/{space_id}", mail.base_url)]
                    .join("\n\n");
            let subject = i18n::t_text(l, "mail-invitation-subject", &args);
            let tx = self.store.begin().await?;
            tx.add_space_member(space_id, existing.id, SpaceRole::Guest).await?;
            tx.audit(AuditEntry {
                actor_id: Some(actor.id),
                action: "guest.add",
                object: Some(format!("space:{space_id}")),
                success: true,
                detail: Some(json!({ "guest": existing.id })),
                ..Default::default()
            })
            .await?;
            self.enqueue_mails(&tx, vec![OutgoingMail { to: existing.email.clone(), subject, body, about: None }])
                .await?;
            tx.commit().await?;
            let added = plein_store::notifications::NewNotification {
                user_id: existing.id,
                kind: NotificationKind::Added,
                actor_id: Some(actor.id),
                post_id: None,
                comment_id: None,
                space_id: Some(space_id),
                news_id: None,
            };
            self.deliver(vec![added]).await?;
            return Ok(Invited::Added);
        }

        let token = crate::accounts::new_token();
        let expires_at = now() + Duration::days(INVITATION_DAYS);
        let tx = self.store.begin().await?;
        let row = tx
            .insert_invitation(InsertInvitation {
                token_hash: token_hash(&token),
                space_id,
                email: email.as_str().to_owned(),
                locale: l.as_str().to_owned(),
                invited_by: actor.id,
                expires_at,
            })
            .await?;
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action: "guest.invite",
            object: Some(format!("space:{space_id}")),
            success: true,
            detail: Some(json!({ "invitation": row.id, "email": email.as_str() })),
            ..Default::default()
        })
        .await?;
        let until = date(l, expires_at);
        let body = [
            i18n::t_text(l, "mail-invitation-intro", &args),
            i18n::t_text(l, "mail-invitation-action", &[]),
            format!("{}/uitnodiging/{token}", mail.base_url),
            i18n::t_text(l, "mail-invitation-note", &[("until", &until)]),
        ]
        .join("\n\n");
        let subject = i18n::t_text(l, "mail-invitation-subject", &args);
        self.enqueue_mails(&tx, vec![OutgoingMail { to: email.as_str().to_owned(), subject, body, about: None }])
            .await?;
        tx.commit().await?;
        Ok(Invited::Sent)
    }

    /// The invitation behind a link, if it can still be accepted.
    pub async fn open_invitation(&self, token: &str) -> Result<OpenInvitation> {
        if token.is_empty() || token.len() > 100 {
            return Err(Error::NotFound);
        }
        let row = self.store.invitation_by_hash(&token_hash(token)).await?.ok_or(Error::NotFound)?;
        if row.accepted_at.is_some() || row.expires_at <= now() {
            return Err(Error::NotFound);
        }
        let space = self.store.space_by_id(row.space_id).await?.ok_or(Error::NotFound)?;
        Ok(OpenInvitation { row, space_name: space.name })
    }

    /// Accepts an invitation: creates the guest account, adds it to the space and logs it in.
    /// Returns the session token, the user and the space.
    pub async fn accept_invitation(
        &self,
        token: &str,
        name: &str,
        password: &str,
        origin: &Origin,
    ) -> Result<(String, SessionUser, i64)> {
        let open = self.guests().open_invitation(token).await?;
        let name = DisplayName::parse(name).map_err(|error| Error::invalid("name", error))?;
        let email = open.row.email.clone();
        let password =
            NewPassword::parse(password, &[name.as_str(), &email]).map_err(|e| Error::invalid("new_password", e))?;
        let hash = passwords::hash(password.expose().to_owned()).await?;
        let username = self.free_username(&email).await?;

        let tx = self.store.begin().await?;
        let user = tx
            .insert_user(InsertUser {
                username: username.clone(),
                email: email.clone(),
                display_name: name.as_str().to_owned(),
                kind: UserKind::Guest,
                is_admin: false,
                password_hash: Some(hash),
                guest_expires_at: Some(guest_term_from(now())),
            })
            .await
            .map_err(|e| match e {
                // The address was taken in the meantime: the link is spent.
                StoreError::Conflict(_) => Error::NotFound,
                other => other.into(),
            })?;
        if !tx.accept_invitation(open.row.id, user.id).await? {
            return Err(Error::NotFound);
        }
        tx.add_space_member(open.row.space_id, user.id, SpaceRole::Guest).await?;
        tx.audit(AuditEntry {
            actor_id: Some(user.id),
            actor_name: Some(user.username.clone()),
            action: "guest.accept",
            object: Some(format!("space:{}", open.row.space_id)),
            success: true,
            detail: Some(json!({ "invitation": open.row.id })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        let (token, session) = self.start_session(user, origin).await?;
        Ok((token, session, open.row.space_id))
    }

    /// Gives a guest in a space the actor manages another full term from today.
    pub async fn renew_guest(&self, actor: &Actor, space_id: i64, user_id: i64) -> Result<DateTime<Utc>> {
        let space = self.store.space_by_id(space_id).await?.ok_or(Error::NotFound)?;
        let decision = authorize(Some(actor), Action::ManageMembers, Target::Space(&facts(&space)));
        self.judged(actor, "guest.renew", Some(format!("space:{space_id}/user:{user_id}")), decision)
            .await
            .or(Error::NotFound, Error::Forbidden)?;
        let is_guest_here =
            self.store.space_members(space_id).await?.iter().any(|m| m.user_id == user_id && m.kind == UserKind::Guest);
        if !is_guest_here {
            return Err(Error::NotFound);
        }
        let until = guest_term_from(now());
        let tx = self.store.begin().await?;
        tx.set_guest_expiry(user_id, until).await?;
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action: "guest.renew",
            object: Some(format!("user:{user_id}")),
            success: true,
            detail: Some(json!({ "space": space_id, "until": until.to_rfc3339() })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(until)
    }
}

impl Guests<'_> {
    /// Records in the audit log every guest whose access has ended since the last sweep, and ends
    /// their sessions. Safe to run on several nodes at once: each ending is recorded once. Returns
    /// how many were recorded.
    pub async fn record_guest_expiries(&self) -> Result<usize> {
        let at = now();
        let mut recorded = 0;
        loop {
            let batch = self.store.unrecorded_guest_expiries(at, 100).await?;
            if batch.is_empty() {
                return Ok(recorded);
            }
            for guest in batch {
                let tx = self.store.begin().await?;
                if !tx.mark_guest_expiry_recorded(guest.id, at).await? {
                    continue;
                }
                let ended = tx.delete_sessions_of(guest.id).await?;
                tx.audit(AuditEntry {
                    action: "guest.expire",
                    object: Some(format!("user:{}", guest.id)),
                    success: true,
                    detail: Some(json!({
                        "expired_at": guest.guest_expires_at.map(|t| t.to_rfc3339()),
                        "sessions_ended": ended,
                    })),
                    ..Default::default()
                })
                .await?;
                tx.commit().await?;
                self.sessions_ended(guest.id, ended);
                recorded += 1;
            }
        }
    }
}

/// A date in the reader's language, for pages and mails.
pub fn format_date(locale: Locale, at: DateTime<Utc>) -> String {
    date(locale, at)
}
