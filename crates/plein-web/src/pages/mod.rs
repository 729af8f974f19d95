//! HTML pages, one module per area.

pub mod account;
pub mod admin;
pub mod branding;
pub mod confirm;
pub mod guests;
pub mod home;
pub mod info;
pub mod jobs;
pub mod language;
pub mod live;
pub mod login;
pub mod news;
pub mod password;
pub mod people;
pub mod search;
pub mod social;
pub mod spaces;
pub mod stream;
pub mod users;

use crate::AppError;

/// Any unknown route: the translated 404 page.
pub async fn not_found() -> AppError {
    AppError::NotFound
}
