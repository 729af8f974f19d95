//! The index on its own: what it finds for Dutch text, what a filter lets through, and what a
//! commit keeps.

use chrono::{Duration, Utc};
use plein_search::{Document, Filter, Found, Kind, Narrow, Position, Request, SearchIndex, Topic, Update};

fn post(id: i64, container: &str, body: &str) -> Document {
    Document {
        kind: Kind::Post,
        id,
        container: container.into(),
        also: Vec::new(),
        reach: reach_of(container).into(),
        topics: Vec::new(),
        post: None,
        title: String::new(),
        body: body.into(),
        author: Some(1),
        at: Utc::now(),
    }
}

fn person(id: i64, name: &str, about: &str) -> Document {
    Document {
        kind: Kind::Person,
        id,
        container: format!("person:{id}"),
        also: Vec::new(),
        reach: "people".into(),
        topics: Vec::new(),
        post: None,
        title: name.into(),
        body: about.into(),
        author: None,
        at: Utc::now(),
    }
}

/// In these tests space 2 is secret, the others open.
fn reach_of(container: &str) -> &'static str {
    match container {
        "space:2" => "content:secret",
        c if c.starts_with("profile:") => "profile",
        _ => "content:open",
    }
}

fn comment(id: i64, on: i64, container: &str, body: &str) -> Document {
    Document { kind: Kind::Comment, post: Some(on), ..post(id, container, body) }
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn put(index: &SearchIndex, docs: Vec<Document>, at: i64) {
    let updates: Vec<Update> = docs.into_iter().map(Update::Put).collect();
    ok(index.apply(&updates, Position { tx: 0, position: at }));
}

fn find(index: &SearchIndex, text: &str, filter: &Filter) -> Found {
    let request =
        Request { text, typing: false, filter, narrow: &Narrow::default(), kinds: None, limit: 20, offset: 0 };
    index.search(&request).unwrap_or_else(|e| panic!("search {text}: {e}"))
}

fn ids(found: &Found) -> Vec<(Kind, i64)> {
    let mut ids: Vec<(Kind, i64)> = found.hits.iter().map(|h| (h.kind, h.id)).collect();
    ids.sort();
    ids
}

/// Everything: every reach there is.
fn any() -> Filter {
    let reaches = ["content:open", "content:closed", "content:secret", "profile", "people", "listing:open"];
    Filter { reaches: reaches.map(String::from).to_vec(), containers: Vec::new() }
}

/// An employee outside space 2.
fn outsider() -> Filter {
    Filter { reaches: vec!["content:open".into(), "profile".into(), "people".into()], containers: Vec::new() }
}

fn index() -> SearchIndex {
    SearchIndex::in_memory().unwrap_or_else(|e| panic!("index: {e}"))
}

#[test]
fn dutch_forms_of_a_word_find_each_other() {
    let index = index();
    put(
        &index,
        vec![
            post(1, "space:1", "Wie gaat er mee fietsen naar het gemeentehuis?"),
            post(2, "space:1", "De vergaderingen van de raad zijn openbaar."),
            post(3, "space:1", "Koffie in de kantine, café op de hoek."),
            post(4, "space:1", "Niets over dit onderwerp."),
        ],
        1,
    );
    let table = [
        ("fiets", vec![1]),
        ("Fietsen", vec![1]),
        ("vergadering", vec![2]),
        ("raad vergaderingen", vec![2]),
        ("cafe", vec![3]),
        ("CAFÉ", vec![3]),
        ("kantine -koffie", vec![]),
        ("\"van de raad\"", vec![2]),
        ("\"de raad van\"", vec![]),
        ("onbekendwoord", vec![]),
    ];
    for (text, expected) in table {
        let found: Vec<i64> = ids(&find(&index, text, &any())).into_iter().map(|(_, id)| id).collect();
        assert_eq!(found, expected, "{text}");
    }
}

#[test]
fn a_word_being_typed_is_completed_and_a_typo_forgiven_when_little_matches() {
    let index = index();
    put(
        &index,
        vec![post(1, "space:1", "Parkeervergunning aanvragen bij de balie"), post(2, "space:1", "De balie is dicht")],
        1,
    );
    let typing = Request {
        text: "parkeerv",
        typing: true,
        filter: &any(),
        narrow: &Narrow::default(),
        kinds: None,
        limit: 20,
        offset: 0,
    };
    assert_eq!(ids(&ok(index.search(&typing))), vec![(Kind::Post, 1)]);
    // "parkeerv*" on the results page is a prefix too, never an exact word.
    assert_eq!(ids(&find(&index, "parkeerv*", &any())), vec![(Kind::Post, 1)]);
    assert!(ids(&find(&index, "parkeerv", &any())).is_empty(), "a whole word must match whole");
    // One typo in a word of five letters or more, when the exact word finds nothing.
    let typo = find(&index, "aanvargen", &any());
    assert_eq!(ids(&typo), vec![(Kind::Post, 1)]);
    assert!(typo.fuzzy);
    let swapped = find(&index, "balei", &any());
    assert_eq!(ids(&swapped), vec![(Kind::Post, 1), (Kind::Post, 2)], "two letters swapped is one typo");
    assert!(swapped.fuzzy);
    // Words of four letters or fewer must be right.
    assert!(ids(&find(&index, "bali", &any())).is_empty());
    let exact = find(&index, "balie", &any());
    assert_eq!(ids(&exact), vec![(Kind::Post, 1), (Kind::Post, 2)]);
    assert!(!exact.fuzzy);
}

#[test]
fn the_filter_decides_what_is_found_and_counted() {
    let index = index();
    put(
        &index,
        vec![
            post(1, "space:1", "begroting open team"),
            post(2, "space:2", "begroting geheim team"),
            post(3, "profile:7", "begroting op een profiel"),
            comment(4, 2, "space:2", "begroting in een reactie"),
            person(7, "Bea Begroting", "werkt aan de begroting"),
        ],
        1,
    );
    let everything = find(&index, "begroting", &any());
    assert_eq!(everything.hits.len(), 5);
    assert_eq!(everything.total(None), 5);

    let found = find(&index, "begroting", &outsider());
    assert_eq!(ids(&found), vec![(Kind::Post, 1), (Kind::Post, 3), (Kind::Person, 7)]);
    // Counts leak too: they follow the same filter.
    assert_eq!(found.counts, vec![(Kind::Person, 1), (Kind::Post, 2)]);

    let guest = Filter { reaches: Vec::new(), containers: vec!["space:2".into(), "person:7".into()] };
    let found = find(&index, "begroting", &guest);
    assert_eq!(ids(&found), vec![(Kind::Post, 2), (Kind::Comment, 4), (Kind::Person, 7)]);

    let only_posts = Request {
        text: "begroting",
        typing: false,
        filter: &guest,
        narrow: &Narrow::default(),
        kinds: Some(&[Kind::Post]),
        limit: 20,
        offset: 0,
    };
    let found = ok(index.search(&only_posts));
    assert_eq!(ids(&found), vec![(Kind::Post, 2)]);
    assert_eq!(found.total(None), 3, "the counts per kind are of every kind");

    let nobody = Filter::default();
    let found = find(&index, "begroting", &nobody);
    assert!(found.hits.is_empty() && found.counts.is_empty());
}

#[test]
fn updates_replace_and_remove_by_kind_and_id() {
    let index = index();
    put(&index, vec![post(1, "space:1", "eerste versie"), comment(2, 1, "space:1", "een reactie op de versie")], 1);
    assert_eq!(find(&index, "versie", &any()).hits.len(), 2);
    // Edited: the old text is gone, the new one found, and nothing is there twice.
    put(&index, vec![post(1, "space:1", "tweede tekst")], 2);
    assert_eq!(ids(&find(&index, "tekst", &any())), vec![(Kind::Post, 1)]);
    assert_eq!(ids(&find(&index, "versie", &any())), vec![(Kind::Comment, 2)]);
    // Removed with its comments.
    ok(index.apply(&[Update::Remove(Kind::Post, 1), Update::RemoveComments(1)], Position { tx: 0, position: 3 }));
    assert!(find(&index, "tekst", &any()).hits.is_empty());
    assert!(find(&index, "versie", &any()).hits.is_empty());
    assert_eq!(index.len(), 0);
}

#[test]
fn snippets_mark_the_words_and_escape_the_text() {
    let index = index();
    put(&index, vec![post(1, "space:1", "Let op: <script>alert(1)</script> de begroting & de rest")], 1);
    let hit = &find(&index, "begroting", &any()).hits[0];
    assert!(hit.snippet_html.contains("<b>begroting</b>"), "{}", hit.snippet_html);
    assert!(!hit.snippet_html.contains("<script>"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&amp; de rest"), "{}", hit.snippet_html);
    let person_hit = &{
        put(&index, vec![person(9, "Anna <de> Vries", "")], 2);
        find(&index, "anna", &any())
    }
    .hits[0];
    assert_eq!(person_hit.title_html, "<b>Anna</b> &lt;de&gt; Vries");
}

#[test]
fn newer_things_rank_higher_when_they_match_as_well() {
    let index = index();
    let old = Document { at: Utc::now() - Duration::days(400), ..post(1, "space:1", "jaarverslag") };
    put(&index, vec![old, post(2, "space:1", "jaarverslag")], 1);
    let found = find(&index, "jaarverslag", &any());
    assert_eq!(found.hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![2, 1]);
}

#[test]
fn a_commit_keeps_its_position_and_a_reopened_index_its_documents() {
    let dir = ok(tempfile::tempdir());
    {
        let index = ok(SearchIndex::open(dir.path()));
        assert_eq!(ok(index.position()), None, "a new index has followed nothing");
        assert!(!index.is_filled());
        put(&index, vec![post(1, "space:1", "bewaard")], 41);
        ok(index.apply(&[Update::Put(post(2, "space:1", "ook bewaard"))], Position { tx: 9, position: 42 }));
    }
    let index = ok(SearchIndex::open(dir.path()));
    assert_eq!(ok(index.position()), Some(Position { tx: 9, position: 42 }));
    assert!(index.is_filled(), "a reopened index knows it was filled");
    assert_eq!(find(&index, "bewaard", &any()).hits.len(), 2);
    ok(index.clear(Position { tx: 10, position: 50 }));
    assert!(index.is_empty());
    assert_eq!(ok(index.position()), Some(Position { tx: 10, position: 50 }));
}

#[test]
fn queries_of_signs_or_only_exclusions_find_nothing_and_never_fail() {
    let index = index();
    put(&index, vec![post(1, "space:1", "iets")], 1);
    for text in ["", "   ", "\"", "-iets", "***", "((", "\"\"", "+-&|!(){}[]^~*?:\\/", &"a".repeat(600)] {
        let request = Request {
            text,
            typing: true,
            filter: &any(),
            narrow: &Narrow::default(),
            kinds: None,
            limit: 20,
            offset: 0,
        };
        let found = index.search(&request).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(found.hits.is_empty(), "{text}");
    }
}

#[test]
fn a_rebuild_replaces_everything_at_once_or_not_at_all() {
    let index = index();
    put(&index, vec![post(1, "space:1", "oud bericht")], 5);
    {
        let mut rebuild = ok(index.rebuild());
        ok(rebuild.add(&[post(2, "space:1", "nieuw bericht")]));
        assert!(index.apply(&[], Position { tx: 0, position: 6 }).is_err(), "no other writes meanwhile");
        // Dropped before it finished: the old index stands.
    }
    assert_eq!(ids(&find(&index, "bericht", &any())), vec![(Kind::Post, 1)]);
    assert_eq!(ok(index.position()), Some(Position { tx: 0, position: 5 }));
    let mut rebuild = ok(index.rebuild());
    ok(rebuild.add(&[post(2, "space:1", "nieuw bericht"), post(3, "space:1", "nog een bericht")]));
    assert_eq!(ok(rebuild.finish(Position { tx: 0, position: 7 })), 2);
    assert_eq!(ids(&find(&index, "bericht", &any())), vec![(Kind::Post, 2), (Kind::Post, 3)]);
    assert_eq!(ok(index.position()), Some(Position { tx: 0, position: 7 }));
}

#[test]
fn a_word_with_digits_finds_only_itself() {
    let index = index();
    put(&index, (1..30).map(|n| post(n, "space:1", &format!("Over kenmerk{n} en de begroting"))).collect(), 1);
    assert_eq!(ids(&find(&index, "kenmerk15", &any())), vec![(Kind::Post, 15)]);
}

#[test]
fn a_part_of_a_compound_finds_the_whole_below_whole_words() {
    let index = index();
    put(
        &index,
        vec![
            post(1, "space:1", "Vraag je parkeervergunning op tijd aan."),
            post(2, "space:1", "De vergunning voor het terras is verleend."),
            post(3, "space:1", "Open dag in het gemeentehuis."),
            post(4, "space:1", "Het huis aan de overkant."),
            post(5, "space:1", "Dit is moeilijk uit te leggen."),
        ],
        1,
    );
    let order = |text: &str| find(&index, text, &any()).hits.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(order("vergunning"), vec![2, 1], "the whole word first, then the compound");
    assert_eq!(order("vergunningen"), vec![2, 1]);
    assert_eq!(order("huis"), vec![4, 3]);
    assert_eq!(order("gemeente"), vec![3]);
    assert!(order("lijk").is_empty(), "a suffix is no part");
}

#[test]
fn a_search_is_narrowed_to_a_container_an_author_and_a_time() {
    let index = index();
    let now = Utc::now();
    put(
        &index,
        vec![
            Document { author: Some(5), at: now - Duration::days(10), ..post(1, "space:1", "verslag van maart") },
            Document { author: Some(6), at: now - Duration::days(2), ..post(2, "space:1", "verslag van april") },
            Document { author: Some(5), at: now - Duration::days(1), ..post(3, "space:3", "verslag van mei") },
        ],
        1,
    );
    let narrowed = |narrow: Narrow| {
        let request = Request {
            text: "verslag",
            typing: false,
            filter: &any(),
            narrow: &narrow,
            kinds: None,
            limit: 20,
            offset: 0,
        };
        let found = ok(index.search(&request));
        (ids(&found).into_iter().map(|(_, id)| id).collect::<Vec<_>>(), found.total(None))
    };
    assert_eq!(narrowed(Narrow::default()), (vec![1, 2, 3], 3));
    assert_eq!(narrowed(Narrow { container: Some("space:1".into()), ..Narrow::default() }), (vec![1, 2], 2));
    assert_eq!(narrowed(Narrow { author: Some(5), ..Narrow::default() }), (vec![1, 3], 2));
    let week_ago = (now - Duration::days(7)).timestamp();
    assert_eq!(narrowed(Narrow { since: Some(week_ago), ..Narrow::default() }), (vec![2, 3], 2));
    assert_eq!(narrowed(Narrow { until: Some(week_ago), ..Narrow::default() }), (vec![1], 1));
    // A narrowing never widens: the filter still holds.
    let request = Request {
        text: "verslag",
        typing: false,
        filter: &Filter::default(),
        narrow: &Narrow { container: Some("space:1".into()), ..Narrow::default() },
        kinds: None,
        limit: 20,
        offset: 0,
    };
    assert!(ok(index.search(&request)).hits.is_empty());
}

#[test]
fn suggestions_complete_the_word_per_kind_and_only_from_what_the_reader_may_read() {
    let index = index();
    let space = |id: i64, name: &str| Document {
        kind: Kind::Space,
        container: format!("team:{id}"),
        reach: "listing:open".into(),
        title: name.into(),
        ..post(id, "", "")
    };
    put(
        &index,
        vec![
            person(7, "Fenna Fietsma", "fietst naar het werk"),
            space(1, "Fietsclub"),
            Document { topics: vec!["fietsen".into()], ..post(1, "space:1", "Wie gaat er #fietsen zaterdag?") },
            Document { topics: vec!["fietsen".into()], ..post(2, "space:1", "Ook #fietsen op zondag") },
            Document { topics: vec!["fietsplan".into()], ..post(3, "space:2", "Het geheime #fietsplan") },
        ],
        1,
    );
    let everything = ok(index.suggest("fiets", &any()));
    assert_eq!(everything.people.iter().map(|h| h.id).collect::<Vec<_>>(), vec![7]);
    assert_eq!(everything.spaces.iter().map(|h| h.id).collect::<Vec<_>>(), vec![1]);
    assert_eq!(
        everything.topics,
        vec![Topic { name: "fietsen".into(), posts: 2 }, Topic { name: "fietsplan".into(), posts: 1 }]
    );
    assert_eq!(everything.content.len(), 3);
    // Outside space 2 its topic is neither suggested nor counted.
    let outside = ok(index.suggest("fiets", &outsider()));
    assert_eq!(outside.topics, vec![Topic { name: "fietsen".into(), posts: 2 }]);
    assert!(outside.content.iter().all(|h| h.id != 3), "{:?}", outside.content);
    assert!(ok(index.suggest("f", &any())).is_empty(), "one letter suggests nothing");
    assert!(ok(index.suggest("   ", &any())).is_empty());
}

#[test]
fn a_typo_gets_the_word_meant_but_never_one_only_others_may_read() {
    let index = index();
    put(
        &index,
        vec![post(1, "space:1", "De balie is open"), post(2, "space:2", "Het reorganisatieplan blijft geheim")],
        1,
    );
    let found = find(&index, "balei openingstijden", &any());
    assert!(found.hits.is_empty());
    let found = find(&index, "balei", &any());
    assert!(found.fuzzy);
    assert_eq!(found.meant.as_deref(), Some("balie"));
    assert_eq!(find(&index, "reorganisatieplen", &any()).meant.as_deref(), Some("reorganisatieplan"));
    let outside = find(&index, "reorganisatieplen", &outsider());
    assert!(outside.hits.is_empty() && outside.counts.is_empty());
    assert_eq!(outside.meant, None, "a word only a secret space holds is not suggested");
    assert_eq!(find(&index, "balie", &any()).meant, None, "no suggestion when the words are found");
}

#[test]
fn a_word_in_very_many_documents_counts_the_newest_ten_thousand_and_ranks_them() {
    let index = index();
    let now = Utc::now();
    let n = plein_search::COUNTED as i64 + 50;
    // Added oldest first; the index keeps them newest first.
    let docs = (0..n).map(|i| Document { at: now - Duration::minutes(n - i), ..post(i + 1, "space:1", "verslag") });
    put(&index, docs.collect(), 1);
    let found = find(&index, "verslag", &any());
    assert!(!found.complete, "more than were counted");
    assert_eq!(found.total(None), plein_search::COUNTED);
    assert_eq!(found.hits[0].id, n, "the newest first among equals");
    // A rarer word among them is counted whole.
    put(&index, vec![post(n + 1, "space:1", "verslag zeldzaam")], 2);
    let rare = find(&index, "zeldzaam", &any());
    assert!(rare.complete);
    assert_eq!(rare.total(None), 1);
}

#[test]
fn english_texts_find_their_english_forms_too() {
    let index = index();
    put(
        &index,
        vec![
            post(1, "space:1", "Our team studies how colleagues use the new intranet every week."),
            post(2, "space:1", "Wij bestuderen hoe collega's het intranet gebruiken."),
        ],
        1,
    );
    let ids = |text: &str| find(&index, text, &any()).hits.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(ids("studying"), vec![1], "English stems in an English text");
    assert_eq!(ids("colleague"), vec![1]);
    assert_eq!(ids("bestuderen"), vec![2], "Dutch texts keep their Dutch stems");
    assert!(ids("studied").iter().all(|id| *id == 1), "no English stems for a Dutch text");
}

#[test]
fn a_compound_starting_with_a_verb_is_found_by_the_verb() {
    let index = index();
    put(&index, vec![post(1, "space:1", "Ter info: de parkeerplaats achter het gemeentehuis is woensdag dicht.")], 1);
    let ids = |text: &str| find(&index, text, &any()).hits.iter().map(|h| h.id).collect::<Vec<_>>();
    assert_eq!(ids("parkeren"), vec![1]);
    assert_eq!(ids("plaats"), vec![1]);
}

#[test]
fn news_for_several_groups_is_found_by_the_members_of_any_of_them() {
    let index = index();
    let news = Document {
        kind: Kind::News,
        container: "site".into(),
        also: vec!["group:3".into(), "group:4".into()],
        reach: "news:site".into(),
        title: "Werkplekregeling".into(),
        ..post(9, "site", "Twee vaste kantoordagen per team")
    };
    put(&index, vec![news], 1);
    let member_of = |g: &str| Filter { reaches: vec!["content:open".into()], containers: vec![g.into()] };
    assert_eq!(ids(&find(&index, "kantoordagen", &member_of("group:4"))), vec![(Kind::News, 9)]);
    assert_eq!(ids(&find(&index, "werkplekregeling", &member_of("group:3"))), vec![(Kind::News, 9)]);
    assert!(ids(&find(&index, "kantoordagen", &member_of("group:5"))).is_empty(), "another group finds nothing");
    let editors = Filter { reaches: vec!["news:site".into()], containers: Vec::new() };
    assert_eq!(ids(&find(&index, "kantoordagen", &editors)), vec![(Kind::News, 9)]);
    assert!(ids(&find(&index, "kantoordagen", &outsider())).is_empty());
}
