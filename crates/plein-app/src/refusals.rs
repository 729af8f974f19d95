//! Refused attempts on rights and accounts go to the audit log (BIO asks for it): who tried
//! what, on what, from where. A flood of the same attempt adds one record that counts repeats.
//!
//! Where a request came from is known to the web layer, not to the use cases; it sets it for
//! the whole handling of a request with [`with_origin`], as a tracing span carries a request id.

use std::future::Future;
use std::time::Duration;

use plein_core::policy::{Actor, Decision};
use plein_store::audit::AuditEntry;

use crate::App;
use crate::accounts::Origin;

tokio::task_local! {
    static ORIGIN: Origin;
}

/// Within this window, the same refused attempt is one record with a count of repeats.
pub const REPEAT_WINDOW: Duration = Duration::from_secs(3600);

/// Runs `f` (the handling of one request) knowing where the request came from.
pub async fn with_origin<F: Future>(origin: Origin, f: F) -> F::Output {
    ORIGIN.scope(origin, f).await
}

/// The client address of the request being handled, if any (none on the command line).
pub(crate) fn current_origin() -> Option<String> {
    ORIGIN.try_with(|o| o.addr.clone()).ok().flatten()
}

impl App {
    /// Passes the policy's `decision` on `actor`'s attempt to do `action` (a stable audit code
    /// such as `group.member_add`) to `object` (such as `group:3`) back, after recording it in the
    /// audit log when it is a refusal. Use it for every decision about rights and accounts.
    pub(crate) async fn judged(
        &self,
        actor: &Actor,
        action: &'static str,
        object: Option<String>,
        decision: Decision,
    ) -> Decision {
        if decision != Decision::Allow {
            self.record_refusal(actor, action, object, decision).await;
        }
        decision
    }

    /// Records a refused attempt; a failure to record is logged, and the refusal stands.
    pub(crate) async fn record_refusal(
        &self,
        actor: &Actor,
        action: &'static str,
        object: Option<String>,
        decision: Decision,
    ) {
        let entry = AuditEntry {
            actor_id: Some(actor.id),
            action,
            object,
            success: false,
            origin: current_origin(),
            detail: Some(serde_json::json!({
                "refused": if decision == Decision::NotFound { "not_found" } else { "forbidden" },
            })),
            ..Default::default()
        };
        let since = plein_store::now() - chrono::Duration::from_std(REPEAT_WINDOW).unwrap_or_default();
        let recorded = async {
            let tx = self.store.begin().await?;
            tx.audit_refusal(entry, since).await?;
            tx.commit().await
        };
        if let Err(e) = recorded.await {
            tracing::warn!(error = %e, action, "could not record a refused attempt in the audit log");
        }
    }
}
