//! News: items written by editors (holders of `publish_news`) for the whole organisation or
//! chosen groups, or by a space's managers for their space. A reader reads a published item when
//! they are in its audience; editors read every state of the items they manage. Read confirmation
//! is asked of the audience only: an editor who reads an item aimed at others cannot confirm it.

use chrono::{DateTime, Utc};

use super::{
    Action, Actor, Capability, Decision, GroupId, SpaceFacts, SpaceId, SpaceScope, UserId, reads_space, sees_space,
};

/// Who a news item is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewsAudience {
    /// Every employee (never guests).
    Everyone,
    /// The members of these groups, employees and guests alike.
    Groups(Vec<GroupId>),
    /// A space: its readers read it, its members are asked to confirm.
    Space(SpaceFacts),
}

/// Where a news item is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NewsState {
    /// Being written: only its editors see it.
    Draft,
    /// Published with a publish date still to come: only its editors see it until then.
    Scheduled,
    /// In the streams of its audience.
    Published,
    /// Past its end date: gone from the streams and the front page, still in the archive.
    Ended,
    /// Withdrawn: only its editors see it.
    Archived,
}

impl NewsState {
    /// The state of an item stored as `status` (`draft`, `published`, `archived`) with these
    /// dates, at `now`.
    pub fn at(
        status: NewsStatus,
        publish_at: Option<DateTime<Utc>>,
        ends_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> NewsState {
        match status {
            NewsStatus::Draft => NewsState::Draft,
            NewsStatus::Archived => NewsState::Archived,
            NewsStatus::Published => match (publish_at, ends_at) {
                (Some(p), _) if p > now => NewsState::Scheduled,
                (_, Some(e)) if e <= now => NewsState::Ended,
                _ => NewsState::Published,
            },
        }
    }

    /// Whether readers of the audience read it.
    pub fn public(self) -> bool {
        matches!(self, NewsState::Published | NewsState::Ended)
    }

    /// The name of the state in messages (`news-state-…`).
    pub fn as_str(self) -> &'static str {
        match self {
            NewsState::Draft => "draft",
            NewsState::Scheduled => "scheduled",
            NewsState::Published => "published",
            NewsState::Ended => "ended",
            NewsState::Archived => "archived",
        }
    }
}

/// A news item's stored status; scheduled and ended follow from the dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NewsStatus {
    /// Not published.
    Draft,
    /// Published (from its publish date until its end date).
    Published,
    /// Withdrawn.
    Archived,
}

impl NewsStatus {
    /// Every status.
    pub const ALL: [NewsStatus; 3] = [NewsStatus::Draft, NewsStatus::Published, NewsStatus::Archived];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            NewsStatus::Draft => "draft",
            NewsStatus::Published => "published",
            NewsStatus::Archived => "archived",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<NewsStatus> {
        NewsStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What the policy knows about a news item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsFacts {
    /// Who it is for.
    pub audience: NewsAudience,
    /// Where it is in its life.
    pub state: NewsState,
    /// Whether readers may comment and like.
    pub reactions: bool,
    /// Whether readers are asked to confirm they read it.
    pub confirmation: bool,
}

/// Whether `actor` edits news for the whole organisation, or for `space` (its managers).
fn edits(actor: &Actor, audience: &NewsAudience) -> bool {
    match audience {
        NewsAudience::Space(space) => {
            actor.role_in(space.id).is_some_and(super::SpaceRole::manages) || actor.has(Capability::Admin)
        }
        _ => actor.has(Capability::PublishNews),
    }
}

/// Whether `actor` is one of the people an item is for (and is asked to confirm it).
fn in_audience(actor: &Actor, audience: &NewsAudience) -> bool {
    match audience {
        NewsAudience::Everyone => actor.is_employee(),
        NewsAudience::Groups(groups) => groups.iter().any(|g| actor.groups.contains(g)),
        NewsAudience::Space(space) => actor.role_in(space.id).is_some(),
    }
}

/// Whether `actor` reads an item with this audience once it is public.
fn reads(actor: &Actor, audience: &NewsAudience) -> bool {
    match audience {
        NewsAudience::Space(space) => reads_space(actor, space),
        other => in_audience(actor, other),
    }
}

pub(super) fn news_action(actor: &Actor, action: Action, news: &NewsFacts) -> Decision {
    let editor = edits(actor, &news.audience);
    let readable = editor || (news.state.public() && reads(actor, &news.audience));
    if !readable {
        // Space news of a space one may know of, but not read, is still not found: the item is.
        return Decision::NotFound;
    }
    let live = news.state == NewsState::Published || news.state == NewsState::Ended;
    let archived_space = matches!(&news.audience, NewsAudience::Space(s) if s.archived);
    Decision::from_bool(match action {
        Action::See | Action::Read => true,
        Action::React => live && news.reactions && !archived_space && reads(actor, &news.audience),
        Action::Confirm => live && news.confirmation && in_audience(actor, &news.audience),
        Action::Edit | Action::Manage | Action::Delete => editor,
        _ => false,
    })
}

/// What the policy knows about a comment on a news item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewsCommentFacts<'a> {
    /// The item it is on.
    pub news: &'a NewsFacts,
    /// Who wrote it.
    pub author: UserId,
    /// Removed.
    pub deleted: bool,
    /// Hidden by a moderator.
    pub hidden: bool,
}

/// A comment is read by whoever reads its item; its author, the item's editors and moderators
/// remove it; replying and liking follow the item's reactions; any other reader reports it, and
/// the item's editors and moderators decide about the reports.
pub(super) fn news_comment_action(actor: &Actor, action: Action, comment: &NewsCommentFacts<'_>) -> Decision {
    let item = news_action(actor, Action::Read, comment.news);
    if item != Decision::Allow {
        return item;
    }
    let own = comment.author == actor.id;
    let removes = edits(actor, &comment.news.audience) || actor.has(Capability::Moderate);
    if comment.deleted || (comment.hidden && !own && !removes) {
        return Decision::NotFound;
    }
    Decision::from_bool(match action {
        Action::See | Action::Read => true,
        Action::React => !comment.hidden && news_action(actor, Action::React, comment.news).allowed(),
        Action::Delete => own || removes,
        Action::Report => !own && !comment.hidden,
        Action::Moderate => removes,
        _ => false,
    })
}

/// Whether `actor` may write news for `space` (its managers), as a space page offers it.
pub fn may_write_space_news(actor: &Actor, space: &SpaceFacts) -> bool {
    sees_space(actor, space) && !space.archived && edits(actor, &NewsAudience::Space(*space))
}

/// The news a listing may show an actor: the filter every news query applies (besides the
/// state: readers see public items, editors also the others they manage).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsScope {
    /// Site news for every employee.
    pub everyone: bool,
    /// Site news aimed at these groups (the actor's own).
    pub groups: Vec<GroupId>,
    /// Every site news item, in every state (editors with `publish_news`).
    pub all_site: bool,
    /// News of spaces whose content the actor reads.
    pub spaces: SpaceScope,
    /// Spaces whose news the actor manages, in every state.
    pub managed_spaces: Vec<SpaceId>,
    /// Every space's news, in every state (administrators).
    pub all_spaces: bool,
}

impl NewsScope {
    /// Whether an item falls in the scope (the same test the store's SQL makes).
    pub fn contains(&self, news: &NewsFacts) -> bool {
        let public = news.state.public();
        match &news.audience {
            NewsAudience::Everyone => self.all_site || (public && self.everyone),
            NewsAudience::Groups(groups) => self.all_site || (public && groups.iter().any(|g| self.groups.contains(g))),
            NewsAudience::Space(space) => {
                self.all_spaces || self.managed_spaces.contains(&space.id) || (public && self.spaces.contains(space))
            }
        }
    }
}

pub(super) fn news_scope(actor: &Actor, readable_spaces: SpaceScope) -> NewsScope {
    NewsScope {
        everyone: actor.is_employee(),
        groups: actor.groups.iter().copied().collect(),
        all_site: actor.has(Capability::PublishNews),
        spaces: readable_spaces,
        managed_spaces: actor.memberships.iter().filter(|(_, r)| r.manages()).map(|(s, _)| *s).collect(),
        all_spaces: actor.has(Capability::Admin),
    }
}
