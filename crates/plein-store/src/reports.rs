//! Moderation: reports about posts and comments, and hiding what breaks the rules.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::stream::CommentOn;
use crate::{Result, Store, StoreError, flag_opt, now};

/// What a report or a moderator's decision is about: a post, or a comment (on a post or on a
/// news item; comment ids are unique across both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reported {
    /// A post.
    Post(i64),
    /// A comment.
    Comment(i64),
}

/// A report to store.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// The post reported, or what the comment reported is on.
    pub on: CommentOn,
    /// The comment reported, if it is one (always, on news).
    pub comment_id: Option<i64>,
    /// The space of the post or item (the queue of its managers).
    pub space_id: Option<i64>,
    /// Who reports.
    pub reporter_id: i64,
    /// Why.
    pub reason: String,
}

/// An open report with what the queue shows and the policy needs.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct ReportItem {
    /// Its id.
    pub id: i64,
    /// The post, or the post the comment is on.
    pub post_id: Option<i64>,
    /// The news item the comment is on.
    pub news_id: Option<i64>,
    /// The item's title.
    pub news_title: Option<String>,
    /// The comment, if a comment was reported.
    pub comment_id: Option<i64>,
    /// When the comment was removed.
    pub comment_deleted_at: Option<DateTime<Utc>>,
    /// When the comment was hidden.
    pub comment_hidden_at: Option<DateTime<Utc>>,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Who reported it.
    pub reporter_name: String,
    /// The reported text.
    pub body: String,
    /// Who wrote it.
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// The post's author (the policy's question is about the post).
    pub post_author_id: Option<i64>,
    /// The profile the post is on.
    pub profile_id: Option<i64>,
    /// When the post was removed.
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the post was hidden.
    pub hidden_at: Option<DateTime<Utc>>,
    /// The space of the post or item.
    pub space_id: Option<i64>,
    /// Its name.
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
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a report; `false` when this person already has an open report about the same thing.
    pub async fn insert_report(&self, r: NewReport) -> Result<bool> {
        let (post, news) = match r.on {
            CommentOn::Post(id) => (Some(id), None),
            CommentOn::News(id) => (None, Some(id)),
        };
        let res = self
            .run(
                "INSERT INTO reports (post_id, news_id, comment_id, space_id, reporter_id, reason, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                vec![
                    post.into(),
                    news.into(),
                    r.comment_id.into(),
                    r.space_id.into(),
                    r.reporter_id.into(),
                    r.reason.into(),
                    now().into(),
                ],
            )
            .await;
        match res {
            Ok(_) => Ok(true),
            Err(StoreError::Db(e)) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Open reports, oldest first, in these spaces (`None`: everywhere, for moderators), and with
    /// `site_news` those about comments on site news (for its editors).
    pub async fn open_reports(&self, spaces: Option<&[i64]>, site_news: bool, limit: u64) -> Result<Vec<ReportItem>> {
        let fields = "'id', r.id, 'post_id', r.post_id, 'news_id', r.news_id, 'news_title', n.title, \
             'comment_id', r.comment_id, 'comment_deleted_at', c.deleted_at, 'comment_hidden_at', c.hidden_at, \
             'reason', r.reason, \
             'created_at', r.created_at, 'reporter_name', ru.display_name, 'body', COALESCE(c.body, p.body), \
             'author_id', COALESCE(c.author_id, p.author_id), 'author_name', au.display_name, \
             'post_author_id', p.author_id, 'profile_id', p.profile_id, 'deleted_at', p.deleted_at, \
             'hidden_at', p.hidden_at, 'space_id', s.id, 'space_name', s.name, 'space_visibility', s.visibility, \
             'space_archived_at', s.archived_at, 'space_allows_guests', s.allows_guests, \
             'space_admins_post', s.admins_post";
        let (filter, mut values): (String, Vec<sea_orm::Value>) = match spaces {
            Some(ids) => {
                let site = if site_news { " OR (news_id IS NOT NULL AND space_id IS NULL)" } else { "" };
                (format!("AND (space_id IN ({}){site})", self.id_list(2)), vec![crate::json_ids(ids).into()])
            }
            None => (String::new(), Vec::new()),
        };
        values.insert(0, i64::try_from(limit).unwrap_or(100).into());
        let from = format!(
            "FROM reports r LEFT JOIN posts p ON p.id = r.post_id LEFT JOIN news n ON n.id = r.news_id \
             LEFT JOIN comments c ON c.id = r.comment_id \
             JOIN users ru ON ru.id = r.reporter_id JOIN users au ON au.id = COALESCE(c.author_id, p.author_id) \
             LEFT JOIN spaces s ON s.id = COALESCE(p.space_id, n.space_id) WHERE r.id IN (SELECT id FROM reports \
             WHERE resolved_at IS NULL {filter} ORDER BY id LIMIT $1)"
        );
        let mut rows: Vec<ReportItem> = self.json_rows(fields, &from, values).await?;
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    /// Closes every open report about a post (not its comments) or a comment with an outcome.
    pub async fn resolve_reports(&self, about: Reported, by: i64, outcome: &str) -> Result<u64> {
        let which = match about {
            Reported::Post(_) => "post_id = $4 AND comment_id IS NULL",
            Reported::Comment(_) => "comment_id = $4",
        };
        let id = match about {
            Reported::Post(id) | Reported::Comment(id) => id,
        };
        self.run(
            &format!(
                "UPDATE reports SET resolved_at = $1, resolved_by = $2, outcome = $3 WHERE {which} AND resolved_at IS NULL"
            ),
            vec![now().into(), by.into(), outcome.into(), id.into()],
        )
        .await
    }

    /// Closes every open report about a post and its comments (the post is gone).
    pub async fn resolve_post_reports(&self, post_id: i64, by: i64, outcome: &str) -> Result<u64> {
        self.run(
            "UPDATE reports SET resolved_at = $1, resolved_by = $2, outcome = $3 \
             WHERE post_id = $4 AND resolved_at IS NULL",
            vec![now().into(), by.into(), outcome.into(), post_id.into()],
        )
        .await
    }

    /// Hides a post or a comment with the reason its author sees.
    pub async fn hide(&self, about: Reported, reason: &str) -> Result<()> {
        let (table, id) = match about {
            Reported::Post(id) => ("posts", id),
            Reported::Comment(id) => ("comments", id),
        };
        self.run(
            &format!("UPDATE {table} SET hidden_at = $1, hidden_reason = $2 WHERE id = $3"),
            vec![now().into(), reason.into(), id.into()],
        )
        .await?;
        Ok(())
    }
}
