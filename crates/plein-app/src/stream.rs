//! The social stream: posts in spaces and on profiles, comments, likes and follows, and the
//! streams that show them. Every item passes the policy: a stream only reads containers the
//! reader may read, and every single post is authorized again before it is shown or touched.

use std::collections::{BTreeSet, HashMap};

use plein_core::account::FieldError;
use plein_core::policy::{
    Action, Actor, Container, PersonFacts, PostFacts, SpaceFacts, SpaceVisibility, Target, authorize,
};
use plein_core::{UserKind, UserStatus};
use plein_store::spaces::SpaceRow;
use plein_store::stream::{
    CommentRow, InsertComment, InsertPost, LikeTarget, PostPlace, PostRow, StreamItem, StreamSources,
};
use plein_store::{StoreError, now};

use crate::spaces::facts;
use crate::{App, ServiceError, markdown};

/// Posts on one page of a stream.
pub const PAGE_SIZE: u64 = 20;
/// The longest post.
pub const MAX_POST: usize = 10_000;
/// The longest comment.
pub const MAX_COMMENT: usize = 5_000;

/// Why a stream action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Not there for this reader.
    #[error("not found")]
    NotFound,
    /// Visible, but not for the actor to do.
    #[error("forbidden")]
    Forbidden,
    /// The text is empty or too long.
    #[error("{0}")]
    Text(FieldError),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

impl From<StoreError> for StreamError {
    fn from(e: StoreError) -> Self {
        StreamError::Internal(ServiceError::Store(e))
    }
}

fn check(decision: plein_core::policy::Decision) -> Result<(), StreamError> {
    decision.or(StreamError::NotFound, StreamError::Forbidden)
}

/// Someone as a post or comment shows them.
#[derive(Clone, Debug)]
pub struct Author {
    /// Their id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// An external guest.
    pub external: bool,
    /// No longer with the organisation.
    pub former: bool,
}

/// Where a post lives, as its header shows it.
#[derive(Clone, Debug)]
pub enum Place {
    /// In a space.
    Space {
        /// The space's id.
        id: i64,
        /// Its name.
        name: String,
    },
    /// On someone's profile.
    Profile {
        /// The person's id.
        id: i64,
        /// Their name.
        name: String,
    },
}

/// What the reader may do with a post.
#[derive(Clone, Copy, Debug, Default)]
pub struct Abilities {
    /// Comment and like.
    pub react: bool,
    /// Change the text.
    pub edit: bool,
    /// Remove it.
    pub delete: bool,
    /// Pin or unpin it.
    pub pin: bool,
}

/// A post as one reader sees it.
#[derive(Clone, Debug)]
pub struct PostView {
    /// The stored post.
    pub post: PostRow,
    /// Who wrote it.
    pub author: Author,
    /// Where it lives.
    pub place: Place,
    /// Whether the reader likes it.
    pub liked: bool,
    /// What the reader may do.
    pub can: Abilities,
}

/// A comment as one reader sees it.
#[derive(Clone, Debug)]
pub struct CommentView {
    /// The stored comment.
    pub comment: CommentRow,
    /// Who wrote it.
    pub author: Author,
    /// Whether the reader likes it.
    pub liked: bool,
    /// Whether the reader may remove it.
    pub can_delete: bool,
    /// Replies (one level deep).
    pub replies: Vec<CommentView>,
}

/// One page of a stream.
#[derive(Clone, Debug, Default)]
pub struct StreamPage {
    /// The posts, newest first.
    pub items: Vec<PostView>,
    /// Where the next page starts, when there is one.
    pub next: Option<i64>,
}

fn text(raw: &str, max: usize) -> Result<String, StreamError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(StreamError::Text(FieldError::Required));
    }
    if t.chars().count() > max {
        return Err(StreamError::Text(FieldError::TooLong { max }));
    }
    Ok(t.replace("\r\n", "\n"))
}

impl App {
    /// The facts the policy needs about a post, with its space when it has one.
    async fn post_facts(&self, post: &PostRow) -> Result<(PostFacts, Option<SpaceRow>), StreamError> {
        let (container, space) = match (post.space_id, post.profile_id) {
            (Some(id), _) => {
                let space = self.store.space_by_id(id).await?.ok_or(StreamError::NotFound)?;
                (Container::Space(facts(&space)), Some(space))
            }
            (None, Some(profile)) => (Container::Profile(profile), None),
            (None, None) => return Err(StreamError::NotFound),
        };
        Ok((PostFacts { container, author: post.author_id, deleted: post.deleted_at.is_some() }, space))
    }

    /// A post the actor may read, with its facts.
    async fn readable_post(&self, actor: &Actor, id: i64) -> Result<(PostRow, PostFacts), StreamError> {
        let post = self.store.post_by_id(id).await?.ok_or(StreamError::NotFound)?;
        let (f, _) = self.post_facts(&post).await?;
        check(authorize(Some(actor), Action::Read, Target::Post(&f)))?;
        Ok((post, f))
    }

    /// Turns stream rows into what the reader sees, dropping any the reader may not read.
    fn views(actor: &Actor, items: Vec<StreamItem>) -> Vec<PostView> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let (container, place) = match (item.space_id, item.profile_id) {
                (Some(id), _) => {
                    let space = SpaceFacts {
                        id,
                        // An unknown stored value is treated as the most restrictive.
                        visibility: item
                            .space_visibility
                            .as_deref()
                            .and_then(SpaceVisibility::parse)
                            .unwrap_or(SpaceVisibility::Secret),
                        archived: item.space_archived_at.is_some(),
                        allows_guests: item.space_allows_guests.unwrap_or(false),
                        admins_post: item.space_admins_post.unwrap_or(true),
                    };
                    (Container::Space(space), Place::Space { id, name: item.space_name.clone().unwrap_or_default() })
                }
                (None, Some(id)) => {
                    (Container::Profile(id), Place::Profile { id, name: item.profile_name.clone().unwrap_or_default() })
                }
                (None, None) => continue,
            };
            let f = PostFacts { container, author: item.author_id, deleted: item.deleted_at.is_some() };
            let may = |action| authorize(Some(actor), action, Target::Post(&f)).allowed();
            if !may(Action::Read) {
                continue;
            }
            let can = Abilities {
                react: may(Action::React),
                edit: may(Action::Edit),
                delete: may(Action::Delete),
                pin: may(Action::Pin),
            };
            let author = Author {
                id: item.author_id,
                name: item.author_name.clone(),
                external: item.author_kind == UserKind::Guest.as_str(),
                former: item.author_status != UserStatus::Active.as_str(),
            };
            out.push(PostView { liked: item.liked, post: item.post(), author, place, can });
        }
        out
    }

    async fn authors(&self, ids: &[i64]) -> Result<HashMap<i64, Author>, StreamError> {
        Ok(self
            .store
            .users_by_ids(ids)
            .await?
            .into_iter()
            .map(|u| {
                let author = Author {
                    id: u.id,
                    external: u.kind == UserKind::Guest.as_str(),
                    former: u.status != UserStatus::Active.as_str(),
                    name: u.display_name,
                };
                (u.id, author)
            })
            .collect())
    }

    async fn page(
        &self,
        actor: &Actor,
        sources: StreamSources,
        before: Option<i64>,
    ) -> Result<StreamPage, StreamError> {
        let posts = self.store.stream(actor.id, &sources, before, PAGE_SIZE + 1).await?;
        let more = posts.len() as u64 > PAGE_SIZE;
        let posts: Vec<StreamItem> = posts.into_iter().take(PAGE_SIZE as usize).collect();
        let next = if more { posts.last().map(|p| p.id) } else { None };
        Ok(StreamPage { items: Self::views(actor, posts), next })
    }

    /// The reader's home stream: their spaces, the spaces and people they follow, and (for
    /// employees) their own profile.
    pub async fn home_stream(&self, actor: &Actor, before: Option<i64>) -> Result<StreamPage, StreamError> {
        let (people, followed_spaces) = self.store.follows_of(actor.id).await?;
        let mut spaces: BTreeSet<i64> = actor.memberships.keys().copied().collect();
        let extra: Vec<i64> = followed_spaces.into_iter().filter(|s| !spaces.contains(s)).collect();
        for space in self.store.spaces_by_ids(&extra).await? {
            if authorize(Some(actor), Action::Read, Target::Space(&facts(&space))).allowed() {
                spaces.insert(space.id);
            }
        }
        let scope = plein_core::policy::visibility(Some(actor));
        let profiles = if scope.profile_posts { std::iter::once(actor.id).chain(people).collect() } else { Vec::new() };
        let sources = StreamSources { spaces: spaces.into_iter().collect(), profiles };
        self.page(actor, sources, before).await
    }

    /// A space's stream, for those who may read the space.
    pub async fn space_stream(
        &self,
        actor: &Actor,
        space_id: i64,
        before: Option<i64>,
    ) -> Result<StreamPage, StreamError> {
        let space = self.store.space_by_id(space_id).await?.ok_or(StreamError::NotFound)?;
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
        self.page(actor, StreamSources { spaces: vec![space_id], profiles: Vec::new() }, before).await
    }

    /// The pinned posts of a space the actor may read.
    pub async fn pinned(&self, actor: &Actor, space_id: i64) -> Result<Vec<PostView>, StreamError> {
        let space = self.store.space_by_id(space_id).await?.ok_or(StreamError::NotFound)?;
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
        let ids = self.store.pinned_posts(space_id).await?;
        Ok(Self::views(actor, self.store.post_items(actor.id, &ids).await?))
    }

    /// The posts on a person's profile, for employees (guests have no profile streams).
    pub async fn profile_stream(
        &self,
        actor: &Actor,
        user_id: i64,
        before: Option<i64>,
    ) -> Result<StreamPage, StreamError> {
        let f = PostFacts { container: Container::Profile(user_id), author: user_id, deleted: false };
        if !authorize(Some(actor), Action::Read, Target::Post(&f)).allowed() {
            return Ok(StreamPage::default());
        }
        self.page(actor, StreamSources { spaces: Vec::new(), profiles: vec![user_id] }, before).await
    }

    /// Posts in a space, or on the actor's own profile.
    pub async fn create_post(&self, actor: &Actor, place: PostPlace, body: &str) -> Result<PostRow, StreamError> {
        match place {
            PostPlace::Space(id) => {
                let space = self.store.space_by_id(id).await?.ok_or(StreamError::NotFound)?;
                check(authorize(Some(actor), Action::Post, Target::Space(&facts(&space))))?;
            }
            PostPlace::Profile(id) => {
                let person = PersonFacts { id, kind: actor.kind, spaces: BTreeSet::new() };
                check(authorize(Some(actor), Action::Post, Target::Person(&person)))?;
            }
        }
        let body = text(body, MAX_POST)?;
        let body_html = markdown::render(&body);
        Ok(self
            .store
            .insert_post(InsertPost { place, author_id: actor.id, body, body_html, created_at: now() })
            .await?)
    }

    /// A post with its comments (replies nested under the comment they answer).
    pub async fn post(&self, actor: &Actor, id: i64) -> Result<(PostView, Vec<CommentView>), StreamError> {
        let (_, f) = self.readable_post(actor, id).await?;
        let view =
            Self::views(actor, self.store.post_items(actor.id, &[id]).await?).pop().ok_or(StreamError::NotFound)?;
        let comments = self.store.comments_on(id, 500).await?;
        let people: Vec<i64> = comments.iter().map(|c| c.author_id).collect::<BTreeSet<_>>().into_iter().collect();
        let authors = self.authors(&people).await?;
        let ids: Vec<i64> = comments.iter().map(|c| c.id).collect();
        let liked = self.store.liked_by(actor.id, "comment", &ids).await?;
        let manages = authorize(Some(actor), Action::Delete, Target::Post(&PostFacts { author: -1, ..f })).allowed();
        let mut top: Vec<CommentView> = Vec::new();
        let mut replies: HashMap<i64, Vec<CommentView>> = HashMap::new();
        for c in comments {
            let author = authors.get(&c.author_id).cloned().unwrap_or(Author {
                id: c.author_id,
                name: String::new(),
                external: false,
                former: true,
            });
            let v = CommentView {
                liked: liked.contains(&c.id),
                can_delete: manages || c.author_id == actor.id,
                replies: Vec::new(),
                author,
                comment: c,
            };
            match v.comment.parent_id {
                Some(parent) => replies.entry(parent).or_default().push(v),
                None => top.push(v),
            }
        }
        for c in &mut top {
            c.replies = replies.remove(&c.comment.id).unwrap_or_default();
        }
        Ok((view, top))
    }

    /// Comments on a post, or replies to a comment on it (one level deep: a reply to a reply
    /// joins the same thread).
    pub async fn comment(
        &self,
        actor: &Actor,
        post_id: i64,
        parent: Option<i64>,
        body: &str,
    ) -> Result<CommentRow, StreamError> {
        let (_, f) = self.readable_post(actor, post_id).await?;
        check(authorize(Some(actor), Action::React, Target::Post(&f)))?;
        let parent_id = match parent {
            Some(id) => {
                let c = self.store.comment_by_id(id).await?.ok_or(StreamError::NotFound)?;
                if c.target_id != post_id || c.deleted_at.is_some() {
                    return Err(StreamError::NotFound);
                }
                Some(c.parent_id.unwrap_or(c.id))
            }
            None => None,
        };
        let body = text(body, MAX_COMMENT)?;
        let body_html = markdown::render(&body);
        let tx = self.store.begin().await?;
        let row = tx
            .insert_comment(InsertComment {
                post_id,
                parent_id,
                author_id: actor.id,
                body,
                body_html,
                created_at: now(),
            })
            .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Likes or unlikes a post or a comment the actor may react to.
    pub async fn like(&self, actor: &Actor, target: LikeTarget, on: bool) -> Result<(), StreamError> {
        let post_id = match target {
            LikeTarget::Post(id) => id,
            LikeTarget::Comment(id) => {
                let c = self.store.comment_by_id(id).await?.ok_or(StreamError::NotFound)?;
                if c.deleted_at.is_some() {
                    return Err(StreamError::NotFound);
                }
                c.target_id
            }
        };
        let (_, f) = self.readable_post(actor, post_id).await?;
        check(authorize(Some(actor), Action::React, Target::Post(&f)))?;
        let tx = self.store.begin().await?;
        tx.set_like(target, actor.id, on).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who likes a post, for those who may read it.
    pub async fn likers(&self, actor: &Actor, post_id: i64) -> Result<Vec<Author>, StreamError> {
        self.readable_post(actor, post_id).await?;
        let ids = self.store.likers(LikeTarget::Post(post_id), 200).await?;
        let authors = self.authors(&ids).await?;
        Ok(ids.iter().filter_map(|id| authors.get(id).cloned()).collect())
    }

    /// Changes the text of the actor's own post; it shows as edited.
    pub async fn edit_post(&self, actor: &Actor, id: i64, body: &str) -> Result<(), StreamError> {
        let (_, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Edit, Target::Post(&f)))?;
        let body = text(body, MAX_POST)?;
        let html = markdown::render(&body);
        self.store.edit_post(id, body, html).await?;
        Ok(())
    }

    /// Removes a post (its author, the space's managers, moderators); returns where it was.
    pub async fn delete_post(&self, actor: &Actor, id: i64) -> Result<PostRow, StreamError> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Delete, Target::Post(&f)))?;
        let tx = self.store.begin().await?;
        tx.delete_post(id).await?;
        if post.author_id != actor.id {
            tx.audit(plein_store::audit::AuditEntry {
                actor_id: Some(actor.id),
                action: "post.remove",
                object: Some(format!("post:{id}")),
                success: true,
                detail: Some(serde_json::json!({ "author": post.author_id, "space": post.space_id })),
                ..Default::default()
            })
            .await?;
        }
        tx.commit().await?;
        Ok(post)
    }

    /// Removes a comment (its author, or whoever may remove the post it is on).
    pub async fn delete_comment(&self, actor: &Actor, id: i64) -> Result<i64, StreamError> {
        let c = self.store.comment_by_id(id).await?.ok_or(StreamError::NotFound)?;
        let (_, f) = self.readable_post(actor, c.target_id).await?;
        if c.author_id != actor.id {
            check(authorize(Some(actor), Action::Delete, Target::Post(&PostFacts { author: -1, ..f })))?;
        }
        let tx = self.store.begin().await?;
        tx.delete_comment(id).await?;
        tx.commit().await?;
        Ok(c.target_id)
    }

    /// Pins or unpins a post in its space.
    pub async fn pin_post(&self, actor: &Actor, id: i64, pinned: bool) -> Result<PostRow, StreamError> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Pin, Target::Post(&f)))?;
        self.store.set_pinned(id, pinned).await?;
        Ok(post)
    }

    /// Follows or unfollows a space the actor may see, or a person.
    pub async fn follow(&self, actor: &Actor, kind: &'static str, id: i64, on: bool) -> Result<(), StreamError> {
        match kind {
            "space" => {
                let space = self.store.space_by_id(id).await?.ok_or(StreamError::NotFound)?;
                check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
            }
            _ => {
                let f = PostFacts { container: Container::Profile(id), author: id, deleted: false };
                check(authorize(Some(actor), Action::Read, Target::Post(&f)))?;
                self.store.user_by_id(id).await?.ok_or(StreamError::NotFound)?;
            }
        }
        self.store.set_follow(actor.id, if kind == "space" { "space" } else { "user" }, id, on).await?;
        Ok(())
    }

    /// Whether the actor follows a person or space.
    pub async fn follows(&self, actor: &Actor, kind: &'static str, id: i64) -> Result<bool, StreamError> {
        let (people, spaces) = self.store.follows_of(actor.id).await?;
        Ok(if kind == "space" { spaces.contains(&id) } else { people.contains(&id) })
    }
}
