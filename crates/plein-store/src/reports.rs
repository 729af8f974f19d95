//! Moderation: reports about posts and comments, and hiding what breaks the rules.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::{Result, Store, StoreError, flag_opt, now};

/// A report to store.
#[derive(Clone, Debug)]
pub struct NewReport {
    /// The post reported, or the post of the comment reported.
    pub post_id: i64,
    /// The comment reported, if it is one.
    pub comment_id: Option<i64>,
    /// The post's space (the queue of its managers).
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
    /// The post.
    pub post_id: i64,
    /// The comment, if a comment was reported.
    pub comment_id: Option<i64>,
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
    pub post_author_id: i64,
    /// The profile the post is on.
    pub profile_id: Option<i64>,
    /// When the post was removed.
    pub deleted_at: Option<DateTime<Utc>>,
    /// When the post was hidden.
    pub hidden_at: Option<DateTime<Utc>>,
    /// The post's space.
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
        let res = self
            .run(
                "INSERT INTO reports (post_id, comment_id, space_id, reporter_id, reason, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                vec![
                    r.post_id.into(),
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

    /// Open reports, oldest first, in these spaces (`None`: everywhere, for moderators).
    pub async fn open_reports(&self, spaces: Option<&[i64]>, limit: u64) -> Result<Vec<ReportItem>> {
        let fields = "'id', r.id, 'post_id', r.post_id, 'comment_id', r.comment_id, 'reason', r.reason, \
             'created_at', r.created_at, 'reporter_name', ru.display_name, 'body', COALESCE(c.body, p.body), \
             'author_id', COALESCE(c.author_id, p.author_id), 'author_name', au.display_name, \
             'post_author_id', p.author_id, 'profile_id', p.profile_id, 'deleted_at', p.deleted_at, \
             'hidden_at', p.hidden_at, 'space_id', s.id, 'space_name', s.name, 'space_visibility', s.visibility, \
             'space_archived_at', s.archived_at, 'space_allows_guests', s.allows_guests, \
             'space_admins_post', s.admins_post";
        let (filter, mut values): (String, Vec<sea_orm::Value>) = match spaces {
            Some(ids) => (format!("AND space_id IN ({})", self.id_list(2)), vec![crate::json_ids(ids).into()]),
            None => (String::new(), Vec::new()),
        };
        values.insert(0, i64::try_from(limit).unwrap_or(100).into());
        let from = format!(
            "FROM reports r JOIN posts p ON p.id = r.post_id LEFT JOIN comments c ON c.id = r.comment_id \
             JOIN users ru ON ru.id = r.reporter_id JOIN users au ON au.id = COALESCE(c.author_id, p.author_id) \
             LEFT JOIN spaces s ON s.id = p.space_id WHERE r.id IN (SELECT id FROM reports \
             WHERE resolved_at IS NULL {filter} ORDER BY id LIMIT $1)"
        );
        let mut rows: Vec<ReportItem> = self.json_rows(fields, &from, values).await?;
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    /// Closes every open report about a post (or one of its comments) with an outcome.
    pub async fn resolve_reports(&self, post_id: i64, comment_id: Option<i64>, by: i64, outcome: &str) -> Result<u64> {
        self.run(
            "UPDATE reports SET resolved_at = $1, resolved_by = $2, outcome = $3 \
             WHERE post_id = $4 AND COALESCE(comment_id, 0) = $5 AND resolved_at IS NULL",
            vec![now().into(), by.into(), outcome.into(), post_id.into(), comment_id.unwrap_or(0).into()],
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

    /// Hides a post (or, with `comment_id`, one of its comments) with the reason its author sees.
    pub async fn hide(&self, post_id: i64, comment_id: Option<i64>, reason: &str) -> Result<()> {
        match comment_id {
            Some(id) => {
                self.run(
                    "UPDATE comments SET hidden_at = $1, hidden_reason = $2 WHERE id = $3",
                    vec![now().into(), reason.into(), id.into()],
                )
                .await?;
            }
            None => {
                self.run(
                    "UPDATE posts SET hidden_at = $1, hidden_reason = $2 WHERE id = $3",
                    vec![now().into(), reason.into(), post_id.into()],
                )
                .await?;
            }
        }
        Ok(())
    }
}
