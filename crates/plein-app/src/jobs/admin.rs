//! The job queue as administrators see it: jobs that are not done, and trying a failed one again.

use plein_core::policy::{Action, Actor, Target, authorize};
use plein_store::jobs::JobCounts;

use super::OpenJob;
use crate::App;
use crate::error::{Error, Result};

impl App {
    /// Jobs that are not done (failed first), for administrators.
    pub async fn list_open_jobs(&self, actor: &Actor) -> Result<(Vec<OpenJob>, JobCounts)> {
        let decision = authorize(Some(actor), Action::ManageJobs, Target::Site);
        self.judged(actor, "jobs.read", None, decision).await.or(Error::NotFound, Error::NotFound)?;
        Ok((self.store.list_open_jobs(200).await?, self.store.count_jobs().await?))
    }

    /// Lets a failed job run again, for administrators; audited.
    pub async fn retry_job(&self, actor: &Actor, id: i64) -> Result<()> {
        let decision = authorize(Some(actor), Action::ManageJobs, Target::Site);
        self.judged(actor, "job.retry", Some(format!("job:{id}")), decision)
            .await
            .or(Error::NotFound, Error::NotFound)?;
        let tx = self.store.begin().await?;
        if !tx.retry_job(id).await? {
            return Err(Error::NotFound);
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
    pub async fn count_jobs(&self) -> Result<JobCounts> {
        Ok(self.store.count_jobs().await?)
    }
}
