//! Administration: groups, what they grant and who is in them, and reading the audit log.

use std::collections::BTreeSet;

use plein_core::account::FieldError;
use plein_core::policy::{
    Action, Actor, Capability, Decision, Target, authorize, authorize_group_change, authorize_group_membership,
};
use plein_core::space::{Description, SpaceName};
use plein_store::Store;
use plein_store::audit::{AuditEntry, AuditRow};
use plein_store::groups::GroupRow;
use plein_store::sea_orm::{self, DatabaseTransaction};
use serde_json::json;

use crate::App;
use crate::confirm::{Confirmation, Outcome};
use crate::error::{Error, Result, check};

crate::capability!(
    /// Administration: users, groups and their rights, imports and exports, and the audit log.
    Admin,
    admin
);

async fn grants_in<C>(store: &Store<C>, group: i64) -> Result<BTreeSet<Capability>>
where
    C: sea_orm::ConnectionTrait + sea_orm::TransactionTrait,
{
    Ok(store.group_capabilities(group).await?.into_iter().collect())
}

/// An audit record as the log shows it.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    /// The record.
    pub row: AuditRow,
    /// For a refused attempt that was tried again: how many more times, and when last.
    pub repeats: Option<(i64, chrono::DateTime<chrono::Utc>)>,
    /// Who did it, by name (the name they had then, if the account is gone).
    pub actor_name: Option<String>,
    /// What it was done to, by name: a space's or group's name, a person's name.
    pub object_name: Option<String>,
    /// The person it concerned besides the object (a member added, a guest invited), by name or
    /// e-mail address.
    pub person_name: Option<String>,
}

/// The kinds of action the audit log filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditKind {
    /// Accounts: created, changed, deactivated, passwords, sessions.
    Accounts,
    /// Groups and the rights they grant.
    Groups,
    /// Spaces and their members.
    Spaces,
    /// External guests.
    Guests,
    /// Moderation: hidden and removed posts and comments, reports.
    Moderation,
    /// The rest: jobs, reading the log, the demo.
    System,
}

impl AuditKind {
    /// Every kind, in the order the filter offers them.
    pub const ALL: [AuditKind; 6] = [
        AuditKind::Accounts,
        AuditKind::Groups,
        AuditKind::Spaces,
        AuditKind::Guests,
        AuditKind::Moderation,
        AuditKind::System,
    ];

    /// Its name in a query string.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Accounts => "accounts",
            AuditKind::Groups => "groepen",
            AuditKind::Spaces => "teams",
            AuditKind::Guests => "gasten",
            AuditKind::Moderation => "moderatie",
            AuditKind::System => "systeem",
        }
    }

    /// The kind a query string names.
    pub fn parse(s: &str) -> Option<AuditKind> {
        AuditKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The action prefixes it covers.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            AuditKind::Accounts => &["login", "logout", "user.", "session."],
            AuditKind::Groups => &["group."],
            AuditKind::Spaces => &["space."],
            AuditKind::Guests => &["guest."],
            AuditKind::Moderation => &["post.", "comment.", "report."],
            AuditKind::System => &["job.", "jobs.", "audit.", "demo."],
        }
    }
}

/// What to read of the audit log.
#[derive(Clone, Debug, Default)]
pub struct AuditSearch {
    /// One kind of action.
    pub kind: Option<AuditKind>,
    /// What this person (login name or e-mail address) did.
    pub person: Option<String>,
    /// From the start of this day (local time).
    pub from: Option<chrono::NaiveDate>,
    /// To the end of this day (local time).
    pub to: Option<chrono::NaiveDate>,
    /// Older than this record (the next page).
    pub before: Option<i64>,
}

/// A group in the overview.
#[derive(Clone, Debug)]
pub struct GroupSummary {
    /// The group.
    pub group: GroupRow,
    /// How many members.
    pub members: i64,
}

/// A group with everything its page shows.
#[derive(Clone, Debug)]
pub struct GroupDetail {
    /// The group.
    pub group: GroupRow,
    /// What it grants.
    pub grants: BTreeSet<Capability>,
    /// Members: id, name, username, kind, status.
    pub members: Vec<(i64, String, String, plein_core::UserKind, plein_core::UserStatus)>,
    /// Whether the actor may rename it, change its members or delete it.
    pub can_change: bool,
    /// Whether the actor may change what it grants.
    pub can_change_grants: bool,
}

fn name_and_description(name: &str, description: &str) -> Result<(SpaceName, Description)> {
    let name = SpaceName::parse(name).map_err(|error| Error::invalid("name", error))?;
    let description = Description::parse(description).map_err(|error| Error::invalid("description", error))?;
    Ok((name, description))
}

impl App {
    fn group_record(actor: &Actor, action: &'static str, group: i64, detail: serde_json::Value) -> AuditEntry {
        AuditEntry {
            actor_id: Some(actor.id),
            action,
            object: Some(format!("group:{group}")),
            success: true,
            detail: Some(detail),
            ..Default::default()
        }
    }

    async fn grants_of(&self, group: i64) -> Result<BTreeSet<Capability>> {
        grants_in(&self.store, group).await
    }

    /// The policy's word on `actor` putting people in group `id` or taking them out, as part of
    /// `action`; a refusal is audited. Every way into a group asks this (see [`App::place_in_group`]).
    pub(crate) async fn may_place_in_group(&self, actor: &Actor, id: i64, action: &'static str) -> Result<Decision> {
        let decision = authorize_group_membership(actor, &self.grants_of(id).await?);
        Ok(self.judged(actor, action, Some(format!("group:{id}")), decision).await)
    }

    /// Puts `members` in group `id` within `tx`, when the policy allows `actor` to: the one way
    /// people enter a group (the group's page, the user import, and later directory sync and SCIM).
    /// Callers ask [`App::may_place_in_group`] first, outside the transaction, so that a refusal is
    /// audited (recording it takes a transaction of its own); the policy is asked again here, on
    /// the grants as the transaction sees them, in case they changed in between.
    pub(crate) async fn place_in_group(
        &self,
        tx: &Store<DatabaseTransaction>,
        actor: &Actor,
        id: i64,
        members: &[i64],
    ) -> Result<()> {
        check(authorize_group_membership(actor, &grants_in(tx, id).await?))?;
        tx.add_group_members(id, members).await?;
        Ok(())
    }

    /// The group's grants, when `actor` may change the group as part of `action` (refusals audited).
    async fn changeable(&self, actor: &Actor, id: i64, action: &'static str) -> Result<BTreeSet<Capability>> {
        self.group_in_reach(actor, id, action).await?;
        let grants = self.grants_of(id).await?;
        check(self.judged(actor, action, Some(format!("group:{id}")), authorize_group_change(actor, &grants)).await)?;
        Ok(grants)
    }

    /// Checks that `actor` manages groups and group `id` exists (refusals audited).
    async fn group_in_reach(&self, actor: &Actor, id: i64, action: &'static str) -> Result<()> {
        let decision = authorize(Some(actor), Action::ManageGroups, Target::Site);
        check(self.judged(actor, action, Some(format!("group:{id}")), decision).await)?;
        self.store.group_by_id(id).await?.ok_or(Error::NotFound)?;
        Ok(())
    }
}

impl Admin<'_> {
    /// Every group, for those who manage groups.
    pub async fn list_groups(&self, actor: &Actor) -> Result<Vec<GroupSummary>> {
        check(authorize(Some(actor), Action::ManageGroups, Target::Site))?;
        Ok(self
            .store
            .list_groups()
            .await?
            .into_iter()
            .map(|(group, members)| GroupSummary { group, members })
            .collect())
    }

    /// Creates a group that grants nothing yet.
    pub async fn create_group(&self, actor: &Actor, name: &str, description: &str) -> Result<GroupRow> {
        check(self.judged(actor, "group.create", None, authorize_group_change(actor, &BTreeSet::new())).await)?;
        let (name, description) = name_and_description(name, description)?;
        let tx = self.store.begin().await?;
        let group = tx.insert_group(name.as_str(), description.as_str()).await?;
        tx.audit(App::group_record(actor, "group.create", group.id, json!({ "name": group.name }))).await?;
        tx.commit().await?;
        Ok(group)
    }

    /// A group's page.
    pub async fn read_group(&self, actor: &Actor, id: i64) -> Result<GroupDetail> {
        check(authorize(Some(actor), Action::ManageGroups, Target::Site))?;
        let group = self.store.group_by_id(id).await?.ok_or(Error::NotFound)?;
        let grants = self.grants_of(id).await?;
        Ok(GroupDetail {
            can_change: authorize_group_change(actor, &grants).allowed(),
            can_change_grants: authorize(Some(actor), Action::ChangeCapabilities, Target::Site).allowed(),
            members: self.store.group_members(id).await?,
            group,
            grants,
        })
    }

    /// Renames a group.
    pub async fn update_group(&self, actor: &Actor, id: i64, name: &str, description: &str) -> Result<()> {
        self.changeable(actor, id, "group.update").await?;
        let (name, description) = name_and_description(name, description)?;
        let tx = self.store.begin().await?;
        tx.update_group(id, name.as_str(), description.as_str()).await?;
        tx.audit(App::group_record(actor, "group.update", id, json!({ "name": name.as_str() }))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a group.
    pub async fn delete_group(&self, actor: &Actor, id: i64, confirmed: Confirmation) -> Result<Outcome<()>> {
        self.changeable(actor, id, "group.delete").await?;
        if confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        tx.delete_group(id).await?;
        tx.audit(App::group_record(actor, "group.delete", id, json!({}))).await?;
        tx.commit().await?;
        Ok(Outcome::Done(()))
    }

    /// Replaces what a group grants; only administrators.
    pub async fn set_group_grants(&self, actor: &Actor, id: i64, grants: &BTreeSet<Capability>) -> Result<()> {
        let decision = authorize(Some(actor), Action::ChangeCapabilities, Target::Site);
        check(self.judged(actor, "group.capabilities", Some(format!("group:{id}")), decision).await)?;
        let before = self.changeable(actor, id, "group.capabilities").await?;
        let names: Vec<String> = grants.iter().map(|c| c.to_string()).collect();
        let tx = self.store.begin().await?;
        tx.set_group_capabilities(id, &grants.iter().copied().collect::<Vec<_>>()).await?;
        let was: Vec<String> = before.iter().map(|c| c.to_string()).collect();
        tx.audit(App::group_record(actor, "group.capabilities", id, json!({ "from": was, "to": names }))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a user (by username or e-mail) to a group.
    pub async fn add_group_member(&self, actor: &Actor, id: i64, login: &str) -> Result<()> {
        self.group_in_reach(actor, id, "group.member_add").await?;
        check(self.may_place_in_group(actor, id, "group.member_add").await?)?;
        let user = self
            .store
            .user_by_login(&login.trim().to_lowercase())
            .await?
            .ok_or(Error::invalid("user", FieldError::Invalid))?;
        let tx = self.store.begin().await?;
        self.place_in_group(&tx, actor, id, &[user.id]).await?;
        tx.audit(App::group_record(actor, "group.member_add", id, json!({ "user": user.id }))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a user out of a group.
    pub async fn remove_group_member(&self, actor: &Actor, id: i64, user_id: i64) -> Result<()> {
        self.group_in_reach(actor, id, "group.member_remove").await?;
        check(self.may_place_in_group(actor, id, "group.member_remove").await?)?;
        let tx = self.store.begin().await?;
        if !tx.remove_group_member(id, user_id).await? {
            return Err(Error::NotFound);
        }
        tx.audit(App::group_record(actor, "group.member_remove", id, json!({ "user": user_id }))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit log, newest first, for those who may read it, with the names of who did what to
    /// what, so it reads as sentences.
    pub async fn read_audit_log(&self, actor: &Actor, search: &AuditSearch, limit: u64) -> Result<Vec<AuditRecord>> {
        check(
            self.judged(actor, "audit.read", None, authorize(Some(actor), Action::ViewAuditLog, Target::Site)).await,
        )?;
        let who = match search.person.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(login) => match self.store.user_by_login(&login.to_lowercase()).await? {
                Some(u) => Some(u.id),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let local_midnight = |day: chrono::NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(crate::i18n::TIME_ZONE).earliest())
                .map(|t| t.with_timezone(&chrono::Utc))
        };
        let filter = plein_store::audit::AuditFilter {
            actions: search.kind.map(|k| k.prefixes().iter().map(|p| (*p).to_owned()).collect()).unwrap_or_default(),
            actor: who,
            since: search.from.and_then(local_midnight),
            until: search.to.and_then(|d| d.succ_opt()).and_then(local_midnight),
            before: search.before,
        };
        let rows = self.store.search_audit_in(&filter, limit).await?;
        let ids: Vec<i64> = rows.iter().filter(|r| r.result == "failure").map(|r| r.id).collect();
        let mut repeats = if ids.is_empty() { Default::default() } else { self.store.audit_repeats(&ids).await? };
        let named = self.audit_names(&rows).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let (object_name, person_name) = named.of(&row);
                AuditRecord {
                    repeats: repeats.remove(&row.id),
                    actor_name: row.actor_id.and_then(|id| named.users.get(&id).cloned()).or(row.actor_name.clone()),
                    object_name,
                    person_name,
                    row,
                }
            })
            .collect())
    }

    /// The names of the people, spaces and groups audit records mention, read in three queries.
    async fn audit_names(&self, rows: &[AuditRow]) -> Result<AuditNames> {
        let mut users = BTreeSet::new();
        let mut spaces = BTreeSet::new();
        for row in rows {
            users.extend(row.actor_id);
            match object_of(row) {
                Some(("user", id)) => {
                    users.insert(id);
                }
                Some(("space", id)) => {
                    spaces.insert(id);
                }
                _ => {}
            }
            let detail = detail_of(row);
            for key in ["user", "guest", "author"] {
                users.extend(detail.get(key).and_then(serde_json::Value::as_i64));
            }
            spaces.extend(detail.get("space").and_then(serde_json::Value::as_i64));
        }
        let users: Vec<i64> = users.into_iter().collect();
        let spaces: Vec<i64> = spaces.into_iter().collect();
        Ok(AuditNames {
            users: self.store.user_names(&users).await?,
            spaces: self.store.spaces_by_ids(&spaces).await?.into_iter().map(|s| (s.id, s.name)).collect(),
            groups: self.store.group_names().await?.into_iter().collect(),
        })
    }

    /// Display names for the actors of audit records.
    pub async fn read_actor_names(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        Ok(self.store.user_names(ids).await?)
    }
}

/// Names for audit records.
struct AuditNames {
    users: std::collections::HashMap<i64, String>,
    spaces: std::collections::HashMap<i64, String>,
    groups: std::collections::HashMap<i64, String>,
}

impl AuditNames {
    /// The name of a record's object, and of the person it concerned besides.
    fn of(&self, row: &AuditRow) -> (Option<String>, Option<String>) {
        let object = object_of(row).and_then(|(kind, id)| match kind {
            "user" => self.users.get(&id).cloned(),
            "space" => self.spaces.get(&id).cloned(),
            "group" => self.groups.get(&id).cloned(),
            _ => None,
        });
        let detail = detail_of(row);
        let person = ["user", "guest", "author"]
            .iter()
            .find_map(|key| detail.get(*key).and_then(serde_json::Value::as_i64))
            .and_then(|id| self.users.get(&id).cloned())
            .or_else(|| detail.get("email").and_then(serde_json::Value::as_str).map(str::to_owned));
        // A record about a space that names it in its detail (a guest's term) reads as that space.
        let object = object.or_else(|| {
            detail.get("space").and_then(serde_json::Value::as_i64).and_then(|id| self.spaces.get(&id).cloned())
        });
        (object, person)
    }
}

/// A record's object as (kind, id): `space:101` is `("space", 101)`.
fn object_of(row: &AuditRow) -> Option<(&str, i64)> {
    let (kind, id) = row.object.as_deref()?.split_once(':')?;
    Some((kind, id.parse().ok()?))
}

fn detail_of(row: &AuditRow) -> serde_json::Map<String, serde_json::Value> {
    row.detail.as_deref().and_then(|d| serde_json::from_str(d).ok()).unwrap_or_default()
}
