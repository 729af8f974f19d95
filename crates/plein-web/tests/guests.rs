//! External guests over HTTP with a real SMTP server, on SQLite and PostgreSQL: invited by
//! e-mail, they set a password, see only their space, and lose access on their expiry date.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{Browser, PASSWORD, SmtpServer, TestApp, on_both_databases};

on_both_databases!(with_smtp:
    a_guest_is_invited_by_email_and_sees_only_their_space,
    guest_access_expires_and_owners_renew_it,
    only_managers_of_spaces_that_allow_guests_invite,
    inviting_known_addresses,
);

async fn space(app: &TestApp, owner: &str, name: &str, visibility: &str, guests: bool) -> (Browser, i64) {
    let mut b = app.user(owner).can(Capability::CreateSpaces).browser().await;
    let mut fields = vec![("name", name), ("kind", "project"), ("visibility", visibility), ("colour", "purple")];
    if guests {
        fields.push(("allows_guests", "1"));
    }
    let res = b.post_form("/teams", &fields).await;
    let id = res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap();
    (b, id)
}

/// The invitation link in the newest mail, as a path.
fn link_in(mail: &str) -> String {
    // Undo quoted-printable soft line breaks, as a mail client does.
    let mail = mail.replace("=\r\n", "").replace("=\n", "");
    let start = mail.find("/uitnodiging/").unwrap();
    mail[start..].split_whitespace().next().unwrap().to_owned()
}

async fn a_guest_is_invited_by_email_and_sees_only_their_space(app: TestApp, smtp: SmtpServer) {
    let (mut owner, id) = space(&app, "projectleider", "Project Nieuw Gemeentehuis", "closed", true).await;
    let (_, open_id) = space(&app, "iemand", "Open Koffiehoek", "open", false).await;
    let res =
        owner.post_form(&format!("/teams/{id}/gasten"), &[("email", "Architect@Bureau.example"), ("lang", "nl")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=uitgenodigd").as_str()));

    // The invitation goes out through the job queue.
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.contains("X-RcptTo: architect@bureau.example"), "{mail}");
    assert!(mail.contains("Project Nieuw Gemeentehuis") && mail.contains("Test projectleider"));
    assert!(mail.contains("nodigt je uit"), "in the chosen language: {mail}");
    let link = link_in(mail);
    assert!(link.len() > 30, "{link}");
    let token_hash = plein_app::accounts::token_hash(link.trim_start_matches("/uitnodiging/"));
    let audit = format!("{:?}", app.store().recent_audit(20).await.unwrap());
    assert!(audit.contains("guest.invite"), "{audit}");
    assert!(
        !audit.contains(link.trim_start_matches("/uitnodiging/")) && !audit.contains(&token_hash),
        "no token kept in the audit log"
    );

    let mut guest = app.browser();
    let form = guest.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("architect@bureau.example"));
    let fields = |pw: &'static str, repeat: &'static str| {
        [("name", "Aafke Architect"), ("new_password", pw), ("repeat_password", repeat)]
    };
    let res = guest.post_form(&link, &fields("Bouwen-aan-de-Brink-17", "anders")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("niet gelijk"));
    let res = guest.post_form(&link, &fields("welkom123456", "welkom123456")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = guest.post_form(&link, &fields("Bouwen-aan-de-Brink-17", "Bouwen-aan-de-Brink-17")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), Some(format!("/teams/{id}").as_str()));

    let page = guest.get(&format!("/teams/{id}")).await.body;
    assert!(page.contains("Jouw rol: Gast"), "{page}");
    let list = guest.page("/teams").await;
    assert!(list.contains("Project Nieuw Gemeentehuis") && !list.contains("Open Koffiehoek"));
    assert_eq!(guest.get(&format!("/teams/{open_id}")).await.status, StatusCode::NOT_FOUND);
    assert!(
        owner.get(&format!("/teams/{id}/leden")).await.body.contains("Aafke Architect"),
        "the owner sees the new guest"
    );

    // The link works once.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("Uitnodiging niet geldig"));
    assert_eq!(
        app.browser().post_form(&link, &fields("Bouwen-aan-de-Brink-17", "Bouwen-aan-de-Brink-17")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.browser().get("/uitnodiging/verzonnen").await.status, StatusCode::NOT_FOUND);

    // And the guest logs in again with their e-mail address.
    let mut later = app.browser();
    let res = later
        .post_form("/inloggen", &[("username", "architect@bureau.example"), ("password", "Bouwen-aan-de-Brink-17")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn guest_access_expires_and_owners_renew_it(app: TestApp, _smtp: SmtpServer) {
    let (mut owner, id) = space(&app, "eigenaar", "Samenwerking", "secret", true).await;
    let guest = app.add_guest("tijdelijk", PASSWORD).await;
    app.store().add_space_member(id, guest.id, plein_core::policy::SpaceRole::Guest).await.unwrap();
    let mut g = app.login_as("tijdelijk").await;
    assert_eq!(g.get(&format!("/teams/{id}")).await.status, StatusCode::OK);
    assert!(owner.get(&format!("/teams/{id}/leden")).await.body.contains("toegang tot"), "owners see the expiry date");

    app.store().set_guest_expiry(guest.id, plein_store::now() - chrono::Duration::minutes(1)).await.unwrap();
    assert_eq!(g.get("/teams").await.status, StatusCode::SEE_OTHER, "the session ends on the expiry date");
    let res = app.browser().post_form("/inloggen", &[("username", "tijdelijk"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "and login stops");
    // The ending is recorded in the audit log once, however often (and on however many nodes) the sweep runs.
    let guests = app.app.guests();
    let (first, second) = tokio::join!(guests.record_guest_expiries(), guests.record_guest_expiries());
    assert_eq!(first.unwrap() + second.unwrap(), 1);
    assert_eq!(app.app.guests().record_guest_expiries().await.unwrap(), 0);
    let expired = |rows: Vec<plein_store::audit::AuditRow>| {
        rows.iter()
            .filter(|r| r.action == "guest.expire" && r.object.as_deref() == Some(&format!("user:{}", guest.id)))
            .count()
    };
    assert_eq!(expired(app.store().recent_audit(20).await.unwrap()), 1);

    let mut outsider = app.logged_in("buitenstaander").await;
    let res = outsider.post_form(&format!("/teams/{id}/gasten/{}/verlengen", guest.id), &[]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "a secret space is not there for outsiders");
    let res = owner.post_form(&format!("/teams/{id}/gasten/{}/verlengen", guest.id), &[]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=verlengd").as_str()));
    let until = app.store().user_by_id(guest.id).await.unwrap().unwrap().guest_expires_at.unwrap();
    assert!(until > plein_store::now() + chrono::Duration::days(89));
    let res = app.browser().post_form("/inloggen", &[("username", "tijdelijk"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let actions: Vec<String> = app.store().recent_audit(10).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.contains(&"guest.renew".to_owned()));
    // A renewed guest whose new term ends is recorded again.
    app.store().set_guest_expiry(guest.id, plein_store::now() - chrono::Duration::minutes(1)).await.unwrap();
    assert_eq!(app.app.guests().record_guest_expiries().await.unwrap(), 1);
    assert_eq!(expired(app.store().recent_audit(50).await.unwrap()), 2);
}

async fn only_managers_of_spaces_that_allow_guests_invite(app: TestApp, smtp: SmtpServer) {
    let (mut owner, no_guests) = space(&app, "streng", "Alleen intern", "closed", false).await;
    let res = owner.post_form(&format!("/teams/{no_guests}/gasten"), &[("email", "x@extern.example")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(!owner.page(&format!("/teams/{no_guests}/leden")).await.contains("Externe gast uitnodigen"));

    let res = owner
        .post_form(
            "/teams",
            &[
                ("name", "Met gasten"),
                ("kind", "team"),
                ("visibility", "open"),
                ("colour", "blue"),
                ("allows_guests", "1"),
            ],
        )
        .await;
    let open: i64 =
        res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap();
    assert!(owner.get(&format!("/teams/{open}/leden")).await.body.contains("Externe gast uitnodigen"));
    let mut member = app.logged_in("gewoonlid").await;
    member.post_form(&format!("/teams/{open}/lid-worden"), &[]).await;
    let res = member.post_form(&format!("/teams/{open}/gasten"), &[("email", "x@extern.example")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "members do not invite");
    let res = owner.post_form(&format!("/teams/{open}/gasten"), &[("email", "geen-adres")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{open}/leden?fout=email.ongeldig").as_str()));
    assert!(app.store().list_open_jobs(10).await.unwrap().is_empty(), "no mail is waiting");
    assert!(smtp.messages().is_empty(), "nothing was sent");
}

async fn inviting_known_addresses(app: TestApp, smtp: SmtpServer) {
    let (mut owner, id) = space(&app, "uitnodiger", "Ketenoverleg", "closed", true).await;
    app.add_user("collega", PASSWORD).await;
    let res = owner.post_form(&format!("/teams/{id}/gasten"), &[("email", "collega@voorbeeld.nl")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?fout=email.medewerker").as_str()));
    app.add_guest("bekend", PASSWORD).await;
    let res =
        owner.post_form(&format!("/teams/{id}/gasten"), &[("email", "bekend@extern.example"), ("lang", "en")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?ok=toegevoegd").as_str()));
    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("has added you to Ketenoverleg"), "{}", mails[0]);
    let res = owner.post_form(&format!("/teams/{id}/gasten"), &[("email", "bekend@extern.example")]).await;
    assert_eq!(res.header("location"), Some(format!("/teams/{id}/leden?fout=email.al-lid").as_str()));
    assert!(app.login_as("bekend").await.get(&format!("/teams/{id}")).await.body.contains("Jouw rol: Gast"));
}
