//! Random organisations with random activity through the app (posts with mentions and topics,
//! comments, likes, follows, per-space choices), then random loss of access, on both databases:
//! every notification, unread count, live event and mention e-mail is about something its
//! recipient may read under `authorize`.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeMap;

use plein_app::notifications::{LiveEvent, LiveMessage};
use plein_app::spaces::NotifyLevel;
use plein_core::policy::{Action, Target, authorize};
use plein_store::sea_orm::ConnectionTrait;
use plein_store::stream::{LikeTarget, PostPlace};
use plein_testkit::{SmtpServer, TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod common;

on_both_databases!(with_smtp: notifications_mails_and_live_events_agree_with_authorize);

/// The post a notification or mail links to.
fn post_in(link: &str) -> Option<i64> {
    link.split("/berichten/").nth(1)?.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

async fn notifications_mails_and_live_events_agree_with_authorize(app: TestApp, smtp: SmtpServer) {
    let s = app.store();
    let mut rng = StdRng::seed_from_u64(11);
    let mut org = app.organisation(7).await;
    org.add_spaces(&app, &mut rng, 8).await;
    let (users, space_ids) = (org.users, org.spaces);
    let mut actors = Vec::new();
    for u in &users {
        actors.push(app.actor_of(u).await);
    }
    let mut live = app.app.notifications().subscribe();
    let mut events = Vec::new();
    let mut posts: Vec<i64> = Vec::new();
    for step in 0..120 {
        let who = rng.random_range(0..users.len());
        let actor = &actors[who];
        let named = format!(
            "@{} en @{} #onderwerp{}",
            users[rng.random_range(0..users.len())].username,
            users[rng.random_range(0..users.len())].username,
            step % 3
        );
        match rng.random_range(0..6) {
            0 | 1 => {
                let place = if rng.random_bool(0.8) {
                    PostPlace::Space(space_ids[rng.random_range(0..space_ids.len())])
                } else {
                    PostPlace::Profile(actor.id)
                };
                if let Ok(p) = app.app.stream().create_post(actor, place, &format!("Bericht {step} voor {named}")).await
                {
                    posts.push(p.id);
                }
            }
            2 if !posts.is_empty() => {
                let post = posts[rng.random_range(0..posts.len())];
                let _ = app
                    .app
                    .stream()
                    .create_comment(
                        actor,
                        plein_store::stream::CommentOn::Post(post),
                        None,
                        &format!("Reactie {step} voor {named}"),
                    )
                    .await;
            }
            3 if !posts.is_empty() => {
                let post = posts[rng.random_range(0..posts.len())];
                let _ = app.app.stream().set_like(actor, LikeTarget::Post(post), true).await;
            }
            4 => {
                let space = space_ids[rng.random_range(0..space_ids.len())];
                let _ = app.app.stream().set_follow(actor, plein_store::stream::FollowTarget::Space(space), true).await;
                let person = users[rng.random_range(0..users.len())].id;
                let _ =
                    app.app.stream().set_follow(actor, plein_store::stream::FollowTarget::Person(person), true).await;
            }
            _ => {
                let space = space_ids[rng.random_range(0..space_ids.len())];
                let level = [NotifyLevel::All, NotifyLevel::Normal, NotifyLevel::Mute][rng.random_range(0..3)];
                let _ = app.app.spaces().set_notify_level(actor, space, level).await;
            }
        }
        while let Ok(event) = live.try_recv() {
            events.push(event);
        }
    }
    let spaces = s.spaces_by_ids(&space_ids).await.unwrap();

    // Mention mails: one per mention notification, each to someone who may read the post.
    let mentions = s
        .conn()
        .query_one_raw(plein_store::sea_orm::Statement::from_string(
            s.conn().get_database_backend(),
            "SELECT CAST(count(*) AS BIGINT) FROM notifications WHERE kind = 'mention'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert!(mentions > 0, "the activity mentions people");
    let mails = smtp.wait_for(usize::try_from(mentions).unwrap()).await;
    assert_eq!(mails.len() as i64, mentions);
    let by_email: BTreeMap<String, usize> = users.iter().enumerate().map(|(i, u)| (u.email.clone(), i)).collect();
    for mail in &mails {
        let text = mail.replace("=\r\n", "").replace("=\n", "");
        let to = text.lines().find_map(|l| l.strip_prefix("To: ")).unwrap().trim();
        let who = by_email[to];
        let post = s.post_by_id(post_in(&text).unwrap()).await.unwrap().unwrap();
        assert!(common::readable(&actors[who], &post, &spaces), "{to} was mailed about post {}", post.id);
    }

    // Then access changes: some members leave, so some notifications' subjects become unreadable.
    for id in &space_ids {
        for u in &users {
            if rng.random_bool(0.3) {
                s.remove_space_member(*id, u.id).await.unwrap();
            }
        }
    }
    for (u, before) in users.iter().zip(&actors) {
        let actor = app.actor_of(u).await;
        assert!(actor.memberships.len() <= before.memberships.len());
        let interest = app.app.notifications().read_interest(&actor).await.unwrap();
        // Every page of notifications.
        let mut shown = Vec::new();
        let mut cursor = None;
        loop {
            let page = app.app.notifications().list_notifications(&actor, cursor).await.unwrap();
            shown.extend(page.items);
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        for n in &shown {
            match post_in(&n.link) {
                Some(id) => {
                    let post = s.post_by_id(id).await.unwrap().unwrap();
                    assert!(common::readable(&actor, &post, &spaces), "{} is told of post {id}", u.username);
                }
                None => {
                    let space = n.link.trim_start_matches("/teams/").split('/').next().unwrap().parse::<i64>();
                    let space = spaces.iter().find(|s| Ok(s.id) == space).unwrap();
                    let f = plein_app::spaces::facts(space);
                    assert!(authorize(Some(&actor), Action::See, Target::Space(&f)).allowed());
                }
            }
        }
        // The count in the header is the unread ones among them: the unreadable were counted read.
        let unread = shown.iter().filter(|n| !n.read).count() as i64;
        assert_eq!(app.app.notifications().count_unread(u.id).await.unwrap(), unread, "{}", u.username);
        // Live events, judged with today's rights.
        for event in &events {
            match app.app.notifications().compose_live_message(&actor, &interest, event).await.unwrap() {
                Some(LiveMessage::NewPost(id)) => {
                    let post = s.post_by_id(id).await.unwrap().unwrap();
                    assert!(common::readable(&actor, &post, &spaces), "{} hears of post {id}", u.username);
                    assert_ne!(post.author_id, actor.id, "nobody hears of their own post");
                }
                Some(LiveMessage::Unread(n)) => {
                    assert!(matches!(event, LiveEvent::Unread(id) if *id == actor.id));
                    assert_eq!(n, unread);
                }
                None => {}
            }
        }
    }
}
