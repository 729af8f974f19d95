//! Switching the interface language.

use axum::Form;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use plein_core::Locale;
use serde::Deserialize;

use crate::context::{language_cookie, safe_next};
use crate::{AppError, AppState, RequestContext};

/// The language form.
#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// `POST /taal`: remembers the language (in the account when logged in, and in a cookie) and goes back.
pub async fn switch(
    State(state): State<AppState>,
    ctx: RequestContext,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let locale = Locale::parse(&form.lang).ok_or(AppError::BadRequest)?;
    if let Some(user) = &ctx.user {
        state.app.accounts().set_locale(user, locale).await?;
    }
    let next = safe_next(form.next.as_deref());
    Ok(([(header::SET_COOKIE, language_cookie(&ctx, locale))], Redirect::to(&next)).into_response())
}
