//! The demo organisation on both databases.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use plein_app::{DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_PASSWORD, DemoOutcome, Origin, Scale};
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(the_small_demo_has_230_employees_and_an_admin_who_can_log_in);

async fn the_small_demo_has_230_employees_and_an_admin_who_can_log_in(app: TestApp) {
    assert_eq!(app.app.create_demo(Scale::Small).await.unwrap(), DemoOutcome::Created(232));
    assert_eq!(app.app.create_demo(Scale::Small).await.unwrap(), DemoOutcome::AlreadyPresent);
    assert_eq!(app.store().count_users().await.unwrap(), 232);
    let (_, admin) = app.app.login(DEMO_ADMIN, DEMO_PASSWORD, &Origin::default()).await.unwrap();
    assert!(admin.is_admin);
    let (_, employee) = app.app.login(DEMO_EMPLOYEE, DEMO_PASSWORD, &Origin::default()).await.unwrap();
    assert!(!employee.is_admin);
    let first = &plein_app::demo::people(Scale::Small)[0];
    let row = app.store().user_by_login(&first.0).await.unwrap().unwrap();
    assert_eq!(row.display_name, first.1);
}
