//! `GET /zoeken`: one search box over everything the reader may see, with the counts per kind as
//! filters, highlighted snippets and paging. Works without JavaScript (a GET form).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use plein_app::search::{Found, Kind, MAX_QUERY, SearchResults};
use serde::Deserialize;

use crate::faces::FaceSize;
use crate::pages::stream::views::face;
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// `?q=&soort=&vanaf=`.
#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    vanaf: usize,
}

/// A kind as the address names it, and its label's message.
const KINDS: [(Kind, &str, &str); 4] = [
    (Kind::Person, "persoon", "search-kind-person"),
    (Kind::Space, "team", "search-kind-space"),
    (Kind::Post, "bericht", "search-kind-post"),
    (Kind::Comment, "reactie", "search-kind-comment"),
];

/// One hit as the page shows it.
struct HitItem {
    /// What it is ("Bericht", "Persoon").
    kind: String,
    href: String,
    /// The heading: a name (highlighted, escaped) or "Bericht van X in Y" (escaped here).
    title_html: String,
    snippet_html: String,
    face: Option<crate::faces::Face>,
    when: Option<(String, String, String)>,
}

/// A filter link: label with count, address, whether it is the current one.
struct KindLink {
    label: String,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    error: Option<String>,
    searched: bool,
    kinds: Vec<KindLink>,
    hits: Vec<HitItem>,
    /// "12 resultaten".
    count: String,
    fuzzy: bool,
    building: bool,
    more: Option<String>,
}

fn address(q: &str, kind: &str, from: usize) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    if !kind.is_empty() {
        s.append_pair("soort", kind);
    }
    if from > 0 {
        s.append_pair("vanaf", &from.to_string());
    }
    format!("/zoeken?{}", s.finish())
}

fn escape(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default()
}

/// `GET /zoeken`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "search").for_actor(&actor);
    let q = query.q.trim().to_owned();
    let chosen = KINDS.iter().find(|(_, name, _)| *name == query.soort);
    let mut view = SearchPage {
        error: None,
        searched: false,
        kinds: Vec::new(),
        hits: Vec::new(),
        count: String::new(),
        fuzzy: false,
        building: false,
        more: None,
        q: q.clone(),
        shell,
    };
    if q.chars().count() > MAX_QUERY {
        view.error = Some(view.shell.t_num("search-too-long", "max", MAX_QUERY as i64));
        return Ok(page(StatusCode::BAD_REQUEST, &view));
    }
    if q.is_empty() {
        return Ok(page(StatusCode::OK, &view));
    }
    let kinds: Vec<Kind> = chosen.map(|(k, _, _)| vec![*k]).unwrap_or_default();
    let SearchResults { hits, counts, fuzzy, next, building } =
        state.app.search().search_everything(&actor, &q, &kinds, query.vanaf).await?;
    let shell = &view.shell;
    let count_of = |kind: Kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n);
    let all: usize = counts.iter().map(|(_, n)| n).sum();
    let mut links = vec![KindLink {
        label: shell.t_num("search-kind-all", "count", all as i64),
        href: address(&q, "", 0),
        current: chosen.is_none(),
    }];
    for (kind, name, key) in KINDS {
        let n = count_of(kind);
        if n > 0 || chosen.is_some_and(|(k, _, _)| *k == kind) {
            links.push(KindLink {
                label: shell.t_num(key, "count", n as i64),
                href: address(&q, name, 0),
                current: chosen.is_some_and(|(k, _, _)| *k == kind),
            });
        }
    }
    let items = hits
        .into_iter()
        .map(|hit| {
            let (kind_key, href) = match hit.found {
                Found::Post(id) => ("search-hit-post", format!("/berichten/{id}")),
                Found::Comment { id, post } => ("search-hit-comment", format!("/berichten/{post}#reactie-{id}")),
                Found::Person(id) => ("search-hit-person", format!("/mensen/{id}")),
                Found::Space(id) => ("search-hit-space", format!("/teams/{id}")),
            };
            let (title_html, face_, when) = match &hit.post {
                Some(v) => {
                    let place = match &v.place {
                        plein_app::stream::Place::Space { name, .. } => name.clone(),
                        plein_app::stream::Place::Profile { name, .. } => name.clone(),
                    };
                    let title = shell.t_with_args(
                        "search-post-title",
                        &[("name", v.author.name.clone().into()), ("place", place.into())],
                    );
                    let at = v.post.created_at;
                    (
                        escape(&title),
                        Some(face(&v.author, FaceSize::Small)),
                        Some((shell.time_ago(at), at.to_rfc3339(), shell.exact_time(at))),
                    )
                }
                None => (hit.title_html, None, None),
            };
            HitItem { kind: shell.t(kind_key), href, title_html, snippet_html: hit.snippet_html, face: face_, when }
        })
        .collect();
    view.searched = true;
    let total = chosen.map_or(all, |(k, _, _)| count_of(*k));
    view.count = view.shell.t_num("search-count", "count", total as i64);
    view.kinds = links;
    view.hits = items;
    view.fuzzy = fuzzy;
    view.building = building;
    view.more = next.map(|from| address(&q, chosen.map_or("", |(_, n, _)| n), from));
    Ok(page(StatusCode::OK, &view))
}
