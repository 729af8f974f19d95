//! Administration pages: groups and their rights, and the audit log.

use std::collections::BTreeSet;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::admin::{AuditKind, AuditRecord, AuditSearch};
use plein_app::i18n::FluentValue;
use plein_app::{Code, Error, Problem};
use plein_core::policy::Capability;
use serde::Deserialize;

use crate::flash::{self, Notice, with_notice};
use crate::pages::confirm::{self, Question};
use crate::pages::spaces::{Choice, choice};
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
    /// What happened, in a sentence ("Mila de Vries voegde Jan toe aan Team Burgerzaken").
    what: String,
    /// The action's code, for those who search the log elsewhere.
    code: String,
    result: String,
    origin: String,
    /// "and 37 more times, last at …" for a refused attempt tried again.
    repeats: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    shell: Shell,
    kinds: Vec<Choice>,
    person: String,
    from: String,
    to: String,
    rows: Vec<AuditItem>,
    older: Option<String>,
    export: String,
}

/// The log's filters: a kind of action, who did it, a period (local days), and the page.
#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    soort: String,
    #[serde(default)]
    door: String,
    #[serde(default)]
    van: String,
    #[serde(default)]
    tot: String,
    voor: Option<i64>,
}

impl AuditQuery {
    fn search(&self) -> AuditSearch {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        AuditSearch {
            kind: AuditKind::parse(self.soort.trim()),
            person: Some(self.door.trim().chars().take(254).collect::<String>()).filter(|p| !p.is_empty()),
            from: day(&self.van),
            to: day(&self.tot),
            before: self.voor,
        }
    }

    /// The filters as a query string (without the page), as the form would send them.
    fn pairs(&self) -> String {
        let search = self.search();
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        form_urlencoded::Serializer::new(String::new())
            .append_pair("soort", search.kind.map(AuditKind::as_str).unwrap_or(""))
            .append_pair("door", search.person.as_deref().unwrap_or(""))
            .append_pair("van", &date(search.from))
            .append_pair("tot", &date(search.to))
            .finish()
    }
}

const AUDIT_PAGE: u64 = 50;
const AUDIT_EXPORT: u64 = 10_000;

/// A record in words, in the reader's language.
fn audit_item(shell: &Shell, record: AuditRecord) -> AuditItem {
    let AuditRecord { row: r, repeats, actor_name, object_name, person_name } = record;
    let args = [
        // Nobody named: the system, or (at the login) a name that is no account, never written down.
        (
            "actor",
            FluentValue::from(actor_name.unwrap_or_else(|| {
                shell.t(if r.action == "login" { "audit-unknown-account" } else { "audit-system" })
            })),
        ),
        ("object", FluentValue::from(object_name.unwrap_or_else(|| shell.t("audit-something")))),
        ("person", FluentValue::from(person_name.unwrap_or_else(|| shell.t("audit-someone")))),
        ("action", FluentValue::from(r.action.clone())),
    ];
    let key = r.action.replace(['.', '_'], "-");
    let refused = r.result != "success";
    let sentence = i18n::t_maybe(shell.locale(), &format!("audit-did-{key}"), &args)
        .unwrap_or_else(|| i18n::t_args(shell.locale(), "audit-did-other", &args));
    // Some refusals have words of their own ("a failed attempt to log in as …").
    let failed = refused.then(|| i18n::t_maybe(shell.locale(), &format!("audit-failed-{key}"), &args)).flatten();
    AuditItem {
        repeats: repeats.map(|(n, last)| {
            i18n::t_args(
                shell.locale(),
                "audit-repeats",
                &[("n", FluentValue::from(n)), ("last", FluentValue::from(i18n::local_timestamp(last)))],
            )
        }),
        when: i18n::local_timestamp(r.at),
        what: match failed {
            Some(words) => words,
            None if refused => shell.t_with("audit-attempt", "sentence", &sentence),
            None => sentence,
        },
        code: r.action,
        result: shell.t(match (r.result.as_str(), r.detail.as_deref().is_some_and(|d| d.contains("\"refused\""))) {
            ("success", _) => "audit-success",
            (_, true) => "audit-refused",
            _ => "audit-failure",
        }),
        origin: r.origin.unwrap_or_default(),
    }
}

/// `GET /beheer/logboek`: the audit log in words, newest first, 50 a page, filtered by kind of
/// action, person and period.
pub async fn audit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let search = q.search();
    let rows = state.app.admin().read_audit_log(&actor, &search, AUDIT_PAGE).await?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let pairs = q.pairs();
    let older = (rows.len() as u64 == AUDIT_PAGE).then(|| {
        let last = rows.last().map_or(0, |r| r.row.id);
        format!("/beheer/logboek?{pairs}&voor={last}")
    });
    let kinds = AuditKind::ALL
        .iter()
        .map(|k| choice(&shell, k.as_str(), &format!("audit-kind-{}", k.as_str()), search.kind == Some(*k)))
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let rows = rows.into_iter().map(|r| audit_item(&shell, r)).collect();
    let data = AuditPage {
        kinds,
        person: search.person.clone().unwrap_or_default(),
        from: date(search.from),
        to: date(search.to),
        rows,
        older,
        export: format!("/beheer/logboek.csv?{pairs}"),
        shell,
    };
    Ok(page(StatusCode::OK, &data))
}

/// `GET /beheer/logboek.csv`: the filtered log (at most 10,000 records) as a file that opens in
/// Dutch Excel as it is: `;` between fields, UTF-8 with a byte-order mark.
pub async fn audit_export(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let search = AuditSearch { before: None, ..q.search() };
    let rows = state.app.admin().read_audit_log(&actor, &search, AUDIT_EXPORT).await?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = ["audit-when", "audit-what", "audit-code", "audit-result", "audit-origin"].map(|k| shell.t(k));
    let written = out.write_record(&header).and_then(|()| {
        rows.into_iter().map(|r| audit_item(&shell, r)).try_for_each(|item| {
            let result = match &item.repeats {
                Some(more) => format!("{} ({more})", item.result),
                None => item.result,
            };
            out.write_record([item.when, item.what, item.code, result, item.origin])
        })
    });
    written.map_err(|e| AppError::internal(e.to_string()))?;
    let bytes = out.into_inner().map_err(|e| AppError::internal(e.to_string()))?;
    let name = format!("attachment; filename=\"logboek-{}.csv\"", plein_store::now().format("%Y-%m-%d"));
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, name),
            (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
