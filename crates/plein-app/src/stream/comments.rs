//! Comments and replies: writing, removing, and finding the post a comment belongs to.

use super::*;

impl App {
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
}

impl Stream<'_> {
    /// Comments on a post, or replies to a comment on it (one level deep: a reply to a reply
    /// joins the same thread).
    pub async fn create_comment(
        &self,
        actor: &Actor,
        post_id: i64,
        parent: Option<i64>,
        body: &str,
    ) -> Result<CommentRow> {
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

    /// Removes a comment with the replies to it (by its author, or whoever may remove the post it
    /// is on), and closes the reports about them.
    pub async fn delete_comment(&self, actor: &Actor, id: i64, confirmed: Confirmation) -> Result<Outcome<i64>> {
        let (c, _, _, cf) = self.readable_comment(actor, id).await?;
        check(authorize(Some(actor), Action::Delete, Target::Post(&cf)))?;
        if confirmed == Confirmation::Missing {
            return Ok(Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        for removed in tx.delete_comment(id).await? {
            tx.resolve_reports(c.target_id, Some(removed), actor.id, "removed").await?;
        }
        tx.commit().await?;
        Ok(Outcome::Done(c.target_id))
    }

    /// The post a comment the actor may read is on.
    pub async fn find_comment_post(&self, actor: &Actor, comment_id: i64) -> Result<i64> {
        Ok(self.readable_comment(actor, comment_id).await?.0.target_id)
    }
}
