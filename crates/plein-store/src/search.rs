//! What the search index is built from: the live posts, comments, people and spaces, read in
//! pages by id (a rebuild) or by the ids the change log names (following it). Removed and hidden
//! items, and deactivated people, are not read: the index holds only what can be shown.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::{Result, Store, json_ids};

/// A kind of row the index is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// Live posts, with their poll and picture descriptions.
    Post,
    /// Live comments on live posts.
    Comment,
    /// Active people, with the profile fields every colleague sees.
    Person,
    /// Spaces.
    Space,
    /// Published news, from its publish date.
    News,
}

/// One row to index; which fields are set depends on its kind.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SourceRow {
    /// Its id.
    pub id: i64,
    /// Its space (posts and comments in one).
    pub space_id: Option<i64>,
    /// Its profile (posts and comments on one).
    pub profile_id: Option<i64>,
    /// A comment's post.
    pub post_id: Option<i64>,
    /// Who wrote it.
    pub author_id: Option<i64>,
    /// A person's or a space's name.
    pub name: String,
    /// The text as written (posts, comments), the description (spaces), about (people).
    pub body: String,
    /// A poll's question, its options, pictures' descriptions, a person's function, department,
    /// place and expertise: more words to find it by, joined.
    pub more: Option<String>,
    /// When it was written or made.
    pub created_at: Option<DateTime<Utc>>,
    /// A person's kind.
    #[serde(deserialize_with = "crate::stored::de_opt")]
    pub kind: Option<plein_core::UserKind>,
    /// A space's visibility.
    #[serde(deserialize_with = "crate::stored::de_opt")]
    pub visibility: Option<plein_core::policy::SpaceVisibility>,
    /// The visibility of the space a post or comment is in.
    #[serde(deserialize_with = "crate::stored::de_opt")]
    pub space_visibility: Option<plein_core::policy::SpaceVisibility>,
    /// A post's topics, joined by spaces.
    pub topics: Option<String>,
    /// When a space was archived.
    pub archived_at: Option<DateTime<Utc>>,
    /// Whether a space takes guests.
    #[serde(deserialize_with = "crate::flag_opt")]
    pub allows_guests: Option<bool>,
    /// Whether only a space's managers post.
    #[serde(deserialize_with = "crate::flag_opt")]
    pub admins_post: Option<bool>,
    /// Whom a news item is for: `everyone`, `groups` or `space`.
    pub audience: Option<String>,
    /// The groups a news item is for.
    pub groups: Option<Vec<i64>>,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The live rows of `kind` among the next `limit` ids above `after`, by id, and the last id
    /// of that page (`None` when there are no more): a page of removed rows is empty but not the end.
    pub async fn search_sources_after(
        &self,
        kind: SourceKind,
        after: i64,
        limit: u64,
    ) -> Result<(Vec<SourceRow>, Option<i64>)> {
        let (table, fields, from, live) = source_query(self.backend(), kind);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let page = format!(
            "SELECT id FROM (SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT $2) page ORDER BY id DESC LIMIT 1"
        );
        let Some(&last) = self.ids(&page, vec![after.into(), limit.into()]).await?.first() else {
            return Ok((Vec::new(), None));
        };
        // A range of ids, so that each page reads its rows by primary key.
        let which = format!("{live} AND x.id > $1 AND x.id <= $2");
        let mut rows: Vec<SourceRow> =
            self.json_rows(&fields, &format!("{from} WHERE {which}"), vec![after.into(), last.into()]).await?;
        rows.sort_by_key(|r| r.id);
        Ok((rows, Some(last)))
    }

    /// The rows of `kind` with these ids that are live (the rest are to be removed from the index).
    pub async fn search_sources(&self, kind: SourceKind, ids: &[i64]) -> Result<Vec<SourceRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let (_, fields, from, live) = source_query(self.backend(), kind);
        let which = format!("{live} AND x.id IN ({})", self.id_list(1));
        self.json_rows(&fields, &format!("{from} WHERE {which}"), vec![json_ids(ids).into()]).await
    }

    /// The ids of the comments on these posts (a post's removal or return takes them along).
    pub async fn search_comment_ids(&self, posts: &[i64]) -> Result<Vec<i64>> {
        if posts.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id FROM comments WHERE target_kind = 'post' AND target_id IN ({}) ORDER BY id",
            self.id_list(1)
        );
        self.ids(&sql, vec![json_ids(posts).into()]).await
    }

    /// The posts in `space`, the comments on them and its news, live or not (indexed again when
    /// the space's visibility changes, which decides who may find them).
    pub async fn search_space_items(&self, space: i64) -> Result<(Vec<i64>, Vec<i64>, Vec<i64>)> {
        let posts = self.ids("SELECT id FROM posts WHERE space_id = $1 ORDER BY id", vec![space.into()]).await?;
        let news = self.ids("SELECT id FROM news WHERE space_id = $1 ORDER BY id", vec![space.into()]).await?;
        let comments = self
            .ids(
                "SELECT c.id FROM comments c JOIN posts p ON p.id = c.target_id \
                 WHERE c.target_kind = 'post' AND p.space_id = $1 ORDER BY c.id",
                vec![space.into()],
            )
            .await?;
        Ok((posts, comments, news))
    }

    /// The people who share a space with someone in `spaces` (a guest's colleagues).
    pub async fn members_of_spaces(&self, spaces: &[i64]) -> Result<Vec<i64>> {
        if spaces.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT DISTINCT user_id FROM space_members WHERE space_id IN ({}) ORDER BY user_id",
            self.id_list(1)
        );
        self.ids(&sql, vec![json_ids(spaces).into()]).await
    }
}

/// (table, JSON fields, FROM with joins aliasing the row `x`, the condition for a live row).
fn source_query(backend: crate::dialect::Backend, kind: SourceKind) -> (&'static str, String, String, String) {
    let joined = |expr: &str, from: &str| backend.joined_text(expr, from);
    match kind {
        SourceKind::Post => (
            "posts",
            format!(
                "'id', x.id, 'space_id', x.space_id, 'profile_id', x.profile_id, 'author_id', x.author_id, \
                 'body', x.body, 'created_at', x.created_at, 'space_visibility', s.visibility, 'topics', {}, \
                 'more', {}",
                joined("t.topic", "FROM post_topics t WHERE t.post_id = x.id"),
                concat(&[
                    "COALESCE(pl.question, '')",
                    &format!("COALESCE({}, '')", joined("o.label", "FROM poll_options o WHERE o.post_id = x.id")),
                    &format!("COALESCE({}, '')", joined("i.alt", "FROM post_images i WHERE i.post_id = x.id")),
                ])
            ),
            "FROM posts x LEFT JOIN polls pl ON pl.post_id = x.id LEFT JOIN spaces s ON s.id = x.space_id".into(),
            "x.deleted_at IS NULL AND x.hidden_at IS NULL".into(),
        ),
        SourceKind::Comment => (
            "comments",
            "'id', x.id, 'post_id', x.target_id, 'space_id', p.space_id, 'profile_id', p.profile_id, \
             'author_id', x.author_id, 'body', x.body, 'created_at', x.created_at, 'space_visibility', s.visibility"
                .into(),
            "FROM comments x JOIN posts p ON p.id = x.target_id LEFT JOIN spaces s ON s.id = p.space_id".into(),
            format!(
                "{} AND x.deleted_at IS NULL AND x.hidden_at IS NULL AND p.deleted_at IS NULL AND p.hidden_at IS NULL",
                backend.not_by_index("x.target_kind", "= 'post'")
            ),
        ),
        SourceKind::Person => (
            "users",
            format!(
                "'id', x.id, 'name', x.display_name, 'kind', x.kind, 'body', x.about, 'created_at', x.created_at, \
                 'more', {}",
                concat(&[
                    "x.job_title",
                    "x.department",
                    "x.location",
                    &format!("COALESCE({}, '')", joined("e.tag", "FROM user_expertise e WHERE e.user_id = x.id")),
                ])
            ),
            "FROM users x".into(),
            "x.status = 'active'".into(),
        ),
        SourceKind::Space => (
            "spaces",
            "'id', x.id, 'name', x.name, 'body', x.description, 'created_at', x.created_at, \
             'visibility', x.visibility, 'archived_at', x.archived_at, 'allows_guests', x.allows_guests, \
             'admins_post', x.admins_post"
                .into(),
            "FROM spaces x".into(),
            "1 = 1".into(),
        ),
        SourceKind::News => (
            "news",
            format!(
                "'id', x.id, 'name', x.title, 'body', x.lead || ' ' || x.body, 'author_id', x.author_id, \
                 'created_at', x.publish_at, 'space_id', x.space_id, 'space_visibility', s.visibility, \
                 'audience', x.audience, 'groups', {}, 'more', x.category",
                backend.nested_ids(
                    "SELECT g.group_id AS id FROM news_groups g WHERE g.news_id = x.id ORDER BY g.group_id"
                )
            ),
            "FROM news x LEFT JOIN spaces s ON s.id = x.space_id".into(),
            // Found from its publish date: the job that announces it then writes it in the change log.
            format!("x.status = 'published' AND x.publish_at <= {}", backend.now()),
        ),
    }
}

/// Texts joined by spaces (`||` on both backends; each part must not be NULL).
fn concat(parts: &[&str]) -> String {
    parts.join(" || ' ' || ")
}
