//! The space directory, a space's page, creating a space, joining, requesting and leaving.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::Error;
use plein_app::spaces::{MemberView, NewSpace, NotifyLevel, SpaceAbilities, SpaceListing};
use plein_core::policy::{SpaceRole, SpaceVisibility};
use plein_core::space::{SPACE_COLOURS, SpaceKind};
use plein_core::{UserKind, UserStatus};
use plein_store::spaces::{SpaceFilter, SpaceRow};
use serde::Deserialize;

use crate::flash::{self, Fault, Notice, with_fault, with_notice};
use crate::pages::stream::{Composer, PostItem, StreamList, post_item};
use crate::render::{
    FieldErrors, ImageUpload, Pager, Shell, image_problem, image_response, one_page, page, read_image_form,
};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// One `<option>` or radio button.
pub struct Choice {
    value: &'static str,
    label: String,
    help: String,
    selected: bool,
}

fn choice(shell: &Shell, value: &'static str, label_key: &str, selected: bool) -> Choice {
    Choice { value, label: shell.t(label_key), help: String::new(), selected }
}

fn kind_key(kind: SpaceKind) -> String {
    format!("space-kind-{kind}")
}

fn role_label(shell: &Shell, role: SpaceRole) -> String {
    shell.t(&format!("space-role-{role}"))
}

/// The labels that describe a space: kind, visibility, and more.
fn space_tags(shell: &Shell, space: &SpaceRow) -> Vec<String> {
    vec![shell.t(&kind_key(space.kind)), shell.t(&format!("space-visibility-{}", space.visibility))]
}

/// A space in the directory.
pub struct SpaceCard {
    id: i64,
    name: String,
    colour: String,
    description: String,
    tags: Vec<String>,
    image: Option<i64>,
}

fn card(shell: &Shell, l: SpaceListing) -> SpaceCard {
    let mut tags = space_tags(shell, &l.space);
    tags.push(shell.t_num("space-members-count", "count", l.members));
    if let Some(role) = l.role {
        tags.push(shell.t_with("space-your-role", "role", &role_label(shell, role)));
    }
    let description: String = l.space.description.chars().take(240).collect();
    SpaceCard { id: l.space.id, name: l.space.name, colour: l.space.colour, description, tags, image: l.image_version }
}

#[derive(Template)]
#[template(path = "spaces/index.html")]
struct IndexPage {
    shell: Shell,
    can_create: bool,
    kinds: Vec<Choice>,
    shows: Vec<Choice>,
    count: String,
    spaces: Vec<SpaceCard>,
    pager: Pager,
}

/// The directory's filters.
#[derive(Deserialize)]
pub struct IndexQuery {
    soort: Option<String>,
    toon: Option<String>,
    na: Option<String>,
    na_id: Option<i64>,
}

/// Spaces on one page of the directory.
const PAGE_SIZE: usize = 60;

/// `GET /teams`: the spaces the reader may see, filtered.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let kind = q.soort.as_deref().and_then(SpaceKind::parse);
    let show = match q.toon.as_deref() {
        Some("mijn") => "mijn",
        Some("open") => "open",
        _ => "alle",
    };
    let filter = SpaceFilter { kind, mine: show == "mijn", joinable: show == "open", after: q.na.zip(q.na_id) };
    let later = filter.after.is_some();
    let (spaces, more) = one_page(state.app.list_spaces(&actor, &filter, PAGE_SIZE as u64 + 1).await?, PAGE_SIZE);
    let total = state.app.count_spaces(&actor, &filter).await?;
    let last = spaces.last().filter(|_| more).map(|l| (l.space.name.as_str(), l.space.id));
    let pairs =
        [("soort", kind.map(SpaceKind::as_str).unwrap_or("")), ("toon", if show == "alle" { "" } else { show })];
    let pager = Pager::new("/teams", &pairs, last, later);
    let kinds = SpaceKind::ALL.iter().map(|k| choice(&shell, k.as_str(), &kind_key(*k), kind == Some(*k))).collect();
    let shows = vec![
        choice(&shell, "alle", "spaces-filter-all", show == "alle"),
        choice(&shell, "mijn", "spaces-filter-mine", show == "mijn"),
        choice(&shell, "open", "spaces-filter-joinable", show == "open"),
    ];
    let count = shell.t_num("spaces-count", "count", i64::try_from(total).unwrap_or(i64::MAX));
    let can_create = shell.can.create_spaces;
    let spaces = spaces.into_iter().map(|l| card(&shell, l)).collect();
    Ok(page(StatusCode::OK, &IndexPage { shell, can_create, kinds, shows, count, spaces, pager }))
}

/// The new-space form's fields.
#[derive(Deserialize, Default)]
pub struct SpaceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    colour: String,
    allows_guests: Option<String>,
    admins_post: Option<String>,
}

#[derive(Template)]
#[template(path = "spaces/new.html")]
struct NewPage {
    shell: Shell,
    action: String,
    title_key: &'static str,
    submit_key: &'static str,
    form: SpaceForm,
    kinds: Vec<Choice>,
    visibilities: Vec<Choice>,
    colours: Vec<Choice>,
    errors: FieldErrors,
    upload: Option<ImageUpload>,
}

/// The image part of the settings page: its version, and a problem with an upload.
type ImageState = (Option<i64>, Option<String>);

/// Where the space form goes: `None` creates a space, `Some(id)` changes that one.
fn new_page(
    shell: Shell,
    (target, (image, image_error)): (Option<i64>, ImageState),
    form: SpaceForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let chosen_kind = SpaceKind::parse(&form.kind);
    let kinds =
        SpaceKind::ALL.iter().map(|k| choice(&shell, k.as_str(), &kind_key(*k), chosen_kind == Some(*k))).collect();
    let chosen = SpaceVisibility::parse(&form.visibility).unwrap_or(SpaceVisibility::Open);
    let visibilities = SpaceVisibility::ALL
        .iter()
        .map(|v| {
            let key = format!("space-visibility-{v}");
            Choice { help: shell.t(&format!("{key}-help")), ..choice(&shell, v.as_str(), &key, *v == chosen) }
        })
        .collect();
    let colours = SPACE_COLOURS.iter().map(|c| choice(&shell, c, &format!("colour-{c}"), form.colour == *c)).collect();
    let upload = target.map(|id| ImageUpload {
        action: format!("/teams/{id}/afbeelding"),
        field: "image",
        heading: shell.t("space-image"),
        current: image.map(|v| format!("/teams/{id}/afbeelding?v={v}")),
        current_alt: shell.t("space-image-current"),
        label: shell.t("space-image-file"),
        submit: shell.t("space-image-upload"),
        remove: shell.t("space-image-remove"),
        error: image_error,
    });
    let (action, title_key, submit_key) = match target {
        None => ("/teams".to_owned(), "space-new-title", "space-create"),
        Some(id) => (format!("/teams/{id}/instellingen"), "space-settings", "space-settings-save"),
    };
    let data = NewPage { shell, action, title_key, submit_key, form, kinds, visibilities, colours, errors, upload };
    page(status, &data)
}

/// `GET /teams/nieuw`: the form, for those who may create spaces.
pub async fn new(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
) -> Result<Response, AppError> {
    state.app.may_create_space(&actor)?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    Ok(new_page(shell, (None, (None, None)), SpaceForm::default(), FieldErrors::default(), StatusCode::OK))
}

/// `POST /teams`: creates a space and opens it.
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    let new = form.to_new();
    match state.app.create_space(&actor, new).await {
        Ok(row) => Ok(Redirect::to(&format!("/teams/{}", row.id)).into_response()),
        Err(e) => {
            let errors = FieldErrors::from_refusal(ctx.locale, e)?;
            let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
            Ok(new_page(shell, (None, (None, None)), form, errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

impl SpaceForm {
    fn to_new(&self) -> NewSpace {
        NewSpace {
            name: self.name.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            visibility: self.visibility.clone(),
            colour: self.colour.clone(),
            allows_guests: self.allows_guests.is_some(),
            admins_post: self.admins_post.is_some(),
        }
    }
}

/// `GET /teams/{id}/instellingen`: the settings of a space, for its owners and admins.
pub async fn settings(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    settings_page(&state, &ctx, &actor, id, None).await
}

async fn settings_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    id: i64,
    image_error: Option<String>,
) -> Result<Response, AppError> {
    let view = state.app.space_settings(actor, id).await?;
    let image = view.image_version;
    let s = view.space;
    let form = SpaceForm {
        name: s.name,
        description: s.description,
        kind: s.kind.to_string(),
        visibility: s.visibility.to_string(),
        colour: s.colour,
        allows_guests: s.allows_guests.then(|| "1".to_owned()),
        admins_post: s.admins_post.then(|| "1".to_owned()),
    };
    let shell = Shell::new(state, ctx, "spaces").for_actor(actor);
    let status = if image_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(new_page(shell, (Some(id), (image, image_error)), form, FieldErrors::default(), status))
}

/// `POST /teams/{id}/instellingen`.
pub async fn save_settings(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<SpaceForm>,
) -> Result<Response, AppError> {
    match state.app.update_space(&actor, id, form.to_new()).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), Notice::SpaceSaved)).into_response()),
        Err(e) => {
            let errors = FieldErrors::from_refusal(ctx.locale, e)?;
            let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
            let image = state.app.space(&actor, id).await?.image_version;
            Ok(new_page(shell, (Some(id), (image, None)), form, errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// A member as the space page lists them.
pub struct MemberItem {
    user_id: i64,
    name: String,
    tags: Vec<String>,
    /// The roles the reader may give this member (empty: the reader cannot change them).
    roles: Vec<Choice>,
    /// Whether the reader may remove this member.
    removable: bool,
    /// A guest whose access the reader may extend.
    renewable: Option<i64>,
}

/// A request as the space page lists it.
pub struct RequestItem {
    user_id: i64,
    title: String,
    message: String,
}

#[derive(Template)]
#[template(path = "spaces/show.html")]
struct ShowPage {
    shell: Shell,
    id: i64,
    name: String,
    colour: String,
    image: Option<i64>,
    description: String,
    tags: Vec<String>,
    archived: bool,
    notice: Option<String>,
    problem: Option<String>,
    /// What the reader may do here.
    can: SpaceAbilities,
    requested: bool,
    is_member: bool,
    members: Vec<MemberItem>,
    requests: Vec<RequestItem>,
    composer: Option<Composer>,
    pinned: Vec<PostItem>,
    stream: Option<StreamList>,
    follows: Option<bool>,
    /// How much the reader hears of this space (`all`, `normal`, `mute`), when they may read it.
    notify: Option<&'static str>,
    path: String,
}

/// Messages after an action on the space page, and where its stream continues.
#[derive(Deserialize)]
pub struct ShowQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
    voor: Option<i64>,
}

/// `GET /teams/{id}`: a space as the reader may see it; 404 for a secret space one is not in.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let view = state.app.space(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
    let mut tags = space_tags(&shell, &view.space);
    if let Some(role) = view.role {
        tags.push(shell.t_with("space-your-role", "role", &role_label(&shell, role)));
    }
    let notice = q.ok.map(|n| shell.notice(n));
    // Refusals of the composer show beside it; the others (members, invitations) at the top.
    let (composer_fault, problem) = match q.fout {
        Some(f) if Composer::shows(&f) => (Some(f), None),
        Some(f) => (None, Some(shell.problem(f.code))),
        None => (None, None),
    };
    let can = view.can;
    let members = view
        .members
        .into_iter()
        .map(|MemberView { member: m, roles, removable, renewable }| {
            let mut tags = vec![role_label(&shell, m.role)];
            if m.kind == UserKind::Guest {
                tags.push(shell.t("space-external"));
                if let Some(until) = m.guest_expires_at.filter(|_| can.manage_members) {
                    let date = plein_app::guests::format_date(shell.locale(), until);
                    tags.push(shell.t_with("space-guest-until", "date", &date));
                }
            }
            if m.status != UserStatus::Active {
                tags.push(shell.t("space-former"));
            }
            let roles = roles
                .into_iter()
                .map(|r| choice(&shell, r.as_str(), &format!("space-role-{r}"), r == m.role))
                .collect();
            let renewable = renewable.then_some(m.user_id);
            MemberItem { user_id: m.user_id, name: m.display_name, tags, renewable, roles, removable }
        })
        .collect();
    let requests = view
        .requests
        .into_iter()
        .map(|r| RequestItem {
            user_id: r.user_id,
            title: shell.t_with("space-request-from", "name", &r.display_name),
            message: r.message,
        })
        .collect();
    let path = format!("/teams/{id}");
    let notify = view.notify.map(NotifyLevel::as_str);
    let (stream, pinned, follows) = if can.read {
        let page = state.app.space_stream_in(&actor, &view.space, q.voor).await?;
        let pinned =
            if q.voor.is_none() { state.app.pinned_in(&actor, &view.space, &view.pinned).await? } else { Vec::new() };
        let pinned = pinned.into_iter().map(|v| post_item(&shell, v, actor.id)).collect();
        let follows = view.role.is_none().then_some(view.follows);
        (Some(StreamList::new(&shell, page, &path, q.voor, actor.id)), pinned, follows)
    } else {
        (None, Vec::new(), None)
    };
    let composer = can.post.then(|| {
        let label = shell.t_with("post-in-space-label", "space", &view.space.name);
        Composer::new(&shell, format!("space:{id}"), &path, label, composer_fault)
    });
    let page_data = ShowPage {
        path: path.clone(),
        composer,
        pinned,
        stream,
        follows,
        notify,
        id,
        name: view.space.name.clone(),
        colour: view.space.colour.clone(),
        image: view.image_version,
        description: view.space.description.clone(),
        archived: view.space.archived_at.is_some(),
        tags,
        notice,
        problem,
        can,
        requested: view.requested,
        is_member: view.role.is_some(),
        members,
        requests,
        shell,
    };
    Ok(page(StatusCode::OK, &page_data))
}

/// `POST /teams/{id}/lid-worden`.
pub async fn join(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.join_space(&actor, id).await?;
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
    state.app.request_to_join(&actor, id, &form.message).await?;
    Ok(Redirect::to(&format!("/teams/{id}")).into_response())
}

/// `POST /teams/{id}/verlaten`.
pub async fn leave(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    match state.app.leave_space(&actor, id).await {
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
    state.app.decide_request(&actor, id, user, approve).await?;
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
    match state.app.change_member(&actor, id, user, role).await {
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
    state.app.set_archived(&actor, id, archived).await?;
    let outcome = if archived { Notice::Archived } else { Notice::Unarchived };
    Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), outcome)).into_response())
}

/// `GET /teams/{id}/afbeelding`: a space's image, for those who may see the space.
pub async fn image(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let image = state.app.space_image(&actor, id).await?;
    Ok(image_response(image.bytes, &image.content_type))
}

/// `POST /teams/{id}/afbeelding`: a new image (multipart field `image`), or `remove` to take it away.
pub async fn upload_image(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let result = match read_image_form(&mut multipart, "image").await? {
        Ok(upload) => state.app.set_space_image(&actor, id, upload).await,
        Err(e) => Err(e),
    };
    let message = match result {
        Ok(()) => {
            return Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), Notice::SpaceImageSaved)).into_response());
        }
        Err(e) if image_problem(ctx.locale, &e).is_some() => image_problem(ctx.locale, &e),
        Err(e) => return Err(e.into()),
    };
    settings_page(&state, &ctx, &actor, id, message).await
}
