//! Content in its container: a post may be read by whoever may read its container, and is
//! reacted to, edited, removed, pinned, reported or hidden under the container's rules.

use super::{Action, Actor, Capability, Decision, SpaceFacts, SpaceRole, UserId, reads_space, sees_space};

/// Where a piece of content lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A space.
    Space(SpaceFacts),
    /// A person's profile (readable by every employee, never by guests).
    Profile(UserId),
}

/// What the policy knows about a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostFacts {
    /// Where it lives.
    pub container: Container,
    /// Who wrote it.
    pub author: UserId,
    /// Removed posts exist for nobody.
    pub deleted: bool,
    /// Hidden by a moderator: only its author and those who may moderate it still read it.
    pub hidden: bool,
}

impl PostFacts {
    /// A visible, live post in `container` by `author`.
    pub fn live(container: Container, author: UserId) -> PostFacts {
        PostFacts { container, author, deleted: false, hidden: false }
    }
}

/// Where an actor moderates: everywhere (`moderate`), or in the spaces they manage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModeratedSpaces {
    /// Every space and profile.
    All,
    /// These spaces (empty: nowhere).
    These(Vec<super::SpaceId>),
}

impl ModeratedSpaces {
    /// Whether the actor moderates nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, ModeratedSpaces::These(s) if s.is_empty())
    }
}

/// The spaces whose reports an actor sees; each report is still checked with `authorize`.
pub fn moderated_spaces(actor: &Actor) -> ModeratedSpaces {
    if actor.has(Capability::Moderate) {
        return ModeratedSpaces::All;
    }
    ModeratedSpaces::These(actor.memberships.iter().filter(|(_, r)| r.manages()).map(|(s, _)| *s).collect())
}

pub(super) fn post_action(actor: &Actor, action: Action, post: &PostFacts) -> Decision {
    let moderator = actor.has(Capability::Moderate);
    let (reads, writable, manages) = match post.container {
        Container::Space(space) => {
            if !sees_space(actor, &space) {
                return Decision::NotFound;
            }
            let role = actor.role_in(space.id);
            let reacts = role.is_some() || (actor.is_employee() && space.visibility == super::SpaceVisibility::Open);
            let manages = role.is_some_and(SpaceRole::manages) || actor.has(Capability::Admin);
            (reads_space(actor, &space), !space.archived && reacts, manages)
        }
        Container::Profile(_) => (actor.is_employee(), actor.is_employee(), false),
    };
    let own = post.author == actor.id;
    let moderates = manages || moderator;
    if !reads || post.deleted || (post.hidden && !own && !moderates) {
        return Decision::NotFound;
    }
    let live = !post.hidden;
    Decision::from_bool(match action {
        Action::See | Action::Read => true,
        Action::React => writable && live,
        Action::Edit => own && writable && live,
        Action::Delete => own || moderates,
        Action::Pin => matches!(post.container, Container::Space(_)) && manages && writable && live,
        Action::Report => !own && live,
        Action::Moderate => moderates,
        _ => false,
    })
}
