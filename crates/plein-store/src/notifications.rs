//! Notifications: what happened that concerns someone, with the unread count kept on the user
//! row (every page shows it, so it costs nothing to read). Likes on the same thing gather into
//! one unread notification. Reading a notification back brings the facts the policy needs to
//! check its target again: access may have changed since.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::stored::Stored;
use crate::{Result, Store, flag_opt, json_ids, now};

/// What a notification tells of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotificationKind {
    /// Someone mentioned the reader.
    Mention,
    /// A comment on the reader's post, or in a conversation they take part in.
    Comment,
    /// A reply to the reader's comment.
    Reply,
    /// A like of the reader's post or comment.
    Like,
    /// A new post in a space (or on a profile) the reader follows.
    Post,
    /// Someone asks to join a space the reader manages.
    JoinRequest,
    /// The reader's request to join was approved.
    JoinApproved,
    /// The reader's request to join was declined.
    JoinDeclined,
    /// The reader was added to a space.
    Added,
    /// A moderator hid the reader's post or comment.
    Hidden,
    /// News for the reader appeared.
    News,
    /// A reminder to confirm having read a news item.
    NewsReminder,
}

impl NotificationKind {
    /// Every kind.
    pub const ALL: [NotificationKind; 12] = [
        NotificationKind::Mention,
        NotificationKind::Comment,
        NotificationKind::Reply,
        NotificationKind::Like,
        NotificationKind::Post,
        NotificationKind::JoinRequest,
        NotificationKind::JoinApproved,
        NotificationKind::JoinDeclined,
        NotificationKind::Added,
        NotificationKind::Hidden,
        NotificationKind::News,
        NotificationKind::NewsReminder,
    ];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Mention => "mention",
            NotificationKind::Comment => "comment",
            NotificationKind::Reply => "reply",
            NotificationKind::Like => "like",
            NotificationKind::Post => "post",
            NotificationKind::JoinRequest => "join_request",
            NotificationKind::JoinApproved => "join_approved",
            NotificationKind::JoinDeclined => "join_declined",
            NotificationKind::Added => "added",
            NotificationKind::Hidden => "hidden",
            NotificationKind::News => "news",
            NotificationKind::NewsReminder => "news_reminder",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether another of the same kind about the same thing joins the reader's unread one
    /// ("Ann and 2 others …") rather than adding a line.
    pub fn gathers(self) -> bool {
        matches!(self, NotificationKind::Like | NotificationKind::Comment | NotificationKind::Reply)
    }
}

/// A notification to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotification {
    /// Who is told.
    pub user_id: i64,
    /// What happened.
    pub kind: NotificationKind,
    /// Who did it.
    pub actor_id: Option<i64>,
    /// The post it is about.
    pub post_id: Option<i64>,
    /// The comment it is about.
    pub comment_id: Option<i64>,
    /// The space it is about (for membership news; posts bring their own).
    pub space_id: Option<i64>,
    /// The news item it is about (a comment on news; news itself is told by [`Store::notify_news`]).
    pub news_id: Option<i64>,
}

/// A stored notification with what is needed to show it and to check it against the policy.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct NotificationItem {
    /// Its id.
    pub id: i64,
    /// What happened.
    #[serde(deserialize_with = "crate::stored::de")]
    pub kind: NotificationKind,
    /// Who did it.
    pub actor_id: Option<i64>,
    /// Their name.
    pub actor_name: Option<String>,
    /// How many others did the same (likes).
    pub others: i64,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was read.
    pub read_at: Option<DateTime<Utc>>,
    /// The post it is about.
    pub post_id: Option<i64>,
    /// The comment it is about.
    pub comment_id: Option<i64>,
    /// The post's author.
    pub post_author_id: Option<i64>,
    /// The profile the post is on.
    pub post_profile_id: Option<i64>,
    /// When the post was removed.
    pub post_deleted_at: Option<DateTime<Utc>>,
    /// When the post was hidden.
    pub post_hidden_at: Option<DateTime<Utc>>,
    /// Why it was hidden.
    pub post_hidden_reason: Option<String>,
    /// The start of the post's (or comment's) text.
    pub excerpt: Option<String>,
    /// When the comment was removed or hidden.
    pub comment_gone_at: Option<DateTime<Utc>>,
    /// The space: the post's, or the one the notification names.
    pub space_id: Option<i64>,
    /// The space's name.
    pub space_name: Option<String>,
    /// Its visibility.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub space_visibility: Option<plein_core::policy::SpaceVisibility>,
    /// When it was archived.
    pub space_archived_at: Option<DateTime<Utc>>,
    /// Whether it takes guests.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_allows_guests: Option<bool>,
    /// Whether only its managers post.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_admins_post: Option<bool>,
    /// The news item it is about, with what the policy needs to judge it.
    pub news_id: Option<i64>,
    /// Its title.
    pub news_title: Option<String>,
    /// `everyone`, `groups` or `space`.
    pub news_audience: Option<String>,
    /// The groups it is for.
    #[serde(default)]
    pub news_groups: Option<Vec<i64>>,
    /// Its stored status.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub news_status: Option<plein_core::policy::NewsStatus>,
    /// When it appears.
    pub news_publish_at: Option<DateTime<Utc>>,
    /// When it ends.
    pub news_ends_at: Option<DateTime<Utc>>,
    /// Whether it asks for confirmation.
    #[serde(default, deserialize_with = "flag_opt")]
    pub news_confirmation: Option<bool>,
}

const FIELDS_OF: &str = "'id', n.id, 'kind', n.kind, 'actor_id', n.actor_id, 'actor_name', a.display_name, \
     'others', n.others, 'created_at', n.created_at, 'read_at', n.read_at, 'post_id', n.post_id, \
     'comment_id', n.comment_id, 'post_author_id', p.author_id, 'post_profile_id', p.profile_id, \
     'post_deleted_at', p.deleted_at, 'post_hidden_at', p.hidden_at, 'post_hidden_reason', p.hidden_reason, \
     'excerpt', substr(COALESCE(c.body, p.body), 1, 160), 'comment_gone_at', COALESCE(c.deleted_at, c.hidden_at), \
     'space_id', s.id, 'space_name', s.name, 'space_visibility', s.visibility, 'space_archived_at', s.archived_at, \
     'space_allows_guests', s.allows_guests, 'space_admins_post', s.admins_post, 'news_id', n.news_id, \
     'news_title', nw.title, 'news_audience', nw.audience, 'news_groups', {NEWS_GROUPS}, 'news_status', nw.status, 'news_publish_at', nw.publish_at, \
     'news_ends_at', nw.ends_at, 'news_confirmation', nw.confirmation";

/// The fields of a notification row, for `backend`.
fn fields(backend: crate::Backend) -> String {
    FIELDS_OF.replace(
        "{NEWS_GROUPS}",
        &backend
            .nested_ids("SELECT ng.group_id AS id FROM news_groups ng WHERE ng.news_id = nw.id ORDER BY ng.group_id"),
    )
}

const FROM: &str = "FROM notifications n LEFT JOIN users a ON a.id = n.actor_id \
     LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN comments c ON c.id = n.comment_id \
     LEFT JOIN news nw ON nw.id = n.news_id LEFT JOIN spaces s ON s.id = COALESCE(p.space_id, nw.space_id, n.space_id)";

/// What one notification says, without whom it is for: (kind, actor, post, comment, space, news).
type What = (NotificationKind, Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// "X and N others": how many people besides the newest actor and the recipient (SQL
    /// `recipient`) like the same post or comment, or take part in the post's conversation:
    /// counted anew each time, so someone who comes back is not counted twice. `post`, `comment`
    /// and `actor` are SQL; `people` is the placeholder number of the conversation's people (see
    /// [`Store::commenters`]), read once for all recipients.
    fn others_sql(
        &self,
        kind: NotificationKind,
        [recipient, post, comment, actor]: [&str; 4],
        people: usize,
    ) -> String {
        match kind {
            NotificationKind::Like => format!(
                "(SELECT count(*) FROM likes l WHERE l.target_kind = CASE WHEN {comment} IS NULL THEN 'post' \
                 ELSE 'comment' END AND l.target_id = COALESCE({comment}, {post}) \
                 AND l.user_id <> {recipient} AND l.user_id <> {actor})"
            ),
            NotificationKind::Comment | NotificationKind::Reply => {
                let length = self.backend().list_length(people);
                format!("({length} - CASE WHEN {recipient} IN ({}) THEN 1 ELSE 0 END)", self.id_list(people))
            }
            _ => "0".to_owned(),
        }
    }

    /// Stores notifications and counts them unread, see [`Store::notify_among`].
    pub async fn notify(&self, rows: &[NewNotification]) -> Result<Vec<i64>> {
        self.notify_among(rows, None).await
    }

    /// Stores notifications and counts them unread. Likes of the same post or comment, and
    /// comments on the same post, join the recipient's unread notification of that kind ("X and 2
    /// others", counted by `others_sql`). Set-based: a few statements per kind, however many
    /// recipients. Returns the people whose unread count went up. `conversation`: the people who
    /// commented on the post, when the caller read them already (else read here when a comment's
    /// notifications need them).
    pub async fn notify_among(&self, rows: &[NewNotification], conversation: Option<&[i64]>) -> Result<Vec<i64>> {
        let mut groups: BTreeMap<What, Vec<i64>> = BTreeMap::new();
        for n in rows {
            groups
                .entry((n.kind, n.actor_id, n.post_id, n.comment_id, n.space_id, n.news_id))
                .or_default()
                .push(n.user_id);
        }
        let at = now();
        let mut counted = Vec::new();
        for ((kind, actor, post, comment, space, news), mut users) in groups {
            // What gathers them: the post, or the news item a comment is on.
            let (about, about_id) = match news {
                Some(id) => ("news_id", Some(id)),
                None => ("post_id", post),
            };
            // The conversation's people but the actor, bound last where `others_sql` counts them.
            let people: Option<sea_orm::Value> = match (kind, conversation) {
                (NotificationKind::Comment | NotificationKind::Reply, Some(people)) => {
                    let people: Vec<i64> = people.iter().copied().filter(|id| Some(*id) != actor).collect();
                    Some(json_ids(&people).into())
                }
                (NotificationKind::Comment | NotificationKind::Reply, None) => {
                    let on = match news {
                        Some(id) => crate::stream::CommentOn::News(id),
                        None => crate::stream::CommentOn::Post(post.unwrap_or_default()),
                    };
                    Some(json_ids(&self.commenters_but(on, actor).await?).into())
                }
                _ => None,
            };
            if kind.gathers() {
                // Likes gather per post or comment; comments per post (the link goes to the newest).
                let same =
                    if kind == NotificationKind::Like { "AND COALESCE(comment_id, 0) = COALESCE($4, 0)" } else { "" };
                let list = self.id_list(3);
                let which = format!(
                    "SELECT user_id FROM notifications WHERE kind = $1 AND {about} = $2 AND read_at IS NULL \
                     AND user_id IN ({list}) {same}"
                );
                let mut key: Vec<sea_orm::Value> = vec![kind.stored().into(), about_id.into(), json_ids(&users).into()];
                if kind == NotificationKind::Like {
                    key.push(comment.into());
                }
                let gathered = self.ids(&which, key).await?;
                if !gathered.is_empty() {
                    let others = self.others_sql(kind, ["notifications.user_id", "$2", "$4", "$5"], 7);
                    let sql = format!(
                        "UPDATE notifications SET others = {others}, actor_id = $5, comment_id = $4, created_at = $6 \
                         WHERE kind = $1 AND {about} = $2 AND read_at IS NULL AND user_id IN ({list}) {same}"
                    );
                    let mut values = vec![
                        kind.stored().into(),
                        about_id.into(),
                        json_ids(&gathered).into(),
                        comment.into(),
                        actor.into(),
                        at.into(),
                    ];
                    values.extend(people.clone());
                    self.run(&sql, values).await?;
                    users.retain(|u| !gathered.contains(u));
                }
            }
            if users.is_empty() {
                continue;
            }
            let insert = format!(
                "INSERT INTO notifications (user_id, kind, actor_id, post_id, comment_id, space_id, news_id, others, \
                 created_at) SELECT v.value, $2, $3, $4, $5, $6, $8, {}, $7 FROM ({}) v",
                self.others_sql(kind, ["v.value", "$4", "$5", "$3"], 9),
                self.id_list(1)
            );
            let mut values = vec![
                json_ids(&users).into(),
                kind.stored().into(),
                actor.into(),
                post.into(),
                comment.into(),
                space.into(),
                at.into(),
                news.into(),
            ];
            values.extend(people);
            self.run(&insert, values).await?;
            let count = format!(
                "UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id IN ({})",
                self.id_list(1)
            );
            self.run(&count, vec![json_ids(&users).into()]).await?;
            counted.extend(users);
        }
        Ok(counted)
    }

    /// Tells `users` of a news item (`kind` is news or a reminder): one notification each,
    /// counted unread. A reminder replaces the reader's unread reminder of the same item.
    pub async fn notify_news(
        &self,
        kind: NotificationKind,
        news_id: i64,
        actor_id: Option<i64>,
        users: &[i64],
    ) -> Result<Vec<i64>> {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let list = self.id_list(1);
        // Whoever still has an unread one of this kind about this item is not told twice.
        let unread = self
            .ids(
                &format!(
                    "SELECT user_id FROM notifications WHERE kind = $2 AND news_id = $3 AND read_at IS NULL \
                     AND user_id IN ({list})"
                ),
                vec![json_ids(users).into(), kind.stored().into(), news_id.into()],
            )
            .await?;
        let fresh: Vec<i64> = users.iter().copied().filter(|u| !unread.contains(u)).collect();
        if !unread.is_empty() {
            self.run(
                &format!(
                    "UPDATE notifications SET created_at = $4, actor_id = $5 WHERE kind = $2 AND news_id = $3 \
                     AND read_at IS NULL AND user_id IN ({list})"
                ),
                vec![json_ids(&unread).into(), kind.stored().into(), news_id.into(), now().into(), actor_id.into()],
            )
            .await?;
        }
        if fresh.is_empty() {
            return Ok(Vec::new());
        }
        self.run(
            &format!(
                "INSERT INTO notifications (user_id, kind, actor_id, news_id, others, created_at) \
                 SELECT v.value, $2, $3, $4, 0, $5 FROM ({list}) v"
            ),
            vec![json_ids(&fresh).into(), kind.stored().into(), actor_id.into(), news_id.into(), now().into()],
        )
        .await?;
        self.run(
            &format!("UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id IN ({list})"),
            vec![json_ids(&fresh).into()],
        )
        .await?;
        Ok(fresh)
    }

    /// A person's notifications older than `before`, newest first.
    pub async fn notifications_of(
        &self,
        user_id: i64,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<NotificationItem>> {
        let from = format!(
            "{FROM} WHERE n.id IN (SELECT id FROM notifications WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3)"
        );
        let values = vec![user_id.into(), before.unwrap_or(i64::MAX).into(), i64::try_from(limit).unwrap_or(50).into()];
        let mut rows: Vec<NotificationItem> = self.json_rows(&fields(self.backend()), &from, values).await?;
        rows.sort_by_key(|n| std::cmp::Reverse(n.id));
        Ok(rows)
    }

    /// A person's unread notifications not yet e-mailed, oldest first (for the digest).
    pub async fn unmailed_notifications(&self, user_id: i64, limit: u64) -> Result<Vec<NotificationItem>> {
        let from = format!(
            "{FROM} WHERE n.id IN (SELECT id FROM notifications WHERE user_id = $1 AND read_at IS NULL \
             AND mailed_at IS NULL ORDER BY id LIMIT $2)"
        );
        let mut rows: Vec<NotificationItem> = self
            .json_rows(&fields(self.backend()), &from, vec![user_id.into(), i64::try_from(limit).unwrap_or(50).into()])
            .await?;
        rows.sort_by_key(|n| n.id);
        Ok(rows)
    }

    /// Marks a person's notifications read (these, or all) and sets their unread count anew.
    pub async fn mark_read(&self, user_id: i64, ids: Option<&[i64]>) -> Result<i64> {
        match ids {
            Some(ids) => {
                let sql = format!(
                    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id IN ({})",
                    self.id_list(3)
                );
                self.run(&sql, vec![now().into(), user_id.into(), json_ids(ids).into()]).await?;
            }
            None => {
                self.run(
                    "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                    vec![now().into(), user_id.into()],
                )
                .await?;
            }
        }
        self.recount_unread(user_id).await
    }

    /// Counts a person's unread notifications afresh onto their user row.
    pub async fn recount_unread(&self, user_id: i64) -> Result<i64> {
        self.run(
            "UPDATE users SET unread_notifications = (SELECT count(*) FROM notifications \
             WHERE user_id = $1 AND read_at IS NULL) WHERE id = $1",
            vec![user_id.into()],
        )
        .await?;
        Ok(self
            .ids("SELECT CAST(unread_notifications AS BIGINT) FROM users WHERE id = $1", vec![user_id.into()])
            .await?
            .pop()
            .unwrap_or(0))
    }

    /// Notes that these notifications went out by e-mail.
    pub async fn mark_mailed(&self, ids: &[i64]) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!("UPDATE notifications SET mailed_at = $1 WHERE id IN ({})", self.id_list(2));
        self.run(&sql, vec![now().into(), json_ids(ids).into()]).await?;
        Ok(())
    }

    /// People who want a daily digest, had none since `since`, and have unread news not yet mailed.
    pub async fn digest_due(&self, since: DateTime<Utc>) -> Result<Vec<i64>> {
        self.ids(
            "SELECT u.id FROM users u WHERE u.mail_digest AND u.status = 'active' \
             AND (u.digest_sent_at IS NULL OR u.digest_sent_at < $1) AND EXISTS (SELECT 1 FROM notifications n \
             WHERE n.user_id = u.id AND n.read_at IS NULL AND n.mailed_at IS NULL) ORDER BY u.id LIMIT 500",
            vec![since.into()],
        )
        .await
    }

    /// Notes when a person's digest went out.
    pub async fn set_digest_sent(&self, user_id: i64, at: DateTime<Utc>) -> Result<()> {
        self.run("UPDATE users SET digest_sent_at = $1 WHERE id = $2", vec![at.into(), user_id.into()]).await?;
        Ok(())
    }

    /// A person's e-mail choices: a mail when mentioned, a daily digest.
    pub async fn set_mail_choices(&self, user_id: i64, mentions: bool, digest: bool) -> Result<()> {
        self.run(
            "UPDATE users SET mail_mentions = $1, mail_digest = $2 WHERE id = $3",
            vec![mentions.into(), digest.into(), user_id.into()],
        )
        .await?;
        Ok(())
    }
}
