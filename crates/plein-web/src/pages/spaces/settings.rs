//! Creating a space and changing its settings and image: one form, for new and existing spaces.

use super::*;

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
    match state.app.spaces().create_space(&actor, new).await {
        Ok(row) => Ok(Redirect::to(&with_notice(&format!("/teams/{}", row.id), Notice::SpaceCreated)).into_response()),
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
    let view = state.app.spaces().read_space_settings(actor, id).await?;
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
    match state.app.spaces().update_space(&actor, id, form.to_new()).await {
        Ok(()) => Ok(Redirect::to(&with_notice(&format!("/teams/{id}"), Notice::SpaceSaved)).into_response()),
        Err(e) => {
            let errors = FieldErrors::from_refusal(ctx.locale, e)?;
            let shell = Shell::new(&state, &ctx, "spaces").for_actor(&actor);
            let image = state.app.spaces().read_space(&actor, id).await?.image_version;
            Ok(new_page(shell, (Some(id), (image, None)), form, errors, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// `GET /teams/{id}/afbeelding`: a space's image, for those who may see the space.
pub async fn image(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let image = state.app.spaces().read_space_image(&actor, id).await?;
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
        Ok(upload) => state.app.spaces().set_space_image(&actor, id, upload).await,
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
