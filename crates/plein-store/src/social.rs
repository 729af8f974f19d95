//! What a post says besides its text: the people it mentions, its topics, its poll; and who
//! hears of it: followers, per-space notification choices, recipients with the facts the policy
//! needs to check them.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use plein_core::policy::SpaceRole;
use plein_core::space::NotifyLevel;
use plein_core::{UserKind, UserStatus};

use crate::dialect::Nested;
use crate::stored::Stored;
use crate::{Result, Store, flag, json_ids, now};

/// Someone who may hear of a post: the facts the policy needs, and where and how to tell them.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Recipient {
    /// Their id.
    pub id: i64,
    /// Their login name (what `@` mentions use).
    pub username: String,
    /// Their name.
    pub display_name: String,
    /// Their e-mail address.
    pub email: String,
    /// Employee or guest.
    #[serde(deserialize_with = "crate::stored::de")]
    pub kind: UserKind,
    /// Active or deactivated.
    #[serde(deserialize_with = "crate::stored::de")]
    pub status: UserStatus,
    /// When a guest's access ends.
    pub guest_expires_at: Option<DateTime<Utc>>,
    /// Their language, if chosen.
    pub locale: Option<String>,
    /// Whether they want an e-mail when mentioned.
    #[serde(deserialize_with = "flag")]
    pub mail_mentions: bool,
    /// Their role in the space asked about, if a member.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub role: Option<SpaceRole>,
    /// Their notification choice for that space, if they made one.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub level: Option<NotifyLevel>,
}

/// A poll to store with a new post.
#[derive(Clone, Debug)]
pub struct NewPoll {
    /// The question, when it is not the post's text itself (else empty).
    pub question: String,
    /// Whether more than one option may be chosen.
    pub multiple: bool,
    /// When voting ends, if ever.
    pub closes_at: Option<DateTime<Utc>>,
    /// The options, in order.
    pub options: Vec<String>,
}

/// One option of a poll as a reader sees it.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct PollOption {
    /// Its id.
    pub id: i64,
    /// Its text.
    pub label: String,
    /// How many chose it.
    pub votes: i64,
    /// Whether the reader chose it.
    #[serde(deserialize_with = "flag")]
    pub mine: bool,
}

const RECIPIENT: &str = "'id', u.id, 'username', u.username, 'display_name', u.display_name, 'email', u.email, \
     'kind', u.kind, 'status', u.status, 'guest_expires_at', u.guest_expires_at, 'locale', u.locale, \
     'mail_mentions', u.mail_mentions, 'role', m.role, 'level', n.level";

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    fn recipient_from(&self) -> &'static str {
        "FROM users u LEFT JOIN space_members m ON m.user_id = u.id AND m.space_id = $2 \
         LEFT JOIN space_notify n ON n.user_id = u.id AND n.space_id = $2"
    }

    /// These people with their role in and choice for `space` (ids that are not users are left out).
    pub async fn recipients(&self, ids: &[i64], space: Option<i64>) -> Result<Vec<Recipient>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let from = format!("{} WHERE u.id IN ({})", self.recipient_from(), self.id_list(1));
        self.json_rows(RECIPIENT, &from, vec![json_ids(ids).into(), space.unwrap_or(0).into()]).await
    }

    /// The people with these login names, as [`Store::recipients`] gives them.
    pub async fn recipients_by_username(&self, names: &[String], space: Option<i64>) -> Result<Vec<Recipient>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let from = format!("{} WHERE u.username IN ({})", self.recipient_from(), self.backend().text_list(1));
        let names = serde_json::to_string(names).unwrap_or_else(|_| "[]".into());
        self.json_rows(RECIPIENT, &from, vec![names.into(), space.unwrap_or(0).into()]).await
    }

    /// Active people whose name or login name starts with `prefix` (or a word of whose name
    /// does), members of `space` first, then (when `employees` is set) every employee: the
    /// candidates an `@` offers before the policy checks each one.
    pub async fn mention_candidates(
        &self,
        prefix: &str,
        space: Option<i64>,
        employees: bool,
        limit: u64,
    ) -> Result<Vec<Recipient>> {
        let like = format!("{}%", prefix.to_lowercase().replace(['%', '_', '\\'], ""));
        let word = format!("% {like}");
        let who = match (space.is_some(), employees) {
            (true, true) => "(m.role IS NOT NULL OR u.kind = 'employee')",
            (true, false) => "m.role IS NOT NULL",
            (false, _) => "u.kind = 'employee'",
        };
        let sql = format!(
            "SELECT u.id FROM users u LEFT JOIN space_members m ON m.user_id = u.id AND m.space_id = $2 \
             WHERE u.status = 'active' AND {who} AND (lower(u.username) LIKE $1 OR lower(u.display_name) LIKE $1 \
             OR lower(u.display_name) LIKE $3) ORDER BY (m.role IS NULL), u.display_name, u.id LIMIT $4"
        );
        let ids = self
            .ids(
                &sql,
                vec![like.into(), space.unwrap_or(0).into(), word.into(), i64::try_from(limit).unwrap_or(10).into()],
            )
            .await?;
        let mut rows = self.recipients(&ids, space).await?;
        rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
        Ok(rows)
    }

    /// Who wrote the live comments on a post or news item (ids, each once).
    pub async fn commenters(&self, on: crate::stream::CommentOn) -> Result<Vec<i64>> {
        let (kind, id) = on.key();
        self.ids(
            "SELECT DISTINCT author_id FROM comments WHERE target_kind = $1 AND target_id = $2 \
             AND deleted_at IS NULL",
            vec![kind.into(), id.into()],
        )
        .await
    }

    /// Who commented on a post or news item, but `actor`.
    pub(crate) async fn commenters_but(&self, on: crate::stream::CommentOn, actor: Option<i64>) -> Result<Vec<i64>> {
        Ok(self.commenters(on).await?.into_iter().filter(|id| Some(*id) != actor).collect())
    }

    /// Who follows a person or a space.
    pub async fn followers(&self, target: crate::stream::FollowTarget) -> Result<Vec<i64>> {
        let (kind, id) = target.key();
        self.ids("SELECT user_id FROM follows WHERE target_kind = $1 AND target_id = $2", vec![kind.into(), id.into()])
            .await
    }

    /// Members of a space who asked to hear of every new post in it.
    pub async fn space_listeners(&self, space_id: i64) -> Result<Vec<i64>> {
        self.ids("SELECT user_id FROM space_notify WHERE space_id = $1 AND level = 'all'", vec![space_id.into()]).await
    }

    /// Sets a person's notification choice for a space (`None` returns to the default).
    pub async fn set_space_notify(&self, user_id: i64, space_id: i64, level: Option<NotifyLevel>) -> Result<()> {
        self.run(
            "DELETE FROM space_notify WHERE user_id = $1 AND space_id = $2",
            vec![user_id.into(), space_id.into()],
        )
        .await?;
        if let Some(level) = level {
            self.run(
                "INSERT INTO space_notify (user_id, space_id, level) VALUES ($1, $2, $3)",
                vec![user_id.into(), space_id.into(), level.stored().into()],
            )
            .await?;
        }
        Ok(())
    }

    /// Replaces the people a post mentions.
    pub async fn set_post_mentions(&self, post_id: i64, users: &[i64]) -> Result<()> {
        self.run("DELETE FROM post_mentions WHERE post_id = $1", vec![post_id.into()]).await?;
        if !users.is_empty() {
            let sql =
                format!("INSERT INTO post_mentions (user_id, post_id) SELECT value, $2 FROM ({}) v", self.id_list(1));
            self.run(&sql, vec![json_ids(users).into(), post_id.into()]).await?;
        }
        Ok(())
    }

    /// The people a post mentions.
    pub async fn post_mentions(&self, post_id: i64) -> Result<Vec<i64>> {
        self.ids("SELECT user_id FROM post_mentions WHERE post_id = $1", vec![post_id.into()]).await
    }

    /// Replaces a post's topics (lower case, without `#`).
    pub async fn set_post_topics(&self, post_id: i64, topics: &[String]) -> Result<()> {
        self.run("DELETE FROM post_topics WHERE post_id = $1", vec![post_id.into()]).await?;
        for topic in topics {
            self.run(
                "INSERT INTO post_topics (topic, post_id) VALUES ($1, $2)",
                vec![topic.clone().into(), post_id.into()],
            )
            .await?;
        }
        Ok(())
    }

    /// Live posts with a topic older than `before`, newest first (ids; the caller checks each).
    pub async fn topic_posts(&self, topic: &str, before: Option<i64>, limit: u64) -> Result<Vec<i64>> {
        self.ids(
            "SELECT t.post_id FROM post_topics t JOIN posts p ON p.id = t.post_id \
             WHERE t.topic = $1 AND t.post_id < $2 AND p.deleted_at IS NULL ORDER BY t.post_id DESC LIMIT $3",
            vec![topic.into(), before.unwrap_or(i64::MAX).into(), i64::try_from(limit).unwrap_or(100).into()],
        )
        .await
    }

    /// Stores a post's poll.
    pub async fn insert_poll(&self, post_id: i64, poll: &NewPoll) -> Result<()> {
        self.run(
            "INSERT INTO polls (post_id, question, multiple, closes_at) VALUES ($1, $2, $3, $4)",
            vec![post_id.into(), poll.question.clone().into(), poll.multiple.into(), poll.closes_at.into()],
        )
        .await?;
        for (i, label) in poll.options.iter().enumerate() {
            self.run(
                "INSERT INTO poll_options (post_id, position, label, votes) VALUES ($1, $2, $3, 0)",
                vec![post_id.into(), i32::try_from(i).unwrap_or(i32::MAX).into(), label.clone().into()],
            )
            .await?;
        }
        Ok(())
    }

    /// Stores a post's picture at `position` (0 first) with its thumbnail and text alternative,
    /// and counts it on the post.
    pub async fn insert_post_image(
        &self,
        (post_id, position): (i64, usize),
        alt: &str,
        (width, height): (u32, u32),
        bytes: Vec<u8>,
        thumb: Vec<u8>,
    ) -> Result<()> {
        self.run(
            "INSERT INTO post_images (post_id, position, alt, width, height, bytes, thumb) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                post_id.into(),
                i32::try_from(position).unwrap_or(i32::MAX).into(),
                alt.into(),
                i32::try_from(width).unwrap_or(i32::MAX).into(),
                i32::try_from(height).unwrap_or(i32::MAX).into(),
                bytes.into(),
                thumb.into(),
            ],
        )
        .await?;
        self.run("UPDATE posts SET picture_count = picture_count + 1 WHERE id = $1", vec![post_id.into()]).await?;
        Ok(())
    }

    /// A post's picture at `position` (0 first), or its thumbnail (JPEG).
    pub async fn post_image(&self, post_id: i64, position: i32, thumb: bool) -> Result<Option<Vec<u8>>> {
        let column = if thumb { "thumb" } else { "bytes" };
        let row = self
            .conn()
            .query_one_raw(self.statement(
                &format!("SELECT {column} FROM post_images WHERE post_id = $1 AND position = $2"),
                [post_id.into(), position.into()],
            ))
            .await?;
        Ok(row.map(|r| r.try_get_by_index::<Vec<u8>>(0)).transpose()?)
    }

    /// A post's poll: whether it takes several choices, when it closes, its options (ids, in
    /// order); `None` when the post has none.
    pub async fn poll(&self, post_id: i64) -> Result<Option<(bool, Option<DateTime<Utc>>, Vec<i64>)>> {
        #[derive(serde::Deserialize)]
        struct Poll {
            #[serde(deserialize_with = "flag")]
            multiple: bool,
            closes_at: Option<DateTime<Utc>>,
            options: Vec<i64>,
        }
        let options = self.backend().nested_array(
            "o.id",
            &Nested {
                table: "poll_options",
                alias: "o",
                key: "post_id",
                outer: "p.post_id",
                order: "position",
                columns: "id",
            },
        );
        let fields = format!("'multiple', p.multiple, 'closes_at', p.closes_at, 'options', {options}");
        let rows: Vec<Poll> =
            self.json_rows(&fields, "FROM polls p WHERE p.post_id = $1", vec![post_id.into()]).await?;
        Ok(rows.into_iter().next().map(|p| (p.multiple, p.closes_at, p.options)))
    }

    /// Replaces `user_id`'s votes in a poll with `options` (already checked to belong to it),
    /// keeping every option's count right.
    pub async fn vote(&self, post_id: i64, user_id: i64, options: &[i64]) -> Result<()> {
        self.run(
            "UPDATE poll_options SET votes = votes - 1 WHERE id IN \
             (SELECT option_id FROM poll_votes WHERE post_id = $1 AND user_id = $2)",
            vec![post_id.into(), user_id.into()],
        )
        .await?;
        self.run("DELETE FROM poll_votes WHERE post_id = $1 AND user_id = $2", vec![post_id.into(), user_id.into()])
            .await?;
        for option in options {
            self.run(
                "INSERT INTO poll_votes (post_id, user_id, option_id, created_at) VALUES ($1, $2, $3, $4)",
                vec![post_id.into(), user_id.into(), (*option).into(), now().into()],
            )
            .await?;
            self.run("UPDATE poll_options SET votes = votes + 1 WHERE id = $1", vec![(*option).into()]).await?;
        }
        Ok(())
    }
}
