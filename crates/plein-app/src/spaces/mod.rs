//! Spaces: create, find, join, request, leave, and decide on requests, all through the policy.

use plein_core::account::FieldError;
use plein_core::policy::{
    Action, Actor, Capability, SpaceFacts, SpaceRole, SpaceVisibility, Target, authorize, authorize_member_change,
    member_changes, visibility,
};
pub use plein_core::space::NotifyLevel;
use plein_core::space::{Description, SPACE_COLOURS, SpaceKind, SpaceName};
use plein_core::{UserKind, UserStatus};
use plein_store::audit::AuditEntry;
use plein_store::groups::ActorFacts;
use plein_store::images::{ImageOwner, ImageRow};
use plein_store::notifications::{NewNotification, NotificationKind};
use plein_store::people::PeopleFilter;
use plein_store::spaces::{InsertSpace, JoinRequestRow, MemberRow, SpaceFilter, SpaceRow};
use plein_store::users::UserRow;
use serde_json::json;

use crate::confirm::{Confirmation, Outcome};
use crate::error::{Code, Error, Result, check};
use crate::images;
use crate::{App, SessionUser};

mod mine;

pub use mine::MySpace;
pub(crate) use mine::SpaceCardCache;

crate::capability!(
    /// Spaces: creating and changing them, the directory, a space's page, membership and archiving.
    Spaces,
    spaces
);

/// The facts the policy needs about a stored space.
pub fn facts(row: &SpaceRow) -> SpaceFacts {
    SpaceFacts {
        id: row.id,
        visibility: row.visibility,
        archived: row.archived_at.is_some(),
        allows_guests: row.allows_guests,
        admins_post: row.admins_post,
    }
}

/// The facts the policy needs about a space, from the columns a joined query brought along
/// (absent ones count as the most restrictive).
pub fn joined_facts(
    id: i64,
    visibility: Option<SpaceVisibility>,
    archived: bool,
    allows_guests: Option<bool>,
    admins_post: Option<bool>,
) -> SpaceFacts {
    SpaceFacts {
        id,
        visibility: visibility.unwrap_or(SpaceVisibility::Secret),
        archived,
        allows_guests: allows_guests.unwrap_or(false),
        admins_post: admins_post.unwrap_or(true),
    }
}

/// A new space as typed in the form.
#[derive(Clone, Debug)]
pub struct NewSpace {
    /// The name.
    pub name: String,
    /// The description.
    pub description: String,
    /// The kind, as stored (`team`, …).
    pub kind: String,
    /// The visibility, as stored (`open`, …).
    pub visibility: String,
    /// The colour.
    pub colour: String,
    /// Whether external guests may be invited.
    pub allows_guests: bool,
    /// Whether only owners and admins post (an announcement space).
    pub admins_post: bool,
}

/// A space in the directory.
#[derive(Clone, Debug)]
pub struct SpaceListing {
    /// The space.
    pub space: SpaceRow,
    /// How many members it has.
    pub members: i64,
    /// The reader's role in it.
    pub role: Option<SpaceRole>,
    /// When its image last changed (seconds), if it has one.
    pub image_version: Option<i64>,
}

/// A space as its page shows it to one reader.
#[derive(Clone, Debug)]
pub struct SpaceView {
    /// The space.
    pub space: SpaceRow,
    /// The reader's role.
    pub role: Option<SpaceRole>,
    /// What the reader may do here.
    pub can: SpaceAbilities,
    /// Whether the reader has asked already.
    pub requested: bool,
    /// The members, when the reader may read the space, with what the reader may change of each.
    pub members: Vec<MemberView>,
    /// Waiting requests, when the reader manages the space.
    pub requests: Vec<JoinRequestRow>,
    /// When its image last changed (seconds), if it has one.
    pub image_version: Option<i64>,
    /// How much the reader hears of it, when they may read it.
    pub notify: Option<NotifyLevel>,
    /// Its pinned posts (ids, most recently pinned first), when the reader may read it.
    pub pinned: Vec<i64>,
    /// Whether the reader follows it.
    pub follows: bool,
}

/// What a reader may do in one space, as the policy decides it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpaceAbilities {
    /// Read its content and see its members.
    pub read: bool,
    /// Join right away.
    pub join: bool,
    /// Ask to join.
    pub request: bool,
    /// Post in it.
    pub post: bool,
    /// Change its settings, picture and archive state.
    pub manage: bool,
    /// Decide on requests, change roles, remove members, renew guests (and see guests' end dates).
    pub manage_members: bool,
    /// Add colleagues as members.
    pub add_members: bool,
    /// Invite external guests.
    pub invite_guests: bool,
    /// Write news for the space.
    pub write_news: bool,
}

/// The most colleagues a name offers to choose from.
pub const CHOICES: usize = 10;

/// What adding a colleague came to.
#[derive(Clone, Debug)]
pub enum Addition {
    /// The colleague is a member now.
    Added(Box<UserRow>),
    /// The name fits several colleagues: which one was meant? At most [`CHOICES`] of them;
    /// `more` when others fit too (a longer name narrows it).
    Choose {
        /// The colleagues who fit, by name.
        people: Vec<UserRow>,
        /// More fit than are offered.
        more: bool,
    },
}

/// A member as the reader sees them, with what the reader may change about them.
#[derive(Clone, Debug)]
pub struct MemberView {
    /// The member.
    pub member: MemberRow,
    /// The roles the reader may choose between, the current one among them (empty: no choice).
    pub roles: Vec<SpaceRole>,
    /// Whether the reader may remove them.
    pub removable: bool,
    /// Whether the reader may give this guest another term.
    pub renewable: bool,
}

fn space_notice(user_id: i64, kind: NotificationKind, actor: i64, space: i64) -> NewNotification {
    NewNotification {
        user_id,
        kind,
        actor_id: Some(actor),
        post_id: None,
        comment_id: None,
        space_id: Some(space),
        news_id: None,
    }
}

impl Spaces<'_> {
    /// Sets how much the actor hears of a space they may read.
    pub async fn set_notify_level(&self, actor: &Actor, space_id: i64, level: NotifyLevel) -> Result<()> {
        let space = self.visible_space(actor, space_id).await?;
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
        let choice = (level != NotifyLevel::Normal).then_some(level);
        self.store.set_space_notify(actor.id, space_id, choice).await?;
        Ok(())
    }
}

impl App {
    /// The policy's view of a logged-in user: capabilities, groups and memberships, read fresh.
    pub async fn actor(&self, user: &SessionUser) -> Result<Actor> {
        self.actor_for(user.id, user.kind, user.is_admin).await
    }

    /// The policy's view of a user who is not the one asking (a digest's recipient, a test's user).
    pub async fn actor_for(&self, id: i64, kind: plein_core::UserKind, is_admin: bool) -> Result<Actor> {
        Ok(actor_of(id, kind, is_admin, self.store.actor_facts(id).await?))
    }
}

/// The policy's view of a user from their stored facts.
pub(crate) fn actor_of(id: i64, kind: plein_core::UserKind, is_admin: bool, stored: ActorFacts) -> Actor {
    let mut capabilities: std::collections::BTreeSet<Capability> = stored.capabilities.into_iter().collect();
    if is_admin {
        capabilities.insert(Capability::Admin);
    }
    let memberships = stored.memberships.into_iter().collect();
    let groups = stored.groups.into_iter().collect();
    Actor { id, kind, capabilities, memberships, groups }
}

impl Spaces<'_> {
    /// Creates a space with the actor as its owner.
    pub async fn create_space(&self, actor: &Actor, new: NewSpace) -> Result<SpaceRow> {
        check(authorize(Some(actor), Action::CreateSpace, Target::Site))?;
        let valid = validate_space(new, actor.id)?;
        let tx = self.store.begin().await?;
        let row = tx.insert_space(valid).await?;
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action: "space.create",
            object: Some(format!("space:{}", row.id)),
            success: true,
            detail: Some(
                json!({ "name": row.name, "visibility": row.visibility.to_string(), "kind": row.kind.to_string() }),
            ),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Changes a space's name, description, kind, visibility, colour and whether guests may be invited.
    pub async fn update_space(&self, actor: &Actor, id: i64, change: NewSpace) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        let decision = authorize(Some(actor), Action::Manage, Target::Space(&facts(&space)));
        check(self.judged(actor, "space.update", Some(format!("space:{id}")), decision).await)?;
        let valid = validate_space(change, actor.id)?;
        let detail = json!({
            "name": valid.name,
            "visibility": { "from": space.visibility.to_string(), "to": valid.visibility.to_string() },
            "allows_guests": valid.allows_guests,
        });
        let tx = self.store.begin().await?;
        tx.update_space(id, valid).await?;
        tx.audit(App::space_record(actor, "space.update", id, detail)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Checks a space form; `by` becomes the creator of a new space.
fn validate_space(new: NewSpace, by: i64) -> Result<InsertSpace> {
    let field = |field| move |error| Error::invalid(field, error);
    let name = SpaceName::parse(&new.name).map_err(field("name"))?;
    let description = Description::parse(&new.description).map_err(field("description"))?;
    let kind = SpaceKind::parse(&new.kind).ok_or(FieldError::Invalid).map_err(field("kind"))?;
    let visibility = SpaceVisibility::parse(&new.visibility).ok_or(FieldError::Invalid).map_err(field("visibility"))?;
    let colour =
        SPACE_COLOURS.iter().find(|c| **c == new.colour).ok_or(FieldError::Invalid).map_err(field("colour"))?;
    Ok(InsertSpace {
        name: name.as_str().to_owned(),
        description: description.as_str().to_owned(),
        kind,
        visibility,
        colour: (*colour).to_owned(),
        allows_guests: new.allows_guests,
        admins_post: new.admins_post,
        created_by: by,
    })
}

impl App {
    async fn visible_space(&self, actor: &Actor, id: i64) -> Result<SpaceRow> {
        let row = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
        check(authorize(Some(actor), Action::See, Target::Space(&facts(&row))))?;
        Ok(row)
    }

    fn space_record(actor: &Actor, action: &'static str, space: i64, detail: serde_json::Value) -> AuditEntry {
        AuditEntry {
            actor_id: Some(actor.id),
            action,
            object: Some(format!("space:{space}")),
            success: true,
            detail: Some(detail),
            ..Default::default()
        }
    }
}

impl Spaces<'_> {
    /// The space directory as the actor may see it.
    pub async fn list_spaces(&self, actor: &Actor, filter: &SpaceFilter, limit: u64) -> Result<Vec<SpaceListing>> {
        let scope = visibility(Some(actor)).spaces;
        let rows = self.store.list_spaces(&scope, filter, limit).await?;
        let ids: Vec<i64> = rows.iter().map(|(s, _)| s.id).collect();
        let images = self.store.image_versions(true, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|(space, members)| SpaceListing {
                role: actor.memberships.get(&space.id).copied(),
                image_version: images.get(&space.id).map(|t| t.timestamp()),
                space,
                members,
            })
            .collect())
    }

    /// How many spaces the directory holds for the actor and `filter`, on all its pages.
    pub async fn count_spaces(&self, actor: &Actor, filter: &SpaceFilter) -> Result<u64> {
        Ok(self.store.count_spaces(&visibility(Some(actor)).spaces, filter).await?)
    }

    /// A space's settings page: the space for one who may change its settings (404 when the policy
    /// hides it, 403 when it is visible but not theirs to manage).
    pub async fn read_space_settings(&self, actor: &Actor, id: i64) -> Result<SpaceView> {
        let view = self.read_space(actor, id).await?;
        if view.can.manage { Ok(view) } else { Err(Error::Forbidden) }
    }

    /// A space's page for the actor; 404 when the actor may not know it exists.
    pub async fn read_space(&self, actor: &Actor, id: i64) -> Result<SpaceView> {
        let page = self.store.space_page(id, actor.id).await?.ok_or(Error::NotFound)?;
        let f = facts(&page.space);
        check(authorize(Some(actor), Action::See, Target::Space(&f)))?;
        let may = |action| authorize(Some(actor), action, Target::Space(&f)).allowed();
        let can = SpaceAbilities {
            read: may(Action::Read),
            join: may(Action::Join),
            request: may(Action::RequestToJoin),
            post: may(Action::Post),
            manage: may(Action::Manage),
            manage_members: may(Action::ManageMembers),
            add_members: may(Action::AddMembers),
            invite_guests: may(Action::InviteGuests),
            write_news: plein_core::policy::may_write_space_news(actor, &f),
        };
        let requests = if can.manage_members { self.store.join_requests(id).await? } else { Vec::new() };
        let members = if can.read || can.manage_members { page.members } else { Vec::new() };
        let members = members
            .into_iter()
            .map(|m| {
                let changes = member_changes(actor, &f, m.user_id, m.role);
                let renewable = can.manage_members && m.kind == UserKind::Guest;
                MemberView { roles: changes.roles, removable: changes.removable, renewable, member: m }
            })
            .collect();
        Ok(SpaceView {
            notify: can.read.then(|| page.notify_level.unwrap_or(NotifyLevel::Normal)),
            role: actor.memberships.get(&id).copied(),
            requested: can.request && page.requested,
            members,
            requests,
            image_version: page.image_at.map(|t| t.timestamp()),
            pinned: if can.read { page.pinned } else { Vec::new() },
            follows: can.read && page.follows,
            space: page.space,
            can,
        })
    }

    /// A space's image (JPEG), for those who may see the space.
    pub async fn read_space_image(&self, actor: &Actor, id: i64) -> Result<ImageRow> {
        self.visible_space(actor, id).await?;
        self.store.image(ImageOwner::Space(id)).await?.ok_or(Error::NotFound)
    }

    /// Replaces a space's image with an upload, or removes it (`None`); owners and admins of the space.
    pub async fn set_space_image(&self, actor: &Actor, id: i64, upload: Option<Vec<u8>>) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        check(authorize(Some(actor), Action::Manage, Target::Space(&facts(&space))))?;
        let changed = match upload {
            Some(bytes) => {
                let jpeg = images::process(bytes).await?;
                self.store.set_image(ImageOwner::Space(id), "image/jpeg", jpeg).await?;
                "set"
            }
            None => {
                self.store.remove_image(ImageOwner::Space(id)).await?;
                "removed"
            }
        };
        self.store.audit(App::space_record(actor, "space.image", id, json!({ "image": changed }))).await?;
        Ok(())
    }

    /// Joins an open space.
    pub async fn join_space(&self, actor: &Actor, id: i64) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        check(authorize(Some(actor), Action::Join, Target::Space(&facts(&space))))?;
        let tx = self.store.begin().await?;
        tx.add_space_member(id, actor.id, SpaceRole::Member).await?;
        tx.audit(App::space_record(actor, "space.join", id, json!({}))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Asks to join a closed space.
    pub async fn request_to_join(&self, actor: &Actor, id: i64, message: &str) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        check(authorize(Some(actor), Action::RequestToJoin, Target::Space(&facts(&space))))?;
        let message = Description::parse(message).map_err(|error| Error::invalid("message", error))?;
        if self.store.add_join_request(id, actor.id, message.as_str()).await? {
            self.store.audit(App::space_record(actor, "space.request", id, json!({}))).await?;
            let managers: Vec<NewNotification> = self
                .store
                .space_members(id)
                .await?
                .into_iter()
                .filter(|m| m.role.manages())
                .map(|m| space_notice(m.user_id, NotificationKind::JoinRequest, actor.id, id))
                .collect();
            self.deliver(managers).await?;
        }
        Ok(())
    }

    /// Leaves a space; the last owner cannot.
    pub async fn leave_space(&self, actor: &Actor, id: i64) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        check(authorize(Some(actor), Action::Leave, Target::Space(&facts(&space))))?;
        let tx = self.store.begin().await?;
        if actor.memberships.get(&id) == Some(&SpaceRole::Owner) && tx.count_owners(id).await? <= 1 {
            return Err(Error::conflict("role", Code::LastOwner));
        }
        tx.remove_space_member(id, actor.id).await?;
        tx.audit(App::space_record(actor, "space.leave", id, json!({}))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a colleague to a space as a member: for its owners and admins, whatever the space's
    /// visibility (a secret space has no other way in). `who` is a username, an e-mail address or
    /// (part of) a name; a name that fits several colleagues asks which one was meant. Guests come in
    /// by invitation instead; a deactivated account is no colleague to add.
    pub async fn add_member(&self, actor: &Actor, id: i64, who: &str) -> Result<Addition> {
        self.may_add_members(actor, id).await?;
        let who = who.trim();
        if who.is_empty() {
            return Err(Error::invalid("person", FieldError::Required));
        }
        if let Some(user) = self.store.user_by_login(who).await? {
            return self.add_colleague(actor, id, Some(user)).await.map(|u| Addition::Added(Box::new(u)));
        }
        let filter = PeopleFilter { name: Some(who.to_owned()), ..PeopleFilter::default() };
        let members: Vec<i64> = self.store.space_members(id).await?.iter().map(|m| m.user_id).collect();
        let mut found: Vec<UserRow> = self
            .store
            .list_people(&filter, None, 50)
            .await?
            .into_iter()
            .filter(|u| u.kind == UserKind::Employee && !members.contains(&u.id))
            .take(CHOICES + 1)
            .collect();
        match found.len() {
            0 => Err(Error::invalid("person", Code::UnknownColleague)),
            1 => self.add_colleague(actor, id, found.pop()).await.map(|u| Addition::Added(Box::new(u))),
            n => {
                found.truncate(CHOICES);
                Ok(Addition::Choose { people: found, more: n > CHOICES })
            }
        }
    }

    /// Colleagues who could be added, for suggestions while typing: active employees not yet in
    /// the space whose name, username or e-mail address fits `typed` (at least two letters), at
    /// most [`CHOICES`]. Only for those who may add members; nothing is written, not even a refusal
    /// (each keystroke asks).
    pub async fn suggest_members(&self, actor: &Actor, id: i64, typed: &str) -> Result<Vec<UserRow>> {
        let space = self.visible_space(actor, id).await?;
        check(authorize(Some(actor), Action::AddMembers, Target::Space(&facts(&space))))?;
        let typed: String = typed.trim().chars().take(100).collect();
        if typed.chars().count() < 2 {
            return Ok(Vec::new());
        }
        let filter = PeopleFilter { name: Some(typed), ..PeopleFilter::default() };
        let members: Vec<i64> = self.store.space_members(id).await?.iter().map(|m| m.user_id).collect();
        Ok(self
            .store
            .list_people(&filter, None, 50)
            .await?
            .into_iter()
            .filter(|u| u.kind == UserKind::Employee && u.status == UserStatus::Active && !members.contains(&u.id))
            .take(CHOICES)
            .collect())
    }

    /// Adds the colleague with this id, chosen from those [`Spaces::add_member`] offered.
    pub async fn add_member_by_id(&self, actor: &Actor, id: i64, user_id: i64) -> Result<UserRow> {
        self.may_add_members(actor, id).await?;
        let user = self.store.user_by_id(user_id).await?;
        self.add_colleague(actor, id, user).await
    }

    async fn may_add_members(&self, actor: &Actor, id: i64) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        let decision = authorize(Some(actor), Action::AddMembers, Target::Space(&facts(&space)));
        check(self.judged(actor, "space.member_add", Some(format!("space:{id}")), decision).await)
    }

    /// Adds `user` (if an active employee, not yet a member) in one transaction, and tells them.
    async fn add_colleague(&self, actor: &Actor, id: i64, user: Option<UserRow>) -> Result<UserRow> {
        let user =
            user.filter(|u| u.status == UserStatus::Active).ok_or(Error::invalid("person", Code::UnknownColleague))?;
        if user.kind == UserKind::Guest {
            return Err(Error::invalid("person", Code::GuestNeedsInvitation));
        }
        let tx = self.store.begin().await?;
        if tx.memberships_of(user.id).await?.iter().any(|(s, _)| *s == id) {
            return Err(Error::conflict("person", Code::AlreadyMember));
        }
        tx.add_space_member(id, user.id, SpaceRole::Member).await?;
        tx.remove_join_request(id, user.id).await?;
        tx.audit(App::space_record(actor, "space.member_add", id, json!({ "user": user.id }))).await?;
        tx.commit().await?;
        self.deliver(vec![space_notice(user.id, NotificationKind::Added, actor.id, id)]).await?;
        Ok(user)
    }

    /// Approves or denies a request to join.
    pub async fn decide_request(&self, actor: &Actor, id: i64, user_id: i64, approve: bool) -> Result<()> {
        let space = self.visible_space(actor, id).await?;
        let action = if approve { "space.request_approve" } else { "space.request_deny" };
        let decision = authorize(Some(actor), Action::ManageMembers, Target::Space(&facts(&space)));
        check(self.judged(actor, action, Some(format!("space:{id}")), decision).await)?;
        let tx = self.store.begin().await?;
        if !tx.remove_join_request(id, user_id).await? {
            return Err(Error::NotFound);
        }
        if approve {
            tx.add_space_member(id, user_id, SpaceRole::Member).await?;
        }
        tx.audit(App::space_record(actor, action, id, json!({ "user": user_id }))).await?;
        tx.commit().await?;
        let kind = if approve { NotificationKind::JoinApproved } else { NotificationKind::JoinDeclined };
        self.deliver(vec![space_notice(user_id, kind, actor.id, id)]).await?;
        Ok(())
    }

    /// Gives a member another role, or removes them (`role` is `None`). A space keeps an owner.
    /// Removing someone is asked first (`confirmed`); a new role is not.
    pub async fn change_member(
        &self,
        actor: &Actor,
        id: i64,
        user_id: i64,
        role: Option<SpaceRole>,
        confirmed: Confirmation,
    ) -> Result<Outcome<()>> {
        let space = self.visible_space(actor, id).await?;
        let current = self
            .store
            .space_members(id)
            .await?
            .into_iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.role)
            .ok_or(Error::NotFound)?;
        let action = if role.is_some() { "space.member_role" } else { "space.member_remove" };
        let decision = authorize_member_change(actor, &facts(&space), current, role);
        check(self.judged(actor, action, Some(format!("space:{id}/user:{user_id}")), decision).await)?;
        if role.is_none() && confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        match role {
            Some(role) => tx.set_space_role(id, user_id, role).await?,
            None => {
                tx.remove_space_member(id, user_id).await?;
            }
        }
        if current == SpaceRole::Owner && role != Some(SpaceRole::Owner) && tx.count_owners(id).await? == 0 {
            return Err(Error::conflict("role", Code::LastOwner));
        }
        let detail = json!({ "user": user_id, "from": current.to_string(), "to": role.map(|r| r.to_string()) });
        tx.audit(App::space_record(actor, action, id, detail)).await?;
        tx.commit().await?;
        Ok(Outcome::Done(()))
    }

    /// Archives a space (read-only from then on) or opens it again.
    pub async fn set_space_archived(
        &self,
        actor: &Actor,
        id: i64,
        archived: bool,
        confirmed: Confirmation,
    ) -> Result<Outcome<()>> {
        let space = self.visible_space(actor, id).await?;
        let action = if archived { "space.archive" } else { "space.unarchive" };
        let decision = authorize(Some(actor), Action::Manage, Target::Space(&facts(&space)));
        check(self.judged(actor, action, Some(format!("space:{id}")), decision).await)?;
        // Archiving stops all work in the team: asked first. Bringing it back is not.
        if archived && confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        tx.set_space_archived(id, archived).await?;
        tx.audit(App::space_record(actor, action, id, json!({}))).await?;
        tx.commit().await?;
        Ok(Outcome::Done(()))
    }
}
