//! The live event stream: what concerns the logged-in user as it happens, for as long as their
//! session lasts.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use plein_app::notifications::{LiveEvent, LiveMessage};
use plein_app::{App, SessionUser};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::{AppState, CurrentActor};

/// How long one live connection stays open; the browser reconnects by itself.
const LIVE_FOR: Duration = Duration::from_secs(300);
/// How often a live connection reads the listener's rights and follows afresh.
const REFRESH: Duration = Duration::from_secs(30);

/// `GET /meldingen/live`: server-sent events for the logged-in user: `unread` with the unread
/// count, `post` when a post for their home stream appears. Every event passes the policy.
///
/// The stream ends with its session: as soon as it is ended anywhere (logout, deactivation, a new
/// password, "log out elsewhere", a guest's expiry; on any node, or by the command line), and
/// when its idle time, its lifetime or a guest's access runs out while the stream is open.
pub async fn live(State(state): State<AppState>, CurrentActor(user, actor): CurrentActor) -> Response {
    let mut events = state.app.notifications().subscribe();
    let stream = async_stream::stream! {
        let app = state.app.clone();
        let closes = Instant::now() + LIVE_FOR;
        // Checked after subscribing, so a session that ended since this request's own check is not missed.
        let Some(mut recheck) = session_recheck(&app, &user).await else { return };
        let mut actor = actor;
        let mut interest = app.notifications().read_interest(&actor).await.unwrap_or_default();
        let mut fresh = Instant::now();
        if let Ok(n) = app.notifications().count_unread(actor.id).await {
            yield Ok::<Event, Infallible>(Event::default().event("unread").data(n.to_string()));
        }
        loop {
            // A busy stream still looks at its session when its time is up.
            if Instant::now() >= recheck {
                match session_recheck(&app, &user).await {
                    Some(at) => recheck = at,
                    None => break,
                }
            }
            let event = match tokio::time::timeout_at(closes.min(recheck), events.recv()).await {
                Ok(Ok(LiveEvent::Closing) | Err(RecvError::Closed)) => break,
                Err(_) if Instant::now() >= closes => break,
                // The session's time is up unless a request or a renewal moved it on; or some of this
                // user's sessions ended; or events were missed, and that may have been one of them.
                Err(_) | Ok(Err(RecvError::Lagged(_))) => None,
                Ok(Ok(LiveEvent::SessionsEnded(id))) if id == user.id => None,
                Ok(Ok(event)) => Some(event),
            };
            let Some(event) = event else {
                match session_recheck(&app, &user).await {
                    Some(at) => {
                        recheck = at;
                        continue;
                    }
                    None => break,
                }
            };
            if fresh.elapsed() > REFRESH {
                match app.actor(&user).await {
                    Ok(a) => actor = a,
                    Err(_) => break,
                }
                interest = app.notifications().read_interest(&actor).await.unwrap_or_default();
                fresh = Instant::now();
            }
            match app.notifications().compose_live_message(&actor, &interest, &event).await {
                Ok(Some(LiveMessage::Unread(n))) => yield Ok(Event::default().event("unread").data(n.to_string())),
                Ok(Some(LiveMessage::NewPost(id))) => yield Ok(Event::default().event("post").data(id.to_string())),
                Ok(None) => {}
                Err(_) => break,
            }
        }
    };
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// When the stream must look at `user`'s session again (it has ended by then unless a request or
/// a renewal moved it on), or `None` once it has ended; a failed look ends the stream too.
async fn session_recheck(app: &App, user: &SessionUser) -> Option<Instant> {
    let until = app.accounts().read_session_expiry(&user.session_hash).await.ok()??;
    // The stream closes within LIVE_FOR anyway; a later time is as good as never.
    let left = (until - chrono::Utc::now()).to_std().unwrap_or_default().min(LIVE_FOR);
    Some(Instant::now() + left)
}
