//! The start page: the personal home stream, a form to post on one's own profile or in one of
//! one's spaces, and beside the stream one's spaces and shortcuts.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use plein_app::spaces::MySpace;

use crate::pages::news::views::{NewsCard, card};
use crate::pages::stream::{Composer, StreamList, StreamQuery};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    name: String,
    composer: Option<Composer>,
    stream: StreamList,
    /// The reader's spaces, most used first (the first few).
    spaces: Vec<MySpace>,
    /// Whether they have more than those.
    more_spaces: bool,
    /// News on top of the stream (its first page): featured, to confirm, the newest.
    featured: Vec<NewsCard>,
    to_confirm: Vec<NewsCard>,
    recent: Vec<NewsCard>,
    /// "3 berichten te bevestigen".
    confirm_heading: String,
}

/// How many of the reader's spaces the home page lists beside the stream.
const SPACES_SHOWN: usize = 8;

/// `GET /`: the logged-in user's start page.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Query(q): Query<StreamQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let home = state.app.stream().read_home(&actor, q.voor).await?;
    let news = home.news;
    let stream = StreamList::new(&shell, home.stream, "/", q.voor, actor.id);
    let mut spaces = home.spaces;
    let postable: Vec<(i64, String)> = spaces.iter().filter(|s| s.may_post).map(|s| (s.id, s.name.clone())).collect();
    let composer = (shell.can.post_on_profile || !postable.is_empty()).then(|| {
        let label = shell.t("post-share");
        Composer::new(&shell, "profile".into(), "/", label, q.fout.clone()).with_places(
            &shell,
            shell.can.post_on_profile,
            postable,
        )
    });
    let more_spaces = spaces.len() > SPACES_SHOWN;
    spaces.truncate(SPACES_SHOWN);
    let name = user.display_name;
    let cards = |items: Vec<plein_app::news::NewsView>| items.into_iter().map(|n| card(&shell, n)).collect::<Vec<_>>();
    let (featured, to_confirm, recent) = (cards(news.featured), cards(news.to_confirm), cards(news.recent));
    let confirm_heading = shell.t_num("home-news-to-confirm", "count", i64::try_from(to_confirm.len()).unwrap_or(0));
    let data =
        HomePage { shell, name, composer, stream, spaces, more_spaces, featured, to_confirm, recent, confirm_heading };
    Ok(page(StatusCode::OK, &data))
}
