//! The job queue for administrators: failed and waiting jobs, and trying a failed one again.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use crate::flash::{self, Notice, with_notice};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// The message after a retry.
#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

/// A job as the list shows it.
pub struct JobItem {
    id: i64,
    kind: String,
    state: String,
    failed: bool,
    attempts: String,
    next: String,
    error: String,
}

#[derive(Template)]
#[template(path = "admin/jobs.html")]
struct JobsPage {
    shell: Shell,
    counts: String,
    jobs: Vec<JobItem>,
}

/// `GET /beheer/taken`: failed jobs first, then those waiting or running.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let (jobs, counts) = state.app.list_open_jobs(&actor).await?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let notice = q.ok.map(|n| shell.notice(n));
    let counts = format!(
        "{} · {} · {}",
        shell.t_num("jobs-count-waiting", "count", counts.waiting),
        shell.t_num("jobs-count-running", "count", counts.running),
        shell.t_num("jobs-count-failed", "count", counts.failed),
    );
    let jobs = jobs
        .into_iter()
        .map(|j| JobItem {
            id: j.id,
            kind: shell.t(&format!("job-kind-{}", j.kind)),
            failed: j.state == "failed",
            state: shell.t(&format!("job-state-{}", j.state)),
            attempts: format!("{} / {}", j.attempts, j.max_attempts),
            next: if j.state == "waiting" { plein_app::i18n::local_timestamp(j.run_at) } else { String::new() },
            error: j.last_error.unwrap_or_default(),
        })
        .collect();
    Ok(page(StatusCode::OK, &JobsPage { shell: shell.with_notice(notice), counts, jobs }))
}

/// `POST /beheer/taken/{id}/opnieuw`: a failed job runs again, with all its attempts.
pub async fn retry(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.retry_job(&actor, id).await?;
    Ok(Redirect::to(&with_notice("/beheer/taken", Notice::JobRetried)).into_response())
}
