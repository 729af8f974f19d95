//! Comments: writing, reading and removing them.

use super::*;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a comment and counts it on its post.
    pub async fn insert_comment(&self, new: InsertComment) -> Result<CommentRow> {
        let post_id = new.post_id;
        let row = new_comment(new).insert(self.conn()).await?;
        post::Entity::update_many()
            .col_expr(post::Column::CommentCount, Expr::col(post::Column::CommentCount).add(1))
            .filter(post::Column::Id.eq(post_id))
            .exec(self.conn())
            .await?;
        Ok(row)
    }

    /// The comment with this id.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<CommentRow>> {
        Ok(comment::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// The comments on a post, oldest first (replies among them; the page nests them).
    pub async fn comments_on(&self, post_id: i64, limit: u64) -> Result<Vec<CommentRow>> {
        Ok(comment::Entity::find()
            .filter(comment::Column::TargetKind.eq("post"))
            .filter(comment::Column::TargetId.eq(post_id))
            .filter(comment::Column::DeletedAt.is_null())
            .order_by_asc(comment::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?)
    }

    /// Marks a comment removed, with its replies when it opens a thread (a reply is never left
    /// without the comment it answers), and counts them off their post; returns the ids removed.
    pub async fn delete_comment(&self, id: i64) -> Result<Vec<i64>> {
        let Some(row) = self.comment_by_id(id).await? else {
            return Err(StoreError::NotFound);
        };
        let thread = comment::Column::Id.eq(id).or(comment::Column::ParentId.eq(id));
        let removed: Vec<i64> = comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .filter(thread.clone())
            .filter(comment::Column::DeletedAt.is_null())
            .into_tuple()
            .all(self.conn())
            .await?;
        if removed.is_empty() {
            return Ok(removed);
        }
        let res = comment::Entity::update_many()
            .col_expr(comment::Column::DeletedAt, Expr::value(now()))
            .filter(comment::Column::Id.is_in(removed.iter().copied()))
            .filter(comment::Column::DeletedAt.is_null())
            .exec(self.conn())
            .await?;
        post::Entity::update_many()
            .col_expr(
                post::Column::CommentCount,
                Expr::col(post::Column::CommentCount).sub(i64::try_from(res.rows_affected).unwrap_or(0)),
            )
            .filter(post::Column::Id.eq(row.target_id))
            .exec(self.conn())
            .await?;
        Ok(removed)
    }
}
