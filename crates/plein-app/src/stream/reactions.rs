//! Reactions: likes, and following people and spaces.

use super::*;

impl Stream<'_> {
    /// Likes or unlikes a post or a comment the actor may react to.
    pub async fn set_like(&self, actor: &Actor, target: LikeTarget, on: bool) -> Result<()> {
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
