//! Pages anyone may read, logged in or not.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::render::{Shell, page};
use crate::{AppState, RequestContext};

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    shell: Shell,
}

/// `GET /toegankelijkheid`: the accessibility statement.
pub async fn accessibility(State(state): State<AppState>, ctx: RequestContext) -> Response {
    page(StatusCode::OK, &AccessibilityPage { shell: Shell::new(&state, &ctx, "") })
}
