//! Likes and follows.

use super::*;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Likes or unlikes; returns whether anything changed. The count on the post or comment
    /// moves with it, in the same transaction as the caller's.
    pub async fn set_like(&self, target: LikeTarget, user_id: i64, liked: bool) -> Result<bool> {
        let (kind, id) = target.key();
        let changed = if liked {
            let row = like::ActiveModel {
                target_kind: Set(kind.into()),
                target_id: Set(id),
                user_id: Set(user_id),
                created_at: Set(now()),
            };
            like::Entity::insert(row)
                .on_conflict_do_nothing()
                .exec_without_returning(self.conn())
                .await
                .map(|r| matches!(r, sea_orm::TryInsertResult::Inserted(n) if n == 1))?
        } else {
            like::Entity::delete_many()
                .filter(like::Column::TargetKind.eq(kind))
                .filter(like::Column::TargetId.eq(id))
                .filter(like::Column::UserId.eq(user_id))
                .exec(self.conn())
                .await?
                .rows_affected
                == 1
        };
        if changed {
            let delta = if liked { 1 } else { -1 };
            match target {
                LikeTarget::Post(_) => {
                    post::Entity::update_many()
                        .col_expr(post::Column::LikeCount, Expr::col(post::Column::LikeCount).add(delta))
                        .filter(post::Column::Id.eq(id))
                        .exec(self.conn())
                        .await?;
                }
                LikeTarget::Comment(_) => {
                    comment::Entity::update_many()
                        .col_expr(comment::Column::LikeCount, Expr::col(comment::Column::LikeCount).add(delta))
                        .filter(comment::Column::Id.eq(id))
                        .exec(self.conn())
                        .await?;
                }
                LikeTarget::News(_) => {
                    self.run(
                        "UPDATE news SET like_count = like_count + $1 WHERE id = $2",
                        vec![delta.into(), id.into()],
                    )
                    .await?;
                }
            }
        }
        Ok(changed)
    }

    /// Which of these comments `user_id` likes (a page of posts reads its likes with the posts).
    pub async fn comments_liked_by(&self, user_id: i64, ids: &[i64]) -> Result<HashSet<i64>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let rows: Vec<i64> = like::Entity::find()
            .select_only()
            .column(like::Column::TargetId)
            .filter(like::Column::TargetKind.eq("comment"))
            .filter(like::Column::TargetId.is_in(ids.iter().copied()))
            .filter(like::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Who likes a post or comment, newest first (ids).
    pub async fn likers(&self, target: LikeTarget, limit: u64) -> Result<Vec<i64>> {
        let (kind, id) = target.key();
        Ok(like::Entity::find()
            .select_only()
            .column(like::Column::UserId)
            .filter(like::Column::TargetKind.eq(kind))
            .filter(like::Column::TargetId.eq(id))
            .order_by_desc(like::Column::CreatedAt)
            .limit(limit)
            .into_tuple()
            .all(self.conn())
            .await?)
    }

    /// Follows or unfollows a person or a space.
    pub async fn set_follow(&self, user_id: i64, target: FollowTarget, on: bool) -> Result<()> {
        let (kind, target_id) = target.key();
        if on {
            let row = follow::ActiveModel {
                user_id: Set(user_id),
                target_kind: Set(kind.into()),
                target_id: Set(target_id),
                created_at: Set(now()),
            };
            follow::Entity::insert(row).on_conflict_do_nothing().exec_without_returning(self.conn()).await?;
        } else {
            follow::Entity::delete_many()
                .filter(follow::Column::UserId.eq(user_id))
                .filter(follow::Column::TargetKind.eq(kind))
                .filter(follow::Column::TargetId.eq(target_id))
                .exec(self.conn())
                .await?;
        }
        Ok(())
    }

    /// The people and spaces a user follows: (user ids, space ids).
    pub async fn follows_of(&self, user_id: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let rows: Vec<(String, i64)> = follow::Entity::find()
            .select_only()
            .column(follow::Column::TargetKind)
            .column(follow::Column::TargetId)
            .filter(follow::Column::UserId.eq(user_id))
            .into_tuple()
            .all(self.conn())
            .await?;
        let mut by_kind: HashMap<String, Vec<i64>> = HashMap::new();
        for (kind, id) in rows {
            by_kind.entry(kind).or_default().push(id);
        }
        Ok((by_kind.remove("user").unwrap_or_default(), by_kind.remove("space").unwrap_or_default()))
    }
}
