//! Pages take turns: a few render at once, the others wait in a queue of their own, first come,
//! first served. Forms (writes), live streams, static files and health checks pass straight on.
//! Under a full reading load the runtime's ready queue then stays short, so a write, which waits on
//! the database several times, is not stuck behind dozens of page renders at every wait; and
//! readers are served in the order they came.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Pages rendering at once per processor core: enough to keep the database busy while some wait on it.
pub const PAGES_PER_CORE: usize = 8;

/// How many pages may render at once on this machine.
pub fn pages_at_once() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * PAGES_PER_CORE
}

/// Middleware: a page request waits for its turn.
pub async fn pages_take_turns(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let queued = req.method() == Method::GET
        && !(path.starts_with("/assets/") || path == "/meldingen/live" || path == "/healthz" || path == "/metrics");
    let turn = if queued { state.pages.clone().acquire_owned().await.ok() } else { None };
    let response = next.run(req).await;
    drop(turn);
    response
}
