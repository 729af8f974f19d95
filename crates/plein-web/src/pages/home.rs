//! The start page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::render::{Shell, page};
use crate::{AppState, CurrentActor, RequestContext};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    shell: Shell,
    name: String,
}

/// `GET /`: the logged-in user's start page.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
) -> Response {
    page(
        StatusCode::OK,
        &HomePage { shell: Shell::new(&state, &ctx, "home").for_actor(&actor), name: user.display_name },
    )
}
