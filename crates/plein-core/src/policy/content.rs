//! Content in its container: a post may be read by whoever may read its container, and is
//! reacted to, edited, removed or pinned under the container's rules.

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
    if !reads || post.deleted {
        return Decision::NotFound;
    }
    let own = post.author == actor.id;
    Decision::from_bool(match action {
        Action::See | Action::Read => true,
        Action::React => writable,
        Action::Edit => own && writable,
        Action::Delete => own || manages || moderator,
        Action::Pin => matches!(post.container, Container::Space(_)) && manages && writable,
        _ => false,
    })
}
