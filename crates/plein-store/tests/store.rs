//! The store on SQLite and PostgreSQL: the same behaviour on both.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use plein_store::StoreError;
use plein_store::audit::AuditEntry;
use plein_store::sessions::InsertSession;
use plein_store::users::InsertUser;
use plein_testkit::{TestApp, on_both_databases};
use sea_orm::ConnectionTrait;

on_both_databases!(
    migrations_run_twice_without_harm,
    usernames_and_emails_are_unique,
    timestamps_round_trip_exactly,
    the_audit_log_is_append_only,
    concurrent_failures_are_all_counted,
    bulk_inserts_are_all_or_nothing,
    sessions_join_their_user_and_end_per_user,
    expired_sessions_are_purged,
    transactions_land_whole_or_not_at_all,
    a_transaction_that_read_first_writes_while_others_write,
    a_connection_the_database_dropped_is_replaced,
    times_compare_correctly_whatever_their_fraction,
    every_ending_of_sessions_is_recorded_with_it,
    an_unknown_stored_kind_is_an_error_not_a_default,
    a_post_deleted_outright_no_longer_counts_for_its_author,
    pages_of_search_sources_go_on_past_removed_rows,
);

fn user(name: &str) -> InsertUser {
    InsertUser {
        username: name.into(),
        email: format!("{name}@voorbeeld.nl"),
        display_name: name.into(),
        kind: plein_core::UserKind::Employee,
        is_admin: false,
        password_hash: None,
        guest_expires_at: None,
    }
}

async fn migrations_run_twice_without_harm(app: TestApp) {
    app.store().migrate().await.unwrap();
    app.store().migrate().await.unwrap();
    assert_eq!(app.store().count_users().await.unwrap(), 0);
}

async fn usernames_and_emails_are_unique(app: TestApp) {
    let s = app.store();
    s.insert_user(user("kees")).await.unwrap();
    let same_name = InsertUser { email: "ander@voorbeeld.nl".into(), ..user("kees") };
    assert!(matches!(s.insert_user(same_name).await, Err(StoreError::Conflict("username"))));
    let same_mail = InsertUser { username: "kees2".into(), ..user("kees") };
    assert!(matches!(s.insert_user(same_mail).await, Err(StoreError::Conflict("email"))));
    assert_eq!(s.count_users().await.unwrap(), 1);
}

async fn timestamps_round_trip_exactly(app: TestApp) {
    let s = app.store();
    let row = s.insert_user(user("tijd")).await.unwrap();
    let read = s.user_by_id(row.id).await.unwrap().unwrap();
    assert_eq!(read.created_at, row.created_at);
    let at = plein_store::now();
    s.set_last_login(row.id, at).await.unwrap();
    assert_eq!(s.user_by_login("tijd").await.unwrap().unwrap().last_login_at, Some(at));
}

async fn the_audit_log_is_append_only(app: TestApp) {
    let s = app.store();
    s.audit(AuditEntry { action: "test", success: true, ..Default::default() }).await.unwrap();
    let conn = s.conn();
    assert!(conn.execute_unprepared("UPDATE audit_log SET action = 'changed'").await.is_err());
    assert!(conn.execute_unprepared("DELETE FROM audit_log").await.is_err());
    let rows = s.recent_audit(5).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].action, "test");
}

async fn concurrent_failures_are_all_counted(app: TestApp) {
    let s = app.store().clone();
    let at = plein_store::now();
    let window = at - chrono::Duration::minutes(15);
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.count_failure("login:doelwit", at, window).await.unwrap() })
        })
        .collect();
    let mut counts = Vec::new();
    for t in tasks {
        counts.push(t.await.unwrap());
    }
    counts.sort_unstable();
    assert_eq!(counts, (1..=20).collect::<Vec<_>>(), "every failure counted once");
    // A failure after the window starts a new count.
    let later = at + chrono::Duration::minutes(20);
    assert_eq!(s.count_failure("login:doelwit", later, later - chrono::Duration::minutes(15)).await.unwrap(), 1);
}

async fn bulk_inserts_are_all_or_nothing(app: TestApp) {
    let s = app.store();
    let mut users: Vec<_> = (0..600).map(|i| user(&format!("bulk{i}"))).collect();
    users.push(user("bulk3"));
    assert!(s.insert_users(users).await.is_err());
    assert_eq!(s.count_users().await.unwrap(), 0, "nothing half-inserted");
    s.insert_users((0..600).map(|i| user(&format!("bulk{i}"))).collect()).await.unwrap();
    assert_eq!(s.count_users().await.unwrap(), 600);
}

async fn sessions_join_their_user_and_end_per_user(app: TestApp) {
    let s = app.store();
    let a = s.insert_user(user("a")).await.unwrap();
    let b = s.insert_user(user("b")).await.unwrap();
    for (hash, id) in [("h1", a.id), ("h2", a.id), ("h3", b.id)] {
        s.insert_session(InsertSession {
            id_hash: hash.into(),
            user_id: id,
            at: plein_store::now(),
            client_addr: None,
            user_agent: None,
        })
        .await
        .unwrap();
    }
    let visitor = s.visitor("h2").await.unwrap().unwrap();
    assert_eq!((visitor.user_id, visitor.username.as_str()), (a.id, "a"));
    assert_eq!(s.delete_other_sessions_of(a.id, "h1").await.unwrap(), 1);
    assert_eq!(s.delete_sessions_of(a.id).await.unwrap(), 1);
    assert!(s.visitor("h1").await.unwrap().is_none());
    assert!(s.visitor("h3").await.unwrap().is_some());
}

async fn expired_sessions_are_purged(app: TestApp) {
    let s = app.store();
    let u = s.insert_user(user("p")).await.unwrap();
    let now = plein_store::now();
    let old = now - chrono::Duration::hours(10);
    for (hash, at) in [("oud", old), ("nieuw", now)] {
        s.insert_session(InsertSession {
            id_hash: hash.into(),
            user_id: u.id,
            at,
            client_addr: None,
            user_agent: None,
        })
        .await
        .unwrap();
    }
    let purged = s.purge_sessions(now - chrono::Duration::hours(8), now - chrono::Duration::days(7)).await.unwrap();
    assert_eq!(purged, 1);
    assert!(s.visitor("nieuw").await.unwrap().is_some());
}

async fn transactions_land_whole_or_not_at_all(app: TestApp) {
    let s = app.store();
    let tx = s.begin().await.unwrap();
    tx.insert_user(user("half")).await.unwrap();
    tx.audit(AuditEntry { action: "test", success: true, ..Default::default() }).await.unwrap();
    drop(tx);
    assert_eq!(s.count_users().await.unwrap(), 0, "an uncommitted transaction leaves nothing");
    assert!(s.recent_audit(5).await.unwrap().is_empty());
    let tx = s.begin().await.unwrap();
    tx.insert_user(user("whole")).await.unwrap();
    tx.audit(AuditEntry { action: "test", success: true, ..Default::default() }).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(s.count_users().await.unwrap(), 1);
    assert_eq!(s.recent_audit(5).await.unwrap().len(), 1);
}

/// A transaction that reads before it writes still writes when a write outside it lands
/// meanwhile. On SQLite a deferred transaction failed then ("database is locked": its snapshot
/// was older than the other write), and the write beside it may be any single statement (a
/// session touched, a job claimed); it now waits for the transaction's commit instead.
async fn a_transaction_that_read_first_writes_while_others_write(app: TestApp) {
    let s = app.store();
    let ann = s.insert_user(user("ann")).await.unwrap();
    let tx = s.begin().await.unwrap();
    assert_eq!(tx.user_by_id(ann.id).await.unwrap().unwrap().username, "ann");
    let beside = {
        let s = s.clone();
        tokio::spawn(async move { s.insert_user(user("bob")).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    tx.insert_user(user("cor")).await.unwrap();
    tx.commit().await.unwrap();
    beside.await.unwrap().unwrap();
    assert_eq!(s.count_users().await.unwrap(), 3, "both writes landed");
}

/// On PostgreSQL, a pooled connection that the server dropped while it sat idle (a restart, a
/// proxy's time-out) is found out when it is next taken and replaced: the pool tests a connection
/// that has been idle for a while before handing it out (a busy one was tested when it came back).
async fn a_connection_the_database_dropped_is_replaced(app: TestApp) {
    if !app.store_options().url.starts_with("postgres") {
        return;
    }
    let one =
        plein_store::Store::connect(plein_store::StoreOptions { max_connections: 1, ..app.store_options().clone() })
            .await
            .unwrap();
    let pid = |s: plein_store::Store| async move {
        let row = s
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(s.conn().get_database_backend(), "SELECT pg_backend_pid()"))
            .await;
        row.unwrap().unwrap().try_get_by_index::<i32>(0).unwrap()
    };
    let first = pid(one.clone()).await;
    let other = app.store().conn();
    let sql = format!("SELECT pg_terminate_backend({first})");
    other.execute_unprepared(&sql).await.unwrap();
    tokio::time::sleep(plein_store::IDLE_BEFORE_TEST + std::time::Duration::from_millis(200)).await;
    let second = pid(one.clone()).await;
    assert_ne!(first, second, "a new connection");
    assert_eq!(one.count_users().await.unwrap(), 0, "and it works");
}

async fn times_compare_correctly_whatever_their_fraction(app: TestApp) {
    use chrono::{SubsecRound, TimeZone, Utc};
    // SQLite keeps times as text; a time on a whole second is written without a fraction.
    let s = app.store();
    let u = s.insert_user(user("grens")).await.unwrap();
    let whole = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let cases = [
        ("voor", whole - chrono::Duration::microseconds(1)),
        ("op", whole),
        ("na", whole + chrono::Duration::milliseconds(500)),
        ("ver-na", whole + chrono::Duration::seconds(1)),
    ];
    for (hash, at) in cases {
        s.insert_session(InsertSession {
            id_hash: hash.into(),
            user_id: u.id,
            at: at.trunc_subsecs(6),
            client_addr: None,
            user_agent: None,
        })
        .await
        .unwrap();
    }
    let far_past = whole - chrono::Duration::days(365);
    assert_eq!(s.purge_sessions(whole, far_past).await.unwrap(), 1, "only the session before the boundary");
    assert!(s.visitor("voor").await.unwrap().is_none());
    for kept in ["op", "na", "ver-na"] {
        assert!(s.visitor(kept).await.unwrap().is_some(), "{kept}");
    }
    let half = whole + chrono::Duration::milliseconds(500);
    assert_eq!(s.purge_sessions(half + chrono::Duration::microseconds(1), far_past).await.unwrap(), 2);
    assert!(s.visitor("ver-na").await.unwrap().is_some());
}

#[tokio::test]
async fn large_groups_fit_in_one_call() {
    // Regression: 20,000 members in one statement exceeded SQLite's limit on bound values.
    let app = plein_testkit::TestApp::new(plein_testkit::Backend::Sqlite).await.unwrap();
    let s = app.store();
    s.insert_users((0..20_000).map(|i| user(&format!("m{i}"))).collect()).await.unwrap();
    let ids: Vec<i64> = s.user_ids().await.unwrap().into_iter().map(|(id, _)| id).collect();
    let group = s.insert_group("Iedereen", "").await.unwrap();
    s.add_group_members(group.id, &ids).await.unwrap();
    assert_eq!(s.group_members(group.id).await.unwrap().len(), 20_000);
}

async fn every_ending_of_sessions_is_recorded_with_it(app: TestApp) {
    let s = app.store();
    let a = s.insert_user(user("a")).await.unwrap();
    let b = s.insert_user(user("b")).await.unwrap();
    let now = plein_store::now();
    let long_ago = now - chrono::Duration::days(30);
    for (hash, id, at) in
        [("a1", a.id, now), ("a2", a.id, now), ("a3", a.id, now), ("b1", b.id, now), ("b2", b.id, long_ago)]
    {
        s.insert_session(InsertSession { id_hash: hash.into(), user_id: id, at, client_addr: None, user_agent: None })
            .await
            .unwrap();
    }
    let standing = s.session_standing("a1").await.unwrap().unwrap();
    assert_eq!((standing.user_id, standing.status, standing.created_at), (a.id, plein_core::UserStatus::Active, now));
    let start = s.last_session_end().await.unwrap();
    let ended_since = |after: i64| async move {
        let mut users: Vec<i64> = s.session_ends_after(after).await.unwrap().iter().map(|e| e.user_id).collect();
        users.sort_unstable();
        // SQLite records each session, PostgreSQL each person per statement: the same people.
        users.dedup();
        users
    };

    // Ending nothing records nothing; a transaction that does not commit records nothing either.
    s.delete_sessions_of(b.id + 100).await.unwrap();
    let tx = s.begin().await.unwrap();
    tx.delete_sessions_of(a.id).await.unwrap();
    drop(tx);
    assert_eq!(ended_since(start).await, Vec::<i64>::new());

    s.delete_session("a1").await.unwrap();
    assert_eq!(ended_since(start).await, vec![a.id]);
    let mark = s.last_session_end().await.unwrap();
    assert!(mark > start);
    s.delete_other_sessions_of(a.id, "a2").await.unwrap();
    assert_eq!(ended_since(mark).await, vec![a.id], "only rows after the mark");
    let mark = s.last_session_end().await.unwrap();
    s.purge_sessions(now - chrono::Duration::days(1), now - chrono::Duration::days(7)).await.unwrap();
    assert_eq!(ended_since(mark).await, vec![b.id], "purging records whose sessions it ended");
    let mark = s.last_session_end().await.unwrap();
    let tx = s.begin().await.unwrap();
    assert_eq!(tx.delete_sessions_of(a.id).await.unwrap(), 1, "the count is of sessions, not of records");
    tx.commit().await.unwrap();
    assert_eq!(ended_since(mark).await, vec![a.id]);
    assert!(s.session_standing("a2").await.unwrap().is_none());

    // Records are kept for a while, then pruned; their ids are not given out again.
    assert_eq!(s.prune_session_ends(now - chrono::Duration::hours(1)).await.unwrap(), 0);
    let highest = s.last_session_end().await.unwrap();
    let pruned = s.prune_session_ends(plein_store::now() + chrono::Duration::seconds(1)).await.unwrap();
    assert_eq!(pruned, 4);
    assert!(ended_since(start).await.is_empty());
    s.insert_session(InsertSession {
        id_hash: "b3".into(),
        user_id: b.id,
        at: now,
        client_addr: None,
        user_agent: None,
    })
    .await
    .unwrap();
    s.delete_sessions_of(b.id).await.unwrap();
    assert_eq!(ended_since(highest).await, vec![b.id]);
}

/// Kinds, statuses, roles and visibilities are read once, in the store: a value the code does not
/// know is an error wherever the row is read, never a guess (a guest taken for an employee).
async fn an_unknown_stored_kind_is_an_error_not_a_default(app: TestApp) {
    use plein_core::policy::{SpaceRole, SpaceVisibility};
    let s = app.store();
    let u = s.insert_user(user("vreemd")).await.unwrap();
    let space = s
        .insert_space(plein_store::spaces::InsertSpace {
            name: "Vreemd".into(),
            description: String::new(),
            kind: plein_core::space::SpaceKind::Team,
            visibility: SpaceVisibility::Secret,
            colour: "blue".into(),
            allows_guests: false,
            admins_post: false,
            created_by: u.id,
        })
        .await
        .unwrap();
    s.insert_session(InsertSession {
        id_hash: "v".into(),
        user_id: u.id,
        at: plein_store::now(),
        client_addr: None,
        user_agent: None,
    })
    .await
    .unwrap();
    // What was written reads back as written.
    assert_eq!(s.memberships_of(u.id).await.unwrap(), vec![(space.id, SpaceRole::Owner)]);
    assert_eq!(s.space_by_id(space.id).await.unwrap().unwrap().visibility, SpaceVisibility::Secret);
    // The schema's CHECKs refuse such values; a value from a newer version would pass them.
    let corrupt = |table: &'static str, column: &'static str, value: &'static str, id: i64| async move {
        let update = format!(
            "UPDATE {table} SET {column} = '{value}' WHERE {} = {id}",
            if table == "space_members" { "user_id" } else { "id" }
        );
        let sql = match s.backend() {
            plein_store::Backend::Postgres => {
                format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_check; {update}")
            }
            plein_store::Backend::Sqlite => {
                format!("PRAGMA ignore_check_constraints = ON; {update}; PRAGMA ignore_check_constraints = OFF")
            }
        };
        let tx = s.begin().await.unwrap();
        tx.conn().execute_unprepared(&sql).await.unwrap();
        tx.commit().await.unwrap();
    };
    corrupt("users", "kind", "alien", u.id).await;
    assert!(matches!(s.user_by_id(u.id).await, Err(StoreError::Unreadable(m)) if m.contains("alien")));
    assert!(matches!(s.visitor("v").await, Err(StoreError::Unreadable(_))));
    assert!(matches!(s.session_standing("v").await, Err(StoreError::Unreadable(_))));
    corrupt("space_members", "role", "king", u.id).await;
    assert!(matches!(s.memberships_of(u.id).await, Err(StoreError::Unreadable(m)) if m.contains("king")));
    assert!(matches!(s.actor_facts(u.id).await, Err(StoreError::Unreadable(_))));
    corrupt("spaces", "visibility", "hidden", space.id).await;
    assert!(matches!(s.space_by_id(space.id).await, Err(StoreError::Unreadable(_))));
    assert!(matches!(s.space_page(space.id, u.id).await, Err(StoreError::Unreadable(_))));
}

/// A membership's count of its member's posts follows a post deleted outright too (no service does
/// that today; a cascade or an administrator's SQL might).
async fn a_post_deleted_outright_no_longer_counts_for_its_author(app: TestApp) {
    let s = app.store();
    let eva = app.user("eva").await;
    let team = app.space("Team").member(&eva).await;
    let post = |body: &str| plein_store::stream::InsertPost {
        place: plein_store::stream::PostPlace::Space(team.id),
        author_id: eva.id,
        body: body.into(),
        body_html: format!("<p>{body}</p>"),
        created_at: plein_store::now(),
    };
    let first = s.insert_post(post("een")).await.unwrap().id;
    s.insert_post(post("twee")).await.unwrap();
    let counts = |rows: Vec<plein_store::stream::MySpaceRow>| {
        rows.into_iter().map(|r| (r.space.id, r.posts)).collect::<Vec<_>>()
    };
    assert_eq!(counts(s.my_spaces(eva.id).await.unwrap()), [(team.id, 2)]);
    s.conn().execute_unprepared(&format!("DELETE FROM posts WHERE id = {first}")).await.unwrap();
    assert_eq!(counts(s.my_spaces(eva.id).await.unwrap()), [(team.id, 1)]);
}

async fn pages_of_search_sources_go_on_past_removed_rows(app: TestApp) {
    use plein_store::search::SourceKind;
    use plein_store::stream::{InsertPost, PostPlace};
    let s = app.store();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let mut ids = Vec::new();
    for n in 0..5 {
        let post = InsertPost {
            place: PostPlace::Profile(eva),
            author_id: eva,
            body: format!("Bericht {n}"),
            body_html: String::new(),
            created_at: plein_store::now(),
        };
        ids.push(s.insert_post(post).await.unwrap().id);
    }
    s.delete_post(ids[0]).await.unwrap();
    s.delete_post(ids[1]).await.unwrap();
    // A page of removed posts is empty, but says where it ended: the next page goes on.
    let (rows, last) = s.search_sources_after(SourceKind::Post, 0, 2).await.unwrap();
    assert!(rows.is_empty());
    assert_eq!(last, Some(ids[1]));
    let (rows, last) = s.search_sources_after(SourceKind::Post, ids[1], 2).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), ids[2..4]);
    assert_eq!(last, Some(ids[3]));
    let (rows, last) = s.search_sources_after(SourceKind::Post, ids[3], 2).await.unwrap();
    assert_eq!((rows.len(), last), (1, Some(ids[4])));
    assert_eq!(s.search_sources_after(SourceKind::Post, ids[4], 2).await.unwrap().1, None, "the end");
}
