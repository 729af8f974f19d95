//! Bulk loads for the demo: posts, comments and likes by the thousand.

use super::*;

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
