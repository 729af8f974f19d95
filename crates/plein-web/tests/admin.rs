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
);

async fn administration_is_invisible_without_rights(app: TestApp) {
    let mut b = app.logged_in("gewone").await;
    assert!(!b.get("/").await.body.contains("href=\"/beheer\""));
    for path in ["/beheer", "/beheer/groepen", "/beheer/groepen/1", "/beheer/logboek"] {
        assert_eq!(b.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let res = b.post_form("/beheer/groepen", &[("name", "Stiekem")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn administrators_manage_groups_and_rights(app: TestApp) {
    app.add_user("hoofd", PASSWORD).await;
    app.grant("hoofd", Capability::Admin).await;
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
    let res = admin.post_form(&format!("/beheer/groepen/{id}/verwijderen"), &[]).await;
    assert_eq!(res.header("location"), Some("/beheer/groepen?ok=verwijderd"));
    assert_eq!(admin.get(&format!("/beheer/groepen/{id}")).await.status, StatusCode::NOT_FOUND);
    let actions: Vec<String> = app.store().recent_audit(20).await.unwrap().into_iter().map(|r| r.action).collect();
    for a in ["group.create", "group.member_add", "group.capabilities", "group.member_remove", "group.delete"] {
        assert!(actions.contains(&a.to_owned()), "{a} in the audit log");
    }
}

async fn group_managers_cannot_hand_out_rights_they_lack(app: TestApp) {
    app.add_user("beheerder-groepen", PASSWORD).await;
    app.grant("beheerder-groepen", Capability::ManageGroups).await;
    let me = app.store().user_by_login("beheerder-groepen").await.unwrap().unwrap();
    let admins = app.store().insert_group("Beheerders", "").await.unwrap();
    app.store().grant_capability(admins.id, "admin").await.unwrap();
    let plain = app.store().insert_group("Lunchclub", "").await.unwrap();

    let mut b = app.login_as("beheerder-groepen").await;
    assert_eq!(b.get("/beheer/groepen").await.status, StatusCode::OK);
    assert_eq!(b.get("/beheer/logboek").await.status, StatusCode::NOT_FOUND, "manage_groups is not view_audit_log");
    let res = b.post_form(&format!("/beheer/groepen/{}/leden", plain.id), &[("user", "beheerder-groepen")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "a group that grants nothing is fine");
    let res = b.post_form(&format!("/beheer/groepen/{}/leden", admins.id), &[("user", "beheerder-groepen")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "nobody makes themselves an administrator");
    let page = b.get(&format!("/beheer/groepen/{}", admins.id)).await.body;
    assert!(page.contains("rechten die je zelf niet hebt") && !page.contains("/leden\""));
    for path in ["verwijderen", "rechten"] {
        let res = b.post_form(&format!("/beheer/groepen/{}/{path}", admins.id), &[]).await;
        assert!(matches!(res.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{path}: {}", res.status);
    }
    let res = b.post_form(&format!("/beheer/groepen/{}/rechten", plain.id), &[("capability", "admin")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "only administrators change rights");
    let caps = app.store().capabilities_of(me.id).await.unwrap();
    assert_eq!(caps, vec!["manage_groups".to_owned()], "nothing gained");
    assert!(app.store().group_members(admins.id).await.unwrap().is_empty());
}

async fn the_audit_log_is_searchable_and_paged(app: TestApp) {
    app.add_user("controleur", PASSWORD).await;
    app.grant("controleur", Capability::ViewAuditLog).await;
    for i in 0..55u8 {
        let name = format!("iemand{i}");
        let mut b = app.browser().from_addr(std::net::SocketAddr::from(([10, 1, 2, i], 999)));
        b.post_form("/inloggen", &[("username", name.as_str()), ("password", "fout-wachtwoord")]).await;
    }
    let mut b = app.login_as("controleur").await;
    let page = b.get("/beheer/logboek").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<code>login</code>") && page.body.contains("mislukt") && page.body.contains("gelukt"));
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
    let users = b.get("/beheer/logboek?handeling=user.").await.body;
    assert!(users.contains("<code>user.create</code>") && !users.contains("<code>login</code>"));
    let mine = b.get("/beheer/logboek?gebruiker=controleur").await.body;
    assert!(mine.contains("Test controleur") && !mine.contains("mislukt"));
    assert!(b.get("/beheer/logboek?gebruiker=onbekend").await.body.contains("Geen regels gevonden."));
}
