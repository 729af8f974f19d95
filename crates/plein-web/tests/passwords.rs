//! Password links by e-mail through a real SMTP server, on SQLite and PostgreSQL: a forgotten
//! password, the first password of an account an administrator made, and what may not leak.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{PASSWORD, SmtpServer, TestApp, on_both_databases};

on_both_databases!(with_smtp:
    a_forgotten_password_is_reset_by_mail,
    reset_requests_say_nothing_and_are_throttled,
    a_forged_host_gets_no_link,
    new_accounts_choose_their_own_password,
    imported_accounts_get_a_welcome_mail,
);

const NEW: &str = "Fietsen-door-de-Betuwe-88";

/// The password link in a mail, as a path.
fn link_in(mail: &str) -> String {
    let mail = mail.replace("=\r\n", "").replace("=\n", "");
    let start = mail.find("/wachtwoord-instellen/").unwrap();
    mail[start..].split_whitespace().next().unwrap().to_owned()
}

fn set_form(pw: &'static str) -> [(&'static str, &'static str); 2] {
    [("new_password", pw), ("repeat_password", pw)]
}

async fn a_forgotten_password_is_reset_by_mail(app: TestApp, smtp: SmtpServer) {
    let user = app.add_user("vergeetachtig", PASSWORD).await;
    app.store().set_locale(user.id, "en").await.unwrap();
    let mut old_session = app.login_as("vergeetachtig").await;

    let login = app.browser().get("/inloggen").await.body;
    assert!(login.contains("href=\"/wachtwoord-vergeten\""));
    let res = app.browser().post_form("/wachtwoord-vergeten", &[("login", "Vergeetachtig")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Als dit bij een account hoort"), "{}", res.body);

    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("X-RcptTo: vergeetachtig@voorbeeld.nl"), "{}", mails[0]);
    assert!(mails[0].contains("someone (hopefully you)"), "in the user's own language: {}", mails[0]);
    assert!(mails[0].contains("vergeetachtig"), "names the username");
    let link = link_in(&mails[0]);
    let token = link.trim_start_matches("/wachtwoord-instellen/");
    let audit = format!("{:?}", app.store().recent_audit(20).await.unwrap());
    assert!(audit.contains("user.password_reset_requested"));
    assert!(!audit.contains(token) && !audit.contains(&plein_app::accounts::token_hash(token)), "no token kept");

    let mut b = app.browser();
    let form = b.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("vergeetachtig"));
    let res = b.post_form(&link, &[("new_password", NEW), ("repeat_password", "anders")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = b.post_form(&link, &set_form("welkom123456")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the password policy holds");
    let res = b.post_form(&link, &set_form(NEW)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.header("location"), Some("/account?ok=wachtwoord"));
    assert_eq!(b.get("/account").await.status, StatusCode::OK, "logged in by the link");

    assert_eq!(old_session.get("/account").await.status, StatusCode::SEE_OTHER, "every other session ended");
    let old = app.browser().post_form("/inloggen", &[("username", "vergeetachtig"), ("password", PASSWORD)]).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.browser().post_form("/inloggen", &[("username", "vergeetachtig"), ("password", NEW)]).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    // Once only.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("Deze link werkt niet meer"));
    assert_eq!(app.browser().post_form(&link, &set_form(NEW)).await.status, StatusCode::NOT_FOUND);

    // A newer link spends the older ones when it is used.
    for _ in 0..2 {
        app.browser().post_form("/wachtwoord-vergeten", &[("login", "vergeetachtig@voorbeeld.nl")]).await;
    }
    let mails = smtp.wait_for(3).await;
    let (first, second) = (link_in(&mails[1]), link_in(&mails[2]));
    assert_ne!(first, second);
    assert_eq!(
        app.browser().post_form(&second, &set_form("Wandelen-op-de-Veluwe-31")).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.browser().get(&first).await.status, StatusCode::NOT_FOUND);

    // A deactivated account gets no link, and an open link stops working.
    app.browser().post_form("/wachtwoord-vergeten", &[("login", "vergeetachtig")]).await;
    let mails = smtp.wait_for(4).await;
    let open = link_in(&mails[3]);
    app.app.accounts().deactivate_user("vergeetachtig", None).await.unwrap();
    assert_eq!(app.browser().get(&open).await.status, StatusCode::NOT_FOUND);
    app.browser().post_form("/wachtwoord-vergeten", &[("login", "vergeetachtig")]).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 4);
}

async fn reset_requests_say_nothing_and_are_throttled(app: TestApp, smtp: SmtpServer) {
    app.add_user("bestaat", PASSWORD).await;
    let known = app.browser().post_form("/wachtwoord-vergeten", &[("login", "bestaat")]).await;
    let unknown = app.browser().post_form("/wachtwoord-vergeten", &[("login", "bestaatniet")]).await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body.replace("bestaat", "X"),
        unknown.body.replace("bestaatniet", "X"),
        "the same answer whether or not the account exists"
    );
    assert_eq!(smtp.wait_for(1).await.len(), 1);

    // The same name, from several addresses: a handful of mails, then a wait.
    let mut statuses = Vec::new();
    for i in 0..7u8 {
        let mut b = app.browser().from_addr(std::net::SocketAddr::from(([192, 0, 2, i + 1], 40000)));
        statuses.push(b.post_form("/wachtwoord-vergeten", &[("login", "bestaat")]).await.status);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(smtp.messages().len() <= 5, "no more than five mails per account per window");

    // The reset budget is not the login budget: the account still logs in.
    let res = app.browser().post_form("/inloggen", &[("username", "bestaat"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn a_forged_host_gets_no_link(app: TestApp, smtp: SmtpServer) {
    app.add_user("doelwit", PASSWORD).await;
    let mut attacker = app.browser().with_header("host", "intranet.aanvaller.example");
    let res = attacker.post_form("/wachtwoord-vergeten", &[("login", "doelwit")]).await;
    assert_eq!(res.status, StatusCode::OK, "the same answer");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(smtp.messages().is_empty(), "no link to another site is ever mailed");
}

async fn new_accounts_choose_their_own_password(app: TestApp, smtp: SmtpServer) {
    let mut hr = app.user("personeelszaken").can(Capability::ManageUsers).browser().await;
    let res = hr
        .post_form(
            "/beheer/gebruikers",
            &[
                ("display_name", "Wim Welkom"),
                ("username", "w.welkom"),
                ("email", "wim@voorbeeld.nl"),
                ("kind", "employee"),
            ],
        )
        .await;
    let location = res.header("location").unwrap().to_owned();
    assert!(location.ends_with("?ok=welkom-verstuurd"), "{location}");
    let page = hr.get(&location).await.body;
    assert!(page.contains("krijgt een e-mail") && page.contains("nog niet ingesteld"), "{page}");

    let mails = smtp.wait_for(1).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("X-RcptTo: wim@voorbeeld.nl") && mails[0].contains("zeven dagen"), "{}", mails[0]);
    // Without a password nobody logs in, not even with an empty one.
    let res = app.browser().post_form("/inloggen", &[("username", "w.welkom"), ("password", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("Vul je gebruikersnaam en wachtwoord in."), "{}", res.body);
    let res = app.browser().post_form("/inloggen", &[("username", "w.welkom"), ("password", NEW)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "not before the link is used: {}", res.body);
    assert!(res.body.contains("De gebruikersnaam of het wachtwoord klopt niet."), "{}", res.body);
    let mut wim = app.browser();
    assert_eq!(wim.post_form(&link_in(&mails[0]), &set_form(NEW)).await.status, StatusCode::SEE_OTHER);
    let res = app.browser().post_form("/inloggen", &[("username", "w.welkom"), ("password", NEW)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let actions: Vec<String> = app.store().recent_audit(10).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.contains(&"user.password_link_used".to_owned()), "{actions:?}");
}

async fn imported_accounts_get_a_welcome_mail(app: TestApp, smtp: SmtpServer) {
    let mut hr = app.user("importeur").can(Capability::ManageUsers).browser().await;
    let csv = "username,name,email,kind,groups\nk.klaas,Klaas Kaai,klaas@voorbeeld.nl,medewerker,\n\
               l.lotte,Lotte Laan,lotte@voorbeeld.nl,medewerker,\n";
    let res = hr
        .post_parts(
            "/beheer/gebruikers/import",
            &[("file", "nieuw.csv", "text/csv", csv.as_bytes()), ("welcome", "", "text/plain", b"1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mails = smtp.wait_for(2).await;
    assert_eq!(mails.len(), 2);
    let lotte = mails.iter().find(|m| m.contains("X-RcptTo: lotte@voorbeeld.nl")).unwrap();
    assert!(lotte.contains("l.lotte"));
    assert_eq!(app.browser().post_form(&link_in(lotte), &set_form(NEW)).await.status, StatusCode::SEE_OTHER);

    // Without the box ticked, nobody is mailed.
    let csv = "username,name,email,kind,groups\nm.mies,Mies Maas,mies@voorbeeld.nl,medewerker,\n";
    let res = hr.post_file("/beheer/gebruikers/import", "file", "stil.csv", csv).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 2);
}
