//! A person who can log in: an employee or an external guest.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub kind: String,
    pub status: String,
    pub is_admin: bool,
    pub password_hash: Option<String>,
    pub locale: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    pub guest_expires_at: Option<DateTimeUtc>,
    pub job_title: String,
    pub department: String,
    pub location: String,
    pub phone: String,
    pub phone_visible: bool,
    pub about: String,
    pub birthday: Option<String>,
    pub birthday_visible: bool,
    pub guest_expiry_recorded_at: Option<DateTimeUtc>,
    pub unread_notifications: i32,
    pub mail_mentions: bool,
    pub mail_digest: bool,
    pub digest_sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
