//! Login throttling: every attempt is counted before the password is checked, so parallel
//! guesses cannot slip past the limit, per account and per client address.

use std::net::IpAddr;

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use plein_store::now;
use sha2::{Digest, Sha256};

use crate::App;
use crate::error::Result;

/// An attempt that was counted and may be checked.
pub(crate) struct Attempt {
    account: String,
    address: Option<String>,
    account_count: i32,
    address_count: i32,
}

/// The outcome of asking to attempt.
pub(crate) enum Admission {
    /// Go ahead and check the credentials.
    Allowed(Attempt),
    /// Locked until then.
    Locked(DateTime<Utc>),
}

/// The throttle key of an account: its id when it exists, else a hash of what was typed
/// (so no typed text, often a misplaced password, is kept).
pub(crate) fn account_key(user_id: Option<i64>, typed: &str) -> String {
    match user_id {
        Some(id) => format!("user:{id}"),
        None => {
            let digest = Sha256::digest(typed.as_bytes());
            format!("login:{}", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
        }
    }
}

/// The throttle key of a client address; IPv6 clients are grouped by their /64 network.
pub(crate) fn address_key(addr: Option<&str>) -> Option<String> {
    let ip: IpAddr = addr?.parse().ok()?;
    Some(match ip {
        IpAddr::V4(v4) => format!("addr:{v4}"),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("addr:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    })
}

pub(crate) fn to_chrono(d: std::time::Duration) -> ChronoDuration {
    ChronoDuration::from_std(d).unwrap_or(ChronoDuration::MAX)
}

impl App {
    fn backoff(&self, count: i32) -> ChronoDuration {
        let steps = u32::try_from(count - self.settings.account_failures).unwrap_or(0).min(10);
        (ChronoDuration::minutes(1) * 2_i32.pow(steps)).min(to_chrono(self.settings.max_lock))
    }

    /// Counts an attempt, or refuses it when the account or address is locked or over its limit.
    pub(crate) async fn admit(&self, account: String, address: Option<String>) -> Result<Admission> {
        let at = now();
        let keys: Vec<String> = std::iter::once(account.clone()).chain(address.clone()).collect();
        if let Some(until) = self.store.locked_until(&keys, at).await? {
            return Ok(Admission::Locked(until));
        }
        let window_start = at - to_chrono(self.settings.throttle_window);
        let account_count = self.store.count_failure(&account, at, window_start).await?;
        let address_count = match &address {
            Some(key) => self.store.count_failure(key, at, window_start).await?,
            None => 0,
        };
        if account_count > self.settings.account_failures {
            let until = at + self.backoff(account_count);
            self.store.lock(&account, until).await?;
            return Ok(Admission::Locked(until));
        }
        if let Some(key) = address.as_ref().filter(|_| address_count > self.settings.address_failures) {
            let until = at + to_chrono(self.settings.max_lock);
            self.store.lock(key, until).await?;
            return Ok(Admission::Locked(until));
        }
        Ok(Admission::Allowed(Attempt { account, address, account_count, address_count }))
    }

    /// The credentials were wrong: lock what reached its limit.
    pub(crate) async fn attempt_failed(&self, attempt: &Attempt) -> Result<()> {
        let at = now();
        if attempt.account_count >= self.settings.account_failures {
            self.store.lock(&attempt.account, at + self.backoff(attempt.account_count)).await?;
        }
        if let Some(key) = attempt.address.as_ref().filter(|_| attempt.address_count >= self.settings.address_failures)
        {
            self.store.lock(key, at + to_chrono(self.settings.max_lock)).await?;
        }
        Ok(())
    }

    /// The credentials were right: the account starts afresh, and the address is not blamed for it.
    pub(crate) async fn attempt_succeeded(&self, attempt: &Attempt) -> Result<()> {
        self.store.clear_failures(&attempt.account).await?;
        if let Some(key) = &attempt.address {
            self.store.forgive_failure(key).await?;
        }
        Ok(())
    }

    /// Removes expired sessions, throttle counters that no longer matter, and the record of
    /// sessions ended more than a day ago (every node has followed it long since); returns
    /// (sessions, counters).
    pub async fn purge_expired(&self) -> Result<(u64, u64)> {
        let at = now();
        let sessions = self
            .store
            .purge_sessions(at - to_chrono(self.settings.session_idle), at - to_chrono(self.settings.session_absolute))
            .await?;
        let counters = self.store.purge_throttle(at, at - to_chrono(self.settings.throttle_window)).await?;
        self.store.prune_session_ends(at - ChronoDuration::days(1)).await?;
        Ok((sessions, counters))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_no_typed_text_and_group_ipv6_networks() {
        assert_eq!(account_key(Some(7), "jan"), "user:7");
        let unknown = account_key(None, "MijnGeheimeWachtwoord!");
        assert!(unknown.starts_with("login:") && !unknown.contains("Geheim"));
        assert_eq!(address_key(Some("192.0.2.1")).as_deref(), Some("addr:192.0.2.1"));
        assert_eq!(address_key(Some("2001:db8:1:2:aaaa::1")), address_key(Some("2001:db8:1:2:bbbb::9")));
        assert_eq!(address_key(Some("2001:db8:1:2::1")).as_deref(), Some("addr:2001:db8:1:2::/64"));
        assert_eq!(address_key(None), None);
    }
}
