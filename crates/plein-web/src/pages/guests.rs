//! External guests: inviting them to a space, the invitation link, renewing their access.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::Error;
use plein_app::guests::Invited;
use plein_app::mail::MailContext;
use plein_core::Locale;
use serde::Deserialize;

use crate::context::session_cookie;
use crate::flash::{Notice, with_fault, with_notice};
use crate::render::{FieldErrors, Shell, link_gone, page};
use crate::{AppError, AppState, CurrentActor, RequestContext, i18n};

/// The invite form.
#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    lang: Option<String>,
}

/// `POST /teams/{id}/gasten`: invites a guest by e-mail.
pub async fn invite(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let mail = MailContext {
        organisation: state.config.organisation.name.clone(),
        base_url: state.base_url(&ctx, &headers),
        locale: form.lang.as_deref().and_then(Locale::parse).unwrap_or(ctx.locale),
    };
    let space = format!("/teams/{id}/leden");
    let to = match state.app.guests().invite_guest(&actor, id, &form.email, &mail).await {
        Ok(Invited::Sent) => with_notice(&space, Notice::GuestInvited),
        Ok(Invited::Added) => with_notice(&space, Notice::GuestAdded),
        Err(Error::Invalid(problem) | Error::Conflict(problem)) => with_fault(&space, &problem),
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&to).into_response())
}

/// `POST /teams/{id}/gasten/{user}/verlengen`: another full term for a guest.
pub async fn renew(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path((id, user)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    state.app.guests().renew_guest(&actor, id, user).await?;
    Ok(Redirect::to(&with_notice(&format!("/teams/{id}/leden"), Notice::GuestRenewed)).into_response())
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    shell: Shell,
    token: String,
    title: String,
    intro: String,
    email_note: String,
    name: String,
    errors: FieldErrors,
}

async fn invitation_page(
    state: &AppState,
    ctx: &RequestContext,
    token: String,
    name: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let open = match state.app.guests().open_invitation(&token).await {
        Ok(open) => open,
        Err(Error::NotFound) => return Ok(invalid(state, ctx)),
        Err(e) => return Err(e.into()),
    };
    let ctx = in_invitation_language(ctx, &open.row.locale);
    let shell = Shell::new(state, &ctx, "");
    let page_data = InvitationPage {
        title: shell.t_with("invitation-title", "space", &open.space_name),
        intro: shell.t_with("invitation-intro", "space", &open.space_name),
        email_note: shell.t_with("invitation-email", "email", &open.row.email),
        token,
        name,
        errors,
        shell,
    };
    Ok(page(status, &page_data))
}

/// The invitation's language, unless the visitor chose another.
fn in_invitation_language(ctx: &RequestContext, invitation_locale: &str) -> RequestContext {
    let mut ctx = ctx.clone();
    if ctx.chosen_locale.is_none() && ctx.user.is_none() {
        ctx.locale = Locale::parse(invitation_locale).unwrap_or_default();
    }
    ctx
}

fn invalid(state: &AppState, ctx: &RequestContext) -> Response {
    let shell = Shell::new(state, ctx, "");
    let (title, text) = (shell.t("invitation-invalid-title"), shell.t("invitation-invalid-text"));
    link_gone(shell, title, text)
}

/// `GET /uitnodiging/{token}`: the form to accept an invitation.
pub async fn invitation(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    invitation_page(&state, &ctx, token, String::new(), FieldErrors::default(), StatusCode::OK).await
}

/// The acceptance form.
#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

/// `POST /uitnodiging/{token}`: creates the guest account, logs in and opens the space.
pub async fn accept(
    State(state): State<AppState>,
    ctx: RequestContext,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let locale = match state.app.guests().open_invitation(&token).await {
        Ok(open) => in_invitation_language(&ctx, &open.row.locale).locale,
        Err(Error::NotFound) => return Ok(invalid(&state, &ctx)),
        Err(e) => return Err(e.into()),
    };
    let mut errors = FieldErrors::default();
    if form.new_password != form.repeat_password {
        errors.add("repeat_password", i18n::t(locale, "error-password-mismatch"));
    } else {
        match state.app.guests().accept_invitation(&token, &form.name, &form.new_password, &ctx.origin).await {
            Ok((session, _user, space)) => {
                let cookie = session_cookie(&ctx, &session);
                return Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&format!("/teams/{space}"))).into_response());
            }
            Err(Error::Invalid(problem)) => errors.add(problem.field, i18n::problem(locale, problem.code)),
            Err(Error::NotFound) => return Ok(invalid(&state, &ctx)),
            Err(e) => return Err(e.into()),
        }
    }
    invitation_page(&state, &ctx, token, form.name, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}
