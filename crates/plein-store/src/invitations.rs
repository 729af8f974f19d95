//! Queries on guest invitations. Rows hold the hash of the link's token, never the token.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use crate::entities::invitation;
use crate::{Result, Store, now};

pub use invitation::Model as InvitationRow;

/// An invitation to insert.
#[derive(Clone, Debug)]
pub struct InsertInvitation {
    /// SHA-256 of the link's token, hex.
    pub token_hash: String,
    /// The space the guest is invited to.
    pub space_id: i64,
    /// Where the invitation goes.
    pub email: String,
    /// The language of the invitation.
    pub locale: String,
    /// Who invites.
    pub invited_by: i64,
    /// Until when the link works.
    pub expires_at: DateTime<Utc>,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores an invitation.
    pub async fn insert_invitation(&self, new: InsertInvitation) -> Result<InvitationRow> {
        Ok(invitation::ActiveModel {
            token_hash: Set(new.token_hash),
            space_id: Set(new.space_id),
            email: Set(new.email),
            locale: Set(new.locale),
            invited_by: Set(Some(new.invited_by)),
            created_at: Set(now()),
            expires_at: Set(new.expires_at),
            accepted_at: Set(None),
            accepted_user_id: Set(None),
            ..Default::default()
        }
        .insert(self.conn())
        .await?)
    }

    /// The invitation with this token hash, used or not.
    pub async fn invitation_by_hash(&self, token_hash: &str) -> Result<Option<InvitationRow>> {
        Ok(invitation::Entity::find().filter(invitation::Column::TokenHash.eq(token_hash)).one(self.conn()).await?)
    }

    /// Marks an invitation used, if it was not yet; returns whether this call did it.
    pub async fn accept_invitation(&self, id: i64, user_id: i64) -> Result<bool> {
        let res = invitation::Entity::update_many()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now()))
            .col_expr(invitation::Column::AcceptedUserId, Expr::value(user_id))
            .filter(invitation::Column::Id.eq(id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(self.conn())
            .await?;
        Ok(res.rows_affected == 1)
    }
}
