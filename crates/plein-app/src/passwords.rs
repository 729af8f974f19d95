//! Password hashing with argon2id, off the async threads.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

use crate::error::{Error, Failure, Result};

/// Each argon2id run takes about 19 MiB and a core for tens of milliseconds; this many run at once,
/// the rest wait, so a flood of logins cannot exhaust memory.
static PERMITS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    tokio::sync::Semaphore::new(cores.max(2))
});

async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _permit = PERMITS.acquire().await.map_err(|e| Failure::Hashing(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| Failure::Hashing(e.to_string()).into())
}

/// A hash to verify against when the account does not exist, so that the
/// answer takes as long as for an account that does.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| Argon2::default().hash_password(b"no such account here").ok().map(|h| h.to_string()));

/// Hashes a password (argon2id, default parameters, random salt).
pub async fn hash(password: String) -> Result<String> {
    run(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| Failure::Hashing(e.to_string()))
    })
    .await?
    .map_err(Error::from)
}

/// Checks `password` against `stored`; with no stored hash it checks against a
/// dummy and answers false, taking the same time.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    run(move || {
        let (target, real) = match stored {
            Some(h) => (h, true),
            None => (DUMMY_HASH.clone().unwrap_or_default(), false),
        };
        let ok = PasswordHash::new(&target)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        ok && real
    })
    .await
}
