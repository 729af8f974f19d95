//! People over HTTP, on SQLite and PostgreSQL: the directory is for employees, profiles show
//! only what the reader may see, and everyone edits their own.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_testkit::{PASSWORD, TestApp, on_both_databases, png};

on_both_databases!(
    employees_find_colleagues_by_name_department_group_and_expertise,
    profiles_show_only_what_the_reader_may_see,
    guests_see_only_co_members_and_no_directory,
    profile_edits_are_checked,
    photos_are_checked_resized_and_shown_only_to_who_may_see_the_person,
    birthdays_are_day_and_month_and_shown_only_when_chosen,
    the_directory_pages_through_everyone_once,
);

/// Every `/mensen/{id}` profile link on a page, and the next page's address.
fn profile_links(body: &str) -> (Vec<String>, Option<String>) {
    let ids = body
        .split("href=\"/mensen/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    let next = body.split("rel=\"next\"").next().filter(|_| body.contains("rel=\"next\"")).and_then(|before| {
        before.rsplit("href=\"").next().and_then(|h| h.split('"').next()).map(|h| h.replace("&#38;", "&"))
    });
    (ids, next)
}

async fn the_directory_pages_through_everyone_once(app: TestApp) {
    let mut reader = app.logged_in("lezer").await;
    // Same names on purpose: the page boundary must not drop or repeat anyone.
    app.add_many("p", 119, |i| format!("Persoon {}", i / 3)).await;
    let mut seen = std::collections::BTreeSet::new();
    let mut url = Some("/mensen?naam=persoon".to_owned());
    let mut pages = 0;
    while let Some(u) = url {
        let page = reader.get(&u).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("119 personen"), "the count covers every page");
        let (ids, next) = profile_links(&page.body);
        assert!(ids.len() <= 50);
        for id in ids {
            assert!(seen.insert(id.clone()), "{id} shown twice");
        }
        if pages > 0 {
            assert!(page.body.contains("Eerste pagina"));
        }
        url = next;
        pages += 1;
    }
    assert_eq!((pages, seen.len()), (3, 119));
}

async fn birthdays_are_day_and_month_and_shown_only_when_chosen(app: TestApp) {
    let mut jarig = app.logged_in("jarig").await;
    let id = app.store().user_by_login("jarig").await.unwrap().unwrap().id;
    let mut collega = app.logged_in("collega").await;
    let res = profile(&mut jarig, &[("birthday_day", "31"), ("birthday_month", "4")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "31 April does not exist");
    assert!(res.body.contains("id=\"birthday-error\""));
    let res = profile(&mut jarig, &[("birthday_day", "12"), ("birthday_month", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a day without a month");

    let res = profile(&mut jarig, &[("birthday_day", "29"), ("birthday_month", "2")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(jarig.get(&format!("/mensen/{id}")).await.body.contains("29 februari"), "the owner sees it");
    assert!(!collega.page(&format!("/mensen/{id}")).await.contains("29 februari"), "hidden until chosen");
    let form = jarig.get("/account/profiel").await.body;
    assert!(form.contains("<option value=\"29\" selected>") && form.contains("<option value=\"2\" selected>"));

    let res = profile(&mut jarig, &[("birthday_day", "29"), ("birthday_month", "2"), ("birthday_visible", "1")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = collega.get(&format!("/mensen/{id}")).await.body;
    assert!(page.contains("Verjaardag") && page.contains("29 februari"), "{page}");
    assert_eq!(app.store().user_by_id(id).await.unwrap().unwrap().birthday.as_deref(), Some("02-29"));

    let res = profile(&mut jarig, &[("birthday_day", ""), ("birthday_month", ""), ("birthday_visible", "1")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(!collega.page(&format!("/mensen/{id}")).await.contains("Verjaardag"), "cleared");
}

async fn profile(b: &mut plein_testkit::Browser, fields: &[(&str, &str)]) -> plein_testkit::TestResponse {
    b.post_form("/account/profiel", fields).await
}

async fn employees_find_colleagues_by_name_department_group_and_expertise(app: TestApp) {
    let mut anna = app.logged_in("anna").await;
    let res = profile(
        &mut anna,
        &[("job_title", "Beleidsadviseur"), ("department", "Ruimte"), ("expertise", "Omgevingswet, subsidies")],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let mut bert = app.logged_in("bert").await;
    profile(&mut bert, &[("department", "Burgerzaken"), ("expertise", "paspoorten")]).await;
    let group = app.store().insert_group("Projectteam Brug", "").await.unwrap();
    let bert_id = app.store().user_by_login("bert").await.unwrap().unwrap().id;
    app.store().add_group_members(group.id, &[bert_id]).await.unwrap();

    let mut anna = app.logged_in("lezer").await;
    let all = anna.get("/mensen").await.body;
    assert!(all.contains("Test anna") && all.contains("Test bert") && all.contains("Beleidsadviseur"));
    let by_name = anna.page("/mensen?naam=BERT").await;
    assert!(by_name.contains("Test bert") && !by_name.contains("Test anna"));
    let by_dept = anna.page("/mensen?afdeling=Ruimte").await;
    assert!(by_dept.contains("Test anna") && !by_dept.contains("Test bert"));
    let by_group = anna.page(&format!("/mensen?groep={}", group.id)).await;
    assert!(by_group.contains("Test bert") && !by_group.contains("Test anna"));
    let by_tag = anna.page("/mensen?expertise=omgevingswet").await;
    assert!(by_tag.contains("Test anna") && !by_tag.contains("Test bert"));
    assert!(anna.get("/mensen?naam=%25").await.body.contains("Niemand gevonden"), "wildcards are text");
}

async fn profiles_show_only_what_the_reader_may_see(app: TestApp) {
    let mut carla = app.logged_in("carla").await;
    profile(&mut carla, &[("phone", "0341 12 34 56"), ("about", "Ik werk aan de Omgevingswet.")]).await;
    let carla_row = app.store().user_by_login("carla").await.unwrap().unwrap();
    let carla_id = carla_row.id;
    app.space("Open Overleg").owned_by(&carla_row).await;
    app.space("Geheim Dossier").secret().owned_by(&carla_row).await;
    let mut other = app.logged_in("daan").await;
    let page = other.page(&format!("/mensen/{carla_id}")).await;
    assert!(page.contains("Ik werk aan de Omgevingswet.") && page.contains("Open Overleg"));
    assert!(!page.contains("Geheim Dossier"), "a secret space is not named on a profile");
    assert!(!page.contains("0341 12 34 56"), "the phone number is hidden unless its owner shows it");
    assert!(
        carla.get(&format!("/mensen/{carla_id}")).await.body.contains("Geheim Dossier"),
        "the owner sees their own"
    );
    profile(&mut carla, &[("phone", "0341 12 34 56"), ("phone_visible", "1")]).await;
    assert!(other.get(&format!("/mensen/{carla_id}")).await.body.contains("0341 12 34 56"));
    assert_eq!(other.get("/mensen/999999").await.status, StatusCode::NOT_FOUND);
}

async fn guests_see_only_co_members_and_no_directory(app: TestApp) {
    let host = app.add_user("gastvrouw", PASSWORD).await;
    let stranger = app.add_user("vreemde", PASSWORD).await;
    let guest = app.add_guest("bezoek", PASSWORD).await;
    app.space("Ketenoverleg")
        .kind(plein_core::space::SpaceKind::Project)
        .closed()
        .colour("green")
        .allows_guests()
        .owned_by(&host)
        .guest(&guest)
        .await;
    let mut g = app.login_as("bezoek").await;
    assert_eq!(g.get("/mensen").await.status, StatusCode::NOT_FOUND);
    let directory = g.page("/teams").await;
    assert!(directory.contains("Ketenoverleg"), "{directory}");
    assert!(!directory.contains("href=\"/mensen\""), "no directory link for guests");
    assert_eq!(g.get(&format!("/mensen/{}", host.id)).await.status, StatusCode::OK, "a co-member");
    assert_eq!(g.get(&format!("/mensen/{}", stranger.id)).await.status, StatusCode::NOT_FOUND);
    let mut e = app.login_as("vreemde").await;
    assert!(e.get(&format!("/mensen/{}", guest.id)).await.body.contains("extern"), "guests are labelled external");
}

async fn profile_edits_are_checked(app: TestApp) {
    let mut b = app.logged_in("edwin").await;
    assert_eq!(b.get("/account/profiel").await.status, StatusCode::OK);
    let res = profile(&mut b, &[("phone", "bel me maar")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Dit is geen geldige waarde.") && res.body.contains("value=\"bel me maar\""));
    let long = "x".repeat(101);
    let res = profile(&mut b, &[("job_title", long.as_str())]).await;
    assert!(res.body.contains("hoogstens 100 tekens"));
    let many: String = (0..21).map(|i| format!("onderwerp{i}")).collect::<Vec<_>>().join(",");
    let res = profile(&mut b, &[("expertise", many.as_str())]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = profile(&mut b, &[("job_title", "Archivaris"), ("expertise", "Archief, archief, DIV")]).await;
    assert_eq!(res.header("location"), Some("/account/profiel?ok=profiel-opgeslagen"));
    let page = b.get("/account/profiel?ok=profiel-opgeslagen").await.body;
    assert!(
        page.contains("Je profiel is opgeslagen.") && page.contains("value=\"archief, div\""),
        "tags deduplicated: {page}"
    );
}

async fn photos_are_checked_resized_and_shown_only_to_who_may_see_the_person(app: TestApp) {
    let mut me = app.logged_in("fotograaf").await;
    let my_id = app.store().user_by_login("fotograaf").await.unwrap().unwrap().id;
    assert_eq!(me.get(&format!("/mensen/{my_id}/foto")).await.status, StatusCode::NOT_FOUND, "no photo yet");

    let res = me.post_bytes("/account/foto", "photo", "script.svg", "image/svg+xml", b"<svg onload=alert(1)/>").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("geen afbeelding die we kunnen lezen"));
    let res = me.post_bytes("/account/foto", "photo", "breed.png", "image/png", &png(8001, 1)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("te groot"));

    let res = me.post_bytes("/account/foto", "photo", "ik.png", "image/png", &png(800, 600)).await;
    assert_eq!(res.header("location"), Some("/account/profiel?ok=foto"));
    let photo = me.get(&format!("/mensen/{my_id}/foto")).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.header("content-type"), Some("image/jpeg"));
    assert_eq!(photo.header("cache-control"), Some("private, max-age=3600"));
    assert!(me.get(&format!("/mensen/{my_id}")).await.body.contains(&format!("/mensen/{my_id}/foto?v=")));

    let mut colleague = app.logged_in("collega").await;
    assert_eq!(colleague.get(&format!("/mensen/{my_id}/foto")).await.status, StatusCode::OK);
    app.add_guest("buitenstaander", PASSWORD).await;
    let mut guest = app.login_as("buitenstaander").await;
    assert_eq!(guest.get(&format!("/mensen/{my_id}/foto")).await.status, StatusCode::NOT_FOUND, "not a co-member");
    assert_eq!(app.browser().get(&format!("/mensen/{my_id}/foto")).await.status, StatusCode::SEE_OTHER, "login first");

    let boundary_remove = me.post_bytes("/account/foto", "remove", "", "text/plain", b"1").await;
    assert_eq!(boundary_remove.header("location"), Some("/account/profiel?ok=foto"));
    assert_eq!(me.get(&format!("/mensen/{my_id}/foto")).await.status, StatusCode::NOT_FOUND);
}
