//! The start page: the personal home stream, and a form to post on one's own profile.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

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
}

/// `GET /`: the logged-in user's start page.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Query(q): Query<StreamQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let stream = state.app.stream().read_home_stream(&actor, q.voor).await?;
    let stream = StreamList::new(&shell, stream, "/", q.voor, actor.id);
    let composer = shell.can.post_on_profile.then(|| {
        let label = shell.t("post-on-own-profile");
        Composer::new(&shell, "profile".into(), "/", label, q.fout.clone())
    });
    Ok(page(StatusCode::OK, &HomePage { shell, name: user.display_name, composer, stream }))
}
