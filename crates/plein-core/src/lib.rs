//! Plein's domain: validated values and rules, with no I/O.

pub mod account;
pub mod colour;
pub mod locale;
pub mod policy;
pub mod space;
pub mod text;

pub use account::{DisplayName, Email, NewPassword, PasswordError, UserKind, UserStatus, Username};
pub use locale::Locale;
