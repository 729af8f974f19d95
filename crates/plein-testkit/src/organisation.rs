//! A random organisation for the randomised tests: people of both kinds and spaces of every
//! visibility with random members, built the same way for every test that needs one.

use plein_core::UserKind;
use plein_core::policy::{SpaceRole, SpaceVisibility};
use plein_core::space::SpaceKind;
use plein_store::spaces::InsertSpace;
use plein_store::users::{InsertUser, UserRow};
use rand::Rng;

use crate::TestApp;

/// People and spaces made by [`TestApp::organisation`] and [`Organisation::add_spaces`].
pub struct Organisation {
    /// `u0`, `u1` …: every third a guest, the first an administrator; no passwords
    /// ([`TestApp::browser_for`] gives them sessions).
    pub users: Vec<UserRow>,
    /// The spaces' ids, oldest first.
    pub spaces: Vec<i64>,
}

impl TestApp {
    /// An organisation of `people` people and no spaces yet.
    pub async fn organisation(&self, people: usize) -> Organisation {
        let mut users = Vec::new();
        for i in 0..people {
            let kind = if i % 3 == 2 { UserKind::Guest } else { UserKind::Employee };
            let row = self
                .store()
                .insert_user(InsertUser {
                    username: format!("u{i}"),
                    email: format!("u{i}@voorbeeld.nl"),
                    display_name: format!("U {i}"),
                    kind,
                    is_admin: i == 0,
                    password_hash: None,
                    guest_expires_at: (kind == UserKind::Guest)
                        .then(|| plein_app::guests::guest_term_from(plein_store::now())),
                })
                .await
                .unwrap();
            users.push(row);
        }
        Organisation { users, spaces: Vec::new() }
    }
}

impl Organisation {
    /// Adds `count` teams, `S{n}` for the n-th space of the organisation: the visibilities in
    /// turn and every fourth archived, so that each visibility is met open and archived; owned
    /// by a random employee (as only employees create spaces), guests allowed or not at random,
    /// and each other person a member with a chance of one in three, guests as guests and
    /// employees in a random role. Returns the new spaces' ids.
    pub async fn add_spaces(&mut self, app: &TestApp, rng: &mut impl Rng, count: usize) -> Vec<i64> {
        let store = app.store();
        let employees: Vec<&UserRow> = self.users.iter().filter(|u| u.kind == UserKind::Employee).collect();
        assert!(!employees.is_empty(), "an organisation with spaces needs an employee to own them");
        let mut added = Vec::new();
        for _ in 0..count {
            let n = self.spaces.len() + added.len();
            let owner = employees[rng.random_range(0..employees.len())].id;
            let row = store
                .insert_space(InsertSpace {
                    name: format!("S{n}"),
                    description: String::new(),
                    kind: SpaceKind::Team,
                    visibility: SpaceVisibility::ALL[n % SpaceVisibility::ALL.len()],
                    colour: "blue".into(),
                    allows_guests: rng.random_bool(0.5),
                    admins_post: false,
                    created_by: owner,
                })
                .await
                .unwrap();
            for u in &self.users {
                if u.id != owner && rng.random_bool(1.0 / 3.0) {
                    let role = if u.kind == UserKind::Guest {
                        SpaceRole::Guest
                    } else {
                        [SpaceRole::Owner, SpaceRole::Admin, SpaceRole::Member][rng.random_range(0..3)]
                    };
                    store.add_space_member(row.id, u.id, role).await.unwrap();
                }
            }
            if n % 4 == 3 {
                store.set_space_archived(row.id, true).await.unwrap();
            }
            added.push(row.id);
        }
        self.spaces.extend(&added);
        added
    }
}
