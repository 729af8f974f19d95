//! The question a destructive action asks before it happens, as a page of its own: what the
//! browser shows without JavaScript (with it, `plein.js` asks in a dialog and sends the answer
//! with the form). The page repeats the form with `bevestigd=1`.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use crate::render::{Shell, page};

/// What to ask, and how to go on.
pub struct Question {
    /// The page's title and heading ("Bericht verwijderen?").
    pub title: String,
    /// What will happen.
    pub text: String,
    /// The form's address.
    pub action: String,
    /// The fields the original form carried.
    pub fields: Vec<(&'static str, String)>,
    /// The confirming button's label.
    pub yes: String,
    /// Where "Cancel" goes.
    pub back: String,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    shell: Shell,
    question: Question,
}

/// The confirmation page.
pub fn ask(shell: Shell, question: Question) -> Response {
    page(StatusCode::OK, &ConfirmPage { shell, question })
}
