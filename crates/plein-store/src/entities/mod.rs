//! SeaORM entities, one per table.

pub mod audit_log;
pub mod comment;
pub mod follow;
pub mod group;
pub mod group_capability;
pub mod group_member;
pub mod image;
pub mod invitation;
pub mod like;
pub mod login_throttle;
pub mod password_link;
pub mod post;
pub mod session;
pub mod space;
pub mod space_join_request;
pub mod space_member;
pub mod user;
pub mod user_expertise;
