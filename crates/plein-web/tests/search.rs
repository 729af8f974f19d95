//! The search page over HTTP, on SQLite and PostgreSQL: a secret team's post is found by its
//! members only (results, snippets and counts), people by name, and no query is an error.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::http::StatusCode;
use plein_core::policy::Capability;
use plein_testkit::{TestApp, on_both_databases};

on_both_databases!(
    members_find_a_secret_teams_post_and_nobody_else_does,
    no_query_is_an_error,
    suggestions_and_narrowing_keep_to_what_the_reader_may_see,
);

/// Creates the secret team "Reorganisatie" as `owner`; its id.
async fn secret_team(owner: &mut plein_testkit::Browser) -> i64 {
    let res = owner
        .post_form(
            "/teams",
            &[("name", "Reorganisatie"), ("kind", "team"), ("visibility", "secret"), ("colour", "blue")],
        )
        .await;
    res.header("location").unwrap().trim_start_matches("/teams/").split('?').next().unwrap().parse().unwrap()
}

async fn members_find_a_secret_teams_post_and_nobody_else_does(app: TestApp) {
    let mut eva = app.user("eva").can(Capability::CreateSpaces).browser().await;
    let mut piet = app.user("piet").browser().await;
    let team = secret_team(&mut eva).await;
    let res = eva
        .post_form(
            "/berichten",
            &[
                ("plaats", &format!("space:{team}")),
                ("body", "De nieuwe afdelingsindeling gaat in op 1 maart <b>vet</b>"),
                ("terug", "/"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(app.app.search().catch_up(std::time::Duration::from_secs(10)).await.unwrap());

    let page = eva.page("/zoeken?q=afdelingsindelingen").await;
    assert!(page.contains("<b>afdelingsindeling</b>"), "the member finds it, the word marked: {page}");
    assert!(page.contains("&lt;b&gt;vet") && !page.contains("<b>vet"), "the text is escaped: {page}");
    assert!(page.contains("Eén resultaat"), "{page}");
    let link = page.split("href=\"/berichten/").nth(1).unwrap().split('"').next().unwrap().to_owned();

    // Someone else finds nothing: no hit, no snippet, no count, not even the team's name.
    let page = piet.page("/zoeken?q=afdelingsindeling").await;
    assert!(page.contains("Niets gevonden voor"), "{page}");
    assert!(page.contains("Geen resultaten"), "{page}");
    assert!(!page.contains(&format!("/berichten/{link}")) && !page.contains("Reorganisatie"), "{page}");
    let page = piet.page("/zoeken?q=reorganisatie").await;
    assert!(page.contains("Geen resultaten") && !page.contains(&format!("/teams/{team}")), "{page}");
    let page = eva.page("/zoeken?q=reorganisatie").await;
    assert!(page.contains(&format!("href=\"/teams/{team}\"")), "{page}");

    // People by name, with the kinds as filters.
    let page = piet.page("/zoeken?q=eva").await;
    assert!(page.contains("href=\"/mensen/"), "{page}");
    assert!(page.contains("Collega’s (1)"), "{page}");
    let page = piet.page("/zoeken?q=eva&soort=bericht").await;
    assert!(
        page.contains("Geen resultaten") && page.contains("Collega’s (1)"),
        "the other kinds stay countable: {page}"
    );
}

async fn no_query_is_an_error(app: TestApp) {
    let mut anna = app.user("anna").browser().await;
    let page = anna.page("/zoeken").await;
    assert!(page.contains("id=\"zoekvraag\"") && !page.contains("result-count"), "{page}");
    for q in ["%22((", "-", "%2A%2A%2A", "a%20-%22b", "%5C%2F%3A%5E~"] {
        let res = anna.get(&format!("/zoeken?q={q}")).await;
        assert_eq!(res.status, StatusCode::OK, "{q}: {}", res.body);
        assert!(res.body.contains("id=\"zoekvraag\""), "{q}");
    }
    let long = "a".repeat(501);
    let res = anna.get(&format!("/zoeken?q={long}")).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("hoogstens 500 tekens") && res.body.contains("aria-invalid=\"true\""), "{}", res.body);
    // Every page has the search box in its header.
    let home = anna.page("/").await;
    assert!(home.contains("action=\"/zoeken\"") && home.contains("role=\"search\""), "{home}");
}

async fn suggestions_and_narrowing_keep_to_what_the_reader_may_see(app: TestApp) {
    let mut eva = app.user("eva").can(Capability::CreateSpaces).browser().await;
    let mut piet = app.user("piet").browser().await;
    let team = secret_team(&mut eva).await;
    for (place, body) in [
        (format!("space:{team}"), "Het reorganisatieplan en de #reorganisatie komen donderdag"),
        ("profile".to_owned(), "Donderdag is de kerstborrel in de kantine #kerstborrel"),
    ] {
        let res = eva.post_form("/berichten", &[("plaats", &place), ("body", body), ("terug", "/")]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    }
    assert!(app.app.search().catch_up(std::time::Duration::from_secs(10)).await.unwrap());

    // Suggestions: JSON entries written as text by the page; a member sees the team, its topic and
    // its post; someone else none of them, but what is open to all.
    let mine = eva.page("/zoeken/suggesties?q=reorg").await;
    assert!(mine.contains(&format!("\"href\":\"/teams/{team}\"")), "{mine}");
    assert!(mine.contains("#reorganisatie") && mine.contains("reorganisatieplan"), "{mine}");
    let theirs = piet.page("/zoeken/suggesties?q=reorg").await;
    assert!(!theirs.contains("/teams/") && !theirs.contains("reorganisatie\""), "{theirs}");
    assert!(theirs.contains("Alle resultaten voor"), "the last entry searches: {theirs}");
    let open = piet.page("/zoeken/suggesties?q=kerstb").await;
    assert!(open.contains("#kerstborrel") && open.contains("/berichten/"), "{open}");
    assert_eq!(piet.page("/zoeken/suggesties?q=k").await, "[]", "one letter suggests nothing");

    // Narrowing by team, author and period; a team one may not see narrows nothing (no 400).
    let page = eva.page(&format!("/zoeken?q=donderdag&team={team}")).await;
    assert!(page.contains("Eén resultaat") && page.contains("reorganisatieplan"), "{page}");
    let page = piet.page(&format!("/zoeken?q=donderdag&team={team}")).await;
    assert!(page.contains("Eén resultaat") && page.contains("kerstborrel"), "{page}");
    assert!(!page.contains("Reorganisatie"), "the team's name is not shown: {page}");
    let eva_id = app.store().user_by_login("eva").await.unwrap().unwrap().id;
    let page = piet.page(&format!("/zoeken?q=donderdag&van={eva_id}&periode=week&team=x")).await;
    assert!(page.contains("Eén resultaat") && page.contains("Van Test eva"), "{page}");
    // Topics of readable posts, as links on the results page.
    let page = piet.page("/zoeken?q=kerstborrel").await;
    assert!(page.contains("href=\"/onderwerpen/kerstborrel\"") && page.contains("#kerstborrel (1)"), "{page}");
    let page = piet.page("/zoeken?q=reorganisatie").await;
    assert!(!page.contains("/onderwerpen/reorganisatie"), "{page}");
    let page = eva.page("/zoeken?q=reorganisatie").await;
    assert!(page.contains("/onderwerpen/reorganisatie"), "{page}");
    // A typo gets the words meant, as a link.
    let page = piet.page("/zoeken?q=kerstborel").await;
    assert!(page.contains("Bedoelde je") && page.contains("q=kerstborrel"), "{page}");
}
