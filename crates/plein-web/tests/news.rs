//! News over HTTP on SQLite and PostgreSQL: an editor writes an item with a picture and read
//! confirmation through the form; the audience sees it on the start page and in the archive and
//! confirms, comments and likes without JavaScript; the report, its CSV and the picture are for those who may see
//! them (404 for everyone outside the audience, 403 for readers); bad input gets the form again;
//! a comment on news is reported and a moderator hides it.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{TestApp, on_both_databases, png};

on_both_databases!(
    an_editor_writes_and_the_audience_confirms,
    bad_news_input_gets_the_form_again,
    a_comment_on_news_is_reported_and_hidden
);

/// The id in a redirect to `/nieuws/{id}?…`.
fn id_of(location: &str) -> i64 {
    location.trim_start_matches("/nieuws/").split('?').next().unwrap().parse().unwrap()
}

async fn an_editor_writes_and_the_audience_confirms(app: TestApp) {
    let (_, mut editor) = app.user("redacteur").can(Capability::PublishNews).with_browser().await;
    let (ann, mut reader) = app.user("ann").with_browser().await;
    let (_, mut outsider) = app.user("buiten").with_browser().await;
    let hr = app.store().insert_group("Afdeling HRM", "").await.unwrap();
    app.store().add_group_members(hr.id, &[ann.id]).await.unwrap();
    // The form offers the groups; a reader without `publish_news` gets no form.
    assert!(editor.page("/nieuws/nieuw").await.contains("Afdeling HRM"));
    assert_eq!(reader.get("/nieuws/nieuw").await.status, StatusCode::NOT_FOUND);
    let group = hr.id.to_string();
    let picture = png(80, 60);
    let res = editor
        .post_parts(
            "/nieuws",
            &[
                ("title", "", "text/plain", "Nieuwe werkplekregeling".as_bytes()),
                ("lead", "", "text/plain", "Vaste kantoordagen per team.".as_bytes()),
                ("body", "", "text/plain", "Lees de **regeling**.".as_bytes()),
                ("category", "", "text/plain", "Personeel".as_bytes()),
                ("audience", "", "text/plain", b"groups"),
                ("groups", "", "text/plain", group.as_bytes()),
                ("publishing", "", "text/plain", b"now"),
                ("confirmation", "", "text/plain", b"1"),
                ("reactions", "", "text/plain", b"1"),
                ("picture", "kantoor.png", "image/png", &picture),
                ("picture_alt", "", "text/plain", "Een lege kantoortuin".as_bytes()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = id_of(res.header("location").unwrap());
    app.app.run_due_jobs().await.unwrap();

    // The audience: on the start page as "to confirm", in the archive, the item with its button.
    let home = reader.page("/").await;
    assert!(home.contains("Nieuwe werkplekregeling") && home.contains("Eén bericht te bevestigen"), "{home}");
    assert!(reader.page("/nieuws").await.contains("Nieuwe werkplekregeling"));
    assert!(reader.page("/nieuws/te-bevestigen").await.contains("Nieuwe werkplekregeling"));
    let item = reader.page(&format!("/nieuws/{id}")).await;
    assert!(item.contains("Een lege kantoortuin") && item.contains(&format!("action=\"/nieuws/{id}/bevestigen\"")));
    assert!(!item.contains("/rapport\""), "readers get no report link");
    assert_eq!(reader.get(&format!("/nieuws/{id}/afbeelding?formaat=klein")).await.status, StatusCode::OK);
    // Confirming is one form, without JavaScript.
    let res = reader.post_form(&format!("/nieuws/{id}/bevestigen"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let item = reader.page(&format!("/nieuws/{id}")).await;
    assert!(item.contains("Je hebt bevestigd"), "{item}");
    assert!(reader.page("/nieuws/te-bevestigen").await.contains("Je hebt alles bevestigd"));
    assert_eq!(reader.get(&format!("/nieuws/{id}/rapport")).await.status, StatusCode::FORBIDDEN);

    // Comments and likes, without JavaScript: back on the item, counted there.
    let res =
        reader.post_form(&format!("/nieuws/{id}/reacties"), &[("body", "Geldt dit ook voor de buitendienst?")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let location = res.header("location").unwrap().to_owned();
    assert!(location.starts_with(&format!("/nieuws/{id}?")) && location.contains("#reactie-"), "{location}");
    let comment: i64 = location.rsplit("#reactie-").next().unwrap().parse().unwrap();
    let res = reader
        .post_form(&format!("/nieuws/{id}/vind-ik-leuk"), &[("aan", "1"), ("terug", &format!("/nieuws/{id}"))])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some(format!("/nieuws/{id}#nieuws-{id}").as_str()));
    let item = reader.page(&format!("/nieuws/{id}")).await;
    assert!(item.contains("Geldt dit ook voor de buitendienst?") && item.contains("Eén reactie"), "{item}");
    assert!(item.contains("aria-pressed=\"true\"") && item.contains(&format!("action=\"/nieuws/{id}/reacties\"")));
    let empty = reader.post_form(&format!("/nieuws/{id}/reacties"), &[("body", "  ")]).await;
    assert!(empty.header("location").unwrap().contains("#reageren"), "an empty comment gets the form again");
    // Suggestions for an @ in a comment: people who may read the item, for those who may.
    let people = editor.get(&format!("/berichten/vermelden?plaats=news:{id}&q=an")).await;
    assert!(people.body.contains("\"ann\""), "{}", people.body);
    let people = editor.get(&format!("/berichten/vermelden?plaats=news:{id}&q=bu")).await;
    assert_eq!((people.status, people.body.as_str()), (StatusCode::OK, "[]"), "outside the audience");
    assert_eq!(
        outsider.get(&format!("/berichten/vermelden?plaats=news:{id}&q=an")).await.status,
        StatusCode::NOT_FOUND
    );
    let editor_item = editor.page(&format!("/nieuws/{id}")).await;
    assert!(editor_item.contains(&format!("action=\"/reacties/{comment}/verwijderen\"")), "the editor removes it");

    // Outside the audience the item does not exist, on every channel.
    for path in [
        format!("/nieuws/{id}"),
        format!("/nieuws/{id}/afbeelding"),
        format!("/nieuws/{id}/rapport"),
        format!("/nieuws/{id}/rapport.csv"),
        format!("/nieuws/{id}/bewerken"),
    ] {
        let res = outsider.get(&path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!res.body.contains("werkplekregeling"), "{path}");
    }
    assert_eq!(outsider.post_form(&format!("/nieuws/{id}/bevestigen"), &[]).await.status, StatusCode::NOT_FOUND);
    for (path, fields) in [
        (format!("/nieuws/{id}/reacties"), &[("body", "Mag ik ook?")][..]),
        (format!("/nieuws/{id}/vind-ik-leuk"), &[("aan", "1")][..]),
        (format!("/reacties/{comment}/vind-ik-leuk"), &[("aan", "1")][..]),
        (format!("/reacties/{comment}/verwijderen"), &[("bevestigd", "1")][..]),
    ] {
        let res = outsider.post_form(&path, fields).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!res.body.contains("werkplekregeling") && !res.body.contains("Geldt dit"), "{path}");
    }
    assert_eq!(outsider.get(&format!("/reacties/{comment}/melden")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.post_form(&format!("/nieuws/{id}/herinneren"), &[]).await.status, StatusCode::NOT_FOUND);
    let archive = outsider.page("/nieuws").await;
    assert!(!archive.contains("werkplekregeling") && archive.contains("Er is (nog) geen nieuws"));
    assert!(!outsider.page("/").await.contains("werkplekregeling"));
    assert!(!outsider.page("/meldingen").await.contains("werkplekregeling"));

    // The editor's report: numbers, the chart, names, the CSV and reminders.
    let report = editor.page(&format!("/nieuws/{id}/rapport?wie=iedereen")).await;
    assert!(report.contains("1 van 1 mensen hebben bevestigd (100%)"), "{report}");
    assert!(report.contains("<svg viewBox") && report.contains("Test ann"));
    let csv = editor.get(&format!("/nieuws/{id}/rapport.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").unwrap().starts_with("attachment; filename=\"leesbevestiging-"));
    assert!(csv.body.starts_with('\u{feff}') && csv.body.contains("Naam;Afdeling;E-mailadres;Soort;Bevestigd op"));
    let res = editor.post_form(&format!("/nieuws/{id}/herinneren"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.header("location").unwrap().contains("ok=herinnerd"));
    // The desk lists it; the reader has no desk entries.
    assert!(editor.page("/nieuws/redactie").await.contains("Nieuwe werkplekregeling"));
    assert!(reader.page("/nieuws/redactie").await.contains("Je beheert nog geen nieuwsberichten"));
}

async fn bad_news_input_gets_the_form_again(app: TestApp) {
    let mut editor = app.user("redacteur").can(Capability::PublishNews).browser().await;
    let res = editor
        .post_form(
            "/nieuws",
            &[
                ("title", "Verkeerde datums"),
                ("audience", "everyone"),
                ("publishing", "at"),
                ("publish_at", "2030-05-02T10:00"),
                ("ends_at", "2030-05-01T10:00"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("De einddatum moet na de publicatiedatum liggen.") && res.body.contains("Verkeerde datums")
    );
    let res =
        editor.post_form("/nieuws", &[("title", "Geen datum"), ("publishing", "at"), ("publish_at", "morgen")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Vul een datum en tijd in"));
    let res = editor.post_form("/nieuws", &[("title", "Niemand"), ("audience", "groups")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Kies een of meer groepen"));
    let res = editor
        .post_parts(
            "/nieuws",
            &[
                ("title", "", "text/plain", b"Met een nepplaatje"),
                ("picture", "plaatje.png", "image/png", b"geen afbeelding"),
                ("picture_alt", "", "text/plain", b"Iets"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("id=\"picture-error\""), "{}", res.body);
    assert!(editor.page("/nieuws/redactie").await.contains("Je beheert nog geen nieuwsberichten"), "nothing saved");
}

async fn a_comment_on_news_is_reported_and_hidden(app: TestApp) {
    let (_, mut editor) = app.user("redacteur").can(Capability::PublishNews).with_browser().await;
    let (_, mut moderator) = app.user("moderator").can(Capability::Moderate).with_browser().await;
    let (_, mut writer) = app.user("schrijver").with_browser().await;
    let (_, mut reader) = app.user("lezer").with_browser().await;
    let res = editor
        .post_parts(
            "/nieuws",
            &[
                ("title", "", "text/plain", "Kerstborrel".as_bytes()),
                ("lead", "", "text/plain", "Vrijdag in de hal.".as_bytes()),
                ("body", "", "text/plain", "Iedereen is welkom.".as_bytes()),
                ("audience", "", "text/plain", b"everyone"),
                ("publishing", "", "text/plain", b"now"),
                ("reactions", "", "text/plain", b"1"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let id = id_of(res.header("location").unwrap());
    let res = writer.post_form(&format!("/nieuws/{id}/reacties"), &[("body", "Wat een slecht plan")]).await;
    let comment: i64 = res.header("location").unwrap().rsplit("#reactie-").next().unwrap().parse().unwrap();

    // Readers find "Melden" under someone else's comment; its writer does not.
    let report = format!("/reacties/{comment}/melden");
    assert!(reader.page(&format!("/nieuws/{id}")).await.contains(&format!("href=\"{report}\"")));
    assert!(!writer.page(&format!("/nieuws/{id}")).await.contains(&format!("href=\"{report}\"")));
    assert_eq!(writer.get(&report).await.status, StatusCode::FORBIDDEN, "not one's own");
    let form = reader.page(&report).await;
    assert!(form.contains(&format!("href=\"/nieuws/{id}#reactie-{comment}\"")), "back to the item: {form}");
    let res = reader.post_form(&report, &[("reden", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed");
    let res = reader.post_form(&report, &[("reden", "Onaardig")]).await;
    assert_eq!(res.header("location"), Some(format!("/nieuws/{id}?ok=gemeld#reactie-{comment}").as_str()));

    // The moderators' queue names the item and links to the comment; a decision closes it.
    assert!(editor.page("/moderatie").await.contains("Wat een slecht plan"), "the editors of site news judge too");
    assert_eq!(writer.get("/moderatie").await.status, StatusCode::NOT_FOUND);
    let queue = moderator.page("/moderatie").await;
    assert!(queue.contains("bij nieuws: Kerstborrel") && queue.contains("Wat een slecht plan"), "{queue}");
    assert!(queue.contains(&format!("href=\"/nieuws/{id}#reactie-{comment}\"")), "{queue}");
    let res = moderator
        .post_form("/moderatie", &[("reactie", &comment.to_string()), ("besluit", "hide"), ("reden", "Blijf netjes")])
        .await;
    assert_eq!(res.header("location"), Some("/moderatie?ok=afgehandeld"));
    assert!(moderator.page("/moderatie").await.contains("Er zijn geen open meldingen"));
    let item = reader.page(&format!("/nieuws/{id}")).await;
    assert!(item.contains("Kerstborrel") && !item.contains("Wat een slecht plan"), "hidden from readers: {item}");
    let own = writer.page(&format!("/nieuws/{id}")).await;
    assert!(own.contains("Wat een slecht plan") && own.contains("Reden: Blijf netjes"), "its writer sees why: {own}");
    let audit = app.store().search_audit(Some("comment.hide"), None, None, 10).await.unwrap();
    assert!(audit.first().unwrap().detail.as_deref().unwrap_or_default().contains(&format!("\"news\":{id}")));
    assert_eq!(
        moderator.post_form("/moderatie", &[("besluit", "hide"), ("reden", "x")]).await.status,
        StatusCode::BAD_REQUEST,
        "a decision names what it is about"
    );
}
