//! A random organisation for the randomised tests: employees and guests, spaces of every
//! visibility (one archived) with random members.
#![allow(dead_code, reason = "each test file uses its own part")]

use plein_app::spaces::facts;
use plein_core::UserKind;
use plein_core::policy::{Action, Actor, Container, PostFacts, SpaceRole, SpaceVisibility, Target, authorize};
use plein_core::space::SpaceKind;
use plein_store::now;
use plein_store::spaces::InsertSpace;
use plein_store::spaces::SpaceRow;
use plein_store::stream::PostRow;
use plein_store::users::{InsertUser, UserRow};
use plein_testkit::TestApp;
use rand::Rng;
use rand::rngs::StdRng;

/// Seven people (every third a guest, the first an administrator) and eight spaces: (users, space ids).
pub async fn organisation(app: &TestApp, rng: &mut StdRng) -> (Vec<UserRow>, Vec<i64>) {
    let s = app.store();
    let mut users = Vec::new();
    for i in 0..7 {
        let kind = if i % 3 == 2 { UserKind::Guest } else { UserKind::Employee };
        let row = s
            .insert_user(InsertUser {
                username: format!("u{i}"),
                email: format!("u{i}@voorbeeld.nl"),
                display_name: format!("U {i}"),
                kind,
                is_admin: i == 0,
                password_hash: None,
                guest_expires_at: (kind == UserKind::Guest).then(|| now() + chrono::Duration::days(30)),
            })
            .await
            .unwrap();
        users.push(row);
    }
    let mut space_ids = Vec::new();
    for i in 0..8 {
        let owner = users[rng.random_range(0..users.len())].clone();
        let owner = if owner.kind == UserKind::Guest { users[1].clone() } else { owner };
        let row = s
            .insert_space(InsertSpace {
                name: format!("S{i}"),
                description: String::new(),
                kind: SpaceKind::Team,
                visibility: SpaceVisibility::ALL[i % 3],
                colour: "blue".into(),
                allows_guests: true,
                admins_post: false,
                created_by: owner.id,
            })
            .await
            .unwrap();
        for u in &users {
            if u.id != owner.id && rng.random_bool(0.35) {
                let role = if u.kind == UserKind::Guest { SpaceRole::Guest } else { SpaceRole::Member };
                s.add_space_member(row.id, u.id, role).await.unwrap();
            }
        }
        if i == 7 {
            s.set_space_archived(row.id, true).await.unwrap();
        }
        space_ids.push(row.id);
    }
    (users, space_ids)
}

/// Whether `actor` may read `post` (in one of `spaces`) under the policy.
pub fn readable(actor: &Actor, post: &PostRow, spaces: &[SpaceRow]) -> bool {
    let container = match (post.space_id, post.profile_id) {
        (Some(id), _) => Container::Space(facts(spaces.iter().find(|s| s.id == id).unwrap())),
        (None, Some(id)) => Container::Profile(id),
        _ => unreachable!(),
    };
    let f = PostFacts {
        container,
        author: post.author_id,
        deleted: post.deleted_at.is_some(),
        hidden: post.hidden_at.is_some(),
    };
    authorize(Some(actor), Action::Read, Target::Post(&f)).allowed()
}
