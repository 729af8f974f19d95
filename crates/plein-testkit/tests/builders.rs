//! The testkit's builders make what they say, on both databases: a test arranged with a builder
//! that silently did less (a "secret" space that is open, a guest who is an employee) would pass
//! for the wrong reason.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeMap;

use axum::http::StatusCode;
use plein_core::policy::{Capability, SpaceRole, SpaceVisibility};
use plein_core::space::SpaceKind;
use plein_core::{UserKind, UserStatus};
use plein_testkit::{TestApp, on_both_databases};
use rand::SeedableRng;
use rand::rngs::StdRng;

on_both_databases!(
    users_are_made_as_asked,
    spaces_are_made_as_asked,
    the_random_organisation_covers_every_visibility_open_and_archived,
);

async fn users_are_made_as_asked(app: TestApp) {
    let eva = app.user("eva").await;
    assert_eq!((eva.kind, eva.status, eva.is_admin), (UserKind::Employee, UserStatus::Active, false));
    assert_eq!((eva.display_name.as_str(), eva.email.as_str()), ("Test eva", "eva@voorbeeld.nl"));
    assert!(app.actor_of(&eva).await.capabilities.is_empty(), "no rights unless asked");

    let gea = app.user("gea").guest().named("Gea Gast").await;
    assert_eq!((gea.kind, gea.display_name.as_str()), (UserKind::Guest, "Gea Gast"));
    assert!(gea.guest_expires_at.is_some(), "a guest's access ends");

    let baas = app.user("baas").admin().await;
    assert!(baas.is_admin && app.actor_of(&baas).await.has(Capability::Admin));

    let maker = app.user("maker").can(Capability::CreateSpaces).can(Capability::Moderate).await;
    let actor = app.actor_of(&maker).await;
    assert!(actor.has(Capability::CreateSpaces) && actor.has(Capability::Moderate));
    assert!(!actor.has(Capability::ManageUsers));

    // The browser is logged in as the new user, with the test password.
    let (jan, mut browser) = app.user("jan").can(Capability::CreateSpaces).with_browser().await;
    let home = browser.page("/").await;
    assert!(home.contains("Welkom, Test jan"), "{home}");
    assert_eq!(browser.get("/teams/nieuw").await.status, StatusCode::OK, "with the capability asked for");
    assert_eq!(app.store().user_by_login("jan").await.unwrap().unwrap().id, jan.id);
    let other = app.user("piet").password("Een-ander-wachtwoord-7").await;
    let mut b = app.browser();
    let res = b.post_form("/inloggen", &[("username", "piet"), ("password", "Een-ander-wachtwoord-7")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{} logs in with their own password", other.username);
}

async fn spaces_are_made_as_asked(app: TestApp) {
    let plain = app.space("Koffiehoek").await;
    assert_eq!((plain.kind, plain.visibility), (SpaceKind::Team, SpaceVisibility::Open));
    assert!(!plain.allows_guests && !plain.admins_post && plain.archived_at.is_none());
    let members = app.store().space_members(plain.id).await.unwrap();
    assert_eq!(members.len(), 1, "a new owner and nobody else");
    assert_eq!(Some(members[0].user_id), plain.created_by);

    let eva = app.user("eva").await;
    let jan = app.user("jan").await;
    let bas = app.user("bas").await;
    let gea = app.user("gea").guest().await;
    let secret = app
        .space("Dossier")
        .secret()
        .kind(SpaceKind::Project)
        .colour("red")
        .allows_guests()
        .admins_post()
        .owned_by(&eva)
        .member(&jan)
        .admin(&bas)
        .guest(&gea)
        .archived()
        .await;
    assert_eq!(
        (secret.name.as_str(), secret.kind, secret.visibility),
        ("Dossier", SpaceKind::Project, SpaceVisibility::Secret)
    );
    assert_eq!(secret.colour, "red");
    assert!(secret.allows_guests && secret.admins_post && secret.archived_at.is_some());
    assert_eq!(secret.created_by, Some(eva.id));
    let roles: BTreeMap<i64, SpaceRole> = app.store().memberships_of(eva.id).await.unwrap().into_iter().collect();
    assert_eq!(roles.get(&secret.id), Some(&SpaceRole::Owner));
    for (user, role) in [(&jan, SpaceRole::Member), (&bas, SpaceRole::Admin), (&gea, SpaceRole::Guest)] {
        let roles: BTreeMap<i64, SpaceRole> = app.store().memberships_of(user.id).await.unwrap().into_iter().collect();
        assert_eq!(roles.get(&secret.id), Some(&role), "{}", user.username);
    }
    let closed = app.space("Raad").closed().owned_by(&eva).await;
    assert_eq!(closed.visibility, SpaceVisibility::Closed);
}

async fn the_random_organisation_covers_every_visibility_open_and_archived(app: TestApp) {
    let mut org = app.organisation(7).await;
    assert_eq!(org.users.len(), 7);
    assert!(org.users[0].is_admin && org.users.iter().skip(1).all(|u| !u.is_admin));
    let guests: Vec<&str> =
        org.users.iter().filter(|u| u.kind == UserKind::Guest).map(|u| u.username.as_str()).collect();
    assert_eq!(guests, ["u2", "u5"]);
    let mut rng = StdRng::seed_from_u64(1);
    let first = org.add_spaces(&app, &mut rng, 6).await;
    let second = org.add_spaces(&app, &mut rng, 6).await;
    assert_eq!(org.spaces, [first, second].concat());
    let mut seen = std::collections::BTreeSet::new();
    for id in &org.spaces {
        let space = app.store().space_by_id(*id).await.unwrap().unwrap();
        let owner = org.users.iter().find(|u| Some(u.id) == space.created_by).unwrap();
        assert_eq!(owner.kind, UserKind::Employee, "only employees own spaces");
        seen.insert((space.visibility.as_str(), space.archived_at.is_some()));
        for m in app.store().space_members(*id).await.unwrap() {
            let user = org.users.iter().find(|u| u.id == m.user_id).unwrap();
            assert_eq!(user.kind == UserKind::Guest, m.role == SpaceRole::Guest, "guests are guests, and only they");
        }
    }
    assert_eq!(seen.len(), 6, "each visibility open and archived: {seen:?}");
}
