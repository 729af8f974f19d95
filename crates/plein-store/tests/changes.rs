//! The change log on SQLite and PostgreSQL: every write of content or of what decides who may
//! read it appends its row in the writing transaction (none when it rolls back); followers read
//! it in order from where they were; pruning keeps what the slowest consumer has not read.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use plein_core::policy::{Capability, SpaceRole, SpaceVisibility};
use plein_core::space::SpaceKind;
use plein_core::{UserKind, UserStatus};
use plein_store::changes::{Change, ChangeCursor, ChangeRow};
use plein_store::people::ProfileUpdate;
use plein_store::spaces::InsertSpace;
use plein_store::stream::{InsertComment, InsertPost, LikeTarget, PostPlace};
use plein_store::users::InsertUser;
use plein_store::{Store, now};
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(
    every_write_of_content_and_visibility_appends_its_change,
    a_rolled_back_write_appends_nothing,
    followers_read_in_order_from_where_they_were,
    pruning_keeps_what_the_slowest_consumer_has_not_read,
    a_change_committed_late_is_not_skipped,
    a_commit_with_changes_wakes_the_other_nodes,
    the_news_mark_rises_with_what_a_news_card_shows,
);

fn user(name: &str) -> InsertUser {
    InsertUser {
        username: name.into(),
        email: format!("{name}@voorbeeld.nl"),
        display_name: name.into(),
        kind: UserKind::Employee,
        is_admin: false,
        password_hash: None,
        guest_expires_at: None,
    }
}

fn space(name: &str, visibility: SpaceVisibility, by: i64) -> InsertSpace {
    InsertSpace {
        name: name.into(),
        description: String::new(),
        kind: SpaceKind::Team,
        visibility,
        colour: "blue".into(),
        allows_guests: false,
        admins_post: false,
        created_by: by,
    }
}

fn post(space: i64, by: i64, body: &str) -> InsertPost {
    InsertPost {
        place: PostPlace::Space(space),
        author_id: by,
        body: body.into(),
        body_html: format!("<p>{body}</p>"),
        created_at: now(),
    }
}

/// At least `n` changes after `from`, waiting (up to ten seconds) for them: on PostgreSQL a
/// follower sees a change once every older transaction has ended, and other tests run theirs.
async fn at_least(store: &Store, from: ChangeCursor, n: usize) -> Vec<ChangeRow> {
    for _ in 0..200 {
        let rows = store.changes_after(from, 1000).await.unwrap();
        if rows.len() >= n {
            return rows;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    store.changes_after(from, 1000).await.unwrap()
}

/// Asserts that some changes were appended since `from`, each an update of person `id`, and moves
/// `from` past them.
async fn expect_updates_of(store: &Store, from: &mut ChangeCursor, id: i64) {
    let rows = at_least(store, *from, 1).await;
    assert!(!rows.is_empty(), "the change log heard nothing");
    if let Some(last) = rows.last() {
        *from = last.cursor();
    }
    let profile = format!("profile:{id}");
    for c in rows {
        assert_eq!(
            (c.item_kind.as_str(), c.item_id, c.container.as_str(), c.happened.as_str()),
            ("user", id, profile.as_str(), "updated")
        );
    }
}

/// Asserts that the changes appended since `from` are `expected`, and moves `from` past them.
async fn expect(store: &Store, from: &mut ChangeCursor, expected: &[(&str, i64, &str, &str)]) {
    let rows = at_least(store, *from, expected.len()).await;
    if let Some(last) = rows.last() {
        *from = last.cursor();
    }
    let got: Vec<(String, i64, String, String)> =
        rows.into_iter().map(|c| (c.item_kind, c.item_id, c.container, c.happened)).collect();
    let want: Vec<(String, i64, String, String)> =
        expected.iter().map(|&(k, i, c, h)| (k.to_owned(), i, c.to_owned(), h.to_owned())).collect();
    assert_eq!(got, want);
}

async fn every_write_of_content_and_visibility_appends_its_change(app: TestApp) {
    let s = app.store();
    let mut at = ChangeCursor::default();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let bob = s.insert_user(user("bob")).await.unwrap().id;
    expect(
        s,
        &mut at,
        &[("user", eva, &format!("profile:{eva}"), "created"), ("user", bob, &format!("profile:{bob}"), "created")],
    )
    .await;

    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let sp = format!("space:{team}");
    expect(s, &mut at, &[("space", team, sp.as_str(), "created"), ("membership", eva, sp.as_str(), "member_added")])
        .await;
    s.update_space(team, InsertSpace { description: "Over ons".into(), ..space("Team", SpaceVisibility::Open, eva) })
        .await
        .unwrap();
    expect(s, &mut at, &[("space", team, sp.as_str(), "updated")]).await;
    s.update_space(team, space("Team", SpaceVisibility::Secret, eva)).await.unwrap();
    expect(s, &mut at, &[("space", team, sp.as_str(), "visibility_changed")]).await;
    s.add_space_member(team, bob, SpaceRole::Member).await.unwrap();
    expect(s, &mut at, &[("membership", bob, sp.as_str(), "member_added")]).await;
    s.set_space_role(team, bob, SpaceRole::Admin).await.unwrap();
    expect(s, &mut at, &[("membership", bob, sp.as_str(), "role_changed")]).await;

    let p = s.insert_post(post(team, eva, "Hallo")).await.unwrap().id;
    expect(s, &mut at, &[("post", p, sp.as_str(), "created")]).await;
    s.edit_post(p, "Hallo allemaal".into(), "<p>Hallo allemaal</p>".into()).await.unwrap();
    expect(s, &mut at, &[("post", p, sp.as_str(), "updated")]).await;
    let c = s
        .insert_comment(InsertComment {
            on: plein_store::stream::CommentOn::Post(p),
            parent_id: None,
            author_id: bob,
            body: "Dag".into(),
            body_html: "<p>Dag</p>".into(),
            created_at: now(),
        })
        .await
        .unwrap()
        .id;
    expect(s, &mut at, &[("comment", c, sp.as_str(), "created")]).await;
    // A like changes neither content nor who may read it.
    s.set_like(LikeTarget::Post(p), bob, true).await.unwrap();
    expect(s, &mut at, &[]).await;
    s.hide(plein_store::reports::Reported::Comment(c), "Scheldwoord").await.unwrap();
    expect(s, &mut at, &[("comment", c, sp.as_str(), "hidden")]).await;
    s.hide(plein_store::reports::Reported::Post(p), "Reclame").await.unwrap();
    expect(s, &mut at, &[("post", p, sp.as_str(), "hidden")]).await;
    s.delete_comment(c).await.unwrap();
    expect(s, &mut at, &[("comment", c, sp.as_str(), "deleted")]).await;
    s.delete_post(p).await.unwrap();
    expect(s, &mut at, &[("post", p, sp.as_str(), "deleted")]).await;

    s.remove_space_member(team, bob).await.unwrap();
    expect(s, &mut at, &[("membership", bob, sp.as_str(), "member_removed")]).await;
    s.set_space_archived(team, true).await.unwrap();
    expect(s, &mut at, &[("space", team, sp.as_str(), "archived")]).await;

    let g = s.insert_group("Redactie", "").await.unwrap().id;
    let gr = format!("group:{g}");
    expect(s, &mut at, &[("group", g, gr.as_str(), "created")]).await;
    s.grant_capability(g, Capability::PublishNews).await.unwrap();
    expect(s, &mut at, &[("group", g, gr.as_str(), "capability_added")]).await;
    s.add_group_members(g, &[bob]).await.unwrap();
    expect(s, &mut at, &[("group_membership", bob, gr.as_str(), "member_added")]).await;
    s.remove_group_member(g, bob).await.unwrap();
    expect(s, &mut at, &[("group_membership", bob, gr.as_str(), "member_removed")]).await;

    // A person's expertise is part of their profile: a change of tags is an update of them (once
    // per statement on PostgreSQL, once per tag on SQLite), saving the same tags is none.
    let profile = |expertise: &[&str]| ProfileUpdate {
        job_title: "Archivaris".into(),
        expertise: expertise.iter().map(|t| (*t).to_owned()).collect(),
        ..ProfileUpdate::default()
    };
    let eva_profile = format!("profile:{eva}");
    s.update_profile(eva, profile(&[])).await.unwrap();
    expect(s, &mut at, &[("user", eva, &eva_profile, "updated")]).await;
    s.update_profile(eva, profile(&["archief", "subsidies"])).await.unwrap();
    expect_updates_of(s, &mut at, eva).await;
    s.update_profile(eva, profile(&["archief", "subsidies"])).await.unwrap();
    expect(s, &mut at, &[]).await;
    s.update_profile(eva, profile(&["archief"])).await.unwrap();
    expect_updates_of(s, &mut at, eva).await;
    assert_eq!(s.expertise_of(eva).await.unwrap(), ["archief"]);

    s.set_status(bob, UserStatus::Deactivated).await.unwrap();
    expect(s, &mut at, &[("user", bob, &format!("profile:{bob}"), "deactivated")]).await;
    // Nor does a login.
    s.set_last_login(bob, now()).await.unwrap();
    expect(s, &mut at, &[]).await;

    s.record_change(Change { item_kind: "page", item_id: 4, container: "site".into(), happened: "updated" })
        .await
        .unwrap();
    expect(s, &mut at, &[("page", 4, "site", "updated")]).await;
}

async fn a_rolled_back_write_appends_nothing(app: TestApp) {
    let s = app.store();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let end = at_least(s, ChangeCursor::default(), 3).await.last().unwrap().cursor();
    let tx = s.begin().await.unwrap();
    tx.insert_post(post(team, eva, "Toch niet")).await.unwrap();
    tx.update_space(team, space("Team", SpaceVisibility::Closed, eva)).await.unwrap();
    drop(tx);
    assert_eq!(s.changes_after(end, 10).await.unwrap(), Vec::<ChangeRow>::new());

    let tx = s.begin().await.unwrap();
    let p = tx.insert_post(post(team, eva, "Wel")).await.unwrap().id;
    tx.update_space(team, space("Team", SpaceVisibility::Closed, eva)).await.unwrap();
    tx.commit().await.unwrap();
    let rows = at_least(s, end, 2).await;
    let what: Vec<_> = rows.iter().map(|c| (c.item_kind.as_str(), c.item_id, c.happened.as_str())).collect();
    assert_eq!(what, [("post", p, "created"), ("space", team, "visibility_changed")], "both, with the write");
}

async fn followers_read_in_order_from_where_they_were(app: TestApp) {
    let s = app.store();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let start = at_least(s, ChangeCursor::default(), 3).await.last().unwrap().cursor();
    s.set_consumer_cursor("zoeken", start).await.unwrap();
    let mut ids = Vec::new();
    for n in 0..25 {
        ids.push(s.insert_post(post(team, eva, &format!("Bericht {n}"))).await.unwrap().id);
    }
    // A follower reads ten at a time, recording where it is, as it would across restarts.
    let mut seen = Vec::new();
    for _ in 0..200 {
        let from = s.consumer_cursor("zoeken").await.unwrap();
        let rows = s.changes_after(from, 10).await.unwrap();
        let Some(last) = rows.last() else {
            if seen.len() >= ids.len() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        assert!(rows.windows(2).all(|w| w[0].position < w[1].position), "positions increase");
        assert!(rows.iter().all(|r| r.cursor() > from));
        s.set_consumer_cursor("zoeken", last.cursor()).await.unwrap();
        seen.extend(rows.iter().map(|r| r.item_id));
    }
    assert_eq!(seen, ids, "every change, once, in order");
    let end = s.consumer_cursor("zoeken").await.unwrap();
    s.set_consumer_cursor("zoeken", start).await.unwrap();
    assert_eq!(s.consumer_cursor("zoeken").await.unwrap(), end, "a consumer never moves back");
    assert_eq!(s.changes_end().await.unwrap(), end);
}

async fn pruning_keeps_what_the_slowest_consumer_has_not_read(app: TestApp) {
    let s = app.store();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let start = at_least(s, ChangeCursor::default(), 3).await.last().unwrap().cursor();
    s.set_consumer_cursor("zoeken", start).await.unwrap();
    s.set_consumer_cursor("live", start).await.unwrap();
    for n in 0..6 {
        s.insert_post(post(team, eva, &format!("Bericht {n}"))).await.unwrap();
    }
    let rows = at_least(s, start, 6).await;
    assert_eq!(rows.len(), 6);
    s.set_consumer_cursor("zoeken", rows[4].cursor()).await.unwrap();
    s.set_consumer_cursor("live", rows[1].cursor()).await.unwrap();
    let later = now() + chrono::Duration::days(1);
    s.prune_changes(later).await.unwrap();
    let left = s.changes_after(ChangeCursor::default(), 100).await.unwrap();
    assert_eq!(left, rows[2..], "what the slowest consumer has not read is kept, the rest is gone");
    assert_eq!(s.changes_pruned_through().await.unwrap(), Some(rows[1].cursor()), "how far it was pruned is kept");
    assert_eq!(s.changes_after(rows[1].cursor(), 100).await.unwrap(), rows[2..], "the slowest reads on");

    s.remove_consumer("live").await.unwrap();
    s.prune_changes(later).await.unwrap();
    assert_eq!(s.changes_after(ChangeCursor::default(), 100).await.unwrap(), rows[5..]);
    s.remove_consumer("zoeken").await.unwrap();
    s.prune_changes(now() - chrono::Duration::days(1)).await.unwrap();
    assert_eq!(s.changes_after(ChangeCursor::default(), 100).await.unwrap(), rows[5..], "young rows wait");
    s.prune_changes(later).await.unwrap();
    assert!(s.changes_after(ChangeCursor::default(), 100).await.unwrap().is_empty(), "with no consumer, old rows go");
    assert_eq!(s.changes_pruned_through().await.unwrap(), Some(rows[5].cursor()));
    assert_eq!(s.changes_end().await.unwrap(), rows[5].cursor(), "an empty log ends where it was pruned");
}

/// On PostgreSQL, positions are handed out before commit: a long transaction's change may commit
/// after a higher position. A follower must wait for it rather than skip it. (SQLite has one writer.)
async fn a_change_committed_late_is_not_skipped(app: TestApp) {
    let s = app.store();
    if s.backend() == plein_store::Backend::Sqlite {
        return;
    }
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    // Two members: one person's posts in one space wait for each other (each counts on their
    // membership, migration 0016), two people's do not.
    let bob = s.insert_user(user("bob")).await.unwrap().id;
    s.add_space_member(team, bob, SpaceRole::Member).await.unwrap();
    let start = at_least(s, ChangeCursor::default(), 5).await.last().unwrap().cursor();
    let slow = s.begin().await.unwrap();
    let early = slow.insert_post(post(team, eva, "Eerst begonnen")).await.unwrap().id;
    let late = s.insert_post(post(team, bob, "Eerst klaar")).await.unwrap().id;
    assert_eq!(s.changes_after(start, 10).await.unwrap(), [], "nothing while an older transaction may still add rows");
    slow.commit().await.unwrap();
    let ids: Vec<i64> = at_least(s, start, 2).await.iter().map(|c| c.item_id).collect();
    assert_eq!(ids, [early, late], "both, the early one first");
}

async fn mark(s: &Store) -> i64 {
    s.home_news_reading(0, &[]).await.unwrap().mark
}

fn rose(last: &mut i64, now: i64, what: &str) {
    assert!(now > *last, "{what}: the mark stood at {last}");
    *last = now;
}

/// The start page's news and spaces' cards are kept per node while the news mark stands: every
/// write that changes what a card shows or who may read it raises the mark, in its own transaction (seen only once
/// committed); likes and comments, which no card shows, leave it.
async fn the_news_mark_rises_with_what_a_news_card_shows(app: TestApp) {
    use plein_store::news::{AudienceRow, NewsPicture, NewsWrite};
    let s = app.store();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let group = s.insert_group("Afdeling ICT", "").await.unwrap().id;
    let write = |audience| NewsWrite {
        audience,
        on_behalf_of: String::new(),
        category: String::new(),
        title: "Nieuw".into(),
        lead: "Kort.".into(),
        body: "Tekst.".into(),
        body_html: "<p>Tekst.</p>".into(),
        status: plein_core::policy::NewsStatus::Published,
        publish_at: Some(now()),
        ends_at: None,
        featured_until: None,
        reactions: true,
        confirmation: false,
        confirm_due: None,
    };
    let mut last = mark(s).await;
    let tx = s.begin().await.unwrap();
    let item = tx.insert_news(eva, &write(AudienceRow::Groups(vec![group]))).await.unwrap();
    let before_commit = mark(s).await;
    tx.commit().await.unwrap();
    rose(&mut last, mark(s).await, "a new item");
    assert!(before_commit < mark(s).await, "raised by the commit, not before");
    let spaced = s.insert_news(eva, &write(AudienceRow::Space(team))).await.unwrap();
    rose(&mut last, mark(s).await, "an item in a space");
    let picture = NewsPicture { alt: "Een foto".into(), size: (10, 10), bytes: vec![1], thumb: vec![1] };
    s.set_news_picture(item, Some(picture)).await.unwrap();
    rose(&mut last, mark(s).await, "a picture");
    s.set_news_picture_alt(item, "Een andere foto").await.unwrap();
    rose(&mut last, mark(s).await, "a picture's description");
    s.update_group(group, "Afdeling I&A", "").await.unwrap();
    rose(&mut last, mark(s).await, "a group's name");
    s.set_space_archived(team, true).await.unwrap();
    rose(&mut last, mark(s).await, "a space archived");
    // The start page keeps the spaces' cards at the mark too.
    use sea_orm::ConnectionTrait;
    s.conn().execute_unprepared(&format!("UPDATE spaces SET colour = 'red' WHERE id = {team}")).await.unwrap();
    rose(&mut last, mark(s).await, "a space's colour");
    let other = s.insert_space(space("Nog een team", SpaceVisibility::Open, eva)).await.unwrap().id;
    rose(&mut last, mark(s).await, "a new space");
    s.conn().execute_unprepared(&format!("DELETE FROM spaces WHERE id = {other}")).await.unwrap();
    rose(&mut last, mark(s).await, "a space removed");
    s.set_like(LikeTarget::News(spaced), eva, true).await.unwrap();
    let kept = mark(s).await;
    assert_eq!(kept, last, "a like changes no card");
    s.delete_news(spaced).await.unwrap();
    rose(&mut last, mark(s).await, "an item removed");
}

/// On PostgreSQL, a commit that appends changes notifies the schema's channel, once: followers on
/// other nodes wake up instead of polling. (SQLite has one node.)
async fn a_commit_with_changes_wakes_the_other_nodes(app: TestApp) {
    let s = app.store();
    let Some(channel) = s.changes_channel().await.unwrap() else {
        return;
    };
    let mut listener = s.listen(&channel).await.unwrap();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), listener.next()).await;
    assert!(matches!(heard, Ok(Ok(Some(_)))), "a trigger's change is announced: {heard:?}");

    let tx = s.begin().await.unwrap();
    let team = tx.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    tx.insert_post(post(team, eva, "Hallo")).await.unwrap();
    tx.record_change(Change { item_kind: "page", item_id: 1, container: "site".into(), happened: "created" })
        .await
        .unwrap();
    let early = tokio::time::timeout(std::time::Duration::from_millis(300), listener.next()).await;
    assert!(early.is_err(), "nothing before the commit: {early:?}");
    tx.commit().await.unwrap();
    let heard = tokio::time::timeout(std::time::Duration::from_secs(5), listener.next()).await;
    assert!(matches!(heard, Ok(Ok(Some(_)))), "the commit is announced: {heard:?}");
    let again = tokio::time::timeout(std::time::Duration::from_millis(300), listener.next()).await;
    assert!(again.is_err(), "once per transaction, however many changes: {again:?}");
}

/// An installation on SQLite from before news took comments: the rebuild of `comments` and
/// `likes` keeps every row, the references to comments from notifications and replies, and the
/// foreign keys checked afterwards.
#[tokio::test]
async fn sqlite_upgrade_to_news_comments_keeps_comments_and_their_references() {
    use sea_orm::ConnectionTrait;
    use sea_orm_migration::MigratorTrait;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("plein.db").display());
    let s = Store::connect(plein_store::StoreOptions { max_connections: 1, ..plein_store::StoreOptions::new(url) })
        .await
        .unwrap();
    plein_store::Migrator::up(s.conn(), Some(19)).await.unwrap();
    let eva = s.insert_user(user("eva")).await.unwrap().id;
    let bob = s.insert_user(user("bob")).await.unwrap().id;
    let team = s.insert_space(space("Team", SpaceVisibility::Open, eva)).await.unwrap().id;
    let p = s.insert_post(post(team, eva, "Hallo")).await.unwrap().id;
    let comment = |parent_id| InsertComment {
        on: plein_store::stream::CommentOn::Post(p),
        parent_id,
        author_id: bob,
        body: "Dag".into(),
        body_html: "<p>Dag</p>".into(),
        created_at: now(),
    };
    let c = s.insert_comment(comment(None)).await.unwrap().id;
    let reply = s.insert_comment(comment(Some(c))).await.unwrap().id;
    s.set_like(LikeTarget::Comment(c), eva, true).await.unwrap();
    s.notify(&[plein_store::notifications::NewNotification {
        user_id: eva,
        kind: plein_store::notifications::NotificationKind::Comment,
        actor_id: Some(bob),
        post_id: Some(p),
        comment_id: Some(c),
        space_id: None,
        news_id: None,
    }])
    .await
    .unwrap();

    s.migrate().await.unwrap();
    let rows = s.comments_on(plein_store::stream::CommentOn::Post(p), 10).await.unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.id, r.parent_id, r.like_count)).collect::<Vec<_>>(),
        [(c, None, 1), (reply, Some(c), 0)]
    );
    assert_eq!(s.comments_liked_by(eva, &[c, reply]).await.unwrap().into_iter().collect::<Vec<_>>(), [c]);
    let conn = s.conn();
    let count = |sql: &'static str| async move {
        let row = conn.query_one_raw(sea_orm::Statement::from_string(conn.get_database_backend(), sql));
        row.await.unwrap().unwrap().try_get_by_index::<i64>(0).unwrap()
    };
    assert_eq!(count("SELECT COUNT(*) FROM notifications WHERE comment_id IS NOT NULL").await, 1);
    assert_eq!(count("PRAGMA foreign_keys").await, 1, "foreign keys are checked again");
    assert_eq!(count("SELECT COUNT(*) FROM pragma_foreign_key_check").await, 0);
    // The notification still points at the comment: removing the comment's row takes it along.
    s.conn().execute_unprepared(&format!("DELETE FROM comments WHERE id = {reply}")).await.unwrap();
    s.conn().execute_unprepared(&format!("DELETE FROM comments WHERE id = {c}")).await.unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM notifications WHERE comment_id IS NOT NULL").await, 0);
    // A comment on news is stored now; another kind still is not.
    let on_news = s.conn().execute_unprepared("INSERT INTO comments (target_kind, target_id, author_id, body, body_html, created_at) VALUES ('page', 1, 1, 'x', 'x', '2026-01-01T00:00:00+00:00')").await;
    assert!(on_news.is_err(), "the CHECK constraint holds");
}
