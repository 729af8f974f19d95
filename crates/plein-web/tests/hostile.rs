//! Every route, hostile input, on SQLite and PostgreSQL. The walk takes the router's own list of
//! routes (`plein_web::route_paths`), so a route added later is walked without anyone remembering
//! to, and sends each, as an outsider, a guest, an employee and an administrator: ids of secret
//! and missing things, NUL bytes, invalid UTF-8, control and direction characters, over-long
//! values, duplicate and missing fields, wrong content types and charsets. No answer is a 5xx, an
//! unreadable id answers exactly as a missing one, and a refused request stores nothing.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use plein_app::stream::NewPost;
use plein_core::policy::Capability;
use plein_core::space::SpaceKind;
use plein_store::sea_orm::{ConnectionTrait, Statement};
use plein_store::stream::PostPlace;
use plein_store::users::UserRow;
use plein_testkit::{PASSWORD, TestApp, on_both_databases};

on_both_databases!(
    every_route_withstands_hostile_input,
    text_plein_does_not_accept_is_refused_clearly,
    each_kind_of_refusal_answers_with_its_own_status,
);

/// The service's refusals reach the reader through the router with their own status and page:
/// not there (404), not yours (403), input no form explains (400), too many attempts (429).
async fn each_kind_of_refusal_answers_with_its_own_status(app: TestApp) {
    let owner = app.add_user("eigenaar", PASSWORD).await;
    let mut eva = app.logged_in("eva").await;
    let secret = app.space("Geheim").secret().owned_by(&owner).await.id;
    let open = app.space("Open").owned_by(&owner).await.id;
    let closed = app.space("Besloten").closed().owned_by(&owner).await.id;

    let res = eva.get(&format!("/teams/{secret}")).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("Pagina niet gevonden"), "{}", res.body);

    let settings = [("name", "Van mij"), ("kind", "team"), ("visibility", "open"), ("colour", "blue")];
    let res = eva.post_form(&format!("/teams/{open}/instellingen"), &settings).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("Niet toegestaan"), "{}", res.body);
    assert_eq!(app.store().space_by_id(open).await.unwrap().unwrap().name, "Open");

    let long = "a".repeat(2001);
    let res = eva.post_form(&format!("/teams/{closed}/aanvragen"), &[("message", &long)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("Dit kunnen we niet verwerken"), "{}", res.body);
    let page = eva.page(&format!("/teams/{closed}")).await;
    assert!(page.contains("Lidmaatschap aanvragen") && !page.contains("Je hebt gevraagd om lid te worden"));

    let mut stranger = app.browser();
    for _ in 0..6 {
        stranger.post_form("/inloggen", &[("username", "eva"), ("password", "niet-het-wachtwoord")]).await;
    }
    let res = stranger.post_form("/inloggen", &[("username", "eva"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.header("retry-after").is_some() && res.body.contains("Te veel mislukte pogingen"), "{}", res.body);
}

async fn text_plein_does_not_accept_is_refused_clearly(app: TestApp) {
    app.user("medewerker").can(Capability::CreateSpaces).await;
    let mut anon = app.browser();
    let res = anon.post_form("/inloggen", &[("username", "med\0ewerker"), ("password", PASSWORD)]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "not a 500");
    assert!(res.body.contains("tekens die Plein niet aanneemt"), "{}", res.body);
    let mut b = app.login_as("medewerker").await;
    let before = fingerprint(&app).await;
    for path in ["/mensen?naam=a%00b", "/onderwerpen/a%00b", "/berichten/vermelden?q=a%00b", "/mensen?naam=%FF%FE"] {
        let res = b.get(path).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(res.body.contains("<h1"), "a page, not a bare status: {path}");
    }
    for body in ["a\0b", "\u{1b}[31m rood"] {
        let res = b.post_form("/berichten", &[("plaats", "profile"), ("body", body)]).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST);
    }
    let res = b
        .send(
            Request::post("/berichten").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(&b"plaats=profile&body=%FF%FEhallo"[..]),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "invalid UTF-8 is refused, not replaced");
    let res = b
        .send(
            Request::post("/berichten")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded; charset=iso-8859-1"),
            Body::from(&b"plaats=profile&body=caf%E9"[..]),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "a form in another charset is refused");
    assert_eq!(fingerprint(&app).await, before, "nothing stored");
    // A name that reads backwards is the form's error, in the reader's language.
    let res = b
        .post_form(
            "/teams",
            &[("name", "Team \u{202E}nekazregruB"), ("kind", "team"), ("visibility", "open"), ("colour", "blue")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("leesrichting omdraaien"), "{}", res.body);
    // Tabs and line breaks in long texts stay welcome.
    let res = b.post_form("/berichten", &[("plaats", "profile"), ("body", "Regel een\r\n\tRegel twee")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

/// An id no row has.
const MISSING: i64 = 987_654;

/// What the walk knows of the organisation it attacks.
struct World {
    /// A secret space none of the walkers but the administrator may see.
    space: i64,
    /// A member of it, and a user nobody walks as.
    member: i64,
    /// A post and a comment in it.
    post: i64,
    comment: i64,
    /// A group and a user that are targets only (deleting or deactivating them harms no walker).
    group: i64,
    bystander: i64,
    /// A person the guest may not see.
    stranger: i64,
}

/// Someone who walks, with a session that is put back when a request ends it (logging out).
struct Walker {
    name: &'static str,
    user: Option<UserRow>,
    token: String,
}

impl Walker {
    /// Whether the things of `World` that `route` reaches are unreadable to them, so that they
    /// must answer exactly as missing ones. Employees see every colleague's profile.
    fn blind_to(&self, route: &str) -> bool {
        match self.name {
            "administrator" => false,
            "employee" => !route.starts_with("/mensen/"),
            _ => true,
        }
    }

    /// The session cookie, its session made again when a request ended it.
    async fn cookie(&self, app: &TestApp) -> Option<String> {
        let user = self.user.as_ref()?;
        let hash = plein_app::accounts::token_hash(&self.token);
        if app.store().visitor(&hash).await.unwrap().is_none() {
            app.store()
                .insert_session(plein_store::sessions::InsertSession {
                    id_hash: hash,
                    user_id: user.id,
                    at: plein_store::now(),
                    client_addr: None,
                    user_agent: None,
                })
                .await
                .unwrap();
        }
        Some(format!("plein_session={}", self.token))
    }
}

async fn world(app: &TestApp, walkers: &[Walker]) -> World {
    let s = app.store();
    let owner = app.add_user("eigenaar", PASSWORD).await;
    let member = app.add_user("lid", PASSWORD).await;
    let bystander = app.add_user("omstander", PASSWORD).await;
    let space = app
        .space("Geheim dossier")
        .kind(SpaceKind::Project)
        .secret()
        .colour("red")
        .allows_guests()
        .owned_by(&owner)
        .member(&member)
        .await;
    let owner_actor = app.actor_of(&owner).await;
    let body = "Alleen voor ons: #geheimproject".into();
    let post = NewPost { place: PostPlace::Space(space.id), body, poll: None, images: Vec::new() };
    let post = app.app.stream().publish_post(&owner_actor, post).await.unwrap();
    let comment = app
        .app
        .stream()
        .create_comment(&owner_actor, plein_store::stream::CommentOn::Post(post.id), None, "Klopt")
        .await
        .unwrap()
        .id;
    let group = s.insert_group("Omstanders", "").await.unwrap();
    s.add_group_members(group.id, &[bystander.id]).await.unwrap();
    // The guest is in a space of their own: the employees there are co-members, others strangers.
    let guest = walkers.iter().find(|w| w.name == "guest").and_then(|w| w.user.clone()).unwrap();
    app.space("Met gasten").kind(SpaceKind::Project).closed().allows_guests().owned_by(&owner).guest(&guest).await;
    World {
        space: space.id,
        member: member.id,
        post: post.id,
        comment,
        group: group.id,
        bystander: bystander.id,
        stranger: member.id,
    }
}

/// The path with its parameters filled in, for the thing of `World` (`secret`) or a missing one.
/// Panics on a parameter it does not know, so a route with a new kind of parameter teaches the walk.
fn fill(path: &str, w: &World, secret: bool) -> String {
    let pick = |real: i64| if secret { real } else { MISSING };
    let id = if path.starts_with("/teams/") {
        pick(w.space)
    } else if path.starts_with("/berichten/") {
        pick(w.post)
    } else if path.starts_with("/reacties/") {
        pick(w.comment)
    } else if path.starts_with("/mensen/") {
        pick(w.stranger)
    } else if path.starts_with("/beheer/groepen/") {
        pick(w.group)
    } else if path.starts_with("/beheer/gebruikers/") {
        pick(w.bystander)
    } else {
        MISSING
    };
    let user = if path.starts_with("/beheer/") { pick(w.bystander) } else { pick(w.member) };
    let mut out = String::new();
    for segment in path.split('/').skip(1) {
        out.push('/');
        match segment {
            "{id}" => out.push_str(&id.to_string()),
            "{user}" => out.push_str(&user.to_string()),
            "{n}" => out.push('1'),
            "{decision}" => out.push_str("goedkeuren"),
            "{token}" => out.push_str(if secret { "dGVzdA" } else { "b25iZWtlbmQ" }),
            "{topic}" => out.push_str(if secret { "geheimproject" } else { "nergensover" }),
            "{file}" => out.push_str("plein.css"),
            other if other.starts_with('{') => panic!("the walk does not know the parameter {other} of {path}"),
            other => out.push_str(other),
        }
    }
    out
}

/// Values put in place of every parameter of a path.
const HOSTILE_SEGMENTS: [(&str, &str); 6] = [
    ("path: NUL", "a%00b"),
    ("path: invalid UTF-8", "%FF%FE"),
    ("path: direction override", "%E2%80%AEx"),
    ("path: overflowing number", "99999999999999999999"),
    ("path: negative number", "-1"),
    ("path: traversal", "..%2F..%2Fetc%2Fpasswd"),
];

fn hostile_path(route: &str, value: &str) -> String {
    route.split('/').map(|seg| if seg.starts_with('{') { value } else { seg }).collect::<Vec<_>>().join("/")
}

/// Free-text fields handlers read, each given the same hostile value.
const FIELDS: [&str; 18] = [
    "username",
    "password",
    "name",
    "display_name",
    "email",
    "description",
    "body",
    "terug",
    "message",
    "reason",
    "user",
    "q",
    "naam",
    "opties",
    "current",
    "new",
    "confirm",
    "afbeelding_1_tekst",
];

/// Fields that choose among a few values keep a plausible one, so that handlers go on to use the
/// free text (a secret space stays secret).
const CHOICES: &str = "plaats=profile&role=member&visibility=secret&kind=team&colour=blue";

fn urlencoded(value: &str) -> String {
    let free: Vec<String> = FIELDS.iter().map(|f| format!("{f}={value}")).collect();
    format!("{CHOICES}&{}", free.join("&"))
}

/// A hostile request body: what it is, its content type, its bytes.
type Payload = (&'static str, String, Vec<u8>);

fn bodies() -> Vec<Payload> {
    let form = "application/x-www-form-urlencoded".to_owned();
    let long = "x".repeat(60_000);
    let boundary = "hostile-boundary";
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\na\0b\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"plaats\"\r\n\r\nprofile\r\n--{boundary}--\r\n"
    );
    vec![
        ("NUL bytes", form.clone(), urlencoded("a%00b").into_bytes()),
        ("raw NUL", form.clone(), urlencoded("a\0b").into_bytes()),
        ("invalid UTF-8", form.clone(), urlencoded("%FF%FE").into_bytes()),
        ("control and direction characters", form.clone(), urlencoded("%E2%80%AEx%1B%5B31m").into_bytes()),
        ("over-long values", form.clone(), urlencoded(&long).into_bytes()),
        ("missing fields", form.clone(), Vec::new()),
        ("duplicate fields", form.clone(), format!("{}&{}", urlencoded("a"), urlencoded("b")).into_bytes()),
        ("latin-1 form", format!("{form}; charset=iso-8859-1"), urlencoded("caf%E9").into_bytes()),
        ("form by a near name", format!("{form}x"), urlencoded("%FF%FE").into_bytes()),
        ("form after a comma", format!("{form},x"), urlencoded("a%00b").into_bytes()),
        ("JSON", "application/json".into(), br#"{"body":"x","name":"x"}"#.to_vec()),
        ("multipart with NUL", format!("multipart/form-data; boundary={boundary}"), multipart.into_bytes()),
    ]
}

/// Hostile query strings for GETs, including ids passed by query.
fn queries(w: &World, secret: bool) -> Vec<(&'static str, String)> {
    let space = if secret { w.space } else { MISSING };
    let post = if secret { w.post } else { MISSING };
    vec![
        ("no query", String::new()),
        ("NUL bytes", format!("?{}", urlencoded("a%00b"))),
        ("invalid UTF-8", format!("?{}", urlencoded("%FF%FE"))),
        ("over-long values", format!("?{}", urlencoded(&"y".repeat(2_000)))),
        ("ids by query", format!("?plaats=space:{space}&q=a&voor={post}&na_id={post}&ruimte={space}")),
        ("post by query", format!("?plaats=post:{post}&q=a")),
    ]
}

/// The tables a request could write to.
const TABLES: [&str; 24] = [
    "users",
    "groups",
    "group_capabilities",
    "group_members",
    "spaces",
    "space_members",
    "space_join_requests",
    "invitations",
    "user_expertise",
    "password_links",
    "images",
    "posts",
    "comments",
    "likes",
    "follows",
    "post_mentions",
    "post_topics",
    "polls",
    "poll_options",
    "poll_votes",
    "notifications",
    "space_notify",
    "reports",
    "post_images",
];

/// Stored text with a control character (but tabs and line breaks) or a replacement character
/// (what invalid UTF-8 becomes): there must be none, whatever the walk sent.
async fn stored_text_problems(app: &TestApp) -> Vec<String> {
    let conn = app.store().conn();
    let backend = conn.get_database_backend();
    let mut problems = Vec::new();
    for table in TABLES {
        let sql = if backend == plein_store::sea_orm::DbBackend::Postgres {
            format!("SELECT coalesce(json_agg(t)::text, '[]') FROM {table} t")
        } else {
            let columns = conn
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("SELECT name FROM pragma_table_info('{table}')"),
                ))
                .await
                .unwrap();
            let fields: Vec<String> = columns
                .iter()
                .map(|c| c.try_get_by_index::<String>(0).unwrap())
                .map(|c| format!("'{c}', \"{c}\""))
                .collect();
            format!("SELECT json_group_array(json_object({})) FROM {table}", fields.join(", "))
        };
        let row = conn.query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap();
        let rows: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_str(&row.try_get_by_index::<String>(0).unwrap()).unwrap();
        for value in rows.iter().flat_map(|r| r.values()) {
            if let serde_json::Value::String(text) = value
                && text.chars().any(|c| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
            {
                problems.push(format!("{table}: {text:?}"));
            }
        }
    }
    problems
}

/// A fingerprint of everything a request could store.
async fn fingerprint(app: &TestApp) -> String {
    let tables = TABLES;
    let counts: Vec<String> = tables.iter().map(|t| format!("(SELECT count(*) FROM {t})")).collect();
    let texts = "(SELECT sum(length(display_name) + length(email) + length(status)) FROM users), \
                 (SELECT sum(length(name) + length(description)) FROM groups), \
                 (SELECT sum(length(name) + length(description) + length(visibility)) FROM spaces), \
                 (SELECT sum(length(body)) FROM posts), (SELECT sum(length(role)) FROM space_members)";
    let sql = format!("SELECT {}, {texts}", counts.join(", "));
    let backend = app.store().conn().get_database_backend();
    let row = app.store().conn().query_one_raw(Statement::from_string(backend, sql)).await.unwrap().unwrap();
    (0..tables.len() + 5)
        .map(|i| format!("{:?}", row.try_get_by_index::<Option<i64>>(i).unwrap()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Sends one request and gives its status; the body is not read (a live stream never ends).
async fn send(app: &TestApp, cookie: Option<&str>, method: &str, uri: &str, body: Option<&Payload>) -> StatusCode {
    use tower::ServiceExt;
    let mut req = Request::builder().method(method).uri(uri).header(header::HOST, "localhost");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let payload = match body {
        Some((_, content_type, bytes)) => {
            req = req.header(header::CONTENT_TYPE, content_type.as_str());
            Body::from(bytes.clone())
        }
        None => Body::empty(),
    };
    let mut req = req.body(payload).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))));
    app.router.clone().oneshot(req).await.unwrap().status()
}

async fn every_route_withstands_hostile_input(app: TestApp) {
    let employee = app.add_user("medewerker", PASSWORD).await;
    let admin = app.user("beheerder").can(Capability::Admin).await;
    let guest = app.add_guest("gast", PASSWORD).await;
    let token = plein_app::accounts::new_session_token;
    let walkers = [
        Walker { name: "outsider", user: None, token: String::new() },
        Walker { name: "guest", user: Some(guest), token: token() },
        Walker { name: "employee", user: Some(employee), token: token() },
        Walker { name: "administrator", user: Some(admin), token: token() },
    ];
    let w = world(&app, &walkers).await;
    let bodies = bodies();
    let routes = plein_web::route_paths();
    assert!(routes.len() > 60, "the walk sees the router's routes");
    let mut failures = Vec::new();
    let mut requests = 0;
    for route in &routes {
        let has_target = route.contains('{');
        for walker in &walkers {
            // GET with hostile queries, then POST with hostile bodies; each for the secret thing and a missing one.
            let mut cases: Vec<(&str, &str, Option<&Payload>, String, String)> = Vec::new();
            for ((what, secret_q), (_, missing_q)) in queries(&w, true).into_iter().zip(queries(&w, false)) {
                let secret = format!("{}{secret_q}", fill(route, &w, true));
                let missing = format!("{}{missing_q}", fill(route, &w, false));
                cases.push(("GET", what, None, secret, missing));
            }
            for body in &bodies {
                cases.push(("POST", body.0, Some(body), fill(route, &w, true), fill(route, &w, false)));
            }
            // Hostile path parameters: only "no 5xx" and "nothing stored" apply.
            let empty = bodies.iter().find(|b| b.0 == "missing fields");
            if has_target {
                for (what, value) in HOSTILE_SEGMENTS {
                    let uri = hostile_path(route, value);
                    cases.push(("GET", what, None, uri.clone(), uri.clone()));
                    cases.push(("POST", what, empty, uri.clone(), uri));
                }
            }
            let mut before = fingerprint(&app).await;
            for (method, what, body, secret_uri, missing_uri) in cases {
                let on_secret = send(&app, walker.cookie(&app).await.as_deref(), method, &secret_uri, body).await;
                let after = fingerprint(&app).await;
                let on_missing = send(&app, walker.cookie(&app).await.as_deref(), method, &missing_uri, body).await;
                let after_missing = fingerprint(&app).await;
                requests += 2;
                let label = format!("{} {method} {route} ({what})", walker.name);
                for (status, uri) in [(on_secret, &secret_uri), (on_missing, &missing_uri)] {
                    if status.is_server_error() {
                        failures.push(format!("{label}: {status} for {}", shorten(uri)));
                    }
                }
                if on_secret.is_client_error() && before != after {
                    failures.push(format!("{label}: refused with {on_secret}, but something was stored"));
                }
                if on_missing.is_client_error() && after != after_missing {
                    failures.push(format!("{label}: refused with {on_missing}, but something was stored"));
                }
                let compared = (has_target || what.contains("by query")) && !what.starts_with("path:");
                if compared && walker.blind_to(route) && on_secret != on_missing {
                    failures.push(format!("{label}: {on_secret} for a secret thing, {on_missing} for a missing one"));
                }
                before = after_missing;
            }
        }
    }
    failures.extend(stored_text_problems(&app).await.into_iter().map(|p| format!("stored: {p}")));
    assert!(failures.is_empty(), "{} of {requests} requests went wrong:\n{}", failures.len(), failures.join("\n"));
}

fn shorten(uri: &str) -> String {
    if uri.len() > 120 { format!("{}…", &uri[..120]) } else { uri.to_owned() }
}
