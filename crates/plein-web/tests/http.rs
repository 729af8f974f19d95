//! The HTTP interface, called in-process, on SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use plein_app::Settings;
use plein_testkit::{Backend, PASSWORD, TestApp, on_both_databases};
use plein_web::{HttpConfig, MetricsConfig, WebConfig};

on_both_databases!(
    health_answers_when_the_database_does,
    unknown_routes_get_the_translated_404,
    pages_need_a_login,
    login_starts_a_session_and_logout_ends_it_on_the_server,
    wrong_credentials_get_one_answer_whether_or_not_the_account_exists,
    failed_logins_are_throttled_per_account,
    failed_logins_are_throttled_per_address,
    every_login_gets_a_new_session_id,
    deactivating_a_user_ends_their_sessions_at_once,
    malformed_cookies_count_as_logged_out,
    cross_site_posts_are_refused,
    oversized_bodies_get_413,
    the_language_switch_is_remembered,
    an_unknown_language_is_refused,
    changing_the_password_checks_the_form_and_ends_other_sessions,
    security_headers_are_sent,
    next_never_leaves_the_site,
    assets_are_hashed_cached_and_compressed,
    metrics_are_for_loopback_or_a_token,
    the_audit_log_records_logins_and_logouts,
    users_see_their_sessions_and_can_end_the_others,
    parallel_guesses_cannot_outrun_the_throttle,
    username_and_email_share_one_throttle,
    forwarded_requests_from_loopback_do_not_open_metrics,
    errors_keep_the_cookies_and_headers_they_set,
);

async fn health_answers_when_the_database_does(app: TestApp) {
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.body, "ok\n");
}

async fn unknown_routes_get_the_translated_404(app: TestApp) {
    let mut b = app.browser();
    let res = b.get("/bestaat-niet").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("<html lang=\"nl\""), "{}", res.body);
    assert!(res.body.contains("Pagina niet gevonden"));
    b.cookies.insert("plein_lang".into(), "en".into());
    let res = b.get("/bestaat-niet").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("<html lang=\"en\""));
    assert!(res.body.contains("Page not found"));
}

async fn pages_need_a_login(app: TestApp) {
    let mut b = app.browser();
    for path in ["/", "/account"] {
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        let location = res.header("location").unwrap_or_default();
        assert!(location.starts_with("/inloggen?next="), "{location}");
    }
    let res = b.get("/inloggen").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("name=\"username\""));
    let res = b.get("/toegankelijkheid").await;
    assert_eq!(res.status, StatusCode::OK, "the accessibility statement is public");
}

async fn login_starts_a_session_and_logout_ends_it_on_the_server(app: TestApp) {
    app.add_user("jan.jansen", PASSWORD).await;
    let mut b = app.browser();
    let res =
        b.post_form("/inloggen", &[("username", "Jan.Jansen"), ("password", PASSWORD), ("next", "/account")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/account"));
    let cookie = res.set_cookies().into_iter().find(|c| c.starts_with("plein_session=")).unwrap();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP must not mark the cookie Secure");
    let res = b.get("/").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Test jan.jansen"));

    // Log in by e-mail address too.
    let mut by_mail = app.browser();
    let res = by_mail.post_form("/inloggen", &[("username", "jan.jansen@voorbeeld.nl"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    let stolen = b.clone();
    let res = b.post_form("/uitloggen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.cookies.is_empty(), "the cookie is removed");
    let mut stolen = stolen;
    let res = stolen.get("/").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "the old token no longer works: the session ended on the server");
    let res = by_mail.get("/").await;
    assert_eq!(res.status, StatusCode::OK, "other sessions stay");
}

async fn wrong_credentials_get_one_answer_whether_or_not_the_account_exists(app: TestApp) {
    app.add_user("piet", PASSWORD).await;
    let mut b = app.browser();
    let wrong = b.post_form("/inloggen", &[("username", "piet"), ("password", "niet-het-wachtwoord")]).await;
    let unknown = b.post_form("/inloggen", &[("username", "niemand"), ("password", "niet-het-wachtwoord")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("De gebruikersnaam of het wachtwoord klopt niet."));
    assert_eq!(wrong.body.replace("piet", "X"), unknown.body.replace("niemand", "X"));
    assert!(wrong.set_cookies().is_empty());
    let empty = b.post_form("/inloggen", &[("username", ""), ("password", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Vul je gebruikersnaam en wachtwoord in."));
}

async fn failed_logins_are_throttled_per_account(app: TestApp) {
    app.add_user("klaas", PASSWORD).await;
    for login in ["klaas", "bestaatniet"] {
        // Each failure from its own address, so only the per-account limit applies.
        for i in 0..5u8 {
            let mut b = app.browser().from_addr(SocketAddr::from(([10, 0, 1, i], 1234)));
            let res = b.post_form("/inloggen", &[("username", login), ("password", "fout-wachtwoord")]).await;
            assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{login} attempt {i}");
        }
        let mut b = app.browser().from_addr(SocketAddr::from(([10, 0, 2, 1], 1234)));
        let res = b.post_form("/inloggen", &[("username", login), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{login}: locked even with the right password");
        assert!(res.body.contains("Te veel mislukte pogingen"), "{}", res.body);
        assert!(res.header("retry-after").is_some());
    }
    // Another account is not affected.
    app.add_user("marie", PASSWORD).await;
    let res = app.browser().post_form("/inloggen", &[("username", "marie"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn failed_logins_are_throttled_per_address(app: TestApp) {
    app.add_user("greet", PASSWORD).await;
    let addr = SocketAddr::from(([10, 9, 9, 9], 5555));
    for i in 0..50 {
        let name = format!("gok{i}");
        let mut b = app.browser().from_addr(addr);
        let res = b.post_form("/inloggen", &[("username", name.as_str()), ("password", "fout-wachtwoord")]).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    let mut b = app.browser().from_addr(addr);
    let res = b.post_form("/inloggen", &[("username", "greet"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    let mut elsewhere = app.browser().from_addr(SocketAddr::from(([10, 9, 9, 10], 5555)));
    let res = elsewhere.post_form("/inloggen", &[("username", "greet"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn every_login_gets_a_new_session_id(app: TestApp) {
    let mut b = app.logged_in("anna").await;
    let first = b.cookies["plein_session"].clone();
    let before = b.clone();
    let res = b.post_form("/inloggen", &[("username", "anna"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_ne!(b.cookies["plein_session"], first);
    let mut before = before;
    assert_eq!(before.get("/").await.status, StatusCode::SEE_OTHER, "the browser's previous session ended");
    let user = app.store().user_by_login("anna").await.unwrap().unwrap();
    assert_eq!(app.store().count_sessions_of(user.id).await.unwrap(), 1);
}

async fn deactivating_a_user_ends_their_sessions_at_once(app: TestApp) {
    let mut b = app.logged_in("vertrekker").await;
    assert_eq!(b.get("/").await.status, StatusCode::OK);
    app.app.accounts().deactivate_user("vertrekker", None).await.unwrap();
    assert_eq!(b.get("/").await.status, StatusCode::SEE_OTHER);
    let res = b.post_form("/inloggen", &[("username", "vertrekker"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a deactivated user cannot log in");
    app.app.accounts().reactivate_user("vertrekker", None).await.unwrap();
    let res = b.post_form("/inloggen", &[("username", "vertrekker"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn malformed_cookies_count_as_logged_out(app: TestApp) {
    for value in ["", "x", "%%%", "a\"b", &"a".repeat(4000)] {
        let mut b = app.browser();
        b.cookies.insert("plein_session".into(), value.to_owned());
        let res = b.get("/").await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{value:?}");
        assert_eq!(b.get("/inloggen").await.status, StatusCode::OK);
    }
    let mut b = app.browser().with_header("cookie", "=;;; plein_lang=xx; plein_session");
    assert_eq!(b.get("/inloggen").await.status, StatusCode::OK);
}

async fn cross_site_posts_are_refused(app: TestApp) {
    app.add_user("eva", PASSWORD).await;
    let mut b = app.browser().with_header("sec-fetch-site", "cross-site").with_header("origin", "https://evil.example");
    let res = b.post_form("/inloggen", &[("username", "eva"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("Niet toegestaan"), "translated page: {}", res.body);
    assert!(res.set_cookies().is_empty());
    let mut same = app.browser().with_header("sec-fetch-site", "same-origin").with_header("origin", "http://localhost");
    let res = same.post_form("/inloggen", &[("username", "eva"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn oversized_bodies_get_413(app: TestApp) {
    let mut b = app.browser();
    let big = "x".repeat(3 * 1024 * 1024);
    let res = b.post_form("/inloggen", &[("username", big.as_str()), ("password", "p")]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.body.contains("Te groot"), "{}", &res.body[..res.body.len().min(400)]);
}

async fn the_language_switch_is_remembered(app: TestApp) {
    let mut anon = app.browser();
    let res = anon.post_form("/taal", &[("lang", "en"), ("next", "/inloggen")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/inloggen"));
    let res = anon.get("/inloggen").await;
    assert!(res.body.contains("<html lang=\"en\"") && res.body.contains("Username or e-mail address"));

    let mut b = app.logged_in("lotte").await;
    assert!(b.get("/").await.body.contains("Welkom"));
    b.post_form("/taal", &[("lang", "en"), ("next", "/")]).await;
    assert!(b.get("/").await.body.contains("Welcome"));
    // A new browser without the language cookie gets the stored choice after login.
    let mut other = app.browser();
    other.post_form("/inloggen", &[("username", "lotte"), ("password", PASSWORD)]).await;
    let res = other.get("/").await;
    assert!(res.body.contains("<html lang=\"en\""), "{}", res.body);
}

async fn an_unknown_language_is_refused(app: TestApp) {
    let mut b = app.browser();
    let res = b.post_form("/taal", &[("lang", "xx")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(!b.cookies.contains_key("plein_lang"));
    let res = b.post_form("/taal", &[]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn changing_the_password_checks_the_form_and_ends_other_sessions(app: TestApp) {
    let mut b = app.logged_in("sem").await;
    let mut other = app.browser();
    other.post_form("/inloggen", &[("username", "sem"), ("password", PASSWORD)]).await;
    let new = "Kanoën-op-de-Vecht-1972";

    let form = |current: &'static str, new: &'static str, repeat: &'static str| {
        [("current_password", current), ("new_password", new), ("repeat_password", repeat)]
    };
    let res = b.post_form("/account/wachtwoord", &form(PASSWORD, new, "anders")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("De twee nieuwe wachtwoorden zijn niet gelijk."));
    let res = b.post_form("/account/wachtwoord", &form(PASSWORD, "welkom123456", "welkom123456")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("te makkelijk te raden"));
    let res = b.post_form("/account/wachtwoord", &form(PASSWORD, "kort", "kort")).await;
    assert!(res.body.contains("minstens 12 tekens"));
    let res = b.post_form("/account/wachtwoord", &form("Fout-wachtwoord-99", new, new)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Het huidige wachtwoord klopt niet."));
    assert_eq!(other.get("/").await.status, StatusCode::OK, "failed changes change nothing");

    let res = b.post_form("/account/wachtwoord", &form(PASSWORD, new, new)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.get("/account?ok=wachtwoord").await.body.contains("Je wachtwoord is gewijzigd."));
    assert_eq!(other.get("/").await.status, StatusCode::SEE_OTHER, "other sessions ended");
    let mut fresh = app.browser();
    let res = fresh.post_form("/inloggen", &[("username", "sem"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = fresh.post_form("/inloggen", &[("username", "sem"), ("password", new)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

async fn security_headers_are_sent(app: TestApp) {
    let res = app.browser().get("/inloggen").await;
    assert_eq!(res.status, StatusCode::OK);
    let csp = res.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(res.header("referrer-policy"), Some("same-origin"));
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert!(res.header("x-request-id").is_some());
    assert!(res.header("strict-transport-security").is_none(), "no HSTS over plain HTTP");
}

async fn next_never_leaves_the_site(app: TestApp) {
    app.add_user("joost", PASSWORD).await;
    for next in ["//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/ /x"] {
        let mut b = app.browser();
        let res = b.post_form("/inloggen", &[("username", "joost"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(res.header("location"), Some("/"), "{next}");
    }
    // A control character is below the text floor: the whole login is refused.
    let res = app
        .browser()
        .post_form("/inloggen", &[("username", "joost"), ("password", PASSWORD), ("next", "/\u{1}x")])
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.set_cookies().is_empty(), "no session");
}

async fn assets_are_hashed_cached_and_compressed(app: TestApp) {
    let mut b = app.browser();
    let page = b.get("/inloggen").await.body;
    let css = page.split("href=\"").filter_map(|s| s.split('"').next()).find(|h| h.contains("/plein.")).unwrap();
    assert!(css.starts_with("/assets/plein.") && css.ends_with(".css"), "{css}");
    let res = b.get(css).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert!(res.header("content-type").unwrap().starts_with("text/css"));
    let mut br = app.browser().with_header("accept-encoding", "br");
    assert_eq!(br.get(css).await.header("content-encoding"), Some("br"));
    assert_eq!(b.get("/assets/plein.000000000000.css").await.status, StatusCode::NOT_FOUND);
}

async fn metrics_are_for_loopback_or_a_token(app: TestApp) {
    let mut local = app.browser();
    local.get("/inloggen").await;
    let res = local.get("/metrics").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("http_requests_total"), "{}", res.body);
    assert!(res.body.contains("http_request_duration_seconds_bucket"));
    assert!(res.body.contains("db_pool_connections"));
    assert!(
        res.body.contains("search_index_lag_seconds") && res.body.contains("search_index_documents"),
        "{}",
        res.body
    );
    let mut remote = app.browser().from_addr(SocketAddr::from(([192, 0, 2, 7], 4000)));
    assert_eq!(remote.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

async fn the_audit_log_records_logins_and_logouts(app: TestApp) {
    let mut b = app.logged_in("ria").await;
    b.post_form("/inloggen", &[("username", "ria"), ("password", "fout-wachtwoord")]).await;
    b.post_form("/uitloggen", &[]).await;
    let rows = app.store().recent_audit(10).await.unwrap();
    let seen: Vec<(String, String)> = rows.iter().map(|r| (r.action.clone(), r.result.clone())).collect();
    for expected in [("logout", "success"), ("login", "failure"), ("login", "success"), ("user.create", "success")] {
        assert!(seen.contains(&(expected.0.to_owned(), expected.1.to_owned())), "{expected:?} in {seen:?}");
    }
    let failure = rows.iter().find(|r| r.action == "login" && r.result == "failure").unwrap();
    assert_eq!(failure.origin.as_deref(), Some("127.0.0.1"));
    for row in &rows {
        let text = format!("{row:?}");
        assert!(!text.contains(PASSWORD) && !text.contains("fout-wachtwoord"), "no passwords in the audit log");
    }
}

async fn users_see_their_sessions_and_can_end_the_others(app: TestApp) {
    let ipad = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1";
    let mut b = app.logged_in("noor").await;
    let mut tablet = app.browser().with_header("user-agent", ipad);
    tablet.post_form("/inloggen", &[("username", "noor"), ("password", PASSWORD)]).await;
    let page = b.get("/account").await.body;
    assert!(page.contains("Safari op iPadOS"), "{page}");
    assert_eq!(page.matches("class=\"sessions__item\"").count(), 2);
    assert_eq!(page.matches("Deze sessie").count(), 1);
    assert!(page.contains("zojuist"));

    let res = b.post_form("/account/sessies/beeindigen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(b.get("/account?ok=sessies").await.body.contains("Je bent overal anders uitgelogd."));
    assert_eq!(tablet.get("/").await.status, StatusCode::SEE_OTHER, "the other session ended");
    assert_eq!(b.get("/").await.status, StatusCode::OK, "this one stays");
    let actions: Vec<String> = app.store().recent_audit(3).await.unwrap().into_iter().map(|r| r.action).collect();
    assert!(actions.contains(&"session.end_others".to_owned()));
    // Logged out, the form only leads to the login page.
    let res = app.browser().post_form("/account/sessies/beeindigen", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.header("location").unwrap().starts_with("/inloggen"));
}

async fn parallel_guesses_cannot_outrun_the_throttle(app: TestApp) {
    app.add_user("doelwit", PASSWORD).await;
    let tasks: Vec<_> = (0..30u8)
        .map(|i| {
            let mut b = app.browser().from_addr(SocketAddr::from(([10, 7, 0, i], 1000)));
            tokio::spawn(async move {
                b.post_form("/inloggen", &[("username", "doelwit"), ("password", "geraden-wachtwoord")]).await.status
            })
        })
        .collect();
    let mut verified = 0;
    for t in tasks {
        let status = t.await.unwrap();
        assert!(status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS, "{status}");
        if status == StatusCode::UNAUTHORIZED {
            verified += 1;
        }
    }
    assert!(verified <= 5, "{verified} guesses were checked; the limit is 5");
}

async fn username_and_email_share_one_throttle(app: TestApp) {
    app.add_user("wisselaar", PASSWORD).await;
    for i in 0..5u8 {
        let login = if i % 2 == 0 { "wisselaar" } else { "WISSELAAR@voorbeeld.nl" };
        let mut b = app.browser().from_addr(SocketAddr::from(([10, 8, 0, i], 1000)));
        b.post_form("/inloggen", &[("username", login), ("password", "fout-wachtwoord")]).await;
    }
    let mut b = app.browser().from_addr(SocketAddr::from(([10, 8, 1, 1], 1000)));
    let res = b.post_form("/inloggen", &[("username", "wisselaar@voorbeeld.nl"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn forwarded_requests_from_loopback_do_not_open_metrics(app: TestApp) {
    // A reverse proxy on the same machine that is not configured as trusted.
    let mut b = app.browser().with_header("x-forwarded-for", "203.0.113.50");
    assert_eq!(b.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let mut b = app.browser().with_header("forwarded", "for=203.0.113.50");
    assert_eq!(b.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

async fn errors_keep_the_cookies_and_headers_they_set(app: TestApp) {
    let mut b = app.browser();
    let res = b.send(Request::delete("/inloggen"), Body::empty()).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.body.contains("Deze handeling kan hier niet."));
    let allow = res.header("allow").unwrap_or_default();
    assert!(allow.contains("GET") && allow.contains("POST"), "Allow survives the error page: {allow:?}");
}

// Configuration-dependent cases, on SQLite only: the database plays no part in them.

#[tokio::test]
async fn https_deployments_get_secure_cookies_and_hsts() {
    let config = WebConfig {
        http: HttpConfig { public_url: Some("https://intranet.voorbeeld.nl".into()), ..Default::default() },
        ..Default::default()
    };
    let app = TestApp::with(Backend::Sqlite, config, Settings::default()).await.unwrap();
    app.add_user("henk", PASSWORD).await;
    let mut b = app.browser();
    let res = b.post_form("/inloggen", &[("username", "henk"), ("password", PASSWORD)]).await;
    let cookie = res.set_cookies().into_iter().find(|c| c.contains("plein_session=")).unwrap();
    assert!(cookie.starts_with("__Host-plein_session=") && cookie.contains("Secure"), "{cookie}");
    assert!(b.get("/").await.header("strict-transport-security").is_some());
    assert_eq!(b.get("/").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_trusted_proxy_gives_the_client_address_and_scheme() {
    let config = WebConfig {
        http: HttpConfig { trusted_proxies: vec!["10.0.0.1".parse().unwrap()], ..Default::default() },
        ..Default::default()
    };
    let app = TestApp::with(Backend::Sqlite, config, Settings::default()).await.unwrap();
    let proxy = SocketAddr::from(([10, 0, 0, 1], 80));
    let mut b = app
        .browser()
        .from_addr(proxy)
        .with_header("x-forwarded-for", "127.0.0.1, 203.0.113.9")
        .with_header("x-forwarded-proto", "https");
    b.post_form("/inloggen", &[("username", "x"), ("password", "y")]).await;
    let row = app.store().recent_audit(1).await.unwrap().remove(0);
    assert_eq!(row.origin.as_deref(), Some("203.0.113.9"), "the rightmost untrusted address, not a spoofed one");
    assert!(b.get("/inloggen").await.header("strict-transport-security").is_some());
    assert_eq!(b.get("/metrics").await.status, StatusCode::NOT_FOUND, "a proxied client is not loopback");
    // Untrusted peers cannot claim an address.
    let mut direct =
        app.browser().from_addr(SocketAddr::from(([198, 51, 100, 1], 80))).with_header("x-forwarded-for", "127.0.0.1");
    assert_eq!(direct.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_open_with_the_configured_token() {
    let config = WebConfig { metrics: MetricsConfig { token: Some("geheim-token-123".into()) }, ..Default::default() };
    let app = TestApp::with(Backend::Sqlite, config, Settings::default()).await.unwrap();
    let remote = SocketAddr::from(([192, 0, 2, 7], 4000));
    let mut ok = app.browser().from_addr(remote).with_header("authorization", "Bearer geheim-token-123");
    assert_eq!(ok.get("/metrics").await.status, StatusCode::OK);
    let mut wrong = app.browser().from_addr(remote).with_header("authorization", "Bearer fout");
    assert_eq!(wrong.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn idle_sessions_end() {
    let settings = Settings { session_idle: Duration::ZERO, ..Default::default() };
    let app = TestApp::with(Backend::Sqlite, WebConfig::default(), settings).await.unwrap();
    let mut b = app.logged_in("slaper").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(b.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime() {
    let settings = Settings { session_absolute: Duration::ZERO, ..Default::default() };
    let app = TestApp::with(Backend::Sqlite, WebConfig::default(), settings).await.unwrap();
    let mut b = app.logged_in("oud").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(b.get("/").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_configured_organisation_name_and_logo_show() {
    let dir = tempfile_dir();
    let logo = dir.join("logo.svg");
    std::fs::write(&logo, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let config = WebConfig {
        organisation: plein_web::OrganisationConfig {
            name: "Samen@Work".into(),
            logo: Some(logo),
            accessibility_url: Some("https://www.voorbeeld.nl/toegankelijkheid".into()),
        },
        ..Default::default()
    };
    let app = TestApp::with(Backend::Sqlite, config, Settings::default()).await.unwrap();
    let mut b = app.browser();
    let res = b.get("/inloggen").await;
    assert!(res.body.contains("Samen@Work"));
    assert!(res.body.contains("href=\"https://www.voorbeeld.nl/toegankelijkheid\""));
    let logo_url = res.body.split("src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();
    let res = b.send(Request::get(logo_url.as_str()), Body::empty()).await;
    assert_eq!(res.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("plein-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_broken_database_gives_the_translated_500_and_an_unhealthy_check() {
    let app = TestApp::new(Backend::Sqlite).await.unwrap();
    let mut b = app.logged_in("pech").await;
    b.cookies.insert("plein_lang".into(), "en".into());
    app.store().clone().close().await.unwrap();
    let res = b.get("/").await;
    assert_eq!(res.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(res.body.contains("Something went wrong"), "{}", res.body);
    assert!(!res.body.to_lowercase().contains("pool"), "no internals shown");
    assert_eq!(app.browser().get("/healthz").await.status, StatusCode::SERVICE_UNAVAILABLE);
}
