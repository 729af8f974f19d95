//! A forgotten password: ask for a link by e-mail, and set a password through such a link (also the
//! first password of an account an administrator created or imported).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::Error;
use plein_app::mail::MailContext;
use plein_app::password_links::RESET_HOURS;
use serde::Deserialize;

use crate::context::session_cookie;
use crate::flash::{Notice, with_notice};
use crate::render::{FieldErrors, Shell, link_gone, page};
use crate::{AppError, AppState, RequestContext, i18n};

#[derive(Template)]
#[template(path = "password/forgot.html")]
struct ForgotPage {
    shell: Shell,
    login: String,
    sent: bool,
    error: Option<String>,
}

fn forgot_page(state: &AppState, ctx: &RequestContext, login: String, sent: bool, error: Option<String>) -> Response {
    let status = if error.is_some() { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::OK };
    page(status, &ForgotPage { shell: Shell::new(state, ctx, ""), login, sent, error })
}

/// `GET /wachtwoord-vergeten`.
pub async fn forgot(State(state): State<AppState>, ctx: RequestContext) -> Response {
    forgot_page(&state, &ctx, String::new(), false, None)
}

/// The request form.
#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    login: String,
}

/// `POST /wachtwoord-vergeten`: mails a link when the name belongs to an account; the answer is the
/// same either way.
pub async fn request(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    let login: String = form.login.trim().chars().take(254).collect();
    let Some(base_url) = state.link_base_url(&ctx, &headers) else {
        tracing::warn!("a password link was asked for, but http.public_url is not set: no mail sent");
        return Ok(forgot_page(&state, &ctx, login, true, None));
    };
    let mail = MailContext { organisation: state.config.organisation.name.clone(), base_url, locale: ctx.locale };
    match state.app.accounts().request_password_reset(&login, &ctx.origin, &mail).await {
        Ok(()) => Ok(forgot_page(&state, &ctx, login, true, None)),
        Err(Error::Throttled(until)) => {
            let minutes = ((until - plein_store::now()).num_seconds().max(1) + 59) / 60;
            let msg = i18n::t_text(ctx.locale, "login-throttled", &[("minutes", &minutes.to_string())]);
            Ok(forgot_page(&state, &ctx, login, false, Some(msg)))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "password/set.html")]
struct SetPage {
    shell: Shell,
    token: String,
    intro: String,
    errors: FieldErrors,
}

fn invalid(state: &AppState, ctx: &RequestContext) -> Response {
    let shell = Shell::new(state, ctx, "");
    let title = shell.t("password-link-invalid-title");
    let text = shell.t_with("password-link-invalid-text", "hours", &RESET_HOURS.to_string());
    link_gone(shell, title, text)
}

async fn set_page(
    state: &AppState,
    ctx: &RequestContext,
    token: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let open = match state.app.accounts().open_password_link(&token).await {
        Ok(open) => open,
        Err(Error::NotFound) => return Ok(invalid(state, ctx)),
        Err(e) => return Err(e.into()),
    };
    let shell = Shell::new(state, ctx, "");
    let intro = shell.t_with("password-set-intro", "username", &open.user.username);
    Ok(page(status, &SetPage { shell, token, intro, errors }))
}

/// `GET /wachtwoord-instellen/{token}`.
pub async fn set_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    set_page(&state, &ctx, token, FieldErrors::default(), StatusCode::OK).await
}

/// The new password, twice.
#[derive(Deserialize)]
pub struct SetForm {
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// `POST /wachtwoord-instellen/{token}`: sets the password, ends every other session and logs in.
pub async fn set(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
    Form(form): Form<SetForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::default();
    if form.new_password != form.repeat_password {
        errors.add("repeat_password", i18n::t(ctx.locale, "error-password-mismatch"));
    } else {
        match state.app.accounts().use_password_link(&token, &form.new_password, &ctx.origin).await {
            Ok((session, _user)) => {
                let cookie = session_cookie(&ctx, &session);
                let to = with_notice("/account", Notice::PasswordChanged);
                return Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&to)).into_response());
            }
            Err(Error::Invalid(problem)) => errors.add(problem.field, i18n::problem(ctx.locale, problem.code)),
            Err(Error::NotFound) => return Ok(invalid(&state, &ctx)),
            Err(e) => return Err(e.into()),
        }
    }
    set_page(&state, &ctx, token, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}
