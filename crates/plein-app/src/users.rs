//! User administration: the list, creating accounts, deactivating and reactivating them, and an
//! export of users × groups × capabilities × last login for access reviews.

use std::collections::BTreeSet;

use plein_core::policy::SpaceRole;
use plein_core::policy::{Action, Actor, Capability, Target, UserChange, authorize, authorize_user_change};
use plein_core::{DisplayName, Email};
use plein_store::audit::AuditEntry;
use plein_store::users::{UserListFilter, UserRow};
use serde_json::json;

use crate::App;
use crate::accounts::NewUser;
use crate::admin::Admin;
use crate::confirm::{Confirmation, Outcome};
use crate::error::{Error, Failure, Result, check};
use crate::mail::MailContext;
use crate::password_links::{LinkPurpose, new_password_link};

impl App {
    async fn capabilities_held(&self, user: &UserRow) -> Result<BTreeSet<Capability>> {
        let mut caps: BTreeSet<Capability> = self.store.capabilities_of(user.id).await?.into_iter().collect();
        if user.is_admin {
            caps.insert(Capability::Admin);
        }
        Ok(caps)
    }

    /// The account `user_id`, when `actor` may make `change` to it as part of `action` (refusals
    /// audited).
    async fn changeable_user(
        &self,
        actor: &Actor,
        user_id: i64,
        action: &'static str,
        change: UserChange,
    ) -> Result<UserRow> {
        let object = Some(format!("user:{user_id}"));
        let decision = authorize(Some(actor), Action::ManageUsers, Target::Site);
        check(self.judged(actor, action, object.clone(), decision).await)?;
        let user = self.store.user_by_id(user_id).await?.ok_or(Error::NotFound)?;
        let decision = authorize_user_change(actor, user.id, &self.capabilities_held(&user).await?, change);
        check(self.judged(actor, action, object, decision).await)?;
        Ok(user)
    }
}

/// An account as its administration page shows it.
#[derive(Clone, Debug)]
pub struct UserDetail {
    /// The account.
    pub user: UserRow,
    /// Whether the reader may change it.
    pub may_edit: bool,
    /// The names of its groups.
    pub groups: Vec<String>,
    /// Its spaces: id, name, role.
    pub spaces: Vec<(i64, String, SpaceRole)>,
}

impl Admin<'_> {
    /// Accounts that pass `filter`, by name from `after` on, each with the names of its groups,
    /// for user managers.
    pub async fn list_users(
        &self,
        actor: &Actor,
        filter: &UserListFilter,
        after: &plein_store::After,
        limit: u64,
    ) -> Result<Vec<(UserRow, Vec<String>)>> {
        check(authorize(Some(actor), Action::ManageUsers, Target::Site))?;
        let users = self.store.list_users(filter, after, limit).await?;
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let mut groups = self.store.group_names_of(&ids).await?;
        Ok(users.into_iter().map(|u| (groups.remove(&u.id).unwrap_or_default(), u)).map(|(g, u)| (u, g)).collect())
    }

    /// Creates an employee or guest; rights come from groups, never from this form. Without a
    /// password the new user gets an e-mail with a link to set one.
    pub async fn create_user(&self, actor: &Actor, mut new: NewUser, welcome: &MailContext) -> Result<UserRow> {
        check(
            self.judged(actor, "user.create", None, authorize(Some(actor), Action::ManageUsers, Target::Site)).await,
        )?;
        new.is_admin = false;
        if !new.password.is_empty() {
            return self.create_user_by(new, Some(actor.id)).await;
        }
        let (tx, row) = self.insert_new_user(new, false, Some(actor.id)).await?;
        let mail = new_password_link(&tx, &row, LinkPurpose::Welcome, welcome).await?;
        self.enqueue_mails(&tx, vec![mail]).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Deactivates or reactivates an account by id, if the actor holds every right its owner holds.
    pub async fn set_user_active(
        &self,
        actor: &Actor,
        user_id: i64,
        active: bool,
        confirmed: Confirmation,
    ) -> Result<Outcome<()>> {
        let action = if active { "user.reactivate" } else { "user.deactivate" };
        let user = self.changeable_user(actor, user_id, action, UserChange::SetStatus).await?;
        // Deactivating ends the person's sessions at once: asked first.
        if !active && confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        if active {
            self.reactivate_user_by(&user.username, Some(actor.id)).await?;
        } else {
            self.deactivate_user_by(&user.username, Some(actor.id)).await?;
        }
        Ok(Outcome::Done(()))
    }

    /// One account for its edit page: whether the actor may change it, its groups and its
    /// spaces with its role in each.
    pub async fn read_user(&self, actor: &Actor, user_id: i64) -> Result<UserDetail> {
        check(authorize(Some(actor), Action::ManageUsers, Target::Site))?;
        let user = self.store.user_by_id(user_id).await?.ok_or(Error::NotFound)?;
        let caps = self.capabilities_held(&user).await?;
        let may_edit = authorize_user_change(actor, user.id, &caps, UserChange::Edit).allowed();
        let groups = self.store.group_names_of(&[user.id]).await?.remove(&user.id).unwrap_or_default();
        let roles = self.store.memberships_of(user.id).await?;
        let ids: Vec<i64> = roles.iter().map(|(s, _)| *s).collect();
        let mut spaces: Vec<(i64, String, SpaceRole)> = self
            .store
            .spaces_by_ids(&ids)
            .await?
            .into_iter()
            .filter_map(|s| roles.iter().find(|(id, _)| *id == s.id).map(|(_, role)| (s.id, s.name, *role)))
            .collect();
        spaces.sort_by_key(|(_, name, _)| name.to_lowercase());
        Ok(UserDetail { user, may_edit, groups, spaces })
    }

    /// Changes an account's name and e-mail address, if the actor holds every right its owner holds.
    pub async fn update_user(&self, actor: &Actor, user_id: i64, display_name: &str, email: &str) -> Result<()> {
        let user = self.changeable_user(actor, user_id, "user.update", UserChange::Edit).await?;
        let name = DisplayName::parse(display_name).map_err(|error| Error::invalid("display_name", error))?;
        let email = Email::parse(email).map_err(|error| Error::invalid("email", error))?;
        if name.as_str() == user.display_name && email.as_str() == user.email {
            return Ok(());
        }
        let tx = self.store.begin().await?;
        tx.set_identity(user.id, name.as_str().to_owned(), email.as_str().to_owned()).await?;
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action: "user.update",
            object: Some(format!("user:{}", user.id)),
            success: true,
            detail: Some(json!({
                "name": { "from": user.display_name, "to": name.as_str() },
                "email": { "from": user.email, "to": email.as_str() },
            })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every user with their groups, capabilities and last login, as CSV (for access reviews).
    pub async fn export_users(&self, actor: &Actor) -> Result<String> {
        check(
            self.judged(actor, "user.export", None, authorize(Some(actor), Action::ManageUsers, Target::Site)).await,
        )?;
        let rows = self.store.access_review().await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let header =
            ["username", "name", "email", "kind", "status", "groups", "capabilities", "last_login", "guest_expires"];
        out.write_record(header).map_err(|e| Failure::Export(e.to_string()))?;
        for r in rows {
            let record = [
                r.username,
                r.display_name,
                r.email,
                r.kind.to_string(),
                r.status.to_string(),
                r.groups.join("; "),
                r.capabilities.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; "),
                r.last_login_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
                r.guest_expires_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            ];
            out.write_record(&record).map_err(|e| Failure::Export(e.to_string()))?;
        }
        let bytes = out.into_inner().map_err(|e| Failure::Export(e.to_string()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
