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

    /// Marks a comment removed and counts it off its post.
    pub async fn delete_comment(&self, id: i64) -> Result<()> {
        let Some(row) = self.comment_by_id(id).await? else {
            return Err(StoreError::NotFound);
        };
        let res = comment::Entity::update_many()
            .col_expr(comment::Column::DeletedAt, Expr::value(now()))
            .filter(comment::Column::Id.eq(id))
            .filter(comment::Column::DeletedAt.is_null())
            .exec(self.conn())
            .await?;
        if res.rows_affected == 1 {
            post::Entity::update_many()
                .col_expr(post::Column::CommentCount, Expr::col(post::Column::CommentCount).sub(1))
                .filter(post::Column::Id.eq(row.target_id))
                .exec(self.conn())
                .await?;
        }
        Ok(())
    }
}
