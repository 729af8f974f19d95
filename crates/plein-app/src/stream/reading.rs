//! Reading streams: the home stream, a space's, a profile's and a topic's, one post with its comments, likers and pictures; every item passes the policy.

use super::*;

impl App {
    /// Turns stream rows into what the reader sees, dropping any the reader may not read.
    pub(crate) fn views(actor: &Actor, items: Vec<StreamItem>) -> Vec<PostView> {
        let mut out = Vec::with_capacity(items.len());
        for mut item in items {
            let (container, place) = match (item.space_id, item.profile_id) {
                (Some(id), _) => {
                    let space = crate::spaces::joined_facts(
                        id,
                        item.space_visibility,
                        item.space_archived_at.is_some(),
                        item.space_allows_guests,
                        item.space_admins_post,
                    );
                    (Container::Space(space), Place::Space { id, name: item.space_name.take().unwrap_or_default() })
                }
                (None, Some(id)) => {
                    (Container::Profile(id), Place::Profile { id, name: item.profile_name.take().unwrap_or_default() })
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
            let poll = item.poll_multiple.map(|multiple| {
                let options = item.poll_options.take().unwrap_or_default();
                PollView {
                    question: item.poll_question.take().unwrap_or_default(),
                    multiple,
                    closes_at: item.poll_closes_at,
                    closed: item.poll_closes_at.is_some_and(|at| at <= now()),
                    total: options.iter().map(|o| o.votes).sum(),
                    voted: options.iter().any(|o| o.mine),
                    options,
                }
            });
            let images = item.images.take().unwrap_or_default();
            let (liked, post) = (item.liked, item.take_post());
            let author = Author {
                id: item.author_id,
                name: item.author_name,
                external: item.author_kind == UserKind::Guest,
                former: item.author_status != UserStatus::Active,
                photo: item.author_photo_at.map(|at| at.timestamp()),
            };
            out.push(PostView { liked, post, author, place, can, poll, facts: f, images });
        }
        out
    }

    pub(crate) async fn authors(&self, ids: &[i64]) -> Result<HashMap<i64, Author>> {
        let photos = self.store.image_versions(false, ids).await?;
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
                    photo: photos.get(&u.id).map(|at| at.timestamp()),
                    name: u.display_name,
                };
                (u.id, author)
            })
            .collect())
    }

    pub(crate) async fn page(&self, actor: &Actor, sources: StreamSources, before: Option<i64>) -> Result<StreamPage> {
        let posts = self.store.stream(actor.id, &sources, before, PAGE_SIZE + 1).await?;
        Ok(App::stream_page(actor, posts))
    }

    /// A page of at most [`PAGE_SIZE`] of `posts` (read one beyond, to know whether more follow).
    fn stream_page(actor: &Actor, posts: Vec<StreamItem>) -> StreamPage {
        let more = posts.len() as u64 > PAGE_SIZE;
        let posts: Vec<StreamItem> = posts.into_iter().take(PAGE_SIZE as usize).collect();
        let next = if more { posts.last().map(|p| p.id) } else { None };
        StreamPage { items: App::views(actor, posts), next }
    }
}

impl Stream<'_> {
    /// The reader's home stream: their spaces, the spaces and people they follow, the posts that
    /// mention them, and (for employees) their own profile.
    pub async fn read_home_stream(&self, actor: &Actor, before: Option<i64>) -> Result<StreamPage> {
        self.page(actor, home_sources(actor), before).await
    }

    /// The home page: a page of the home stream (as [`Stream::read_home_stream`]) and the reader's
    /// spaces (as [`crate::spaces::Spaces::list_my_spaces`]), read in one round trip (the spaces' cards
    /// come from what the node keeps while the mark stands).
    pub async fn read_home(&self, actor: &Actor, before: Option<i64>) -> Result<Home> {
        // What the first page reads of news comes in the same query.
        let ask = before.is_none().then(|| self.ask_home_news(actor));
        let confirmable = ask.as_ref().map(|a| a.confirmable.as_slice()).unwrap_or_default();
        let rows = self.store.home(actor.id, &home_sources(actor), before, PAGE_SIZE + 1, confirmable).await?;
        let spaces = self.my_home_spaces(actor, rows.news.mark, rows.memberships).await?;
        let news = match ask {
            Some(ask) => self.answer_home_news(actor, ask, rows.news).await?,
            None => crate::news::HomeNews::default(),
        };
        Ok(Home { stream: App::stream_page(actor, rows.items), spaces, news })
    }

    /// A space's stream, for those who may read the space.
    pub async fn read_space_stream(&self, actor: &Actor, space_id: i64, before: Option<i64>) -> Result<StreamPage> {
        let space = self.store.space_by_id(space_id).await?.ok_or(Error::NotFound)?;
        self.stream().read_space_stream_in(actor, &space, before).await
    }

    /// A space's stream, for a space the caller already read.
    pub async fn read_space_stream_in(
        &self,
        actor: &Actor,
        space: &SpaceRow,
        before: Option<i64>,
    ) -> Result<StreamPage> {
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(space))))?;
        let sources = StreamSources { spaces: vec![space.id], profiles: Vec::new(), mentions: false, follows: None };
        self.page(actor, sources, before).await
    }

    /// The pinned posts `ids` of a space the caller already read (see [`crate::spaces::SpaceView`]).
    pub async fn list_pinned_posts(&self, actor: &Actor, space: &SpaceRow, ids: &[i64]) -> Result<Vec<PostView>> {
        check(authorize(Some(actor), Action::Read, Target::Space(&facts(space))))?;
        let items = self.store.post_items(actor.id, ids).await?;
        Ok(App::views(actor, items.into_iter().filter(|i| i.space_id == Some(space.id)).collect()))
    }

    /// The posts on a person's profile, for employees (guests have no profile streams).
    pub async fn read_profile_stream(&self, actor: &Actor, user_id: i64, before: Option<i64>) -> Result<StreamPage> {
        let f = PostFacts::live(Container::Profile(user_id), user_id);
        if !authorize(Some(actor), Action::Read, Target::Post(&f)).allowed() {
            return Ok(StreamPage::default());
        }
        let sources = StreamSources { spaces: Vec::new(), profiles: vec![user_id], mentions: false, follows: None };
        self.page(actor, sources, before).await
    }

    /// Posts with a topic that the reader may read, newest first. Topic posts come from every
    /// container, so candidates are read in batches and each is checked by the policy.
    pub async fn read_topic_stream(&self, actor: &Actor, topic: &str, before: Option<i64>) -> Result<StreamPage> {
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
            items.extend(App::views(actor, self.store.post_items(actor.id, &ids).await?));
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

    /// A post with its comments (replies nested under the comment they answer).
    pub async fn read_post(&self, actor: &Actor, id: i64) -> Result<(PostView, Vec<CommentView>)> {
        // The views keep only what the policy lets the actor read.
        let view = App::views(actor, self.store.post_items(actor.id, &[id]).await?).pop().ok_or(Error::NotFound)?;
        let thread = comments::Thread::Post(Box::new(view.post.clone()), view.facts);
        let comments = self.comment_views(actor, &thread).await?;
        Ok((view, comments))
    }

    /// Who likes a post, for those who may read it.
    pub async fn list_likers(&self, actor: &Actor, post_id: i64) -> Result<Vec<Author>> {
        self.readable_post(actor, post_id).await?;
        let ids = self.store.likers(LikeTarget::Post(post_id), 200).await?;
        let authors = self.authors(&ids).await?;
        Ok(ids.iter().filter_map(|id| authors.get(id).cloned()).collect())
    }

    /// A post's picture at `position` (0 first), or its thumbnail, for those who may read the post.
    pub async fn read_post_image(
        &self,
        actor: &Actor,
        (post_id, position): (i64, i32),
        thumb: bool,
    ) -> Result<Vec<u8>> {
        self.readable_post(actor, post_id).await?;
        self.store.post_image(post_id, position, thumb).await?.ok_or(Error::NotFound)
    }
}

/// Where the reader's home stream comes from: their spaces, the spaces and people they follow
/// (joined inside the stream query, limited to what their scope lets them read), the posts that
/// mention them, and (for employees) their own profile.
fn home_sources(actor: &Actor) -> StreamSources {
    let scope = plein_core::policy::visibility(Some(actor));
    let readable = &scope.readable_spaces;
    let visibilities = if readable.all { &SpaceVisibility::ALL[..] } else { &readable.visibilities[..] };
    let follows = FollowSources { space_visibilities: visibilities.to_vec(), people: scope.profile_posts };
    let profiles = if scope.profile_posts { vec![actor.id] } else { Vec::new() };
    let spaces = actor.memberships.keys().copied().collect();
    StreamSources { spaces, profiles, mentions: true, follows: Some(follows) }
}
