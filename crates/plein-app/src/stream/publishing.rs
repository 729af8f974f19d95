//! Publishing: new posts with pictures and polls, votes, edits, removal and pinning.

use super::*;

impl App {
    /// The actor's name, for mails (read only when one will be sent).
    pub(crate) async fn author_name(&self, actor: &Actor, needed: bool) -> Result<String> {
        if !needed {
            return Ok(String::new());
        }
        Ok(self.store.user_by_id(actor.id).await?.map(|u| u.display_name).unwrap_or_default())
    }
}

impl Stream<'_> {
    /// Posts in a space, or on the actor's own profile.
    pub async fn create_post(&self, actor: &Actor, place: PostPlace, body: &str) -> Result<PostRow> {
        self.stream()
            .publish_post(actor, NewPost { place, body: body.to_owned(), poll: None, images: Vec::new() })
            .await
    }

    /// Posts, with a poll and pictures when given. The people it mentions who may read it are
    /// linked and told; its topics are stored; followers of its place are told. Nothing is stored
    /// unless all of it is valid.
    pub async fn publish_post(&self, actor: &Actor, new: NewPost) -> Result<PostRow> {
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
        self.enqueue_mails(
            &tx,
            self.mention_mails(&audience, &name, &post.body, plein_store::stream::CommentOn::Post(post.id)),
        )
        .await?;
        tx.commit().await?;
        let posted = LiveEvent::Posted { id: post.id, facts: f, author: actor.id };
        self.tell(counted, Some(posted));
        Ok(post)
    }

    /// Votes in a post's poll (replacing the actor's earlier votes).
    pub async fn cast_vote(&self, actor: &Actor, post_id: i64, choices: &[i64]) -> Result<()> {
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
        self.enqueue_mails(&tx, self.mention_mails(&audience, &name, &body, plein_store::stream::CommentOn::Post(id)))
            .await?;
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// How a post's text will look, for the composer's preview: the same Markdown subset,
    /// sanitized the same way (mentions are linked once the post is published).
    pub fn preview_post(&self, body: &str) -> Result<String> {
        Ok(crate::markdown::render(&text(body, MAX_POST)?))
    }

    /// Removes a post (its author, the space's managers, moderators), once confirmed; returns where it was.
    pub async fn delete_post(&self, actor: &Actor, id: i64, confirmed: Confirmation) -> Result<Outcome<PostRow>> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Delete, Target::Post(&f)))?;
        if confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
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
        Ok(Outcome::Done(post))
    }

    /// Pins or unpins a post in its space.
    pub async fn pin_post(&self, actor: &Actor, id: i64, pinned: bool) -> Result<PostRow> {
        let (post, f) = self.readable_post(actor, id).await?;
        check(authorize(Some(actor), Action::Pin, Target::Post(&f)))?;
        self.store.set_pinned(id, pinned).await?;
        Ok(post)
    }
}
