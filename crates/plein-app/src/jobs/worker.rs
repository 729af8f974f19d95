//! The worker every node runs (due jobs, claimed for a lease, retried with back-off) and the
//! schedule of recurring jobs.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use plein_store::now;

use super::{Job, Jobs};
use crate::App;
use crate::error::Result;
use crate::mail::OutgoingMail;

impl App {
    /// Claims one due job and does it; `false` when none was due.
    pub async fn run_next_job(&self) -> Result<bool> {
        let settings = &self.settings.jobs;
        let claim = uuid::Uuid::new_v4().simple().to_string();
        let Some(claimed) = self.store.claim_job(settings.lease, &claim).await? else {
            return Ok(false);
        };
        // A job that outlives its lease may be claimed by another worker: stop before that.
        let limit = settings.lease.mul_f64(0.9);
        let outcome = match serde_json::from_str::<Job>(&claimed.payload) {
            Ok(job) => match tokio::time::timeout(limit, self.run_job(job, claimed.id)).await {
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
    pub async fn run_due_jobs(&self) -> Result<usize> {
        let mut ran = 0;
        while self.run_next_job().await? {
            ran += 1;
        }
        Ok(ran)
    }

    /// Starts this node's worker ([`JobSettings::workers`] jobs at a time), which does due jobs
    /// as long as the store is open.
    pub fn start_worker(&self) -> Jobs {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let wake = Arc::new(tokio::sync::Notify::new());
        let tasks = (0..self.settings.jobs.workers.max(1))
            .map(|_| {
                let app = self.clone();
                let (stopped, wake) = (stopped.clone(), wake.clone());
                tokio::spawn(async move { app.work(stopped, wake).await })
            })
            .collect();
        Jobs { tasks, stop, wake }
    }

    /// One worker's loop: due jobs one after the other, and a look at the queue every
    /// [`JobSettings::poll`] (or when woken) when there are none, until the store closes or
    /// `stopped` says so.
    async fn work(&self, mut stopped: tokio::sync::watch::Receiver<bool>, wake: Arc<tokio::sync::Notify>) {
        let poll = self.settings.jobs.poll;
        while !self.store.is_closed() && !*stopped.borrow() {
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
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                () = wake.notified() => {}
                _ = stopped.changed() => {}
            }
        }
    }

    /// On PostgreSQL, wakes this node's idle workers whenever a commit announces new jobs, on
    /// any node; a lost connection is made again (the workers poll meanwhile).
    async fn wake_on_new_jobs(&self, wake: Arc<tokio::sync::Notify>, mut stopped: tokio::sync::watch::Receiver<bool>) {
        let channel = match self.store.jobs_channel().await {
            Ok(Some(channel)) => channel,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, "the job queue's channel is unknown: workers poll");
                return;
            }
        };
        while !self.store.is_closed() && !*stopped.borrow() {
            let mut listener = match self.store.listen(&channel).await {
                Ok(listener) => listener,
                Err(e) => {
                    tracing::warn!(error = %e, "not listening for new jobs: workers poll");
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_secs(10)) => continue,
                        _ = stopped.changed() => return,
                    }
                }
            };
            loop {
                tokio::select! {
                    heard = listener.next() => match heard {
                        Ok(Some(_)) => wake.notify_waiters(),
                        // The store is closing.
                        Ok(None) => return,
                        Err(e) => {
                            tracing::warn!(error = %e, "listening for new jobs failed: listening again");
                            break;
                        }
                    },
                    _ = stopped.changed() => return,
                }
            }
        }
    }

    /// Starts this node's worker and its schedule: every [`JobSettings::every`], the recurring
    /// jobs are enqueued for the current period. Every node does so; the period's key lets one
    /// of them in, so each runs once across the nodes. On PostgreSQL, new jobs announced by any
    /// node wake the idle workers at once.
    pub fn start_jobs(&self) -> Jobs {
        let mut jobs = self.start_worker();
        let app = self.clone();
        let (wake, stopped) = (jobs.wake.clone(), jobs.stop.subscribe());
        jobs.tasks.push(tokio::spawn(async move { app.wake_on_new_jobs(wake, stopped).await }));
        if self.search_index.is_some() {
            // This node's search index follows the change log.
            let app = self.clone();
            let mut stopped = jobs.stop.subscribe();
            jobs.tasks.push(tokio::spawn(async move { app.search().keep_index_current(&mut stopped).await }));
        }
        let app = self.clone();
        let mut stopped = jobs.stop.subscribe();
        jobs.tasks.push(tokio::spawn(async move {
            let every = app.settings.jobs.every.max(Duration::from_secs(1));
            let mut tick = tokio::time::interval(every.min(Duration::from_secs(60)));
            while !app.store.is_closed() && !*stopped.borrow() {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                if let Err(e) = app.schedule(now()).await {
                    tracing::warn!(error = %e, "the recurring jobs could not be enqueued");
                }
            }
        }));
        jobs
    }

    /// Enqueues the recurring jobs for the period `at` falls in (again is harmless).
    pub async fn schedule(&self, at: DateTime<Utc>) -> Result<()> {
        let every = i64::try_from(self.settings.jobs.every.as_secs().max(1)).unwrap_or(300);
        let slot = at.timestamp().div_euclid(every);
        self.enqueue(Job::Housekeeping { slot }).await?;
        self.enqueue(Job::Digests { slot }).await?;
        Ok(())
    }

    /// Does one job. An `Err` is its failure in words, for the administrator's list.
    async fn run_job(&self, job: Job, id: i64) -> Result<(), String> {
        match job {
            Job::Mail(mail) => self.send_queued_mail(mail, &format!("plein-job-{id}")).await,
            Job::Digest { user_id, day } => {
                let key = format!("plein-digest-{user_id}-{day}");
                self.send_digest(user_id, &key).await.map_err(|e| e.to_string())
            }
            Job::Digests { .. } => self.notifications().send_digests().await.map(|_| ()).map_err(|e| e.to_string()),
            Job::Housekeeping { .. } => self.housekeeping().await.map_err(|e| e.to_string()),
            Job::NewsAnnounce { news_id, .. } => self.announce_news(news_id).await.map_err(|e| e.to_string()),
            Job::NewsRemind { news_id, version, by, .. } => {
                self.remind_news(news_id, version, by).await.map_err(|e| e.to_string())
            }
            Job::NewsMail { news_id, user_id, reminder } => {
                self.mail_news(news_id, user_id, reminder, &format!("plein-job-{id}")).await.map_err(|e| e.to_string())
            }
        }
    }

    /// Sends a queued mail, unless it tells of a post or news item its recipient may no longer read.
    async fn send_queued_mail(&self, mail: OutgoingMail, key: &str) -> Result<(), String> {
        if let Some(about) = mail.about {
            let readable = self.may_still_read(about).await.map_err(|e| e.to_string())?;
            if !readable {
                tracing::info!(?about, "a notification mail was dropped: what it tells of is no longer readable");
                return Ok(());
            }
        }
        self.mailer.send(&mail.to, &mail.subject, mail.body, key).await.map_err(|e| e.to_string())
    }

    /// Whether the mail's recipient may log in and read what it tells of now.
    async fn may_still_read(&self, about: crate::mail::About) -> Result<bool> {
        let Some(on) = about.thread() else { return Ok(false) };
        let Some(user) = self.store.user_by_id(about.user_id).await? else { return Ok(false) };
        if crate::accounts::may_log_in(&user, now()).is_err() {
            return Ok(false);
        }
        let actor = self.actor_for(user.id, user.kind, user.is_admin).await?;
        match self.stream().readable_thread(&actor, on).await {
            Ok(_) => Ok(true),
            Err(crate::Error::Internal(e)) => Err(e.into()),
            Err(_) => Ok(false),
        }
    }

    /// What the recurring housekeeping does: expired sessions and login counters, the record of
    /// ended sessions, guests whose access ended, done jobs older than a week, and the change
    /// log behind its slowest consumer (or older than a day, when nothing follows it).
    async fn housekeeping(&self) -> Result<()> {
        let (sessions, counters) = self.purge_expired().await?;
        if sessions + counters > 0 {
            tracing::info!(sessions, counters, "expired sessions and login counters removed");
        }
        let guests = self.guests().record_guest_expiries().await?;
        if guests > 0 {
            tracing::info!(guests, "guest access ended");
        }
        self.store.prune_jobs(now() - chrono::Duration::days(7)).await?;
        self.store.prune_changes(now() - chrono::Duration::days(1)).await?;
        Ok(())
    }
}

fn to_chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::hours(1))
}
