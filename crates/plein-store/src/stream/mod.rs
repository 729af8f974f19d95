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

mod bulk;
mod comments;
mod feed;
mod home;
mod reactions;

pub use bulk::BulkPost;
pub use home::{HomeRows, Membership, MySpaceRow, SpaceCard, SpaceCards};

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
    /// What it is on.
    pub on: CommentOn,
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
    /// The text as written: read for one post (the edit form), empty on a stream page, which
    /// shows only the HTML.
    #[serde(default)]
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
    /// When the author's profile photo last changed, if they have one.
    #[serde(default)]
    pub author_photo_at: Option<DateTime<Utc>>,
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
    /// Its poll's question (empty: the post's text asks it).
    #[serde(default)]
    pub poll_question: Option<String>,
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
    /// The post itself, its texts moved out of the item.
    pub fn take_post(&mut self) -> PostRow {
        PostRow {
            id: self.id,
            space_id: self.space_id,
            profile_id: self.profile_id,
            author_id: self.author_id,
            body: std::mem::take(&mut self.body),
            body_html: std::mem::take(&mut self.body_html),
            created_at: self.created_at,
            edited_at: self.edited_at,
            deleted_at: self.deleted_at,
            pinned_at: self.pinned_at,
            comment_count: self.comment_count,
            like_count: self.like_count,
            hidden_at: self.hidden_at,
            hidden_reason: self.hidden_reason.take(),
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
    /// A news item.
    News(i64),
}

impl LikeTarget {
    fn key(self) -> (&'static str, i64) {
        match self {
            LikeTarget::Post(id) => ("post", id),
            LikeTarget::Comment(id) => ("comment", id),
            LikeTarget::News(id) => ("news", id),
        }
    }
}

/// What a comment is on: the one comment model serves posts and news.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentOn {
    /// A post.
    Post(i64),
    /// A news item.
    News(i64),
}

impl CommentOn {
    /// The stored kind and id.
    pub fn key(self) -> (&'static str, i64) {
        match self {
            CommentOn::Post(id) => ("post", id),
            CommentOn::News(id) => ("news", id),
        }
    }

    /// The table whose row counts its comments.
    fn table(self) -> &'static str {
        match self {
            CommentOn::Post(_) => "posts",
            CommentOn::News(_) => "news",
        }
    }
}

impl CommentRow {
    /// What the comment is on (a kind the schema does not allow is taken for a post's: the CHECK
    /// constraint keeps it from being stored).
    pub fn on(&self) -> CommentOn {
        match self.target_kind.as_str() {
            "news" => CommentOn::News(self.target_id),
            _ => CommentOn::Post(self.target_id),
        }
    }
}

/// Whom or what one follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowTarget {
    /// A person, by their user id.
    Person(i64),
    /// A space.
    Space(i64),
}

impl FollowTarget {
    pub(crate) fn key(self) -> (&'static str, i64) {
        match self {
            FollowTarget::Person(id) => ("user", id),
            FollowTarget::Space(id) => ("space", id),
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

/// Every column of a new comment.
fn new_comment(c: InsertComment) -> comment::ActiveModel {
    let (kind, id) = c.on.key();
    comment::ActiveModel {
        target_kind: Set(kind.into()),
        target_id: Set(id),
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
