//! The work behind the job queue: the kinds of job, and the worker and schedule every node runs.
//! Nothing that must happen after a write is a fire-and-forget task: it is a [`Job`] enqueued in
//! the writing transaction, so that a crash or an SMTP outage loses nothing.

use std::time::Duration;

use chrono::{DateTime, Utc};
use plein_core::policy::{Action, Target, authorize};
use plein_store::jobs::{JobCounts, JobRow, NewJob};
use plein_store::sea_orm::{ConnectionTrait, TransactionTrait};
use plein_store::{Store, StoreError, now};
use serde::{Deserialize, Serialize};

use crate::mail::OutgoingMail;
use crate::{App, ServiceError};

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
}

impl Job {
    /// The kind, as the queue and the administrator's list name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Mail(_) => "mail",
            Job::Digest { .. } => "digest",
            Job::Digests { .. } => "digests",
            Job::Housekeeping { .. } => "housekeeping",
        }
    }

    /// The key that keeps this job from being enqueued twice, if duplicates must not happen.
    pub fn unique_key(&self) -> Option<String> {
        match self {
            Job::Mail(_) => None,
            Job::Digest { user_id, day } => Some(format!("digest:{user_id}:{day}")),
            Job::Digests { slot } => Some(format!("digests:{slot}")),
            Job::Housekeeping { slot } => Some(format!("housekeeping:{slot}")),
        }
    }

    /// Due jobs run lowest first: a mail someone is waiting for (a password link, an invitation)
    /// does not wait behind a night's digests.
    pub fn priority(&self) -> i32 {
        match self {
            Job::Mail(_) => 0,
            Job::Digest { .. } => 1,
            Job::Digests { .. } | Job::Housekeeping { .. } => 2,
        }
    }

    /// The row to enqueue, due at once.
    pub fn queued(&self, settings: &JobSettings) -> NewJob {
        NewJob {
            kind: self.kind(),
            payload: serde_json::to_string(self).unwrap_or_else(|_| "null".into()),
            unique_key: self.unique_key(),
            run_at: now(),
            priority: self.priority(),
            max_attempts: settings.max_attempts,
        }
    }
}

/// A job that is not done, as the administrator's list shows it.
pub type OpenJob = JobRow;

/// What a node's worker and schedule are: stop them with [`Jobs::stop`] (or drop it).
#[derive(Debug)]
pub struct Jobs {
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Jobs {
    /// Stops the worker between jobs' steps; a job it had claimed is claimed again after its lease.
    pub fn stop(self) {}
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Why an administrator's action on the queue did not happen.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Not there for this actor (or no such failed job).
    #[error("not found")]
    NotFound,
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

impl From<StoreError> for JobError {
    fn from(e: StoreError) -> Self {
        JobError::Internal(ServiceError::Store(e))
    }
}

impl App {
    /// Enqueues `job` on the pool (not inside a transaction); `false` when its key was taken.
    pub async fn enqueue(&self, job: Job) -> Result<bool, ServiceError> {
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

    /// Claims one due job and does it; `false` when none was due.
    pub async fn run_next_job(&self) -> Result<bool, ServiceError> {
        let settings = &self.settings.jobs;
        let claim = uuid::Uuid::new_v4().simple().to_string();
        let Some(claimed) = self.store.claim_job(settings.lease, &claim).await? else {
            return Ok(false);
        };
        // A job that outlives its lease may be claimed by another worker: stop before that.
        let limit = settings.lease.mul_f64(0.9);
        let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
            Ok(job) => match tokio::time::timeout(limit, self.run_job(job)).await {
                Ok(result) => result,
                Err(_) => Err(format!("took longer than {} seconds", limit.as_secs())),
            },
            Err(e) => Err(format!("unreadable job: {e}")),
        };
        match outcome {
            Ok(()) => {
                if !self.store.finish_job(claimed.id, &claim).await? {
                    tracing::warn!(job = claimed.id, kind = %claimed.kind, "a job's claim ran out before it was done");
                }
            }
            Err(error) => {
                let retry_at = now() + to_chrono(settings.backoff_after(claimed.attempts));
                let last = claimed.attempts >= claimed.max_attempts;
                tracing::warn!(job = claimed.id, kind = %claimed.kind, attempt = claimed.attempts, last, %error, "a job failed");
                self.store.fail_job(claimed.id, &claim, &error, retry_at).await?;
            }
        }
        Ok(true)
    }

    /// Does due jobs until none is due; returns how many ran (for tests and the command line).
    pub async fn run_due_jobs(&self) -> Result<usize, ServiceError> {
        let mut ran = 0;
        while self.run_next_job().await? {
            ran += 1;
        }
        Ok(ran)
    }

    /// Starts this node's worker ([`JobSettings::workers`] jobs at a time), which does due jobs
    /// as long as the store is open.
    pub fn start_worker(&self) -> Jobs {
        let tasks = (0..self.settings.jobs.workers.max(1))
            .map(|_| {
                let app = self.clone();
                tokio::spawn(async move { app.work().await })
            })
            .collect();
        Jobs { tasks }
    }

    /// One worker's loop: due jobs one after the other, and a look at the queue every
    /// [`JobSettings::poll`] when there are none.
    async fn work(&self) {
        let poll = self.settings.jobs.poll;
        while !self.store.is_closed() {
            // A read first: an idle worker does not take SQLite's write lock every poll.
            match self.store.job_due(now()).await {
                Ok(true) => match self.run_next_job().await {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "the job worker could not claim or finish a job"),
                },
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, "the job worker could not read the queue"),
            }
            tokio::time::sleep(poll).await;
        }
    }

    /// Starts this node's worker and its schedule: every [`JobSettings::every`], the recurring
    /// jobs are enqueued for the current period. Every node does so; the period's key lets one
    /// of them in, so each runs once across the nodes.
    pub fn start_jobs(&self) -> Jobs {
        let mut jobs = self.start_worker();
        let app = self.clone();
        jobs.tasks.push(tokio::spawn(async move {
            let every = app.settings.jobs.every.max(Duration::from_secs(1));
            let mut tick = tokio::time::interval(every.min(Duration::from_secs(60)));
            while !app.store.is_closed() {
                tick.tick().await;
                if let Err(e) = app.schedule(now()).await {
                    tracing::warn!(error = %e, "the recurring jobs could not be enqueued");
                }
            }
        }));
        jobs
    }

    /// Enqueues the recurring jobs for the period `at` falls in (again is harmless).
    pub async fn schedule(&self, at: DateTime<Utc>) -> Result<(), ServiceError> {
        let every = i64::try_from(self.settings.jobs.every.as_secs().max(1)).unwrap_or(300);
        let slot = at.timestamp().div_euclid(every);
        self.enqueue(Job::Housekeeping { slot }).await?;
        self.enqueue(Job::Digests { slot }).await?;
        Ok(())
    }

    /// Does one job. An `Err` is its failure in words, for the administrator's list.
    async fn run_job(&self, job: Job) -> Result<(), String> {
        match job {
            Job::Mail(mail) => self.send_queued_mail(mail).await,
            Job::Digest { user_id, .. } => self.send_digest(user_id).await.map_err(|e| e.to_string()),
            Job::Digests { .. } => self.send_digests().await.map(|_| ()).map_err(|e| e.to_string()),
            Job::Housekeeping { .. } => self.housekeeping().await.map_err(|e| e.to_string()),
        }
    }

    /// Sends a queued mail, unless it tells of a post its recipient may no longer read.
    async fn send_queued_mail(&self, mail: OutgoingMail) -> Result<(), String> {
        if let Some(about) = mail.about {
            let readable = self.may_still_read(about.user_id, about.post_id).await.map_err(|e| e.to_string())?;
            if !readable {
                tracing::info!(post = about.post_id, "a notification mail was dropped: its post is no longer readable");
                return Ok(());
            }
        }
        self.mailer.send(&mail.to, &mail.subject, mail.body).await.map_err(|e| e.to_string())
    }

    /// Whether `user_id` may log in and read post `post_id` now.
    async fn may_still_read(&self, user_id: i64, post_id: i64) -> Result<bool, ServiceError> {
        let Some(user) = self.store.user_by_id(user_id).await? else { return Ok(false) };
        if crate::accounts::may_log_in(&user, now()).is_err() {
            return Ok(false);
        }
        let kind = plein_core::UserKind::parse(&user.kind).unwrap_or(plein_core::UserKind::Guest);
        let actor = self.actor_for(user.id, kind, user.is_admin).await?;
        match self.readable_post(&actor, post_id).await {
            Ok(_) => Ok(true),
            Err(crate::stream::StreamError::Internal(e)) => Err(e),
            Err(_) => Ok(false),
        }
    }

    /// What the recurring housekeeping does: expired sessions and login counters, the record of
    /// ended sessions, guests whose access ended, done jobs older than a week, and the change
    /// log behind its slowest consumer (or older than a day, when nothing follows it).
    async fn housekeeping(&self) -> Result<(), ServiceError> {
        let (sessions, counters) = self.purge_expired().await?;
        if sessions + counters > 0 {
            tracing::info!(sessions, counters, "expired sessions and login counters removed");
        }
        let guests = self.record_guest_expiries().await?;
        if guests > 0 {
            tracing::info!(guests, "guest access ended");
        }
        self.store.prune_jobs(now() - chrono::Duration::days(7)).await?;
        self.store.prune_changes(now() - chrono::Duration::days(1)).await?;
        Ok(())
    }

    /// Jobs that are not done (failed first), for administrators.
    pub async fn open_jobs(&self, actor: &plein_core::policy::Actor) -> Result<(Vec<OpenJob>, JobCounts), JobError> {
        let decision = authorize(Some(actor), Action::ManageJobs, Target::Site);
        self.judged(actor, "jobs.read", None, decision).await.or(JobError::NotFound, JobError::NotFound)?;
        Ok((self.store.open_jobs(200).await?, self.store.job_counts().await?))
    }

    /// Lets a failed job run again, for administrators; audited.
    pub async fn retry_job(&self, actor: &plein_core::policy::Actor, id: i64) -> Result<(), JobError> {
        let decision = authorize(Some(actor), Action::ManageJobs, Target::Site);
        self.judged(actor, "job.retry", Some(format!("job:{id}")), decision)
            .await
            .or(JobError::NotFound, JobError::NotFound)?;
        let tx = self.store.begin().await?;
        if !tx.retry_job(id).await? {
            return Err(JobError::NotFound);
        }
        tx.audit(plein_store::audit::AuditEntry {
            actor_id: Some(actor.id),
            action: "job.retry",
            object: Some(format!("job:{id}")),
            success: true,
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `actor` may see and retry the queue's jobs (for the administration menu).
    pub fn may_manage_jobs(&self, actor: &plein_core::policy::Actor) -> bool {
        authorize(Some(actor), Action::ManageJobs, Target::Site).allowed()
    }
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1))
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
