//! News pages: the archive (`/nieuws`, with filters), one item with its confirmation button, likes
//! and comments (the stream's, through the one comment model),
//! the form for writing and editing, the editors' desk, the reader's "Te bevestigen" list, and
//! the editor's confirmation report with its CSV export and reminders. Every form works without
//! JavaScript.

mod form;
mod report;
pub(crate) mod views;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::confirm::{Confirmation, Outcome};
use plein_app::news::{NewsFormChoices, NewsListQuery, NewsView};
use serde::Deserialize;

use plein_store::stream::{CommentOn, LikeTarget};

use crate::flash::{Notice, with_notice};
use crate::pages::confirm::{self, Question};
use crate::pages::stream::{CommentForm, CommentItem, CommentThread, FaultQuery, LikeForm, add_comment, comment_item};
use crate::render::{FieldErrors, Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};
pub(crate) use form::{NewsFields, NewsForm};
pub use report::{export_report, remind, show_report};
use views::{NewsCard, NewsItemView, card};

#[derive(Template)]
#[template(path = "news/index.html")]
struct IndexPage {
    shell: Shell,
    items: Vec<NewsCard>,
    categories: Vec<(String, bool)>,
    months: Vec<(String, String, bool)>,
    audiences: Vec<(&'static str, String, bool)>,
    next: Option<String>,
    filtered: bool,
}

/// The archive's filters and page.
#[derive(Deserialize, Default)]
pub struct IndexQuery {
    categorie: Option<String>,
    maand: Option<String>,
    doelgroep: Option<String>,
    na: Option<String>,
}

/// `GET /nieuws`: the archive, newest first, narrowed by category, month and audience.
pub async fn index(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<IndexQuery>,
) -> Result<Response, AppError> {
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let month = q.maand.as_deref().and_then(plein_app::news::parse_month);
    let before = q.na.as_deref().and_then(parse_cursor);
    let query = NewsListQuery {
        category: q.categorie.clone().filter(|c| !c.is_empty()),
        month,
        audience: q.doelgroep.clone().filter(|a| !a.is_empty()),
        before,
    };
    let result = state.app.news().list_news(&actor, &query).await?;
    let chosen = query.category.clone().unwrap_or_default();
    let categories = result.categories.iter().map(|c| (c.clone(), *c == chosen)).collect();
    let months = plein_app::news::recent_months(24)
        .into_iter()
        .map(|(y, m)| {
            let value = format!("{y}-{m:02}");
            let label = shell.t_with_args(
                "news-month",
                &[("month", shell.t(&format!("month-{m}")).into()), ("year", i64::from(y).into())],
            );
            let selected = month == Some((y, m));
            (value, label, selected)
        })
        .collect();
    let audience = query.audience.clone().unwrap_or_default();
    let audiences = ["everyone", "groups", "space"]
        .into_iter()
        .map(|a| (a, shell.t(&format!("news-audience-filter-{a}")), audience == a))
        .collect();
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(c) = &query.category {
        pairs.push(("categorie", c.clone()));
    }
    if let Some(m) = &q.maand {
        pairs.push(("maand", m.clone()));
    }
    if let Some(a) = &query.audience {
        pairs.push(("doelgroep", a.clone()));
    }
    let next = result.next.map(|(at, id)| {
        pairs.push(("na", format!("{}_{id}", at.timestamp_micros())));
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs.iter()).finish();
        format!("/nieuws?{query}")
    });
    let filtered = query.category.is_some() || month.is_some() || query.audience.is_some();
    let items = result.items.into_iter().map(|n| card(&shell, n)).collect();
    Ok(page(StatusCode::OK, &IndexPage { shell, items, categories, months, audiences, next, filtered }))
}

/// Reads a page cursor `microseconds_id`.
fn parse_cursor(s: &str) -> Option<(chrono::DateTime<chrono::Utc>, i64)> {
    let (at, id) = s.split_once('_')?;
    Some((chrono::DateTime::from_timestamp_micros(at.parse().ok()?)?, id.parse().ok()?))
}

#[derive(Template)]
#[template(path = "news/show.html")]
struct ShowPage {
    shell: Shell,
    item: NewsItemView,
    back: String,
    thread: CommentThread,
    comments: Vec<CommentItem>,
    problem: Option<String>,
}

/// `GET /nieuws/{id}`: one item, with its confirmation button for the audience, its likes and
/// comments.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<FaultQuery>,
) -> Result<Response, AppError> {
    let (view, comments) = state.app.news().read_news_with_comments(&actor, id).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let thread = CommentThread {
        action: format!("/nieuws/{id}/reacties"),
        counts: format!("acties-nieuws-{id}"),
        can_react: view.can.react,
        mentions: Some(format!("news:{id}")),
    };
    let data = ShowPage {
        back: format!("/nieuws/{id}"),
        thread,
        comments: comments.into_iter().map(|c| comment_item(&shell, c)).collect(),
        problem: q.fout.map(|f| shell.problem(f.code)),
        item: views::item(&shell, view),
        shell,
    };
    Ok(page(StatusCode::OK, &data))
}

/// `POST /nieuws/{id}/reacties`: a comment on an item, or a reply to one.
pub async fn comment(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    add_comment(&state, &actor, CommentOn::News(id), form).await
}

/// `POST /nieuws/{id}/vind-ik-leuk`.
pub async fn like(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<LikeForm>,
) -> Result<Response, AppError> {
    crate::pages::stream::like(&state, &actor, LikeTarget::News(id), form).await
}

/// `POST /nieuws/{id}/bevestigen`: "gelezen en begrepen".
pub async fn confirm(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.app.news().confirm_news(&actor, id).await?;
    Ok(Redirect::to(&with_notice(&format!("/nieuws/{id}"), Notice::NewsConfirmed)).into_response())
}

#[derive(Template)]
#[template(path = "news/list.html")]
struct ListPage {
    shell: Shell,
    title_key: &'static str,
    intro_key: &'static str,
    empty_key: &'static str,
    items: Vec<NewsCard>,
    next: Option<String>,
    write: bool,
}

/// `GET /nieuws/te-bevestigen`: what the reader is asked to confirm and has not yet.
pub async fn to_confirm(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
) -> Result<Response, AppError> {
    let items = state.app.news().list_to_confirm(&actor).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let items = items.into_iter().map(|n| card(&shell, n)).collect();
    let data = ListPage {
        shell,
        title_key: "news-to-confirm-title",
        intro_key: "news-to-confirm-intro",
        empty_key: "news-to-confirm-none",
        items,
        next: None,
        write: false,
    };
    Ok(page(StatusCode::OK, &data))
}

/// The desk's page.
#[derive(Deserialize, Default)]
pub struct DeskQuery {
    na: Option<String>,
}

/// `GET /nieuws/redactie`: every item the reader manages, in every state.
pub async fn desk(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<DeskQuery>,
) -> Result<Response, AppError> {
    let result = state.app.news().list_managed_news(&actor, q.na.as_deref().and_then(parse_cursor)).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let next = result.next.map(|(at, id)| format!("/nieuws/redactie?na={}_{id}", at.timestamp_micros()));
    let items = result.items.into_iter().map(|n| card(&shell, n)).collect();
    let write = shell.can.publish_news;
    let data = ListPage {
        shell,
        title_key: "news-desk-title",
        intro_key: "news-desk-intro",
        empty_key: "news-desk-none",
        items,
        next,
        write,
    };
    Ok(page(StatusCode::OK, &data))
}

#[derive(Template)]
#[template(path = "news/form.html")]
struct FormPage {
    shell: Shell,
    action: String,
    editing: bool,
    published: bool,
    asks_confirmation: bool,
    fields: NewsFields,
    choices: NewsFormChoices,
    picture: Option<String>,
    errors: FieldErrors,
    back: String,
}

/// `?team=` for a space's news.
#[derive(Deserialize, Default)]
pub struct NewQuery {
    team: Option<i64>,
}

/// `GET /nieuws/nieuw`: the form for a new item (site news, or `?team=` a space's).
pub async fn new(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<NewQuery>,
) -> Result<Response, AppError> {
    let choices = state.app.news().read_news_form(&actor, q.team).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let back = q.team.map_or_else(|| "/nieuws/redactie".to_owned(), |id| format!("/teams/{id}"));
    let data = FormPage {
        shell,
        action: "/nieuws".into(),
        editing: false,
        published: false,
        asks_confirmation: false,
        fields: NewsFields::new(q.team),
        choices,
        picture: None,
        errors: FieldErrors::default(),
        back,
    };
    Ok(page(StatusCode::OK, &data))
}

/// What a refused form says: the problem beside its field.
fn form_errors(shell: &Shell, e: plein_app::Error) -> Result<FieldErrors, AppError> {
    FieldErrors::from_refusal(shell.locale(), e)
}

/// `POST /nieuws`: writes a new item and opens it.
pub async fn create(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    mut form: NewsForm,
) -> Result<Response, AppError> {
    let fields = NewsFields::typed(&form);
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let space = fields.space.filter(|_| fields.audience == "space");
    let mut errors = FieldErrors::default();
    if form.too_large {
        errors.add("picture", shell.problem(plein_app::Code::ImageFilesTooLarge));
    } else {
        match form.input() {
            Err(field) => errors.add(field, shell.t("news-error-date")),
            Ok(input) => match state.app.news().create_news(&actor, input).await {
                Ok(id) => {
                    return Ok(Redirect::to(&with_notice(&format!("/nieuws/{id}"), Notice::NewsSaved)).into_response());
                }
                Err(e) => errors = form_errors(&shell, e)?,
            },
        }
    }
    let choices = state.app.news().read_news_form(&actor, space).await?;
    let back = space.map_or_else(|| "/nieuws/redactie".to_owned(), |id| format!("/teams/{id}"));
    let data = FormPage {
        shell,
        action: "/nieuws".into(),
        editing: false,
        published: false,
        asks_confirmation: false,
        fields,
        choices,
        picture: None,
        errors,
        back,
    };
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &data))
}

fn edit_page(
    shell: Shell,
    view: &NewsView,
    fields: NewsFields,
    choices: NewsFormChoices,
    errors: FieldErrors,
) -> FormPage {
    use plein_core::policy::NewsState;
    FormPage {
        shell,
        action: format!("/nieuws/{}/bewerken", view.id),
        editing: true,
        published: matches!(view.state, NewsState::Published | NewsState::Ended),
        asks_confirmation: view.confirmation,
        fields,
        choices,
        picture: view
            .picture
            .as_ref()
            .map(|_| format!("/nieuws/{}/afbeelding?formaat=klein&v={}", view.id, view.version)),
        errors,
        back: format!("/nieuws/{}", view.id),
    }
}

/// `GET /nieuws/{id}/bewerken`: the form, for the item's editors.
pub async fn edit(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let view = state.app.news().read_news(&actor, id).await?;
    if !view.can.manage {
        return Err(AppError::Forbidden);
    }
    let space = match &view.place {
        plein_app::news::NewsPlace::Space { id, .. } => Some(*id),
        _ => None,
    };
    let choices = state.app.news().read_news_form(&actor, space).await?;
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let fields = NewsFields::stored(&view);
    Ok(page(StatusCode::OK, &edit_page(shell, &view, fields, choices, FieldErrors::default())))
}

/// `POST /nieuws/{id}/bewerken`: saves the changes.
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    mut form: NewsForm,
) -> Result<Response, AppError> {
    let view = state.app.news().read_news(&actor, id).await?;
    let fields = NewsFields::typed(&form);
    let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
    let mut errors = FieldErrors::default();
    if form.too_large {
        errors.add("picture", shell.problem(plein_app::Code::ImageFilesTooLarge));
    } else {
        match form.input() {
            Err(field) => errors.add(field, shell.t("news-error-date")),
            Ok(input) => match state.app.news().edit_news(&actor, id, input).await {
                Ok(()) => {
                    return Ok(Redirect::to(&with_notice(&format!("/nieuws/{id}"), Notice::NewsSaved)).into_response());
                }
                Err(e) => errors = form_errors(&shell, e)?,
            },
        }
    }
    let space = match &view.place {
        plein_app::news::NewsPlace::Space { id, .. } => Some(*id),
        _ => None,
    };
    let choices = state.app.news().read_news_form(&actor, space).await?;
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &edit_page(shell, &view, fields, choices, errors)))
}

/// The delete form.
#[derive(Deserialize, Default)]
pub struct DeleteForm {
    bevestigd: Option<String>,
}

/// `POST /nieuws/{id}/verwijderen`: removes an item for good, once confirmed.
pub async fn delete(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<DeleteForm>,
) -> Result<Response, AppError> {
    let confirmed = Confirmation::from_form(form.bevestigd.as_deref());
    match state.app.news().delete_news(&actor, id, confirmed).await? {
        Outcome::Done(()) => Ok(Redirect::to(&with_notice("/nieuws/redactie", Notice::NewsDeleted)).into_response()),
        Outcome::Ask => {
            let shell = Shell::new(&state, &ctx, "news").for_actor(&actor);
            let question = Question {
                title: shell.t("news-delete-title"),
                text: shell.t("news-delete-text"),
                action: format!("/nieuws/{id}/verwijderen"),
                fields: Vec::new(),
                yes: shell.t("news-delete"),
                back: format!("/nieuws/{id}"),
            };
            Ok(confirm::ask(shell, question))
        }
    }
}

/// `?formaat=klein` for the thumbnail.
#[derive(Deserialize)]
pub struct PictureQuery {
    formaat: Option<String>,
}

/// `GET /nieuws/{id}/afbeelding`: the header picture, for those who may read the item.
pub async fn picture(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Query(q): Query<PictureQuery>,
) -> Result<Response, AppError> {
    let bytes = state.app.news().read_news_picture(&actor, id, q.formaat.as_deref() == Some("klein")).await?;
    Ok(crate::render::image_response(bytes, "image/jpeg"))
}

/// The news choice form.
#[derive(Deserialize, Default)]
pub struct ChoiceForm {
    #[serde(default)]
    nieuws: String,
}

/// `POST /meldingen/nieuws`: how the reader hears of ordinary news.
pub async fn save_choice(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    axum::Form(form): axum::Form<ChoiceForm>,
) -> Result<Response, AppError> {
    state.app.news().set_news_choice(&actor, &form.nieuws).await?;
    Ok(Redirect::to(&with_notice("/meldingen#instellingen", Notice::MailChoicesSaved)).into_response())
}
