//! Random organisations on both databases: every listing (spaces, people, a profile's spaces)
//! agrees exactly with `authorize`, and every space or profile one may not see answers "not
//! found", in the app and over HTTP.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use plein_app::Error;
use plein_app::spaces::facts;
use plein_core::UserStatus;
use plein_core::policy::{Action, Actor, PersonFacts, Target, authorize};
use plein_store::people::PeopleFilter;
use plein_store::spaces::SpaceFilter;
use plein_store::users::UserRow;
use plein_testkit::{Browser, TestApp, on_both_databases};
use rand::SeedableRng;
use rand::rngs::StdRng;

on_both_databases!(listings_agree_with_authorize_in_random_organisations);

async fn listings_agree_with_authorize_in_random_organisations(app: TestApp) {
    let s = app.store();
    let mut rng = StdRng::seed_from_u64(2026);
    let mut org = app.organisation(8).await;
    let mut users = org.users.clone();
    // A former colleague: out of the directory, but their profile stays (as a former colleague).
    s.set_status(users[4].id, UserStatus::Deactivated).await.unwrap();
    users[4].status = UserStatus::Deactivated;
    // Every user gets a browser with a session, to check the HTTP answers too.
    let mut browsers = Vec::new();
    for u in &users {
        browsers.push(app.browser_for(u).await);
    }
    // How often each answer came, so that the organisation is seen to test both.
    let (mut seen, mut hidden) = (0, 0);
    for round in 0..4 {
        org.add_spaces(&app, &mut rng, 6).await;
        let spaces = org.spaces.clone();
        for (u, browser) in users.iter().zip(browsers.iter_mut()) {
            let actor = app.actor_of(u).await;
            let listed: BTreeSet<i64> = app
                .app
                .spaces()
                .list_spaces(&actor, &SpaceFilter::default(), 1000)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.space.id)
                .collect();
            let mut expected = BTreeSet::new();
            for id in &spaces {
                let row = s.space_by_id(*id).await.unwrap().unwrap();
                let decision = authorize(Some(&actor), Action::See, Target::Space(&facts(&row)));
                let page = browser.get(&format!("/teams/{id}")).await.status.as_u16();
                if decision.allowed() {
                    seen += 1;
                    expected.insert(*id);
                    assert!(app.app.spaces().read_space(&actor, *id).await.is_ok());
                    if u.status == UserStatus::Active {
                        assert_eq!(page, 200, "{} /teams/{id}", u.username);
                    }
                } else {
                    hidden += 1;
                    if u.status == UserStatus::Active {
                        assert_eq!(page, 404, "{} /teams/{id}", u.username);
                    }
                    assert!(
                        matches!(app.app.spaces().read_space(&actor, *id).await, Err(Error::NotFound)),
                        "{} {id}",
                        u.username
                    );
                    assert!(matches!(app.app.spaces().join_space(&actor, *id).await, Err(Error::NotFound)));
                }
            }
            assert_eq!(listed, expected, "round {round}, {} ({})", u.username, u.kind);
            let mine: BTreeSet<i64> = app
                .app
                .spaces()
                .list_spaces(&actor, &SpaceFilter { mine: true, ..Default::default() }, 1000)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.space.id)
                .collect();
            assert_eq!(mine, actor.memberships.keys().copied().collect::<BTreeSet<_>>());
            if u.status == UserStatus::Active {
                people_agree_with_authorize(&app, &actor, &users, browser).await;
            }
        }
    }
    assert!(seen > 0 && hidden > 0, "{seen} spaces seen, {hidden} hidden");
}

/// The people directory, each profile and the spaces it lists agree with `authorize`, in the app
/// and over HTTP.
async fn people_agree_with_authorize(app: &TestApp, actor: &Actor, users: &[UserRow], browser: &mut Browser) {
    let s = app.store();
    let may_browse = authorize(Some(actor), Action::BrowsePeople, Target::Site).allowed();
    let listed = app.app.people().list_people(actor, &PeopleFilter::default(), 1000).await;
    let directory = browser.get("/mensen").await.status.as_u16();
    let mut expected = BTreeSet::new();
    for u in users {
        let memberships = s.memberships_of(u.id).await.unwrap();
        let person = PersonFacts { id: u.id, kind: u.kind, spaces: memberships.iter().map(|(id, _)| *id).collect() };
        let visible = authorize(Some(actor), Action::See, Target::Person(&person)).allowed();
        let active = s.user_by_id(u.id).await.unwrap().unwrap().status == UserStatus::Active;
        if visible && active {
            expected.insert(u.id);
        }
        let page = browser.get(&format!("/mensen/{}", u.id)).await.status.as_u16();
        match app.app.people().read_person(actor, u.id).await {
            Ok(view) => {
                assert!(visible, "actor {} sees profile {}", actor.id, u.id);
                assert_eq!(page, 200);
                for space in &view.spaces {
                    assert!(authorize(Some(actor), Action::See, Target::Space(&facts(space))).allowed());
                }
                let shown: BTreeSet<i64> = view.spaces.iter().map(|sp| sp.id).collect();
                for (id, _) in &memberships {
                    let row = s.space_by_id(*id).await.unwrap().unwrap();
                    let may_see = authorize(Some(actor), Action::See, Target::Space(&facts(&row))).allowed();
                    assert_eq!(shown.contains(id), may_see, "profile {} lists space {id} to {}", u.id, actor.id);
                }
            }
            Err(Error::NotFound) => {
                assert!(!visible, "actor {} is refused profile {}", actor.id, u.id);
                assert_eq!(page, 404);
                assert_eq!(browser.get(&format!("/mensen/{}/foto", u.id)).await.status.as_u16(), 404);
            }
            Err(e) => panic!("{e}"),
        }
    }
    if may_browse {
        let listed: BTreeSet<i64> = listed.unwrap().into_iter().map(|u| u.id).collect();
        assert_eq!(listed, expected, "the directory for {}", actor.id);
        assert_eq!(directory, 200);
    } else {
        assert!(matches!(listed, Err(Error::NotFound)));
        assert_eq!(directory, 404);
    }
}
