//! Random organisations on both databases: every listing agrees exactly with `authorize`,
//! and every space one may not see answers "not found".
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use plein_app::SessionUser;
use plein_app::spaces::{SpaceError, facts};
use plein_core::UserKind;
use plein_core::policy::{Action, SpaceRole, SpaceVisibility, Target, authorize};
use plein_store::spaces::{InsertSpace, SpaceFilter};
use plein_store::users::InsertUser;
use plein_testkit::{TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

on_both_databases!(listings_agree_with_authorize_in_random_organisations);

async fn listings_agree_with_authorize_in_random_organisations(app: TestApp) {
    let s = app.store();
    let mut rng = StdRng::seed_from_u64(2026);
    let mut users = Vec::new();
    for i in 0..8 {
        let kind = if i % 3 == 2 { "guest" } else { "employee" };
        let row = s
            .insert_user(InsertUser {
                username: format!("u{i}"),
                email: format!("u{i}@voorbeeld.nl"),
                display_name: format!("U {i}"),
                kind,
                is_admin: i == 0,
                password_hash: None,
                guest_expires_at: None,
            })
            .await
            .unwrap();
        users.push(row);
    }
    let mut spaces = Vec::new();
    for round in 0..4 {
        for i in 0..6 {
            let visibility = SpaceVisibility::ALL[rng.random_range(0..3)];
            let owner = users[rng.random_range(0..users.len())].id;
            let row = s
                .insert_space(InsertSpace {
                    name: format!("S{round}-{i}"),
                    description: String::new(),
                    kind: "team",
                    visibility: visibility.as_str(),
                    colour: "blue".into(),
                    allows_guests: rng.random_bool(0.5),
                    created_by: owner,
                })
                .await
                .unwrap();
            if rng.random_bool(0.2) {
                s.set_space_archived(row.id, true).await.unwrap();
            }
            for u in &users {
                if u.id != owner && rng.random_bool(0.3) {
                    let role =
                        if u.kind == "guest" { SpaceRole::Guest } else { SpaceRole::ALL[rng.random_range(0..3)] };
                    s.add_space_member(row.id, u.id, role.as_str()).await.unwrap();
                }
            }
            spaces.push(row.id);
        }

        for u in &users {
            let session = SessionUser {
                id: u.id,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                kind: UserKind::parse(&u.kind).unwrap(),
                is_admin: u.is_admin,
                locale: None,
                session_hash: String::new(),
            };
            let actor = app.app.actor(&session).await.unwrap();
            let listed: BTreeSet<i64> = app
                .app
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
                if decision.allowed() {
                    expected.insert(*id);
                    assert!(app.app.space(&actor, *id).await.is_ok());
                } else {
                    assert!(
                        matches!(app.app.space(&actor, *id).await, Err(SpaceError::NotFound)),
                        "{} {id}",
                        u.username
                    );
                    assert!(matches!(app.app.join_space(&actor, *id).await, Err(SpaceError::NotFound)));
                }
            }
            assert_eq!(listed, expected, "round {round}, {} ({})", u.username, u.kind);
            let mine: BTreeSet<i64> = app
                .app
                .list_spaces(&actor, &SpaceFilter { mine: true, ..Default::default() }, 1000)
                .await
                .unwrap()
                .into_iter()
                .map(|l| l.space.id)
                .collect();
            assert_eq!(mine, actor.memberships.keys().copied().collect::<BTreeSet<_>>());
        }
    }
}
