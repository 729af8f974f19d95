//! Comments: writing, reading and removing them.

use super::*;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a comment and counts it on its post or news item.
    pub async fn insert_comment(&self, new: InsertComment) -> Result<CommentRow> {
        let on = new.on;
        let row = new_comment(new).insert(self.conn()).await?;
        self.count_comments(on, 1).await?;
        Ok(row)
    }

    /// Moves the comment count of what comments are on.
    async fn count_comments(&self, on: CommentOn, delta: i64) -> Result<()> {
        let sql = format!("UPDATE {} SET comment_count = comment_count + $1 WHERE id = $2", on.table());
        self.run(&sql, vec![delta.into(), on.key().1.into()]).await?;
        Ok(())
    }

    /// The comment with this id.
    pub async fn comment_by_id(&self, id: i64) -> Result<Option<CommentRow>> {
        Ok(comment::Entity::find_by_id(id).one(self.conn()).await?)
    }

    /// The comments on a post or news item, oldest first (replies among them; the page nests them).
    pub async fn comments_on(&self, on: CommentOn, limit: u64) -> Result<Vec<CommentRow>> {
        let (kind, id) = on.key();
        Ok(comment::Entity::find()
            .filter(comment::Column::TargetKind.eq(kind))
            .filter(comment::Column::TargetId.eq(id))
            .filter(comment::Column::DeletedAt.is_null())
            .order_by_asc(comment::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await?)
    }

    /// Marks a comment removed, with its replies when it opens a thread (a reply is never left
    /// without the comment it answers), and counts them off what they are on; returns the ids removed.
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
        self.count_comments(row.on(), -i64::try_from(res.rows_affected).unwrap_or(0)).await?;
        Ok(removed)
    }
}
