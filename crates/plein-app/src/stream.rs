//! The social stream: posts in spaces and on profiles, comments, likes and follows, and the
//! streams that show them. Every item passes the policy: a stream only reads containers the
//! reader may read, and every single post is authorized again before it is shown or touched.

use std::collections::{BTreeSet, HashMap};

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, Container, PersonFacts, PostFacts, SpaceVisibility, Target, authorize};
use plein_core::{UserKind, UserStatus};
use plein_store::now;
use plein_store::spaces::SpaceRow;
use plein_store::stream::{
    CommentRow, FollowSources, InsertComment, InsertPost, LikeTarget, PictureInfo, PostPlace, PostRow, StreamItem,
    StreamSources,
};

use crate::error::{Code, Error, Problem, Result, check};
use crate::notifications::LiveEvent;
use crate::social::Audience;
use crate::spaces::facts;
use crate::{App, markdown};

/// Posts on one page of a stream.
pub const PAGE_SIZE: u64 = 20;
/// The longest post.
pub const MAX_POST: usize = 10_000;
/// The longest comment.
pub const MAX_COMMENT: usize = 5_000;

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
    /// Report it to its moderators.
    pub report: bool,
    /// Hide or remove it as a moderator.
    pub moderate: bool,
}

/// A poll as one reader sees it.
#[derive(Clone, Debug)]
pub struct PollView {
    /// Whether several options may be chosen.
    pub multiple: bool,
    /// When voting ends.
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether voting has ended.
    pub closed: bool,
    /// The options with their counts and the reader's choices.
    pub options: Vec<plein_store::social::PollOption>,
    /// All votes cast.
    pub total: i64,
    /// Whether the reader voted.
    pub voted: bool,
}

impl PollView {
    /// An option's share of the votes, in whole percents.
    pub fn percent(&self, votes: &i64) -> i64 {
        if self.total == 0 { 0 } else { (votes * 100 + self.total / 2) / self.total }
    }
}

/// A poll as the composer gives it.
#[derive(Clone, Debug, Default)]
pub struct PollInput {
    /// The options, one per line as typed.
    pub options: Vec<String>,
    /// Whether several may be chosen.
    pub multiple: bool,
    /// When voting ends, if ever.
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new post as the composer gives it.
#[derive(Clone, Debug)]
pub struct NewPost {
    /// Where it goes.
    pub place: PostPlace,
    /// The text (Markdown).
    pub body: String,
    /// A poll, if any.
    pub poll: Option<PollInput>,
    /// Its pictures (each upload with its text alternative), at most [`MAX_IMAGES`].
    pub images: Vec<(Vec<u8>, String)>,
}

/// The longest text alternative of a picture.
pub const MAX_ALT: usize = 300;
/// The most pictures one post carries.
pub const MAX_IMAGES: usize = 4;

/// Checks each picture's text alternative, then turns the uploads into pictures and thumbnails;
/// an error names the picture (0 first) it is about.
async fn pictures(uploads: Vec<(Vec<u8>, String)>) -> Result<Vec<(crate::images::PostImage, String)>> {
    if uploads.len() > MAX_IMAGES {
        return Err(Error::Invalid(Problem::at("images", MAX_IMAGES, Code::ImageTooMany)));
    }
    let mut checked = Vec::with_capacity(uploads.len());
    for (i, (upload, alt)) in uploads.into_iter().enumerate() {
        let Ok(alt) = plein_core::text::long(alt.trim()) else {
            return Err(Error::Invalid(Problem::at("images", i, Code::ImageAlt)));
        };
        if alt.is_empty() || alt.chars().count() > MAX_ALT {
            return Err(Error::Invalid(Problem::at("images", i, Code::ImageAlt)));
        }
        checked.push((upload, alt));
    }
    let mut out = Vec::with_capacity(checked.len());
    for (i, (upload, alt)) in checked.into_iter().enumerate() {
        let processed = crate::images::process_post_image(upload).await.map_err(|e| e.at_item("images", i))?;
        out.push((processed, alt));
    }
    Ok(out)
}

/// The longest poll option.
pub const MAX_POLL_OPTION: usize = 200;

fn poll(input: PollInput) -> Result<plein_store::social::NewPoll> {
    let options: Vec<String> = input.options.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
    let distinct: BTreeSet<String> = options.iter().map(|o| o.to_lowercase()).collect();
    if !(2..=10).contains(&options.len())
        || distinct.len() != options.len()
        || options.iter().any(|o| o.chars().count() > MAX_POLL_OPTION || plein_core::text::line(o).is_err())
    {
        return Err(Error::invalid("poll", Code::PollOptions));
    }
    if input.closes_at.is_some_and(|at| at <= now()) {
        return Err(Error::invalid("poll", Code::PollCloses));
    }
    Ok(plein_store::social::NewPoll { multiple: input.multiple, closes_at: input.closes_at, options })
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
    /// Its poll.
    pub poll: Option<PollView>,
    /// What the policy knows of it.
    pub facts: PostFacts,
    /// Its pictures, in their order.
    pub images: Vec<PictureInfo>,
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
    /// Whether the reader may like it.
    pub can_react: bool,
    /// Whether the reader may remove it.
    pub can_delete: bool,
    /// Whether the reader may report it.
    pub can_report: bool,
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

/// A comment as the policy sees it: content by its own author in its post's container, removed
/// or hidden when it or its post is. Reading, liking, removing, reporting and hiding a comment are
/// the policy's answers about these facts.
pub fn comment_facts(post: &PostFacts, c: &CommentRow) -> PostFacts {
    PostFacts {
        container: post.container,
        author: c.author_id,
        deleted: post.deleted || c.deleted_at.is_some(),
        hidden: post.hidden || c.hidden_at.is_some(),
    }
}

fn text(raw: &str, max: usize) -> Result<String> {
    let t = plein_core::text::long(raw.trim()).map_err(|e| Error::invalid("body", e))?;
    if t.is_empty() {
        return Err(Error::invalid("body", FieldError::Required));
    }
    if t.chars().count() > max {
        return Err(Error::invalid("body", FieldError::TooLong { max }));
    }
    Ok(t)
}

impl App {
    /// The facts the policy needs about a post, with its space when it has one.
    async fn post_facts(&self, post: &PostRow) -> Result<(PostFacts, Option<SpaceRow>)> {
        let (container, space) = match (post.space_id, post.profile_id) {
            (Some(id), _) => {
                let space = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
                (Container::Space(facts(&space)), Some(space))
            }
            (None, Some(profile)) => (Container::Profile(profile), None),
            (None, None) => return Err(Error::NotFound),
        };
        Ok((
            PostFacts {
                container,
                author: post.author_id,
                deleted: post.deleted_at.is_some(),
                hidden: post.hidden_at.is_some(),
            },
            space,
        ))
    }

    /// What the policy needs to know of a post, if it exists.
    pub(crate) async fn post_facts_by_id(&self, id: i64) -> Result<Option<PostFacts>> {
        let Some(post) = self.store.post_by_id(id).await? else { return Ok(None) };
        Ok(Some(self.post_facts(&post).await?.0))
    }

    /// A post the actor may read, with its facts.
    pub(crate) async fn readable_post(&self, actor: &Actor, id: i64) -> Result<(PostRow, PostFacts)> {
        let post = self.store.post_by_id(id).await?.ok_or(Error::NotFound)?;
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
                    let space = crate::spaces::joined_facts(
                        id,
                        item.space_visibility,
                        item.space_archived_at.is_some(),
                        item.space_allows_guests,
                        item.space_admins_post,
                    );
                    (Container::Space(space), Place::Space { id, name: item.space_name.clone().unwrap_or_default() })
                }
                (None, Some(id)) => {
                    (Container::Profile(id), Place::Profile { id, name: item.profile_name.clone().unwrap_or_default() })
                }
                (None, None) => continue,
            };
            let f = PostFacts {
                container,
                author: item.author_id,
                deleted: item.deleted_at.is_some(),
                hidden: item.hidden_at.is_some(),
            };
            let may = |action| authorize(Some(actor), action, Target::Post(&f)).allowed();
            if !may(Action::Read) {
                continue;
            }
            let can = Abilities {
                react: may(Action::React),
                edit: may(Action::Edit),
                delete: may(Action::Delete),
                pin: may(Action::Pin),
                report: may(Action::Report),
                moderate: may(Action::Moderate),
            };
            let author = Author {
                id: item.author_id,
                name: item.author_name.clone(),
                external: item.author_kind == UserKind::Guest,
                former: item.author_status != UserStatus::Active,
            };
            let poll = item.poll_multiple.map(|multiple| {
                let options = item.poll_options.clone().unwrap_or_default();
                PollView {
                    multiple,
                    closes_at: item.poll_closes_at,
                    closed: item.poll_closes_at.is_some_and(|at| at <= now()),
                    total: options.iter().map(|o| o.votes).sum(),
                    voted: options.iter().any(|o| o.mine),
                    options,
                }
            });
            let images = item.images.clone().unwrap_or_default();
            out.push(PostView { liked: item.liked, post: item.post(), author, place, can, poll, facts: f, images });
        }
        out
    }

    async fn authors(&self, ids: &[i64]) -> Result<HashMap<i64, Author>> {
        Ok(self
            .store
            .users_by_ids(ids)
            .await?
            .into_iter()
            .map(|u| {
                let author = Author {
                    id: u.id,
                    external: u.kind == UserKind::Guest,
                    former: u.status != UserStatus::Active,
                    name: u.display_name,
                };
                (u.id, author)
            })
            .collect())
    }

    async fn page(&self, actor: &Actor, sources: StreamSources, before: Option<i64>) -> Result<StreamPage> {
        let posts = self.store.stream(actor.id, &sources, before, PAGE_SIZE + 1).await?;
        let more = posts.len() as u64 > PAGE_SIZE;
        let posts: Vec<StreamItem> = posts.into_iter().take(PAGE_SIZE as usize).collect();
        let next = if more { posts.last().map(|p| p.id) } else { None };
        Ok(StreamPage { items: Self::views(actor, posts), next })
    }

    /// The reader's home stream: their spaces, the spaces and people they follow, the posts that
    /// mention them, and (for employees) their own profile.
    pub async fn home_stream(&self, actor: &Actor, before: Option<i64>) -> Result<StreamPage> {
        // Followed spaces and people join inside the stream query, limited to what the scope lets the actor read.
        let scope = plein_core::policy::visibility(Some(actor));
        let readable = &scope.readable_spaces;
        let visibilities = if readable.all { &SpaceVisibility::ALL[..] } else { &readable.visibilities[..] };
        let space_visibilities = visibilities.to_vec();
        let follows = FollowSources { space_visibilities, people: scope.profile_posts };
        let profiles = if scope.profile_posts { vec![actor.id] } else { Vec::new() };
        let spaces = actor.memberships.keys().copied().collect();
        let sources = StreamSources { spaces, profiles, mentions: true, follows: Some(follows) };
        self.page(actor, sources, before).await
    }

    /// A space's stream, for those who may read the space.
    pub async fn space_stream(&self, actor: &Actor, space_id: i64, before: Option<i64>) -> Result<StreamPage> {
        let space = self.store.space_by_id(space_id).await?.ok_or(Error::NotFound)?;
        self.space_stream_in(actor, &space, before).await
    }

    /// A space's stream, for a space the caller already read.
    pub async fn space_stream_in(&self, actor: &Actor, space: &SpaceRow, before: Option<i64>) -> Result<StreamPage> {
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(space))))?;
        let sources = StreamSources { spaces: vec![space.id], profiles: Vec::new(), mentions: false, follows: None };
        self.page(actor, sources, before).await
    }

    /// The pinned posts `ids` of a space the caller already read (see [`crate::spaces::SpaceView`]).
    pub async fn pinned_in(&self, actor: &Actor, space: &SpaceRow, ids: &[i64]) -> Result<Vec<PostView>> {
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(space))))?;
        let items = self.store.post_items(actor.id, ids).await?;
        Ok(Self::views(actor, items.into_iter().filter(|i| i.space_id == Some(space.id)).collect()))
    }

    /// The posts on a person's profile, for employees (guests have no profile streams).
    pub async fn profile_stream(&self, actor: &Actor, user_id: i64, before: Option<i64>) -> Result<StreamPage> {
        let f = PostFacts::live(Container::Profile(user_id), user_id);
        if !authorize(Some(actor), Action::Read, Target::Post(&f)).allowed() {
            return Ok(StreamPage::default());
        }
        let sources = StreamSources { spaces: Vec::new(), profiles: vec![user_id], mentions: false, follows: None };
        self.page(actor, sources, before).await
    }

    /// Posts with a topic that the reader may read, newest first. Topic posts come from every
    /// container, so candidates are read in batches and each is checked by the policy.
    pub async fn topic_stream(&self, actor: &Actor, topic: &str, before: Option<i64>) -> Result<StreamPage> {
        let topic = topic.trim().trim_start_matches('#').to_lowercase();
        if topic.is_empty() || topic.chars().count() > markdown::MAX_TOPIC {
            return Ok(StreamPage::default());
        }
        let mut items = Vec::new();
        let mut cursor = before;
        let mut exhausted = false;
        for _ in 0..10 {
            let ids = self.store.topic_posts(&topic, cursor, 100).await?;
            exhausted = ids.len() < 100;
            cursor = ids.last().copied().or(cursor);
            items.extend(Self::views(actor, self.store.post_items(actor.id, &ids).await?));
            if items.len() > PAGE_SIZE as usize || exhausted {
                break;
            }
        }
        items.sort_by_key(|p| std::cmp::Reverse(p.post.id));
        let more = items.len() > PAGE_SIZE as usize;
        items.truncate(PAGE_SIZE as usize);
        let next = if more {
            items.last().map(|p| p.post.id)
        } else if exhausted {
            None
        } else {
            // Ten batches held too few readable posts: the next page goes on from there.
            cursor
        };
        Ok(StreamPage { items, next })
    }

    /// Posts in a space, or on the actor's own profile.
    pub async fn create_post(&self, actor: &Actor, place: PostPlace, body: &str) -> Result<PostRow> {
        self.publish(actor, NewPost { place, body: body.to_owned(), poll: None, images: Vec::new() }).await
    }

    /// Posts, with a poll and pictures when given. The people it mentions who may read it are
    /// linked and told; its topics are stored; followers of its place are told. Nothing is stored
    /// unless all of it is valid.
    pub async fn publish(&self, actor: &Actor, new: NewPost) -> Result<PostRow> {
        let NewPost { place, body, poll: poll_input, images } = new;
        let container = match place {
            PostPlace::Space(id) => {
                let space = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
                check(authorize(Some(actor), Action::Post, Target::Space(&facts(&space))))?;
                Container::Space(facts(&space))
            }
            PostPlace::Profile(id) => {
                let person = PersonFacts { id, kind: actor.kind, spaces: BTreeSet::new() };
                check(authorize(Some(actor), Action::Post, Target::Person(&person)))?;
                Container::Profile(id)
            }
        };
        let body = text(&body, MAX_POST)?;
        let poll = poll_input.map(poll).transpose()?;
        let images = pictures(images).await?;
        let f = PostFacts::live(container, actor.id);
        let (links, mentioned) = self.resolve_mentions(actor, &body, &f).await?;
        let body_html = markdown::render_with_links(&body, &links);
        let topics = markdown::topics(&body);
        let ids: Vec<i64> = mentioned.iter().map(|r| r.id).collect();
        let name = self.author_name(actor, !mentioned.is_empty()).await?;
        let audience = self.post_audience(actor, &f, mentioned, false).await?;
        // The post, what it says, and who hears of it: one transaction.
        let tx = self.store.begin().await?;
        let post =
            tx.insert_post(InsertPost { place, author_id: actor.id, body, body_html, created_at: now() }).await?;
        if !ids.is_empty() {
            tx.set_post_mentions(post.id, &ids).await?;
        }
        if !topics.is_empty() {
            tx.set_post_topics(post.id, &topics).await?;
        }
        if let Some(poll) = &poll {
            tx.insert_poll(post.id, poll).await?;
        }
        for (position, (img, alt)) in images.into_iter().enumerate() {
            tx.insert_post_image((post.id, position), &alt, (img.width, img.height), img.jpeg, img.thumb).await?;
        }
        let counted = tx.notify(&audience.notices(post.id, None)).await?;
        self.enqueue_mails(&tx, self.mention_mails(&audience, &name, &post.body, post.id)).await?;
        tx.commit().await?;
        let posted = LiveEvent::Posted { id: post.id, facts: f, author: actor.id };
        self.tell(counted, Some(posted));
        Ok(post)
    }

    /// A post's picture at `position` (0 first), or its thumbnail, for those who may read the post.
    pub async fn post_image(&self, actor: &Actor, (post_id, position): (i64, i32), thumb: bool) -> Result<Vec<u8>> {
        self.readable_post(actor, post_id).await?;
        self.store.post_image(post_id, position, thumb).await?.ok_or(Error::NotFound)
    }

    /// The actor's name, for mails (read only when one will be sent).
    async fn author_name(&self, actor: &Actor, needed: bool) -> Result<String> {
        if !needed {
            return Ok(String::new());
        }
        Ok(self.store.user_by_id(actor.id).await?.map(|u| u.display_name).unwrap_or_default())
    }

    /// Votes in a post's poll (replacing the actor's earlier votes).
    pub async fn vote(&self, actor: &Actor, post_id: i64, choices: &[i64]) -> Result<()> {
        let (_, f) = self.readable_post(actor, post_id).await?;
        check(authorize(Some(actor), Action::React, Target::Post(&f)))?;
        let (multiple, closes_at, options) = self.store.poll(post_id).await?.ok_or(Error::NotFound)?;
        if closes_at.is_some_and(|at| at <= now()) {
            return Err(Error::invalid("poll", Code::PollClosed));
        }
        let options: BTreeSet<i64> = options.into_iter().collect();
        let chosen: BTreeSet<i64> = choices.iter().copied().collect();
        let single = !multiple;
        if chosen.is_empty() || !chosen.is_subset(&options) || (single && chosen.len() != 1) {
            return Err(Error::invalid("poll", Code::PollChoice));
        }
        let chosen: Vec<i64> = chosen.into_iter().collect();
        let tx = self.store.begin().await?;
        tx.vote(post_id, actor.id, &chosen).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A post with its comments (replies nested under the comment they answer).
    pub async fn post(&self, actor: &Actor, id: i64) -> Result<(PostView, Vec<CommentView>)> {
        // The views keep only what the policy lets the actor read.
        let view = Self::views(actor, self.store.post_items(actor.id, &[id]).await?).pop().ok_or(Error::NotFound)?;
        let f = view.facts;
        let comments = self.store.comments_on(id, 500).await?;
        let people: Vec<i64> = comments.iter().map(|c| c.author_id).collect::<BTreeSet<_>>().into_iter().collect();
        let authors = self.authors(&people).await?;
        let ids: Vec<i64> = comments.iter().map(|c| c.id).collect();
        let liked = self.store.liked_by(actor.id, "comment", &ids).await?;
        let mut top: Vec<CommentView> = Vec::new();
        let mut replies: HashMap<i64, Vec<CommentView>> = HashMap::new();
        for c in comments {
            let cf = comment_facts(&f, &c);
            let may = |action| authorize(Some(actor), action, Target::Post(&cf)).allowed();
            if !may(Action::Read) {
                continue;
            }
            let author = authors.get(&c.author_id).cloned().unwrap_or(Author {
                id: c.author_id,
                name: String::new(),
                external: false,
                former: true,
            });
            let v = CommentView {
                liked: liked.contains(&c.id),
                can_react: may(Action::React),
                can_delete: may(Action::Delete),
                can_report: may(Action::Report),
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
    pub async fn comment(&self, actor: &Actor, post_id: i64, parent: Option<i64>, body: &str) -> Result<CommentRow> {
        let (post, f) = self.readable_post(actor, post_id).await?;
        check(authorize(Some(actor), Action::React, Target::Post(&f)))?;
        let parent_id = match parent {
            Some(id) => {
                let (c, ..) = self.readable_comment(actor, id).await?;
                if c.target_id != post_id {
                    return Err(Error::NotFound);
                }
                Some(c.parent_id.unwrap_or(c.id))
            }
            None => None,
        };
        let body = text(body, MAX_COMMENT)?;
        let (links, mentioned) = self.resolve_mentions(actor, &body, &f).await?;
        let body_html = markdown::render_with_links(&body, &links);
        let name = self.author_name(actor, !mentioned.is_empty()).await?;
        let audience = self.comment_audience(actor, &post, &f, mentioned).await?;
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
        let counted =
            tx.notify_among(&audience.notices(post_id, Some(row.id)), audience.conversation.as_deref()).await?;
        self.enqueue_mails(&tx, self.mention_mails(&audience, &name, &row.body, post_id)).await?;
        tx.commit().await?;
        self.tell(counted, None);
        Ok(row)
    }

    /// Likes or unlikes a post or a comment the actor may react to.
    pub async fn like(&self, actor: &Actor, target: LikeTarget, on: bool) -> Result<()> {
        let (post_id, comment, f) = match target {
            LikeTarget::Post(id) => {
                let (_, f) = self.readable_post(actor, id).await?;
                check(authorize(Some(actor), Action::React, Target::Post(&f)))?;
                (id, None, f)
            }
            LikeTarget::Comment(id) => {
                let (c, _, f, cf) = self.readable_comment(actor, id).await?;
                check(authorize(Some(actor), Action::React, Target::Post(&cf)))?;
                (c.target_id, Some((c.id, c.author_id)), f)
            }
        };
        let audience = if on { self.like_audience(actor, &f, comment).await? } else { Audience::default() };
        let tx = self.store.begin().await?;
        let changed = tx.set_like(target, actor.id, on).await?;
        let counted =
            if changed { tx.notify(&audience.notices(post_id, comment.map(|c| c.0))).await? } else { Vec::new() };
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// Who likes a post, for those who may read it.
    pub async fn likers(&self, actor: &Actor, post_id: i64) -> Result<Vec<Author>> {
        self.readable_post(actor, post_id).await?;
        let ids = self.store.likers(LikeTarget::Post(post_id), 200).await?;
        let authors = self.authors(&ids).await?;
        Ok(ids.iter().filter_map(|id| authors.get(id).cloned()).collect())
    }

    /// Changes the text of the actor's own post; it shows as edited.
    pub async fn edit_post(&self, actor: &Actor, id: i64, body: &str) -> Result<()> {
        let (_, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Edit, Target::Post(&f)))?;
        let body = text(body, MAX_POST)?;
        let (links, mentioned) = self.resolve_mentions(actor, &body, &f).await?;
        let html = markdown::render_with_links(&body, &links);
        let before: BTreeSet<i64> = self.store.post_mentions(id).await?.into_iter().collect();
        let ids: Vec<i64> = mentioned.iter().map(|r| r.id).collect();
        // Only the newly mentioned hear of it; followers heard of the post when it appeared.
        let new: Vec<_> = mentioned.into_iter().filter(|r| !before.contains(&r.id)).collect();
        let name = self.author_name(actor, !new.is_empty()).await?;
        let audience = self.post_audience(actor, &f, new, true).await?;
        let tx = self.store.begin().await?;
        tx.edit_post(id, body.clone(), html).await?;
        tx.set_post_mentions(id, &ids).await?;
        tx.set_post_topics(id, &markdown::topics(&body)).await?;
        let counted = tx.notify(&audience.notices(id, None)).await?;
        self.enqueue_mails(&tx, self.mention_mails(&audience, &name, &body, id)).await?;
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// Removes a post (its author, the space's managers, moderators); returns where it was.
    pub async fn delete_post(&self, actor: &Actor, id: i64) -> Result<PostRow> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Delete, Target::Post(&f)))?;
        let tx = self.store.begin().await?;
        tx.delete_post(id).await?;
        // Reports about it, or its comments, have nothing left to decide.
        tx.resolve_post_reports(id, actor.id, "removed").await?;
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
    pub async fn delete_comment(&self, actor: &Actor, id: i64) -> Result<i64> {
        let (c, _, _, cf) = self.readable_comment(actor, id).await?;
        check(authorize(Some(actor), Action::Delete, Target::Post(&cf)))?;
        let tx = self.store.begin().await?;
        tx.delete_comment(id).await?;
        tx.resolve_reports(c.target_id, Some(id), actor.id, "removed").await?;
        tx.commit().await?;
        Ok(c.target_id)
    }

    /// The post a comment the actor may read is on.
    pub async fn comment_post(&self, actor: &Actor, comment_id: i64) -> Result<i64> {
        Ok(self.readable_comment(actor, comment_id).await?.0.target_id)
    }

    /// A live comment the actor may read: the comment, its post, the post's facts and the
    /// comment's own (see [`comment_facts`]).
    pub(crate) async fn readable_comment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(CommentRow, PostRow, PostFacts, PostFacts)> {
        let c = self.store.comment_by_id(id).await?.ok_or(Error::NotFound)?;
        let (post, f) = self.readable_post(actor, c.target_id).await?;
        let cf = comment_facts(&f, &c);
        check(authorize(Some(actor), Action::Read, Target::Post(&cf)))?;
        Ok((c, post, f, cf))
    }

    /// Pins or unpins a post in its space.
    pub async fn pin_post(&self, actor: &Actor, id: i64, pinned: bool) -> Result<PostRow> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Pin, Target::Post(&f)))?;
        self.store.set_pinned(id, pinned).await?;
        Ok(post)
    }

    /// Follows or unfollows a space the actor may see, or a person.
    pub async fn follow(&self, actor: &Actor, kind: &'static str, id: i64, on: bool) -> Result<()> {
        match kind {
            "space" => {
                let space = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
                check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
            }
            _ => {
                let f = PostFacts::live(Container::Profile(id), id);
                check(authorize(Some(actor), Action::Read, Target::Post(&f)))?;
                self.store.user_by_id(id).await?.ok_or(Error::NotFound)?;
            }
        }
        self.store.set_follow(actor.id, if kind == "space" { "space" } else { "user" }, id, on).await?;
        Ok(())
    }

    /// Whether the actor follows a person or space.
    pub async fn follows(&self, actor: &Actor, kind: &'static str, id: i64) -> Result<bool> {
        let (people, spaces) = self.store.follows_of(actor.id).await?;
        Ok(if kind == "space" { spaces.contains(&id) } else { people.contains(&id) })
    }
}
