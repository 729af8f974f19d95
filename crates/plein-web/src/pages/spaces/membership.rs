//! Membership: joining, asking to join, leaving, deciding requests, changing members' roles and archiving.

use super::*;

/// `POST /teams/{id}/lid-worden`.
pub async fn join(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.spaces().join_space(&actor, id).await?;
    Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), Notice::Joined)).into_response())
}

/// The request form.
#[derive(Deserialize)]
pub struct RequestForm {
    #[serde(default)]
    message: String,
}

/// `POST /teams/{id}/aanvragen`.
pub async fn request(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    state.app.spaces().request_to_join(&actor, id, &form.message).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

/// `POST /teams/{id}/verlaten`.
pub async fn leave(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    match state.app.spaces().leave_space(&actor, id).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), Notice::Left)).into_response()),
        Err(Error::Conflict(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/teams/{id}"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /teams/{id}/verzoeken/{user}/goedkeuren|afwijzen`.
pub async fn decide(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path((id, user, decision)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let approve = match decision.as_str() {
        "goedkeuren" => true,
        "afwijzen" => false,
        _ => return Err(AppError::NotFound),
    };
    state.app.spaces().decide_request(&actor, id, user, approve).await?;
    Ok(Redirect::to(&format!("/teams/{id}/leden")).into_response())
}

/// The member form: a new role, or removal.
#[derive(Deserialize)]
pub struct MemberForm {
    role: Option<String>,
    remove: Option<String>,
    bevestigd: Option<String>,
}

/// `POST /teams/{id}/leden/{user}`: changes a member's role or removes them.
pub async fn change_member(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path((id, user)): Path<(i64, i64)>,
    Form(form): Form<MemberForm>,
) -> Result<Response, AppError> {
    let (role, outcome) = if form.remove.is_some() {
        (None, Notice::MemberRemoved)
    } else {
        let role = form.role.as_deref().and_then(SpaceRole::parse).ok_or(AppError::BadRequest)?;
        (Some(role), Notice::RoleChanged)
    };
    let confirmed = Confirmation::from_form(form.bevestigd.as_deref());
    match state.app.spaces().change_member(&actor, id, user, role, confirmed).await {
        Ok(Outcome::Done(())) => Ok(Redirect::to(&with_notice(&format!("/teams/{id}/leden"), outcome)).into_response()),
        Ok(Outcome::Ask) => {
            let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
            let question = Question {
                title: shell.t("space-member-remove-title"),
                text: shell.t("space-member-remove-question"),
                action: format!("/teams/{id}/leden/{user}"),
                fields: vec![("remove", "1".into())],
                yes: shell.t("space-member-remove-yes"),
                back: format!("/teams/{id}/leden"),
            };
            Ok(confirm::ask(shell, question))
        }
        Err(Error::Conflict(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/teams/{id}/leden"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The archive form.
#[derive(Deserialize)]
pub struct ArchiveForm {
    archived: Option<String>,
    bevestigd: Option<String>,
}

/// `POST /teams/{id}/archief`: archives the space (`archived=1`) or opens it again.
pub async fn archive(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<ArchiveForm>,
) -> Result<Response, AppError> {
    let archived = form.archived.as_deref() == Some("1");
    let confirmed = Confirmation::from_form(form.bevestigd.as_deref());
    if state.app.spaces().set_space_archived(&actor, id, archived, confirmed).await? == Outcome::Ask {
        let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
        let question = Question {
            title: shell.t("space-archive-title"),
            text: shell.t("space-archive-question"),
            action: format!("/teams/{id}/archief"),
            fields: vec![("archived", "1".into())],
            yes: shell.t("space-archive"),
            back: format!("/teams/{id}"),
        };
        return Ok(confirm::ask(shell, question));
    }
    let outcome = if archived { Notice::Archived } else { Notice::Unarchived };
    Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), outcome)).into_response())
}

/// The add-a-colleague form: a username, an e-mail address or a name (`persoon`), or the
/// colleague chosen among those a name fitted (`id`).
#[derive(Deserialize)]
pub struct AddMemberForm {
    #[serde(default)]
    persoon: String,
    id: Option<i64>,
}

/// Which colleague a name meant.
#[derive(Template)]
#[template(path = "spaces/choose_member.html")]
struct ChoosePage {
    shell: Shell,
    id: i64,
    name: String,
    query: String,
    people: Vec<(i64, String, String)>,
    more: bool,
}

/// What a colleague does, to tell namesakes apart: "Beleidsadviseur · Burgerzaken".
fn work_of(u: &plein_store::users::UserRow) -> String {
    [u.job_title.as_str(), u.department.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// `?q=` of the suggestions while typing a colleague's name.
#[derive(Deserialize)]
pub struct SuggestQuery {
    #[serde(default)]
    q: String,
}

/// `GET /teams/{id}/leden/suggesties?q=`: colleagues whose name, username or e-mail address
/// starts like `q` and who may be added (JSON, for the add-a-colleague field's suggestions); only
/// for those who may add members.
pub async fn suggest_members(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<SuggestQuery>,
) -> Result<Response, AppError> {
    let people = state.app.spaces().suggest_members(&actor, id, &q.q).await?;
    let list: Vec<serde_json::Value> = people
        .into_iter()
        .map(|u| serde_json::json!({ "id": u.id, "about": work_of(&u), "name": u.display_name }))
        .collect();
    Ok(axum::Json(list).into_response())
}

/// `POST /teams/{id}/leden`: adds a colleague to the space as a member; a name that fits several
/// colleagues answers with the list to choose from.
pub async fn add_member(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<AddMemberForm>,
) -> Result<Response, AppError> {
    let back = format!("/teams/{id}/leden");
    let spaces = state.app.spaces();
    let outcome = match form.id {
        Some(user) => spaces.add_member_by_id(&actor, id, user).await.map(|u| Addition::Added(Box::new(u))),
        None => spaces.add_member(&actor, id, &form.persoon).await,
    };
    match outcome {
        Ok(Addition::Added(_)) => Ok(Redirect::to(&with_notice(&back, Notice::MemberAdded)).into_response()),
        Ok(Addition::Choose { people: found, more }) => {
            let name = spaces.read_space(&actor, id).await?.space.name;
            let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
            let people = found
                .into_iter()
                .map(|u| (u.id, work_of(&u), u.display_name))
                .map(|(id, about, name)| (id, name, about))
                .collect();
            let query = form.persoon.trim().to_owned();
            Ok(page(StatusCode::OK, &ChoosePage { shell, id, name, query, people, more }))
        }
        Err(Error::Invalid(problem) | Error::Conflict(problem)) => {
            Ok(Redirect::to(&with_fault(&back, &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
