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
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

/// The member form: a new role, or removal.
#[derive(Deserialize)]
pub struct MemberForm {
    role: Option<String>,
    remove: Option<String>,
}

/// `POST /teams/{id}/leden/{user}`: changes a member's role or removes them.
pub async fn change_member(
    State(state): State<AppState>,
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
    match state.app.spaces().change_member(&actor, id, user, role).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), outcome)).into_response()),
        Err(Error::Conflict(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/teams/{id}"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// The archive form.
#[derive(Deserialize)]
pub struct ArchiveForm {
    archived: Option<String>,
}

/// `POST /teams/{id}/archief`: archives the space (`archived=1`) or opens it again.
pub async fn archive(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<ArchiveForm>,
) -> Result<Response, AppError> {
    let archived = form.archived.as_deref() == Some("1");
    state.app.spaces().set_space_archived(&actor, id, archived).await?;
    let outcome = if archived { Notice::Archived } else { Notice::Unarchived };
    Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), outcome)).into_response())
}

/// The add-a-colleague form: a username or an e-mail address.
#[derive(Deserialize)]
pub struct AddMemberForm {
    persoon: String,
}

/// `POST /teams/{id}/leden`: adds a colleague to the space as a member.
pub async fn add_member(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<AddMemberForm>,
) -> Result<Response, AppError> {
    let back = format!("/teams/{id}");
    match state.app.spaces().add_member(&actor, id, &form.persoon).await {
        Ok(_) => Ok(Redirect::to(&with_notice(&back, Notice::MemberAdded)).into_response()),
        Err(Error::Invalid(problem) | Error::Conflict(problem)) => {
            Ok(Redirect::to(&with_fault(&back, &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
