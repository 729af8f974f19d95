//! The job queue: work that must follow a write (mail, digests, housekeeping), enqueued in the
//! writing transaction ([`Store::enqueue`]) and claimed by a worker on any node
//! ([`Store::claim_job`]) for a lease, so that a crash or an SMTP outage loses nothing.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};

use crate::{Result, Store, StoreError};

/// A job to enqueue. The payload is the caller's own typed job as JSON.
#[derive(Clone, Debug)]
pub struct NewJob {
    /// What kind of work, for the administrator's list (`mail`, `digest` …).
    pub kind: &'static str,
    /// The job as JSON.
    pub payload: String,
    /// A job with the same key is enqueued once: a second one with that key is dropped, even
    /// after the first is done (until done jobs are pruned).
    pub unique_key: Option<String>,
    /// Not before.
    pub run_at: DateTime<Utc>,
    /// Due jobs run lowest first: 0 for what someone waits for (a password link), more for
    /// work in the background (digests, housekeeping).
    pub priority: i32,
    /// Attempts before the job stays failed.
    pub max_attempts: i32,
}

/// A job a worker claimed: its lease runs until the worker calls [`Store::finish_job`] or
/// [`Store::fail_job`] with `claim`, or until the lease ends and another worker claims it.
#[derive(Clone, Debug)]
pub struct ClaimedJob {
    /// The job's id.
    pub id: i64,
    /// Its kind.
    pub kind: String,
    /// The job as JSON.
    pub payload: String,
    /// This attempt's number (1 for the first).
    pub attempts: i32,
    /// Attempts before the job stays failed.
    pub max_attempts: i32,
    /// This claim's token: only its holder finishes the job.
    pub claim: String,
}

/// A job that is not done, as the administrator's list shows it.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct JobRow {
    /// The job's id.
    pub id: i64,
    /// Its kind.
    pub kind: String,
    /// `waiting`, `running` or `failed`.
    pub state: String,
    /// Attempts made.
    pub attempts: i32,
    /// Attempts before it stays failed.
    pub max_attempts: i32,
    /// When it runs next (a waiting job).
    pub run_at: DateTime<Utc>,
    /// What went wrong last time.
    pub last_error: Option<String>,
    /// When it was enqueued.
    pub created_at: DateTime<Utc>,
}

/// How many jobs are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Waiting to run (including those waiting to be tried again).
    pub waiting: i64,
    /// Claimed by a worker.
    pub running: i64,
    /// Done.
    pub done: i64,
    /// Failed for good, until retried.
    pub failed: i64,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// Enqueues a job, inside the caller's transaction when this store is one: the job exists
    /// if and only if the write that caused it commits. Returns `false` when a job with the same
    /// unique key is already there (and nothing was enqueued).
    pub async fn enqueue(&self, job: NewJob) -> Result<bool> {
        let now = crate::now();
        let added = self
            .run(
                "INSERT INTO jobs (kind, payload, unique_key, state, priority, attempts, max_attempts, run_at, \
                 created_at) VALUES ($1, $2, $3, 'waiting', $4, 0, $5, $6, $7) ON CONFLICT (unique_key) DO NOTHING",
                vec![
                    job.kind.into(),
                    job.payload.into(),
                    job.unique_key.into(),
                    job.priority.into(),
                    job.max_attempts.max(1).into(),
                    job.run_at.into(),
                    now.into(),
                ],
            )
            .await?;
        if let Some(notify) = self.backend().notify("plein_jobs_").filter(|_| added == 1) {
            // Idle workers on every node wake up when this commits (see [`Store::jobs_channel`]).
            self.run(&notify, Vec::new()).await?;
        }
        Ok(added == 1)
    }

    /// On PostgreSQL, the channel that a commit with new jobs notifies (listen with
    /// [`Store::listen`]); `None` on SQLite, where workers poll.
    pub async fn jobs_channel(&self) -> Result<Option<String>> {
        match self.backend().channel("plein_jobs_") {
            Some(sql) => self.text(&sql, Vec::new()).await,
            None => Ok(None),
        }
    }

    /// Whether a job is due at `at`: waiting with its time come, or claimed by a worker whose
    /// lease ran out. A read, so that idle workers poll without taking SQLite's write lock.
    pub async fn job_due(&self, at: DateTime<Utc>) -> Result<bool> {
        let sql = "SELECT id FROM jobs WHERE state = 'waiting' AND run_at <= $1 UNION ALL \
                   SELECT id FROM jobs WHERE state = 'running' AND claimed_until <= $1 LIMIT 1";
        Ok(!self.ids(sql, vec![at.into()]).await?.is_empty())
    }

    /// Marks a claimed job done. A job without a unique key is forgotten; one with a key is kept
    /// (so the key still refuses duplicates) without its payload, which may hold a secret such
    /// as a password link. Returns `false` when the claim was lost (the lease ran out and another
    /// worker claimed the job).
    pub async fn finish_job(&self, id: i64, claim: &str) -> Result<bool> {
        let deleted = self
            .run("DELETE FROM jobs WHERE id = $1 AND claim = $2 AND unique_key IS NULL", vec![id.into(), claim.into()])
            .await?;
        if deleted == 1 {
            return Ok(true);
        }
        let done = self
            .run(
                "UPDATE jobs SET state = 'done', payload = 'null', claimed_until = NULL, claim = NULL, \
                 finished_at = $3 WHERE id = $1 AND claim = $2",
                vec![id.into(), claim.into(), crate::now().into()],
            )
            .await?;
        Ok(done == 1)
    }

    /// Records a failed attempt of a claimed job: it waits until `retry_at`, or, when it has had
    /// all its attempts, stays failed.
    pub async fn fail_job(&self, id: i64, claim: &str, error: &str, retry_at: DateTime<Utc>) -> Result<bool> {
        let error: String = error.chars().take(2000).collect();
        let changed = self
            .run(
                "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'waiting' END, \
                 run_at = $3, last_error = $4, claimed_until = NULL, claim = NULL \
                 WHERE id = $1 AND claim = $2",
                vec![id.into(), claim.into(), retry_at.into(), error.into()],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Lets a failed job run again, with all its attempts; `false` when it is not failed.
    pub async fn retry_job(&self, id: i64) -> Result<bool> {
        let changed = self
            .run(
                "UPDATE jobs SET state = 'waiting', attempts = 0, run_at = $2 WHERE id = $1 AND state = 'failed'",
                vec![id.into(), crate::now().into()],
            )
            .await?;
        Ok(changed == 1)
    }

    /// Jobs that are not done: failed ones first, then by id; at most `limit`.
    pub async fn list_open_jobs(&self, limit: u64) -> Result<Vec<JobRow>> {
        self.json_rows(
            "'id', id, 'kind', kind, 'state', state, 'attempts', attempts, 'max_attempts', max_attempts, \
             'run_at', run_at, 'last_error', last_error, 'created_at', created_at",
            &format!(
                "FROM (SELECT * FROM jobs WHERE state <> 'done' \
                 ORDER BY CASE WHEN state = 'failed' THEN 0 ELSE 1 END, id LIMIT {limit}) j"
            ),
            Vec::new(),
        )
        .await
    }

    /// One job as the list shows it (done ones included).
    pub async fn job(&self, id: i64) -> Result<Option<JobRow>> {
        Ok(self
            .json_rows(
                "'id', id, 'kind', kind, 'state', state, 'attempts', attempts, 'max_attempts', max_attempts, \
                 'run_at', run_at, 'last_error', last_error, 'created_at', created_at",
                "FROM jobs WHERE id = $1",
                vec![id.into()],
            )
            .await?
            .pop())
    }

    /// How many jobs are in each state.
    pub async fn count_jobs(&self) -> Result<JobCounts> {
        #[derive(serde::Deserialize)]
        struct Count {
            state: String,
            n: i64,
        }
        let rows: Vec<Count> = self
            .json_rows(
                "'state', state, 'n', n",
                "FROM (SELECT state, count(*) AS n FROM jobs GROUP BY state) c",
                Vec::new(),
            )
            .await?;
        let mut counts = JobCounts::default();
        for c in rows {
            match c.state.as_str() {
                "waiting" => counts.waiting = c.n,
                "running" => counts.running = c.n,
                "done" => counts.done = c.n,
                _ => counts.failed = c.n,
            }
        }
        Ok(counts)
    }

    /// Forgets done jobs finished before `before` (their keys with them); returns how many.
    pub async fn prune_jobs(&self, before: DateTime<Utc>) -> Result<u64> {
        self.run("DELETE FROM jobs WHERE state = 'done' AND finished_at < $1", vec![before.into()]).await
    }
}

impl Store<DatabaseConnection> {
    /// Claims the job that is due first (by priority, then time), for `lease`: a waiting job whose
    /// time has come, or one whose worker's lease ran out (its node died or hung). The claim
    /// counts as an attempt.
    /// On PostgreSQL, workers skip the rows others are claiming (`FOR UPDATE SKIP LOCKED`); on
    /// SQLite the claim is one statement in one write transaction, and there is one writer.
    /// `claim` is the worker's fresh token for this claim (a random one: only its holder may
    /// finish the job).
    pub async fn claim_job(&self, lease: std::time::Duration, claim: &str) -> Result<Option<ClaimedJob>> {
        let now = crate::now();
        let until = now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
        let lock = self.backend().skip_locked();
        let sql = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_until = $2, claim = $3 \
             WHERE id = (SELECT id FROM jobs WHERE (state = 'waiting' AND run_at <= $1) \
                 OR (state = 'running' AND claimed_until <= $1) ORDER BY priority, run_at, id LIMIT 1{lock}) \
             RETURNING id, kind, payload, attempts, max_attempts"
        );
        let tx = self.begin().await?;
        let backend = tx.conn().get_database_backend();
        let row = tx
            .conn()
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                backend,
                &sql,
                vec![now.into(), until.into(), claim.into()],
            ))
            .await?;
        let job = match row {
            Some(row) => Some(ClaimedJob {
                id: row.try_get("", "id").map_err(StoreError::Db)?,
                kind: row.try_get("", "kind").map_err(StoreError::Db)?,
                payload: row.try_get("", "payload").map_err(StoreError::Db)?,
                attempts: row.try_get("", "attempts").map_err(StoreError::Db)?,
                max_attempts: row.try_get("", "max_attempts").map_err(StoreError::Db)?,
                claim: claim.to_owned(),
            }),
            None => None,
        };
        tx.commit().await?;
        Ok(job)
    }
}
