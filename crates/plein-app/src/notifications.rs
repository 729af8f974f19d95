//! Notifications as their recipient reads them: in the app (checked against the policy again when
//! shown, since access may have changed), live over server-sent events, and in a daily digest.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use plein_core::Locale;
use plein_core::policy::{Action, Actor, Container, PostFacts, SpaceFacts, Target, authorize};
use plein_store::notifications::{NotificationItem, NotificationKind};
use plein_store::now;

use crate::error::Result;
use crate::{App, i18n};

crate::capability!(
    /// Notifications: the list, unread counts, mail choices, digests and the live stream.
    Notifications,
    notifications
);

/// Notifications on one page.
pub const PAGE_SIZE: u64 = 30;

/// What happened, for those listening live. Each listener passes it through the policy.
#[derive(Clone, Debug)]
pub enum LiveEvent {
    /// This person's unread count changed.
    Unread(i64),
    /// A post appeared.
    Posted {
        /// Its id.
        id: i64,
        /// What the policy needs.
        facts: PostFacts,
        /// Who wrote it.
        author: i64,
    },
    /// Sessions of this person ended (logout, deactivation, a new password, …), here or on any
    /// node or process on the same database: each of their streams checks that its own session
    /// still stands.
    SessionsEnded(i64),
    /// The server is stopping: listeners end their streams.
    Closing,
}

/// What a live listener is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveMessage {
    /// The unread count is now this.
    Unread(i64),
    /// A post for the listener's home stream appeared.
    NewPost(i64),
}

/// Where a listener's home stream comes from, for telling them of new posts.
#[derive(Clone, Debug, Default)]
pub struct Interest {
    spaces: BTreeSet<i64>,
    people: BTreeSet<i64>,
}

/// A notification as its recipient sees it.
#[derive(Clone, Debug)]
pub struct NotificationView {
    /// Its id.
    pub id: i64,
    /// What happened.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor_id: Option<i64>,
    /// Who did it, by name.
    pub actor_name: String,
    /// How many others did the same.
    pub others: i64,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Whether it was read.
    pub read: bool,
    /// Where it leads.
    pub link: String,
    /// The start of the text it is about.
    pub excerpt: Option<String>,
    /// The space it happened in.
    pub space_name: Option<String>,
    /// Why a moderator hid the recipient's post.
    pub reason: Option<String>,
}

/// One page of notifications.
#[derive(Clone, Debug, Default)]
pub struct NotificationPage {
    /// Newest first.
    pub items: Vec<NotificationView>,
    /// Where the next page starts.
    pub next: Option<i64>,
    /// The unread count, when reading this page changed it.
    pub unread: Option<i64>,
}

fn space_facts(n: &NotificationItem) -> Option<SpaceFacts> {
    Some(crate::spaces::joined_facts(
        n.space_id?,
        n.space_visibility,
        n.space_archived_at.is_some(),
        n.space_allows_guests,
        n.space_admins_post,
    ))
}

/// What the policy needs about the news item a notification is about.
fn news_facts(n: &NotificationItem) -> Option<plein_core::policy::NewsFacts> {
    use plein_core::policy::{NewsAudience, NewsFacts, NewsState};
    let audience = match (n.news_audience.as_deref()?, n.space_id) {
        ("everyone", _) => NewsAudience::Everyone,
        ("groups", _) => NewsAudience::Groups(n.news_groups.clone().unwrap_or_default()),
        (_, Some(_)) => NewsAudience::Space(space_facts(n)?),
        _ => return None,
    };
    Some(NewsFacts {
        audience,
        state: NewsState::at(n.news_status?, n.news_publish_at, n.news_ends_at, plein_store::now()),
        reactions: false,
        confirmation: n.news_confirmation.unwrap_or(false),
    })
}

/// Whether `actor` may read what a notification is about, now.
fn readable(actor: &Actor, n: &NotificationItem) -> bool {
    if n.news_id.is_some() {
        return news_facts(n).is_some_and(|f| authorize(Some(actor), Action::Read, Target::News(&f)).allowed())
            && (n.comment_id.is_none() || n.comment_gone_at.is_none());
    }
    match (n.post_id, n.post_author_id) {
        (Some(_), Some(author)) => {
            let container = match (space_facts(n), n.post_profile_id) {
                (Some(space), _) => Container::Space(space),
                (None, Some(profile)) => Container::Profile(profile),
                (None, None) => return false,
            };
            let f = PostFacts {
                container,
                author,
                deleted: n.post_deleted_at.is_some(),
                hidden: n.post_hidden_at.is_some(),
            };
            authorize(Some(actor), Action::Read, Target::Post(&f)).allowed()
                && (n.comment_id.is_none() || n.comment_gone_at.is_none())
        }
        (Some(_), None) => false,
        (None, _) => space_facts(n).is_some_and(|s| authorize(Some(actor), Action::See, Target::Space(&s)).allowed()),
    }
}

fn view(n: NotificationItem) -> NotificationView {
    let link = match (n.post_id, n.comment_id, n.space_id) {
        (_, Some(comment), _) if n.news_id.is_some() => {
            format!("/nieuws/{}#reactie-{comment}", n.news_id.unwrap_or_default())
        }
        _ if n.news_id.is_some() => format!("/nieuws/{}", n.news_id.unwrap_or_default()),
        (Some(post), Some(comment), _) => format!("/berichten/{post}#reactie-{comment}"),
        (Some(post), None, _) => format!("/berichten/{post}"),
        (None, _, Some(space)) if n.kind == NotificationKind::JoinRequest => format!("/teams/{space}/leden"),
        (None, _, Some(space)) => format!("/teams/{space}"),
        _ => "/meldingen".into(),
    };
    NotificationView {
        id: n.id,
        read: n.read_at.is_some(),
        actor_id: n.actor_id,
        actor_name: n.actor_name.unwrap_or_default(),
        others: n.others,
        created_at: n.created_at,
        link,
        excerpt: n.news_title.or(n.excerpt),
        space_name: n.space_name,
        reason: if n.kind == NotificationKind::Hidden { n.post_hidden_reason } else { None },
        kind: n.kind,
    }
}

impl App {
    /// Sends one person's digest (a job of the queue; `key` names its mail): each item is checked
    /// against their rights now. The items count as mailed, and the digest as sent, once the mail
    /// is out; a failure leaves them for the job's next attempt.
    pub(crate) async fn send_digest(&self, user_id: i64, key: &str) -> Result<()> {
        let Some(base) = self.site.base_url.clone() else {
            return Ok(());
        };
        let Some(user) = self.store.user_by_id(user_id).await? else { return Ok(()) };
        if crate::accounts::may_log_in(&user, now()).is_err() {
            return Ok(());
        }
        let actor = self.actor_for(user.id, user.kind, user.is_admin).await?;
        let items = self.store.unmailed_notifications(user_id, 50).await?;
        let ids: Vec<i64> = items.iter().map(|n| n.id).collect();
        let l = user.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let lines: Vec<String> = items
            .into_iter()
            .filter(|n| readable(&actor, n))
            .map(view)
            .map(|v| format!("- {}\n  {base}{}", notification_text(l, &v), v.link))
            .collect();
        if !lines.is_empty() {
            let args = [("organisation", self.site.organisation.as_str()), ("name", user.display_name.as_str())];
            let body = [
                i18n::t_text(l, "mail-digest-intro", &args),
                lines.join("\n"),
                i18n::t_text(l, "mail-notification-settings", &[("url", &format!("{base}/meldingen#instellingen"))]),
            ]
            .join("\n\n");
            let subject = i18n::t_text(l, "mail-digest-subject", &args);
            self.mailer
                .send(&user.email, &subject, body, key)
                .await
                .map_err(|e| crate::Failure::Mail(e.to_string()))?;
        }
        let tx = self.store.begin().await?;
        tx.set_digest_sent(user_id, now()).await?;
        tx.mark_mailed(&ids).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Notifications<'_> {
    /// The actor's notifications older than `before`, newest first. Any whose subject the actor
    /// may no longer read are left out (and counted read).
    pub async fn list_notifications(&self, actor: &Actor, before: Option<i64>) -> Result<NotificationPage> {
        let rows = self.store.notifications_of(actor.id, before, PAGE_SIZE + 1).await?;
        let more = rows.len() as u64 > PAGE_SIZE;
        let rows: Vec<NotificationItem> = rows.into_iter().take(PAGE_SIZE as usize).collect();
        let next = if more { rows.last().map(|n| n.id) } else { None };
        let mut gone = Vec::new();
        let mut items = Vec::new();
        for n in rows {
            if readable(actor, &n) {
                items.push(view(n));
            } else if n.read_at.is_none() {
                gone.push(n.id);
            }
        }
        let mut unread = None;
        if !gone.is_empty() {
            unread = Some(self.store.mark_read(actor.id, Some(&gone)).await?);
            self.emit(vec![actor.id], None);
        }
        Ok(NotificationPage { items, next, unread })
    }

    /// Marks notifications read (these, or all); returns the unread count left.
    pub async fn mark_notifications_read(&self, actor: &Actor, ids: Option<&[i64]>) -> Result<i64> {
        let left = self.store.mark_read(actor.id, ids).await?;
        self.emit(vec![actor.id], None);
        Ok(left)
    }

    /// A person's unread count.
    pub async fn count_unread(&self, user_id: i64) -> Result<i64> {
        Ok(self.store.user_by_id(user_id).await?.map_or(0, |u| i64::from(u.unread_notifications)))
    }

    /// A person's e-mail choices: (mail when mentioned, daily digest).
    pub async fn read_mail_choices(&self, user_id: i64) -> Result<(bool, bool)> {
        Ok(self.store.user_by_id(user_id).await?.map_or((false, false), |u| (u.mail_mentions, u.mail_digest)))
    }

    /// Sets a person's e-mail choices.
    pub async fn set_mail_choices(&self, actor: &Actor, mentions: bool, digest: bool) -> Result<()> {
        Ok(self.store.set_mail_choices(actor.id, mentions, digest).await?)
    }

    /// Ends every live stream (the server is stopping).
    pub fn close_live(&self) {
        let _ = self.live.send(LiveEvent::Closing);
    }

    /// Listens to what happens; pass each event through [`Notifications::compose_live_message`].
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<LiveEvent> {
        self.live.subscribe()
    }

    /// The containers whose new posts the actor's home stream would show.
    pub async fn read_interest(&self, actor: &Actor) -> Result<Interest> {
        let (people, spaces) = self.store.follows_of(actor.id).await?;
        let mut interest = Interest { spaces: spaces.into_iter().collect(), people: people.into_iter().collect() };
        interest.spaces.extend(actor.memberships.keys().copied());
        interest.people.insert(actor.id);
        Ok(interest)
    }

    /// What a live listener (`actor`, with home stream `interest`) is told of `event`, if anything.
    pub async fn compose_live_message(
        &self,
        actor: &Actor,
        interest: &Interest,
        event: &LiveEvent,
    ) -> Result<Option<LiveMessage>> {
        Ok(match event {
            LiveEvent::Unread(user) if *user == actor.id => {
                Some(LiveMessage::Unread(self.notifications().count_unread(actor.id).await?))
            }
            LiveEvent::Posted { id, facts, author } if *author != actor.id => {
                let wanted = match facts.container {
                    Container::Space(s) => interest.spaces.contains(&s.id),
                    Container::Profile(p) => interest.people.contains(&p),
                };
                (wanted && authorize(Some(actor), Action::Read, Target::Post(facts)).allowed())
                    .then_some(LiveMessage::NewPost(*id))
            }
            _ => None,
        })
    }

    /// Enqueues the daily digest of everyone who wants one, had none for a day, and has unread
    /// notifications not yet mailed: one job per person and day, so a digest is enqueued once
    /// however many nodes ask. Returns how many were enqueued.
    pub async fn send_digests(&self) -> Result<usize> {
        if self.site.base_url.is_none() {
            return Ok(0);
        }
        let since = now() - chrono::Duration::hours(23);
        let day = now().format("%Y-%m-%d").to_string();
        let mut enqueued = 0;
        for user_id in self.store.digest_due(since).await? {
            if self.enqueue(crate::jobs::Job::Digest { user_id, day: day.clone() }).await? {
                enqueued += 1;
            }
        }
        Ok(enqueued)
    }
}

/// A notification in words, in `locale` (the page and the digest say the same).
pub fn notification_text(locale: Locale, n: &NotificationView) -> String {
    let others = i64::max(n.others, 0);
    let args: Vec<(&'static str, i18n::FluentValue<'static>)> = vec![
        ("name", n.actor_name.clone().into()),
        ("others", others.into()),
        ("space", n.space_name.clone().unwrap_or_default().into()),
        ("title", n.excerpt.clone().unwrap_or_default().into()),
    ];
    let key = match (n.kind, &n.space_name) {
        (NotificationKind::Post, None) => "notification-post-profile".to_owned(),
        (kind, _) => format!("notification-{}", kind.as_str().replace('_', "-")),
    };
    i18n::t_args(locale, &key, &args)
}
