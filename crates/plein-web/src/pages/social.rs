//! Notifications (the list, marking read, e-mail choices; the live event stream is in
//! [`super::live`]), topic pages, mention suggestions, polls' votes aside, reports and the
//! moderation queue.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::moderation::{Reported, Verdict};
use plein_app::notifications::notification_text;
use plein_app::social::MentionPlace;
use plein_app::spaces::NotifyLevel;
use plein_app::{Error, Problem};
use plein_store::stream::CommentOn;
use serde::Deserialize;

use crate::context::safe_next;
use crate::flash::{self, Fault, Notice, with_fault, with_notice};
use crate::pages::stream::{StreamList, StreamQuery, thread_url};
use crate::render::{Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext, i18n};

struct NotificationItem {
    id: i64,
    /// Whoever acted, when someone did.
    face: Option<crate::faces::Face>,
    text: String,
    link: String,
    excerpt: Option<String>,
    reason: Option<String>,
    when: String,
    datetime: String,
    exact: String,
    read: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    shell: Shell,
    items: Vec<NotificationItem>,
    more: Option<String>,
    mail_mentions: bool,
    mail_digest: bool,
    saved: bool,
    /// How the reader hears of ordinary news: (value, label, chosen).
    news_choices: Vec<(&'static str, String, bool)>,
}

/// `?voor=` and `?ok=` on the notifications page.
#[derive(Deserialize, Default)]
pub struct NotificationsQuery {
    voor: Option<i64>,
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
}

/// `GET /meldingen`: the actor's notifications, newest first, with their e-mail choices.
pub async fn notifications(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<NotificationsQuery>,
) -> Result<Response, AppError> {
    let list = state.app.notifications().list_notifications(&actor, q.voor).await?;
    let (mail_mentions, mail_digest) = state.app.notifications().read_mail_choices(actor.id).await?;
    let mut shell = Shell::new(&state, &ctx, "notifications").for_actor(&actor);
    // Notifications whose subject is gone were just counted read.
    if let Some(n) = list.unread {
        shell.unread = n;
    }
    let ids: Vec<i64> = list.items.iter().filter_map(|n| n.actor_id).collect();
    let photos = state.app.people().list_photo_versions(&actor, &ids).await?;
    let items = list
        .items
        .into_iter()
        .map(|n| NotificationItem {
            id: n.id,
            face: n.actor_id.filter(|_| !n.actor_name.is_empty()).map(|id| {
                crate::faces::Face::new(id, &n.actor_name, photos.get(&id).copied(), crate::faces::FaceSize::Small)
            }),
            text: notification_text(ctx.locale, &n),
            when: shell.time_ago(n.created_at),
            datetime: n.created_at.to_rfc3339(),
            exact: shell.exact_time(n.created_at),
            read: n.read,
            excerpt: n.excerpt,
            reason: n.reason,
            link: n.link,
        })
        .collect();
    let more = list.next.map(|id| format!("/meldingen?voor={id}"));
    let saved = q.ok == Some(Notice::MailChoicesSaved);
    let chosen = state.app.news().read_news_choice(&actor).await?;
    let news_choices = ["none", "app", "mail"]
        .into_iter()
        .map(|c| (c, shell.t(&format!("notifications-news-{c}")), chosen == c))
        .collect();
    let data = NotificationsPage { shell, items, more, mail_mentions, mail_digest, saved, news_choices };
    Ok(page(StatusCode::OK, &data))
}

/// Which notifications to mark read: one (`id`), or all.
#[derive(Deserialize)]
pub struct ReadForm {
    id: Option<i64>,
    terug: Option<String>,
}

/// `POST /meldingen/gelezen`: marks one notification read and follows it, or marks all read.
pub async fn mark_read(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<ReadForm>,
) -> Result<Response, AppError> {
    let ids = form.id.map(|id| vec![id]);
    state.app.notifications().mark_notifications_read(&actor, ids.as_deref()).await?;
    Ok(Redirect::to(&safe_next(form.terug.as_deref().or(Some("/meldingen")))).into_response())
}

/// The e-mail choices.
#[derive(Deserialize)]
pub struct MailForm {
    vermeldingen: Option<String>,
    samenvatting: Option<String>,
}

/// `POST /meldingen/instellingen`.
pub async fn save_choices(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<MailForm>,
) -> Result<Response, AppError> {
    state
        .app
        .notifications()
        .set_mail_choices(&actor, form.vermeldingen.is_some(), form.samenvatting.is_some())
        .await?;
    Ok(Redirect::to(&with_notice("/meldingen#instellingen", Notice::MailChoicesSaved)).into_response())
}

#[derive(Template)]
#[template(path = "topic.html")]
struct TopicPage {
    shell: Shell,
    topic: String,
    stream: StreamList,
}

/// `GET /onderwerpen/{topic}`: the posts with a `#topic` that the reader may read.
pub async fn topic(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(topic): Path<String>,
    Query(q): Query<StreamQuery>,
) -> Result<Response, AppError> {
    let topic = topic.to_lowercase();
    let page_ = state.app.stream().read_topic_stream(&actor, &topic, q.voor).await?;
    let shell = Shell::new(&state, &ctx, "home").for_actor(&actor);
    let path = plein_app::markdown::topic_url(&topic);
    let stream = StreamList::new(&shell, page_, &path, q.voor, actor.id);
    Ok(page(StatusCode::OK, &TopicPage { shell, topic, stream }))
}

/// `?q=&plaats=` for mention suggestions.
#[derive(Deserialize)]
pub struct MentionQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    plaats: String,
}

/// `GET /berichten/vermelden`: people to mention, as JSON `[{username, name}]`: only people the
/// writer may see and who may read what is being written.
pub async fn mention_suggestions(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<MentionQuery>,
) -> Result<Response, AppError> {
    let place = if let Some(id) = q.plaats.strip_prefix("space:") {
        MentionPlace::Space(id.parse().map_err(|_| AppError::BadRequest)?)
    } else if let Some(id) = q.plaats.strip_prefix("post:") {
        MentionPlace::Post(id.parse().map_err(|_| AppError::BadRequest)?)
    } else if let Some(id) = q.plaats.strip_prefix("news:") {
        MentionPlace::News(id.parse().map_err(|_| AppError::BadRequest)?)
    } else {
        MentionPlace::Profile
    };
    let people = state.app.people().suggest_mentions(&actor, place, &q.q).await?;
    let json: Vec<serde_json::Value> =
        people.into_iter().map(|(username, name)| serde_json::json!({ "username": username, "name": name })).collect();
    Ok(axum::Json(json).into_response())
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    shell: Shell,
    action: String,
    back: String,
    error: Option<String>,
    reason: String,
}

fn report_page(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    action: String,
    back: String,
    error: Option<String>,
    reason: String,
) -> Response {
    let shell = Shell::new(state, ctx, "home").for_actor(actor);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    page(status, &ReportPage { shell, action, back, error, reason })
}

/// `GET /berichten/{id}/melden`: the form to report a post.
pub async fn report_post_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (view, _) = state.app.stream().read_post(&actor, id).await?;
    if !view.can.report {
        return Err(AppError::Forbidden);
    }
    Ok(report_page(
        &state,
        &ctx,
        &actor,
        format!("/berichten/{id}/melden"),
        format!("/berichten/{id}"),
        None,
        String::new(),
    ))
}

/// `GET /reacties/{id}/melden`: the form to report a comment, on a post or a news item.
pub async fn report_comment_form(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (on, may) = state.app.stream().may_report_comment(&actor, id).await?;
    if !may {
        return Err(AppError::Forbidden);
    }
    let back = format!("{}#reactie-{id}", thread_url(on));
    Ok(report_page(&state, &ctx, &actor, format!("/reacties/{id}/melden"), back, None, String::new()))
}

/// The report form.
#[derive(Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reden: String,
}

async fn report(
    state: &AppState,
    ctx: &RequestContext,
    actor: &plein_core::policy::Actor,
    about: Reported,
    back: String,
    form: ReportForm,
) -> Result<Response, AppError> {
    match state.app.moderation().report_content(actor, about, &form.reden).await {
        Ok(_) => Ok(Redirect::to(&with_notice(&back, Notice::Reported)).into_response()),
        Err(Error::Invalid(Problem { code, .. })) => {
            let action = match about {
                Reported::Comment(c) => format!("/reacties/{c}/melden"),
                Reported::Post(p) => format!("/berichten/{p}/melden"),
            };
            let error = Some(i18n::problem(ctx.locale, code));
            Ok(report_page(state, ctx, actor, action, back, error, form.reden))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /berichten/{id}/melden`.
pub async fn report_post(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    report(&state, &ctx, &actor, Reported::Post(id), format!("/berichten/{id}"), form).await
}

/// `POST /reacties/{id}/melden`.
pub async fn report_comment(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, AppError> {
    let on = state.app.stream().find_comment_place(&actor, id).await?;
    report(&state, &ctx, &actor, Reported::Comment(id), format!("{}#reactie-{id}", thread_url(on)), form).await
}

struct ReportItem {
    id: i64,
    /// The page of what is reported.
    href: String,
    /// The post, for a decision about the post itself.
    post_id: Option<i64>,
    comment_id: Option<i64>,
    reason: String,
    reporter: String,
    author: String,
    body: String,
    place: String,
    when: String,
}

#[derive(Template)]
#[template(path = "moderation.html")]
struct ModerationPage {
    shell: Shell,
    reports: Vec<ReportItem>,
    done: bool,
    error: Option<String>,
}

/// `?ok=`/`?fout=` on the queue.
#[derive(Deserialize, Default)]
pub struct QueueQuery {
    #[serde(default, deserialize_with = "flash::notice")]
    ok: Option<Notice>,
    #[serde(default, deserialize_with = "flash::fault")]
    fout: Option<Fault>,
}

/// `GET /moderatie`: the open reports the actor may act on.
pub async fn queue(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let rows = state.app.moderation().list_reports(&actor).await?;
    let shell = Shell::new(&state, &ctx, "moderation").for_actor(&actor);
    let reports = rows
        .into_iter()
        .map(|r| {
            let on = match (r.news_id, r.post_id) {
                (Some(news), _) => CommentOn::News(news),
                (None, post) => CommentOn::Post(post.unwrap_or_default()),
            };
            let place = match (&r.news_title, r.space_name) {
                (Some(title), _) => shell.t_with("moderation-news", "title", title),
                (None, Some(space)) => space,
                (None, None) => shell.t("moderation-profile"),
            };
            ReportItem {
                id: r.id,
                href: match r.comment_id {
                    Some(c) => format!("{}#reactie-{c}", thread_url(on)),
                    None => thread_url(on),
                },
                post_id: r.post_id.filter(|_| r.comment_id.is_none()),
                comment_id: r.comment_id,
                reason: r.reason,
                reporter: r.reporter_name,
                author: r.author_name,
                body: r.body.chars().take(500).collect(),
                place,
                when: shell.time_ago(r.created_at),
            }
        })
        .collect();
    let error = q.fout.map(|f| shell.problem(f.code));
    let done = q.ok == Some(Notice::Moderated);
    Ok(page(StatusCode::OK, &ModerationPage { shell, reports, done, error }))
}

/// A moderator's decision.
#[derive(Deserialize)]
pub struct DecisionForm {
    bericht: Option<i64>,
    reactie: Option<i64>,
    besluit: String,
    #[serde(default)]
    reden: String,
}

/// `POST /moderatie`: hide, remove or dismiss.
pub async fn decide(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let verdict = Verdict::parse(&form.besluit).ok_or(AppError::BadRequest)?;
    let about = match (form.reactie, form.bericht) {
        (Some(comment), _) => Reported::Comment(comment),
        (None, Some(post)) => Reported::Post(post),
        (None, None) => return Err(AppError::BadRequest),
    };
    match state.app.moderation().moderate(&actor, about, verdict, &form.reden).await {
        Ok(()) => Ok(Redirect::to(&with_notice("/moderatie", Notice::Moderated)).into_response()),
        Err(Error::Invalid(problem)) => Ok(Redirect::to(&with_fault("/moderatie", &problem)).into_response()),
        Err(e) => Err(e.into()),
    }
}

/// The notification choice for a space.
#[derive(Deserialize)]
pub struct NotifyForm {
    niveau: String,
}

/// `POST /teams/{id}/meldingen`: every new post, as usual, or only mentions.
pub async fn set_space_level(
    State(state): State<AppState>,
    CurrentActor(_, actor): CurrentActor,
    Path(id): Path<i64>,
    Form(form): Form<NotifyForm>,
) -> Result<Response, AppError> {
    let level = NotifyLevel::parse(&form.niveau).ok_or(AppError::BadRequest)?;
    state.app.spaces().set_notify_level(&actor, id, level).await?;
    Ok(Redirect::to(&format!("/teams/{id}#meldingen")).into_response())
}
