//! Comments and replies, on posts and on news (the one comment model): writing, reading,
//! removing, and finding what a comment is on.

use plein_core::policy::{NewsCommentFacts, NewsFacts};
use plein_store::stream::CommentOn;

use super::*;

/// What a thread of comments is on, with the facts the policy judges it and its comments by.
#[derive(Clone, Debug)]
pub(crate) enum Thread {
    /// A post.
    Post(Box<PostRow>, PostFacts),
    /// A news item: its id, facts and editor.
    News(i64, NewsFacts, i64),
}

impl Thread {
    /// What the thread is on.
    pub(crate) fn on(&self) -> CommentOn {
        match self {
            Thread::Post(post, _) => CommentOn::Post(post.id),
            Thread::News(id, ..) => CommentOn::News(*id),
        }
    }

    /// The policy's answer for `action` on the item itself.
    pub(crate) fn item(&self, actor: &Actor, action: Action) -> plein_core::policy::Decision {
        match self {
            Thread::Post(_, f) => authorize(Some(actor), action, Target::Post(f)),
            Thread::News(_, f, _) => authorize(Some(actor), action, Target::News(f)),
        }
    }

    /// The policy's answer for `action` on one of its comments.
    pub(crate) fn comment(&self, actor: &Actor, action: Action, c: &CommentRow) -> plein_core::policy::Decision {
        match self {
            Thread::Post(_, f) => authorize(Some(actor), action, Target::Post(&comment_facts(f, c))),
            Thread::News(_, news, _) => {
                let facts = NewsCommentFacts {
                    news,
                    author: c.author_id,
                    deleted: c.deleted_at.is_some(),
                    hidden: c.hidden_at.is_some(),
                };
                authorize(Some(actor), action, Target::NewsComment(&facts))
            }
        }
    }
}

impl App {
    /// The thread on a post or news item the actor may read.
    pub(crate) async fn readable_thread(&self, actor: &Actor, on: CommentOn) -> Result<Thread> {
        Ok(match on {
            CommentOn::Post(id) => {
                let (post, f) = self.readable_post(actor, id).await?;
                Thread::Post(Box::new(post), f)
            }
            CommentOn::News(id) => {
                let (row, f) = self.news().readable_news(actor, id).await?;
                Thread::News(id, f, row.author_id)
            }
        })
    }

    /// A live comment the actor may read, with its thread.
    pub(crate) async fn readable_comment(&self, actor: &Actor, id: i64) -> Result<(CommentRow, Thread)> {
        let c = self.store.comment_by_id(id).await?.ok_or(Error::NotFound)?;
        let thread = self.readable_thread(actor, c.on()).await?;
        check(thread.comment(actor, Action::Read, &c))?;
        Ok((c, thread))
    }

    /// A live comment on a post the actor may read: the comment, its post, the post's facts and
    /// the comment's own (see [`comment_facts`]). Comments on news are not found here.
    pub(crate) async fn readable_post_comment(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(CommentRow, PostRow, PostFacts, PostFacts)> {
        match self.readable_comment(actor, id).await? {
            (c, Thread::Post(post, f)) => {
                let cf = comment_facts(&f, &c);
                Ok((c, *post, f, cf))
            }
            (_, Thread::News(..)) => Err(Error::NotFound),
        }
    }

    /// The comments of a thread as the actor may see them (replies nested under the comment they
    /// answer; a hidden comment that opens a thread stands in its place without its text).
    pub(crate) async fn comment_views(&self, actor: &Actor, thread: &Thread) -> Result<Vec<CommentView>> {
        let comments = self.store.comments_on(thread.on(), 500).await?;
        let people: Vec<i64> = comments.iter().map(|c| c.author_id).collect::<BTreeSet<_>>().into_iter().collect();
        let authors = self.authors(&people).await?;
        let ids: Vec<i64> = comments.iter().map(|c| c.id).collect();
        let liked = self.store.comments_liked_by(actor.id, &ids).await?;
        let mut top: Vec<CommentView> = Vec::new();
        let mut replies: HashMap<i64, Vec<CommentView>> = HashMap::new();
        for c in comments {
            let may = |action| thread.comment(actor, action, &c).allowed();
            let withheld = !may(Action::Read);
            if withheld && c.parent_id.is_some() {
                continue;
            }
            let author = authors.get(&c.author_id).cloned().unwrap_or(Author {
                id: c.author_id,
                name: String::new(),
                external: false,
                former: true,
                photo: None,
            });
            let v = CommentView {
                liked: !withheld && liked.contains(&c.id),
                can_react: may(Action::React),
                can_delete: may(Action::Delete),
                can_report: may(Action::Report),
                replies: Vec::new(),
                author,
                comment: c,
                withheld,
            };
            match v.comment.parent_id {
                Some(parent) => replies.entry(parent).or_default().push(v),
                None => top.push(v),
            }
        }
        for c in &mut top {
            c.replies = replies.remove(&c.comment.id).unwrap_or_default();
        }
        // A withheld comment shows only as the place of the replies the reader may read.
        top.retain(|c| !c.withheld || !c.replies.is_empty());
        for c in top.iter_mut().filter(|c| c.withheld) {
            c.comment.body.clear();
            c.comment.body_html.clear();
            c.author = Author { id: 0, name: String::new(), external: false, former: false, photo: None };
        }
        Ok(top)
    }
}

impl Stream<'_> {
    /// Comments on a post or news item, or replies to a comment on it (one level deep: a reply to
    /// a reply joins the same thread). The people it mentions who may read what it is on are
    /// linked and told (by mail too, when they chose so), and so are its author and the others in
    /// the conversation.
    pub async fn create_comment(
        &self,
        actor: &Actor,
        on: CommentOn,
        parent: Option<i64>,
        body: &str,
    ) -> Result<CommentRow> {
        let thread = self.readable_thread(actor, on).await?;
        check(thread.item(actor, Action::React))?;
        let parent_id = match parent {
            Some(id) => {
                let (c, _) = self.readable_comment(actor, id).await?;
                if c.on() != on {
                    return Err(Error::NotFound);
                }
                Some(c.parent_id.unwrap_or(c.id))
            }
            None => None,
        };
        let body = text(body, MAX_COMMENT)?;
        let (body_html, audience, name) = match &thread {
            Thread::Post(post, f) => {
                let (links, mentioned) = self.resolve_mentions(actor, &body, f).await?;
                let name = self.author_name(actor, !mentioned.is_empty()).await?;
                let audience = self.comment_audience(actor, post, f, mentioned).await?;
                (markdown::render_with_links(&body, &links), audience, name)
            }
            Thread::News(id, f, editor) => {
                let (links, mentioned) = self.resolve_news_mentions(actor, &body, f).await?;
                let name = self.author_name(actor, !mentioned.is_empty()).await?;
                let audience = self.news_comment_audience(actor, (*id, *editor), f, mentioned).await?;
                (markdown::render_with_links(&body, &links), audience, name)
            }
        };
        let tx = self.store.begin().await?;
        let row = tx
            .insert_comment(InsertComment { on, parent_id, author_id: actor.id, body, body_html, created_at: now() })
            .await?;
        let counted = tx.notify_among(&audience.notices_on(on, Some(row.id)), audience.conversation.as_deref()).await?;
        self.enqueue_mails(&tx, self.mention_mails(&audience, &name, &row.body, on)).await?;
        tx.commit().await?;
        self.tell(counted, None);
        Ok(row)
    }

    /// Removes a comment with the replies to it (by its author, or whoever may remove what it is
    /// on), and closes the reports about them; returns what it was on.
    pub async fn delete_comment(&self, actor: &Actor, id: i64, confirmed: Confirmation) -> Result<Outcome<CommentOn>> {
        let (c, thread) = self.readable_comment(actor, id).await?;
        check(thread.comment(actor, Action::Delete, &c))?;
        if confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        for removed in tx.delete_comment(id).await? {
            tx.resolve_reports(plein_store::reports::Reported::Comment(removed), actor.id, "removed").await?;
        }
        tx.commit().await?;
        Ok(Outcome::Done(c.on()))
    }

    /// What a comment the actor may read is on.
    pub async fn find_comment_place(&self, actor: &Actor, comment_id: i64) -> Result<CommentOn> {
        Ok(self.readable_comment(actor, comment_id).await?.0.on())
    }

    /// The post a comment the actor may read is on (not found for a comment on news).
    pub async fn find_comment_post(&self, actor: &Actor, comment_id: i64) -> Result<i64> {
        Ok(self.readable_post_comment(actor, comment_id).await?.1.id)
    }

    /// Whether the actor may report a comment they may read, and what it is on.
    pub async fn may_report_comment(&self, actor: &Actor, comment_id: i64) -> Result<(CommentOn, bool)> {
        let (c, thread) = self.readable_comment(actor, comment_id).await?;
        Ok((c.on(), thread.comment(actor, Action::Report, &c).allowed()))
    }
}
