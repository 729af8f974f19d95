//! Single-use links by e-mail to set a password.

use chrono::{DateTime, Utc};
use sea_orm::TransactionTrait;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::password_link;
use crate::{Result, Store, now};

pub use password_link::Model as PasswordLinkRow;

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores a new link; `purpose` is `reset` or `welcome`.
    pub async fn insert_password_link(
        &self,
        token_hash: String,
        user_id: i64,
        purpose: &'static str,
        expires_at: DateTime<Utc>,
    ) -> Result<PasswordLinkRow> {
        let row = password_link::ActiveModel {
            token_hash: Set(token_hash),
            user_id: Set(user_id),
            purpose: Set(purpose.to_owned()),
            created_at: Set(now()),
            expires_at: Set(expires_at),
            used_at: Set(None),
            ..Default::default()
        };
        Ok(row.insert(self.conn()).await?)
    }

    /// The link with this token hash.
    pub async fn password_link_by_hash(&self, token_hash: &str) -> Result<Option<PasswordLinkRow>> {
        Ok(password_link::Entity::find()
            .filter(password_link::Column::TokenHash.eq(token_hash))
            .one(self.conn())
            .await?)
    }

    /// Spends every open link of a user (the one used, and older ones); false when the link with
    /// `id` was spent already (a second use racing the first).
    pub async fn spend_password_links(&self, id: i64, user_id: i64) -> Result<bool> {
        let res = password_link::Entity::update_many()
            .set(password_link::ActiveModel { used_at: Set(Some(now())), ..Default::default() })
            .filter(password_link::Column::Id.eq(id))
            .filter(password_link::Column::UsedAt.is_null())
            .exec(self.conn())
            .await?;
        password_link::Entity::update_many()
            .set(password_link::ActiveModel { used_at: Set(Some(now())), ..Default::default() })
            .filter(password_link::Column::UserId.eq(user_id))
            .filter(password_link::Column::UsedAt.is_null())
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected == 1)
    }
}
