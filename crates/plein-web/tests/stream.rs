//! The social stream over HTTP, on SQLite and PostgreSQL: posting, commenting, liking, removing,
//! editing, pinning, following and paging, and that nobody reads a post they may not.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{Browser, PASSWORD, TestApp, on_both_databases};

on_both_databases!(
    members_post_and_readers_see_only_what_they_may,
    comments_replies_and_likes,
    authors_edit_and_managers_remove_and_pin,
    announcement_spaces_and_profile_posts,
    streams_page_and_follows_join_the_home_stream,
);

async fn space(app: &TestApp, owner: &mut Browser, name: &str, visibility: &str) -> i64 {
    let res = owner
        .post_form("/teams", &[("name", name), ("kind", "team"), ("visibility", visibility), ("colour", "blue")])
        .await;
    let _ = app;
    res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap()
}

async fn owner(app: &TestApp, name: &str) -> Browser {
    app.user(name).can(Capability::CreateSpaces).browser().await
}

/// Posts `body` in space `id` and returns the new post's id.
async fn post(app: &TestApp, b: &mut Browser, id: i64, body: &str) -> i64 {
    let res = b
        .post_form(
            "/berichten",
            &[("plaats", &format!("space:{id}")), ("body", body), ("terug", &format!("/teams/{id}"))],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=geplaatst#berichten").as_str()));
    let page = b.get(&format!("/teams/{id}")).await.body;
    let _ = app;
    page.split("id=\"bericht-").nth(1).unwrap().split('"').next().unwrap().parse().unwrap()
}

async fn members_post_and_readers_see_only_what_they_may(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let closed = space(&app, &mut eva, "Dichte kamer", "closed").await;
    let id = post(&app, &mut eva, closed, "Vergadering **morgen** om 10 uur <script>alert(1)</script>").await;
    let page = eva.page(&format!("/teams/{closed}")).await;
    assert!(page.contains("Vergadering <strong>morgen</strong> om 10 uur"), "{page}");
    assert!(!page.contains("<script>alert(1)"), "no script passes");
    assert!(eva.get("/").await.body.contains("Vergadering"), "the author's home stream has it");

    let mut outsider = app.logged_in("buiten").await;
    let page = outsider.page(&format!("/teams/{closed}")).await;
    assert!(page.contains("Alleen leden zien wat hier gebeurt"), "{page}");
    assert!(!page.contains("Vergadering"));
    let home = outsider.page("/").await;
    assert!(home.contains("Welkom, Test buiten"), "{home}");
    assert!(!home.contains("Vergadering"));
    for path in
        [format!("/berichten/{id}"), format!("/berichten/{id}/vind-ik-leuk"), format!("/berichten/{id}/bewerken")]
    {
        assert_eq!(outsider.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/berichten/{id}/reacties"),
        format!("/berichten/{id}/vind-ik-leuk"),
        format!("/berichten/{id}/verwijderen"),
        format!("/berichten/{id}/vastzetten"),
    ] {
        let res = outsider.post_form(&path, &[("body", "Ik lees mee"), ("aan", "1"), ("bevestigd", "1")]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
    }
    let res = outsider.post_form("/berichten", &[("plaats", &format!("space:{closed}")), ("body", "Hallo")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "a closed space is visible, but not for posting");
    let res = outsider.post_form("/volgen", &[("soort", "space"), ("id", &closed.to_string()), ("aan", "1")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "nobody follows what they may not read");

    // A member reads it, in the space and at home.
    let member = app.store().user_by_login("buiten").await.unwrap().unwrap();
    app.store().add_space_member(closed, member.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    assert!(outsider.get(&format!("/teams/{closed}")).await.body.contains("Vergadering"));
    assert!(outsider.get("/").await.body.contains("Vergadering"));
    assert_eq!(outsider.get(&format!("/berichten/{id}")).await.status, StatusCode::OK);

    // An empty post is refused with a message, and changes nothing.
    let res = eva
        .post_form(
            "/berichten",
            &[("plaats", &format!("space:{closed}")), ("body", "  "), ("terug", &format!("/teams/{closed}"))],
        )
        .await;
    let back = res.header("location").unwrap().to_owned();
    assert!(back.ends_with("fout=body.verplicht"), "{back}");
    let page = eva.page(&back).await;
    assert!(page.contains("id=\"body-error\"") && page.contains("Dit veld is verplicht."));
    assert_eq!(page.matches("class=\"post\"").count(), 1);

    // A post that is too long says so (it was called empty), with the limit.
    let long = "woord ".repeat(2_000);
    let fields = [("plaats", format!("space:{closed}")), ("body", long), ("terug", format!("/teams/{closed}"))];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let back = eva.post_form("/berichten", &fields).await.header("location").unwrap().to_owned();
    assert!(back.ends_with("fout=body.te-lang-10000"), "{back}");
    let page = eva.page(&back).await;
    assert!(page.contains("id=\"body-error\"") && page.contains("Dit is te lang"), "{page}");
    assert!(!page.contains("Dit veld is verplicht."));
    assert_eq!(page.matches("class=\"post\"").count(), 1);
}

async fn comments_replies_and_likes(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&app, &mut eva, "Koffiehoek", "open").await;
    let id = post(&app, &mut eva, open, "Wie heeft de taart meegenomen?").await;
    let mut jan = app.logged_in("jan").await;
    let url = format!("/berichten/{id}");

    let res = jan.post_form(&format!("{url}/reacties"), &[("body", "Ik! Appeltaart.")]).await;
    let location = res.header("location").unwrap().to_owned();
    assert!(location.starts_with(&format!("{url}?ok=gereageerd#reactie-")), "{location}");
    let page = jan.page(&location).await;
    assert!(page.contains(r#"role="status""#) && page.contains("Je reactie is geplaatst."), "{page}");
    assert!(!page.contains("Nog niemand vindt dit leuk"), "no count says nothing");
    let comment: i64 = location.rsplit('-').next().unwrap().parse().unwrap();
    let res =
        eva.post_form(&format!("{url}/reacties"), &[("body", "Dank je!"), ("antwoord_op", &comment.to_string())]).await;
    let reply: i64 = res.header("location").unwrap().rsplit('-').next().unwrap().parse().unwrap();
    // A reply to a reply joins the same thread.
    jan.post_form(&format!("{url}/reacties"), &[("body", "Graag gedaan"), ("antwoord_op", &reply.to_string())]).await;
    let stored = app.store().comments_on(plein_store::stream::CommentOn::Post(id), 10).await.unwrap();
    assert_eq!(stored.iter().filter(|c| c.parent_id == Some(comment)).count(), 2);
    let res = jan.post_form(&format!("{url}/reacties"), &[("body", "")]).await;
    assert!(res.header("location").unwrap().contains("fout=body.verplicht"));

    let page = eva.get(&url).await.body;
    assert!(page.contains("Appeltaart") && page.contains("Dank je!") && page.contains("Graag gedaan"));
    assert!(page.contains("comment-list--replies"));
    assert!(page.contains("3 reacties"), "the count follows the comments");
    // Relative times carry the exact local time.
    let written = app.store().post_by_id(id).await.unwrap().unwrap().created_at;
    let exact = plein_app::i18n::exact_time(plein_core::Locale::Nl, written);
    assert!(exact.contains(" om ") && page.contains(&format!("title=\"{exact}\"")), "{exact}");

    // Likes: once each, counted, with who liked it, and the reader's own state.
    for _ in 0..2 {
        let res =
            jan.post_form(&format!("{url}/vind-ik-leuk"), &[("aan", "1"), ("terug", &format!("/teams/{open}"))]).await;
        assert_eq!(res.header("location"), Some(format!("/teams/{open}#bericht-{id}").as_str()));
    }
    eva.post_form(&format!("{url}/vind-ik-leuk"), &[("aan", "1")]).await;
    assert_eq!(app.store().post_by_id(id).await.unwrap().unwrap().like_count, 2);
    let page = jan.get(&format!("/teams/{open}")).await.body;
    assert!(page.contains("2 keer leuk") && page.contains("aria-pressed=\"true\""), "{page}");
    assert!(!page.contains("(aan)"), "the liked state is shown by the button's look and aria-pressed");
    let likers = jan.get(&format!("{url}/vind-ik-leuk")).await.body;
    assert!(likers.contains("Test jan") && likers.contains("Test eva"));
    jan.post_form(&format!("{url}/vind-ik-leuk"), &[]).await;
    assert_eq!(app.store().post_by_id(id).await.unwrap().unwrap().like_count, 1, "unliking counts down");
    jan.post_form(&format!("/reacties/{reply}/vind-ik-leuk"), &[("aan", "1")]).await;
    assert_eq!(app.store().comment_by_id(reply).await.unwrap().unwrap().like_count, 1);

    // Comments are removed by their authors and the post's managers, not by others.
    let mut piet = app.logged_in("piet").await;
    assert_eq!(
        piet.post_form(&format!("/reacties/{comment}/verwijderen"), &[("bevestigd", "1")]).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        jan.post_form(&format!("/reacties/{comment}/verwijderen"), &[("bevestigd", "1")]).await.status,
        StatusCode::SEE_OTHER
    );
    let page = eva.page(&url).await;
    assert!(page.contains("Wie heeft de taart meegenomen?"), "the post stays: {page}");
    // Its thread goes with it: no reply is left without the comment it answers, and the count
    // says what the page shows.
    assert!(!page.contains("Appeltaart") && !page.contains("Dank je!") && !page.contains("Graag gedaan"), "{page}");
    assert!(page.contains("Nog geen reacties"), "{page}");
    assert_eq!(app.store().post_by_id(id).await.unwrap().unwrap().comment_count, 0);
    assert!(app.store().comments_on(plein_store::stream::CommentOn::Post(id), 10).await.unwrap().is_empty());

    // A reply alone goes alone.
    let res = jan.post_form(&format!("{url}/reacties"), &[("body", "Nog een taart?")]).await;
    let comment: i64 = res.header("location").unwrap().rsplit('-').next().unwrap().parse().unwrap();
    let res = eva
        .post_form(&format!("{url}/reacties"), &[("body", "Volgende week"), ("antwoord_op", &comment.to_string())])
        .await;
    let reply: i64 = res.header("location").unwrap().rsplit('-').next().unwrap().parse().unwrap();
    assert_eq!(
        eva.post_form(&format!("/reacties/{reply}/verwijderen"), &[("bevestigd", "1")]).await.status,
        StatusCode::SEE_OTHER
    );
    let page = eva.page(&url).await;
    assert!(page.contains("Nog een taart?") && !page.contains("Volgende week"), "{page}");
    assert!(page.contains("Eén reactie"), "{page}");
    assert_eq!(app.store().post_by_id(id).await.unwrap().unwrap().comment_count, 1);
}

async fn authors_edit_and_managers_remove_and_pin(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&app, &mut eva, "Plein", "open").await;
    let mut jan = app.logged_in("jan").await;
    jan.post_form(&format!("/teams/{open}/lid-worden"), &[]).await;
    let id = post(&app, &mut jan, open, "Eerste versie").await;
    let url = format!("/berichten/{id}");

    assert_eq!(eva.get(&format!("{url}/bewerken")).await.status, StatusCode::FORBIDDEN, "only the author edits");
    let res = eva.post_form(&format!("{url}/bewerken"), &[("body", "Gekaapt")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(jan.get(&format!("{url}/bewerken")).await.body.contains("Eerste versie"));
    let res = jan.post_form(&format!("{url}/bewerken"), &[("body", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = jan.post_form(&format!("{url}/bewerken"), &[("body", "Tweede versie")]).await;
    assert_eq!(res.header("location"), Some(url.as_str()));
    let page = eva.get(&url).await.body;
    assert!(page.contains("Tweede versie") && page.contains("bewerkt"));

    // The owner pins it; a member may not.
    assert_eq!(jan.post_form(&format!("{url}/vastzetten"), &[("aan", "1")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(eva.post_form(&format!("{url}/vastzetten"), &[("aan", "1")]).await.status, StatusCode::SEE_OTHER);
    assert!(jan.get(&format!("/teams/{open}")).await.body.contains("Vastgezet"));

    // Another member may not remove it; the owner may, and the audit log says so.
    let mut piet = app.logged_in("piet").await;
    piet.post_form(&format!("/teams/{open}/lid-worden"), &[]).await;
    assert_eq!(
        piet.post_form(&format!("{url}/verwijderen"), &[("bevestigd", "1")]).await.status,
        StatusCode::FORBIDDEN
    );
    // Asked first: the question as a page (the dialog's fallback), and nothing removed.
    let res = eva.post_form(&format!("{url}/verwijderen"), &[("terug", &url)]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Bericht verwijderen?"), "{}", res.body);
    assert!(res.body.contains(r#"name="bevestigd" value="1""#) && res.body.contains(&format!(r#"href="{url}""#)));
    assert!(jan.page(&url).await.contains("Tweede versie"), "not removed without confirmation");
    let res = eva.post_form(&format!("{url}/verwijderen"), &[("terug", &url), ("bevestigd", "1")]).await;
    assert_eq!(
        res.header("location"),
        Some(format!("/teams/{open}?ok=bericht-verwijderd").as_str()),
        "back to the space, not the gone post, saying what happened"
    );
    assert!(eva.page(&format!("/teams/{open}?ok=bericht-verwijderd")).await.contains("Het bericht is verwijderd."));
    assert_eq!(jan.get(&url).await.status, StatusCode::NOT_FOUND, "removed is gone, for its author too");
    assert!(!jan.page(&format!("/teams/{open}")).await.contains("Tweede versie"));
    let actions: Vec<String> = app.store().recent_audit(5).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.contains(&"post.remove".to_owned()));

    // Moderators remove where they read.
    let id = post(&app, &mut jan, open, "Iets ongepasts").await;
    let mut moderator = app.user("moderator").can(Capability::Moderate).browser().await;
    assert_eq!(
        moderator.post_form(&format!("/berichten/{id}/verwijderen"), &[("bevestigd", "1")]).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn announcement_spaces_and_profile_posts(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let res = eva
        .post_form(
            "/teams",
            &[
                ("name", "Mededelingen"),
                ("kind", "department"),
                ("visibility", "open"),
                ("colour", "blue"),
                ("admins_post", "1"),
            ],
        )
        .await;
    let id: i64 =
        res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap();
    let mut jan = app.logged_in("jan").await;
    jan.post_form(&format!("/teams/{id}/lid-worden"), &[]).await;
    assert!(!jan.page(&format!("/teams/{id}")).await.contains("action=\"/berichten\""), "no form for members");
    let res = jan.post_form("/berichten", &[("plaats", &format!("space:{id}")), ("body", "Mag ik ook?")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let post_id = post(&app, &mut eva, id, "De kantine is vrijdag dicht.").await;
    let res = jan.post_form(&format!("/berichten/{post_id}/reacties"), &[("body", "Jammer!")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "members still react");

    // On one's own profile: every employee reads it, guests never.
    let res = jan
        .post_form("/berichten", &[("plaats", "profile"), ("body", "Vandaag mijn eerste dag!"), ("terug", "/")])
        .await;
    assert_eq!(res.header("location"), Some("/?ok=geplaatst#berichten"));
    let jan_id = app.store().user_by_login("jan").await.unwrap().unwrap().id;
    assert!(jan.get("/").await.body.contains("Vandaag mijn eerste dag!"));
    let profile = eva.get(&format!("/mensen/{jan_id}")).await.body;
    assert!(profile.contains("Vandaag mijn eerste dag!"), "{profile}");
    let profile_post: i64 = profile.split("id=\"bericht-").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();

    let guest = app.add_guest("gast", PASSWORD).await;
    app.store().add_space_member(id, guest.id, plein_core::policy::SpaceRole::Guest).await.unwrap();
    let jan_member = app.store().user_by_login("jan").await.unwrap().unwrap();
    let _ = jan_member;
    let mut g = app.login_as("gast").await;
    let page = g.get(&format!("/mensen/{jan_id}")).await;
    assert_eq!(page.status, StatusCode::OK, "a co-member's profile");
    assert!(page.body.contains("Test jan"), "{}", page.body);
    assert!(!page.body.contains("Vandaag mijn eerste dag!"), "but not their profile posts");
    assert_eq!(g.get(&format!("/berichten/{profile_post}")).await.status, StatusCode::NOT_FOUND);
    assert!(g.get(&format!("/teams/{id}")).await.body.contains("De kantine is vrijdag dicht."), "their space's posts");
    let res = g.post_form("/berichten", &[("plaats", "profile"), ("body", "Hallo")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn streams_page_and_follows_join_the_home_stream(app: TestApp) {
    let mut eva = owner(&app, "eva").await;
    let open = space(&app, &mut eva, "Drukke kamer", "open").await;
    for i in 0..25 {
        let res = eva
            .post_form(
                "/berichten",
                &[("plaats", &format!("space:{open}")), ("body", &format!("Bericht nummer {i:02}"))],
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);
    }
    let first = eva.page(&format!("/teams/{open}")).await;
    assert_eq!(first.matches("class=\"post\"").count(), 20);
    assert!(first.contains("Bericht nummer 24") && !first.contains("Bericht nummer 04"), "newest first");
    let more = first.split("rel=\"next\"").next().unwrap().rsplit("href=\"").next().unwrap().split('"').next().unwrap();
    let more = more.replace("&#38;", "&");
    let second = eva.page(&more).await;
    assert_eq!(second.matches("class=\"post\"").count(), 5);
    assert!(second.contains("Bericht nummer 04") && !second.contains("rel=\"next\""));

    // Following an open space brings its posts home; unfollowing takes them away.
    let mut jan = app.logged_in("jan").await;
    let home = jan.page("/").await;
    assert!(home.contains("Welkom, Test jan"), "{home}");
    assert!(!home.contains("Bericht nummer 24"));
    let follow = [("soort", "space"), ("id", &open.to_string()), ("aan", "1"), ("terug", "/")];
    assert!(jan.get(&format!("/teams/{open}")).await.body.contains(r#"aria-pressed="false""#), "not followed yet");
    assert_eq!(jan.post_form("/volgen", &follow).await.status, StatusCode::SEE_OTHER);
    assert!(jan.get("/").await.body.contains("Bericht nummer 24"));
    assert!(jan.get(&format!("/teams/{open}")).await.body.contains(r#"aria-pressed="true""#), "the page says so");
    assert_eq!(
        jan.post_form("/volgen", &[("soort", "space"), ("id", &open.to_string())]).await.status,
        StatusCode::SEE_OTHER
    );
    let home = jan.page("/").await;
    assert!(home.contains("Welkom, Test jan"), "{home}");
    assert!(!home.contains("Bericht nummer 24"));
    assert!(jan.get(&format!("/teams/{open}")).await.body.contains(r#"aria-pressed="false""#));

    // Following a person brings their profile posts home.
    assert_eq!(
        eva.post_form("/berichten", &[("plaats", "profile"), ("body", "Op vakantie!")]).await.status,
        StatusCode::SEE_OTHER
    );
    let eva_id = app.store().user_by_login("eva").await.unwrap().unwrap().id;
    let home = jan.page("/").await;
    assert!(home.contains("Welkom, Test jan"), "{home}");
    assert!(!home.contains("Op vakantie!"));
    jan.post_form("/volgen", &[("soort", "user"), ("id", &eva_id.to_string()), ("aan", "1")]).await;
    assert!(jan.get("/").await.body.contains("Op vakantie!"));

    // A secret space does not exist for followers from outside.
    let secret = space(&app, &mut eva, "Geheim", "secret").await;
    let res = jan.post_form("/volgen", &[("soort", "space"), ("id", &secret.to_string()), ("aan", "1")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}
