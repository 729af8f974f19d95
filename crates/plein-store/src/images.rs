//! Stored images (profile photos, space images), already resized by the app.

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
    /// Stores (or replaces) an image.
    pub async fn set_image(&self, owner: ImageOwner, content_type: &str, bytes: Vec<u8>) -> Result<()> {
        let (kind, id) = owner.key();
        let row = image::ActiveModel {
            owner_kind: Set(kind.to_owned()),
            owner_id: Set(id),
            content_type: Set(content_type.to_owned()),
            bytes: Set(bytes),
            updated_at: Set(now()),
        };
        image::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([image::Column::OwnerKind, image::Column::OwnerId])
                    .update_columns([image::Column::ContentType, image::Column::Bytes, image::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(self.conn())
            .await?;
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

    /// When each of these spaces' (or users') images last changed, for those that have one.
    pub async fn image_versions(
        &self,
        space: bool,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>> {
        if ids.is_empty() {
            return Ok(Default::default());
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

    /// Removes an image.
    pub async fn remove_image(&self, owner: ImageOwner) -> Result<()> {
        image::Entity::delete_many().filter(of(owner)).exec(self.conn()).await?;
        Ok(())
    }
}
