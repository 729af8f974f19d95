//! The social stream's pages and forms: writing a post, a post with its comments, liking,
//! removing, editing, pinning and following. Every form works without JavaScript and returns to
//! the page it came from.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::stream::{Abilities, Author, CommentView, MAX_IMAGES, NewPost, Place, PollInput, PostView, StreamPage};
use plein_app::{Code, Error, Problem};
use plein_core::policy::Actor;
use plein_store::stream::{LikeTarget, PostPlace};
use serde::Deserialize;

use crate::context::safe_next;
use crate::flash::{self, Fault, with_fault};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

/// A post as a stream or its own page shows it.
pub struct PostItem {
    /// Its id.
    pub id: i64,
    /// The author's profile.
    pub author_id: i64,
    /// The author's name.
    pub author: String,
    /// Labels next to the name (external, former colleague).
    pub author_tags: Vec<String>,
    /// Where it lives ("in Team X", "on Y's profile").
    pub place: String,
    /// The container's page.
    pub place_href: String,
    /// How long ago it was written.
    pub when: String,
    /// Its exact time, for the `<time>` element.
    pub datetime: String,
    /// Whether it was edited.
    pub edited: bool,
    /// Whether it is pinned.
    pub pinned: bool,
    /// The sanitized text.
    pub body_html: String,
    /// "3 likes".
    pub likes: String,
    /// How many like it.
    pub like_count: i32,
    /// "2 comments".
    pub comments: String,
    /// Whether the reader likes it.
    pub liked: bool,
    /// What the reader may do.
    pub can: Abilities,
    /// Its poll.
    pub poll: Option<PollItem>,
    /// Why a moderator hid it (its author and the moderators still see it).
    pub hidden_reason: Option<String>,
    /// Its pictures: (number from 1, text alternative, thumbnail width, height).
    pub images: Vec<(usize, String, i32, i32)>,
}

/// A poll for a template.
pub struct PollItem {
    /// Several options may be chosen.
    pub multiple: bool,
    /// The reader may (still) vote.
    pub can_vote: bool,
    /// The reader voted.
    pub voted: bool,
    /// The counts are shown (after voting, when closed, or to its author).
    pub show_results: bool,
    /// "Closes in 3 days", "Closed".
    pub status: Option<String>,
    /// "12 votes".
    pub total: String,
    /// (id, label, votes, percent, chosen by the reader).
    pub options: Vec<(i64, String, i64, i64, bool)>,
}

fn poll_item(shell: &Shell, v: &PostView, author: bool) -> Option<PollItem> {
    let poll = v.poll.as_ref()?;
    let status = if poll.closed {
        Some(shell.t("poll-closed"))
    } else {
        poll.closes_at.map(|at| {
            let hours = (at - plein_store::now()).num_hours().max(0);
            if hours < 24 {
                shell.t_num("poll-closes-hours", "n", hours.max(1))
            } else {
                shell.t_num("poll-closes-days", "n", hours / 24)
            }
        })
    };
    Some(PollItem {
        multiple: poll.multiple,
        can_vote: v.can.react && !poll.closed,
        voted: poll.voted,
        show_results: poll.voted || poll.closed || author,
        status,
        total: shell.t_num("poll-votes", "count", poll.total),
        options: poll
            .options
            .iter()
            .map(|o| (o.id, o.label.clone(), o.votes, poll.percent(&o.votes), o.mine))
            .collect(),
    })
}

fn author_tags(shell: &Shell, a: &Author) -> Vec<String> {
    let mut tags = Vec::new();
    if a.external {
        tags.push(shell.t("space-external"));
    }
    if a.former {
        tags.push(shell.t("space-former"));
    }
    tags
}

/// A post for a template.
pub fn post_item(shell: &Shell, v: PostView, reader: i64) -> PostItem {
    let (place, place_href) = match &v.place {
        Place::Space { id, name } => (shell.t_with("post-in-space", "space", name), format!("/teams/{id}")),
        Place::Profile { id, name } => (shell.t_with("post-on-profile", "name", name), format!("/mensen/{id}")),
    };
    let poll = poll_item(shell, &v, v.author.id == reader);
    PostItem {
        poll,
        images: v.images.iter().enumerate().map(|(i, p)| (i + 1, p.alt.clone(), p.width, p.height)).collect(),
        hidden_reason: v.post.hidden_at.map(|_| v.post.hidden_reason.clone().unwrap_or_default()),
        id: v.post.id,
        author_id: v.author.id,
        author_tags: author_tags(shell, &v.author),
        author: v.author.name,
        place,
        place_href,
        when: shell.time_ago(v.post.created_at),
        datetime: v.post.created_at.to_rfc3339(),
        edited: v.post.edited_at.is_some(),
        pinned: v.post.pinned_at.is_some(),
        body_html: v.post.body_html,
        likes: shell.t_num("post-likes", "count", i64::from(v.post.like_count)),
        like_count: v.post.like_count,
        comments: shell.t_num("post-comments", "count", i64::from(v.post.comment_count)),
        liked: v.liked,
        can: v.can,
    }
}

/// A page of a stream for a template: its posts and the "more" link.
pub struct StreamList {
    /// The posts.
    pub items: Vec<PostItem>,
    /// The next page's address.
    pub more: Option<String>,
    /// Where forms return to.
    pub back: String,
}

impl StreamList {
    /// A stream page shown at `path` (which has no query of its own).
    pub fn new(shell: &Shell, page: StreamPage, path: &str, before: Option<i64>, reader: i64) -> StreamList {
        StreamList {
            items: page.items.into_iter().map(|v| post_item(shell, v, reader)).collect(),
            more: page.next.map(|id| format!("{path}?voor={id}#berichten")),
            back: match before {
                Some(b) => format!("{path}?voor={b}"),
                None => path.to_owned(),
            },
        }
    }
}

/// The form to write a post.
pub struct Composer {
    /// `space:{id}` or `profile`.
    pub place: String,
    /// Where to return.
    pub back: String,
    /// The text field's label.
    pub label: String,
    /// Why the last post was refused.
    pub error: Option<String>,
    /// Why the last poll was refused.
    pub poll_error: Option<String>,
    /// Why the last pictures were refused.
    pub image_error: Option<(String, Option<usize>)>,
    /// "At most 4 pictures …".
    pub image_hint: String,
    /// The picture slots: (number from 1, its legend, whether the refusal is about it).
    pub image_slots: Vec<(usize, String, bool)>,
}

impl Composer {
    /// A form for `place`, labelled with the message `label_key`; `fault` is the page's `fout`.
    pub fn new(shell: &Shell, place: String, back: &str, label: String, fault: Option<Fault>) -> Composer {
        let about = |field: &str| fault.as_ref().filter(|f| f.field == field);
        let error = about("body").map(|f| shell.problem(f.code));
        let poll_error = about("poll").map(|f| shell.problem(f.code));
        // About the picture in slot `item + 1`, or about the pictures together.
        let image_error = about("images").map(|f| {
            let message = shell.problem(f.code);
            match f.item.map(|i| i + 1).filter(|n| (1..=MAX_IMAGES).contains(n)) {
                Some(n) => (format!("{}: {message}", shell.t_num("image-number", "n", n as i64)), Some(n)),
                None => (message, None),
            }
        });
        let refused = image_error.as_ref().and_then(|(_, slot)| *slot);
        let image_slots =
            (1..=MAX_IMAGES).map(|n| (n, shell.t_num("image-number", "n", n as i64), refused == Some(n))).collect();
        let image_hint = shell.t_num("image-hint", "count", MAX_IMAGES as i64);
        Composer { place, back: back.to_owned(), label, error, poll_error, image_error, image_hint, image_slots }
    }

    /// Whether a refusal is the composer's to show (the text, the poll, the pictures).
    pub fn shows(fault: &Fault) -> bool {
        matches!(fault.field.as_str(), "body" | "poll" | "images")
    }
}

/// `?voor=` on a stream page: start below this post.
#[derive(Deserialize, Default)]
pub struct StreamQuery {
    /// The post to continue below.
    pub voor: Option<i64>,
    /// A refused post.
    #[serde(default, deserialize_with = "flash::fault")]
    pub fout: Option<Fault>,
}

/// The new-post form's fields: `plaats` (`space:{id}` or `profile`), `body`, `terug`; a poll's
/// `opties` (one per line), `meerdere` (`1`), `sluit` (days); pictures `afbeelding_1` …
/// `afbeelding_4`, each with its text alternative `afbeelding_1_tekst` …. Sent as a plain form,
/// or as `multipart/form-data` with files.
#[derive(Default)]
struct NewPostForm {
    fields: std::collections::HashMap<String, String>,
    /// The chosen files by slot number (from 1).
    images: std::collections::BTreeMap<usize, Vec<u8>>,
    /// The body passed the upload limit; what came before it was read.
    too_large: bool,
}

impl NewPostForm {
    async fn read(state: &AppState, req: axum::extract::Request) -> Result<NewPostForm, AppError> {
        use axum::extract::FromRequest;
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let mut form = NewPostForm::default();
        if !multipart {
            let Form(fields) =
                Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
            form.fields = fields.into_iter().collect();
            return Ok(form);
        }
        let too_large = |e: &axum::extract::multipart::MultipartError| e.status() == StatusCode::PAYLOAD_TOO_LARGE;
        let mut parts = axum::extract::Multipart::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
        loop {
            let part = match parts.next_field().await {
                Ok(Some(part)) => part,
                Ok(None) => break,
                Err(e) if too_large(&e) => {
                    form.too_large = true;
                    break;
                }
                Err(_) => return Err(AppError::BadRequest),
            };
            let name = part.name().unwrap_or_default().to_owned();
            let slot = name.strip_prefix("afbeelding_").and_then(|n| n.parse::<usize>().ok());
            match slot {
                Some(n) if (1..=MAX_IMAGES).contains(&n) => match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => {
                        form.images.insert(n, bytes.to_vec());
                    }
                    Ok(_) => {}
                    Err(e) if too_large(&e) => {
                        form.too_large = true;
                        break;
                    }
                    Err(_) => return Err(AppError::BadRequest),
                },
                _ => {
                    form.fields.insert(name, crate::input::form_text(part).await?);
                }
            }
        }
        Ok(form)
    }

    /// The chosen pictures with their text alternatives, in slot order, and their slot numbers.
    fn pictures(&mut self) -> (Vec<(Vec<u8>, String)>, Vec<usize>) {
        let images = std::mem::take(&mut self.images);
        let slots = images.keys().copied().collect();
        let pictures = images
            .into_iter()
            .map(|(n, bytes)| (bytes, self.get(&format!("afbeelding_{n}_tekst")).to_owned()))
            .collect();
        (pictures, slots)
    }

    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// `POST /berichten`: a new post in a space or on the writer's own profile.
pub async fn create(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    req: axum::extract::Request,
) -> Result<Response, AppError> {
    let mut form = NewPostForm::read(&state, req).await?;
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
    match state.app.publish(&actor, new).await {
        Ok(_) => Ok(Redirect::to(&format!("{back}#berichten")).into_response()),
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
    let bytes = state.app.post_image(&actor, (id, position), q.formaat.as_deref() == Some("klein")).await?;
    Ok(crate::render::image_response(bytes, "image/jpeg"))
}

/// A comment for a template.
pub struct CommentItem {
    id: i64,
    author_id: i64,
    author: String,
    author_tags: Vec<String>,
    when: String,
    datetime: String,
    body_html: String,
    likes: String,
    liked: bool,
    can_react: bool,
    can_delete: bool,
    can_report: bool,
    hidden_reason: Option<String>,
    replies: Vec<CommentItem>,
}

fn comment_item(shell: &Shell, c: CommentView) -> CommentItem {
    CommentItem {
        id: c.comment.id,
        author_id: c.author.id,
        author_tags: author_tags(shell, &c.author),
        author: c.author.name,
        when: shell.time_ago(c.comment.created_at),
        datetime: c.comment.created_at.to_rfc3339(),
        body_html: c.comment.body_html,
        likes: shell.t_num("post-likes", "count", i64::from(c.comment.like_count)),
        liked: c.liked,
        can_react: c.can_react,
        can_delete: c.can_delete,
        can_report: c.can_report,
        hidden_reason: c.comment.hidden_at.map(|_| c.comment.hidden_reason.clone().unwrap_or_default()),
        replies: c.replies.into_iter().map(|r| comment_item(shell, r)).collect(),
    }
}

#[derive(Template)]
#[template(path = "stream/post_page.html")]
struct PostPage {
    shell: Shell,
    post: PostItem,
    back: String,
    comments: Vec<CommentItem>,
    problem: Option<String>,
}

/// Messages after an action.
#[derive(Deserialize, Default)]
pub struct FaultQuery {
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
}

/// `GET /berichten/{id}`: a post with its comments.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<FaultQuery>,
) -> Result<Response, AppError> {
    let (view, comments) = state.app.post(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let problem = q.fout.map(|f| shell.problem(f.code));
    let data = PostPage {
        back: format!("/berichten/{id}"),
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
    body: String,
    antwoord_op: Option<i64>,
}

/// `POST /berichten/{id}/reacties`: a comment, or a reply to one.
pub async fn comment(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    match state.app.comment(&actor, id, form.antwoord_op, &form.body).await {
        Ok(c) => Ok(Redirect::to(&format!("/berichten/{id}#reactie-{}", c.id)).into_response()),
        Err(Error::Invalid(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/berichten/{id}#reageren"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// A like or unlike, and where to go back to.
#[derive(Deserialize)]
pub struct LikeForm {
    aan: Option<String>,
    terug: Option<String>,
}

async fn like(state: &AppState, actor: &Actor, target: LikeTarget, form: LikeForm) -> Result<Response, AppError> {
    state.app.like(actor, target, form.aan.as_deref() == Some("1")).await?;
    let anchor = match target {
        LikeTarget::Post(id) => format!("bericht-{id}"),
        LikeTarget::Comment(id) => format!("reactie-{id}"),
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
    people: Vec<(i64, String, Vec<String>)>,
}

/// `GET /berichten/{id}/vind-ik-leuk`: who likes a post.
pub async fn likers(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let people = state.app.likers(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let people = people.into_iter().map(|a| (a.id, a.name.clone(), author_tags(&shell, &a))).collect();
    Ok(page(StatusCode::OK, &LikersPage { shell, id, people }))
}

/// Where to go after removing something.
#[derive(Deserialize)]
pub struct BackForm {
    terug: Option<String>,
}

/// `POST /berichten/{id}/verwijderen`.
pub async fn delete(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<BackForm>,
) -> Result<Response, AppError> {
    let post = state.app.delete_post(&actor, id).await?;
    let fallback = match (post.space_id, post.profile_id) {
        (Some(s), _) => format!("/teams/{s}"),
        (None, Some(p)) => format!("/mensen/{p}"),
        _ => "/".into(),
    };
    // The post's own page is gone: return to its container instead.
    let back = safe_next(form.terug.as_deref());
    let back = if back.starts_with(&format!("/berichten/{id}")) { fallback } else { back };
    Ok(Redirect::to(&back).into_response())
}

/// `POST /reacties/{id}/verwijderen`.
pub async fn delete_comment(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let post = state.app.delete_comment(&actor, id).await?;
    Ok(Redirect::to(&format!("/berichten/{post}#reacties")).into_response())
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
    let post = state.app.pin_post(&actor, id, form.aan.as_deref() == Some("1")).await?;
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
    let (view, _) = state.app.post(&actor, id).await?;
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
    match state.app.edit_post(&actor, id, &form.body).await {
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
    let kind = if form.soort == "space" { "space" } else { "user" };
    state.app.follow(&actor, kind, form.id, form.aan.as_deref() == Some("1")).await?;
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
    match state.app.vote(&actor, id, &choices).await {
        Ok(()) => Ok(Redirect::to(&format!("{back}#bericht-{id}")).into_response()),
        Err(Error::Invalid(problem)) => {
            Ok(Redirect::to(&with_fault(&format!("/berichten/{id}"), &problem)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
