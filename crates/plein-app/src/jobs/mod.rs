//! The work behind the job queue: the kinds of job, and the worker and schedule every node runs.
//! Nothing that must happen after a write is a fire-and-forget task: it is a [`Job`] enqueued in
//! the writing transaction, so that a crash or an SMTP outage loses nothing.
//!
//! [`Job`] and its settings here; the worker and schedule in `worker`; the administrator's view in `admin`.

mod admin;
mod worker;

use std::time::Duration;

use plein_store::jobs::{JobRow, NewJob};
use plein_store::sea_orm::{ConnectionTrait, TransactionTrait};
use plein_store::{Store, StoreError, now};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::error::Result;
use crate::mail::OutgoingMail;

/// How the queue behaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSettings {
    /// How often an idle worker looks for due jobs.
    pub poll: Duration,
    /// How long a claim lasts: a job whose worker has not finished by then is claimed again.
    pub lease: Duration,
    /// The wait after a first failed attempt; it doubles with each further one.
    pub backoff: Duration,
    /// The longest wait between attempts.
    pub max_backoff: Duration,
    /// Attempts before a job stays failed (for an administrator to retry).
    pub max_attempts: i32,
    /// How often the recurring jobs (housekeeping, digests) run, once across all nodes.
    pub every: Duration,
    /// Jobs a node does at once (each mail waits on the mail server).
    pub workers: usize,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(300),
            backoff: Duration::from_secs(30),
            max_backoff: Duration::from_secs(3600),
            max_attempts: 12,
            every: Duration::from_secs(300),
            workers: 2,
        }
    }
}

impl JobSettings {
    /// The wait before attempt `attempts + 1`, after `attempts` failed ones: doubling from
    /// [`JobSettings::backoff`] up to [`JobSettings::max_backoff`].
    pub fn backoff_after(&self, attempts: i32) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        self.backoff.saturating_mul(2u32.saturating_pow(doublings)).min(self.max_backoff)
    }
}

/// A unit of work, stored as JSON in the queue. Small and typed: what to do, not how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// One mail, written when its cause was.
    Mail(OutgoingMail),
    /// One person's daily digest of unread notifications, checked against their rights when sent.
    Digest {
        /// Whose.
        user_id: i64,
        /// The day it is for (`2026-11-28`): one a day.
        day: String,
    },
    /// Finds whose digest is due and enqueues each.
    Digests {
        /// The period this run is for: one run per period across all nodes.
        slot: i64,
    },
    /// Removes expired sessions, login counters, done jobs; records guest accounts that expired.
    Housekeeping {
        /// The period this run is for: one run per period across all nodes.
        slot: i64,
    },
    /// Tells a news item's audience it appeared, at its publish time (once).
    NewsAnnounce {
        /// The item.
        news_id: i64,
        /// Its publish time (RFC 3339): when the job is due, and part of its key.
        at: String,
    },
    /// Reminds those who have not confirmed a news item.
    NewsRemind {
        /// The item.
        news_id: i64,
        /// The version to confirm.
        version: i32,
        /// The editor who asked.
        by: i64,
        /// The minute it was asked in: one reminder a minute.
        slot: i64,
    },
    /// One mail about a news item, checked against the recipient's rights when sent.
    NewsMail {
        /// The item.
        news_id: i64,
        /// The recipient.
        user_id: i64,
        /// A reminder to confirm.
        reminder: bool,
    },
}

impl Job {
    /// The kind, as the queue and the administrator's list name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Mail(_) => "mail",
            Job::Digest { .. } => "digest",
            Job::Digests { .. } => "digests",
            Job::Housekeeping { .. } => "housekeeping",
            Job::NewsAnnounce { .. } => "news_announce",
            Job::NewsRemind { .. } => "news_remind",
            Job::NewsMail { .. } => "news_mail",
        }
    }

    /// The key that keeps this job from being enqueued twice, if duplicates must not happen.
    pub fn unique_key(&self) -> Option<String> {
        match self {
            Job::Mail(_) => None,
            Job::Digest { user_id, day } => Some(format!("digest:{user_id}:{day}")),
            Job::Digests { slot } => Some(format!("digests:{slot}")),
            Job::Housekeeping { slot } => Some(format!("housekeeping:{slot}")),
            Job::NewsAnnounce { news_id, at } => Some(format!("news-announce:{news_id}:{at}")),
            Job::NewsRemind { news_id, version, slot, .. } => Some(format!("news-remind:{news_id}:{version}:{slot}")),
            Job::NewsMail { .. } => None,
        }
    }

    /// Due jobs run lowest first: a mail someone is waiting for (a password link, an invitation)
    /// does not wait behind a night's digests.
    pub fn priority(&self) -> i32 {
        match self {
            Job::Mail(_) | Job::NewsAnnounce { .. } => 0,
            Job::Digest { .. } | Job::NewsRemind { .. } | Job::NewsMail { .. } => 1,
            Job::Digests { .. } | Job::Housekeeping { .. } => 2,
        }
    }

    /// The job that tells a news item's audience it appeared, due at `at`.
    pub fn announce_news(news_id: i64, at: chrono::DateTime<chrono::Utc>) -> Job {
        Job::NewsAnnounce { news_id, at: at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true) }
    }

    /// When the job is due: a news item's announcement at its publish time, the rest at once.
    fn due(&self) -> chrono::DateTime<chrono::Utc> {
        match self {
            Job::NewsAnnounce { at, .. } => chrono::DateTime::parse_from_rfc3339(at)
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_else(|_| now()),
            _ => now(),
        }
    }

    /// The row to enqueue, due at once.
    pub fn queued(&self, settings: &JobSettings) -> NewJob {
        NewJob {
            kind: self.kind(),
            payload: serde_json::to_string(self).unwrap_or_else(|_| "null".into()),
            unique_key: self.unique_key(),
            run_at: self.due(),
            priority: self.priority(),
            max_attempts: settings.max_attempts,
        }
    }
}

/// A job that is not done, as the administrator's list shows it.
pub type OpenJob = JobRow;

/// What a node's worker and schedule are: stop them with [`Jobs::stop`] (dropping them aborts
/// them, in the middle of a job if need be).
#[derive(Debug)]
pub struct Jobs {
    tasks: Vec<tokio::task::JoinHandle<()>>,
    stop: tokio::sync::watch::Sender<bool>,
    /// Wakes idle workers early (a new job was announced).
    wake: std::sync::Arc<tokio::sync::Notify>,
}

impl Jobs {
    /// Stops the worker and schedule: each worker finishes the job in hand, for up to `grace`,
    /// and takes no other. A job still unfinished then is claimed again after its lease.
    pub async fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let deadline = tokio::time::Instant::now() + grace;
        for task in &mut self.tasks {
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                tracing::warn!("a job was still running when the server stopped: another node will do it");
            }
        }
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl App {
    /// Enqueues `job` on the pool (not inside a transaction); `false` when its key was taken.
    pub async fn enqueue(&self, job: Job) -> Result<bool> {
        Ok(self.store.enqueue(job.queued(&self.settings.jobs)).await?)
    }

    /// Enqueues `job` in `store`, the writing transaction of what caused it.
    pub(crate) async fn enqueue_in<C>(&self, store: &Store<C>, job: Job) -> Result<bool, StoreError>
    where
        C: ConnectionTrait + TransactionTrait,
    {
        store.enqueue(job.queued(&self.settings.jobs)).await
    }

    /// Enqueues mails in `store`, the writing transaction of what caused them.
    pub(crate) async fn enqueue_mails<C>(&self, store: &Store<C>, mails: Vec<OutgoingMail>) -> Result<(), StoreError>
    where
        C: ConnectionTrait + TransactionTrait,
    {
        for mail in mails {
            self.enqueue_in(store, Job::Mail(mail)).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_up_to_its_ceiling() {
        let s = JobSettings::default();
        assert_eq!(s.backoff_after(1), Duration::from_secs(30));
        assert_eq!(s.backoff_after(2), Duration::from_secs(60));
        assert_eq!(s.backoff_after(3), Duration::from_secs(120));
        assert_eq!(s.backoff_after(12), Duration::from_secs(3600));
        assert_eq!(s.backoff_after(1000), Duration::from_secs(3600));
    }

    #[test]
    fn jobs_read_back_as_written_with_their_keys() {
        let job = Job::Digest { user_id: 7, day: "2026-11-28".into() };
        let row = job.queued(&JobSettings::default());
        assert_eq!(row.kind, "digest");
        assert_eq!(row.unique_key.as_deref(), Some("digest:7:2026-11-28"));
        assert_eq!(serde_json::from_str::<Job>(&row.payload).ok(), Some(job));
        assert_eq!(Job::Housekeeping { slot: 3 }.unique_key().as_deref(), Some("housekeeping:3"));
    }
}
