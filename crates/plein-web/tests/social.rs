//! Mentions, topics, polls, notifications (in the app, live and by e-mail) and moderation over
//! HTTP, on SQLite and PostgreSQL: each tells or shows only what its reader may read.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_app::notifications::{LiveEvent, LiveMessage};
use plein_core::policy::Capability;
use plein_testkit::{Browser, PASSWORD, SmtpServer, TestApp, on_both_databases, png};

on_both_databases!(
    mentions_link_and_tell_only_readers,
    topics_show_only_readable_posts,
    polls_take_votes_and_show_results,
    comments_and_likes_notify_and_gather,
    reports_reach_moderators_who_hide_with_a_reason,
    space_notification_choices,
    live_events_pass_the_policy,
    pictures_need_a_description_and_are_for_the_post_readers_only,
);
on_both_databases!(with_smtp: mentions_are_mailed_and_digests_sent_only_of_readable_things);

async fn space(b: &mut Browser, name: &str, visibility: &str) -> i64 {
    let res = b
        .post_form("/teams", &[("name", name), ("kind", "team"), ("visibility", visibility), ("colour", "blue")])
        .await;
    res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap()
}

async fn owner(app: &TestApp, name: &str) -> Browser {
    app.user(name).can(Capability::CreateSpaces).browser().await
}

async fn member(app: &TestApp, space: i64, name: &str) -> Browser {
    let (u, b) = app.user(name).with_browser().await;
    app.store().add_space_member(space, u.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    b
}

/// Posts in a space with extra form fields and returns the new post's id.
async fn post(b: &mut Browser, space: i64, body: &str, extra: &[(&str, &str)]) -> i64 {
    let place = format!("space:{space}");
    let back = format!("/teams/{space}");
    let mut fields = vec![("plaats", place.as_str()), ("body", body), ("terug", back.as_str())];
    fields.extend_from_slice(extra);
    let res = b.post_form("/berichten", &fields).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = b.get(&back).await.body;
    page.split("id=\"bericht-").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
}

fn unread(page: &str) -> i64 {
    page.split("data-unread-count>").nth(1).unwrap().split('<').next().unwrap().parse().unwrap()
}

async fn mentions_link_and_tell_only_readers(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let mut jan = member(&app, closed, "jan").await;
    let mut piet = app.logged_in("piet").await;
    let jan_id = app.store().user_by_login("jan").await.unwrap().unwrap().id;

    // Suggestions: members of a closed space only, never someone who may not read it.
    let json = eva.get(&format!("/berichten/vermelden?plaats=space:{closed}&q=ja")).await.body;
    assert!(json.contains("\"username\":\"jan\""), "{json}");
    let json = eva.get(&format!("/berichten/vermelden?plaats=space:{closed}&q=pi")).await.body;
    assert_eq!(json, "[]", "piet may not read the closed space");
    // A space one may not read answers exactly as one that does not exist (closed or secret).
    let secret = space(&mut eva, "Geheim", "secret").await;
    let missing = piet.get("/berichten/vermelden?plaats=space:987654&q=ja").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    for unreadable in [closed, secret] {
        let res = piet.get(&format!("/berichten/vermelden?plaats=space:{unreadable}&q=ja")).await;
        assert_eq!((res.status, res.body), (missing.status, missing.body.clone()), "space {unreadable}");
    }
    assert!(eva.get("/berichten/vermelden?plaats=profile&q=pi").await.body.contains("piet"), "profiles: employees");

    let id = post(&mut eva, closed, "Vraag voor @jan en @piet", &[]).await;
    let page = eva.get(&format!("/berichten/{id}")).await.body;
    assert!(page.contains(&format!(r#"<a href="/mensen/{jan_id}" class="mention">@Test jan</a>"#)), "{page}");
    assert!(page.contains("en @piet"), "no link for someone who may not read it");

    let home = jan.get("/").await.body;
    assert_eq!(unread(&home), 1);
    let list = jan.get("/meldingen").await.body;
    assert!(list.contains("Test eva heeft je vermeld") && list.contains(&format!("/berichten/{id}")), "{list}");
    let home = piet.get("/").await.body;
    assert_eq!(unread(&home), 0, "piet hears nothing of a post he may not read");
    assert!(piet.get("/meldingen").await.body.contains("Je hebt nog geen meldingen"));

    // A mention in an open space puts the post in the mentioned person's home stream.
    let open = space(&mut eva, "Plein", "open").await;
    let id = post(&mut eva, open, "Welkom @piet!", &[]).await;
    assert!(piet.get("/").await.body.contains(&format!("id=\"bericht-{id}\"")), "mentions join the home stream");

    // Marking read.
    let res = jan.post_form("/meldingen/gelezen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(unread(&jan.get("/").await.body), 0);

    // When the reader loses access, the notification shows nothing of it.
    let mut eva2 = owner(&app, "eva2").await;
    let secret = space(&mut eva2, "Geheim", "secret").await;
    let mut kim = member(&app, secret, "kim").await;
    post(&mut eva2, secret, "Geheim plan voor @kim", &[]).await;
    assert_eq!(unread(&kim.get("/").await.body), 1);
    let kim_id = app.store().user_by_login("kim").await.unwrap().unwrap().id;
    app.store().remove_space_member(secret, kim_id).await.unwrap();
    let list = kim.page("/meldingen").await;
    assert!(!list.contains("Geheim"), "{list}");
    assert!(list.contains("Je hebt nog geen meldingen"));
    assert_eq!(unread(&kim.get("/").await.body), 0, "and counts as read");
}

async fn topics_show_only_readable_posts(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let a = post(&mut eva, open, "Nieuws over de #Omgevingswet", &[]).await;
    let b = post(&mut eva, closed, "Vertrouwelijk over #omgevingswet", &[]).await;
    let page = eva.get(&format!("/berichten/{a}")).await.body;
    assert!(page.contains(r#"<a href="/onderwerpen/omgevingswet" class="topic">#Omgevingswet</a>"#), "{page}");
    let topic = eva.get("/onderwerpen/omgevingswet").await.body;
    assert!(topic.contains(&format!("bericht-{a}")) && topic.contains(&format!("bericht-{b}")));
    let mut piet = app.logged_in("piet").await;
    let topic = piet.page("/onderwerpen/Omgevingswet").await;
    assert!(topic.contains(&format!("bericht-{a}")), "{topic}");
    assert!(!topic.contains(&format!("bericht-{b}")) && !topic.contains("Vertrouwelijk"));
    assert!(piet.get("/onderwerpen/onbekend").await.body.contains("Nog geen berichten."));
}

async fn polls_take_votes_and_show_results(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    // Refused polls change nothing and say why.
    let res = eva
        .post_form(
            "/berichten",
            &[("plaats", &format!("space:{open}")), ("body", "Waar?"), ("opties", "Alleen ik"), ("terug", "/")],
        )
        .await;
    assert_eq!(res.header("location"), Some("/?fout=poll.peiling-opties"));
    assert!(eva.get("/?fout=poll.peiling-opties").await.body.contains("Geef 2 tot 10 verschillende antwoorden"));
    assert!(!eva.page(&format!("/teams/{open}")).await.contains("Waar?"));

    let id = post(&mut eva, open, "Waar lunchen we?", &[("opties", "Kantine\nPark\n\nKantoor"), ("sluit", "7")]).await;
    let page = eva.get(&format!("/teams/{open}")).await.body;
    // The closing time is said exactly, in local time: "7 days" is never "6 days" a second later.
    let closes = app.store().poll(id).await.unwrap().unwrap().1.unwrap();
    let when = plein_app::i18n::exact_time(plein_core::Locale::Nl, closes);
    assert!(page.contains("Kies één antwoord") && page.contains(&format!("Sluit op {when}")), "{page}");
    let options: Vec<String> =
        page.split("name=\"keuze\" value=\"").skip(1).map(|s| s.split('"').next().unwrap().to_owned()).collect();
    assert_eq!(options.len(), 3, "empty lines are no options");
    assert!(!page.contains("<progress"), "no empty bars beside the vote form before anyone voted");
    // A poll asks a question of its own; one too long (or of two lines) changes nothing.
    post(&mut eva, open, "Volgende week is de teamdag.", &[("vraag", "Waar gaan we heen?"), ("opties", "Bos\nStrand")])
        .await;
    assert!(eva.page(&format!("/teams/{open}")).await.contains("class=\"poll__question\""));
    let long = "?".repeat(301);
    let res = eva
        .post_form(
            "/berichten",
            &[
                ("plaats", &format!("space:{open}")),
                ("body", "Te lang"),
                ("vraag", &long),
                ("opties", "A\nB"),
                ("terug", "/"),
            ],
        )
        .await;
    assert_eq!(res.header("location"), Some("/?fout=poll.peiling-vraag"));
    assert!(!eva.page(&format!("/teams/{open}")).await.contains("Te lang"));

    let mut piet = app.logged_in("piet").await;
    let res = piet.post_form(&format!("/berichten/{id}/stemmen"), &[("keuze", &options[1]), ("terug", "/")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = piet.get(&format!("/berichten/{id}")).await.body;
    assert!(page.contains("1 stem") && page.contains("100% (1)") && page.contains("jouw keuze"), "{page}");
    // Two choices in a single-choice poll change nothing.
    let res =
        piet.post_form(&format!("/berichten/{id}/stemmen"), &[("keuze", &options[0]), ("keuze", &options[2])]).await;
    assert_eq!(res.header("location"), Some(format!("/berichten/{id}?fout=poll.peiling-keuze").as_str()));
    assert!(piet.get(&format!("/berichten/{id}")).await.body.contains("100% (1)"));
    // Changing one's vote moves it.
    piet.post_form(&format!("/berichten/{id}/stemmen"), &[("keuze", &options[0])]).await;
    let page = piet.get(&format!("/berichten/{id}")).await.body;
    assert!(page.contains("1 stem"), "still one vote: {page}");
    // Three votes over three options: shares that add up to 100, not 33 + 33 + 33.
    for name in ["ans", "bob"] {
        let mut b = app.logged_in(name).await;
        let choice = if name == "ans" { &options[1] } else { &options[2] };
        b.post_form(&format!("/berichten/{id}/stemmen"), &[("keuze", choice)]).await;
    }
    let page = piet.get(&format!("/berichten/{id}")).await.body;
    assert!(page.contains("34% (1)") && page.matches("33% (1)").count() == 2, "{page}");

    // A poll in a space one may not read: not found.
    let hidden = post(&mut eva, closed, "Geheime stemming", &[("opties", "Ja\nNee"), ("meerdere", "1")]).await;
    let page = eva.get(&format!("/berichten/{hidden}")).await.body;
    assert!(page.contains("type=\"checkbox\" name=\"keuze\""), "several choices");
    let res = piet.post_form(&format!("/berichten/{hidden}/stemmen"), &[("keuze", "1")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn comments_and_likes_notify_and_gather(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let id = post(&mut eva, open, "Wie gaat er mee?", &[]).await;
    let mut jan = app.logged_in("jan").await;
    let mut piet = app.logged_in("piet").await;
    jan.post_form(&format!("/berichten/{id}/reacties"), &[("body", "Ik!")]).await;
    piet.post_form(&format!("/berichten/{id}/reacties"), &[("body", "Ik ook")]).await;
    let list = eva.page("/meldingen").await;
    assert!(list.contains("Test piet en 1 ander reageerden op je bericht"), "comments gather: {list}");
    assert!(!list.contains("Test jan reageerde op je bericht"), "one notification for both: {list}");
    let list = jan.get("/meldingen").await.body;
    assert!(list.contains("Test piet reageerde in een gesprek waaraan jij meedoet"), "{list}");
    assert_eq!(unread(&piet.get("/").await.body), 0, "nobody hears of their own comment");

    for b in [&mut jan, &mut piet] {
        b.post_form(&format!("/berichten/{id}/vind-ik-leuk"), &[("aan", "1")]).await;
    }
    let list = eva.get("/meldingen").await.body;
    assert!(list.contains("Test piet en 1 ander vinden je bericht leuk"), "likes gather: {list}");
    assert_eq!(unread(&list), 2, "the gathered comments and the gathered likes");
    // The same person again, right after or later, is not "another".
    piet.post_form(&format!("/berichten/{id}/reacties"), &[("body", "Nog iets")]).await;
    assert!(eva.get("/meldingen").await.body.contains("Test piet en 1 ander reageerden op je bericht"));
    jan.post_form(&format!("/berichten/{id}/reacties"), &[("body", "En nog wat")]).await;
    let list = eva.get("/meldingen").await.body;
    assert!(list.contains("Test jan en 1 ander reageerden op je bericht"), "jan came back: {list}");
    jan.post_form(&format!("/berichten/{id}/vind-ik-leuk"), &[("aan", "0")]).await;
    jan.post_form(&format!("/berichten/{id}/vind-ik-leuk"), &[("aan", "1")]).await;
    let list = eva.get("/meldingen").await.body;
    assert!(list.contains("Test jan en 1 ander vinden je bericht leuk"), "jan liked it again: {list}");
    // Once read, a new notification still counts everyone who likes it.
    eva.post_form("/meldingen/gelezen", &[]).await;
    let mut kees = app.logged_in("kees").await;
    kees.post_form(&format!("/berichten/{id}/vind-ik-leuk"), &[("aan", "1")]).await;
    let list = eva.get("/meldingen").await.body;
    assert!(list.contains("Test kees en 2 anderen vinden je bericht leuk"), "{list}");

    // A removed post takes its notifications with it.
    assert!(list.contains("Wie gaat er mee"), "the notification shows the post: {list}");
    let res = eva.post_form(&format!("/berichten/{id}/verwijderen"), &[("bevestigd", "1")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let list = eva.page("/meldingen").await;
    assert!(list.contains("Je hebt nog geen meldingen."), "{list}");
    assert!(!list.contains("Wie gaat er mee"), "{list}");
}

async fn reports_reach_moderators_who_hide_with_a_reason(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let mut jan = member(&app, open, "jan").await;
    let id = post(&mut jan, open, "Iets wat hier niet hoort", &[]).await;
    let secret = post(&mut eva, closed, "Binnenkamer", &[]).await;
    let mut piet = app.logged_in("piet").await;

    assert!(piet.get(&format!("/berichten/{id}")).await.body.contains(&format!("/berichten/{id}/melden")));
    assert_eq!(piet.get(&format!("/berichten/{secret}/melden")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        piet.post_form(&format!("/berichten/{secret}/melden"), &[("reden", "x")]).await.status,
        StatusCode::NOT_FOUND
    );
    let res = piet.post_form(&format!("/berichten/{id}/melden"), &[("reden", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    let res = piet.post_form(&format!("/berichten/{id}/melden"), &[("reden", "Hoort hier niet")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(jan.get(&format!("/berichten/{id}/melden")).await.status, StatusCode::FORBIDDEN, "not one's own");

    // The queue: the space's managers, not its members nor other employees.
    assert_eq!(piet.get("/moderatie").await.status, StatusCode::NOT_FOUND);
    let home = jan.page("/").await;
    assert!(home.contains("Welkom, Test jan"), "{home}");
    assert!(!home.contains("href=\"/moderatie\""));
    let queue = eva.get("/moderatie").await.body;
    assert!(queue.contains("Iets wat hier niet hoort") && queue.contains("Hoort hier niet"), "{queue}");
    let res = eva.post_form("/moderatie", &[("bericht", &id.to_string()), ("besluit", "hide"), ("reden", "")]).await;
    assert_eq!(res.header("location"), Some("/moderatie?fout=reason.verplicht"), "hiding needs a reason");
    let res = eva
        .post_form("/moderatie", &[("bericht", &id.to_string()), ("besluit", "hide"), ("reden", "Geen reclame")])
        .await;
    assert_eq!(res.header("location"), Some("/moderatie?ok=afgehandeld"));
    assert!(eva.get("/moderatie").await.body.contains("Er zijn geen open meldingen"));
    assert_eq!(piet.get(&format!("/berichten/{id}")).await.status, StatusCode::NOT_FOUND);
    assert!(!piet.page(&format!("/teams/{open}")).await.contains("Iets wat hier niet hoort"));
    let page = jan.get(&format!("/berichten/{id}")).await.body;
    assert!(
        page.contains("Een moderator heeft dit bericht verborgen") && page.contains("Reden: Geen reclame"),
        "{page}"
    );
    assert!(jan.get("/meldingen").await.body.contains("Een moderator heeft je bericht verborgen"));
    let audit = app.store().search_audit(Some("post.hide"), None, None, 10).await.unwrap();
    let hide = audit.first().unwrap();
    assert!(hide.detail.as_deref().unwrap_or_default().contains("Geen reclame"), "{:?}", hide.detail);

    // A report about something its author removed closes with it.
    let gone = post(&mut jan, open, "Per ongeluk geplaatst", &[]).await;
    piet.post_form(&format!("/berichten/{gone}/melden"), &[("reden", "Dubbel")]).await;
    assert!(eva.get("/moderatie").await.body.contains("Dubbel"));
    jan.post_form(&format!("/berichten/{gone}/verwijderen"), &[("bevestigd", "1")]).await;
    assert!(eva.get("/moderatie").await.body.contains("Er zijn geen open meldingen"));
    let closed_reports = app.store().open_reports(None, false, 10).await.unwrap();
    assert!(closed_reports.is_empty(), "closed in the store, not only filtered out");

    // A hidden comment that opens a thread: readers keep the replies, under a placeholder
    // without its text or author; its writer still sees it, with the notice.
    let thread = post(&mut eva, open, "Wie gaat er mee lunchen?", &[]).await;
    let url = format!("/berichten/{thread}");
    let res = jan.post_form(&format!("{url}/reacties"), &[("body", "Iets ongepasts")]).await;
    let rude: i64 = res.header("location").unwrap().rsplit('-').next().unwrap().parse().unwrap();
    piet.post_form(&format!("{url}/reacties"), &[("body", "Ik ga mee!"), ("antwoord_op", &rude.to_string())]).await;
    let res = eva
        .post_form(
            "/moderatie",
            &[("bericht", &thread.to_string()), ("reactie", &rude.to_string()), ("besluit", "hide"), ("reden", "Toon")],
        )
        .await;
    assert_eq!(res.header("location"), Some("/moderatie?ok=afgehandeld"));
    let page = piet.page(&url).await;
    assert!(page.contains("Een moderator heeft deze reactie verborgen.") && page.contains("Ik ga mee!"), "{page}");
    assert!(!page.contains("Iets ongepasts") && !page.contains("Nog geen reacties"), "{page}");
    let page = jan.page(&url).await;
    assert!(page.contains("Iets ongepasts") && page.contains("alleen de schrijver en de moderatoren"), "{page}");
}

async fn space_notification_choices(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let mut jan = member(&app, open, "jan").await;
    let mut piet = member(&app, open, "piet").await;
    let res = jan.post_form(&format!("/teams/{open}/meldingen"), &[("niveau", "all")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(jan.get(&format!("/teams/{open}")).await.body.contains(r#"value="all" checked"#));
    piet.post_form(&format!("/teams/{open}/meldingen"), &[("niveau", "mute")]).await;
    let id = post(&mut eva, open, "Nieuws voor iedereen", &[]).await;
    assert!(jan.get("/meldingen").await.body.contains("Test eva plaatste een nieuw bericht in Plein"));
    assert_eq!(unread(&piet.get("/").await.body), 0);
    // Muted: no comments on one's post either, but mentions still.
    let piets = post(&mut piet, open, "Mijn bericht", &[]).await;
    eva.post_form(&format!("/berichten/{piets}/reacties"), &[("body", "Mooi")]).await;
    assert_eq!(unread(&piet.get("/").await.body), 0);
    eva.post_form(&format!("/berichten/{id}/reacties"), &[("body", "@piet kijk even")]).await;
    assert_eq!(unread(&piet.get("/").await.body), 1);
    let res = jan.post_form(&format!("/teams/{open}/meldingen"), &[("niveau", "veel")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let mut eva2 = owner(&app, "eva2").await;
    let secret = space(&mut eva2, "Geheim", "secret").await;
    assert_eq!(
        jan.post_form(&format!("/teams/{secret}/meldingen"), &[("niveau", "all")]).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn live_events_pass_the_policy(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let mut jan = member(&app, closed, "jan").await;
    let piet = app.add_user("piet", PASSWORD).await;
    let jan_row = app.store().user_by_login("jan").await.unwrap().unwrap();
    let jan_actor = app.actor_of(&jan_row).await;
    let piet_actor = app.actor_of(&piet).await;
    let jan_interest = app.app.notifications().read_interest(&jan_actor).await.unwrap();
    let piet_interest = app.app.notifications().read_interest(&piet_actor).await.unwrap();
    app.store().set_follow(piet.id, plein_store::stream::FollowTarget::Space(closed), true).await.unwrap();
    let piet_follows = app.app.notifications().read_interest(&piet_actor).await.unwrap();

    let mut events = app.app.notifications().subscribe();
    let id = post(&mut eva, closed, "Hallo @jan", &[]).await;
    let mut seen = Vec::new();
    while let Ok(Ok(event)) = tokio::time::timeout(std::time::Duration::from_millis(200), events.recv()).await {
        seen.push(event);
    }
    let mut jan_heard = Vec::new();
    for event in &seen {
        if let Some(m) = app.app.notifications().compose_live_message(&jan_actor, &jan_interest, event).await.unwrap() {
            jan_heard.push(m);
        }
        assert_eq!(
            app.app.notifications().compose_live_message(&piet_actor, &piet_interest, event).await.unwrap(),
            None
        );
        assert_eq!(
            app.app.notifications().compose_live_message(&piet_actor, &piet_follows, event).await.unwrap(),
            None,
            "following a closed space one may not read brings nothing"
        );
    }
    assert!(jan_heard.contains(&LiveMessage::NewPost(id)), "{seen:?}");
    assert!(jan_heard.contains(&LiveMessage::Unread(1)), "{seen:?}");
    assert!(seen.iter().any(|e| matches!(e, LiveEvent::Posted { .. })));
    // The page still works without it: the count is in the page.
    assert_eq!(unread(&jan.get("/").await.body), 1);
}

async fn mentions_are_mailed_and_digests_sent_only_of_readable_things(app: TestApp, smtp: SmtpServer) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&mut eva, "Plein", "open").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let mut jan = member(&app, closed, "jan").await;
    let _ = jan.get("/").await;
    post(&mut eva, closed, "Vergadering met @jan om 10 uur", &[]).await;
    let mails = smtp.wait_for(1).await;
    assert!(mails[0].contains("To: jan@voorbeeld.nl") || mails[0].contains("jan@"), "{}", mails[0]);
    assert!(mails[0].contains("Vergadering met @jan om 10 uur"));
    assert!(mails[0].contains("http://localhost/berichten/"));

    // Mentions by mail can be switched off.
    jan.post_form("/meldingen/instellingen", &[("samenvatting", "1")]).await;
    post(&mut eva, closed, "Nog een vraag voor @jan", &[]).await;
    // The digest: jan's unread notifications, those he may still read.
    let id = post(&mut eva, open, "Lunch voor @jan", &[]).await;
    let jan_id = app.store().user_by_login("jan").await.unwrap().unwrap().id;
    app.store().remove_space_member(closed, jan_id).await.unwrap();
    assert_eq!(app.app.notifications().send_digests().await.unwrap(), 1);
    let mails = smtp.wait_for(2).await;
    assert_eq!(mails.len(), 2, "no mail for the switched-off mention");
    let digest = &mails[1];
    assert!(digest.contains("Je ongelezen meldingen") && digest.contains(&format!("/berichten/{id}")), "{digest}");
    assert!(!digest.contains("Vergadering") && !digest.contains("vraag"), "nothing of what he may no longer read");
    assert_eq!(app.app.notifications().send_digests().await.unwrap(), 0, "one a day");
}

/// Posts "De nieuwe indeling" with pictures: (slot, text alternative, file).
async fn post_pictures(
    b: &mut Browser,
    place: &str,
    back: &str,
    pictures: &[(usize, &str, &[u8])],
) -> plein_testkit::TestResponse {
    let names: Vec<(String, String)> =
        pictures.iter().map(|(n, _, _)| (format!("afbeelding_{n}_tekst"), format!("afbeelding_{n}"))).collect();
    let mut parts = vec![
        ("plaats", "", "text/plain", place.as_bytes()),
        ("body", "", "text/plain", b"De nieuwe indeling".as_slice()),
        ("terug", "", "text/plain", back.as_bytes()),
    ];
    for ((alt_name, file_name), (_, alt, file)) in names.iter().zip(pictures) {
        parts.push((alt_name.as_str(), "", "text/plain", alt.as_bytes()));
        parts.push((file_name.as_str(), "plattegrond.png", "image/png", file));
    }
    b.post_parts("/berichten", &parts).await
}

async fn post_picture(b: &mut Browser, place: &str, back: &str, alt: &str, file: &[u8]) -> plein_testkit::TestResponse {
    post_pictures(b, place, back, &[(1, alt, file)]).await
}

async fn pictures_need_a_description_and_are_for_the_post_readers_only(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let closed = space(&mut eva, "Raad", "closed").await;
    let place = format!("space:{closed}");
    let back = format!("/teams/{closed}");
    let picture = png(1200, 900);
    let res = post_picture(&mut eva, &place, &back, "", &picture).await;
    assert_eq!(
        res.header("location"),
        Some(format!("{back}?fout=images.1.afbeelding-beschrijving").as_str()),
        "a description is needed"
    );
    let page = eva.get(res.header("location").unwrap()).await.body;
    assert!(page.contains("Afbeelding 1: Beschrijf de afbeelding"), "the refusal names the picture: {page}");
    assert!(page.contains(r#"id="afbeelding_1" name="afbeelding_1" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-invalid="true""#));
    let res = post_picture(&mut eva, &place, &back, "Plattegrond", b"<svg onload=alert(1)>").await;
    assert_eq!(res.header("location"), Some(format!("{back}?fout=images.1.afbeelding-onleesbaar").as_str()));
    // The second picture of two is refused: the error names it, and nothing is stored.
    let pictures: [(usize, &str, &[u8]); 2] = [(1, "Plattegrond", &picture), (3, "", &picture)];
    let res = post_pictures(&mut eva, &place, &back, &pictures).await;
    assert_eq!(res.header("location"), Some(format!("{back}?fout=images.3.afbeelding-beschrijving").as_str()));
    // More than the upload limit: a clear refusal, not a broken page (back to where the form came
    // from when that part arrived before the limit, else to the home page's composer).
    let huge = vec![0_u8; 26 * 1024 * 1024];
    let res = post_picture(&mut eva, &place, &back, "Groot", &huge).await;
    assert!(
        res.header("location").unwrap().ends_with("?fout=images.afbeelding-bestanden-te-groot"),
        "{:?}",
        res.header("location")
    );
    let page = eva.get(res.header("location").unwrap()).await.body;
    assert!(page.contains("De bestanden zijn samen te groot"), "{page}");

    let res = post_picture(&mut eva, &place, &back, "Plattegrond van de tweede verdieping", &picture).await;
    assert_eq!(res.header("location"), Some(format!("{back}?ok=geplaatst#berichten").as_str()));
    let page = eva.get(&back).await.body;
    assert_eq!(page.matches("De nieuwe indeling").count(), 1, "refused posts stored nothing");
    let id: i64 = page.split("id=\"bericht-").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(
        page.contains(&format!(
            r#"<img src="/berichten/{id}/afbeeldingen/1?formaat=klein" alt="Plattegrond van de tweede verdieping" width="640" height="480""#
        )),
        "{page}"
    );
    let thumb = eva.get(&format!("/berichten/{id}/afbeeldingen/1?formaat=klein")).await;
    assert_eq!(thumb.status, StatusCode::OK);
    assert_eq!(thumb.header("content-type"), Some("image/jpeg"));
    assert_eq!(eva.get(&format!("/berichten/{id}/afbeeldingen/1")).await.status, StatusCode::OK);
    let mut piet = app.logged_in("piet").await;
    assert_eq!(piet.get(&format!("/berichten/{id}/afbeeldingen/1")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(piet.get(&format!("/berichten/{id}/afbeeldingen/1?formaat=klein")).await.status, StatusCode::NOT_FOUND);
    // A post without a picture has none to give, and a post has no picture 0 or past its last.
    let plain = post(&mut eva, closed, "Zonder plaatje", &[]).await;
    assert_eq!(eva.get(&format!("/berichten/{plain}/afbeeldingen/1")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(eva.get(&format!("/berichten/{id}/afbeeldingen/0")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(eva.get(&format!("/berichten/{id}/afbeeldingen/2")).await.status, StatusCode::NOT_FOUND);

    // Several pictures, each with its own description, in the order of their slots (gaps closed).
    let wide = png(900, 300);
    let pictures: [(usize, &str, &[u8]); 3] =
        [(1, "Begane grond", &picture), (2, "Eerste verdieping", &wide), (4, "Dak", &picture)];
    let res = post_pictures(&mut eva, &place, &back, &pictures).await;
    assert_eq!(res.header("location"), Some(format!("{back}?ok=geplaatst#berichten").as_str()));
    let page = eva.get(&back).await.body;
    let id: i64 = page.split("id=\"bericht-").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    let gallery = page.split(&format!("id=\"bericht-{id}\"")).nth(1).unwrap().split("</ul>").next().unwrap();
    assert!(gallery.contains("post__images--3"), "{gallery}");
    let alts: Vec<&str> = gallery.split("alt=\"").skip(1).map(|a| a.split('"').next().unwrap()).collect();
    assert_eq!(alts, ["Begane grond", "Eerste verdieping", "Dak"]);
    assert!(
        gallery.contains(&format!(
            r#"/berichten/{id}/afbeeldingen/2?formaat=klein" alt="Eerste verdieping" width="640" height="213""#
        )),
        "{gallery}"
    );
    for n in 1..=3 {
        let res = eva.get(&format!("/berichten/{id}/afbeeldingen/{n}")).await;
        assert_eq!(res.status, StatusCode::OK, "picture {n}");
        assert_eq!(piet.get(&format!("/berichten/{id}/afbeeldingen/{n}")).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(eva.get(&format!("/berichten/{id}/afbeeldingen/4")).await.status, StatusCode::NOT_FOUND);
}
