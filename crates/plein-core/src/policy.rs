//! The one authorization policy. Every page, API call, listing, search, notification and
//! download asks it: `authorize(actor, action, target)` for one thing, `visibility(actor)`
//! for the scope a listing must stay within. It is pure: the caller supplies the facts.
//!
//! A thing the actor may not see answers [`Decision::NotFound`] (never revealing that it
//! exists); a visible thing the actor may not change answers [`Decision::Forbidden`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::{UserKind, UserStatus};

mod content;
mod news;
pub use content::{Container, ModeratedSpaces, PostFacts, moderated_spaces};
pub use news::{NewsAudience, NewsCommentFacts, NewsFacts, NewsScope, NewsState, NewsStatus, may_write_space_news};

/// A user's id.
pub type UserId = i64;
/// A space's id.
pub type SpaceId = i64;
/// A group's id.
pub type GroupId = i64;

/// What a group can grant its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    /// Everything, including changing capabilities.
    Admin,
    /// Create, edit and deactivate users.
    ManageUsers,
    /// Create, edit and delete groups and their members (not their capabilities).
    ManageGroups,
    /// Create spaces.
    CreateSpaces,
    /// Publish news.
    PublishNews,
    /// Edit content pages and the knowledge base.
    ManagePages,
    /// Hide and remove reported content anywhere.
    Moderate,
    /// Work the helpdesk queue.
    Helpdesk,
    /// Read the audit log.
    ViewAuditLog,
}

impl Capability {
    /// Every capability, in a fixed order.
    pub const ALL: [Capability; 9] = [
        Capability::Admin,
        Capability::ManageUsers,
        Capability::ManageGroups,
        Capability::CreateSpaces,
        Capability::PublishNews,
        Capability::ManagePages,
        Capability::Moderate,
        Capability::Helpdesk,
        Capability::ViewAuditLog,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Admin => "admin",
            Capability::ManageUsers => "manage_users",
            Capability::ManageGroups => "manage_groups",
            Capability::CreateSpaces => "create_spaces",
            Capability::PublishNews => "publish_news",
            Capability::ManagePages => "manage_pages",
            Capability::Moderate => "moderate",
            Capability::Helpdesk => "helpdesk",
            Capability::ViewAuditLog => "view_audit_log",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who may find a space and read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpaceVisibility {
    /// Every employee reads it and may join.
    Open,
    /// Listed to employees; content for members; joining by request.
    Closed,
    /// Invisible to non-members.
    Secret,
}

impl SpaceVisibility {
    /// Every visibility.
    pub const ALL: [SpaceVisibility; 3] = [SpaceVisibility::Open, SpaceVisibility::Closed, SpaceVisibility::Secret];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceVisibility::Open => "open",
            SpaceVisibility::Closed => "closed",
            SpaceVisibility::Secret => "secret",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<SpaceVisibility> {
        SpaceVisibility::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A member's role in a space, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpaceRole {
    /// Owns the space; a space always keeps at least one.
    Owner,
    /// Manages the space and its members.
    Admin,
    /// Takes part.
    Member,
    /// An external guest who takes part.
    Guest,
}

impl SpaceRole {
    /// Every role.
    pub const ALL: [SpaceRole; 4] = [SpaceRole::Owner, SpaceRole::Admin, SpaceRole::Member, SpaceRole::Guest];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceRole::Owner => "owner",
            SpaceRole::Admin => "admin",
            SpaceRole::Member => "member",
            SpaceRole::Guest => "guest",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<SpaceRole> {
        SpaceRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role manages the space.
    pub fn manages(self) -> bool {
        matches!(self, SpaceRole::Owner | SpaceRole::Admin)
    }
}

impl std::fmt::Display for Capability {
    /// The stored form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for SpaceVisibility {
    /// The stored form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for SpaceRole {
    /// The stored form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The person asking, with everything the policy needs to know about them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Their id.
    pub id: UserId,
    /// Employee or guest.
    pub kind: UserKind,
    /// Capabilities from their groups (ignored for guests).
    pub capabilities: BTreeSet<Capability>,
    /// Their spaces and roles.
    pub memberships: BTreeMap<SpaceId, SpaceRole>,
    /// Their groups (audiences of site content).
    pub groups: BTreeSet<GroupId>,
}

impl Actor {
    /// Whether the actor holds `cap` (directly, or through `admin`). Guests hold nothing.
    pub fn has(&self, cap: Capability) -> bool {
        self.kind == UserKind::Employee
            && (self.capabilities.contains(&cap) || self.capabilities.contains(&Capability::Admin))
    }

    /// An actor with only the facts that decide whether they may read content in a container:
    /// their kind and their role in that one space (`None` for a profile, or when not a member).
    /// Recipients of mentions and notifications are checked with this, without loading all of
    /// their facts; a property test holds it to `authorize` with every fact present.
    pub fn reader(id: UserId, kind: UserKind, space: Option<(SpaceId, SpaceRole)>) -> Actor {
        Actor {
            id,
            kind,
            capabilities: BTreeSet::new(),
            memberships: space.into_iter().collect(),
            groups: BTreeSet::new(),
        }
    }

    pub(crate) fn role_in(&self, space: SpaceId) -> Option<SpaceRole> {
        self.memberships.get(&space).copied()
    }

    pub(crate) fn is_employee(&self) -> bool {
        self.kind == UserKind::Employee
    }
}

/// What the policy knows about a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaceFacts {
    /// Its id.
    pub id: SpaceId,
    /// Open, closed or secret.
    pub visibility: SpaceVisibility,
    /// Archived spaces are read-only.
    pub archived: bool,
    /// Whether owners may invite external guests.
    pub allows_guests: bool,
    /// An announcement space: only its owners and admins post (everyone who reads may react).
    pub admins_post: bool,
}

/// What the policy knows about a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonFacts {
    /// Their id.
    pub id: UserId,
    /// Employee or guest.
    pub kind: UserKind,
    /// The spaces they belong to.
    pub spaces: BTreeSet<SpaceId>,
}

/// What is being done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Know that it exists (a directory entry, a name, a page header).
    See,
    /// Read its content.
    Read,
    /// Join an open space.
    Join,
    /// Ask to join a closed space.
    RequestToJoin,
    /// Leave a space one belongs to.
    Leave,
    /// Post in a space, or on one's own profile.
    Post,
    /// Comment on or like a post.
    React,
    /// Change a post's text (its author).
    Edit,
    /// Remove a post (its author, the space's managers, moderators).
    Delete,
    /// Pin a post to the top of its space.
    Pin,
    /// Report a post or comment to its moderators.
    Report,
    /// Hide or remove someone else's post or comment, and see the reports about it (on the
    /// site: have a moderation queue at all).
    Moderate,
    /// Change a space's settings, archive it.
    Manage,
    /// Approve requests, remove members, change roles.
    ManageMembers,
    /// Add colleagues (employees) to a space as members, whatever its visibility.
    AddMembers,
    /// Invite external guests by e-mail.
    InviteGuests,
    /// Create a space.
    CreateSpace,
    /// Browse the people directory.
    BrowsePeople,
    /// Create, edit and deactivate users.
    ManageUsers,
    /// Create, edit and delete groups and their members.
    ManageGroups,
    /// Change what groups may do.
    ChangeCapabilities,
    /// Read the audit log.
    ViewAuditLog,
    /// See the job queue's failed and waiting jobs, and retry them.
    ManageJobs,
    /// Write news for the whole organisation or chosen groups.
    PublishNews,
    /// Confirm having read a news item that asks for it ("gelezen en begrepen").
    Confirm,
    /// Change the intranet's name, logo and colours.
    Brand,
}

/// What is being acted on.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// The site as a whole (directories, administration).
    Site,
    /// A space.
    Space(&'a SpaceFacts),
    /// A person's profile.
    Person(&'a PersonFacts),
    /// A post, in its container.
    Post(&'a PostFacts),
    /// A news item, with its audience.
    News(&'a NewsFacts),
    /// A comment on a news item.
    NewsComment(&'a NewsCommentFacts<'a>),
}

/// The policy's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Say it does not exist (the actor may not know it does).
    NotFound,
    /// It exists, but the actor may not do this.
    Forbidden,
}

impl Decision {
    /// Whether the answer is [`Decision::Allow`].
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }

    /// The decision as a result: `Ok` when allowed, else the caller's "not found" or "forbidden" error.
    pub fn or<E>(self, not_found: E, forbidden: E) -> Result<(), E> {
        match self {
            Decision::Allow => Ok(()),
            Decision::NotFound => Err(not_found),
            Decision::Forbidden => Err(forbidden),
        }
    }

    pub(crate) fn from_bool(ok: bool) -> Decision {
        if ok { Decision::Allow } else { Decision::Forbidden }
    }
}

/// Whether `actor` may do `action` to `target`. No actor means a visitor who is not logged in.
pub fn authorize(actor: Option<&Actor>, action: Action, target: Target<'_>) -> Decision {
    let Some(actor) = actor else {
        return Decision::NotFound;
    };
    match target {
        Target::Site => site(actor, action),
        Target::Space(space) => space_action(actor, action, space),
        Target::Person(person) => person_action(actor, action, person),
        Target::Post(post) => content::post_action(actor, action, post),
        Target::News(news) => news::news_action(actor, action, news),
        Target::NewsComment(comment) => news::news_comment_action(actor, action, comment),
    }
}

fn site(actor: &Actor, action: Action) -> Decision {
    let need = |cap| if actor.has(cap) { Decision::Allow } else { Decision::NotFound };
    match action {
        Action::See | Action::Read => Decision::Allow,
        Action::CreateSpace => {
            if actor.is_employee() {
                Decision::from_bool(actor.has(Capability::CreateSpaces))
            } else {
                Decision::NotFound
            }
        }
        Action::BrowsePeople => {
            if actor.is_employee() {
                Decision::Allow
            } else {
                Decision::NotFound
            }
        }
        Action::ManageUsers => need(Capability::ManageUsers),
        Action::ManageGroups => need(Capability::ManageGroups),
        Action::ChangeCapabilities => need(Capability::Admin),
        Action::ViewAuditLog => need(Capability::ViewAuditLog),
        Action::ManageJobs | Action::Brand => need(Capability::Admin),
        Action::PublishNews => need(Capability::PublishNews),
        // The moderation queue: moderators, whoever manages a space, and news editors (for the
        // comments on site news).
        Action::Moderate if moderated_spaces(actor).is_empty() && !actor.has(Capability::PublishNews) => {
            Decision::NotFound
        }
        Action::Moderate => Decision::Allow,
        _ => Decision::NotFound,
    }
}

/// Whether the actor may know the space exists.
pub(crate) fn sees_space(actor: &Actor, space: &SpaceFacts) -> bool {
    actor.role_in(space.id).is_some()
        || actor.has(Capability::Admin)
        || (actor.is_employee() && space.visibility != SpaceVisibility::Secret)
}

/// Whether the actor may read the space's content.
pub(crate) fn reads_space(actor: &Actor, space: &SpaceFacts) -> bool {
    actor.role_in(space.id).is_some() || (actor.is_employee() && space.visibility == SpaceVisibility::Open)
}

fn space_action(actor: &Actor, action: Action, space: &SpaceFacts) -> Decision {
    if !sees_space(actor, space) {
        return Decision::NotFound;
    }
    let role = actor.role_in(space.id);
    let manages = role.is_some_and(SpaceRole::manages) || actor.has(Capability::Admin);
    let open_for_changes = !space.archived;
    let ok = match action {
        Action::See => true,
        Action::Read => reads_space(actor, space),
        Action::Join => {
            open_for_changes && role.is_none() && actor.is_employee() && space.visibility == SpaceVisibility::Open
        }
        Action::RequestToJoin => {
            open_for_changes && role.is_none() && actor.is_employee() && space.visibility == SpaceVisibility::Closed
        }
        Action::Leave => role.is_some(),
        Action::Post => open_for_changes && role.is_some() && (manages || !space.admins_post),
        Action::Manage | Action::ManageMembers => manages,
        Action::AddMembers => open_for_changes && manages,
        Action::InviteGuests => open_for_changes && manages && space.allows_guests,
        _ => false,
    };
    // Content of a space one may see but not read is a closed door, not a missing page.
    Decision::from_bool(ok)
}

/// Whether `actor` may give a member of `space` who now has role `current` the role `new`,
/// or remove them (`new` is `None`). Owners and site administrators manage everyone; space
/// administrators manage members and guests but never touch owners or make new ones; guests stay
/// guests and employees never become guests.
pub fn authorize_member_change(
    actor: &Actor,
    space: &SpaceFacts,
    current: SpaceRole,
    new: Option<SpaceRole>,
) -> Decision {
    match authorize(Some(actor), Action::ManageMembers, Target::Space(space)) {
        Decision::Allow => {}
        other => return other,
    }
    let full = actor.role_in(space.id) == Some(SpaceRole::Owner) || actor.has(Capability::Admin);
    let touches_owner = current == SpaceRole::Owner || new == Some(SpaceRole::Owner);
    let crosses_kind = new.is_some_and(|n| (n == SpaceRole::Guest) != (current == SpaceRole::Guest));
    Decision::from_bool((full || !touches_owner) && !crosses_kind)
}

/// An account as the rule about using it sees it: whether it may log in, keep a session, or hear
/// of content. The one place that says when an account is usable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountStanding {
    /// Active or deactivated.
    pub status: UserStatus,
    /// Employee or guest.
    pub kind: UserKind,
    /// When a guest's access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
}

/// Why an account may not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// It was deactivated.
    Deactivated,
    /// A guest whose access ended (or never got an end date).
    GuestExpired,
}

impl Unusable {
    /// The reason as the audit log records it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unusable::Deactivated => "account deactivated",
            Unusable::GuestExpired => "guest access expired",
        }
    }
}

impl AccountStanding {
    /// Until when the account may be used: the end of a guest's access, or no end; or why it may
    /// not be used at all.
    pub fn usable_until(&self) -> Result<DateTime<Utc>, Unusable> {
        if self.status != UserStatus::Active {
            return Err(Unusable::Deactivated);
        }
        match self.kind {
            UserKind::Guest => self.guest_expires_at.ok_or(Unusable::GuestExpired),
            UserKind::Employee => Ok(DateTime::<Utc>::MAX_UTC),
        }
    }

    /// Whether the account may be used at `at`: active, and for a guest, before their access ends.
    pub fn usable_at(&self, at: DateTime<Utc>) -> Result<(), Unusable> {
        match self.usable_until()? {
            until if until <= at => Err(Unusable::GuestExpired),
            _ => Ok(()),
        }
    }
}

/// What `actor` may do to one member of `space` (`member`, whose role is `current`), as the
/// members list offers it: the roles they may choose between (the current one among them; empty
/// when there is no choice) and whether they may remove the member. Nobody changes their own
/// membership here: one leaves a space instead.
pub fn member_changes(actor: &Actor, space: &SpaceFacts, member: i64, current: SpaceRole) -> MemberChanges {
    if member == actor.id {
        return MemberChanges::default();
    }
    let may = |new| authorize_member_change(actor, space, current, new).allowed();
    let roles: Vec<SpaceRole> = [SpaceRole::Owner, SpaceRole::Admin, SpaceRole::Member]
        .into_iter()
        .filter(|r| current != SpaceRole::Guest && (*r == current || may(Some(*r))))
        .collect();
    MemberChanges { roles: if roles.len() > 1 { roles } else { Vec::new() }, removable: may(None) }
}

/// What one may change about a member: see [`member_changes`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberChanges {
    /// The roles to choose between, the current one among them; empty when there is no choice.
    pub roles: Vec<SpaceRole>,
    /// Whether the member may be removed.
    pub removable: bool,
}

/// Whether `actor` may change a group that grants `grants`: its name, members, or existence.
/// It takes `manage_groups` and holding every capability the group grants, so nobody hands out
/// (to others or to themselves) more than they hold. Changing what a group grants takes `admin`.
pub fn authorize_group_change(actor: &Actor, grants: &BTreeSet<Capability>) -> Decision {
    if !actor.has(Capability::ManageGroups) {
        return Decision::NotFound;
    }
    Decision::from_bool(grants.iter().all(|c| actor.has(*c)))
}

/// Whether `actor` may put a person in a group that grants `grants`, or take them out of it.
/// Every way in asks this one question: the group's page, a user import, and later directory
/// sync and SCIM. It takes managing groups or users, and holding every capability the group
/// grants: nobody puts anyone (a colleague, a new account, themselves) where they would hold
/// more than the one placing them.
pub fn authorize_group_membership(actor: &Actor, grants: &BTreeSet<Capability>) -> Decision {
    if !(actor.has(Capability::ManageGroups) || actor.has(Capability::ManageUsers)) {
        return Decision::NotFound;
    }
    Decision::from_bool(grants.iter().all(|c| actor.has(*c)))
}

/// What a user manager changes about an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserChange {
    /// Name and e-mail address (the address is where password links go).
    Edit,
    /// Deactivate or reactivate.
    SetStatus,
}

/// Whether `actor` may make `change` to the account `user_id`, whose owner holds
/// `their_capabilities`. It takes `manage_users`, and holding everything they hold: a user manager
/// cannot lock out an administrator or redirect their mail. Nobody deactivates themselves.
pub fn authorize_user_change(
    actor: &Actor,
    user_id: i64,
    their_capabilities: &BTreeSet<Capability>,
    change: UserChange,
) -> Decision {
    if !actor.has(Capability::ManageUsers) {
        return Decision::NotFound;
    }
    if change == UserChange::SetStatus && user_id == actor.id {
        return Decision::Forbidden;
    }
    Decision::from_bool(their_capabilities.iter().all(|c| actor.has(*c)))
}

fn person_action(actor: &Actor, action: Action, person: &PersonFacts) -> Decision {
    let sees =
        actor.id == person.id || actor.is_employee() || person.spaces.iter().any(|s| actor.memberships.contains_key(s));
    if !sees {
        return Decision::NotFound;
    }
    match action {
        Action::See | Action::Read => Decision::Allow,
        Action::Manage => Decision::from_bool(actor.id == person.id || actor.has(Capability::ManageUsers)),
        // Only on one's own profile, and guests have no profile stream.
        Action::Post => Decision::from_bool(actor.id == person.id && actor.is_employee()),
        _ => Decision::Forbidden,
    }
}

/// The spaces a listing may show an actor: the filter every space query applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceScope {
    /// Every space, whatever its visibility (administrators).
    pub all: bool,
    /// Spaces of these visibilities, member or not.
    pub visibilities: Vec<SpaceVisibility>,
    /// Spaces the actor belongs to, whatever their visibility.
    pub member_of: Vec<SpaceId>,
}

impl SpaceScope {
    /// A scope that contains nothing.
    pub fn none() -> SpaceScope {
        SpaceScope { all: false, visibilities: Vec::new(), member_of: Vec::new() }
    }

    /// Whether a space falls in the scope (the same test the store's SQL makes).
    pub fn contains(&self, space: &SpaceFacts) -> bool {
        self.all || self.visibilities.contains(&space.visibility) || self.member_of.contains(&space.id)
    }
}

/// The scope of everything an actor may see, for listings, counts and search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Spaces the actor may know exist.
    pub spaces: SpaceScope,
    /// Spaces whose content the actor may read.
    pub readable_spaces: SpaceScope,
    /// Whether the actor may see every employee's profile (not only co-members').
    pub all_people: bool,
    /// Whether the actor may read posts on profiles (employees; guests never).
    pub profile_posts: bool,
    /// The news the actor may read (and, as an editor, manage).
    pub news: NewsScope,
}

/// What `actor` may see, as filters for listings.
pub fn visibility(actor: Option<&Actor>) -> Scope {
    let Some(actor) = actor else {
        return Scope {
            spaces: SpaceScope::none(),
            readable_spaces: SpaceScope::none(),
            all_people: false,
            profile_posts: false,
            news: NewsScope {
                everyone: false,
                groups: Vec::new(),
                all_site: false,
                spaces: SpaceScope::none(),
                managed_spaces: Vec::new(),
                all_spaces: false,
            },
        };
    };
    let member_of: Vec<SpaceId> = actor.memberships.keys().copied().collect();
    let employee = actor.is_employee();
    let when_employee = |v: &[SpaceVisibility]| if employee { v.to_vec() } else { Vec::new() };
    let readable =
        SpaceScope { all: false, visibilities: when_employee(&[SpaceVisibility::Open]), member_of: member_of.clone() };
    Scope {
        spaces: SpaceScope {
            all: actor.has(Capability::Admin),
            visibilities: when_employee(&[SpaceVisibility::Open, SpaceVisibility::Closed]),
            member_of: member_of.clone(),
        },
        readable_spaces: readable.clone(),
        all_people: employee,
        profile_posts: employee,
        news: news::news_scope(actor, readable),
    }
}

#[cfg(test)]
mod tests;
