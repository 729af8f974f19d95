//! Spaces over HTTP, on SQLite and PostgreSQL: the directory, the space page, joining and
//! requesting, and that nobody sees a space they may not.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{Browser, PASSWORD, TestApp, on_both_databases, png};

on_both_databases!(
    employees_create_spaces_and_own_them,
    the_directory_and_pages_follow_visibility,
    open_spaces_are_joined_and_closed_ones_requested,
    the_last_owner_cannot_leave,
    invalid_spaces_are_refused_with_messages,
    guests_see_only_their_own_spaces,
    directory_filters_narrow_the_list,
    owners_manage_roles_and_space_admins_never_touch_owners,
    archived_spaces_take_no_new_members,
    owners_change_settings_and_visibility_follows_at_once,
    space_images_are_checked_and_shown_only_to_who_may_see_the_space,
    the_directory_pages_through_every_visible_space_once,
    owners_add_colleagues_to_every_kind_of_space,
);

async fn owners_add_colleagues_to_every_kind_of_space(app: TestApp) {
    let mut owner = creator(&app, "eigenaar").await;
    let id = create(&mut owner, "Geheim overleg", "secret").await;
    let url = format!("/teams/{id}");
    let add = format!("{url}/leden");
    let mut jan_browser = app.logged_in("jan").await;
    let jan = app.store().user_by_login("jan").await.unwrap().unwrap();
    assert_eq!(jan_browser.get(&url).await.status, StatusCode::NOT_FOUND, "a secret team is hidden from others");
    let member_of = |user: i64| {
        let app = &app;
        async move { app.store().memberships_of(user).await.unwrap().iter().any(|(s, _)| *s == id) }
    };

    // The owner of a secret team adds a colleague by username (or e-mail address).
    let page = owner.page(&add).await;
    assert!(page.contains(&format!("action=\"{add}\"")) && page.contains("Collega toevoegen"), "{page}");
    let res = owner.post_form(&add, &[("persoon", " jan ")]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?ok=lid-toegevoegd").as_str()));
    assert!(member_of(jan.id).await);
    assert!(jan_browser.page(&url).await.contains("Geheim overleg"), "now a member, jan reads it");
    assert!(jan_browser.page("/meldingen").await.contains("Test eigenaar heeft je toegevoegd aan Geheim overleg"));
    let piet = app.user("piet").await;
    let res = owner.post_form(&add, &[("persoon", "piet@voorbeeld.nl")]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?ok=lid-toegevoegd").as_str()));
    assert!(member_of(piet.id).await);
    let added = || {
        let app = &app;
        async move {
            let rows = app.store().search_audit(Some("space.member_add"), None, None, 20).await.unwrap();
            rows.iter().filter(|r| r.result == "success").count()
        }
    };
    assert_eq!(added().await, 2);

    // A member who does not manage the team may not; someone who cannot see it finds nothing.
    let kees = app.user("kees").await;
    let res = jan_browser.post_form(&add, &[("persoon", "kees")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let page = jan_browser.page(&add).await;
    assert!(page.contains("Test eigenaar") && !page.contains("Collega toevoegen"), "no form for a plain member");
    let mut outsider = app.logged_in("buiten").await;
    let res = outsider.post_form(&add, &[("persoon", "buiten")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!member_of(kees.id).await);

    // Refusals say why and change nothing: a deactivated account, a guest (they come in by
    // invitation), a member already, nobody at all.
    app.store().set_status(kees.id, plein_core::UserStatus::Deactivated).await.unwrap();
    let guest = app.user("extern").guest().await;
    for (who, code, text) in [
        ("kees", "onbekende-collega", "Er is geen collega met die naam"),
        ("extern", "gast-uitnodigen", "Gasten komen binnen met een uitnodiging"),
        ("jan", "al-lid", "Deze persoon is al lid van dit team."),
        ("niemand", "onbekende-collega", "Er is geen collega met die naam"),
        ("", "verplicht", "Dit veld is verplicht"),
    ] {
        let res = owner.post_form(&add, &[("persoon", who)]).await;
        let location = res.header("location").unwrap().to_owned();
        assert_eq!(location, format!("{add}?fout=person.{code}"), "{who}");
        let page = owner.page(&location).await;
        assert!(page.contains(text) && page.contains("role=\"alert\""), "{who}: {page}");
    }
    assert!(!member_of(kees.id).await && !member_of(guest.id).await);
    assert_eq!(added().await, 2, "only the two additions succeeded");

    // By name: one colleague who fits is added at once; several are offered to choose from.
    let bram = app.user("bram").named("Bram Visser").await;
    let anna = app.user("anna").named("Anna de Boer").await;
    let anja = app.user("anja").named("Anja de Boer").await;
    // Suggestions while typing: colleagues who may be added, for those who may add them.
    let suggest = format!("{add}/suggesties?q=");
    let res = owner.get(&format!("{suggest}de%20b")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Anna de Boer") && res.body.contains("Anja de Boer"), "{}", res.body);
    let res = owner.get(&format!("{suggest}test")).await;
    assert!(!res.body.contains("Test jan") && !res.body.contains("Test kees"), "not members, not deactivated");
    assert!(!res.body.contains("extern") && res.body.starts_with('['), "no guests: {}", res.body);
    assert_eq!(jan_browser.get(&format!("{suggest}de%20b")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("{suggest}de%20b")).await.status, StatusCode::NOT_FOUND);
    let res = owner.post_form(&add, &[("persoon", "visser")]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?ok=lid-toegevoegd").as_str()));
    assert!(member_of(bram.id).await);
    let res = owner.post_form(&add, &[("persoon", "de boer")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Welke collega bedoel je?"), "{}", res.body);
    assert!(res.body.contains("Anna de Boer toevoegen") && res.body.contains("Anja de Boer toevoegen"));
    assert!(!member_of(anna.id).await && !member_of(anja.id).await, "nobody is added before the choice");
    let res = owner.post_form(&add, &[("id", &anja.id.to_string())]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?ok=lid-toegevoegd").as_str()));
    assert!(member_of(anja.id).await && !member_of(anna.id).await);
    // Members already in are not offered; a chosen id meets the same refusals.
    let res = owner.post_form(&add, &[("persoon", "de boer")]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?ok=lid-toegevoegd").as_str()), "only Anna fits now");
    assert!(member_of(anna.id).await);
    let res = owner.post_form(&add, &[("id", &guest.id.to_string())]).await;
    assert_eq!(res.header("location"), Some(format!("{add}?fout=person.gast-uitnodigen").as_str()));
    let res = jan_browser.post_form(&add, &[("id", &kees.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let refused = app.store().search_audit(Some("space.member_add"), None, None, 20).await.unwrap();
    assert!(refused.iter().any(|r| r.result == "failure"), "the member's attempt is recorded as refused");
}

async fn the_directory_pages_through_every_visible_space_once(app: TestApp) {
    let maker = app.add_user("maker", PASSWORD).await;
    let mut reader = app.logged_in("lezer").await;
    for i in 0..130 {
        use plein_core::policy::SpaceVisibility::{Open, Secret};
        let visibility = if i % 10 == 9 { Secret } else { Open };
        let name = format!("Werkgroep {}", i / 4);
        app.space(&name).kind(plein_core::space::SpaceKind::Workgroup).visibility(visibility).owned_by(&maker).await;
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut url = Some("/teams?soort=workgroup".to_owned());
    let mut pages = 0;
    while let Some(u) = url {
        let body = reader.get(&u).await.body;
        assert!(body.contains("117 teams"), "secret spaces are neither listed nor counted");
        for id in body.split("href=\"/teams/").skip(1).filter_map(|r| r.split('"').next()) {
            if id.chars().all(|c| c.is_ascii_digit()) {
                assert!(seen.insert(id.to_owned()), "{id} twice");
            }
        }
        url = body.contains("rel=\"next\"").then(|| {
            let before = body.split("rel=\"next\"").next().unwrap();
            before.rsplit("href=\"").next().unwrap().split('"').next().unwrap().replace("&#38;", "&")
        });
        assert!(url.as_deref().is_none_or(|u| u.contains("soort=workgroup")), "the filter stays");
        pages += 1;
    }
    assert_eq!((pages, seen.len()), (2, 117));
}

async fn space_images_are_checked_and_shown_only_to_who_may_see_the_space(app: TestApp) {
    let mut owner = app.user("beeld").can(Capability::CreateSpaces).browser().await;
    let id = create(&mut owner, "Geheim beeld", "secret").await;
    let url = format!("/teams/{id}/afbeelding");
    let settings = owner.get(&format!("/teams/{id}/instellingen")).await.body;
    assert!(settings.contains(&format!("action=\"{url}\"")), "the settings page offers an image");

    let res = owner.post_bytes(&url, "image", "x.svg", "image/svg+xml", b"<svg onload=alert(1)/>").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"image-error\""));
    let res = owner.post_bytes(&url, "image", "breed.png", "image/png", &png(8001, 2)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = owner.post_bytes(&url, "image", "logo.png", "image/png", &png(600, 300)).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=afbeelding").as_str()));
    let img = owner.get(&url).await;
    assert_eq!((img.status, img.header("content-type")), (StatusCode::OK, Some("image/jpeg")));
    assert_eq!(img.header("cache-control"), Some("private, max-age=3600"));
    assert!(owner.get(&format!("/teams/{id}")).await.body.contains(&format!("{url}?v=")));
    assert!(owner.get("/teams").await.body.contains(&format!("{url}?v=")), "the directory shows it");

    let mut outsider = app.logged_in("buiten").await;
    assert_eq!(
        outsider.get(&url).await.status,
        StatusCode::NOT_FOUND,
        "a secret space's image does not exist for outsiders"
    );
    let res = outsider.post_bytes(&url, "image", "logo.png", "image/png", &png(10, 10)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let member = app.add_user("lid", PASSWORD).await;
    app.store().add_space_member(id, member.id, plein_core::policy::SpaceRole::Member).await.unwrap();
    let mut member = app.login_as("lid").await;
    assert_eq!(member.get(&url).await.status, StatusCode::OK);
    let res = member.post_bytes(&url, "image", "logo.png", "image/png", &png(10, 10)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "members do not change the image");

    let res = owner.post_bytes(&url, "remove", "", "text/plain", b"1").await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=afbeelding").as_str()));
    assert_eq!(owner.get(&url).await.status, StatusCode::NOT_FOUND);
    let actions: Vec<String> = app.store().recent_audit(10).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.iter().filter(|a| *a == "space.image").count() >= 2);
}

async fn create(b: &mut Browser, name: &str, visibility: &str) -> i64 {
    let res = b
        .post_form(
            "/teams",
            &[
                ("name", name),
                ("description", "Waar we aan werken"),
                ("kind", "team"),
                ("visibility", visibility),
                ("colour", "green"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap()
}

async fn creator(app: &TestApp, name: &str) -> Browser {
    app.user(name).can(Capability::CreateSpaces).browser().await
}

async fn employees_create_spaces_and_own_them(app: TestApp) {
    let mut owner = creator(&app, "eigenaar").await;
    assert_eq!(owner.get("/teams/nieuw").await.status, StatusCode::OK);
    let id = create(&mut owner, "Team Burgerzaken", "closed").await;
    let page = owner.get(&format!("/teams/{id}")).await.body;
    assert!(page.contains("<h1>Team Burgerzaken</h1>"), "{page}");
    assert!(page.contains("Jouw rol: Eigenaar"));
    assert!(page.contains("Besloten"));
    let audit = app.store().recent_audit(1).await.unwrap().remove(0);
    assert_eq!(
        (audit.action.as_str(), audit.object.as_deref()),
        ("space.create", Some(format!("space:{id}").as_str()))
    );

    // Without the capability: the form and the action are refused.
    let mut plain = app.logged_in("gewoon").await;
    assert_eq!(plain.get("/teams/nieuw").await.status, StatusCode::FORBIDDEN);
    let res = plain
        .post_form("/teams", &[("name", "Stiekem"), ("kind", "team"), ("visibility", "open"), ("colour", "blue")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let directory = plain.page("/teams").await;
    assert!(directory.contains("<h1>Teams en groepen</h1>"), "{directory}");
    assert!(!directory.contains("Nieuw team"), "no button for what one may not do");
}

async fn the_directory_and_pages_follow_visibility(app: TestApp) {
    let mut owner = creator(&app, "bezitter").await;
    let open = create(&mut owner, "Open Plein", "open").await;
    let closed = create(&mut owner, "Besloten Kring", "closed").await;
    let secret = create(&mut owner, "Geheim Overleg", "secret").await;

    let mut other = app.logged_in("buur").await;
    let list = other.page("/teams").await;
    assert!(list.contains("Open Plein") && list.contains("Besloten Kring"));
    assert!(!list.contains("Geheim Overleg"), "secret spaces are not listed to non-members");
    assert_eq!(other.get(&format!("/teams/{secret}")).await.status, StatusCode::NOT_FOUND);
    for (id, post) in [(secret, "lid-worden"), (secret, "aanvragen"), (secret, "verlaten")] {
        let res = other.post_form(&format!("/teams/{id}/{post}"), &[]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{post} on a secret space");
    }
    let closed_page = other.get(&format!("/teams/{closed}")).await;
    assert_eq!(closed_page.status, StatusCode::OK);
    assert!(closed_page.body.contains("Alleen leden zien wat hier gebeurt"));
    assert!(!closed_page.body.contains("Test bezitter"), "members of a closed space are for members");
    assert!(
        !other.page(&format!("/teams/{closed}/leden")).await.contains("Test bezitter"),
        "not on its members page either"
    );
    let open_page = other.get(&format!("/teams/{open}/leden")).await.body;
    assert!(open_page.contains("Test bezitter"), "an open space shows its members");
    assert_eq!(other.get("/teams/999999").await.status, StatusCode::NOT_FOUND);

    // An administrator sees the secret space.
    let mut admin = app.user("opperbaas").can(Capability::Admin).browser().await;
    assert!(admin.get("/teams").await.body.contains("Geheim Overleg"));
    assert_eq!(admin.get(&format!("/teams/{secret}")).await.status, StatusCode::OK);
}

async fn open_spaces_are_joined_and_closed_ones_requested(app: TestApp) {
    let mut owner = creator(&app, "trekker").await;
    let open = create(&mut owner, "Koffieclub", "open").await;
    let closed = create(&mut owner, "Projectgroep Zwembad", "closed").await;
    let mut emp = app.logged_in("deelnemer").await;

    let res = emp.post_form(&format!("/teams/{open}/lid-worden"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(emp.get(&format!("/teams/{open}?ok=lid")).await.body.contains("Jouw rol: Lid"));
    assert_eq!(emp.post_form(&format!("/teams/{open}/lid-worden"), &[]).await.status, StatusCode::FORBIDDEN, "twice");
    assert_eq!(emp.post_form(&format!("/teams/{closed}/lid-worden"), &[]).await.status, StatusCode::FORBIDDEN);

    emp.post_form(&format!("/teams/{closed}/aanvragen"), &[("message", "Ik wil graag meedenken.")]).await;
    assert!(emp.get(&format!("/teams/{closed}")).await.body.contains("Je hebt gevraagd om lid te worden."));
    let owner_view = owner.get(&format!("/teams/{closed}/leden")).await.body;
    assert!(
        owner_view.contains("Test deelnemer vraagt om lid te worden") && owner_view.contains("Ik wil graag meedenken.")
    );

    // Only managers decide.
    let emp_id = app.store().user_by_login("deelnemer").await.unwrap().unwrap().id;
    let mut bystander = app.logged_in("toeschouwer").await;
    let res = bystander.post_form(&format!("/teams/{closed}/verzoeken/{emp_id}/goedkeuren"), &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = owner.post_form(&format!("/teams/{closed}/verzoeken/{emp_id}/goedkeuren"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = emp.get(&format!("/teams/{closed}/leden")).await.body;
    assert!(page.contains("Jouw rol: Lid") && page.contains("Test trekker"), "now a member who sees the members");
    let res = owner.post_form(&format!("/teams/{closed}/verzoeken/{emp_id}/goedkeuren"), &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a request is decided once");

    let res = emp.post_form(&format!("/teams/{open}/verlaten"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(emp.get(&format!("/teams/{open}?ok=verlaten")).await.body.contains("Lid worden"));
}

async fn the_last_owner_cannot_leave(app: TestApp) {
    let mut owner = creator(&app, "enige").await;
    let id = create(&mut owner, "Eenmansteam", "open").await;
    let res = owner.post_form(&format!("/teams/{id}/verlaten"), &[]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?fout=role.laatste-eigenaar").as_str()));
    let page = owner.get(&format!("/teams/{id}?fout=role.laatste-eigenaar")).await.body;
    assert!(page.contains("Je bent de laatste eigenaar.") && page.contains("Jouw rol: Eigenaar"));
}

async fn invalid_spaces_are_refused_with_messages(app: TestApp) {
    let mut owner = creator(&app, "slordig").await;
    let before = owner.get("/teams?toon=mijn").await.body;
    for (fields, message) in [
        (vec![("name", " "), ("kind", "team"), ("visibility", "open"), ("colour", "blue")], "Dit veld is verplicht."),
        (
            vec![("name", "Goede naam"), ("kind", "club"), ("visibility", "open"), ("colour", "blue")],
            "Dit is geen geldige waarde.",
        ),
        (
            vec![("name", "Goede naam"), ("kind", "team"), ("visibility", "public"), ("colour", "blue")],
            "Dit is geen geldige waarde.",
        ),
        (
            vec![("name", "Goede naam"), ("kind", "team"), ("visibility", "open"), ("colour", "#fff")],
            "Dit is geen geldige waarde.",
        ),
    ] {
        let res = owner.post_form("/teams", &fields).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(res.body.contains(message), "{fields:?}");
        assert!(res.body.contains("<title>Fout:"), "the title says the form has errors");
    }
    let long = "x".repeat(81);
    let res = owner
        .post_form("/teams", &[("name", long.as_str()), ("kind", "team"), ("visibility", "open"), ("colour", "blue")])
        .await;
    assert!(res.body.contains("hoogstens 80 tekens"));
    assert_eq!(owner.get("/teams?toon=mijn").await.body, before, "nothing was created");
}

async fn guests_see_only_their_own_spaces(app: TestApp) {
    let mut owner = creator(&app, "gastheer").await;
    let open = create(&mut owner, "Open voor iedereen", "open").await;
    let theirs = create(&mut owner, "Samen met extern", "secret").await;
    let guest = app.add_guest("bezoeker", PASSWORD).await;
    app.store().add_space_member(theirs, guest.id, plein_core::policy::SpaceRole::Guest).await.unwrap();

    let mut g = app.login_as("bezoeker").await;
    let list = g.page("/teams").await;
    assert!(list.contains("Samen met extern"));
    assert!(!list.contains("Open voor iedereen"), "guests never see open spaces they are not in");
    assert_eq!(g.get(&format!("/teams/{open}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(g.post_form(&format!("/teams/{open}/lid-worden"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(g.get("/teams/nieuw").await.status, StatusCode::NOT_FOUND);
    let page = g.get(&format!("/teams/{theirs}")).await.body;
    assert!(page.contains("Jouw rol: Gast"));
    let owner_page = owner.get(&format!("/teams/{theirs}/leden")).await.body;
    assert!(owner_page.contains("Gast bezoeker") && owner_page.contains("extern"), "guests are labelled external");
}

async fn directory_filters_narrow_the_list(app: TestApp) {
    let mut owner = creator(&app, "filteraar").await;
    create(&mut owner, "Alpha", "open").await;
    let res = owner
        .post_form("/teams", &[("name", "Beta"), ("kind", "project"), ("visibility", "open"), ("colour", "red")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut other = app.logged_in("zoeker").await;
    let projects = other.page("/teams?soort=project").await;
    assert!(projects.contains("Beta") && !projects.contains("Alpha"));
    assert!(other.get("/teams?toon=mijn").await.body.contains("Er zijn geen teams die hierbij passen."));
    let joinable = other.get("/teams?toon=open").await.body;
    assert!(joinable.contains("Alpha") && joinable.contains("Beta"));
    let joinable = owner.page("/teams?toon=open").await;
    assert!(joinable.contains("Er zijn geen teams die hierbij passen."), "{joinable}");
    assert!(!joinable.contains("Alpha"), "not open to join for its members");
    assert_eq!(other.get("/teams?soort=onzin&toon=raar").await.status, StatusCode::OK, "unknown filters are ignored");

    // By name, in any case; the name is words, never a pattern.
    let found = other.page("/teams?naam=ALP").await;
    assert!(found.contains("Alpha") && !found.contains("Beta") && found.contains("Eén team"), "{found}");
    assert!(other.page("/teams?naam=%25").await.contains("Er zijn geen teams die hierbij passen."), "% is a character");
    // My teams come first on the whole directory, not on a narrowed one.
    let all = owner.page("/teams").await;
    let mine = all.find("id=\"mijn-teams-kop\"").unwrap_or_else(|| panic!("my teams first: {all}"));
    assert!(mine < all.find("class=\"all-spaces\"").unwrap() && all[mine..].find("Alpha").is_some());
    assert!(!owner.page("/teams?naam=a").await.contains("id=\"mijn-teams-kop\""));
}

async fn owners_manage_roles_and_space_admins_never_touch_owners(app: TestApp) {
    let mut owner = creator(&app, "baas").await;
    let id = create(&mut owner, "Regieteam", "open").await;
    let mut second = app.logged_in("tweede").await;
    second.post_form(&format!("/teams/{id}/lid-worden"), &[]).await;
    let mut third = app.logged_in("derde").await;
    third.post_form(&format!("/teams/{id}/lid-worden"), &[]).await;
    let uid = |name: &'static str| {
        let app = &app;
        async move { app.store().user_by_login(name).await.unwrap().unwrap().id }
    };
    let (owner_id, second_id, third_id) = (uid("baas").await, uid("tweede").await, uid("derde").await);

    let res = owner.post_form(&format!("/teams/{id}/leden/{second_id}"), &[("role", "admin")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=rol").as_str()));
    assert!(second.get(&format!("/teams/{id}")).await.body.contains("Jouw rol: Beheerder"));

    // The space admin manages members, but not the owner, and makes no owners.
    let page = second.page(&format!("/teams/{id}/leden")).await;
    assert!(page.contains(&format!("action=\"/teams/{id}/leden/{third_id}\"")));
    assert!(!page.contains(&format!("action=\"/teams/{id}/leden/{owner_id}\"")), "no controls for the owner");
    for form in [vec![("role", "member")], vec![("remove", "1")]] {
        let res = second.post_form(&format!("/teams/{id}/leden/{owner_id}"), &form).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{form:?}");
    }
    let res = second.post_form(&format!("/teams/{id}/leden/{third_id}"), &[("role", "owner")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Removing asks first: without the confirmation nothing changes.
    let res = second.post_form(&format!("/teams/{id}/leden/{third_id}"), &[("remove", "1")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Lid uit het team halen?") && res.body.contains(r#"name="bevestigd" value="1""#));
    assert!(third.get(&format!("/teams/{id}")).await.body.contains("Jouw rol: Lid"), "still a member");
    let res = second.post_form(&format!("/teams/{id}/leden/{third_id}"), &[("remove", "1"), ("bevestigd", "1")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=verwijderd").as_str()));
    assert!(third.get(&format!("/teams/{id}")).await.body.contains("Lid worden"), "removed");

    // Members manage nobody; bad roles are refused.
    let res = third.post_form(&format!("/teams/{id}/lid-worden"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = third.post_form(&format!("/teams/{id}/leden/{second_id}"), &[("remove", "1")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = owner.post_form(&format!("/teams/{id}/leden/{second_id}"), &[("role", "keizer")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    // The owner hands over ownership; a space never loses its last owner.
    let res = owner.post_form(&format!("/teams/{id}/leden/{owner_id}"), &[("role", "member")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?fout=role.laatste-eigenaar").as_str()));
    owner.post_form(&format!("/teams/{id}/leden/{second_id}"), &[("role", "owner")]).await;
    let res = owner.post_form(&format!("/teams/{id}/leden/{owner_id}"), &[("role", "member")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=rol").as_str()));
    assert_eq!(app.store().count_owners(id).await.unwrap(), 1);
    let actions: Vec<String> = app.store().recent_audit(10).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.contains(&"space.member_role".to_owned()) && actions.contains(&"space.member_remove".to_owned()));
}

async fn archived_spaces_take_no_new_members(app: TestApp) {
    let mut owner = creator(&app, "archivaris").await;
    let id = create(&mut owner, "Oud project", "open").await;
    let mut other = app.logged_in("laatkomer").await;
    assert_eq!(
        other.post_form(&format!("/teams/{id}/archief"), &[("archived", "1"), ("bevestigd", "1")]).await.status,
        StatusCode::FORBIDDEN
    );
    let res = owner.post_form(&format!("/teams/{id}/archief"), &[("archived", "1"), ("bevestigd", "1")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=gearchiveerd").as_str()));
    let page = other.page(&format!("/teams/{id}")).await;
    assert!(page.contains("Gearchiveerd") && !page.contains("Lid worden"));
    assert_eq!(other.post_form(&format!("/teams/{id}/lid-worden"), &[]).await.status, StatusCode::FORBIDDEN);
    let joinable = other.page("/teams?toon=open").await;
    assert!(joinable.contains("Er zijn geen teams die hierbij passen."), "{joinable}");
    assert!(!joinable.contains("Oud project"), "not offered to join");
    let res = owner.post_form(&format!("/teams/{id}/archief"), &[]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=heropend").as_str()));
    assert_eq!(other.post_form(&format!("/teams/{id}/lid-worden"), &[]).await.status, StatusCode::SEE_OTHER);
}

async fn owners_change_settings_and_visibility_follows_at_once(app: TestApp) {
    let mut owner = creator(&app, "instellaar").await;
    let id = create(&mut owner, "Werkgroep Open", "open").await;
    let mut member = app.logged_in("meedoener").await;
    member.post_form(&format!("/teams/{id}/lid-worden"), &[]).await;
    let mut outsider = app.logged_in("buitenstaander").await;
    assert_eq!(outsider.get(&format!("/teams/{id}")).await.status, StatusCode::OK);

    assert_eq!(member.get(&format!("/teams/{id}/instellingen")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("/teams/{id}/instellingen")).await.status, StatusCode::FORBIDDEN);
    let form = owner.get(&format!("/teams/{id}/instellingen")).await.body;
    assert!(form.contains("value=\"Werkgroep Open\"") && form.contains("Instellingen opslaan"));

    let fields = |name: &'static str, visibility: &'static str| {
        [
            ("name", name),
            ("description", "Nu geheim"),
            ("kind", "workgroup"),
            ("visibility", visibility),
            ("colour", "red"),
        ]
    };
    let res = owner.post_form(&format!("/teams/{id}/instellingen"), &fields(" ", "secret")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Dit veld is verplicht."));
    let res = member.post_form(&format!("/teams/{id}/instellingen"), &fields("Overgenomen", "open")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = owner.post_form(&format!("/teams/{id}/instellingen"), &fields("Werkgroep Geheim", "secret")).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}?ok=instellingen").as_str()));

    assert_eq!(outsider.get(&format!("/teams/{id}")).await.status, StatusCode::NOT_FOUND, "secret now");
    let directory = outsider.page("/teams").await;
    assert!(directory.contains("Er zijn geen teams die hierbij passen."), "{directory}");
    assert!(!directory.contains("Werkgroep Geheim"));
    let page = member.get(&format!("/teams/{id}")).await.body;
    assert!(page.contains("<h1>Werkgroep Geheim</h1>") && page.contains("Geheim"));
    let audit = app.store().recent_audit(1).await.unwrap().remove(0);
    assert_eq!(audit.action, "space.update");
}
