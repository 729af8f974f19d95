//! The people directory (smoelenboek), profiles, and editing one's own profile.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::people::ProfileForm;
use plein_core::policy::visibility;
use plein_core::{UserKind, UserStatus};
use plein_store::people::PeopleFilter;
use plein_store::stream::FollowTarget;
use serde::Deserialize;

use crate::faces::{Face, FaceSize};
use crate::flash::{self, Notice, with_notice};
use crate::pages::stream::{Composer, StreamList, StreamQuery};
use crate::render::{
    FieldErrors, ImageUpload, Input, Pager, Shell, image_problem, image_response, one_page, page, read_image_form,
};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// An option of a filter.
pub struct FilterOption {
    value: String,
    label: String,
    selected: bool,
}

/// A person in the directory.
pub struct PersonCard {
    id: i64,
    face: Face,
    name: String,
    tags: Vec<String>,
}

#[derive(Template)]
#[template(path = "people/index.html")]
struct IndexPage {
    shell: Shell,
    name: String,
    expertise: String,
    departments: Vec<FilterOption>,
    groups: Vec<FilterOption>,
    count: String,
    people: Vec<PersonCard>,
    pager: Pager,
}

/// The directory's filters.
#[derive(Deserialize)]
pub struct IndexQuery {
    naam: Option<String>,
    afdeling: Option<String>,
    groep: Option<String>,
    expertise: Option<String>,
    na: Option<String>,
    na_id: Option<i64>,
}

/// People on one page of the directory.
const PAGE_SIZE: usize = 50;

/// `GET /mensen`: the directory, for employees only (guests get 404).
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let trim =
        |s: Option<String>, max: usize| s.map(|s| s.trim().chars().take(max).collect::<String>()).unwrap_or_default();
    let name = trim(q.naam, 100);
    let department = trim(q.afdeling, 100);
    let expertise = trim(q.expertise, 40);
    let group = q.groep.as_deref().and_then(|g| g.parse::<i64>().ok());
    let filter = PeopleFilter {
        name: Some(name.clone()),
        department: Some(department.clone()),
        group,
        expertise: Some(expertise.clone()),
        after: q.na.zip(q.na_id),
    };
    let later = filter.after.is_some();
    let (people, more) =
        one_page(state.app.people().list_people(&actor, &filter, PAGE_SIZE as u64 + 1).await?, PAGE_SIZE);
    let total = state.app.people().count_people(&actor, &filter).await?;
    let group_value = group.map(|g| g.to_string()).unwrap_or_default();
    let pairs =
        [("naam", name.as_str()), ("afdeling", &department), ("groep", &group_value), ("expertise", &expertise)];
    let last = people.last().filter(|_| more).map(|u| (u.display_name.as_str(), u.id));
    let pager = Pager::new("/mensen", &pairs, last, later);
    let shell = Shell::new(&state, &ctx, "people").for_actor(&actor);
    let departments = state
        .app
        .people()
        .list_departments()
        .await?
        .into_iter()
        .map(|d| FilterOption { selected: d == department, label: d.clone(), value: d })
        .collect();
    let groups = state
        .app
        .people()
        .list_group_names()
        .await?
        .into_iter()
        .map(|(id, label)| FilterOption { value: id.to_string(), label, selected: Some(id) == group })
        .collect();
    let count = shell.t_num("people-count", "count", i64::try_from(total).unwrap_or(i64::MAX));
    let ids: Vec<i64> = people.iter().map(|u| u.id).collect();
    let photos = state.app.people().list_photo_versions(&actor, &ids).await?;
    let people = people
        .into_iter()
        .map(|u| {
            let mut tags: Vec<String> =
                [u.job_title.clone(), u.department.clone()].into_iter().filter(|t| !t.is_empty()).collect();
            if u.kind == UserKind::Guest {
                tags.push(shell.t("space-external"));
            }
            PersonCard {
                id: u.id,
                face: Face::new(u.id, &u.display_name, photos.get(&u.id).copied(), FaceSize::Medium),
                name: u.display_name,
                tags,
            }
        })
        .collect();
    Ok(page(StatusCode::OK, &IndexPage { shell, name, expertise, departments, groups, count, people, pager }))
}

/// A label and value on a profile.
pub struct ProfileField {
    label: String,
    value: String,
}

/// A space on a profile.
pub struct SpaceLink {
    id: i64,
    name: String,
}

#[derive(Template)]
#[template(path = "people/show.html")]
struct ShowPage {
    shell: Shell,
    id: i64,
    face: Face,
    name: String,
    own: bool,
    labels: Vec<String>,
    fields: Vec<ProfileField>,
    about: String,
    expertise: Vec<String>,
    spaces: Vec<SpaceLink>,
    composer: Option<Composer>,
    stream: Option<StreamList>,
    follows: Option<bool>,
}

/// `GET /mensen/{id}`: a profile; 404 for people the reader may not see.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<StreamQuery>,
) -> Result<Response, AppError> {
    let view = state.app.people().read_person(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "people").for_actor(&actor);
    let path = format!("/mensen/{id}");
    // Profile posts are for employees; guests see the profile without them.
    let (stream, composer, follows) = if visibility(Some(&actor)).profile_posts {
        let page = state.app.stream().read_profile_stream(&actor, id, q.voor).await?;
        let composer = view.own.then(|| {
            let label = shell.t("post-on-own-profile");
            Composer::new(&shell, "profile".into(), &path, label, q.fout.clone())
        });
        let follows = if view.own {
            None
        } else {
            Some(state.app.stream().is_following(&actor, FollowTarget::Person(id)).await?)
        };
        (Some(StreamList::new(&shell, page, &path, q.voor, actor.id)), composer, follows)
    } else {
        (None, None, None)
    };
    let u = view.user;
    let mut labels = Vec::new();
    if u.kind == UserKind::Guest {
        labels.push(shell.t("space-external"));
    }
    if u.status != UserStatus::Active {
        labels.push(shell.t("space-former"));
    }
    let mut fields = Vec::new();
    let mut add = |key: &str, value: &str| {
        if !value.is_empty() {
            fields.push(ProfileField { label: shell.t(key), value: value.to_owned() });
        }
    };
    add("person-job-title", &u.job_title);
    add("person-department", &u.department);
    add("person-location", &u.location);
    if view.show_phone {
        add("person-phone", &u.phone);
    }
    if let Some((day, month)) = view.birthday {
        add("person-birthday", &format!("{day} {}", shell.t(&format!("month-{month}"))));
    }
    add("person-email", &u.email);
    let spaces = view.spaces.into_iter().map(|s| SpaceLink { id: s.id, name: s.name }).collect();
    let page_data = ShowPage {
        id: u.id,
        face: Face::new(u.id, &u.display_name, view.photo_version, FaceSize::Large),
        name: u.display_name,
        own: view.own,
        labels,
        fields,
        about: u.about,
        expertise: view.expertise,
        spaces,
        composer,
        stream,
        follows,
        shell,
    };
    Ok(page(StatusCode::OK, &page_data))
}

#[derive(Template)]
#[template(path = "people/edit.html")]
struct EditPage {
    shell: Shell,
    upload: ImageUpload,
    errors: FieldErrors,
    inputs: Vec<Input>,
    phone_visible: bool,
    birthday_day: String,
    birthday_month: String,
    birthday_visible: bool,
    months: Vec<(u32, String)>,
    about: String,
    expertise: String,
}

/// The photo part of the profile form: the user's id and photo version, and a problem with an upload.
type PhotoState = (Option<(i64, i64)>, Option<String>);

fn edit_page(
    shell: Shell,
    form: ProfileForm,
    errors: FieldErrors,
    notice: Option<String>,
    (photo, photo_error): PhotoState,
    status: StatusCode,
) -> Response {
    let inputs = vec![
        shell.input("job_title", "person-job-title", "text", &form.job_title, 100),
        shell.input("department", "person-department", "text", &form.department, 100),
        shell.input("location", "person-location", "text", &form.location, 100),
        shell.input("phone", "person-phone", "tel", &form.phone, 30),
    ];
    let upload = ImageUpload {
        action: "/account/foto".into(),
        field: "photo",
        heading: shell.t("profile-photo"),
        current: photo.map(|(id, v)| format!("/mensen/{id}/foto?v={v}")),
        current_alt: shell.t("profile-photo-current"),
        label: shell.t("profile-photo-file"),
        submit: shell.t("profile-photo-upload"),
        remove: shell.t("profile-photo-remove"),
        error: photo_error,
    };
    let page_data = EditPage {
        upload,
        errors,
        inputs,
        phone_visible: form.phone_visible,
        birthday_day: form.birthday_day,
        birthday_month: form.birthday_month,
        birthday_visible: form.birthday_visible,
        months: (1..=12).map(|m| (m, shell.t(&format!("month-{m}")))).collect(),
        about: form.about,
        expertise: form.expertise,
        shell: shell.with_notice(notice),
    };
    page(status, &page_data)
}

/// The profile form filled with what is stored, and the photo's id and version.
fn stored_profile(view: plein_app::people::PersonView) -> (ProfileForm, Option<(i64, i64)>) {
    let u = view.user;
    let photo = view.photo_version.map(|v| (u.id, v));
    let form = ProfileForm {
        job_title: u.job_title,
        department: u.department,
        location: u.location,
        phone: u.phone,
        phone_visible: u.phone_visible,
        birthday_day: view.birthday.map(|(d, _)| d.to_string()).unwrap_or_default(),
        birthday_month: view.birthday.map(|(_, m)| m.to_string()).unwrap_or_default(),
        birthday_visible: u.birthday_visible,
        about: u.about,
        expertise: view.expertise.join(", "),
    };
    (form, photo)
}

/// Query parameters of the profile form.
#[derive(Deserialize)]
pub struct EditQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

/// `GET /account/profiel`: the user's own profile form.
pub async fn edit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Query(q): Query<EditQuery>,
) -> Result<Response, AppError> {
    let view = state.app.people().read_person(&actor, user.id).await?;
    let shell = Shell::new(&state, &ctx, "account").for_actor(&actor);
    let (form, photo) = stored_profile(view);
    let notice = q.ok.map(|n| shell.notice(n));
    Ok(edit_page(shell, form, FieldErrors::default(), notice, (photo, None), StatusCode::OK))
}

/// The profile form's fields.
#[derive(Deserialize)]
pub struct SaveForm {
    #[serde(default)]
    job_title: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    phone: String,
    phone_visible: Option<String>,
    #[serde(default)]
    birthday_day: String,
    #[serde(default)]
    birthday_month: String,
    birthday_visible: Option<String>,
    #[serde(default)]
    about: String,
    #[serde(default)]
    expertise: String,
}

/// `POST /account/profiel`.
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    Form(f): Form<SaveForm>,
) -> Result<Response, AppError> {
    let form = ProfileForm {
        job_title: f.job_title,
        department: f.department,
        location: f.location,
        phone: f.phone,
        phone_visible: f.phone_visible.is_some(),
        birthday_day: f.birthday_day,
        birthday_month: f.birthday_month,
        birthday_visible: f.birthday_visible.is_some(),
        about: f.about,
        expertise: f.expertise,
    };
    match state.app.people().update_profile(&user, &form).await {
        Ok(()) => Ok(Redirect::to(&with_notice("/account/profiel", Notice::ProfileSaved)).into_response()),
        Err(e) => {
            let errors = FieldErrors::from_refusal(ctx.locale, e)?;
            let shell = Shell::new(&state, &ctx, "account").for_actor(&actor);
            Ok(edit_page(shell, form, errors, None, (None, None), StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// Which photo: `?formaat=klein` for the small thumbnail; `?v=` its version, which makes the
/// address of one photo for good.
#[derive(Deserialize)]
pub struct PhotoQuery {
    formaat: Option<String>,
    v: Option<i64>,
}

/// `GET /mensen/{id}/foto`: a profile photo, for those who may see the person; with its version
/// in the address, this browser keeps it for a year (a new photo has a new address).
pub async fn photo(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<PhotoQuery>,
) -> Result<Response, AppError> {
    let small = q.formaat.as_deref() == Some("klein");
    let (bytes, content_type) = state.app.people().read_photo(&actor, id, small).await?;
    let mut response = image_response(bytes, &content_type);
    if q.v.is_some() {
        response.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("private, max-age=31536000, immutable"),
        );
    }
    Ok(response)
}

/// `POST /account/foto`: a new photo (multipart field `photo`), or `remove` to take it away.
pub async fn upload_photo(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(user, actor): CurrentActor,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let result = match read_image_form(&mut multipart, "photo").await? {
        Ok(upload) => state.app.people().set_photo(&user, upload).await,
        Err(e) => Err(e),
    };
    let message = match result {
        Ok(()) => return Ok(Redirect::to(&with_notice("/account/profiel", Notice::PhotoSaved)).into_response()),
        Err(e) if image_problem(ctx.locale, &e).is_some() => image_problem(ctx.locale, &e),
        Err(e) => return Err(e.into()),
    };
    let view = state.app.people().read_person(&actor, user.id).await?;
    let shell = Shell::new(&state, &ctx, "account").for_actor(&actor);
    let (form, photo) = stored_profile(view);
    Ok(edit_page(shell, form, FieldErrors::default(), None, (photo, message), StatusCode::UNPROCESSABLE_ENTITY))
}
