//! The live event stream (`/meldingen/live`) ends as soon as its session does: on deactivation
//! (also by another process, as the command line is), when another browser ends the other
//! sessions or logs out, and when a guest's access runs out while it is open. On SQLite and
//! PostgreSQL.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::time::Duration;

use axum::http::StatusCode;
use plein_app::stream::NewPost;
use plein_store::stream::PostPlace;
use plein_store::users::UserRow;
use plein_testkit::{Browser, OpenResponse, PASSWORD, TestApp, on_both_databases};

on_both_databases!(
    deactivation_ends_the_live_stream_at_once,
    deactivation_by_another_process_ends_the_live_stream,
    ending_other_sessions_and_logging_out_end_only_their_streams,
    a_guests_live_stream_ends_when_their_access_does,
);

/// How long a stream may take to end once its session has (the suite waits no longer).
const SOON: Duration = Duration::from_secs(2);

/// Ann, whose posts Bob follows, and Bob.
async fn ann_and_bob(app: &TestApp) -> (UserRow, UserRow) {
    let ann = app.add_user("ann", PASSWORD).await;
    let bob = app.add_user("bob", PASSWORD).await;
    app.store().set_follow(bob.id, plein_store::stream::FollowTarget::Person(ann.id), true).await.unwrap();
    (ann, bob)
}

/// Ann posts on her profile; returns the post's id.
async fn ann_posts(app: &TestApp, ann: &UserRow, body: &str) -> i64 {
    let post = NewPost { place: PostPlace::Profile(ann.id), body: body.into(), poll: None, images: Vec::new() };
    app.app.stream().publish_post(&app.actor_of(ann).await, post).await.unwrap().id
}

/// Opens `b`'s live stream and waits for its first event (the unread count).
async fn open_live(b: &mut Browser) -> OpenResponse {
    let mut live = b.open("/meldingen/live").await;
    assert_eq!(live.status, StatusCode::OK);
    live.until("event: unread", SOON).await.expect("the stream starts with the unread count");
    live
}

fn post_event(id: i64) -> String {
    format!("event: post\ndata: {id}\n")
}

async fn deactivation_ends_the_live_stream_at_once(app: TestApp) {
    let (ann, _bob) = ann_and_bob(&app).await;
    let mut bob = app.login_as("bob").await;
    let mut live = open_live(&mut bob).await;
    let first = ann_posts(&app, &ann, "Eerste").await;
    live.until(&post_event(first), SOON).await.expect("an open stream tells of a followed person's post");

    app.app.accounts().deactivate_user("bob", None).await.unwrap();
    let second = ann_posts(&app, &ann, "Tweede").await;
    let rest = live.rest(SOON).await.expect("the stream ends when its user is deactivated");
    assert!(!rest.contains(&post_event(second)), "nothing is told after the deactivation: {rest}");
}

async fn deactivation_by_another_process_ends_the_live_stream(app: TestApp) {
    let (_ann, _bob) = ann_and_bob(&app).await;
    // This node serves as `plein serve` does: following what other processes do.
    let _node = app.app.clone().relay_live().await.unwrap();
    let command_line = app.other_process().await;
    let mut bob = app.login_as("bob").await;
    let mut live = open_live(&mut bob).await;

    command_line.accounts().deactivate_user("bob", None).await.unwrap();
    // Another process's deactivation is heard through the database within half a second; the
    // stream must end by itself (within SOON), which is what is asserted here.
    live.rest(SOON).await.expect("the stream ends when the command line deactivates its user");
}

async fn ending_other_sessions_and_logging_out_end_only_their_streams(app: TestApp) {
    let (ann, _bob) = ann_and_bob(&app).await;
    let mut desk = app.login_as("bob").await;
    let mut phone = app.login_as("bob").await;
    let mut desk_live = open_live(&mut desk).await;
    let mut phone_live = open_live(&mut phone).await;

    let res = desk.post_form("/account/sessies/beeindigen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    phone_live.rest(SOON).await.expect("the phone's stream ends with its session");
    let post = ann_posts(&app, &ann, "Nog steeds hier").await;
    desk_live.until(&post_event(post), SOON).await.expect("the desk's own stream goes on");

    assert_eq!(desk.post_form("/uitloggen", &[]).await.status, StatusCode::SEE_OTHER);
    desk_live.rest(SOON).await.expect("logging out ends the browser's stream");
}

async fn a_guests_live_stream_ends_when_their_access_does(app: TestApp) {
    let guest = app.add_guest("gast", PASSWORD).await;
    let until = plein_store::now() + chrono::Duration::milliseconds(1500);
    app.store().set_guest_expiry(guest.id, until).await.unwrap();
    let mut b = app.browser_for(&guest).await;
    let mut live = open_live(&mut b).await;

    live.rest(SOON + Duration::from_secs(1)).await.expect("the guest's stream ends with their access");
    assert!(plein_store::now() >= until, "not before their access ends");
}
