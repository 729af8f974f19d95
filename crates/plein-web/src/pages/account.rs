//! The user's own account: details, language and password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::Error;
use plein_app::SessionUser;
use plein_app::accounts::SessionInfo;
use plein_app::i18n::FluentValue;
use plein_core::UserKind;
use serde::Deserialize;

use crate::flash::{self, Notice, with_notice};
use crate::i18n;
use crate::render::{FieldErrors, Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// One session as the account page shows it.
pub struct SessionView {
    device: String,
    meta: String,
    current: bool,
}

/// A short description of a browser from its user-agent string: (browser, operating system).
fn describe_device(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let ua = user_agent;
    let browser = if ua.contains("Edg/") {
        Some("Edge")
    } else if ua.contains("Firefox/") {
        Some("Firefox")
    } else if ua.contains("Chrome/") || ua.contains("Chromium/") || ua.contains("HeadlessChrome/") {
        Some("Chrome")
    } else if ua.contains("Safari/") {
        Some("Safari")
    } else {
        None
    };
    let os = if ua.contains("iPad") {
        Some("iPadOS")
    } else if ua.contains("iPhone") {
        Some("iOS")
    } else if ua.contains("Android") {
        Some("Android")
    } else if ua.contains("Windows") {
        Some("Windows")
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS")
    } else if ua.contains("Linux") || ua.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    (browser, os)
}

fn session_view(shell: &Shell, s: SessionInfo) -> SessionView {
    let (browser, os) = describe_device(s.user_agent.as_deref().unwrap_or(""));
    let browser = browser.map_or_else(|| shell.t("session-unknown-browser"), str::to_owned);
    let os = os.map_or_else(|| shell.t("session-unknown-os"), str::to_owned);
    let device = i18n::t_args(
        shell.locale(),
        "session-device",
        &[("browser", FluentValue::from(browser)), ("os", FluentValue::from(os))],
    );
    let when = FluentValue::from(shell.time_ago(s.last_seen_at));
    let meta = match s.client_addr {
        Some(addr) => i18n::t_args(
            shell.locale(),
            "account-session-meta-address",
            &[("when", when), ("address", FluentValue::from(addr))],
        ),
        None => i18n::t_args(shell.locale(), "account-session-meta", &[("when", when)]),
    };
    SessionView { device, meta, current: s.current }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Shell,
    name: String,
    username: String,
    email: String,
    kind_key: &'static str,
    is_admin: bool,
    errors: FieldErrors,
    sessions: Vec<SessionView>,
}

async fn account_page(
    state: &AppState,
    ctx: &RequestContext,
    (user, actor): (&SessionUser, &plein_core::policy::Actor),
    notice_key: Option<&str>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let row = state.app.accounts().read_account(user.id).await?.ok_or(AppError::NotFound)?;
    let shell = Shell::new(state, ctx, "account").for_actor(actor);
    let kind_key = match row.kind {
        UserKind::Guest => "account-kind-guest",
        UserKind::Employee => "account-kind-employee",
    };
    let notice = notice_key.map(|k| shell.t(k));
    let sessions =
        state.app.accounts().list_sessions(user).await?.into_iter().map(|s| session_view(&shell, s)).collect();
    Ok(page(
        status,
        &AccountPage {
            shell: shell.with_notice(notice),
            name: row.display_name,
            username: row.username,
            email: row.email,
            kind_key,
            is_admin: row.is_admin,
            errors,
            sessions,
        },
    ))
}

/// Query parameters of the account page.
#[derive(Deserialize)]
pub struct AccountQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let notice = q.ok.map(Notice::key);
    account_page(&state, &ctx, (&user, &actor), notice, FieldErrors::default(), StatusCode::OK).await
}

/// The password form's fields.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// `POST /account/wachtwoord`: changes the password; other sessions end.
pub async fn change_password(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "account");
    let mut errors = FieldErrors::default();
    if form.current_password.is_empty() {
        errors.add("current_password", shell.t("error-required"));
    }
    if form.new_password != form.repeat_password {
        errors.add("repeat_password", shell.t("error-password-mismatch"));
    }
    if errors.is_empty() {
        match state.app.accounts().change_password(&user, &form.current_password, &form.new_password, &ctx.origin).await
        {
            Ok(()) => return Ok(Redirect::to(&with_notice("/account", Notice::PasswordChanged)).into_response()),
            Err(Error::Invalid(problem)) => errors.add(problem.field, shell.problem(problem.code)),
            Err(Error::Throttled(until)) => {
                let minutes = ((until - plein_store::now()).num_seconds().max(1) + 59) / 60;
                errors.add("current_password", shell.t_num("error-password-throttled", "minutes", minutes));
            }
            Err(e) => return Err(e.into()),
        }
    }
    account_page(&state, &ctx, (&user, &actor), None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// `POST /account/sessies/beeindigen`: logs out every other browser.
pub async fn end_other_sessions(
    State(state): State<AppState>,
    ctx: RequestContext,
    crate::CurrentUser(user): crate::CurrentUser,
) -> Result<Response, AppError> {
    state.app.accounts().end_other_sessions(&user, &ctx.origin).await?;
    Ok(Redirect::to(&with_notice("/account", Notice::SessionsEnded)).into_response())
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_described_briefly() {
        let ipad = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_device(ipad), (Some("Safari"), Some("iPadOS")));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";
        assert_eq!(describe_device(edge), (Some("Edge"), Some("Windows")));
        assert_eq!(describe_device("curl/8.0"), (None, None));
    }
}
