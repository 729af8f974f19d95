//! Stored images (profile photos, space images), already resized by the app.

use sea_orm::TransactionSession;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

use crate::entities::image;
use crate::{Result, Store, now};

pub use image::Model as ImageRow;

/// Whose image it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageOwner {
    /// A person's profile photo.
    User(i64),
    /// A space's image.
    Space(i64),
}

impl ImageOwner {
    fn key(self) -> (&'static str, i64) {
        match self {
            ImageOwner::User(id) => ("user", id),
            ImageOwner::Space(id) => ("space", id),
        }
    }
}

fn of(owner: ImageOwner) -> sea_orm::Condition {
    let (kind, id) = owner.key();
    sea_orm::Condition::all().add(image::Column::OwnerKind.eq(kind)).add(image::Column::OwnerId.eq(id))
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Stores (or replaces) an image; a person's photo also marks the person (`users.photo_at`), in
    /// one transaction.
    pub async fn set_image(&self, owner: ImageOwner, content_type: &str, bytes: Vec<u8>) -> Result<()> {
        let (kind, id) = owner.key();
        let at = now();
        let row = image::ActiveModel {
            owner_kind: Set(kind.to_owned()),
            owner_id: Set(id),
            content_type: Set(content_type.to_owned()),
            bytes: Set(bytes),
            updated_at: Set(at),
        };
        let tx = self.conn().begin().await?;
        image::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([image::Column::OwnerKind, image::Column::OwnerId])
                    .update_columns([image::Column::ContentType, image::Column::Bytes, image::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(&tx)
            .await?;
        if let ImageOwner::User(user) = owner {
            tx.execute_raw(self.statement("UPDATE users SET photo_at = $1 WHERE id = $2", [at.into(), user.into()]))
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// An image, if there is one.
    pub async fn image(&self, owner: ImageOwner) -> Result<Option<ImageRow>> {
        Ok(image::Entity::find().filter(of(owner)).one(self.conn()).await?)
    }

    /// When an image last changed, if there is one (for cache-busting URLs).
    pub async fn image_version(&self, owner: ImageOwner) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        Ok(image::Entity::find()
            .select_only()
            .column(image::Column::UpdatedAt)
            .filter(of(owner))
            .into_tuple()
            .one(self.conn())
            .await?)
    }

    /// When each of these spaces' (or users') images last changed, for those that have one; a
    /// person's from the person's row, never reading the photos.
    pub async fn image_versions(
        &self,
        space: bool,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        if !space {
            #[derive(serde::Deserialize)]
            struct Version {
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            }
            let from = format!("FROM users WHERE photo_at IS NOT NULL AND id IN ({})", self.id_list(1));
            let rows: Vec<Version> =
                self.json_rows("'id', id, 'at', photo_at", &from, vec![crate::json_ids(ids).into()]).await?;
            return Ok(rows.into_iter().map(|v| (v.id, v.at)).collect());
        }
        let rows: Vec<(i64, chrono::DateTime<chrono::Utc>)> = image::Entity::find()
            .select_only()
            .column(image::Column::OwnerId)
            .column(image::Column::UpdatedAt)
            .filter(image::Column::OwnerKind.eq(if space { "space" } else { "user" }))
            .filter(image::Column::OwnerId.is_in(ids.iter().copied()))
            .into_tuple()
            .all(self.conn())
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Removes an image (and a person's mark of it), in one transaction.
    pub async fn remove_image(&self, owner: ImageOwner) -> Result<()> {
        let tx = self.conn().begin().await?;
        image::Entity::delete_many().filter(of(owner)).exec(&tx).await?;
        if let ImageOwner::User(user) = owner {
            tx.execute_raw(self.statement("UPDATE users SET photo_at = NULL WHERE id = $1", [user.into()])).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
