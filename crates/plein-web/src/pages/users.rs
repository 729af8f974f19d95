//! User administration pages: list and search, create, deactivate and reactivate, export.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::accounts::NewUser;
use plein_app::import::{ImportError, ImportOutcome, ImportProblem};
use plein_app::mail::MailContext;
use plein_app::{Code, Error, Problem};
use plein_core::{UserKind, UserStatus};
use serde::Deserialize;

use crate::flash::{self, Fault, Notice, with_fault, with_notice};
use crate::pages::confirm::{self, Question};
use crate::pages::spaces::{Choice, choice};
use crate::render::{FieldErrors, Input, Pager, Shell, one_page, page};
use crate::{AppError, AppState, CurrentActor, RequestContext, i18n};
use plein_app::confirm::{Confirmation, Outcome};
use plein_app::users::UserDetail;
use plein_store::users::{UserListFilter, UserListShow};

/// A user row.
pub struct UserItem {
    id: i64,
    name: String,
    username: String,
    kind: String,
    status: String,
    last_login: String,
    groups: String,
    active: bool,
    toggle: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    shell: Shell,
    problem: Option<String>,
    search: String,
    shows: Vec<Choice>,
    users: Vec<UserItem>,
    pager: Pager,
    inputs: Vec<Input>,
    guest: bool,
    errors: FieldErrors,
    import_errors: Vec<String>,
}

/// The list's search and messages.
#[derive(Deserialize, Default)]
pub struct UsersQuery {
    zoek: Option<String>,
    toon: Option<String>,
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
    aantal: Option<i64>,
    na: Option<String>,
    na_id: Option<i64>,
}

/// The new-account form.
#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    kind: String,
}

/// Accounts on one page of the list.
const PAGE_SIZE: usize = 50;

/// What the page's forms show after a failed attempt.
#[derive(Default)]
struct Forms {
    form: NewUserForm,
    errors: FieldErrors,
    import_errors: Vec<String>,
}

async fn users_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    q: UsersQuery,
    forms: Forms,
    status: StatusCode,
) -> Result<Response, AppError> {
    let Forms { form, errors, import_errors } = forms;
    let search: String = q.zoek.unwrap_or_default().trim().chars().take(100).collect();
    let after = q.na.zip(q.na_id);
    let (show_value, show) = match q.toon.as_deref() {
        Some("medewerkers") => ("medewerkers", Some(UserListShow::Employees)),
        Some("gasten") => ("gasten", Some(UserListShow::Guests)),
        Some("gedeactiveerd") => ("gedeactiveerd", Some(UserListShow::Deactivated)),
        Some("nooit-ingelogd") => ("nooit-ingelogd", Some(UserListShow::NeverLoggedIn)),
        _ => ("", None),
    };
    let filter = UserListFilter { search: search.clone(), show };
    let users = state.app.admin().list_users(actor, &filter, &after, PAGE_SIZE as u64 + 1).await?;
    let (users, more) = one_page(users, PAGE_SIZE);
    let last = users.last().filter(|_| more).map(|(u, _)| (u.display_name.as_str(), u.id));
    let pairs = [("zoek", search.as_str()), ("toon", show_value)];
    let pager = Pager::new("/beheer/gebruikers", &pairs, last, after.is_some());
    let shell = Shell::new(state, ctx, "admin").for_actor(actor);
    let shows = ["", "medewerkers", "gasten", "gedeactiveerd", "nooit-ingelogd"]
        .into_iter()
        .map(|v| {
            let key = if v.is_empty() { "users-show-all".to_owned() } else { format!("users-show-{v}") };
            choice(&shell, v, &key, v == show_value)
        })
        .collect();
    let users = users
        .into_iter()
        .map(|(u, groups)| {
            let active = u.status == UserStatus::Active;
            let guest = u.kind == UserKind::Guest;
            let toggle =
                shell.t_with(if active { "users-deactivate" } else { "users-reactivate" }, "name", &u.display_name);
            UserItem {
                id: u.id,
                username: u.username,
                kind: shell.t(if guest { "account-kind-guest" } else { "account-kind-employee" }),
                status: shell.t(if active { "users-status-active" } else { "users-status-deactivated" }),
                last_login: match u.last_login_at {
                    Some(at) => i18n::local_date(shell.locale(), at),
                    None => shell.t("users-never-logged-in"),
                },
                groups: groups.join(", "),
                name: u.display_name,
                active,
                toggle,
            }
        })
        .collect();
    let notice = q.ok.map(|n| match n {
        Notice::UsersImported => shell.t_num(n.key(), "count", q.aantal.unwrap_or(0)),
        n => shell.notice(n),
    });
    let problem = q.fout.map(|f| shell.problem(f.code));
    let inputs = vec![
        shell.input("display_name", "account-name", "text", &form.display_name, 100).not_autocompleted(),
        shell.input("username", "account-username", "text", &form.username, 64).not_autocompleted(),
        shell.input("email", "account-email", "email", &form.email, 254).not_autocompleted(),
        shell
            .input("password", "login-password", "password", "", 128)
            .not_autocompleted()
            .with_hint(&shell, "users-password-hint"),
    ];
    let guest = UserKind::parse(&form.kind) == Some(UserKind::Guest);
    let data = UsersPage {
        shell: shell.with_notice(notice),
        problem,
        search,
        shows,
        users,
        pager,
        inputs,
        guest,
        errors,
        import_errors,
    };
    Ok(page(status, &data))
}

/// `GET /beheer/gebruikers`.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<UsersQuery>,
) -> Result<Response, AppError> {
    users_page(&state, &ctx, &actor, q, Forms::default(), StatusCode::OK).await
}

/// `POST /beheer/gebruikers`: creates an account (rights come from groups).
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let new = NewUser {
        username: form.username.clone(),
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        kind: UserKind::parse(&form.kind).unwrap_or(UserKind::Employee),
        is_admin: false,
        password: form.password.clone(),
    };
    let welcome = MailContext {
        organisation: state.config.organisation.name.clone(),
        base_url: state.base_url(&ctx, &headers),
        locale: ctx.locale,
    };
    let errors = match state.app.admin().create_user(&actor, new, &welcome).await {
        Ok(row) => {
            let outcome = if form.password.is_empty() { Notice::UserWelcomed } else { Notice::UserCreated };
            return Ok(Redirect::to(&with_notice(&format!("/beheer/gebruikers/{}", row.id), outcome)).into_response());
        }
        Err(e) => FieldErrors::from_refusal(ctx.locale, e)?,
    };
    users_page(
        &state,
        &ctx,
        &actor,
        UsersQuery::default(),
        Forms { form, errors, import_errors: Vec::new() },
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The status form.
#[derive(Deserialize)]
pub struct StatusForm {
    active: Option<String>,
    bevestigd: Option<String>,
}

/// `POST /beheer/gebruikers/{id}/status`: deactivates (sessions end at once) or reactivates.
pub async fn set_status(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let active = form.active.as_deref() == Some("1");
    let confirmed = Confirmation::from_form(form.bevestigd.as_deref());
    match state.app.admin().set_user_active(&actor, id, active, confirmed).await {
        Ok(Outcome::Ask) => {
            let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
            let question = Question {
                title: shell.t("users-deactivate-title"),
                text: shell.t("users-deactivate-question"),
                action: format!("/beheer/gebruikers/{id}/status"),
                fields: Vec::new(),
                yes: shell.t("users-deactivate-yes"),
                back: format!("/beheer/gebruikers/{id}"),
            };
            Ok(confirm::ask(shell, question))
        }
        Ok(Outcome::Done(())) => {
            let outcome = if active { Notice::UserReactivated } else { Notice::UserDeactivated };
            Ok(Redirect::to(&with_notice("/beheer/gebruikers", outcome)).into_response())
        }
        Err(Error::Forbidden) => {
            Ok(Redirect::to(&with_fault("/beheer/gebruikers", &Problem::new("user", Code::BeyondRights)))
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /beheer/gebruikers/export.csv`: users × groups × capabilities × last login.
pub async fn export(State(state): State<AppState>, CurrentActor(_, actor): CurrentActor) -> Result<Response, AppError> {
    let csv = state.app.admin().export_users(&actor).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"gebruikers.csv\"")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        csv,
    )
        .into_response())
}

fn describe(locale: plein_core::Locale, e: &ImportError) -> String {
    let problem = match &e.problem {
        ImportProblem::MissingColumn(c) => i18n::t_text(locale, "import-missing-column", &[("column", c)]),
        ImportProblem::Unreadable => i18n::t(locale, "import-unreadable"),
        ImportProblem::TooManyRows(max) => i18n::t_text(locale, "import-too-many", &[("max", &max.to_string())]),
        ImportProblem::Field(field, error) => {
            i18n::t_text(locale, "import-field", &[("field", field), ("message", &i18n::field_error(locale, error))])
        }
        ImportProblem::Kind => i18n::t(locale, "import-kind"),
        ImportProblem::Taken("email") => i18n::t(locale, "import-taken-email"),
        ImportProblem::Taken(_) => i18n::t(locale, "import-taken-username"),
        ImportProblem::UnknownGroup(g) => i18n::t_text(locale, "import-unknown-group", &[("group", g)]),
        ImportProblem::GroupNotAllowed(g) => i18n::t_text(locale, "import-group-not-allowed", &[("group", g)]),
    };
    i18n::t_text(locale, "import-line", &[("line", &e.line.to_string()), ("problem", &problem)])
}

/// `POST /beheer/gebruikers/import`: a CSV file, imported whole or not at all.
pub async fn import(
    State(state): State<AppState>,
    ctx: RequestContext,
    headers: HeaderMap,
    CurrentActor(_, actor): CurrentActor,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut text = String::new();
    let mut unreadable = false;
    let mut welcome = false;
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name() {
            Some("file") => {
                let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
                match plein_core::text::input(&bytes) {
                    Ok(t) => text = t.trim_start_matches('\u{feff}').to_owned(),
                    Err(_) => unreadable = true,
                }
            }
            Some("welcome") => welcome = true,
            _ => {}
        }
    }
    if unreadable {
        // Often a spreadsheet saved in an older encoding: say how to save it instead.
        let forms = Forms { import_errors: vec![i18n::t(ctx.locale, "import-not-text")], ..Default::default() };
        return users_page(&state, &ctx, &actor, UsersQuery::default(), forms, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let mail = MailContext {
        organisation: state.config.organisation.name.clone(),
        base_url: state.base_url(&ctx, &headers),
        locale: ctx.locale,
    };
    match state.app.admin().import_users(&actor, &text, welcome.then_some(&mail)).await? {
        ImportOutcome::Imported(n) => {
            Ok(Redirect::to(&with_notice(&format!("/beheer/gebruikers?aantal={n}"), Notice::UsersImported))
                .into_response())
        }
        ImportOutcome::Refused(errors) => {
            let import_errors = errors.iter().take(100).map(|e| describe(ctx.locale, e)).collect();
            let forms = Forms { import_errors, ..Default::default() };
            users_page(&state, &ctx, &actor, UsersQuery::default(), forms, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    shell: Shell,
    id: i64,
    name: String,
    facts: Vec<(String, String)>,
    notice: Option<String>,
    may_edit: bool,
    active: bool,
    toggle: String,
    inputs: Vec<Input>,
    errors: FieldErrors,
    /// The names of their groups.
    groups: Vec<String>,
    /// Their spaces: id, name, role.
    spaces: Vec<(i64, String, String)>,
}

/// The edit form.
#[derive(Deserialize, Default)]
pub struct EditUserForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
}

async fn user_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    id: i64,
    (form, errors): (Option<EditUserForm>, FieldErrors),
    (notice, status): (Option<&str>, StatusCode),
) -> Result<Response, AppError> {
    let UserDetail { user, may_edit, groups, spaces } = state.app.admin().read_user(actor, id).await?;
    // This page says its own notice: an error when the account is beyond the reader's rights.
    let mut shell = Shell::new(state, ctx, "admin").for_actor(actor);
    shell.notice = None;
    let active = user.status == UserStatus::Active;
    let guest = user.kind == UserKind::Guest;
    let mut facts = vec![
        (shell.t("account-username"), user.username.clone()),
        (shell.t("users-kind"), shell.t(if guest { "account-kind-guest" } else { "account-kind-employee" })),
        (shell.t("users-status"), shell.t(if active { "users-status-active" } else { "users-status-deactivated" })),
        (
            shell.t("users-last-login-label"),
            user.last_login_at.map(|at| shell.time_ago(at)).unwrap_or_else(|| shell.t("users-never-logged-in")),
        ),
        (
            shell.t("users-password-label"),
            shell.t(if user.password_hash.is_some() { "users-password-set" } else { "users-password-none" }),
        ),
    ];
    if let Some(until) = user.guest_expires_at {
        facts.push((shell.t("users-guest-until"), plein_app::guests::format_date(ctx.locale, until)));
    }
    let form = form.unwrap_or(EditUserForm { display_name: user.display_name.clone(), email: user.email.clone() });
    let inputs = vec![
        shell.input("display_name", "account-name", "text", &form.display_name, 100).not_autocompleted(),
        shell.input("email", "account-email", "email", &form.email, 254).not_autocompleted(),
    ];
    let toggle = shell.t_with(if active { "users-deactivate" } else { "users-reactivate" }, "name", &user.display_name);
    let notice = notice.map(|k| shell.t(k));
    let spaces =
        spaces.into_iter().map(|(id, name, role)| (id, name, shell.t(&format!("space-role-{role}")))).collect();
    let name = user.display_name;
    let data = UserPage { shell, id, name, facts, notice, may_edit, active, toggle, inputs, errors, groups, spaces };
    Ok(page(status, &data))
}

/// The edit page's messages.
#[derive(Deserialize, Default)]
pub struct UserQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

/// `GET /beheer/gebruikers/{id}`: one account, to edit.
pub async fn edit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<UserQuery>,
) -> Result<Response, AppError> {
    let notice = q.ok.map(Notice::key);
    user_page(&state, &ctx, &actor, id, (None, FieldErrors::default()), (notice, StatusCode::OK)).await
}

/// `POST /beheer/gebruikers/{id}`: saves name and e-mail address.
pub async fn update(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<EditUserForm>,
) -> Result<Response, AppError> {
    let errors = match state.app.admin().update_user(&actor, id, &form.display_name, &form.email).await {
        Ok(()) => {
            let to = with_notice(&format!("/beheer/gebruikers/{id}"), Notice::UserSaved);
            return Ok(Redirect::to(&to).into_response());
        }
        Err(Error::Forbidden) => {
            let (errors, refused) = (FieldErrors::default(), Some(Code::BeyondRights.key()));
            return user_page(&state, &ctx, &actor, id, (None, errors), (refused, StatusCode::FORBIDDEN)).await;
        }
        Err(e) => FieldErrors::from_refusal(ctx.locale, e)?,
    };
    user_page(&state, &ctx, &actor, id, (Some(form), errors), (None, StatusCode::UNPROCESSABLE_ENTITY)).await
}
