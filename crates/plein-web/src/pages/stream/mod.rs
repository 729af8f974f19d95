//! The social stream's pages and forms: writing a post, a post with its comments, liking,
//! removing, editing, pinning and following. Every form works without JavaScript and returns to
//! the page it came from.

mod form;
pub(crate) mod views;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::confirm::{Confirmation, Outcome};
use plein_app::stream::{NewPost, PollInput};
use plein_app::{Code, Error, Problem};
use plein_core::policy::Actor;
use plein_store::stream::{CommentOn, FollowTarget, LikeTarget, PostPlace};
use serde::Deserialize;

use crate::context::safe_next;
use crate::flash::{self, Fault, Notice, with_fault, with_notice};
use crate::pages::confirm::{self, Question};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};
use form::NewPostForm;
pub(crate) use views::{CommentItem, CommentThread, author_tags, comment_item};
pub use views::{Composer, PostItem, StreamList, StreamQuery, post_item};

/// `POST /berichten`: a new post in a space or on the writer's own profile.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    mut form: NewPostForm,
) -> Result<Response, AppError> {
    let back = safe_next(Some(form.get("terug")));
    if form.too_large {
        let problem = Problem::new("images", Code::ImageFilesTooLarge);
        return Ok(Redirect::to(&with_fault(&back, &problem)).into_response());
    }
    let place = match form.get("plaats").strip_prefix("space:").map(str::parse::<i64>) {
        Some(Ok(id)) => PostPlace::Space(id),
        Some(Err(_)) => return Err(AppError::BadRequest),
        None => PostPlace::Profile(actor.id),
    };
    let options = form.get("opties");
    let poll = (!options.trim().is_empty()).then(|| PollInput {
        question: form.get("vraag").to_owned(),
        options: options.lines().map(str::to_owned).collect(),
        multiple: form.get("meerdere") == "1",
        closes_at: form
            .get("sluit")
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .map(|d| plein_store::now() + chrono::Duration::days(d)),
    });
    let (images, slots) = form.pictures();
    let new = NewPost { place, body: form.get("body").to_owned(), poll, images };
    match state.app.stream().publish_post(&actor, new).await {
        Ok(_) => Ok(Redirect::to(&with_notice(&format!("{back}#berichten"), Notice::PostCreated)).into_response()),
        Err(Error::Invalid(mut problem)) => {
            // The app counts the pictures it was given; the form numbers its slots from 1.
            if problem.field == "images" {
                problem.item = problem.item.and_then(|i| slots.get(i)).map(|n| n - 1);
            }
            Ok(Redirect::to(&with_fault(&back, &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `?formaat=klein` for a post's thumbnail.
#[derive(Deserialize)]
pub struct ImageQuery {
    formaat: Option<String>,
}

/// `GET /berichten/{id}/afbeeldingen/{n}`: a post's `n`th picture (from 1; `?formaat=klein`, its
/// thumbnail), for those who may read the post.
pub async fn image(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path((id, n)): Path<(i64, i32)>,
    axum::extract::Query(q): axum::extract::Query<ImageQuery>,
) -> Result<Response, AppError> {
    let position = n.checked_sub(1).ok_or(AppError::NotFound)?;
    let bytes =
        state.app.stream().read_post_image(&actor, (id, position), q.formaat.as_deref() == Some("klein")).await?;
    Ok(crate::render::image_response(bytes, "image/jpeg"))
}

#[derive(Template)]
#[template(path = "stream/post_page.html")]
struct PostPage {
    shell: Shell,
    post: PostItem,
    back: String,
    thread: CommentThread,
    comments: Vec<CommentItem>,
    problem: Option<String>,
}

/// Messages after an action.
#[derive(Deserialize, Default)]
pub struct FaultQuery {
    #[serde(default, deserialize_with = "flash::fault")]
    pub(crate) fout: Option<Fault>,
}

/// `GET /berichten/{id}`: a post with its comments.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<FaultQuery>,
) -> Result<Response, AppError> {
    let (view, comments) = state.app.stream().read_post(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let problem = q.fout.map(|f| shell.problem(f.code));
    let data = PostPage {
        back: format!("/berichten/{id}"),
        thread: CommentThread {
            action: format!("/berichten/{id}/reacties"),
            counts: format!("acties-bericht-{id}"),
            can_react: view.can.react,
            mentions: Some(format!("post:{id}")),
        },
        comments: comments.into_iter().map(|c| comment_item(&shell, c)).collect(),
        post: post_item(&shell, view, actor.id),
        problem,
        shell,
    };
    Ok(page(StatusCode::OK, &data))
}

/// The comment form.
#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    pub(crate) body: String,
    pub(crate) antwoord_op: Option<i64>,
}

/// `POST /berichten/{id}/reacties`: a comment, or a reply to one.
pub async fn comment(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    add_comment(&state, &actor, CommentOn::Post(id), form).await
}

/// Comments on a post or news item; back to the comment, or to the form with what was wrong.
pub(crate) async fn add_comment(
    state: &AppState,
    actor: &Actor,
    on: CommentOn,
    form: CommentForm,
) -> Result<Response, AppError> {
    let url = thread_url(on);
    match state.app.stream().create_comment(actor, on, form.antwoord_op, &form.body).await {
        Ok(c) => {
            Ok(Redirect::to(&with_notice(&format!("{url}#reactie-{}", c.id), Notice::CommentCreated)).into_response())
        }
        Err(Error::Invalid(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("{url}#reageren"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A like or unlike, and where to go back to.
#[derive(Deserialize)]
pub struct LikeForm {
    pub(crate) aan: Option<String>,
    pub(crate) terug: Option<String>,
}

pub(crate) async fn like(
    state: &AppState,
    actor: &Actor,
    target: LikeTarget,
    form: LikeForm,
) -> Result<Response, AppError> {
    state.app.stream().set_like(actor, target, form.aan.as_deref() == Some("1")).await?;
    let anchor = match target {
        LikeTarget::Post(id) => format!("bericht-{id}"),
        LikeTarget::Comment(id) => format!("reactie-{id}"),
        LikeTarget::News(id) => format!("nieuws-{id}"),
    };
    Ok(Redirect::to(&format!("{}#{anchor}", safe_next(form.terug.as_deref()))).into_response())
}

/// `POST /berichten/{id}/vind-ik-leuk`.
pub async fn like_post(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<LikeForm>,
) -> Result<Response, AppError> {
    like(&state, &actor, LikeTarget::Post(id), form).await
}

/// `POST /reacties/{id}/vind-ik-leuk`.
pub async fn like_comment(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<LikeForm>,
) -> Result<Response, AppError> {
    like(&state, &actor, LikeTarget::Comment(id), form).await
}

#[derive(Template)]
#[template(path = "stream/likers.html")]
struct LikersPage {
    shell: Shell,
    id: i64,
    people: Vec<(i64, crate::faces::Face, String, Vec<String>)>,
}

/// `GET /berichten/{id}/vind-ik-leuk`: who likes a post.
pub async fn likers(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let people = state.app.stream().list_likers(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let people = people
        .into_iter()
        .map(|a| (a.id, views::face(&a, crate::faces::FaceSize::Small), a.name.clone(), author_tags(&shell, &a)))
        .collect();
    Ok(page(StatusCode::OK, &LikersPage { shell, id, people }))
}

/// The preview form: the text typed so far.
#[derive(Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    body: String,
}

/// `POST /berichten/voorbeeld`: how the composer's text will look (a fragment of HTML, sanitized
/// like every post), for the preview the script shows; refused text answers 400 with the reason.
pub async fn preview(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, _actor): CurrentActor,
    Form(form): Form<PreviewForm>,
) -> Response {
    match state.app.stream().preview_post(&form.body) {
        Ok(html) => ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(Error::Invalid(problem)) => {
            (StatusCode::BAD_REQUEST, crate::i18n::problem(ctx.locale, problem.code)).into_response()
        }
        Err(e) => AppError::from(e).into_response(),
    }
}

/// A removal: where to go afterwards, and whether it was confirmed (`bevestigd=1`).
#[derive(Deserialize)]
pub struct RemoveForm {
    terug: Option<String>,
    bevestigd: Option<String>,
}

impl RemoveForm {
    fn confirmation(&self) -> Confirmation {
        Confirmation::from_form(self.bevestigd.as_deref())
    }
}

/// `POST /berichten/{id}/verwijderen`: asks first (a page, or with JavaScript a dialog), then
/// removes the post.
pub async fn delete(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, AppError> {
    let post = match state.app.stream().delete_post(&actor, id, form.confirmation()).await? {
        Outcome::Done(post) => post,
        Outcome::Ask => {
            let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
            let back = safe_next(form.terug.as_deref());
            let question = Question {
                title: shell.t("post-delete-title"),
                text: shell.t("post-delete-question"),
                action: format!("/berichten/{id}/verwijderen"),
                fields: vec![("terug", back.clone())],
                yes: shell.t("post-delete"),
                back,
            };
            return Ok(confirm::ask(shell, question));
        }
    };
    let fallback = match (post.space_id, post.profile_id) {
        (Some(s), _) => format!("/teams/{s}"),
        (None, Some(p)) => format!("/mensen/{p}"),
        _ => "/".into(),
    };
    // The post's own page is gone: return to its container instead.
    let back = safe_next(form.terug.as_deref());
    let back = if back.starts_with(&format!("/berichten/{id}")) { fallback } else { back };
    Ok(Redirect::to(&with_notice(&back, Notice::PostRemoved)).into_response())
}

/// The page of what comments are on.
pub(crate) fn thread_url(on: CommentOn) -> String {
    match on {
        CommentOn::Post(id) => format!("/berichten/{id}"),
        CommentOn::News(id) => format!("/nieuws/{id}"),
    }
}

/// `POST /reacties/{id}/verwijderen`: asks first, then removes the comment and its replies.
pub async fn delete_comment(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, AppError> {
    match state.app.stream().delete_comment(&actor, id, form.confirmation()).await? {
        Outcome::Done(on) => {
            Ok(Redirect::to(&with_notice(&format!("{}#reacties", thread_url(on)), Notice::CommentRemoved))
                .into_response())
        }
        Outcome::Ask => {
            let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
            let on = state.app.stream().find_comment_place(&actor, id).await?;
            let back = format!("{}#reactie-{id}", thread_url(on));
            let question = Question {
                title: shell.t("comment-delete-title"),
                text: shell.t("comment-delete-question"),
                action: format!("/reacties/{id}/verwijderen"),
                fields: Vec::new(),
                yes: shell.t("comment-delete"),
                back,
            };
            Ok(confirm::ask(shell, question))
        }
    }
}

/// The pin form.
#[derive(Deserialize)]
pub struct PinForm {
    aan: Option<String>,
}

/// `POST /berichten/{id}/vastzetten`.
pub async fn pin(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<PinForm>,
) -> Result<Response, AppError> {
    let post = state.app.stream().pin_post(&actor, id, form.aan.as_deref() == Some("1")).await?;
    let space = post.space_id.unwrap_or_default();
    Ok(Redirect::to(&format!("/teams/{space}#bericht-{id}")).into_response())
}

#[derive(Template)]
#[template(path = "stream/edit.html")]
struct EditPage {
    shell: Shell,
    id: i64,
    body: String,
    error: Option<String>,
}

/// `GET /berichten/{id}/bewerken`: the author's form.
pub async fn edit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (view, _) = state.app.stream().read_post(&actor, id).await?;
    if !view.can.edit {
        return Err(AppError::Forbidden);
    }
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    Ok(page(StatusCode::OK, &EditPage { shell, id, body: view.post.body, error: None }))
}

/// The edit form.
#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

/// `POST /berichten/{id}/bewerken`.
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    match state.app.stream().edit_post(&actor, id, &form.body).await {
        Ok(()) => Ok(Redirect::to(&format!("/berichten/{id}")).into_response()),
        Err(Error::Invalid(problem)) => {
            let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
            let error = Some(shell.problem(problem.code));
            Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &EditPage { shell, id, body: form.body, error }))
        }
        Err(e) => Err(e.into()),
    }
}

/// The follow form.
#[derive(Deserialize)]
pub struct FollowForm {
    soort: String,
    id: i64,
    aan: Option<String>,
    terug: Option<String>,
}

/// `POST /volgen`: follow or unfollow a person or a space.
pub async fn follow(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<FollowForm>,
) -> Result<Response, AppError> {
    let target = match form.soort.as_str() {
        "space" => FollowTarget::Space(form.id),
        "user" => FollowTarget::Person(form.id),
        _ => return Err(AppError::BadRequest),
    };
    state.app.stream().set_follow(&actor, target, form.aan.as_deref() == Some("1")).await?;
    Ok(Redirect::to(&safe_next(form.terug.as_deref())).into_response())
}

/// The vote form: the chosen options.
pub async fn vote(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, AppError> {
    let mut choices = Vec::new();
    let mut back = None;
    for (k, v) in form_urlencoded::parse(body.as_bytes()) {
        match &*k {
            "keuze" => choices.push(v.parse::<i64>().map_err(|_| AppError::BadRequest)?),
            "terug" => back = Some(v.into_owned()),
            _ => {}
        }
    }
    let back = safe_next(back.as_deref());
    match state.app.stream().cast_vote(&actor, id, &choices).await {
        Ok(()) => Ok(Redirect::to(&format!("{back}#bericht-{id}")).into_response()),
        Err(Error::Invalid(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/berichten/{id}"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
