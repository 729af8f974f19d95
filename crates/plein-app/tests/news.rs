//! News on both databases: an item reaches its audience and nobody else on any channel (the item,
//! the archive, the home stream, "Te bevestigen", notifications, mail, the report); read
//! confirmation belongs to the version read and counts the audience as it is now; scheduled
//! items appear and are announced once; comments and likes (the one comment model) follow the
//! item's audience and its switch; bad input changes nothing.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use chrono::Duration;
use plein_app::moderation::{Reported, Verdict};
use plein_app::news::{
    AudienceChoice, ChangedField, EditKind, NewsInput, NewsListQuery, Publishing, ReportFilter, Words,
};
use plein_app::{Code, Error};
use plein_core::UserStatus;
use plein_core::policy::{Actor, Capability, SpaceRole};
use plein_store::now;
use plein_store::stream::{CommentOn, LikeTarget};
use plein_testkit::{SmtpServer, TestApp, on_both_databases};

on_both_databases!(
    group_news_reaches_its_group_only,
    confirmations_belong_to_a_version_and_the_live_audience,
    scheduled_news_appears_and_is_announced_once,
    bad_input_changes_nothing,
    the_report_counts_per_group_and_exports_for_excel,
    space_news_follows_its_space,
    comments_and_likes_on_news_follow_its_audience,
    each_node_keeps_the_start_page_news_and_sees_every_write,
    comments_on_news_are_reported_to_who_moderates_them,
);
on_both_databases!(with_smtp: reminders_are_mailed_only_to_who_may_still_confirm);
on_both_databases!(with_smtp: mentions_in_comments_on_news_are_mailed_while_the_item_is_readable);

fn input(title: &str, audience: AudienceChoice) -> NewsInput {
    NewsInput {
        audience,
        on_behalf_of: "Afdeling Communicatie".into(),
        category: "Organisatie".into(),
        title: title.into(),
        lead: "Een korte inleiding.".into(),
        body: "De **tekst** van het bericht.".into(),
        picture: None,
        picture_alt: String::new(),
        remove_picture: false,
        publishing: Publishing::Now,
        ends_at: None,
        featured_until: None,
        reactions: true,
        confirmation: false,
        confirm_due: None,
        edit: EditKind::Correction,
    }
}

async fn group(app: &TestApp, name: &str, members: &[i64]) -> i64 {
    let g = app.store().insert_group(name, "").await.unwrap();
    app.store().add_group_members(g.id, members).await.unwrap();
    g.id
}

async fn archive(app: &TestApp, a: &Actor) -> Vec<i64> {
    app.app.news().list_news(a, &NewsListQuery::default()).await.unwrap().items.iter().map(|n| n.id).collect()
}

async fn told(app: &TestApp, a: &Actor) -> Vec<String> {
    app.app.notifications().list_notifications(a, None).await.unwrap().items.iter().map(|n| n.link.clone()).collect()
}

async fn counts(app: &TestApp, editor: &Actor, id: i64) -> (i64, i64) {
    let r = app.app.news().read_report(editor, id, ReportFilter::All, 0).await.unwrap();
    (r.confirmed, r.audience)
}

async fn kinds(app: &TestApp, u: &plein_store::users::UserRow) -> Vec<plein_store::notifications::NotificationKind> {
    let a = app.actor_of(u).await;
    app.app.notifications().list_notifications(&a, None).await.unwrap().items.iter().map(|n| n.kind).collect()
}

async fn group_news_reaches_its_group_only(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let reader = app.user("lezer").await;
    let outsider = app.user("buiten").await;
    let guest_in = app.user("gast-in").guest().await;
    let guest_out = app.user("gast-uit").guest().await;
    let ict = group(&app, "Afdeling ICT", &[reader.id, guest_in.id]).await;
    let (editor_a, reader_a, outsider_a, guest_in_a, guest_out_a) = (
        app.actor_of(&editor).await,
        app.actor_of(&reader).await,
        app.actor_of(&outsider).await,
        app.actor_of(&guest_in).await,
        app.actor_of(&guest_out).await,
    );
    let news = app.app.news();
    let mut asks = input("Serveronderhoud zaterdag", AudienceChoice::Groups(vec![ict]));
    asks.confirmation = true;
    let id = news.create_news(&editor_a, asks).await.unwrap();
    let everyone = news.create_news(&editor_a, input("Kerstborrel", AudienceChoice::Everyone)).await.unwrap();
    app.app.run_due_jobs().await.unwrap();

    // The item itself.
    assert_eq!(news.read_news(&reader_a, id).await.unwrap().title, "Serveronderhoud zaterdag");
    assert!(news.read_news(&guest_in_a, id).await.unwrap().can.confirm, "a guest in the group confirms too");
    assert!(matches!(news.read_news(&outsider_a, id).await, Err(Error::NotFound)));
    assert!(matches!(news.read_news(&guest_out_a, id).await, Err(Error::NotFound)));
    assert!(
        matches!(news.read_news(&guest_in_a, everyone).await, Err(Error::NotFound)),
        "guests never read news for everyone"
    );
    assert!(matches!(news.confirm_news(&outsider_a, id).await, Err(Error::NotFound)));
    let editor_view = news.read_news(&editor_a, id).await.unwrap();
    assert!(editor_view.can.manage && !editor_view.can.confirm, "the editor reads along but is not asked");
    // The archive, the home stream and the list to confirm.
    assert_eq!(archive(&app, &reader_a).await, vec![everyone, id]);
    assert_eq!(archive(&app, &outsider_a).await, vec![everyone]);
    assert_eq!(archive(&app, &guest_in_a).await, vec![id]);
    assert!(archive(&app, &guest_out_a).await.is_empty());
    let home = news.read_home_news(&reader_a).await.unwrap();
    assert_eq!(home.to_confirm.iter().map(|n| n.id).collect::<Vec<_>>(), vec![id]);
    assert!(!news.read_home_news(&outsider_a).await.unwrap().to_confirm.iter().any(|n| n.id == id));
    assert_eq!(news.list_to_confirm(&reader_a).await.unwrap().len(), 1);
    assert!(news.list_to_confirm(&outsider_a).await.unwrap().is_empty());
    assert!(news.list_to_confirm(&editor_a).await.unwrap().is_empty());
    // Notifications: the group heard of it; the outsider only of the news for everyone.
    assert!(told(&app, &reader_a).await.contains(&format!("/nieuws/{id}")));
    assert!(told(&app, &guest_in_a).await.contains(&format!("/nieuws/{id}")));
    assert!(!told(&app, &outsider_a).await.contains(&format!("/nieuws/{id}")));
    assert!(told(&app, &outsider_a).await.contains(&format!("/nieuws/{everyone}")));
    assert!(told(&app, &guest_out_a).await.is_empty());
    // The report is the editor's; readers get "forbidden", outsiders "not found".
    assert!(matches!(news.read_report(&reader_a, id, ReportFilter::All, 0).await, Err(Error::Forbidden)));
    assert!(matches!(news.read_report(&outsider_a, id, ReportFilter::All, 0).await, Err(Error::NotFound)));
    // A change of audience counts at once, and what was told leaves with it.
    let mut moved = input("Serveronderhoud zaterdag", AudienceChoice::Everyone);
    moved.confirmation = true;
    news.edit_news(&editor_a, id, moved).await.unwrap();
    assert!(news.read_news(&outsider_a, id).await.unwrap().can.confirm);
    assert!(matches!(news.read_news(&guest_in_a, id).await, Err(Error::NotFound)));
    assert!(
        !told(&app, &guest_in_a).await.contains(&format!("/nieuws/{id}")),
        "a notification of what one may no longer read goes"
    );
}

/// An item for `group` asking for confirmation, in its first version.
async fn plain_before(app: &TestApp, editor: &Actor, group: i64) -> i64 {
    let mut asks = input("Parkeerregeling", AudienceChoice::Groups(vec![group]));
    asks.confirmation = true;
    app.app.news().create_news(editor, asks).await.unwrap()
}

async fn confirmations_belong_to_a_version_and_the_live_audience(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let ann = app.user("ann").await;
    let bob = app.user("bob").await;
    let cas = app.user("cas").guest().await;
    let late = app.user("laat").await;
    let hr = group(&app, "Afdeling HRM", &[ann.id, bob.id, cas.id]).await;
    let editor_a = app.actor_of(&editor).await;
    let news = app.app.news();
    let mut asks = input("Nieuwe werkplekregeling", AudienceChoice::Groups(vec![hr]));
    asks.confirmation = true;
    let id = news.create_news(&editor_a, asks.clone()).await.unwrap();
    news.confirm_news(&app.actor_of(&ann).await, id).await.unwrap();
    news.confirm_news(&app.actor_of(&ann).await, id).await.unwrap();
    news.confirm_news(&app.actor_of(&cas).await, id).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (2, 3), "confirming twice counts once");
    // A small correction keeps the confirmations.
    let mut corrected = asks.clone();
    corrected.body = "De **tekst** van het bericht, zonder typefout.".into();
    news.edit_news(&editor_a, id, corrected.clone()).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (2, 3));
    // Changed content asks everyone again, and needs a note saying what changed.
    let mut changed = corrected.clone();
    changed.body = "Twee vaste kantoordagen per team.".into();
    changed.edit = EditKind::NewVersion(String::new());
    assert!(
        matches!(news.edit_news(&editor_a, id, changed.clone()).await, Err(Error::Invalid(p)) if p.field == "change_note")
    );
    changed.edit = EditKind::NewVersion("Twee kantoordagen in plaats van drie".into());
    news.edit_news(&editor_a, id, changed).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (0, 3));
    let view = news.read_news(&app.actor_of(&ann).await, id).await.unwrap();
    assert!(view.can.confirm && view.version == 2 && view.change_note.contains("kantoordagen"));
    // The item shows what changed since version 1, word by word (the title and lead did not).
    let (view, _) = news.read_news_with_comments(&app.actor_of(&ann).await, id).await.unwrap();
    assert_eq!(view.changes.iter().map(|c| c.field).collect::<Vec<_>>(), [ChangedField::Body]);
    let words = &view.changes[0].words;
    assert!(words.iter().any(|w| matches!(w, Words::Removed(t) if t.contains("tekst"))), "{words:?}");
    assert!(words.iter().any(|w| matches!(w, Words::Added(t) if t.contains("kantoordagen"))), "{words:?}");
    let (first, _) =
        news.read_news_with_comments(&app.actor_of(&ann).await, plain_before(&app, &editor_a, hr).await).await.unwrap();
    assert!(first.changes.is_empty(), "a first version shows no changes");
    assert_eq!(
        app.store().news_version(id, 1).await.unwrap().unwrap().0,
        "Nieuwe werkplekregeling",
        "version 1 is kept"
    );
    news.confirm_news(&app.actor_of(&ann).await, id).await.unwrap();
    news.confirm_news(&app.actor_of(&bob).await, id).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (2, 3));
    // Who joins the group later must confirm too.
    app.store().add_group_members(hr, &[late.id]).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (2, 4));
    assert!(news.read_news(&app.actor_of(&late).await, id).await.unwrap().can.confirm);
    // Who leaves, is deactivated or whose guest access ends leaves the counts.
    app.store().remove_group_member(hr, bob.id).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (1, 3));
    app.store().set_status(ann.id, UserStatus::Deactivated).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (0, 2));
    app.store().set_guest_expiry(cas.id, now() - Duration::minutes(1)).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (0, 1));
    // Their confirmations stay on record: back in the group, Bob counts as confirmed again.
    app.store().add_group_members(hr, &[bob.id]).await.unwrap();
    assert_eq!(counts(&app, &editor_a, id).await, (1, 2));
    // Nothing else about reading is tracked: an item without confirmation has no report.
    let plain = news.create_news(&editor_a, input("Kerstborrel", AudienceChoice::Groups(vec![hr]))).await.unwrap();
    assert!(matches!(news.remind_unconfirmed(&editor_a, plain).await, Err(Error::Forbidden)));
}

async fn scheduled_news_appears_and_is_announced_once(mut app: TestApp) {
    app.stop_worker();
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let reader = app.user("lezer").await;
    let (editor_a, reader_a) = (app.actor_of(&editor).await, app.actor_of(&reader).await);
    let news = app.app.news();
    let mut later = input("Nieuwe wethouder", AudienceChoice::Everyone);
    later.publishing = Publishing::At(now() + Duration::seconds(2));
    let id = news.create_news(&editor_a, later).await.unwrap();
    assert!(matches!(news.read_news(&reader_a, id).await, Err(Error::NotFound)), "not before its time");
    assert!(news.list_news(&reader_a, &NewsListQuery::default()).await.unwrap().items.is_empty());
    assert_eq!(news.read_news(&editor_a, id).await.unwrap().state, plein_core::policy::NewsState::Scheduled);
    // Nothing is due yet; nobody was told.
    assert_eq!(app.app.run_due_jobs().await.unwrap(), 0);
    assert_eq!(app.app.notifications().count_unread(reader.id).await.unwrap(), 0);
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    assert_eq!(news.read_news(&reader_a, id).await.unwrap().state, plein_core::policy::NewsState::Published);
    app.app.run_due_jobs().await.unwrap();
    assert_eq!(app.app.notifications().count_unread(reader.id).await.unwrap(), 1);
    // Another node running the same announcement tells nobody twice.
    app.app.enqueue(plein_app::jobs::Job::NewsAnnounce { news_id: id, at: "again".into() }).await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    assert_eq!(app.app.notifications().count_unread(reader.id).await.unwrap(), 1);
    // A publish date in the past publishes now; an end date takes it out of the streams.
    let mut past = input("Open dag", AudienceChoice::Everyone);
    past.publishing = Publishing::At(now() - Duration::days(3));
    past.ends_at = Some(now() + Duration::seconds(1));
    let id = news.create_news(&editor_a, past).await.unwrap();
    let view = news.read_news(&reader_a, id).await.unwrap();
    assert!(view.publish_at.unwrap() > now() - Duration::minutes(1), "published now, not three days ago");
    assert!(news.read_home_news(&reader_a).await.unwrap().recent.iter().any(|n| n.id == id));
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(news.read_news(&reader_a, id).await.unwrap().state, plein_core::policy::NewsState::Ended);
    assert!(!news.read_home_news(&reader_a).await.unwrap().recent.iter().any(|n| n.id == id), "gone from the stream");
    assert!(
        news.list_news(&reader_a, &NewsListQuery::default()).await.unwrap().items.iter().any(|n| n.id == id),
        "still in the archive"
    );
    // A draft is the editors' alone.
    let mut draft = input("Concept", AudienceChoice::Everyone);
    draft.publishing = Publishing::Draft;
    let id = news.create_news(&editor_a, draft).await.unwrap();
    assert!(matches!(news.read_news(&reader_a, id).await, Err(Error::NotFound)));
    assert!(news.list_managed_news(&editor_a, None).await.unwrap().items.iter().any(|n| n.id == id));
    assert!(news.list_managed_news(&reader_a, None).await.unwrap().items.is_empty());
}

async fn bad_input_changes_nothing(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let employee = app.user("medewerker").await;
    let (editor_a, employee_a) = (app.actor_of(&editor).await, app.actor_of(&employee).await);
    let news = app.app.news();
    let refused = |r: Result<i64, Error>, field: &str, code: Option<Code>| match r {
        Err(Error::Invalid(p)) => {
            assert_eq!(p.field, field);
            if let Some(code) = code {
                assert_eq!(p.code, code);
            }
        }
        other => panic!("expected a refusal of {field}, got {other:?}"),
    };
    let mut ends = input("Einde voor begin", AudienceChoice::Everyone);
    ends.publishing = Publishing::At(now() + Duration::days(2));
    ends.ends_at = Some(now() + Duration::days(1));
    refused(news.create_news(&editor_a, ends).await, "ends_at", Some(Code::NewsEndsBeforePublish));
    refused(
        news.create_news(&editor_a, input("Geen groep", AudienceChoice::Groups(vec![]))).await,
        "groups",
        Some(Code::NewsAudience),
    );
    refused(
        news.create_news(&editor_a, input("Onbekend", AudienceChoice::Groups(vec![987_654]))).await,
        "groups",
        Some(Code::NewsAudience),
    );
    refused(news.create_news(&editor_a, input("  ", AudienceChoice::Everyone)).await, "title", None);
    let mut picture = input("Met plaatje", AudienceChoice::Everyone);
    picture.picture = Some(b"dit is geen afbeelding".to_vec());
    picture.picture_alt = "Een plaatje".into();
    refused(news.create_news(&editor_a, picture).await, "picture", Some(Code::ImageNotImage));
    let mut no_alt = input("Zonder beschrijving", AudienceChoice::Everyone);
    no_alt.picture = Some(plein_testkit::png(40, 30));
    refused(news.create_news(&editor_a, no_alt).await, "picture_alt", Some(Code::ImageAlt));
    let mut bomb = input("Bom", AudienceChoice::Everyone);
    bomb.picture = Some(plein_testkit::png(20_000, 20_000));
    bomb.picture_alt = "Groot".into();
    assert!(matches!(news.create_news(&editor_a, bomb).await, Err(Error::Invalid(_))));
    // Without `publish_news`, no site news at all.
    assert!(matches!(
        news.create_news(&employee_a, input("Van mij", AudienceChoice::Everyone)).await,
        Err(Error::NotFound)
    ));
    assert!(news.list_managed_news(&editor_a, None).await.unwrap().items.is_empty(), "nothing was half-saved");
}

async fn the_report_counts_per_group_and_exports_for_excel(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let ann = app.user("ann").named("=HYPERLINK(\"x\") Ann").await;
    let bob = app.user("bob").named("Bob Bakker").await;
    let ict = group(&app, "Afdeling ICT", &[ann.id]).await;
    let hr = group(&app, "Afdeling HRM", &[bob.id]).await;
    let editor_a = app.actor_of(&editor).await;
    let news = app.app.news();
    let mut asks = input("Wachtwoordbeleid", AudienceChoice::Groups(vec![ict, hr]));
    asks.confirmation = true;
    let id = news.create_news(&editor_a, asks).await.unwrap();
    news.confirm_news(&app.actor_of(&bob).await, id).await.unwrap();
    let report = news.read_report(&editor_a, id, ReportFilter::Open, 0).await.unwrap();
    assert_eq!((report.confirmed, report.audience, report.percent()), (1, 2, 50));
    let lines: Vec<(String, i64, i64)> =
        report.groups.iter().map(|g| (g.name.clone(), g.audience, g.confirmed)).collect();
    assert_eq!(lines, vec![("Afdeling HRM".to_owned(), 1, 1), ("Afdeling ICT".to_owned(), 1, 0)]);
    assert_eq!(report.people.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ann.id], "the open ones");
    assert_eq!(report.days.len(), 1);
    let (name, bytes) = news.export_report(&editor_a, id, plein_core::Locale::Nl).await.unwrap();
    assert!(name.ends_with(".csv"));
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with a byte order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "Naam;Afdeling;E-mailadres;Soort;Bevestigd op");
    assert!(rows.iter().any(|r| r.starts_with("Bob Bakker;") && r.split(';').nth(4).is_some_and(|c| c.len() == 16)));
    assert!(rows.iter().any(|r| r.starts_with("\"'=HYPERLINK") || r.starts_with("'=HYPERLINK")), "no formulas: {text}");
    // Readers may not export.
    assert!(matches!(
        news.export_report(&app.actor_of(&ann).await, id, plein_core::Locale::Nl).await,
        Err(Error::Forbidden)
    ));
}

async fn space_news_follows_its_space(app: TestApp) {
    let admin = app.user("teamadmin").await;
    let member = app.user("lid").await;
    let outsider = app.user("buiten").await;
    let space = app.space("Project Gemeentehuis").closed().admin(&admin).member(&member).await;
    let news = app.app.news();
    let (admin_a, member_a, outsider_a) =
        (app.actor_of(&admin).await, app.actor_of(&member).await, app.actor_of(&outsider).await);
    let id = news.create_news(&admin_a, input("Eerste paal", AudienceChoice::Space(space.id))).await.unwrap();
    assert!(matches!(
        news.create_news(&member_a, input("Van een lid", AudienceChoice::Space(space.id))).await,
        Err(Error::Forbidden)
    ));
    assert_eq!(news.read_news(&member_a, id).await.unwrap().title, "Eerste paal");
    assert!(matches!(news.read_news(&outsider_a, id).await, Err(Error::NotFound)));
    assert_eq!(news.list_space_news(&member_a, space.id).await.unwrap().len(), 1);
    assert!(news.list_space_news(&outsider_a, space.id).await.unwrap().is_empty());
    // A site item stays a site item.
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    assert!(matches!(
        news.edit_news(&app.actor_of(&editor).await, id, input("Verplaatst", AudienceChoice::Everyone)).await,
        Err(Error::NotFound)
    ));
    app.store().add_space_member(space.id, outsider.id, SpaceRole::Member).await.unwrap();
    assert!(news.read_news(&app.actor_of(&outsider).await, id).await.is_ok(), "a new member reads it");
}

/// Every item on a start page, in its order: featured, to confirm, recent.
async fn start_page(node: &plein_app::App, a: &Actor) -> Vec<i64> {
    let news = node.stream().read_home(a, None).await.unwrap().news;
    news.featured.iter().chain(&news.to_confirm).chain(&news.recent).map(|n| n.id).collect()
}

async fn each_node_keeps_the_start_page_news_and_sees_every_write(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let reader = app.user("lezer").await;
    let outsider = app.user("buiten").await;
    let admin = app.user("teamadmin").await;
    let ict = group(&app, "Afdeling ICT", &[reader.id]).await;
    let hr = group(&app, "Afdeling HRM", &[outsider.id]).await;
    let space = app.space("Wijkteam Noord").admin(&admin).await;
    let (editor_a, reader_a, outsider_a, admin_a) = (
        app.actor_of(&editor).await,
        app.actor_of(&reader).await,
        app.actor_of(&outsider).await,
        app.actor_of(&admin).await,
    );
    let news = app.app.news();
    let mut asks = input("Serveronderhoud zaterdag", AudienceChoice::Groups(vec![ict]));
    asks.confirmation = true;
    let id = news.create_news(&editor_a, asks.clone()).await.unwrap();
    let local =
        news.create_news(&admin_a, input("Spreekuur in de wijk", AudienceChoice::Space(space.id))).await.unwrap();
    // The other node reads (and keeps) the start page's news; the policy picks per reader.
    let other = app.other_node().await;
    assert_eq!(start_page(&other, &reader_a).await, vec![id, local]);
    assert_eq!(start_page(&other, &outsider_a).await, vec![local], "an open space's news, not the group's");
    let card = other.stream().read_home(&reader_a, None).await.unwrap().news.to_confirm.remove(0);
    assert!(card.can.confirm && card.confirmed_at.is_none());
    // A change of audience on the first node counts on the other at once.
    asks.audience = AudienceChoice::Groups(vec![hr]);
    news.edit_news(&editor_a, id, asks.clone()).await.unwrap();
    assert_eq!(start_page(&other, &reader_a).await, vec![local], "no longer the reader's");
    assert_eq!(start_page(&other, &outsider_a).await, vec![id, local]);
    // A confirmation is the reader's own, read with every start page.
    news.confirm_news(&outsider_a, id).await.unwrap();
    let home = other.stream().read_home(&outsider_a, None).await.unwrap().news;
    assert!(home.to_confirm.is_empty(), "confirmed");
    assert!(home.recent.iter().any(|n| n.id == id && n.confirmed_at.is_some()), "still recent, as confirmed");
    // A group's new name shows on its cards; the space turned secret hides its news from outsiders.
    app.store().update_group(hr, "Afdeling P&O", "").await.unwrap();
    let home = other.stream().read_home(&outsider_a, None).await.unwrap().news;
    let card = home.recent.iter().find(|n| n.id == id).unwrap();
    assert!(matches!(&card.place, plein_app::news::NewsPlace::Groups(g) if g[0].1 == "Afdeling P&O"));
    let secret = plein_store::spaces::InsertSpace {
        name: space.name.clone(),
        description: String::new(),
        kind: space.kind,
        visibility: plein_core::policy::SpaceVisibility::Secret,
        colour: space.colour.clone(),
        allows_guests: false,
        admins_post: false,
        created_by: admin.id,
    };
    app.store().update_space(space.id, secret).await.unwrap();
    assert_eq!(start_page(&other, &outsider_a).await, vec![id], "a secret space's news is its members'");
    assert_eq!(start_page(&other, &admin_a).await, vec![local]);
    // Likes and comments change no card: what the nodes keep stays current through them.
    let mark = app.store().home_news_reading(reader.id, &[]).await.unwrap().mark;
    app.app.stream().set_like(&outsider_a, LikeTarget::News(id), true).await.unwrap();
    assert_eq!(app.store().home_news_reading(reader.id, &[]).await.unwrap().mark, mark);
    asks.publishing = Publishing::Archive;
    news.edit_news(&editor_a, id, asks).await.unwrap();
    assert!(app.store().home_news_reading(reader.id, &[]).await.unwrap().mark > mark);
    assert!(start_page(&other, &outsider_a).await.is_empty(), "archived");
}

async fn reminders_are_mailed_only_to_who_may_still_confirm(mut app: TestApp, smtp: SmtpServer) {
    app.stop_worker();
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let ann = app.user("ann").await;
    let bob = app.user("bob").await;
    let cas = app.user("cas").await;
    let hr = group(&app, "Afdeling HRM", &[ann.id, bob.id, cas.id]).await;
    let editor_a = app.actor_of(&editor).await;
    let news = app.app.news();
    let mut asks = input("Gedragscode integriteit", AudienceChoice::Groups(vec![hr]));
    asks.confirmation = true;
    let id = news.create_news(&editor_a, asks).await.unwrap();
    // The announcement mails everyone in the group (it asks for confirmation).
    app.app.run_due_jobs().await.unwrap();
    let mails = smtp.wait_for(3).await;
    assert!(mails.iter().all(|m| m.contains("Gedragscode integriteit")));
    news.confirm_news(&app.actor_of(&ann).await, id).await.unwrap();
    assert!(news.remind_unconfirmed(&editor_a, id).await.unwrap());
    assert!(!news.remind_unconfirmed(&editor_a, id).await.unwrap(), "twice within a minute reminds once");
    // The reminder job tells Bob and Cas; before the mails go out, Cas leaves the group.
    app.app.run_next_job().await.unwrap();
    app.store().remove_group_member(hr, cas.id).await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    let mails = smtp.wait_for(4).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails_now = smtp.messages();
    assert_eq!(mails_now.len(), 4, "one reminder, to Bob only: {mails:?}");
    assert!(mails_now[3].contains("bob@voorbeeld.nl") && mails_now[3].contains("Herinnering"));
    // In the app too: Bob has the reminder; Ann, who confirmed, does not.
    use plein_store::notifications::NotificationKind::{News, NewsReminder};
    assert_eq!(kinds(&app, &bob).await, vec![NewsReminder, News]);
    assert_eq!(kinds(&app, &ann).await, vec![News]);
}

async fn mentions_in_comments_on_news_are_mailed_while_the_item_is_readable(mut app: TestApp, smtp: SmtpServer) {
    app.stop_worker();
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let ann = app.user("ann").await;
    let bob = app.user("bob").await;
    let cas = app.user("cas").await;
    app.user("buiten").await;
    let hr = group(&app, "Afdeling HRM", &[ann.id, bob.id, cas.id]).await;
    let id = app
        .app
        .news()
        .create_news(&app.actor_of(&editor).await, input("Nieuwe roosters", AudienceChoice::Groups(vec![hr])))
        .await
        .unwrap();
    app.app.run_due_jobs().await.unwrap();
    assert!(smtp.messages().is_empty(), "ordinary news is not mailed by default");
    let stream = app.app.stream();
    let ann_a = app.actor_of(&ann).await;
    stream.create_comment(&ann_a, CommentOn::News(id), None, "Klopt dit, @bob? En @buiten?").await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    let mails = smtp.wait_for(1).await;
    assert!(mails[0].contains("bob@voorbeeld.nl"), "{}", mails[0]);
    assert!(mails[0].contains(&format!("http://localhost/nieuws/{id}")), "{}", mails[0]);
    assert!(mails[0].contains("Klopt dit"));
    // Cas leaves the group before the mail of the next mention goes out: it is not sent.
    stream.create_comment(&ann_a, CommentOn::News(id), None, "@cas, jij ook?").await.unwrap();
    app.store().remove_group_member(hr, cas.id).await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(!mails.iter().any(|m| m.contains("buiten@voorbeeld.nl") || m.contains("cas@voorbeeld.nl")));
}

async fn comments_and_likes_on_news_follow_its_audience(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let reader = app.user("lezer").await;
    let other = app.user("collega").await;
    let outsider = app.user("buiten").await;
    let ict = group(&app, "Afdeling ICT", &[reader.id, other.id]).await;
    let (editor_a, reader_a, other_a, outsider_a) = (
        app.actor_of(&editor).await,
        app.actor_of(&reader).await,
        app.actor_of(&other).await,
        app.actor_of(&outsider).await,
    );
    let (news, stream) = (app.app.news(), app.app.stream());
    let id = news.create_news(&editor_a, input("Nieuwe werkplekken", AudienceChoice::Groups(vec![ict]))).await.unwrap();

    // The audience comments, replies and likes; the item counts it.
    let c = stream.create_comment(&reader_a, CommentOn::News(id), None, "Wanneer gaat dit in?").await.unwrap();
    let r = stream.create_comment(&other_a, CommentOn::News(id), Some(c.id), "Volgende maand, @lezer").await.unwrap();
    assert!(r.body_html.contains(&format!("href=\"/mensen/{}\"", reader.id)), "{}", r.body_html);
    assert_eq!(r.parent_id, Some(c.id));
    // The editor hears of the comment, the commenter of the reply (gathered per item), nobody else.
    assert!(told(&app, &editor_a).await.iter().any(|l| l.starts_with(&format!("/nieuws/{id}#reactie-"))));
    let heard: Vec<String> = told(&app, &reader_a).await.into_iter().filter(|l| l.contains("#reactie-")).collect();
    assert_eq!(
        heard,
        [format!("/nieuws/{id}#reactie-{}", r.id)],
        "told of the reply mentioning them, not of their own comment"
    );
    assert!(kinds(&app, &reader).await.contains(&plein_store::notifications::NotificationKind::Mention));
    assert!(told(&app, &outsider_a).await.is_empty());
    let hidden = stream.create_comment(&other_a, CommentOn::News(id), None, "Vraag het @buiten").await.unwrap();
    assert!(!hidden.body_html.contains("/mensen/"), "who may not read the item is not linked, nor told");
    let gone = stream.delete_comment(&other_a, hidden.id, plein_app::confirm::Confirmation::Given).await.unwrap();
    assert!(matches!(gone, plein_app::confirm::Outcome::Done(CommentOn::News(n)) if n == id), "its author removes it");
    stream.set_like(&reader_a, LikeTarget::News(id), true).await.unwrap();
    stream.set_like(&other_a, LikeTarget::News(id), true).await.unwrap();
    stream.set_like(&other_a, LikeTarget::News(id), true).await.unwrap();
    stream.set_like(&other_a, LikeTarget::Comment(c.id), true).await.unwrap();
    let (view, comments) = news.read_news_with_comments(&reader_a, id).await.unwrap();
    assert_eq!((view.comment_count, view.like_count, view.liked), (2, 2, true), "a second like counts once");
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].comment.body, "Wanneer gaat dit in?");
    assert_eq!(comments[0].comment.like_count, 1);
    assert_eq!(
        comments[0].replies.iter().map(|r| r.comment.body.as_str()).collect::<Vec<_>>(),
        ["Volgende maand, @lezer"]
    );
    assert!(comments[0].can_delete && !comments[0].can_report, "its author removes it; reports are for posts");
    assert!(!comments[0].replies[0].can_delete, "not someone else's");
    let (_, as_editor) = news.read_news_with_comments(&editor_a, id).await.unwrap();
    assert!(as_editor[0].replies[0].can_delete, "the item's editor removes any comment on it");

    // Outside the audience: not found on every way in, and nothing stored.
    let refused = stream.create_comment(&outsider_a, CommentOn::News(id), None, "Ik ook?").await;
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    assert!(matches!(stream.set_like(&outsider_a, LikeTarget::News(id), true).await, Err(Error::NotFound)));
    assert!(matches!(stream.set_like(&outsider_a, LikeTarget::Comment(c.id), true).await, Err(Error::NotFound)));
    assert!(matches!(stream.find_comment_place(&outsider_a, c.id).await, Err(Error::NotFound)));
    assert!(matches!(news.read_news_with_comments(&outsider_a, id).await, Err(Error::NotFound)));
    // A comment on news is never taken for one on the post with the same id.
    assert!(matches!(stream.find_comment_post(&reader_a, c.id).await, Err(Error::NotFound)));
    let (view, _) = news.read_news_with_comments(&editor_a, id).await.unwrap();
    assert_eq!((view.comment_count, view.like_count), (2, 2));

    // Switched off: the comments stay readable, nobody adds to them.
    let mut closed = input("Nieuwe werkplekken", AudienceChoice::Groups(vec![ict]));
    closed.reactions = false;
    news.edit_news(&editor_a, id, closed).await.unwrap();
    let refused = stream.create_comment(&reader_a, CommentOn::News(id), None, "Nog een vraag").await;
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    assert!(matches!(stream.set_like(&other_a, LikeTarget::Comment(c.id), false).await, Err(Error::Forbidden)));
    let (view, comments) = news.read_news_with_comments(&reader_a, id).await.unwrap();
    assert!(!view.can.react);
    assert_eq!(comments.len(), 1);
    assert!(!comments[0].can_react);

    // Removing a comment takes its replies along and counts them off.
    let removed = stream.delete_comment(&editor_a, c.id, plein_app::confirm::Confirmation::Given).await.unwrap();
    assert!(matches!(removed, plein_app::confirm::Outcome::Done(CommentOn::News(n)) if n == id));
    let (view, comments) = news.read_news_with_comments(&reader_a, id).await.unwrap();
    assert_eq!(view.comment_count, 0);
    assert!(comments.is_empty());
}

async fn comments_on_news_are_reported_to_who_moderates_them(app: TestApp) {
    let editor = app.user("redacteur").can(Capability::PublishNews).await;
    let moderator = app.user("moderator").can(Capability::Moderate).await;
    let reader = app.user("lezer").await;
    let writer = app.user("schrijver").await;
    let outsider = app.user("buiten").await;
    let manager = app.user("teamadmin").await;
    let ict = group(&app, "Afdeling ICT", &[reader.id, writer.id, moderator.id]).await;
    let space = app.space("Project Gemeentehuis").closed().admin(&manager).member(&reader).member(&writer).await;
    let [editor_a, moderator_a, reader_a, writer_a, outsider_a, manager_a] =
        [&editor, &moderator, &reader, &writer, &outsider, &manager].map(|u| app.actor_of(u));
    let (editor_a, moderator_a, reader_a, writer_a, outsider_a, manager_a) =
        (editor_a.await, moderator_a.await, reader_a.await, writer_a.await, outsider_a.await, manager_a.await);
    let (news, stream, moderation) = (app.app.news(), app.app.stream(), app.app.moderation());
    let site =
        news.create_news(&editor_a, input("Nieuwe werkplekken", AudienceChoice::Groups(vec![ict]))).await.unwrap();
    let rude = stream.create_comment(&writer_a, CommentOn::News(site), None, "Wat een onzin").await.unwrap();

    // A reader reports it, once; its author and who may not read it cannot.
    let (_, comments) = news.read_news_with_comments(&reader_a, site).await.unwrap();
    assert!(comments[0].can_report, "readers report a comment on news");
    assert_eq!(stream.may_report_comment(&reader_a, rude.id).await.unwrap(), (CommentOn::News(site), true));
    assert_eq!(stream.may_report_comment(&writer_a, rude.id).await.unwrap(), (CommentOn::News(site), false));
    let about = Reported::Comment(rude.id);
    assert!(moderation.report_content(&reader_a, about, "Niet netjes").await.unwrap());
    assert!(!moderation.report_content(&reader_a, about, "Nog eens").await.unwrap(), "one open report a person");
    assert!(matches!(moderation.report_content(&writer_a, about, "Eigen").await, Err(Error::Forbidden)));
    let refused = moderation.report_content(&outsider_a, about, "Gezien?").await;
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    let empty = moderation.report_content(&reader_a, about, "  ").await;
    assert!(matches!(empty, Err(Error::Invalid(_))), "{empty:?}");

    // Site news goes to the queue of moderators who read it and of its editors, with the item's
    // title; not to a space's managers, nor to a moderator outside its audience.
    let queue = moderation.list_reports(&moderator_a).await.unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(moderation.list_reports(&editor_a).await.unwrap().len(), 1, "its editors");
    let elsewhere = app.user("elders").can(Capability::Moderate).await;
    assert!(moderation.list_reports(&app.actor_of(&elsewhere).await).await.unwrap().is_empty());
    assert_eq!(
        (queue[0].news_id, queue[0].news_title.as_deref(), queue[0].comment_id, queue[0].post_id),
        (Some(site), Some("Nieuwe werkplekken"), Some(rude.id), None)
    );
    assert_eq!((queue[0].body.as_str(), queue[0].author_name.as_str()), ("Wat een onzin", "Test schrijver"));
    assert!(moderation.list_reports(&manager_a).await.unwrap().is_empty());
    assert!(matches!(moderation.list_reports(&reader_a).await, Err(Error::NotFound)));
    assert!(matches!(moderation.moderate(&reader_a, about, Verdict::Hide, "Nee").await, Err(Error::Forbidden)));

    // Hidden: gone for readers, its author sees it (with the reason), the report is closed.
    moderation.moderate(&moderator_a, about, Verdict::Hide, "Blijf vriendelijk").await.unwrap();
    assert!(moderation.list_reports(&moderator_a).await.unwrap().is_empty());
    assert!(news.read_news_with_comments(&reader_a, site).await.unwrap().1.is_empty(), "hidden from readers");
    let (_, own) = news.read_news_with_comments(&writer_a, site).await.unwrap();
    assert_eq!(own[0].comment.hidden_reason.as_deref(), Some("Blijf vriendelijk"));
    let hidden = app.store().comment_by_id(rude.id).await.unwrap().unwrap();
    assert!(hidden.hidden_at.is_some());

    // Space news goes to the space's managers, who remove the comment and its replies.
    let local = news.create_news(&manager_a, input("Eerste paal", AudienceChoice::Space(space.id))).await.unwrap();
    let c = stream.create_comment(&writer_a, CommentOn::News(local), None, "Reclame").await.unwrap();
    let reply = stream.create_comment(&reader_a, CommentOn::News(local), Some(c.id), "Hè?").await.unwrap();
    assert!(moderation.report_content(&reader_a, Reported::Comment(c.id), "Reclame").await.unwrap());
    assert!(moderation.report_content(&writer_a, Reported::Comment(reply.id), "Plagen").await.unwrap());
    let queue = moderation.list_reports(&manager_a).await.unwrap();
    assert_eq!(queue.iter().map(|r| r.comment_id).collect::<Vec<_>>(), [Some(c.id), Some(reply.id)]);
    assert_eq!(queue[0].space_id, Some(space.id));
    assert!(moderation.list_reports(&moderator_a).await.unwrap().is_empty(), "a closed space's is its own");
    assert!(moderation.list_reports(&editor_a).await.unwrap().is_empty(), "site editors: site news only");
    let refused = moderation.moderate(&editor_a, Reported::Comment(c.id), Verdict::Remove, "").await;
    assert!(matches!(refused, Err(Error::NotFound)), "site editors do not see a closed space's news: {refused:?}");
    moderation.moderate(&manager_a, Reported::Comment(c.id), Verdict::Remove, "").await.unwrap();
    assert!(moderation.list_reports(&manager_a).await.unwrap().is_empty(), "the reply's report went with it");
    assert!(news.read_news_with_comments(&reader_a, local).await.unwrap().1.is_empty());
    assert_eq!(news.read_news(&manager_a, local).await.unwrap().comment_count, 0);
}
