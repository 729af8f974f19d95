//! Posts, comments and likes, and the streams that read them. A stream reads at most one page
//! per container, newest first, from the (container, id) indexes, and merges those pages: its
//! cost follows the number of containers, never the amount of content.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use plein_core::policy::SpaceVisibility;
use plein_core::{UserKind, UserStatus};

use crate::dialect::Nested;
use crate::entities::{comment, follow, like, post};
use crate::stored::Stored;
use crate::{Result, Store, StoreError, flag, flag_opt, json_ids, now};

pub use comment::Model as CommentRow;
pub use post::Model as PostRow;

/// Where a new post goes: a space or a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PostPlace {
    /// In this space.
    Space(i64),
    /// On this person's profile.
    Profile(i64),
}

/// A post to insert; the text is already checked and rendered.
#[derive(Clone, Debug)]
pub struct InsertPost {
    /// Where it goes.
    pub place: PostPlace,
    /// Who wrote it.
    pub author_id: i64,
    /// The text as written (Markdown).
    pub body: String,
    /// The text as sanitized HTML.
    pub body_html: String,
    /// When it was written (the demo writes the past; everyone else now).
    pub created_at: DateTime<Utc>,
}

/// A comment to insert; the text is already checked and rendered.
#[derive(Clone, Debug)]
pub struct InsertComment {
    /// The post it is on.
    pub post_id: i64,
    /// The comment it replies to, if any.
    pub parent_id: Option<i64>,
    /// Who wrote it.
    pub author_id: i64,
    /// The text as written.
    pub body: String,
    /// The text as sanitized HTML.
    pub body_html: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// The containers a stream reads.
#[derive(Clone, Debug, Default)]
pub struct StreamSources {
    /// Spaces (only ones the reader may read).
    pub spaces: Vec<i64>,
    /// Profiles (only when the reader may read profile posts).
    pub profiles: Vec<i64>,
    /// Whether posts that mention the viewer join (the caller checks each against the policy).
    pub mentions: bool,
    /// What the viewer follows joins too, read in the same query (the home stream).
    pub follows: Option<FollowSources>,
}

/// The part of a reader's follows a stream may show: what the policy's scope lets them read.
#[derive(Clone, Debug, Default)]
pub struct FollowSources {
    /// Followed spaces of these visibilities: the ones readable without being a member.
    pub space_visibilities: Vec<SpaceVisibility>,
    /// Whether the profiles of followed people join.
    pub people: bool,
}

/// A post with what a stream shows around it, read in one query.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct StreamItem {
    /// The post's id.
    pub id: i64,
    /// Its space, if in one.
    pub space_id: Option<i64>,
    /// Its profile, if on one.
    pub profile_id: Option<i64>,
    /// Its author.
    pub author_id: i64,
    /// The text as written.
    pub body: String,
    /// The text as HTML.
    pub body_html: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// When it was removed.
    pub deleted_at: Option<DateTime<Utc>>,
    /// When it was pinned.
    pub pinned_at: Option<DateTime<Utc>>,
    /// When a moderator hid it.
    pub hidden_at: Option<DateTime<Utc>>,
    /// Why it was hidden.
    pub hidden_reason: Option<String>,
    /// How many comments it has.
    pub comment_count: i32,
    /// How many like it.
    pub like_count: i32,
    /// The author's name.
    pub author_name: String,
    /// Employee or guest.
    #[serde(deserialize_with = "crate::stored::de")]
    pub author_kind: UserKind,
    /// Active or deactivated.
    #[serde(deserialize_with = "crate::stored::de")]
    pub author_status: UserStatus,
    /// The space's name.
    pub space_name: Option<String>,
    /// The space's visibility.
    #[serde(default, deserialize_with = "crate::stored::de_opt")]
    pub space_visibility: Option<SpaceVisibility>,
    /// When the space was archived.
    pub space_archived_at: Option<DateTime<Utc>>,
    /// Whether the space takes guests.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_allows_guests: Option<bool>,
    /// Whether only the space's managers post.
    #[serde(default, deserialize_with = "flag_opt")]
    pub space_admins_post: Option<bool>,
    /// The name of the person whose profile it is on.
    pub profile_name: Option<String>,
    /// Whether the viewer likes it.
    #[serde(deserialize_with = "flag")]
    pub liked: bool,
    /// Whether its poll takes several choices (`None`: it has no poll).
    #[serde(default, deserialize_with = "flag_opt")]
    pub poll_multiple: Option<bool>,
    /// When its poll closes.
    #[serde(default)]
    pub poll_closes_at: Option<DateTime<Utc>>,
    /// Its poll's options, with the viewer's choices.
    #[serde(default, deserialize_with = "nested_json")]
    pub poll_options: Option<Vec<crate::social::PollOption>>,
    /// Its pictures, in their order (`None` or empty: it has none).
    #[serde(default, deserialize_with = "nested_json")]
    pub images: Option<Vec<PictureInfo>>,
}

/// What a stream shows of a post's picture before it is fetched.
#[derive(Clone, Debug, serde::Deserialize, PartialEq, Eq)]
pub struct PictureInfo {
    /// Its text alternative.
    pub alt: String,
    /// The thumbnail's width.
    pub width: i32,
    /// The thumbnail's height.
    pub height: i32,
}

/// JSON nested in a page's JSON: an array or object, or (when SQLite passed it on as text) a
/// string holding one.
pub(crate) fn nested_json<'de, D, T>(d: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::Deserialize;
    let value = Option::<serde_json::Value>::deserialize(d)?;
    let parsed = match value {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::String(text)) => serde_json::from_str(&text),
        Some(other) => serde_json::from_value(other),
    };
    parsed.map(Some).map_err(serde::de::Error::custom)
}

impl StreamItem {
    /// The post itself.
    pub fn post(&self) -> PostRow {
        PostRow {
            id: self.id,
            space_id: self.space_id,
            profile_id: self.profile_id,
            author_id: self.author_id,
            body: self.body.clone(),
            body_html: self.body_html.clone(),
            created_at: self.created_at,
            edited_at: self.edited_at,
            deleted_at: self.deleted_at,
            pinned_at: self.pinned_at,
            comment_count: self.comment_count,
            like_count: self.like_count,
            hidden_at: self.hidden_at,
            hidden_reason: self.hidden_reason.clone(),
        }
    }
}

/// What a like is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LikeTarget {
    /// A post.
    Post(i64),
    /// A comment.
    Comment(i64),
}

impl LikeTarget {
    fn key(self) -> (&'static str, i64) {
        match self {
            LikeTarget::Post(id) => ("post", id),
            LikeTarget::Comment(id) => ("comment", id),
        }
    }
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a post.
    pub async fn insert_post(&self, new: InsertPost) -> Result<PostRow> {
        let row = new_post(new.place, new.author_id, new.body, new.body_html, new.created_at, (0, 0));
        Ok(row.insert(self.conn()).await?)
    }

    /// The post with this id, removed or not.
    pub async fn post_by_id(&self, id: i64) -> Result<Option<PostRow>> {
        Ok(post::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// Replaces a post's text and marks it edited.
    pub async fn edit_post(&self, id: i64, body: String, body_html: String) -> Result<()> {
        post::Entity::update_many()
            .col_expr(post::Column::Body, Expr::value(body))
            .col_expr(post::Column::BodyHtml, Expr::value(body_html))
            .col_expr(post::Column::EditedAt, Expr::value(now()))
            .filter(post::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Marks a post removed (it stays for the audit trail, but no stream shows it).
    pub async fn delete_post(&self, id: i64) -> Result<()> {
        post::Entity::update_many()
            .col_expr(post::Column::DeletedAt, Expr::value(now()))
            .filter(post::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// Pins a post to the top of its space, or unpins it.
    pub async fn set_pinned(&self, id: i64, pinned: bool) -> Result<()> {
        let at: Option<DateTime<Utc>> = pinned.then(now);
        post::Entity::update_many()
            .col_expr(post::Column::PinnedAt, Expr::value(at))
            .filter(post::Column::Id.eq(id))
            .exec(self.conn())
            .await?;
        Ok(())
    }

    /// The newest `limit` posts of `sources` older than `before`, as `viewer` sees them (author,
    /// place and the viewer's like, in the same query): one index slice per container, merged.
    /// Written per backend: SQLite reads a correlated `LIMIT` per container, PostgreSQL a
    /// `LATERAL` join (an `= ANY(…) ORDER BY … LIMIT` would read and sort every matching row).
    pub async fn stream(
        &self,
        viewer: i64,
        sources: &StreamSources,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<StreamItem>> {
        if sources.spaces.is_empty() && sources.profiles.is_empty() && !sources.mentions && sources.follows.is_none() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        let before = before.unwrap_or(i64::MAX);
        let limit = i64::try_from(Ord::min(limit, 200)).unwrap_or(200);
        // The containers: listed ones, and on the home stream what the viewer follows and may read.
        let follows = sources.follows.as_ref();
        let spaces = match follows {
            Some(_) => format!(
                "{} UNION SELECT f.target_id FROM follows f JOIN spaces s ON s.id = f.target_id \
                 WHERE f.user_id = $5 AND f.target_kind = 'space' AND {}",
                backend.id_rows(1),
                backend.in_text_list("s.visibility", 6)
            ),
            None => backend.id_rows(1),
        };
        let profiles = match follows {
            Some(f) if f.people => format!(
                "{} UNION SELECT target_id FROM follows WHERE user_id = $5 AND target_kind = 'user'",
                backend.id_rows(2)
            ),
            _ => backend.id_rows(2),
        };
        // The page's posts come from at most `limit` containers: those whose newest post is newest
        // (if another had a post on the page, `limit` containers would each have a newer one). One
        // index seek per container finds them; then each yields at most `limit` ids. A reader in
        // hundreds of spaces reads hundreds of seeks and `limit`² ids, not hundreds × `limit`.
        let branch = |containers: &str, column: &str| {
            // Containers without posts sort last (SQLite's NULLs are least) and then yield nothing.
            let top = format!(
                "SELECT c.id FROM ({containers}) c ORDER BY (SELECT id FROM posts WHERE {column} = c.id \
                 AND deleted_at IS NULL AND id < $3 ORDER BY id DESC LIMIT 1) DESC{} LIMIT $4",
                backend.desc_nulls_last()
            );
            backend.newest_per_container(&top, column)
        };
        // Posts naming the viewer: one more slice, from the (user, post) key of the mentions.
        let mentions = if sources.mentions {
            " UNION SELECT post_id FROM (SELECT post_id FROM post_mentions WHERE user_id = $5 AND post_id < $3 \
             ORDER BY post_id DESC LIMIT $4) m"
        } else {
            ""
        };
        let ids = format!(
            "SELECT id FROM ({} UNION ALL {}{mentions}) s ORDER BY id DESC LIMIT $4",
            branch(&spaces, "space_id"),
            branch(&profiles, "profile_id")
        );
        let visible: Vec<&str> =
            follows.map(|f| f.space_visibilities.iter().map(|v| v.stored()).collect()).unwrap_or_default();
        let values = vec![
            json_ids(&sources.spaces).into(),
            json_ids(&sources.profiles).into(),
            before.into(),
            limit.into(),
            viewer.into(),
            serde_json::to_string(&visible).unwrap_or_else(|_| "[]".into()).into(),
        ];
        self.items(&ids, values, 5).await
    }

    /// These posts as `viewer` sees them, newest first (removed ones too: the caller decides).
    pub async fn post_items(&self, viewer: i64, ids: &[i64]) -> Result<Vec<StreamItem>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.items(&self.id_list(1), vec![json_ids(ids).into(), viewer.into()], 2).await
    }

    /// The posts whose ids `ids_sql` selects, with author, place and `viewer`'s like (`$viewer`),
    /// as one row of JSON: a page is one hand-over from the database driver, not one per post.
    async fn items(&self, ids_sql: &str, values: Vec<sea_orm::Value>, viewer: usize) -> Result<Vec<StreamItem>> {
        let backend = self.backend();
        let option = backend.object(&format!(
            "'id', o.id, 'label', o.label, 'votes', o.votes, 'mine', \
             EXISTS (SELECT 1 FROM poll_votes v WHERE v.post_id = o.post_id AND v.option_id = o.id \
             AND v.user_id = ${viewer})"
        ));
        let options = backend.nested_array(
            &option,
            &Nested {
                table: "poll_options",
                alias: "o",
                key: "post_id",
                outer: "p.id",
                order: "position",
                columns: "*",
            },
        );
        // Only the few columns it shows: the table holds the pictures themselves too.
        let images = backend.nested_array(
            &backend.object("'alt', i.alt, 'width', i.width, 'height', i.height"),
            &Nested {
                table: "post_images",
                alias: "i",
                key: "post_id",
                outer: "p.id",
                order: "position",
                columns: "alt, width, height",
            },
        );
        let fields = format!(
            "'id', p.id, 'space_id', p.space_id, 'profile_id', p.profile_id, 'author_id', p.author_id, \
             'body', p.body, 'body_html', p.body_html, 'created_at', p.created_at, 'edited_at', p.edited_at, \
             'deleted_at', p.deleted_at, 'pinned_at', p.pinned_at, 'hidden_at', p.hidden_at, 'hidden_reason', p.hidden_reason, 'comment_count', p.comment_count, \
             'like_count', p.like_count, 'author_name', a.display_name, 'author_kind', a.kind, \
             'author_status', a.status, 'space_name', s.name, 'space_visibility', s.visibility, \
             'space_archived_at', s.archived_at, 'space_allows_guests', s.allows_guests, \
             'space_admins_post', s.admins_post, 'profile_name', o.display_name, \
             'liked', EXISTS (SELECT 1 FROM likes l WHERE l.target_kind = 'post' AND l.target_id = p.id \
                              AND l.user_id = ${viewer}), \
             'poll_multiple', pl.multiple, 'poll_closes_at', pl.closes_at, \
             'poll_options', CASE WHEN pl.post_id IS NULL THEN NULL ELSE {options} END, \
             'images', CASE WHEN p.picture_count > 0 THEN {images} END"
        );
        let from = format!(
            "FROM posts p JOIN users a ON a.id = p.author_id \
             LEFT JOIN spaces s ON s.id = p.space_id LEFT JOIN users o ON o.id = p.profile_id \
             LEFT JOIN polls pl ON pl.post_id = p.id \
             WHERE p.id IN ({ids_sql})"
        );
        let mut items: Vec<StreamItem> =
            self.json_list(&backend.json_rows(&fields, &from), values, "stream page").await?;
        items.sort_by_key(|item| std::cmp::Reverse(item.id));
        Ok(items)
    }

    /// Stores a comment and counts it on its post.
    pub async fn insert_comment(&self, new: InsertComment) -> Result<CommentRow> {
        let post_id = new.post_id;
        let row = new_comment(new).insert(self.conn()).await?;
        post::Entity::update_many()
            .col_expr(post::Column::CommentCount, Expr::col(post::Column::CommentCount).add(1))
            .filter(post::Column::Id.eq(post_id))
            .exec(self.conn())
            .await?;
        Ok(row)
    }

    /// The comment with this id.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<CommentRow>> {
        Ok(comment::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// The comments on a post, oldest first (replies among them; the page nests them).
    pub async fn comments_on(&self, post_id: i64, limit: u64) -> Result<Vec<CommentRow>> {
        Ok(comment::Entity::find()
            .filter(comment::Column::TargetKind.eq("post"))
            .filter(comment::Column::TargetId.eq(post_id))
            .filter(comment::Column::DeletedAt.is_null())
            .order_by_asc(comment::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?)
    }

    /// Marks a comment removed and counts it off its post.
    pub async fn delete_comment(&self, id: i64) -> Result<()> {
        let Some(row) = self.comment_by_id(id).await? else {
            return Err(StoreError::NotFound);
        };
        let res = comment::Entity::update_many()
            .col_expr(comment::Column::DeletedAt, Expr::value(now()))
            .filter(comment::Column::Id.eq(id))
            .filter(comment::Column::DeletedAt.is_null())
            .exec(self.conn())
            .await?;
        if res.rows_affected == 1 {
            post::Entity::update_many()
                .col_expr(post::Column::CommentCount, Expr::col(post::Column::CommentCount).sub(1))
                .filter(post::Column::Id.eq(row.target_id))
                .exec(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Likes or unlikes; returns whether anything changed. The count on the post or comment
    /// moves with it, in the same transaction as the caller's.
    pub async fn set_like(&self, target: LikeTarget, user_id: i64, liked: bool) -> Result<bool> {
        let (kind, id) = target.key();
        let changed = if liked {
            let row = like::ActiveModel {
                target_kind: Set(kind.into()),
                target_id: Set(id),
                user_id: Set(user_id),
                created_at: Set(now()),
            };
            like::Entity::insert(row)
                .on_conflict_do_nothing()
                .exec_without_returning(self.conn())
                .await
                .map(|r| matches!(r, sea_orm::TryInsertResult::Inserted(n) if n == 1))?
        } else {
            like::Entity::delete_many()
                .filter(like::Column::TargetKind.eq(kind))
                .filter(like::Column::TargetId.eq(id))
                .filter(like::Column::UserId.eq(user_id))
                .exec(self.conn())
                .await?
                .rows_affected
                == 1
        };
        if changed {
            let delta = if liked { 1 } else { -1 };
            match target {
                LikeTarget::Post(_) => {
                    post::Entity::update_many()
                        .col_expr(post::Column::LikeCount, Expr::col(post::Column::LikeCount).add(delta))
                        .filter(post::Column::Id.eq(id))
                        .exec(self.conn())
                        .await?;
                }
                LikeTarget::Comment(_) => {
                    comment::Entity::update_many()
                        .col_expr(comment::Column::LikeCount, Expr::col(comment::Column::LikeCount).add(delta))
                        .filter(comment::Column::Id.eq(id))
                        .exec(self.conn())
                        .await?;
                }
            }
        }
        Ok(changed)
    }

    /// Which of these posts (or comments) `user_id` likes.
    pub async fn liked_by(&self, user_id: i64, kind: &'static str, ids: &[i64]) -> Result<HashSet<i64>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let rows: Vec<i64> = like::Entity::find()
            .select_only()
            .column(like::Column::TargetId)
            .filter(like::Column::TargetKind.eq(kind))
            .filter(like::Column::TargetId.is_in(ids.iter().copied()))
            .filter(like::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Who likes a post or comment, newest first (ids).
    pub async fn likers(&self, target: LikeTarget, limit: u64) -> Result<Vec<i64>> {
        let (kind, id) = target.key();
        Ok(like::Entity::find()
            .select_only()
            .column(like::Column::UserId)
            .filter(like::Column::TargetKind.eq(kind))
            .filter(like::Column::TargetId.eq(id))
            .order_by_desc(like::Column::CreatedAt)
            .limit(limit)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// Follows or unfollows a person (`"user"`) or space (`"space"`).
    pub async fn set_follow(&self, user_id: i64, kind: &'static str, target_id: i64, on: bool) -> Result<()> {
        if on {
            let row = follow::ActiveModel {
                user_id: Set(user_id),
                target_kind: Set(kind.into()),
                target_id: Set(target_id),
                created_at: Set(now()),
            };
            follow::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(self.conn()).await?;
        } else {
            follow::Entity::delete_many()
                .filter(follow::Column::UserId.eq(user_id))
                .filter(follow::Column::TargetKind.eq(kind))
                .filter(follow::Column::TargetId.eq(target_id))
                .exec(self.conn())
                .await?;
        }
        Ok(())
    }

    /// The people and spaces a user follows: (user ids, space ids).
    pub async fn follows_of(&self, user_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let rows: Vec<(String, i64)> = follow::Entity::find()
            .select_only()
            .column(follow::Column::TargetKind)
            .column(follow::Column::TargetId)
            .filter(follow::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?;
        let mut by_kind: HashMap<String, Vec<i64>> = HashMap::new();
        for (kind, id) in rows {
            by_kind.entry(kind).or_default().push(id);
        }
        Ok((by_kind.remove("user").unwrap_or_default(), by_kind.remove("space").unwrap_or_default()))
    }
}

/// Every column of a new post, set explicitly (SQLite's `RETURNING` needs each one); `counts` are
/// (comments, likes), known ahead for demo data.
fn new_post(
    place: PostPlace,
    author_id: i64,
    body: String,
    body_html: String,
    created_at: DateTime<Utc>,
    counts: (i32, i32),
) -> post::ActiveModel {
    let (space_id, profile_id) = match place {
        PostPlace::Space(id) => (Some(id), None),
        PostPlace::Profile(id) => (None, Some(id)),
    };
    post::ActiveModel {
        space_id: Set(space_id),
        profile_id: Set(profile_id),
        author_id: Set(author_id),
        body: Set(body),
        body_html: Set(body_html),
        created_at: Set(created_at),
        edited_at: Set(None),
        deleted_at: Set(None),
        pinned_at: Set(None),
        comment_count: Set(counts.0),
        like_count: Set(counts.1),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        ..Default::default()
    }
}

/// Every column of a new comment on a post.
fn new_comment(c: InsertComment) -> comment::ActiveModel {
    comment::ActiveModel {
        target_kind: Set("post".into()),
        target_id: Set(c.post_id),
        parent_id: Set(c.parent_id),
        author_id: Set(c.author_id),
        body: Set(c.body),
        body_html: Set(c.body_html),
        created_at: Set(c.created_at),
        edited_at: Set(None),
        deleted_at: Set(None),
        like_count: Set(0),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        ..Default::default()
    }
}

/// A post for a bulk insert (demo data), with its counts already known.
#[derive(Clone, Debug)]
pub struct BulkPost {
    /// Where it goes.
    pub place: PostPlace,
    /// Who wrote it.
    pub author_id: i64,
    /// The text.
    pub body: String,
    /// The text as HTML.
    pub body_html: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// How many comments it will get.
    pub comment_count: i32,
    /// How many likes it will get.
    pub like_count: i32,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Every (space, member) pair, for generating demo activity.
    pub async fn all_memberships(&self) -> Result<Vec<(i64, i64)>> {
        use crate::entities::space_member;
        Ok(space_member::Entity::find()
            .select_only()
            .column(space_member::Column::SpaceId)
            .column(space_member::Column::UserId)
            .order_by_asc(space_member::Column::SpaceId)
            .order_by_asc(space_member::Column::UserId)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// Inserts many posts in the given order (so their ids follow it) and returns their ids.
    pub async fn bulk_posts(&self, rows: Vec<BulkPost>) -> Result<Vec<i64>> {
        let last: Option<i64> = post::Entity::find()
            .select_only()
            .column_as(post::Column::Id.max(), "m")
            .into_tuple()
            .one(self.conn())
            .await?
            .flatten();
        let n = rows.len();
        for chunk in rows.chunks(2000) {
            let models = chunk.iter().cloned().map(|r| {
                new_post(r.place, r.author_id, r.body, r.body_html, r.created_at, (r.comment_count, r.like_count))
            });
            post::Entity::insert_many(models).exec_without_returning(self.conn()).await?;
        }
        Ok(post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .filter(post::Column::Id.gt(last.unwrap_or(0)))
            .order_by_asc(post::Column::Id)
            .limit(n as u64)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// Inserts many comments (demo data); the posts' counts are set by the caller.
    pub async fn bulk_comments(&self, rows: Vec<InsertComment>) -> Result<()> {
        for chunk in rows.chunks(2000) {
            let models = chunk.iter().cloned().map(new_comment);
            comment::Entity::insert_many(models).exec_without_returning(self.conn()).await?;
        }
        Ok(())
    }

    /// Inserts many likes on posts (demo data): (post, user, when), each pair once.
    pub async fn bulk_likes(&self, rows: &[(i64, i64, DateTime<Utc>)]) -> Result<()> {
        for chunk in rows.chunks(4000) {
            let models = chunk.iter().map(|(post_id, user_id, at)| like::ActiveModel {
                target_kind: Set("post".into()),
                target_id: Set(*post_id),
                user_id: Set(*user_id),
                created_at: Set(*at),
            });
            like::Entity::insert_many(models).exec_without_returning(self.conn()).await?;
        }
        Ok(())
    }
}
