//! Who hears of a post, comment or like: the people it mentions, the followers of its place, the
//! people in its conversation. Each recipient is checked against the policy with the facts that
//! decide reading (kind and role in the one space), so nobody is told of what they may not read.

use std::collections::{BTreeSet, HashMap};

use plein_core::policy::{Action, Actor, Container, PersonFacts, PostFacts, Target, authorize};
use plein_core::space::NotifyLevel;
use plein_core::{Locale, UserKind};
use plein_store::notifications::{NewNotification, NotificationKind};
use plein_store::social::Recipient;
use plein_store::stream::{CommentOn, FollowTarget, PostRow};
use plein_store::{StoreError, now};

use crate::error::Result;
use crate::mail::OutgoingMail;
use crate::notifications::LiveEvent;
use crate::people::People;
use crate::{App, i18n};

/// The space of a container, if it is one.
pub(crate) fn space_of(f: &PostFacts) -> Option<i64> {
    match f.container {
        Container::Space(s) => Some(s.id),
        Container::Profile(_) => None,
    }
}

/// Whether `r` may read content with facts `f` now: an active account (a guest within their
/// dates) whom the policy lets read it.
pub(crate) fn may_hear(r: &Recipient, f: &PostFacts) -> bool {
    if crate::accounts::standing(r.status, r.kind, r.guest_expires_at).usable_at(now()).is_err() {
        return false;
    }
    let role = space_of(f).zip(r.role);
    authorize(Some(&Actor::reader(r.id, r.kind, role)), Action::Read, Target::Post(f)).allowed()
}

/// Where an `@` is being typed.
#[derive(Clone, Copy, Debug)]
pub enum MentionPlace {
    /// A new post in this space.
    Space(i64),
    /// A new post on the writer's own profile.
    Profile,
    /// A comment on this post.
    Post(i64),
    /// A comment on this news item.
    News(i64),
}

/// Whether `author` may see `r` (whom a mention links to): guests, for one, only co-members.
fn author_sees(author: &Actor, r: &Recipient, space: Option<i64>) -> bool {
    let kind = r.kind;
    let shared: BTreeSet<i64> = space.filter(|_| r.role.is_some()).into_iter().collect();
    let person = PersonFacts { id: r.id, kind, spaces: shared };
    authorize(Some(author), Action::See, Target::Person(&person)).allowed()
}

fn excerpt(text: &str, max: usize) -> String {
    let t: String = text.chars().take(max).collect();
    if t.chars().count() < text.chars().count() { format!("{t}…") } else { t }
}

impl App {
    /// The people `text` mentions whom `author` may see and who may read content with facts `f`:
    /// login name → (id, name) for the links, and the recipients themselves.
    pub(crate) async fn resolve_mentions(
        &self,
        author: &Actor,
        text: &str,
        f: &PostFacts,
    ) -> Result<(HashMap<String, (i64, String)>, Vec<Recipient>), StoreError> {
        let names = crate::markdown::mentioned_names(text);
        if names.is_empty() {
            return Ok((HashMap::new(), Vec::new()));
        }
        let space = space_of(f);
        let mut links = HashMap::new();
        let mut people = Vec::new();
        for r in self.store.recipients_by_username(&names, space).await? {
            if !author_sees(author, &r, space) || !may_hear(&r, f) {
                continue;
            }
            links.insert(r.username.to_lowercase(), (r.id, r.display_name.clone()));
            people.push(r);
        }
        Ok((links, people))
    }

    /// Stores notifications and tells the live listeners.
    pub(crate) async fn deliver(&self, rows: Vec<NewNotification>) -> Result<(), StoreError> {
        let mut counted = Vec::new();
        if !rows.is_empty() {
            let tx = self.store.begin().await?;
            counted = tx.notify(&rows).await?;
            tx.commit().await?;
        }
        self.tell(counted, None);
        Ok(())
    }

    /// After the notifications are stored: the live listeners hear of the new counts (and post).
    /// (Mails about them were enqueued in the same transaction.)
    pub(crate) fn tell(&self, counted: Vec<i64>, posted: Option<LiveEvent>) {
        self.emit(counted.into_iter().collect::<BTreeSet<_>>().into_iter().collect(), posted);
    }

    /// The mail telling `to` that `by` mentioned them, when they want one and the site has an address.
    fn mention_mail(&self, to: &Recipient, by: &str, text: &str, on: CommentOn) -> Option<OutgoingMail> {
        let base = self.site.base_url.as_deref()?;
        if !to.mail_mentions {
            return None;
        }
        let l = to.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let args = [("name", by), ("organisation", self.site.organisation.as_str())];
        let body = [
            i18n::t_text(l, "mail-mention-intro", &args),
            excerpt(text, 300),
            match on {
                CommentOn::Post(id) => format!("{base}/berichten/{id}"),
                CommentOn::News(id) => format!("{base}/nieuws/{id}"),
            },
            i18n::t_text(l, "mail-notification-settings", &[("url", &format!("{base}/meldingen#instellingen"))]),
        ]
        .join("\n\n");
        Some(OutgoingMail {
            to: to.email.clone(),
            subject: i18n::t_text(l, "mail-mention-subject", &args),
            body,
            about: Some(crate::mail::About::on(to.id, on)),
        })
    }

    /// The mails to the people `audience` mentions, about `text` by `by` in (a comment) `on` a
    /// post or news item.
    pub(crate) fn mention_mails(&self, audience: &Audience, by: &str, text: &str, on: CommentOn) -> Vec<OutgoingMail> {
        audience.mentioned.iter().filter_map(|r| self.mention_mail(r, by, text, on)).collect()
    }

    /// Who hears of a new post: those it mentions, and the followers of its place (and members
    /// who asked for every post), unless they muted the space. After an edit (`edited`), only the
    /// people it newly mentions.
    pub(crate) async fn post_audience(
        &self,
        author: &Actor,
        f: &PostFacts,
        mentioned: Vec<Recipient>,
        edited: bool,
    ) -> Result<Audience, StoreError> {
        let mut audience = Audience::mentioning(author.id, mentioned);
        if edited {
            // Followers heard of the post when it appeared.
            return Ok(audience);
        }
        let space = space_of(f);
        let followers = match space {
            Some(id) => {
                let mut ids = self.store.followers(FollowTarget::Space(id)).await?;
                ids.extend(self.store.space_listeners(id).await?);
                ids
            }
            None => self.store.followers(FollowTarget::Person(author.id)).await?,
        };
        let followers: Vec<i64> = followers.into_iter().filter(|id| !audience.has(*id)).collect();
        for r in self.store.recipients(&followers, space).await? {
            if r.level != Some(NotifyLevel::Mute) && may_hear(&r, f) {
                audience.add(r.id, NotificationKind::Post);
            }
        }
        Ok(audience)
    }

    /// Who hears of a new comment: those it mentions, the post's author, and the others in the
    /// conversation, unless they muted the space.
    pub(crate) async fn comment_audience(
        &self,
        author: &Actor,
        post: &PostRow,
        f: &PostFacts,
        mentioned: Vec<Recipient>,
    ) -> Result<Audience, StoreError> {
        let mut audience = Audience::mentioning(author.id, mentioned);
        let mut others: Vec<(i64, NotificationKind)> = vec![(post.author_id, NotificationKind::Comment)];
        let commenters = self.store.commenters(CommentOn::Post(post.id)).await?;
        for id in &commenters {
            others.push((*id, NotificationKind::Reply));
        }
        audience.conversation = Some(commenters);
        let ids: Vec<i64> = others.iter().map(|(id, _)| *id).filter(|id| !audience.has(*id)).collect();
        let people: HashMap<i64, Recipient> =
            self.store.recipients(&ids, space_of(f)).await?.into_iter().map(|r| (r.id, r)).collect();
        for (id, kind) in others {
            if people.get(&id).is_some_and(|r| r.level != Some(NotifyLevel::Mute) && may_hear(r, f)) {
                audience.add(id, kind);
            }
        }
        Ok(audience)
    }

    /// Whether user `id` may use their account and read a news item now.
    async fn may_read_news(&self, id: i64, f: &plein_core::policy::NewsFacts) -> Result<bool> {
        let Some(user) = self.store.user_by_id(id).await? else { return Ok(false) };
        if crate::accounts::may_log_in(&user, now()).is_err() {
            return Ok(false);
        }
        let reader = self.actor_for(user.id, user.kind, user.is_admin).await?;
        Ok(authorize(Some(&reader), Action::Read, Target::News(f)).allowed())
    }

    /// The people `text` mentions who may read news item `f` (and whom its author may see): the
    /// links for the text, and who they are.
    pub(crate) async fn resolve_news_mentions(
        &self,
        author: &Actor,
        text: &str,
        f: &plein_core::policy::NewsFacts,
    ) -> Result<(HashMap<String, (i64, String)>, Vec<Recipient>)> {
        let mut links = HashMap::new();
        let mut people = Vec::new();
        let names = crate::markdown::mentioned_names(text);
        for r in self.store.recipients_by_username(&names, None).await? {
            if author_sees(author, &r, None) && self.may_read_news(r.id, f).await? {
                links.insert(r.username.to_lowercase(), (r.id, r.display_name.clone()));
                people.push(r);
            }
        }
        Ok((links, people))
    }

    /// Who hears of a new comment on a news item: those it mentions, its editor, and the others
    /// who commented on it, each only if they may use their account and read the item now.
    pub(crate) async fn news_comment_audience(
        &self,
        author: &Actor,
        (news_id, editor): (i64, i64),
        f: &plein_core::policy::NewsFacts,
        mentioned: Vec<Recipient>,
    ) -> Result<Audience> {
        let mut audience = Audience::mentioning(author.id, mentioned);
        let commenters = self.store.commenters(CommentOn::News(news_id)).await?;
        let others = std::iter::once((editor, NotificationKind::Comment))
            .chain(commenters.iter().map(|id| (*id, NotificationKind::Reply)));
        for (id, kind) in others {
            if !audience.has(id) && self.may_read_news(id, f).await? {
                audience.add(id, kind);
            }
        }
        audience.conversation = Some(commenters);
        Ok(audience)
    }

    /// Who hears that `actor` likes a post or (with `comment`: id, author) a comment: its author.
    pub(crate) async fn like_audience(
        &self,
        actor: &Actor,
        f: &PostFacts,
        comment: Option<(i64, i64)>,
    ) -> Result<Audience, StoreError> {
        let mut audience = Audience::mentioning(actor.id, Vec::new());
        let owner = comment.map_or(f.author, |(_, author)| author);
        if owner != actor.id
            && let Some(r) = self.store.recipients(&[owner], space_of(f)).await?.pop()
            && r.level != Some(NotifyLevel::Mute)
            && may_hear(&r, f)
        {
            audience.add(owner, NotificationKind::Like);
        }
        Ok(audience)
    }
}

impl People<'_> {
    /// Suggestions for an `@` typed in a new post in a space or on the actor's profile, or in a
    /// comment on a post: (login name, name) of people who may read it.
    pub async fn suggest_mentions(
        &self,
        actor: &Actor,
        place: MentionPlace,
        prefix: &str,
    ) -> Result<Vec<(String, String)>> {
        let f = match place {
            MentionPlace::Space(id) => {
                let space = self.store.space_by_id(id).await?.ok_or(crate::Error::NotFound)?;
                let space = crate::spaces::facts(&space);
                // A space whose content one may not read answers like one that does not exist.
                if !authorize(Some(actor), Action::Read, Target::Space(&space)).allowed() {
                    return Err(crate::Error::NotFound);
                }
                PostFacts::live(Container::Space(space), actor.id)
            }
            MentionPlace::Profile => PostFacts::live(Container::Profile(actor.id), actor.id),
            MentionPlace::Post(id) => self.readable_post(actor, id).await?.1,
            MentionPlace::News(id) => {
                // Colleagues the writer may see, then those who may read the item.
                let (_, news) = self.news().readable_news(actor, id).await?;
                let colleagues = PostFacts::live(Container::Profile(actor.id), actor.id);
                let mut out = Vec::new();
                for r in self.list_mention_candidates(actor, &colleagues, prefix, 24).await? {
                    if out.len() < 8 && self.may_read_news(r.id, &news).await? {
                        out.push((r.username, r.display_name));
                    }
                }
                return Ok(out);
            }
        };
        Ok(self
            .list_mention_candidates(actor, &f, prefix, 8)
            .await?
            .into_iter()
            .map(|r| (r.username, r.display_name))
            .collect())
    }

    /// People the author may mention in a new post or comment in `place`, whose name starts with
    /// `prefix`, and who may read it: at most `limit`, members of the space first.
    pub async fn list_mention_candidates(
        &self,
        author: &Actor,
        f: &PostFacts,
        prefix: &str,
        limit: u64,
    ) -> Result<Vec<Recipient>, StoreError> {
        let prefix: String = prefix.trim().trim_start_matches('@').chars().take(64).collect();
        if prefix.is_empty() || !authorize(Some(author), Action::Read, Target::Post(f)).allowed() {
            return Ok(Vec::new());
        }
        // Beyond the space's members: every employee, when any employee may read it and the author
        // may see every employee (the policy says; each candidate is checked below all the same).
        let anyone = Actor::reader(0, UserKind::Employee, None);
        let employees = authorize(Some(&anyone), Action::Read, Target::Post(f)).allowed()
            && authorize(Some(author), Action::BrowsePeople, Target::Site).allowed();
        let rows = self.store.mention_candidates(&prefix, space_of(f), employees, limit * 2).await?;
        Ok(rows
            .into_iter()
            .filter(|r| r.id != author.id && may_hear(r, f) && author_sees(author, r, space_of(f)))
            .take(usize::try_from(limit).unwrap_or(10))
            .collect())
    }
}

/// Who hears of something, decided before it is stored (so that storing it and telling them is
/// one transaction): the people it mentions, then others with what they hear of it.
#[derive(Debug, Default)]
pub(crate) struct Audience {
    actor: i64,
    mentioned: Vec<Recipient>,
    told: Vec<(i64, NotificationKind)>,
    /// For a comment: the people who commented on the post before (read once, for "X and N others").
    pub(crate) conversation: Option<Vec<i64>>,
}

impl Audience {
    fn mentioning(actor: i64, mentioned: Vec<Recipient>) -> Audience {
        let mut audience = Audience { actor, mentioned: Vec::new(), told: Vec::new(), conversation: None };
        for r in mentioned {
            if !audience.has(r.id) {
                audience.told.push((r.id, NotificationKind::Mention));
                audience.mentioned.push(r);
            }
        }
        audience
    }

    fn has(&self, id: i64) -> bool {
        id == self.actor || self.told.iter().any(|(u, _)| *u == id)
    }

    fn add(&mut self, id: i64, kind: NotificationKind) {
        if !self.has(id) {
            self.told.push((id, kind));
        }
    }

    /// The notifications about post `post_id` (or its comment `comment_id`).
    pub(crate) fn notices(&self, post_id: i64, comment_id: Option<i64>) -> Vec<NewNotification> {
        self.notices_on(CommentOn::Post(post_id), comment_id)
    }

    /// The notifications about a post or news item (or its comment `comment_id`).
    pub(crate) fn notices_on(&self, on: CommentOn, comment_id: Option<i64>) -> Vec<NewNotification> {
        let (post_id, news_id) = match on {
            CommentOn::Post(id) => (Some(id), None),
            CommentOn::News(id) => (None, Some(id)),
        };
        self.told
            .iter()
            .map(|(user_id, kind)| NewNotification {
                user_id: *user_id,
                kind: *kind,
                actor_id: Some(self.actor),
                post_id,
                comment_id,
                space_id: None,
                news_id,
            })
            .collect()
    }
}
