//! Logging in and out.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::{Code, Error, Problem};
use serde::Deserialize;

use crate::context::{clear_session_cookie, safe_next, session_cookie};
use crate::render::{Shell, page};
use crate::{AppError, AppState, RequestContext};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    shell: Shell,
    next: String,
    username: String,
    notice: Option<String>,
    error: Option<String>,
    invalid_username: bool,
    invalid_password: bool,
    /// The organisation's own words above the form.
    intro: Vec<String>,
}

/// Query parameters of the login page.
#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    uitgelogd: Option<String>,
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `GET /inloggen`: the login form, or straight on when already logged in.
pub async fn form(State(state): State<AppState>, ctx: RequestContext, Query(q): Query<LoginQuery>) -> Response {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    let shell = Shell::new(&state, &ctx, "");
    let notice = q.uitgelogd.map(|_| shell.t("logged-out"));
    let form = LoginPage {
        intro: intro(&ctx),
        shell,
        next,
        username: String::new(),
        notice,
        error: None,
        invalid_username: false,
        invalid_password: false,
    };
    page(StatusCode::OK, &form)
}

/// `POST /inloggen`: checks the credentials, starts a new session and goes on.
pub async fn submit(
    State(state): State<AppState>,
    ctx: RequestContext,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next.as_deref());
    let shell = Shell::new(&state, &ctx, "");
    let again = |shell: Shell, status: StatusCode, key: String, invalid: (bool, bool)| {
        let username: String = form.username.chars().take(254).collect();
        let (invalid_username, invalid_password) = invalid;
        let form = LoginPage {
            intro: intro(&ctx),
            shell,
            next: next.clone(),
            username,
            notice: None,
            error: Some(key),
            invalid_username,
            invalid_password,
        };
        page(status, &form)
    };
    let (no_username, no_password) = (form.username.trim().is_empty(), form.password.is_empty());
    if no_username || no_password {
        let msg = shell.t("login-required");
        return Ok(again(shell, StatusCode::UNPROCESSABLE_ENTITY, msg, (no_username, no_password)));
    }
    if form.password.len() > 1024 {
        let msg = shell.t("login-invalid");
        return Ok(again(shell, StatusCode::UNAUTHORIZED, msg, (true, true)));
    }
    match state.app.accounts().login(&form.username, &form.password, &ctx.origin).await {
        Ok((token, user)) => {
            // The language chosen on this browser last is the user's choice now.
            // Neither may cost the user the session just started.
            if let Some(chosen) = ctx.chosen_locale.filter(|l| user.locale != Some(*l))
                && let Err(e) = state.app.accounts().set_locale(&user, chosen).await
            {
                tracing::warn!(error = %e, "storing the language chosen before login failed");
            }
            // A session this browser already had ends: one browser, one session.
            if let Some(old) = &ctx.user
                && let Err(e) = state.app.accounts().logout(old, &ctx.origin).await
            {
                tracing::warn!(error = %e, "ending the previous session failed");
            }
            let cookie = session_cookie(&ctx, &token);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
        }
        Err(Error::Invalid(Problem { code: Code::Credentials, .. })) => {
            let msg = shell.t("login-invalid");
            Ok(again(shell, StatusCode::UNAUTHORIZED, msg, (true, true)))
        }
        Err(Error::Throttled(until)) => {
            let seconds = (until - plein_store::now()).num_seconds().max(1);
            let minutes = (seconds + 59) / 60;
            let msg = shell.t_num("login-throttled", "minutes", minutes);
            let mut res = again(shell, StatusCode::TOO_MANY_REQUESTS, msg, (false, false));
            if let Ok(v) = seconds.to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /uitloggen`: ends the session on the server and removes the cookie.
pub async fn logout(State(state): State<AppState>, ctx: RequestContext) -> Result<Response, AppError> {
    if let Some(user) = &ctx.user {
        state.app.accounts().logout(user, &ctx.origin).await?;
    }
    Ok(([(header::SET_COOKIE, clear_session_cookie(&ctx))], Redirect::to("/inloggen?uitgelogd=1")).into_response())
}

/// The branding's login text as paragraphs.
fn intro(ctx: &RequestContext) -> Vec<String> {
    ctx.branding.login_intro.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}
