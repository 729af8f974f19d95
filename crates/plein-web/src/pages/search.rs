//! `GET /zoeken`: one search box over everything the reader may see, with the counts per kind as
//! filters, narrowing by team, author and period, highlighted snippets, "did you mean" and
//! paging; `GET /zoeken/suggesties`: what the header's box suggests while someone types. Works
//! without JavaScript (GET forms and links).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use plein_app::search::{Found, Kind, MAX_QUERY, SearchHit, SearchQuery, SearchResults, Suggested};
use serde::Deserialize;

use crate::faces::FaceSize;
use crate::pages::stream::views::face;
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// `?q=&soort=&team=&van=&periode=&vanaf=`: every field is read leniently (an unknown value is
/// no narrowing), so an edited address never answers 400 for a filter.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    soort: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    van: String,
    #[serde(default)]
    periode: String,
    #[serde(default)]
    vanaf: usize,
}

/// A kind as the address names it, and its label's message.
const KINDS: [(Kind, &str, &str); 5] = [
    (Kind::Person, "persoon", "search-kind-person"),
    (Kind::Space, "team", "search-kind-space"),
    (Kind::News, "nieuws", "search-kind-news"),
    (Kind::Post, "bericht", "search-kind-post"),
    (Kind::Comment, "reactie", "search-kind-comment"),
];

/// A period as the address names it, its label, and how far back.
const PERIODS: [(&str, &str, i64); 4] = [
    ("", "search-period-any", 0),
    ("week", "search-period-week", 7),
    ("maand", "search-period-month", 31),
    ("jaar", "search-period-year", 366),
];

impl Params {
    fn kind(&self) -> Option<Kind> {
        KINDS.iter().find(|(_, name, _)| *name == self.soort).map(|(k, _, _)| *k)
    }

    fn space(&self) -> Option<i64> {
        self.team.parse().ok()
    }

    fn author(&self) -> Option<i64> {
        self.van.parse().ok()
    }

    fn days(&self) -> Option<i64> {
        PERIODS.iter().find(|(name, _, days)| *name == self.periode && *days > 0).map(|(_, _, d)| *d)
    }

    /// This search's address with `change` made to it, from the first page.
    fn href(&self, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        p.vanaf = 0;
        change(&mut p);
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", p.q.trim());
        for (name, value) in [("soort", &p.soort), ("team", &p.team), ("van", &p.van), ("periode", &p.periode)] {
            if !value.is_empty() {
                s.append_pair(name, value);
            }
        }
        if p.vanaf > 0 {
            s.append_pair("vanaf", &p.vanaf.to_string());
        }
        format!("/zoeken?{}", s.finish())
    }
}

/// One hit as the page shows it.
struct HitItem {
    /// What it is ("Bericht", "Collega").
    kind: String,
    href: String,
    /// The heading: a name (highlighted, escaped) or "X in Y" (escaped here).
    title_html: String,
    snippet_html: String,
    face: Option<crate::faces::Face>,
    when: Option<(String, String, String)>,
    /// For a person: their posts among these results ("Berichten van Anna").
    more_by: Option<(String, String)>,
}

/// A link with a label, and whether it is the current one.
struct Choice {
    label: String,
    value: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    shell: Shell,
    q: String,
    error: Option<String>,
    searched: bool,
    kinds: Vec<(String, String, bool)>,
    /// The team filter's options (the reader's teams, and the chosen one).
    teams: Vec<Choice>,
    periods: Vec<Choice>,
    soort: String,
    van: String,
    /// The author narrowed to: their name and the address without them.
    author: Option<(String, String)>,
    hits: Vec<HitItem>,
    /// Topics to go to: label ("#kerstborrel (12)") and address.
    topics: Vec<(String, String)>,
    /// "12 resultaten".
    count: String,
    fuzzy: bool,
    /// "Bedoelde u …?": the words and their address.
    meant: Option<(String, String)>,
    building: bool,
    more: Option<String>,
}

fn escape(text: &str) -> String {
    askama::filters::escape(text, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default()
}

/// `GET /zoeken`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(params): Query<Params>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "search").for_actor(&actor);
    let q = params.q.trim().to_owned();
    let chosen = params.kind();
    // The reader's teams to narrow to, and the chosen one if they may see it (else no narrowing).
    let mut space = params.space();
    let mut teams: Vec<Choice> = state
        .app
        .spaces()
        .list_my_spaces(&actor)
        .await?
        .into_iter()
        .map(|s| Choice { current: Some(s.id) == space, value: s.id.to_string(), label: s.name })
        .collect();
    if let Some(id) = space
        && !teams.iter().any(|t| t.current)
    {
        match state.app.spaces().read_space(&actor, id).await {
            Ok(view) => teams.push(Choice { label: view.space.name, value: id.to_string(), current: true }),
            Err(_) => space = None,
        }
    }
    teams.sort_by_key(|t| t.label.to_lowercase());
    teams.insert(0, Choice { label: shell.t("search-team-any"), value: String::new(), current: space.is_none() });
    let mut author_id = params.author();
    let mut author = None;
    if let Some(id) = author_id {
        match state.app.people().read_person(&actor, id).await {
            Ok(person) => author = Some((person.user.display_name, params.href(|p| p.van.clear()))),
            Err(_) => author_id = None,
        }
    }
    let periods = PERIODS
        .iter()
        .map(|(value, key, _)| Choice {
            label: shell.t(key),
            value: (*value).into(),
            current: params.periode == *value,
        })
        .collect();
    let mut view = SearchPage {
        error: None,
        searched: false,
        kinds: Vec::new(),
        teams,
        periods,
        soort: chosen.map(|_| params.soort.clone()).unwrap_or_default(),
        van: author_id.map(|id| id.to_string()).unwrap_or_default(),
        author,
        hits: Vec::new(),
        topics: Vec::new(),
        count: String::new(),
        fuzzy: false,
        meant: None,
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
    let query = SearchQuery {
        text: q.clone(),
        kinds: chosen.map(|k| vec![k]).unwrap_or_default(),
        space,
        author: author_id,
        since: params.days().map(|d| Utc::now() - Duration::days(d)),
        offset: params.vanaf,
    };
    let SearchResults { hits, counts, fuzzy, complete, meant, topics, next, building } =
        state.app.search().search_everything(&actor, &query).await?;
    let shell = &view.shell;
    let count_of = |kind: Kind| counts.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n);
    let all: usize = counts.iter().map(|(_, n)| n).sum();
    let mut kinds =
        vec![(shell.t_num("search-kind-all", "count", all as i64), params.href(|p| p.soort.clear()), chosen.is_none())];
    for (kind, name, key) in KINDS {
        let n = count_of(kind);
        if n > 0 || chosen == Some(kind) {
            kinds.push((
                shell.t_num(key, "count", n as i64),
                params.href(|p| p.soort = name.into()),
                chosen == Some(kind),
            ));
        }
    }
    view.hits = hits.into_iter().map(|hit| hit_item(shell, &params, hit)).collect();
    view.searched = true;
    let total = chosen.map_or(all, count_of);
    view.count = if complete {
        view.shell.t_num("search-count", "count", total as i64)
    } else {
        view.shell.t_num("search-count-more", "count", total as i64)
    };
    view.kinds = kinds;
    view.topics = topics
        .into_iter()
        .map(|t| {
            let label = shell
                .t_with_args("search-topic", &[("topic", t.name.clone().into()), ("count", (t.posts as i64).into())]);
            (label, topic_href(&t.name))
        })
        .collect();
    view.fuzzy = fuzzy;
    view.meant = meant.map(|words| {
        let href = params.href(|p| p.q = words.clone());
        (words, href)
    });
    view.building = building;
    view.more = next.map(|from| params.href(|p| p.vanaf = from));
    Ok(page(StatusCode::OK, &view))
}

/// A topic's page.
fn topic_href(name: &str) -> String {
    format!("/onderwerpen/{}", form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>())
}

/// Where a hit leads, and what kind of thing it is (a message key).
fn target(found: &Found) -> (&'static str, String) {
    match found {
        Found::Post(id) => ("search-hit-post", format!("/berichten/{id}")),
        Found::Comment { id, post } => ("search-hit-comment", format!("/berichten/{post}#reactie-{id}")),
        Found::Person(id) => ("search-hit-person", format!("/mensen/{id}")),
        Found::Space(id) => ("search-hit-space", format!("/teams/{id}")),
        Found::News(id) => ("search-hit-news", format!("/nieuws/{id}")),
    }
}

/// "Anna de Vries in Team Fiets": who wrote a post and where.
fn post_title(shell: &Shell, v: &plein_app::stream::PostView) -> String {
    let place = match &v.place {
        plein_app::stream::Place::Space { name, .. } => name.clone(),
        plein_app::stream::Place::Profile { name, .. } => name.clone(),
    };
    shell.t_with_args("search-post-title", &[("name", v.author.name.clone().into()), ("place", place.into())])
}

fn hit_item(shell: &Shell, params: &Params, hit: SearchHit) -> HitItem {
    let (kind_key, href) = target(&hit.found);
    let more_by = match hit.found {
        Found::Person(id) => Some((
            shell.t_with("search-more-by", "name", &hit.name),
            params.href(|p| {
                p.van = id.to_string();
                p.soort = "bericht".into();
            }),
        )),
        _ => None,
    };
    let (title_html, face_, when) = match &hit.post {
        Some(v) => {
            let at = v.post.created_at;
            (
                escape(&post_title(shell, v)),
                Some(face(&v.author, FaceSize::Small)),
                Some((shell.time_ago(at), at.to_rfc3339(), shell.exact_time(at))),
            )
        }
        None => (hit.title_html, None, None),
    };
    HitItem { kind: shell.t(kind_key), href, title_html, snippet_html: hit.snippet_html, face: face_, when, more_by }
}

/// `?q=` for suggestions.
#[derive(Deserialize)]
pub struct SuggestParams {
    #[serde(default)]
    q: String,
}

/// `GET /zoeken/suggesties`: what to suggest for what is typed, as JSON
/// `[{label, detail, href}]` (written as text by the page): people, teams, topics, then the best
/// posts and comments, and last a link to all results. Nothing for fewer than two letters.
pub async fn suggestions(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(params): Query<SuggestParams>,
) -> Result<Response, AppError> {
    let q = params.q.trim();
    if q.chars().count() < 2 || q.chars().count() > MAX_QUERY {
        return Ok(axum::Json(Vec::<serde_json::Value>::new()).into_response());
    }
    let shell = Shell::new(&state, &ctx, "search");
    let Suggested { people, spaces, topics, content } = state.app.search().suggest(&actor, &params.q).await?;
    let entry = |label: String, detail: String, href: String| serde_json::json!({ "label": label, "detail": detail, "href": href });
    let mut out = Vec::new();
    for hit in people.into_iter().chain(spaces) {
        let (key, href) = target(&hit.found);
        out.push(entry(hit.name.clone(), shell.t(key), href));
    }
    for topic in topics {
        let detail = shell.t_num("search-suggest-topic", "count", topic.posts as i64);
        let href =
            format!("/onderwerpen/{}", form_urlencoded::byte_serialize(topic.name.as_bytes()).collect::<String>());
        out.push(entry(format!("#{}", topic.name), detail, href));
    }
    for hit in content {
        let (key, href) = target(&hit.found);
        let detail = match &hit.post {
            Some(v) => format!("{} · {}", shell.t(key), post_title(&shell, v)),
            None => shell.t(key),
        };
        out.push(entry(hit.snippet_text.chars().take(90).collect(), detail, href));
    }
    let all = Params { q: q.to_owned(), ..Params::default() }.href(|_| {});
    out.push(entry(shell.t_with("search-suggest-all", "query", q), String::new(), all));
    Ok(axum::Json(out).into_response())
}
