//! Administration pages: groups and their rights, and the audit log.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::admin::AuditRecord;
use plein_app::i18n::FluentValue;
use plein_app::{Code, Error, Problem};
use plein_core::policy::Capability;
use serde::Deserialize;

use crate::flash::{self, Notice, with_notice};
use crate::pages::confirm::{self, Question};
use crate::render::{FieldErrors, Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext, i18n};
use plein_app::confirm::{Confirmation, Outcome};

#[derive(Template)]
#[template(path = "admin/index.html")]
struct IndexPage {
    shell: Shell,
    groups: bool,
    users: bool,
    audit: bool,
    jobs: bool,
}

/// `GET /beheer`: what the actor may administer.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
) -> Result<Response, AppError> {
    state.app.may_administer(&actor)?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let page_data = IndexPage {
        groups: shell.can.manage_groups,
        users: shell.can.manage_users,
        audit: shell.can.view_audit_log,
        jobs: shell.can.manage_jobs,
        shell,
    };
    Ok(page(StatusCode::OK, &page_data))
}

/// A group row in the overview.
pub struct GroupItem {
    id: i64,
    name: String,
    members: String,
}

#[derive(Template)]
#[template(path = "admin/groups.html")]
struct GroupsPage {
    shell: Shell,
    groups: Vec<GroupItem>,
    name: String,
    description: String,
    errors: FieldErrors,
}

/// Messages after an action.
#[derive(Deserialize)]
pub struct NoticeQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

async fn groups_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    form: (String, String),
    errors: FieldErrors,
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let groups = state.app.admin().list_groups(actor).await?;
    let shell = Shell::new(state, ctx, "admin").for_actor(actor);
    let groups = groups
        .into_iter()
        .map(|g| GroupItem {
            id: g.group.id,
            members: shell.t_num("group-members-count", "count", g.members),
            name: g.group.name,
        })
        .collect();
    let notice = notice.map(|k| shell.t(k));
    let (name, description) = form;
    Ok(page(status, &GroupsPage { shell: shell.with_notice(notice), groups, name, description, errors }))
}

/// `GET /beheer/groepen`.
pub async fn groups(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let notice = q.ok.map(Notice::key);
    groups_page(&state, &ctx, &actor, Default::default(), FieldErrors::default(), notice, StatusCode::OK).await
}

/// The group form.
#[derive(Deserialize, Default)]
pub struct GroupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
}

/// A refused group form's messages; a taken name says it is a group's.
fn admin_field_errors(ctx: &RequestContext, e: Error) -> Result<FieldErrors, AppError> {
    if let Error::Conflict(Problem { code: Code::Taken, .. }) = e {
        let mut errors = FieldErrors::default();
        errors.add("name", i18n::t(ctx.locale, "group-taken"));
        return Ok(errors);
    }
    FieldErrors::from_refusal(ctx.locale, e)
}

/// `POST /beheer/groepen`: creates a group.
pub async fn create_group(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    match state.app.admin().create_group(&actor, &form.name, &form.description).await {
        Ok(group) => {
            Ok(Redirect::to(&with_notice(&format!("/beheer/groepen/{}", group.id), Notice::GroupSaved)).into_response())
        }
        Err(e) => {
            let errors = admin_field_errors(&ctx, e)?;
            let form = (form.name, form.description);
            groups_page(&state, &ctx, &actor, form, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// A checkbox for a capability.
pub struct GrantChoice {
    value: &'static str,
    label: String,
    selected: bool,
}

/// A member row.
pub struct GroupMemberItem {
    id: i64,
    name: String,
    username: String,
    remove_label: String,
}

#[derive(Template)]
#[template(path = "admin/group.html")]
struct GroupPage {
    shell: Shell,
    id: i64,
    name: String,
    description: String,
    errors: FieldErrors,
    can_change: bool,
    can_change_grants: bool,
    grants: Vec<GrantChoice>,
    held: Vec<String>,
    members_title: String,
    members: Vec<GroupMemberItem>,
}

async fn group_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    id: i64,
    errors: FieldErrors,
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let g = state.app.admin().read_group(actor, id).await?;
    let shell = Shell::new(state, ctx, "admin").for_actor(actor);
    let label = |c: Capability| shell.t(&format!("capability-{c}"));
    let grants = Capability::ALL
        .into_iter()
        .map(|c| GrantChoice { value: c.as_str(), label: label(c), selected: g.grants.contains(&c) })
        .collect();
    let held = g.grants.iter().map(|c| label(*c)).collect();
    let members_title = format!(
        "{} ({})",
        shell.t("group-members"),
        shell.t_num("group-members-count", "count", i64::try_from(g.members.len()).unwrap_or(i64::MAX))
    );
    let members = g
        .members
        .into_iter()
        .map(|(id, name, username, _, _)| GroupMemberItem {
            id,
            remove_label: shell.t_with("group-remove-member", "name", &name),
            name,
            username,
        })
        .collect();
    let notice = notice.map(|k| shell.t(k));
    let page_data = GroupPage {
        id,
        name: g.group.name,
        description: g.group.description,
        errors,
        can_change: g.can_change,
        can_change_grants: g.can_change_grants,
        grants,
        held,
        members_title,
        members,
        shell: shell.with_notice(notice),
    };
    Ok(page(status, &page_data))
}

/// `GET /beheer/groepen/{id}`.
pub async fn group(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let notice = q.ok.map(Notice::key);
    group_page(&state, &ctx, &actor, id, FieldErrors::default(), notice, StatusCode::OK).await
}

/// `POST /beheer/groepen/{id}`: renames a group.
pub async fn update_group(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<GroupForm>,
) -> Result<Response, AppError> {
    match state.app.admin().update_group(&actor, id, &form.name, &form.description).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/beheer/groepen/{id}"), Notice::GroupSaved)).into_response()),
        Err(e) => {
            let errors = admin_field_errors(&ctx, e)?;
            group_page(&state, &ctx, &actor, id, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

/// `POST /beheer/groepen/{id}/rechten`: what the group grants (administrators only).
pub async fn set_grants(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    // Checkboxes arrive as repeated `capability` fields.
    let grants: Option<BTreeSet<Capability>> =
        fields.iter().filter(|(k, _)| k == "capability").map(|(_, v)| Capability::parse(v)).collect();
    let grants = grants.ok_or(AppError::BadRequest)?;
    state.app.admin().set_group_grants(&actor, id, &grants).await?;
    Ok(Redirect::to(&with_notice(&format!("/beheer/groepen/{id}"), Notice::GroupSaved)).into_response())
}

/// The add-member form.
#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    user: String,
}

/// `POST /beheer/groepen/{id}/leden`: adds a member.
pub async fn add_member(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<MemberForm>,
) -> Result<Response, AppError> {
    match state.app.admin().add_group_member(&actor, id, &form.user).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/beheer/groepen/{id}"), Notice::GroupSaved)).into_response()),
        Err(Error::Invalid(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("user", i18n::t(ctx.locale, "group-unknown-user"));
            group_page(&state, &ctx, &actor, id, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /beheer/groepen/{id}/leden/{user}/verwijderen`.
pub async fn remove_member(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path((id, user)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    state.app.admin().remove_group_member(&actor, id, user).await?;
    Ok(Redirect::to(&with_notice(&format!("/beheer/groepen/{id}"), Notice::GroupSaved)).into_response())
}

/// `POST /beheer/groepen/{id}/verwijderen`.
pub async fn delete_group(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, AppError> {
    let confirmed = Confirmation::from_form(form.bevestigd.as_deref());
    if state.app.admin().delete_group(&actor, id, confirmed).await? == Outcome::Ask {
        let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
        let question = Question {
            title: shell.t("group-delete-title"),
            text: shell.t("group-delete-question"),
            action: format!("/beheer/groepen/{id}/verwijderen"),
            fields: Vec::new(),
            yes: shell.t("group-delete"),
            back: format!("/beheer/groepen/{id}"),
        };
        return Ok(confirm::ask(shell, question));
    }
    Ok(Redirect::to(&with_notice("/beheer/groepen", Notice::GroupDeleted)).into_response())
}

/// A form that only confirms (`bevestigd=1`).
#[derive(Deserialize)]
pub struct ConfirmForm {
    bevestigd: Option<String>,
}

/// One audit record as the log shows it.
pub struct AuditItem {
    when: String,
    who: String,
    action: String,
    object: String,
    result: String,
    origin: String,
    /// "and 37 more times, last at …" for a refused attempt tried again.
    repeats: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    shell: Shell,
    action: String,
    actor: String,
    rows: Vec<AuditItem>,
    older: Option<String>,
}

/// The log's filters.
#[derive(Deserialize)]
pub struct AuditQuery {
    handeling: Option<String>,
    gebruiker: Option<String>,
    voor: Option<i64>,
}

const AUDIT_PAGE: u64 = 50;

/// `GET /beheer/logboek`: the audit log, newest first, 50 a page.
pub async fn audit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let action = q.handeling.unwrap_or_default().trim().chars().take(60).collect::<String>();
    let who = q.gebruiker.unwrap_or_default().trim().chars().take(254).collect::<String>();
    let rows = state.app.admin().read_audit_log(&actor, Some(&action), Some(&who), q.voor, AUDIT_PAGE).await?;
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.row.actor_id).collect();
    let names = state.app.admin().read_actor_names(&ids).await?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let older = (rows.len() as u64 == AUDIT_PAGE).then(|| {
        let last = rows.last().map_or(0, |r| r.row.id);
        let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        format!("/beheer/logboek?handeling={}&gebruiker={}&voor={last}", enc(&action), enc(&who))
    });
    let rows = rows
        .into_iter()
        .map(|AuditRecord { row: r, repeats }| AuditItem {
            repeats: repeats.map(|(n, last)| {
                i18n::t_args(
                    shell.locale(),
                    "audit-repeats",
                    &[("n", FluentValue::from(n)), ("last", FluentValue::from(i18n::local_timestamp(last)))],
                )
            }),
            when: i18n::local_timestamp(r.at),
            who: r
                .actor_id
                .and_then(|id| names.get(&id).cloned())
                .or(r.actor_name)
                .unwrap_or_else(|| shell.t("audit-unknown")),
            action: r.action,
            object: r.object.unwrap_or_default(),
            result: shell.t(
                match (r.result.as_str(), r.detail.as_deref().is_some_and(|d| d.contains("\"refused\""))) {
                    ("success", _) => "audit-success",
                    (_, true) => "audit-refused",
                    _ => "audit-failure",
                },
            ),
            origin: r.origin.unwrap_or_default(),
        })
        .collect();
    Ok(page(StatusCode::OK, &AuditPage { shell, action, actor: who, rows, older }))
}
