//! Random organisations with random activity, on both databases: every post in every stream is
//! readable by its reader under `authorize`, nothing readable that belongs in the home stream is
//! missing from it, and every post one may not read answers "not found", in the app and over HTTP.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use plein_app::spaces::facts;
use plein_core::policy::{Action, Target, authorize};
use plein_store::now;
use plein_store::stream::{BulkPost, FollowTarget, InsertPost, PostPlace};
use plein_testkit::{TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod common;

on_both_databases!(
    streams_agree_with_authorize_in_random_organisations,
    my_spaces_come_most_used_first_by_live_posts,
    the_start_page_shows_spaces_as_they_are_now,
);

async fn streams_agree_with_authorize_in_random_organisations(app: TestApp) {
    let s = app.store();
    let mut rng = StdRng::seed_from_u64(4);
    let mut org = app.organisation(7).await;
    org.add_spaces(&app, &mut rng, 8).await;
    let (users, space_ids) = (org.users, org.spaces);
    // Activity: posts in spaces (by anyone, to test the readers, not the writers), on profiles,
    // some removed; follows of spaces and people, some of them not readable by the follower.
    let mut posts = Vec::new();
    let mut mentions = BTreeSet::new();
    for n in 0..90 {
        let place = if rng.random_bool(0.75) {
            PostPlace::Space(space_ids[rng.random_range(0..space_ids.len())])
        } else {
            PostPlace::Profile(users[rng.random_range(0..users.len())].id)
        };
        let author = users[rng.random_range(0..users.len())].id;
        let row = s
            .insert_post(InsertPost {
                place,
                author_id: author,
                body: format!("bericht {n}"),
                body_html: format!("<p>bericht {n}</p>"),
                created_at: now(),
            })
            .await
            .unwrap();
        if rng.random_bool(0.1) {
            s.delete_post(row.id).await.unwrap();
        }
        // Mentions, some of people who may not read the post (the store keeps whatever it is
        // given; the home stream must still show only what the policy allows).
        if rng.random_bool(0.2) {
            let who = users[rng.random_range(0..users.len())].id;
            s.set_post_mentions(row.id, &[who]).await.unwrap();
            mentions.insert((row.id, who));
        }
        posts.push(row.id);
    }
    for u in &users {
        for id in &space_ids {
            if rng.random_bool(0.3) {
                s.set_follow(u.id, FollowTarget::Space(*id), true).await.unwrap();
            }
        }
        for v in &users {
            if v.id != u.id && rng.random_bool(0.3) {
                s.set_follow(u.id, FollowTarget::Person(v.id), true).await.unwrap();
            }
        }
    }
    let spaces = s.spaces_by_ids(&space_ids).await.unwrap();
    let mut all = Vec::new();
    for id in &posts {
        all.push(s.post_by_id(*id).await.unwrap().unwrap());
    }

    // How often each answer came, so that the organisation is seen to test both.
    let (mut reads, mut refusals, mut home_posts) = (0, 0, 0);
    for u in &users {
        let actor = app.actor_of(u).await;
        let mut browser = app.browser_for(u).await;

        // The home stream, every page of it.
        let mut home = Vec::new();
        let mut before = None;
        loop {
            let page = app.app.stream().read_home_stream(&actor, before).await.unwrap();
            home.extend(page.items.iter().map(|v| v.post.id));
            match page.next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        // The home page reads its first page and the reader's spaces in one query: the same answers.
        let page = app.app.stream().read_home(&actor, None).await.unwrap();
        let first = app.app.stream().read_home_stream(&actor, None).await.unwrap();
        let ids = |p: &plein_app::stream::StreamPage| p.items.iter().map(|v| v.post.id).collect::<Vec<_>>();
        assert_eq!((ids(&page.stream), page.stream.next), (ids(&first), first.next), "home page of {}", u.username);
        assert_eq!(page.spaces, app.app.spaces().list_my_spaces(&actor).await.unwrap());
        let home_set: BTreeSet<i64> = home.iter().copied().collect();
        assert_eq!(home.len(), home_set.len(), "no post twice");
        home_posts += home.len();
        assert!(home.windows(2).all(|w| w[0] > w[1]), "newest first");
        let (followed_people, followed_spaces) = s.follows_of(u.id).await.unwrap();
        let employee = u.kind == plein_core::UserKind::Employee;
        let mut expected = BTreeSet::new();
        for post in &all {
            let may = common::readable(&actor, post, &spaces);
            let belongs = match (post.space_id, post.profile_id) {
                (Some(id), _) => actor.memberships.contains_key(&id) || followed_spaces.contains(&id),
                (None, Some(id)) => employee && (id == u.id || followed_people.contains(&id)),
                _ => false,
            } || mentions.contains(&(post.id, u.id));
            if may && belongs {
                expected.insert(post.id);
            }
            // Every single post: the app and HTTP agree with the policy.
            let page = browser.get(&format!("/berichten/{}", post.id)).await.status.as_u16();
            match app.app.stream().read_post(&actor, post.id).await {
                Ok(_) => {
                    assert!(may, "{} reads post {}", u.username, post.id);
                    assert_eq!(page, 200);
                    reads += 1;
                }
                Err(plein_app::Error::NotFound) => {
                    assert!(!may, "{} is refused post {}", u.username, post.id);
                    assert_eq!(page, 404);
                    refusals += 1;
                    let like =
                        browser.post_form(&format!("/berichten/{}/vind-ik-leuk", post.id), &[("aan", "1")]).await;
                    assert_eq!(like.status.as_u16(), 404);
                }
                Err(e) => panic!("{e}"),
            }
        }
        for id in &home {
            let post = all.iter().find(|p| p.id == *id).unwrap();
            assert!(common::readable(&actor, post, &spaces), "{} sees post {id} at home", u.username);
        }
        assert_eq!(home_set, expected, "the home stream of {} ({})", u.username, u.kind);

        // Every space stream: exactly its readable posts, or "not found" / "forbidden".
        for space in &spaces {
            let readable_space = authorize(Some(&actor), Action::Read, Target::Space(&facts(space))).allowed();
            match app.app.stream().read_space_stream(&actor, space.id, None).await {
                Ok(page) => {
                    assert!(readable_space);
                    let got: BTreeSet<i64> = page.items.iter().map(|v| v.post.id).collect();
                    let want: BTreeSet<i64> = all
                        .iter()
                        .filter(|p| p.space_id == Some(space.id) && p.deleted_at.is_none())
                        .map(|p| p.id)
                        .rev()
                        .take(20)
                        .collect();
                    assert_eq!(got, want, "space {} for {}", space.id, u.username);
                }
                Err(_) => assert!(!readable_space),
            }
        }
        // Every profile stream: only for employees.
        for v in &users {
            let page = app.app.stream().read_profile_stream(&actor, v.id, None).await.unwrap();
            assert!(employee || page.items.is_empty(), "guests read no profile posts");
            for item in &page.items {
                assert_eq!(item.post.profile_id, Some(v.id));
            }
        }
    }
    assert!(reads > 0 && refusals > 0 && home_posts > 0, "{reads} reads, {refusals} refusals, {home_posts} at home");
}

/// The home page and the composer list one's spaces by how many live posts one wrote there: the
/// count kept on the membership follows every way a post comes or goes, and a (re)join counts afresh.
async fn my_spaces_come_most_used_first_by_live_posts(app: TestApp) {
    let s = app.store();
    let eva = app.user("eva").await;
    let (quiet, busy, other) = (app.space("Aandacht").await, app.space("Bouw").await, app.space("Cultuur").await);
    for space in [&quiet, &busy, &other] {
        s.add_space_member(space.id, eva.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    }
    let post = |place| InsertPost {
        place,
        author_id: eva.id,
        body: "tekst".into(),
        body_html: "<p>tekst</p>".into(),
        created_at: now(),
    };
    let mut in_busy = Vec::new();
    for _ in 0..3 {
        in_busy.push(s.insert_post(post(PostPlace::Space(busy.id))).await.unwrap().id);
    }
    s.insert_post(post(PostPlace::Space(other.id))).await.unwrap();
    s.insert_post(post(PostPlace::Profile(eva.id))).await.unwrap();
    // Someone else's post counts for them, not for eva.
    let someone = app.user("kees").await;
    let owner_post = InsertPost { author_id: someone.id, ..post(PostPlace::Space(quiet.id)) };
    s.add_space_member(quiet.id, someone.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    s.insert_post(owner_post).await.unwrap();
    let bulk = |n: usize| {
        (0..n)
            .map(|_| BulkPost {
                place: PostPlace::Space(other.id),
                author_id: eva.id,
                body: "oud".into(),
                body_html: "<p>oud</p>".into(),
                created_at: now(),
                comment_count: 0,
                like_count: 0,
            })
            .collect::<Vec<_>>()
    };
    s.bulk_posts(bulk(1)).await.unwrap();
    let names = |v: &[(&str, i64)]| v.iter().map(|(n, c)| ((*n).to_owned(), *c)).collect::<Vec<_>>();
    assert_eq!(my_spaces(&app, &eva).await, names(&[("Bouw", 3), ("Cultuur", 2), ("Aandacht", 0)]));

    // A removed post no longer counts; two more elsewhere change the order.
    s.delete_post(in_busy[0]).await.unwrap();
    s.delete_post(in_busy[0]).await.unwrap();
    s.bulk_posts(bulk(2)).await.unwrap();
    assert_eq!(my_spaces(&app, &eva).await, names(&[("Cultuur", 4), ("Bouw", 2), ("Aandacht", 0)]));

    // Leaving and joining again counts what is there; posts written while away count too.
    assert!(s.remove_space_member(busy.id, eva.id).await.unwrap());
    assert_eq!(my_spaces(&app, &eva).await, names(&[("Cultuur", 4), ("Aandacht", 0)]));
    s.insert_post(post(PostPlace::Space(busy.id))).await.unwrap();
    s.add_space_member(busy.id, eva.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    assert_eq!(my_spaces(&app, &eva).await, names(&[("Cultuur", 4), ("Bouw", 3), ("Aandacht", 0)]));
}

/// The start page keeps the spaces' cards per node while the mark stands: every change to a
/// card, a new space, an archived one and a membership counts at the next visit, for each reader.
async fn the_start_page_shows_spaces_as_they_are_now(app: TestApp) {
    use plein_core::policy::{SpaceRole, SpaceVisibility};
    use plein_core::space::SpaceKind;
    let s = app.store();
    let eva = app.user("eva").await;
    let bob = app.user("bob").await;
    let aandacht = app.space("Aandacht").colour("green").member(&eva).await;
    let bouw = app.space("Bouw").member(&eva).member(&bob).await;
    let home = |u| home_spaces(&app, u);
    assert_eq!(home(&eva).await, ["Aandacht green post", "Bouw blue post"]);
    assert_eq!(home(&bob).await, ["Bouw blue post"]);

    // Name, colour and who may post, changed in the space's settings.
    let settings = |name: &str, colour: &str, admins_post| plein_store::spaces::InsertSpace {
        name: name.into(),
        description: String::new(),
        kind: SpaceKind::Team,
        visibility: SpaceVisibility::Closed,
        colour: colour.into(),
        allows_guests: false,
        admins_post,
        created_by: eva.id,
    };
    s.update_space(aandacht.id, settings("Aandacht en zorg", "purple", true)).await.unwrap();
    assert_eq!(home(&eva).await, ["Aandacht en zorg purple read", "Bouw blue post"]);
    assert_eq!(home(&bob).await, ["Bouw blue post"]);

    // Archived: gone; a new space and a new membership: there; a membership ended: gone.
    s.set_space_archived(bouw.id, true).await.unwrap();
    assert_eq!(home(&eva).await, ["Aandacht en zorg purple read"]);
    assert_eq!(home(&bob).await, Vec::<String>::new());
    let cultuur = app.space("Cultuur").colour("orange").member(&bob).await;
    s.add_space_member(cultuur.id, eva.id, SpaceRole::Member).await.unwrap();
    assert_eq!(home(&eva).await, ["Aandacht en zorg purple read", "Cultuur orange post"]);
    assert!(s.remove_space_member(aandacht.id, eva.id).await.unwrap());
    assert_eq!(home(&eva).await, ["Cultuur orange post"]);
    s.set_space_archived(bouw.id, false).await.unwrap();
    assert_eq!(home(&bob).await, ["Bouw blue post", "Cultuur orange post"]);
}

/// "name colour post|read" of someone's spaces as the start page lists them (the composer the same).
async fn home_spaces(app: &TestApp, u: &plein_store::users::UserRow) -> Vec<String> {
    let actor = app.actor_of(u).await;
    let home = app.app.stream().read_home(&actor, None).await.unwrap().spaces;
    assert_eq!(home, app.app.spaces().list_my_spaces(&actor).await.unwrap(), "as the composer lists them");
    home.into_iter().map(|m| format!("{} {} {}", m.name, m.colour, if m.may_post { "post" } else { "read" })).collect()
}

/// (name, live posts) of someone's spaces as the home page lists them (the composer the same).
async fn my_spaces(app: &TestApp, u: &plein_store::users::UserRow) -> Vec<(String, i64)> {
    let actor = app.actor_of(u).await;
    let home = app.app.stream().read_home(&actor, None).await.unwrap().spaces;
    assert_eq!(home, app.app.spaces().list_my_spaces(&actor).await.unwrap(), "as the composer lists them");
    home.into_iter().map(|m| (m.name, m.posts)).collect()
}
