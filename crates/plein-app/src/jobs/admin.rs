//! The job queue as administrators see it: jobs that are not done, and trying a failed one again.

use plein_core::policy::{Action, Actor, Target, authorize};
use plein_store::StoreError;
use plein_store::jobs::JobCounts;

use super::OpenJob;
use crate::{App, ServiceError};

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
    /// Jobs that are not done (failed first), for administrators.
    pub async fn open_jobs(&self, actor: &Actor) -> Result<(Vec<OpenJob>, JobCounts), JobError> {
        let decision = authorize(Some(actor), Action::ManageJobs, Target::Site);
        self.judged(actor, "jobs.read", None, decision).await.or(JobError::NotFound, JobError::NotFound)?;
        Ok((self.store.open_jobs(200).await?, self.store.job_counts().await?))
    }

    /// Lets a failed job run again, for administrators; audited.
    pub async fn retry_job(&self, actor: &Actor, id: i64) -> Result<(), JobError> {
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

    /// How many jobs are in each state, for the metrics (which are not for everyone either).
    pub async fn job_counts(&self) -> Result<JobCounts, ServiceError> {
        Ok(self.store.job_counts().await?)
    }

    /// Whether `actor` may see and retry the queue's jobs (for the administration menu).
    pub fn may_manage_jobs(&self, actor: &Actor) -> bool {
        authorize(Some(actor), Action::ManageJobs, Target::Site).allowed()
    }
}
