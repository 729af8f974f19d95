//! The demo organisation on both databases.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use plein_app::{DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_PASSWORD, DemoOutcome, Origin, Scale};
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(the_small_demo_has_230_employees_and_an_admin_who_can_log_in);

async fn the_small_demo_has_230_employees_and_an_admin_who_can_log_in(app: TestApp) {
    assert_eq!(app.app.create_demo(Scale::Small).await.unwrap(), DemoOutcome::Created(234));
    assert_eq!(app.app.create_demo(Scale::Small).await.unwrap(), DemoOutcome::AlreadyPresent);
    assert_eq!(app.store().count_users().await.unwrap(), 234);
    let (_, admin) = app.app.accounts().login(DEMO_ADMIN, DEMO_PASSWORD, &Origin::default()).await.unwrap();
    assert!(admin.is_admin);
    let (_, employee) = app.app.accounts().login(DEMO_EMPLOYEE, DEMO_PASSWORD, &Origin::default()).await.unwrap();
    assert!(!employee.is_admin);
    // Groups with rights, spaces of every visibility, and guests who see only their own.
    let actor = app.app.actor(&employee).await.unwrap();
    assert!(actor.has(plein_core::policy::Capability::CreateSpaces), "employees may create spaces");
    assert!(!actor.has(plein_core::policy::Capability::Admin));
    let all = app.app.spaces().list_spaces(&actor, &Default::default(), 1000).await.unwrap();
    for v in plein_core::policy::SpaceVisibility::ALL {
        assert!(all.iter().any(|l| l.space.visibility == v), "the employee sees a {v} space");
    }
    let admin_actor = app.app.actor(&admin).await.unwrap();
    assert_eq!(app.app.spaces().list_spaces(&admin_actor, &Default::default(), 1000).await.unwrap().len(), 100);
    assert!(admin_actor.has(plein_core::policy::Capability::ViewAuditLog));
    let (_, guest) = app.app.accounts().login(plein_app::DEMO_GUEST, DEMO_PASSWORD, &Origin::default()).await.unwrap();
    let guest_actor = app.app.actor(&guest).await.unwrap();
    let theirs = app.app.spaces().list_spaces(&guest_actor, &Default::default(), 1000).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].space.name, "Project Nieuw Gemeentehuis");
    assert!(actor.memberships.contains_key(&theirs[0].space.id), "the demo employee works with the guests");
    let first = &plein_app::demo::people(Scale::Small)[0];
    let row = app.store().user_by_login(&first.0).await.unwrap().unwrap();
    assert_eq!(row.display_name, first.1);
}
