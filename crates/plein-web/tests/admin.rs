//! Administration over HTTP, on SQLite and PostgreSQL: groups, their rights, and the audit log.
//! Nobody hands out more than they hold.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{PASSWORD, TestApp, on_both_databases};

on_both_databases!(
    administration_is_invisible_without_rights,
    administrators_manage_groups_and_rights,
    group_managers_cannot_hand_out_rights_they_lack,
    the_audit_log_is_searchable_and_paged,
    user_managers_edit_names_and_addresses_of_those_with_no_more_rights,
    the_user_list_pages_through_every_match,
);

async fn the_user_list_pages_through_every_match(app: TestApp) {
    let mut hr = app.user("hrm").can(Capability::ManageUsers).browser().await;
    app.add_many("stagiair", 75, |i| format!("Stagiair {}", i / 2)).await;
    let first = hr.get("/beheer/gebruikers?zoek=stagiair").await.body;
    let count = |body: &str| body.matches("<td><a href=\"/beheer/gebruikers/").count();
    assert_eq!(count(&first), 50);
    let next = first.split("rel=\"next\"").next().unwrap().rsplit("href=\"").next().unwrap().split('"').next().unwrap();
    let next = next.replace("&#38;", "&");
    assert!(next.starts_with("/beheer/gebruikers?zoek=stagiair&na="), "{next}");
    let second = hr.page(&next).await;
    assert_eq!(count(&second), 25);
    assert!(!second.contains("rel=\"next\"") && second.contains("Eerste pagina"));
}

async fn user_managers_edit_names_and_addresses_of_those_with_no_more_rights(app: TestApp) {
    let mut hr = app.user("hrm").can(Capability::ManageUsers).browser().await;
    let jan = app.add_user("jan", PASSWORD).await;
    let baas = app.user("baas").can(Capability::Admin).await;
    let mut plain = app.logged_in("gewoon").await;
    assert_eq!(plain.get(&format!("/beheer/gebruikers/{}", jan.id)).await.status, StatusCode::NOT_FOUND);
    let res =
        plain.post_form(&format!("/beheer/gebruikers/{}", jan.id), &[("display_name", "X"), ("email", "x@x.nl")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let page = hr.get(&format!("/beheer/gebruikers/{}", jan.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"jan@voorbeeld.nl\""), "{}", page.body);
    let url = format!("/beheer/gebruikers/{}", jan.id);
    let res = hr.post_form(&url, &[("display_name", "Jan Jansen"), ("email", "geen-adres")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("aria-invalid=\"true\"") && res.body.contains("value=\"Jan Jansen\""));
    let res = hr.post_form(&url, &[("display_name", "Jan Jansen"), ("email", "baas@voorbeeld.nl")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("al in gebruik"));
    let res = hr.post_form(&url, &[("display_name", "Jan Jansen"), ("email", "J.Jansen@Voorbeeld.nl")]).await;
    assert_eq!(res.header("location"), Some(format!("{url}?ok=opgeslagen").as_str()));
    let row = app.store().user_by_id(jan.id).await.unwrap().unwrap();
    assert_eq!((row.display_name.as_str(), row.email.as_str()), ("Jan Jansen", "j.jansen@voorbeeld.nl"));
    let audit = app.store().recent_audit(5).await.unwrap();
    let update = audit.iter().find(|r| r.action == "user.update").unwrap();
    assert!(format!("{:?}", update.detail).contains("jan@voorbeeld.nl"), "the old address is in the record");
    let res =
        app.browser().post_form("/inloggen", &[("username", "j.jansen@voorbeeld.nl"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "the new address logs in");

    // An administrator's address is out of reach: it is where their password links go.
    let admin_page = hr.get(&format!("/beheer/gebruikers/{}", baas.id)).await;
    assert_eq!(admin_page.status, StatusCode::OK);
    assert!(admin_page.body.contains("Test baas"), "{}", admin_page.body);
    assert!(!admin_page.body.contains("name=\"email\""), "no form for an account with more rights");
    let res = hr
        .post_form(
            &format!("/beheer/gebruikers/{}", baas.id),
            &[("display_name", "Baas"), ("email", "hrm@kaper.example")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store().user_by_id(baas.id).await.unwrap().unwrap().email, "baas@voorbeeld.nl");
    assert_eq!(hr.get("/beheer/gebruikers/999999").await.status, StatusCode::NOT_FOUND);
}

async fn administration_is_invisible_without_rights(app: TestApp) {
    let mut b = app.logged_in("gewone").await;
    let home = b.page("/").await;
    assert!(home.contains("Welkom, Test gewone"), "{home}");
    assert!(!home.contains("href=\"/beheer\""));
    for path in ["/beheer", "/beheer/groepen", "/beheer/groepen/1", "/beheer/logboek"] {
        assert_eq!(b.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let res = b.post_form("/beheer/groepen", &[("name", "Stiekem")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn administrators_manage_groups_and_rights(app: TestApp) {
    app.user("hoofd").can(Capability::Admin).await;
    app.add_user("piet", PASSWORD).await;
    let mut admin = app.login_as("hoofd").await;
    assert!(admin.get("/").await.body.contains("href=\"/beheer\""));
    assert_eq!(admin.get("/beheer").await.status, StatusCode::OK);

    let res = admin.post_form("/beheer/groepen", &[("name", " "), ("description", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Dit veld is verplicht."));
    let res =
        admin.post_form("/beheer/groepen", &[("name", "Secretariaat"), ("description", "Het secretariaat")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let location = res.header("location").unwrap().to_owned();
    let id: i64 = location.trim_start_matches("/beheer/groepen/").split('?').next().unwrap().parse().unwrap();
    let res = admin.post_form("/beheer/groepen", &[("name", "Secretariaat")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Er is al een groep met deze naam."));

    let res = admin.post_form(&format!("/beheer/groepen/{id}/leden"), &[("user", "niemand")]).await;
    assert!(res.body.contains("Deze gebruiker bestaat niet."));
    admin.post_form(&format!("/beheer/groepen/{id}/leden"), &[("user", "piet@voorbeeld.nl")]).await;
    let res = admin
        .post_form(
            &format!("/beheer/groepen/{id}/rechten"),
            &[("capability", "create_spaces"), ("capability", "publish_news")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = admin.get(&format!("/beheer/groepen/{id}")).await.body;
    assert!(page.contains("Test piet") && page.contains("value=\"publish_news\" checked"));
    let piet = app.store().user_by_login("piet").await.unwrap().unwrap();
    let mut p = app.login_as("piet").await;
    assert_eq!(p.get("/teams/nieuw").await.status, StatusCode::OK, "the group's right reaches its member at once");
    assert_eq!(
        admin.post_form(&format!("/beheer/groepen/{id}/rechten"), &[("capability", "fly")]).await.status,
        StatusCode::BAD_REQUEST
    );

    admin.post_form(&format!("/beheer/groepen/{id}/leden/{}/verwijderen", piet.id), &[]).await;
    assert_eq!(p.get("/teams/nieuw").await.status, StatusCode::FORBIDDEN, "and leaves with them");
    let res = admin.post_form(&format!("/beheer/groepen/{id}/verwijderen"), &[("bevestigd", "1")]).await;
    assert_eq!(res.header("location"), Some("/beheer/groepen?ok=groep-verwijderd"));
    assert_eq!(admin.get(&format!("/beheer/groepen/{id}")).await.status, StatusCode::NOT_FOUND);
    let actions: Vec<String> = app.store().recent_audit(20).await.unwrap().into_iter().map(|r| r.action).collect();
    for a in ["group.create", "group.member_add", "group.capabilities", "group.member_remove", "group.delete"] {
        assert!(actions.contains(&a.to_owned()), "{a} in the audit log");
    }
}

async fn group_managers_cannot_hand_out_rights_they_lack(app: TestApp) {
    app.user("beheerder-groepen").can(Capability::ManageGroups).await;
    let me = app.store().user_by_login("beheerder-groepen").await.unwrap().unwrap();
    let admins = app.store().insert_group("Beheerders", "").await.unwrap();
    app.store().grant_capability(admins.id, plein_core::policy::Capability::Admin).await.unwrap();
    let plain = app.store().insert_group("Lunchclub", "").await.unwrap();

    let mut b = app.login_as("beheerder-groepen").await;
    assert_eq!(b.get("/beheer/groepen").await.status, StatusCode::OK);
    assert_eq!(b.get("/beheer/logboek").await.status, StatusCode::NOT_FOUND, "manage_groups is not view_audit_log");
    let res = b.post_form(&format!("/beheer/groepen/{}/leden", plain.id), &[("user", "beheerder-groepen")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "a group that grants nothing is fine");
    let res = b.post_form(&format!("/beheer/groepen/{}/leden", admins.id), &[("user", "beheerder-groepen")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "nobody makes themselves an administrator");
    let page = b.page(&format!("/beheer/groepen/{}", admins.id)).await;
    assert!(page.contains("rechten die je zelf niet hebt") && !page.contains("/leden\""));
    for path in ["verwijderen", "rechten"] {
        let res = b.post_form(&format!("/beheer/groepen/{}/{path}", admins.id), &[("bevestigd", "1")]).await;
        assert!(matches!(res.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{path}: {}", res.status);
    }
    let res = b.post_form(&format!("/beheer/groepen/{}/rechten", plain.id), &[("capability", "admin")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "only administrators change rights");
    let caps = app.store().capabilities_of(me.id).await.unwrap();
    assert_eq!(caps, vec![plein_core::policy::Capability::ManageGroups], "nothing gained");
    assert!(app.store().group_members(admins.id).await.unwrap().is_empty());
}

async fn the_audit_log_is_searchable_and_paged(app: TestApp) {
    app.user("controleur").can(Capability::ViewAuditLog).await;
    for i in 0..55u8 {
        let name = format!("iemand{i}");
        let mut b = app.browser().from_addr(std::net::SocketAddr::from(([10, 1, 2, i], 999)));
        b.post_form("/inloggen", &[("username", name.as_str()), ("password", "fout-wachtwoord")]).await;
    }
    let mut b = app.login_as("controleur").await;
    let page = b.get("/beheer/logboek").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<code>login</code>") && page.body.contains("mislukt") && page.body.contains("gelukt"));
    // In words: who did what.
    assert!(page.body.contains("Test controleur logde in"), "{}", page.body);
    assert!(page.body.contains("Mislukte inlogpoging als een onbekende naam"), "a typed name may be a password");
    // Times in the organisation's local time, as its people read them.
    let newest = app.store().recent_audit(1).await.unwrap().remove(0);
    assert!(page.body.contains(&plein_app::i18n::local_timestamp(newest.at)), "local time");
    assert!(!page.body.contains("UTC"));
    let older = page
        .body
        .split("href=\"/beheer/logboek?")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let next = b.get(&format!("/beheer/logboek?{older}")).await.body;
    assert!(next.contains("<code>user.create</code>"), "older entries on the next page");
    assert!(b.page("/beheer/logboek?soort=accounts").await.contains("<code>login</code>"));
    assert!(b.page("/beheer/logboek?soort=teams").await.contains("Geen regels gevonden."), "no team was touched");
    let mine = b.page("/beheer/logboek?door=controleur").await;
    assert!(mine.contains("Test controleur") && !mine.contains("mislukt"));
    assert!(b.get("/beheer/logboek?door=onbekend").await.body.contains("Geen regels gevonden."));
    // A period in local days: today has everything, a day long ago nothing.
    let today = chrono::Utc::now().with_timezone(&plein_app::i18n::TIME_ZONE).format("%Y-%m-%d").to_string();
    assert!(b.page(&format!("/beheer/logboek?van={today}&tot={today}")).await.contains("<code>login</code>"));
    assert!(b.page("/beheer/logboek?tot=2001-01-01").await.contains("Geen regels gevonden."));
    // The CSV export: the same rows, for Dutch Excel.
    let csv = b.get("/beheer/logboek.csv?soort=accounts").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("Wanneer;Wat er gebeurde;Code"), "{}", csv.body);
    assert!(csv.body.contains("Mislukte inlogpoging als een onbekende naam;login;mislukt;10.1.2.0"), "{}", csv.body);
    assert_eq!(app.logged_in("nieuwsgierig").await.get("/beheer/logboek.csv").await.status, StatusCode::NOT_FOUND);
}

mod users {
    use axum::http::StatusCode;
    use plein_core::policy::Capability;
    use plein_testkit::{PASSWORD, TestApp, on_both_databases};

    on_both_databases!(
        user_managers_create_deactivate_and_export,
        user_administration_is_for_user_managers,
        the_user_list_shows_columns_and_narrows,
    );

    async fn the_user_list_shows_columns_and_narrows(app: TestApp) {
        let hr_user = app.user("personeelszaken").can(Capability::ManageUsers).await;
        let guest = app.user("extern").guest().named("Gerda Gast").await;
        let gone = app.user("vertrokken").named("Victor Vertrokken").await;
        app.store().set_status(gone.id, plein_core::UserStatus::Deactivated).await.unwrap();
        let owner = app.user("eigenaar").named("Olga Eigenaar").await;
        app.space("Team Burgerzaken").owned_by(&owner).guest(&guest).await;
        let mut hr = app.login_as("personeelszaken").await;

        let list = hr.page("/beheer/gebruikers").await;
        assert!(
            list.contains("<th scope=\"col\">Groepen</th>") && list.contains("<th scope=\"col\">Laatst ingelogd</th>")
        );
        assert!(list.contains("Externe gast") && list.contains("Gedeactiveerd") && list.contains("Nooit ingelogd"));
        let guests = hr.page("/beheer/gebruikers?toon=gasten").await;
        assert!(guests.contains("Gerda Gast") && !guests.contains("Olga Eigenaar"), "{guests}");
        let deactivated = hr.page("/beheer/gebruikers?toon=gedeactiveerd").await;
        assert!(deactivated.contains("Victor Vertrokken") && !deactivated.contains("Gerda Gast"));
        let never = hr.page("/beheer/gebruikers?toon=nooit-ingelogd").await;
        assert!(never.contains("Olga Eigenaar") && !never.contains(&format!("/beheer/gebruikers/{}\"", hr_user.id)));
        assert!(hr.page("/beheer/gebruikers?toon=onzin").await.contains("Olga Eigenaar"), "unknown shows all");

        // A user's page lists their groups and teams.
        let page = hr.page(&format!("/beheer/gebruikers/{}", guest.id)).await;
        assert!(page.contains("Team Burgerzaken") && page.contains("Gast"), "{page}");
        let page = hr.page(&format!("/beheer/gebruikers/{}", hr_user.id)).await;
        assert!(page.contains("<h2 id=\"groups-heading\">Groepen</h2>") && !page.contains("In geen enkele groep."));
    }

    async fn user_administration_is_for_user_managers(app: TestApp) {
        let mut b = app.logged_in("nieuwsgierig").await;
        for path in ["/beheer/gebruikers", "/beheer/gebruikers/export.csv"] {
            assert_eq!(b.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        let victim = app.add_user("slachtoffer", PASSWORD).await;
        let res = b.post_form(&format!("/beheer/gebruikers/{}/status", victim.id), &[("bevestigd", "1")]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }

    async fn user_managers_create_deactivate_and_export(app: TestApp) {
        app.user("personeelszaken").can(Capability::ManageUsers).await;
        app.user("directeur").can(Capability::Admin).await;
        let mut hr = app.login_as("personeelszaken").await;
        assert!(hr.get("/beheer").await.body.contains("/beheer/gebruikers"));
        let list = hr.page("/beheer/gebruikers?zoek=DIRECT").await;
        let me = app.store().user_by_login("personeelszaken").await.unwrap().unwrap().id;
        assert!(list.contains("Test directeur") && !list.contains(&format!("/beheer/gebruikers/{me}\"")));

        let form = |user: &'static str, mail: &'static str, pw: &'static str| {
            [
                ("username", user),
                ("display_name", "Nina Nieuw"),
                ("email", mail),
                ("password", pw),
                ("kind", "employee"),
            ]
        };
        let res =
            hr.post_form("/beheer/gebruikers", &form("n.nieuw", "geen-adres", "Zomer-aan-het-Veluwemeer-3")).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Dit is geen geldige waarde.") && res.body.contains("value=\"Nina Nieuw\""));
        let res = hr.post_form("/beheer/gebruikers", &form("n.nieuw", "nina@voorbeeld.nl", "welkom123456")).await;
        assert!(res.body.contains("te makkelijk te raden"));
        let res = hr
            .post_form("/beheer/gebruikers", &form("directeur", "nina@voorbeeld.nl", "Zomer-aan-het-Veluwemeer-3"))
            .await;
        assert!(res.body.contains("al in gebruik"));
        let res = hr
            .post_form("/beheer/gebruikers", &form("n.nieuw", "nina@voorbeeld.nl", "Zomer-aan-het-Veluwemeer-3"))
            .await;
        let location = res.header("location").unwrap();
        assert!(location.starts_with("/beheer/gebruikers/") && location.ends_with("?ok=aangemaakt"), "{location}");
        let mut nina = app.browser();
        let res =
            nina.post_form("/inloggen", &[("username", "n.nieuw"), ("password", "Zomer-aan-het-Veluwemeer-3")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);

        let id = app.store().user_by_login("n.nieuw").await.unwrap().unwrap().id;
        // Asked first: without the confirmation nothing changes.
        let res = hr.post_form(&format!("/beheer/gebruikers/{id}/status"), &[]).await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.body.contains("Account deactiveren?") && res.body.contains(r#"name="bevestigd" value="1""#));
        assert_eq!(nina.get("/").await.status, StatusCode::OK, "still logged in");
        let res = hr.post_form(&format!("/beheer/gebruikers/{id}/status"), &[("bevestigd", "1")]).await;
        assert_eq!(res.header("location"), Some("/beheer/gebruikers?ok=gedeactiveerd"));
        assert_eq!(nina.get("/").await.status, StatusCode::SEE_OTHER, "her session ended at once");
        hr.post_form(&format!("/beheer/gebruikers/{id}/status"), &[("active", "1")]).await;
        let res = app
            .browser()
            .post_form("/inloggen", &[("username", "n.nieuw"), ("password", "Zomer-aan-het-Veluwemeer-3")])
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER);

        // No locking out an administrator, nor oneself.
        let boss = app.store().user_by_login("directeur").await.unwrap().unwrap().id;
        let me = app.store().user_by_login("personeelszaken").await.unwrap().unwrap().id;
        for target in [boss, me] {
            let res = hr.post_form(&format!("/beheer/gebruikers/{target}/status"), &[("bevestigd", "1")]).await;
            assert_eq!(res.header("location"), Some("/beheer/gebruikers?fout=user.rechten"));
        }
        assert_eq!(app.store().user_by_id(boss).await.unwrap().unwrap().status, plein_core::UserStatus::Active);

        let csv = hr.get("/beheer/gebruikers/export.csv").await;
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(csv.header("content-disposition").unwrap().starts_with("attachment"));
        let text = csv.body;
        assert!(text.starts_with("username,name,email,kind,status,groups,capabilities,last_login,guest_expires"));
        let boss_line = text.lines().find(|l| l.starts_with("directeur,")).unwrap();
        assert!(boss_line.contains("admin"), "{boss_line}");
        assert!(text.lines().any(|l| l.starts_with("n.nieuw,Nina Nieuw,nina@voorbeeld.nl,employee,active,")));
        let actions: Vec<String> = app.store().recent_audit(20).await.unwrap().into_iter().map(|r| r.action).collect();
        assert!(actions.contains(&"user.deactivate".to_owned()) && actions.contains(&"user.reactivate".to_owned()));
    }
}

mod import {
    use axum::http::StatusCode;
    use plein_core::policy::Capability;
    use plein_testkit::{TestApp, on_both_databases};

    on_both_databases!(
        a_good_file_is_imported_whole,
        a_file_with_one_bad_line_imports_nothing,
        an_import_puts_nobody_in_a_group_granting_more_than_the_importer_holds,
        a_file_that_is_not_utf8_text_is_refused_whole,
    );

    async fn an_import_puts_nobody_in_a_group_granting_more_than_the_importer_holds(app: TestApp) {
        let mut b = importer(&app).await;
        let admins = app.store().insert_group("Beheerders", "").await.unwrap();
        app.store().grant_capability(admins.id, Capability::Admin).await.unwrap();
        let creators = app.store().insert_group("Teamstarters", "").await.unwrap();
        app.store().grant_capability(creators.id, Capability::CreateSpaces).await.unwrap();
        let before = app.store().count_users().await.unwrap();
        let csv = "username,name,email,kind,groups\n\
                   impx,Imp X,impX@attacker.example,employee,Beheerders\n\
                   impy,Imp Y,impY@attacker.example,employee,Burgerzaken;Teamstarters\n\
                   impz,Imp Z,impZ@voorbeeld.nl,employee,Burgerzaken\n";
        let parts: &[(&str, &str, &str, &[u8])] =
            &[("file", "mensen.csv", "text/csv", csv.as_bytes()), ("welcome", "", "text/plain", b"1")];
        let res = b.post_parts("/beheer/gebruikers/import", parts).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("Regel 2: je mag geen mensen in de groep Beheerders zetten"), "{}", res.body);
        assert!(res.body.contains("Regel 3: je mag geen mensen in de groep Teamstarters zetten"));
        assert!(!res.body.contains("Regel 4:"), "an ordinary group is fine");
        assert_eq!(app.store().count_users().await.unwrap(), before, "nothing imported");
        assert!(app.store().user_by_login("impx").await.unwrap().is_none());
        // The refusal is in the audit log, once per group.
        let refused: Vec<_> = app
            .store()
            .recent_audit(20)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "user.import" && r.result == "failure")
            .collect();
        let objects: Vec<_> = refused.iter().filter_map(|r| r.object.clone()).collect();
        assert!(
            objects.contains(&format!("group:{}", admins.id)) && objects.contains(&format!("group:{}", creators.id))
        );

        // Without the forbidden groups the file goes in, and the ordinary group is kept.
        let csv = "username,name,email,kind,groups\nimpz,Imp Z,impZ@voorbeeld.nl,employee,Burgerzaken\n";
        let res = b.post_file("/beheer/gebruikers/import", "file", "mensen.csv", csv).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let z = app.store().user_by_login("impz").await.unwrap().unwrap();
        assert_eq!(app.store().groups_of(z.id).await.unwrap().len(), 1);
        assert!(app.store().capabilities_of(z.id).await.unwrap().is_empty());
    }

    async fn a_file_that_is_not_utf8_text_is_refused_whole(app: TestApp) {
        let mut b = importer(&app).await;
        let before = app.store().count_users().await.unwrap();
        // "Zoë" as a spreadsheet in Windows-1252 saves it, and a NUL byte.
        for bytes in [
            &b"username,name,email\nzoe,Zo\xeb,zoe@voorbeeld.nl\n"[..],
            b"username,name,email\nnul,A\0B,n@voorbeeld.nl\n",
        ] {
            let res = b.post_bytes("/beheer/gebruikers/import", "file", "mensen.csv", "text/csv", bytes).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(res.body.contains("CSV UTF-8"), "{}", res.body);
        }
        assert_eq!(app.store().count_users().await.unwrap(), before);
    }

    async fn importer(app: &TestApp) -> plein_testkit::Browser {
        app.user("importeur").can(Capability::ManageUsers).await;
        app.store().insert_group("Burgerzaken", "").await.unwrap();
        app.store().insert_group("Externe partijen", "").await.unwrap();
        app.login_as("importeur").await
    }

    async fn a_good_file_is_imported_whole(app: TestApp) {
        let mut b = importer(&app).await;
        let csv = "\u{feff}username,name,email,kind,groups\n\
                   j.devries,Jan de Vries,jan@voorbeeld.nl,medewerker,Burgerzaken\n\
                   \"a.bakker\",\"Bakker, Anna\",anna@voorbeeld.nl,,burgerzaken; Externe partijen\n\
                   extern.piet,Piet Extern,piet@bureau.example,gast,Externe partijen\n";
        let res = b.post_file("/beheer/gebruikers/import", "file", "mensen.csv", csv).await;
        assert_eq!(res.header("location"), Some("/beheer/gebruikers?aantal=3&ok=geimporteerd"), "{}", res.body);
        assert!(b.get("/beheer/gebruikers?aantal=3&ok=geimporteerd").await.body.contains("3 accounts geïmporteerd."));
        let anna = app.store().user_by_login("a.bakker").await.unwrap().unwrap();
        assert_eq!(anna.display_name, "Bakker, Anna");
        assert_eq!(app.store().groups_of(anna.id).await.unwrap().len(), 2);
        let piet = app.store().user_by_login("extern.piet").await.unwrap().unwrap();
        assert_eq!(piet.kind, plein_core::UserKind::Guest);
        assert!(piet.guest_expires_at.is_some(), "imported guests get an expiry date");
        assert!(piet.password_hash.is_none());
        for password in ["", "Wat-dan-ook-2026"] {
            let res = app.browser().post_form("/inloggen", &[("username", "j.devries"), ("password", password)]).await;
            let expected = if password.is_empty() {
                (StatusCode::UNPROCESSABLE_ENTITY, "Vul je gebruikersnaam en wachtwoord in.")
            } else {
                (StatusCode::UNAUTHORIZED, "De gebruikersnaam of het wachtwoord klopt niet.")
            };
            assert_eq!(res.status, expected.0, "no password, no login: {}", res.body);
            assert!(res.body.contains(expected.1), "{}", res.body);
            assert!(res.set_cookies().is_empty());
        }
        let actions: Vec<String> = app.store().recent_audit(3).await.unwrap().into_iter().map(|r| r.action).collect();
        assert!(actions.contains(&"user.import".to_owned()));
    }

    async fn a_file_with_one_bad_line_imports_nothing(app: TestApp) {
        let mut b = importer(&app).await;
        let before = app.store().count_users().await.unwrap();
        let csv = "username,name,email,kind,groups\n\
                   goed,Goede Regel,goed@voorbeeld.nl,medewerker,Burgerzaken\n\
                   fout1,Foute Mail,geen-adres,medewerker,\n\
                   fout2,Onbekende Groep,fout2@voorbeeld.nl,medewerker,Bestaat Niet\n\
                   goed,Dubbel,dubbel@voorbeeld.nl,medewerker,\n\
                   fout3,Rare Soort,fout3@voorbeeld.nl,directeur,\n\
                   importeur,Bestaat Al,bestaat@voorbeeld.nl,,\n";
        let res = b.post_file("/beheer/gebruikers/import", "file", "mensen.csv", csv).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        for expected in [
            "Regel 3: email: Dit is geen geldige waarde.",
            "Regel 4: de groep Bestaat Niet bestaat niet",
            "Regel 5: deze gebruikersnaam is al in gebruik",
            "Regel 6: de soort moet medewerker of gast zijn",
            "Regel 7: deze gebruikersnaam is al in gebruik",
        ] {
            assert!(res.body.contains(expected), "{expected}");
        }
        assert!(!res.body.contains("Regel 2:"), "the good line has no error");
        assert_eq!(app.store().count_users().await.unwrap(), before, "nothing half-imported");

        let res = b.post_file("/beheer/gebruikers/import", "file", "mensen.csv", "username,name\nx,y\n").await;
        assert!(res.body.contains("Regel 1: de kolom email ontbreekt"));
        let mut other = app.logged_in("zomaar").await;
        let res = other.post_file("/beheer/gebruikers/import", "file", "mensen.csv", csv).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

mod refusals {
    use axum::http::StatusCode;
    use plein_core::policy::Capability;
    use plein_testkit::{PASSWORD, TestApp, on_both_databases};

    on_both_databases!(refused_attempts_on_rights_and_accounts_are_audited_and_repeats_counted);

    async fn refused_attempts_on_rights_and_accounts_are_audited_and_repeats_counted(app: TestApp) {
        let mut hr = app.user("hrm").can(Capability::ManageUsers).browser().await;
        let hrm = app.store().user_by_login("hrm").await.unwrap().unwrap();
        let baas = app.add_user("baas", PASSWORD).await;
        let admins = app.store().insert_group("Beheerders", "").await.unwrap();
        app.store().grant_capability(admins.id, Capability::Admin).await.unwrap();
        app.store().add_group_members(admins.id, &[baas.id]).await.unwrap();

        let g = admins.id;
        // (path, form, answer, audit action, audit object)
        type Attempt<'a> = (String, Vec<(&'a str, &'a str)>, StatusCode, &'a str, String);
        let attempts: Vec<Attempt> = vec![
            (
                format!("/beheer/groepen/{g}/leden"),
                vec![("user", "hrm")],
                StatusCode::NOT_FOUND,
                "group.member_add",
                format!("group:{g}"),
            ),
            (
                format!("/beheer/groepen/{g}"),
                vec![("name", "Van mij"), ("description", "")],
                StatusCode::NOT_FOUND,
                "group.update",
                format!("group:{g}"),
            ),
            (
                format!("/beheer/groepen/{g}/rechten"),
                vec![("admin", "1")],
                StatusCode::NOT_FOUND,
                "group.capabilities",
                format!("group:{g}"),
            ),
            (
                format!("/beheer/gebruikers/{}", baas.id),
                vec![("display_name", "Baas"), ("email", "hrm@kaper.example")],
                StatusCode::FORBIDDEN,
                "user.update",
                format!("user:{}", baas.id),
            ),
            (
                format!("/beheer/gebruikers/{}/status", baas.id),
                vec![("bevestigd", "1")],
                StatusCode::SEE_OTHER,
                "user.deactivate",
                format!("user:{}", baas.id),
            ),
        ];
        for (path, form, status, action, object) in &attempts {
            let res = hr.post_form(path, form).await;
            assert_eq!(res.status, *status, "{path}");
            let rows = app.store().search_audit(Some(action), Some(hrm.id), None, 10).await.unwrap();
            let row = rows.iter().find(|r| r.result == "failure").unwrap_or_else(|| panic!("no record of {action}"));
            assert_eq!(row.object.as_deref(), Some(object.as_str()));
            assert_eq!(row.origin.as_deref(), Some("127.0.0.1"), "from where");
        }
        assert_eq!(app.store().user_by_id(baas.id).await.unwrap().unwrap().status, plein_core::UserStatus::Active);

        // A flood of the same attempt is one record that counts.
        let before = app.store().recent_audit(1000).await.unwrap().len();
        for _ in 0..30 {
            let res = hr.post_form(&format!("/beheer/gebruikers/{}/status", baas.id), &[("bevestigd", "1")]).await;
            assert_eq!(res.header("location"), Some("/beheer/gebruikers?fout=user.rechten"));
        }
        assert_eq!(app.store().recent_audit(1000).await.unwrap().len(), before, "repeats add no rows");
        // Trying every id adds few rows too.
        for id in 0..120 {
            let res =
                hr.post_form(&format!("/beheer/groepen/{}/verwijderen", 10_000 + id), &[("bevestigd", "1")]).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND);
        }
        let added = app.store().recent_audit(1000).await.unwrap().len() - before;
        assert!(added <= 60, "a flood over many ids is gathered: {added} rows");

        // The log shows the count to whoever reads it.
        let mut auditor = app.user("auditor").can(Capability::ViewAuditLog).browser().await;
        let page = auditor.get("/beheer/logboek?handeling=user.deactivate").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("en nog 30 keer") && page.body.contains("geweigerd"), "{}", page.body);

        // A space administrator against the space's owner.
        let owner = app.add_user("eigenaar", PASSWORD).await;
        let (sub_row, mut sub) = app.user("onderbaas").with_browser().await;
        let space = app.space("Team Burgerzaken").owned_by(&owner).admin(&sub_row).await;
        let path = format!("/teams/{}/leden/{}", space.id, owner.id);
        let res = sub.post_form(&path, &[("role", "member")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let res = sub.post_form(&path, &[("remove", "1")]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        let rows = app.store().search_audit(Some("space.member_"), Some(sub_row.id), None, 10).await.unwrap();
        assert_eq!(rows.iter().filter(|r| r.result == "failure").count(), 2, "{rows:?}");
        assert_eq!(rows[0].object.as_deref(), Some(format!("space:{}/user:{}", space.id, owner.id).as_str()));
    }
}
