//! SeaORM entities, one per table.

pub mod audit_log;
pub mod login_throttle;
pub mod session;
pub mod user;
