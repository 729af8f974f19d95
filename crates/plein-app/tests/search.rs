//! Search over random organisations, on both databases: for every reader, every hit is one the
//! policy lets them see, and every live item they may see that holds the word is found; again
//! after memberships change, posts are removed and written, and the index followed the change log.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;
use std::sync::Arc;

use plein_app::search::{Found, SearchQuery};
use plein_app::spaces::facts;
use plein_core::policy::NewsStatus;
use plein_core::policy::{Action, Actor, PersonFacts, SpaceVisibility, Target, authorize};
use plein_search::SearchIndex;
use plein_store::news::{AudienceRow, NewsWrite};
use plein_store::now;
use plein_store::spaces::{InsertSpace, SpaceRow};
use plein_store::stream::{InsertPost, PostPlace};
use plein_testkit::{TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

mod common;

on_both_databases!(
    search_finds_exactly_what_each_reader_may_see,
    a_write_is_found_and_a_removal_gone_after_following,
    a_write_through_one_node_is_found_on_another,
    an_index_behind_the_pruned_change_log_is_built_again,
);

/// A post by `me` on their own profile.
async fn profile_post(store: &plein_store::Store, me: i64, body: &str) -> plein_store::stream::PostRow {
    store
        .insert_post(InsertPost {
            place: PostPlace::Profile(me),
            author_id: me,
            body: body.into(),
            body_html: "<p>…</p>".into(),
            created_at: now(),
        })
        .await
        .unwrap()
}

/// Whether `app`'s index caught up with the change log within ten seconds.
async fn caught_up(app: &plein_app::App) -> bool {
    app.search().catch_up(std::time::Duration::from_secs(10)).await.unwrap()
}

/// The ids `actor` finds for `text`, of each kind.
async fn found(app: &plein_app::App, actor: &Actor, text: &str) -> BTreeSet<(u8, i64)> {
    let query = SearchQuery { text: text.into(), ..SearchQuery::default() };
    let results = app.search().search_everything(actor, &query).await.unwrap();
    let total: usize = results.counts.iter().map(|(_, n)| n).sum();
    if results.next.is_none() {
        assert_eq!(total, results.hits.len(), "{text}: counts must follow the same filter as the hits");
    }
    results
        .hits
        .iter()
        .map(|h| match h.found {
            Found::Post(id) => (0, id),
            Found::Comment { id, .. } => (1, id),
            Found::Person(id) => (2, id),
            Found::Space(id) => (3, id),
            Found::News(id) => (4, id),
        })
        .collect()
}

async fn check_everyone(
    app: &TestApp,
    search: &plein_app::App,
    users: &[plein_store::users::UserRow],
    posts: &[i64],
    spaces: &[i64],
    news: &[i64],
) {
    let s = app.store();
    let space_rows: Vec<SpaceRow> = s.spaces_by_ids(spaces).await.unwrap();
    for u in users {
        let actor = app.actor_of(u).await;
        // News: found from its publish date by its audience (and site news by its editors);
        // a space's news by the space's readers.
        for &id in news {
            let row = s.news_by_id(actor.id, id).await.unwrap().unwrap();
            let f = plein_app::news::news_facts(&row, now());
            let mut expected = f.state.public() && authorize(Some(&actor), Action::Read, Target::News(&f)).allowed();
            if let plein_core::policy::NewsAudience::Space(space) = &f.audience {
                expected &= authorize(Some(&actor), Action::Read, Target::Space(space)).allowed();
            }
            let hits = found(search, &actor, &format!("n{id}")).await;
            assert_eq!(hits.contains(&(4, id)), expected, "{} searching news {id} ({:?})", u.username, f);
            assert!(hits.iter().all(|h| *h == (4, id)), "{} found more than news {id}: {hits:?}", u.username);
        }
        // Suggestions follow the same filter and checks as results.
        let suggested = search.search().suggest(&actor, "begrot").await.unwrap();
        for hit in suggested.content.iter().chain(&suggested.people).chain(&suggested.spaces) {
            let Found::Post(id) = hit.found else { panic!("{} was suggested {:?} for begrot", u.username, hit.found) };
            let post = s.post_by_id(id).await.unwrap().unwrap();
            assert!(common::readable(&actor, &post, &space_rows), "{} was suggested post {id}", u.username);
        }
        for &id in posts {
            let post = s.post_by_id(id).await.unwrap().unwrap();
            let expected =
                post.deleted_at.is_none() && post.hidden_at.is_none() && common::readable(&actor, &post, &space_rows);
            let hits = found(search, &actor, &format!("k{id}")).await;
            assert_eq!(hits.contains(&(0, id)), expected, "{} searching post {id}", u.username);
            assert!(hits.iter().all(|h| *h == (0, id)), "{} found more than post {id}: {hits:?}", u.username);
        }
        for space in &space_rows {
            let may = authorize(Some(&actor), Action::See, Target::Space(&facts(space))).allowed();
            let hits = found(search, &actor, &space.name).await;
            assert_eq!(hits.contains(&(3, space.id)), may, "{} searching space {}", u.username, space.name);
        }
        for person in users {
            let spaces = s.memberships_of(person.id).await.unwrap().into_iter().map(|(s, _)| s).collect();
            let facts = PersonFacts { id: person.id, kind: person.kind, spaces };
            let may = authorize(Some(&actor), Action::See, Target::Person(&facts)).allowed();
            let hits = found(search, &actor, &format!("\"{}\"", person.display_name)).await;
            assert_eq!(hits.contains(&(2, person.id)), may, "{} searching {}", u.username, person.display_name);
        }
    }
}

async fn search_finds_exactly_what_each_reader_may_see(app: TestApp) {
    let s = app.store();
    let mut rng = StdRng::seed_from_u64(14);
    let mut org = app.organisation(7).await;
    org.add_spaces(&app, &mut rng, 8).await;
    let (users, spaces) = (org.users.clone(), org.spaces.clone());
    let mut posts = Vec::new();
    for _ in 0..30 {
        let place = if rng.random_bool(0.75) {
            PostPlace::Space(spaces[rng.random_range(0..spaces.len())])
        } else {
            PostPlace::Profile(users[rng.random_range(0..users.len())].id)
        };
        let author = users[rng.random_range(0..users.len())].id;
        let row = s
            .insert_post(InsertPost {
                place,
                author_id: author,
                body: String::new(),
                body_html: String::new(),
                created_at: now(),
            })
            .await
            .unwrap();
        // Each post its own word, so that a search for it has one right answer (short: words of
        // five letters or more may be found with a typo when the reader may not read the post).
        s.edit_post(row.id, format!("Over k{} en de begroting", row.id), "<p>…</p>".into()).await.unwrap();
        if rng.random_bool(0.15) {
            s.delete_post(row.id).await.unwrap();
        }
        posts.push(row.id);
    }
    // News for everyone, for groups and in spaces, in every state.
    let mut groups = Vec::new();
    for g in 0..2 {
        let group = s.insert_group(&format!("Groep {g}"), "").await.unwrap();
        let members: Vec<i64> = users.iter().filter(|_| rng.random_bool(0.4)).map(|u| u.id).collect();
        s.add_group_members(group.id, &members).await.unwrap();
        groups.push(group.id);
    }
    let mut news = Vec::new();
    for _ in 0..12 {
        let audience = match rng.random_range(0..3) {
            0 => AudienceRow::Everyone,
            1 => AudienceRow::Groups(vec![groups[rng.random_range(0..2)]]),
            _ => AudienceRow::Space(spaces[rng.random_range(0..spaces.len())]),
        };
        let (status, publish_at) = match rng.random_range(0..5) {
            0 => (NewsStatus::Draft, None),
            1 => (NewsStatus::Published, Some(now() + chrono::Duration::days(1))),
            2 => (NewsStatus::Archived, Some(now())),
            _ => (NewsStatus::Published, Some(now() - chrono::Duration::hours(1))),
        };
        let write = NewsWrite {
            audience,
            on_behalf_of: String::new(),
            category: String::new(),
            title: "Nieuws".into(),
            lead: String::new(),
            body: String::new(),
            body_html: String::new(),
            status,
            publish_at,
            ends_at: None,
            featured_until: None,
            reactions: true,
            confirmation: false,
            confirm_due: None,
        };
        let id = s.insert_news(users[0].id, &write).await.unwrap();
        s.update_news(id, &NewsWrite { title: format!("Nieuws n{id}"), ..write }, None).await.unwrap();
        news.push(id);
    }
    let search = app.app.clone().with_search(Arc::new(SearchIndex::in_memory().unwrap()));
    search.search().rebuild_index(|_| {}).await.unwrap();
    check_everyone(&app, &search, &users, &posts, &spaces, &news).await;

    // Memberships change (no re-indexing needed: the filter reads them), a space changes its
    // visibility (its posts are indexed again), posts are hidden, go and come.
    let changed = s.space_by_id(spaces[1]).await.unwrap().unwrap();
    let visibility = match changed.visibility {
        SpaceVisibility::Open => SpaceVisibility::Secret,
        _ => SpaceVisibility::Open,
    };
    s.update_space(
        changed.id,
        InsertSpace {
            name: changed.name.clone(),
            description: changed.description.clone(),
            kind: changed.kind,
            visibility,
            colour: changed.colour.clone(),
            allows_guests: changed.allows_guests,
            admins_post: changed.admins_post,
            created_by: users[0].id,
        },
    )
    .await
    .unwrap();
    s.hide(plein_store::reports::Reported::Post(posts[1]), "test").await.unwrap();
    for _ in 0..6 {
        let space = spaces[rng.random_range(0..spaces.len())];
        let user = users[rng.random_range(0..users.len())].id;
        if rng.random_bool(0.5) {
            s.remove_space_member(space, user).await.unwrap();
        } else {
            let _ = s.add_space_member(space, user, plein_core::policy::SpaceRole::Member).await;
        }
    }
    s.delete_post(posts[0]).await.unwrap();
    let row = s
        .insert_post(InsertPost {
            place: PostPlace::Space(spaces[0]),
            author_id: users[0].id,
            body: String::new(),
            body_html: String::new(),
            created_at: now(),
        })
        .await
        .unwrap();
    s.edit_post(row.id, format!("Nieuw: k{}", row.id), "<p>…</p>".into()).await.unwrap();
    posts.push(row.id);
    // Group memberships change, and one item moves to the other group.
    s.remove_group_member(groups[0], users[1].id).await.unwrap();
    s.add_group_members(groups[1], &[users[2].id]).await.unwrap();
    let moved = s.news_by_id(0, news[0]).await.unwrap().unwrap();
    let write = NewsWrite {
        audience: AudienceRow::Groups(vec![groups[1]]),
        on_behalf_of: String::new(),
        category: String::new(),
        title: moved.title.clone(),
        lead: String::new(),
        body: String::new(),
        body_html: String::new(),
        status: NewsStatus::Published,
        publish_at: Some(now() - chrono::Duration::hours(1)),
        ends_at: None,
        featured_until: None,
        reactions: true,
        confirmation: false,
        confirm_due: None,
    };
    s.update_news(news[0], &write, None).await.unwrap();
    assert!(caught_up(&search).await, "the changes were read");
    check_everyone(&app, &search, &users, &posts, &spaces, &news).await;
}

async fn a_write_is_found_and_a_removal_gone_after_following(app: TestApp) {
    let s = app.store();
    let mut org = app.organisation(3).await;
    org.add_spaces(&app, &mut StdRng::seed_from_u64(1), 1).await;
    let reader = app.actor_of(&org.users[0]).await;
    let search = app.app.clone().with_search(Arc::new(SearchIndex::in_memory().unwrap()));
    // A node whose index was never filled builds it on its first turn.
    assert_eq!(search.search().follow_changes().await.unwrap(), 0);
    assert!(caught_up(&search).await);
    assert!(found(&search, &reader, "parkeervergunning").await.is_empty());

    let me = org.users[0].id;
    let row = profile_post(s, me, "Waar vraag ik een parkeervergunning aan?").await;
    assert!(found(&search, &reader, "parkeervergunning").await.is_empty(), "not before the index follows");
    assert!(caught_up(&search).await);
    assert_eq!(found(&search, &reader, "parkeervergunningen").await, BTreeSet::from([(0, row.id)]));
    // Edited: found by its new words only.
    s.edit_post(row.id, "Waar vraag ik een bewonersvergunning aan?".into(), "<p>…</p>".into()).await.unwrap();
    assert!(caught_up(&search).await);
    assert!(found(&search, &reader, "parkeervergunning").await.is_empty());
    assert_eq!(found(&search, &reader, "bewonersvergunning").await, BTreeSet::from([(0, row.id)]));
    // Removed: gone, and following again reads nothing new.
    s.delete_post(row.id).await.unwrap();
    assert!(caught_up(&search).await);
    assert!(found(&search, &reader, "bewonersvergunning").await.is_empty());
    assert_eq!(search.search().follow_changes().await.unwrap(), 0, "nothing new to read");
}

async fn a_write_through_one_node_is_found_on_another(app: TestApp) {
    let org = app.organisation(2).await;
    let reader = app.actor_of(&org.users[0]).await;
    // Two nodes on one database (on SQLite both are one process), each with its own index.
    let (first, second) = app.two_nodes().await;
    let first = first.with_search(Arc::new(SearchIndex::in_memory().unwrap()));
    let second = second.with_search(Arc::new(SearchIndex::in_memory().unwrap()));
    assert!(caught_up(&first).await && caught_up(&second).await);
    let me = org.users[0].id;
    let row = profile_post(first.store(), me, "Het bestemmingsplan ligt ter inzage").await;
    assert!(caught_up(&second).await);
    assert_eq!(found(&second, &reader, "bestemmingsplannen").await, BTreeSet::from([(0, row.id)]));
    first.store().delete_post(row.id).await.unwrap();
    assert!(caught_up(&second).await);
    assert!(found(&second, &reader, "bestemmingsplan").await.is_empty());
}

async fn an_index_behind_the_pruned_change_log_is_built_again(app: TestApp) {
    let org = app.organisation(2).await;
    let reader = app.actor_of(&org.users[0]).await;
    let search = app.app.clone().with_search(Arc::new(SearchIndex::in_memory().unwrap()));
    assert!(caught_up(&search).await);
    let me = org.users[0].id;
    let row = profile_post(app.store(), me, "De nieuwsbrief van december").await;
    // The index stood still while the log was pruned past it: the change it needed is gone.
    assert!(app.store().prune_changes(now() + chrono::Duration::days(1)).await.unwrap() > 0);
    assert!(app.store().changes_after(Default::default(), 10).await.unwrap().is_empty());
    assert!(caught_up(&search).await);
    assert_eq!(found(&search, &reader, "nieuwsbrief").await, BTreeSet::from([(0, row.id)]), "built again");
}
