//! Live events reach listeners on every app node: on PostgreSQL, a post and a notification made
//! through one node are heard by a listener on another; on SQLite (one node) they are heard at once.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::time::Duration;

use plein_app::notifications::{LiveEvent, LiveMessage};
use plein_app::stream::NewPost;
use plein_store::stream::PostPlace;
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(posts_and_notifications_are_heard_on_every_node, ended_sessions_are_heard_on_every_node);

/// The next event `rx` hears within five seconds that passes `wanted`.
async fn heard(
    rx: &mut tokio::sync::broadcast::Receiver<LiveEvent>,
    wanted: impl Fn(&LiveEvent) -> bool,
) -> Option<LiveEvent> {
    heard_within(rx, wanted, Duration::from_secs(5)).await
}

/// The next event `rx` hears within `wait` that passes `wanted`.
async fn heard_within(
    rx: &mut tokio::sync::broadcast::Receiver<LiveEvent>,
    wanted: impl Fn(&LiveEvent) -> bool,
    wait: Duration,
) -> Option<LiveEvent> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(event)) if wanted(&event) => return Some(event),
            Ok(Ok(_)) => {}
            Ok(Err(_)) | Err(_) => return None,
        }
    }
}

async fn posts_and_notifications_are_heard_on_every_node(app: TestApp) {
    let (writer_node, reader_node) = app.two_nodes().await;
    let ann = app.add_user("ann", "Lang-genoeg-wachtwoord-1").await;
    let bob = app.add_user("bob", "Lang-genoeg-wachtwoord-1").await;
    let (ann_actor, bob_actor) = (app.actor_of(&ann).await, app.actor_of(&bob).await);
    reader_node.stream().set_follow(&bob_actor, plein_store::stream::FollowTarget::Person(ann.id), true).await.unwrap();
    let interest = reader_node.notifications().read_interest(&bob_actor).await.unwrap();
    let mut bob_hears = reader_node.notifications().subscribe();

    // Ann posts on her profile through the other node, mentioning Bob.
    let post = NewPost { place: PostPlace::Profile(ann.id), body: "Hallo @bob".into(), poll: None, images: Vec::new() };
    let post = writer_node.stream().publish_post(&ann_actor, post).await.unwrap();

    let unread = heard(&mut bob_hears, |e| matches!(e, LiveEvent::Unread(u) if *u == bob.id)).await;
    let unread = reader_node
        .notifications()
        .compose_live_message(&bob_actor, &interest, &unread.expect("bob hears of his notification"))
        .await;
    assert_eq!(unread.unwrap(), Some(LiveMessage::Unread(1)));
    let posted = heard(&mut bob_hears, |e| matches!(e, LiveEvent::Posted { id, .. } if *id == post.id)).await;
    let message = reader_node
        .notifications()
        .compose_live_message(&bob_actor, &interest, &posted.expect("bob hears of the post"))
        .await;
    assert_eq!(message.unwrap(), Some(LiveMessage::NewPost(post.id)));

    // Marking read on one node lowers the count heard on the other.
    writer_node.notifications().mark_notifications_read(&bob_actor, None).await.unwrap();
    let unread = heard(&mut bob_hears, |e| matches!(e, LiveEvent::Unread(u) if *u == bob.id)).await;
    let unread = reader_node
        .notifications()
        .compose_live_message(&bob_actor, &interest, &unread.expect("bob hears the count drop"))
        .await;
    assert_eq!(unread.unwrap(), Some(LiveMessage::Unread(0)));

    // A relaying node still shuts down: closing its store does not wait for the listener forever.
    let closing = tokio::time::timeout(Duration::from_secs(10), reader_node.store().clone().close()).await;
    assert!(closing.is_ok(), "the store closes while its node relays live events");
}

async fn ended_sessions_are_heard_on_every_node(app: TestApp) {
    let (writer_node, reader_node) = app.two_nodes().await;
    // `plein user …` runs as a process of its own on the same database, relaying nothing.
    let command_line = app.other_process().await;
    let bob = app.add_user("bob", "Lang-genoeg-wachtwoord-1").await;
    let carol = app.add_user("carol", "Lang-genoeg-wachtwoord-1").await;
    // Each has a session open.
    app.browser_for(&bob).await;
    app.browser_for(&carol).await;
    let mut listener = reader_node.notifications().subscribe();
    let soon = Duration::from_secs(2);

    writer_node.accounts().set_password("bob", "Ander-lang-wachtwoord-2").await.unwrap();
    let ended = heard_within(&mut listener, |e| matches!(e, LiveEvent::SessionsEnded(u) if *u == bob.id), soon).await;
    assert!(ended.is_some(), "a node hears at once that another node ended a person's sessions");

    command_line.accounts().deactivate_user("carol", None).await.unwrap();
    let ended = heard_within(&mut listener, |e| matches!(e, LiveEvent::SessionsEnded(u) if *u == carol.id), soon).await;
    assert!(ended.is_some(), "a node hears at once that the command line ended a person's sessions");
}
