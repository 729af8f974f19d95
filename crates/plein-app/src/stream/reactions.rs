//! Reactions: likes, and following people and spaces.

use plein_store::stream::CommentOn;

use super::comments::Thread;
use super::*;

impl Stream<'_> {
    /// Likes or unlikes a post, a news item or a comment the actor may react to. The author of a
    /// post or of a comment on one hears of a like.
    pub async fn set_like(&self, actor: &Actor, target: LikeTarget, on: bool) -> Result<()> {
        let (thread, comment) = match target {
            LikeTarget::Post(id) => (self.readable_thread(actor, CommentOn::Post(id)).await?, None),
            LikeTarget::News(id) => (self.readable_thread(actor, CommentOn::News(id)).await?, None),
            LikeTarget::Comment(id) => {
                let (c, thread) = self.readable_comment(actor, id).await?;
                check(thread.comment(actor, Action::React, &c))?;
                (thread, Some((c.id, c.author_id)))
            }
        };
        if comment.is_none() {
            check(thread.item(actor, Action::React))?;
        }
        let post = match &thread {
            Thread::Post(post, f) if on => Some((post.id, self.like_audience(actor, f, comment).await?)),
            _ => None,
        };
        let tx = self.store.begin().await?;
        let changed = tx.set_like(target, actor.id, on).await?;
        let counted = match post {
            Some((post_id, audience)) if changed => tx.notify(&audience.notices(post_id, comment.map(|c| c.0))).await?,
            _ => Vec::new(),
        };
        tx.commit().await?;
        self.tell(counted, None);
        Ok(())
    }

    /// Follows or unfollows a space the actor may see, or a person.
    pub async fn set_follow(&self, actor: &Actor, target: FollowTarget, on: bool) -> Result<()> {
        match target {
            FollowTarget::Space(id) => {
                let space = self.store.space_by_id(id).await?.ok_or(Error::NotFound)?;
                check(authorize(Some(actor), Action::Read, Target::Space(&facts(&space))))?;
            }
            FollowTarget::Person(id) => {
                let f = PostFacts::live(Container::Profile(id), id);
                check(authorize(Some(actor), Action::Read, Target::Post(&f)))?;
                self.store.user_by_id(id).await?.ok_or(Error::NotFound)?;
            }
        }
        self.store.set_follow(actor.id, target, on).await?;
        Ok(())
    }

    /// Whether the actor follows a person or space.
    pub async fn is_following(&self, actor: &Actor, target: FollowTarget) -> Result<bool> {
        let (people, spaces) = self.store.follows_of(actor.id).await?;
        Ok(match target {
            FollowTarget::Space(id) => spaces.contains(&id),
            FollowTarget::Person(id) => people.contains(&id),
        })
    }
}
