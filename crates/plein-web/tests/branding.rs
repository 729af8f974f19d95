//! The intranet's own name, logo and colours over HTTP on SQLite and PostgreSQL: only
//! administrators change them; colours that fail WCAG contrast are refused with the pair and its
//! ratio named and nothing saved; a change shows at once on this node and within seconds on
//! another, without a restart.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{TestApp, on_both_databases, png};

on_both_databases!(administrators_brand_the_intranet, colours_must_pass_contrast_and_images_be_images);

fn title(page: &str) -> &str {
    page.split("<title>").nth(1).unwrap().split("</title>").next().unwrap()
}

async fn administrators_brand_the_intranet(app: TestApp) {
    let mut admin = app.user("beheer").admin().browser().await;
    let mut editor = app.user("redacteur").can(Capability::PublishNews).browser().await;
    let mut visitor = app.browser();
    // Only administrators.
    assert_eq!(editor.get("/beheer/huisstijl").await.status, StatusCode::NOT_FOUND);
    let res = editor.post_form("/beheer/huisstijl", &[("name", "Van mij")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(title(&editor.page("/").await).ends_with("· Plein"), "nothing changed");
    assert!(admin.page("/beheer").await.contains("/beheer/huisstijl"));
    assert!(admin.page("/beheer/huisstijl").await.contains("Huisstijl"));
    // No colours of its own yet: no extra style sheet.
    assert!(!visitor.page("/inloggen").await.contains("/huisstijl.css"));

    // Another node has read (and keeps) the branding as it was.
    let other = app.other_node().await;
    assert_eq!(other.branding().current().await.unwrap().name, None);
    let logo = png(300, 100);
    let res = admin
        .post_parts(
            "/beheer/huisstijl",
            &[
                ("name", "", "text/plain", "Samen@Work".as_bytes()),
                ("logo", "logo.png", "image/png", &logo),
                ("logo_alt", "", "text/plain", "Logo van Utrechtse Heuvelrug".as_bytes()),
                ("primary_colour", "", "text/plain", b"#00634f"),
                ("header_colour", "", "text/plain", b"#004C3F"),
                ("link_colour", "", "text/plain", b""),
                ("login_intro", "", "text/plain", "Welkom op Samen@Work.\n\nHulp nodig? Bel 1234.".as_bytes()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    // At once, on every page of this node, for everyone.
    let home = editor.page("/").await;
    assert!(title(&home).ends_with("· Samen@Work"), "{}", title(&home));
    assert!(home.contains("alt=\"Logo van Utrechtse Heuvelrug\"") && home.contains("/huisstijl/logo?v="));
    let login = visitor.page("/inloggen").await;
    assert!(login.contains("Welkom op Samen@Work.") && login.contains("Hulp nodig? Bel 1234."));
    let css_href = login.split("href=\"/huisstijl.css").nth(1).unwrap().split('"').next().unwrap();
    let css = visitor.get(&format!("/huisstijl.css{css_href}")).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(css.body.contains("--plein-brand-primary: #00634f") && css.body.contains("--plein-brand-header: #004c3f"));
    assert!(css.body.contains("--plein-color-link: #00634f"), "links follow the primary colour");
    let logo_href = home.split("src=\"/huisstijl/logo").nth(1).unwrap().split('"').next().unwrap();
    let image = visitor.get(&format!("/huisstijl/logo{logo_href}")).await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.header("content-type"), Some("image/png"));
    // The other node sees it within seconds, without a restart.
    tokio::time::sleep(plein_app::branding::FRESH_FOR + std::time::Duration::from_millis(200)).await;
    assert_eq!(other.branding().current().await.unwrap().name.as_deref(), Some("Samen@Work"));
    // Emptied, the configuration's name is back; the change is in the audit log.
    let res = admin.post_form("/beheer/huisstijl", &[("name", ""), ("logo_alt", "Logo"), ("remove_logo", "1")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(title(&editor.page("/").await).ends_with("· Plein"));
    assert!(admin.page("/beheer/logboek").await.contains("branding.save"));
}

async fn colours_must_pass_contrast_and_images_be_images(app: TestApp) {
    let mut admin = app.user("beheer").admin().browser().await;
    // A pale header under white text: refused, with the pair and its ratio named.
    let res = admin
        .post_form("/beheer/huisstijl", &[("name", "Te licht"), ("header_colour", "#9fc5e8"), ("primary_colour", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"header_colour-error\""), "{}", res.body);
    assert!(res.body.contains("Witte tekst op deze kopbalkkleur is slecht leesbaar: contrast 1,"), "{}", res.body);
    assert!(res.body.contains("nodig is ten minste 4,5:1"));
    // Light blue buttons with white text; links in grey.
    let res = admin.post_form("/beheer/huisstijl", &[("primary_colour", "#5aa9e6")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"primary_colour-error\"") && res.body.contains("Witte tekst op deze hoofdkleur"));
    let res = admin.post_form("/beheer/huisstijl", &[("link_colour", "#999999")]).await;
    assert!(res.body.contains("id=\"link_colour-error\"") && res.body.contains("Links in deze kleur"));
    let res = admin.post_form("/beheer/huisstijl", &[("primary_colour", "blauw")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"primary_colour-error\""));
    // Not an image, or a decompression bomb; a logo needs its description.
    let res = admin.post_parts("/beheer/huisstijl", &[("logo", "logo.png", "image/png", b"geen plaatje")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"logo-error\""), "{}", res.body);
    let bomb = png(20_000, 20_000);
    let res = admin
        .post_parts(
            "/beheer/huisstijl",
            &[("logo", "groot.png", "image/png", &bomb), ("logo_alt", "", "text/plain", b"Groot")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"logo-error\""));
    let res = admin.post_parts("/beheer/huisstijl", &[("logo", "logo.png", "image/png", &png(40, 40))]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"logo_alt-error\""));
    // Nothing of it was saved.
    let page = admin.page("/").await;
    assert!(title(&page).ends_with("· Plein") && !page.contains("/huisstijl.css") && !page.contains("/huisstijl/logo"));
}
