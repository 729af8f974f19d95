//! The user's own account: details, language and password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::accounts::AccountError;
use plein_core::{PasswordError, UserKind};
use serde::Deserialize;

use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentUser, RequestContext};

/// Messages per form field.
#[derive(Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }
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
    notice: Option<String>,
    errors: FieldErrors,
}

async fn account_page(
    state: &AppState,
    ctx: &RequestContext,
    user_id: i64,
    notice_key: Option<&str>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let row = state.app.profile(user_id).await?.ok_or(AppError::NotFound)?;
    let shell = Shell::new(state, ctx, "account");
    let kind_key = match UserKind::parse(&row.kind) {
        Some(UserKind::Guest) => "account-kind-guest",
        _ => "account-kind-employee",
    };
    let notice = notice_key.map(|k| shell.t(k));
    Ok(page(
        status,
        &AccountPage {
            shell,
            name: row.display_name,
            username: row.username,
            email: row.email,
            kind_key,
            is_admin: row.is_admin,
            notice,
            errors,
        },
    ))
}

/// Query parameters of the account page.
#[derive(Deserialize)]
pub struct AccountQuery {
    ok: Option<String>,
}

/// `GET /account`.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentUser(user): CurrentUser,
    Query(q): Query<AccountQuery>,
) -> Result<Response, AppError> {
    let notice = match q.ok.as_deref() {
        Some("wachtwoord") => Some("account-password-changed"),
        _ => None,
    };
    account_page(&state, &ctx, user.id, notice, FieldErrors::default(), StatusCode::OK).await
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
    CurrentUser(user): CurrentUser,
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
        match state.app.change_password(&user, &form.current_password, &form.new_password, &ctx.origin).await {
            Ok(()) => return Ok(Redirect::to("/account?ok=wachtwoord").into_response()),
            Err(AccountError::WrongPassword) => errors.add("current_password", shell.t("error-password-wrong")),
            Err(AccountError::Password(e)) => errors.add("new_password", password_message(&shell, &e)),
            Err(other) => return Err(AppError::Internal(other.to_string())),
        }
    }
    account_page(&state, &ctx, user.id, None, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn password_message(shell: &Shell, e: &PasswordError) -> String {
    let key = format!("error-{}", e.code());
    match e {
        PasswordError::TooShort { min } => shell.t_num(&key, "min", i64::try_from(*min).unwrap_or(i64::MAX)),
        PasswordError::TooLong { max } => shell.t_num(&key, "max", i64::try_from(*max).unwrap_or(i64::MAX)),
        PasswordError::TooCommon => shell.t(&key),
    }
}
