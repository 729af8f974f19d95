//! Moderation: anyone who may read a post or comment (on a post or a news item) may report it;
//! holders of `moderate`, the managers of the space it is in and, for comments on site news, its
//! editors see the reports in a queue (each what they may read) and hide, remove or dismiss, with the reason in the audit log and, for a hidden post, shown to its
//! author.

use plein_core::account::FieldError;
use std::collections::{BTreeSet, HashMap};

use plein_core::policy::{
    Action, Actor, Capability, Container, ModeratedSpaces, NewsAudience, NewsCommentFacts, NewsFacts, PostFacts,
    Target, authorize, moderated_spaces,
};
use plein_store::audit::AuditEntry;
use plein_store::notifications::{NewNotification, NotificationKind};
use plein_store::now;
pub use plein_store::reports::Reported;
use plein_store::reports::{NewReport, ReportItem};
use plein_store::stream::{CommentOn, CommentRow};

use crate::App;
use crate::error::{Error, Result, check};
use crate::stream::Thread;

crate::capability!(
    /// Moderation: reports of posts and comments, the queue, and hiding or removing.
    Moderation,
    moderation
);

/// The longest reason.
pub const MAX_REASON: usize = 1_000;

/// What a moderator decides about a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Hide it; its author sees why.
    Hide,
    /// Remove it.
    Remove,
    /// Leave it: the report is closed.
    Dismiss,
}

impl Verdict {
    /// From a form value.
    pub fn parse(s: &str) -> Option<Verdict> {
        match s {
            "hide" => Some(Verdict::Hide),
            "remove" => Some(Verdict::Remove),
            "dismiss" => Some(Verdict::Dismiss),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Verdict::Hide => "hidden",
            Verdict::Remove => "removed",
            Verdict::Dismiss => "dismissed",
        }
    }
}

fn reason(raw: &str, required: bool) -> Result<String> {
    let t = plein_core::text::long(raw.trim()).map_err(|e| Error::invalid("reason", e))?;
    let t = t.as_str();
    if t.is_empty() && required {
        return Err(Error::invalid("reason", FieldError::Required));
    }
    if t.chars().count() > MAX_REASON {
        return Err(Error::invalid("reason", FieldError::TooLong { max: MAX_REASON }));
    }
    Ok(t.to_owned())
}

/// The facts of a post, or of the post a reported comment is on (the policy's question about
/// either is about the post).
fn post_facts(r: &ReportItem) -> Option<PostFacts> {
    let container = match (r.space_id, r.profile_id) {
        (Some(id), _) => Container::Space(crate::spaces::joined_facts(
            id,
            r.space_visibility,
            r.space_archived_at.is_some(),
            r.space_allows_guests,
            r.space_admins_post,
        )),
        (None, Some(p)) => Container::Profile(p),
        (None, None) => return None,
    };
    Some(PostFacts {
        container,
        author: r.post_author_id?,
        deleted: r.deleted_at.is_some(),
        hidden: r.hidden_at.is_some(),
    })
}

/// What a report is about, as the policy judges it, and the space whose queue it goes to.
struct Subject {
    /// The post, or what the comment is on.
    on: CommentOn,
    /// The post's or item's space.
    space_id: Option<i64>,
    /// Who wrote what is reported.
    author: i64,
    /// The post or item, with the facts the policy judges it by.
    thread: Thread,
    /// The comment reported.
    comment: Option<CommentRow>,
}

impl Subject {
    fn may(&self, actor: &Actor, action: Action) -> plein_core::policy::Decision {
        match &self.comment {
            Some(c) => self.thread.comment(actor, action, c),
            None => self.thread.item(actor, action),
        }
    }
}

impl App {
    /// What a report or decision is about, for an actor who may read it: a post, or a comment
    /// on a post or a news item.
    async fn subject(&self, actor: &Actor, about: Reported) -> Result<Subject> {
        let (thread, comment) = match about {
            Reported::Post(id) => (self.readable_thread(actor, CommentOn::Post(id)).await?, None),
            Reported::Comment(id) => {
                let (c, thread) = self.readable_comment(actor, id).await?;
                (thread, Some(c))
            }
        };
        let (space_id, item_author) = match &thread {
            Thread::Post(post, _) => (post.space_id, post.author_id),
            Thread::News(_, f, editor) => (
                match &f.audience {
                    NewsAudience::Space(space) => Some(space.id),
                    _ => None,
                },
                *editor,
            ),
        };
        let author = comment.as_ref().map_or(item_author, |c| c.author_id);
        Ok(Subject { on: thread.on(), space_id, author, thread, comment })
    }
}

impl Moderation<'_> {
    /// Reports a post or a comment (on a post or a news item) to its moderators; `false` when
    /// the actor already has an open report about it.
    pub async fn report_content(&self, actor: &Actor, about: Reported, why: &str) -> Result<bool> {
        let subject = self.subject(actor, about).await?;
        check(subject.may(actor, Action::Report))?;
        let why = reason(why, true)?;
        let comment_id = match about {
            Reported::Comment(id) => Some(id),
            Reported::Post(_) => None,
        };
        let report =
            NewReport { on: subject.on, comment_id, space_id: subject.space_id, reporter_id: actor.id, reason: why };
        Ok(self.store.insert_report(report).await?)
    }

    /// The open reports the actor may act on, oldest first; "not found" for who moderates nothing.
    pub async fn list_reports(&self, actor: &Actor) -> Result<Vec<ReportItem>> {
        check(authorize(Some(actor), Action::Moderate, Target::Site))?;
        let rows = match moderated_spaces(actor) {
            ModeratedSpaces::All => self.store.open_reports(None, false, 200).await?,
            ModeratedSpaces::These(spaces) => {
                let site_news = actor.has(Capability::PublishNews);
                self.store.open_reports(Some(&spaces), site_news, 200).await?
            }
        };
        // Comments on news are judged with their item's facts.
        let ids: Vec<i64> = rows.iter().filter_map(|r| r.news_id).collect::<BTreeSet<_>>().into_iter().collect();
        let at = now();
        let news: HashMap<i64, NewsFacts> = self
            .store
            .news_by_ids(actor.id, &ids)
            .await?
            .iter()
            .map(|row| (row.id, crate::news::news_facts(row, at)))
            .collect();
        let moderates = |r: &ReportItem| match (r.news_id, r.comment_id) {
            (Some(id), Some(_)) => news.get(&id).is_some_and(|f| {
                let facts = NewsCommentFacts {
                    news: f,
                    author: r.author_id,
                    deleted: r.comment_deleted_at.is_some(),
                    hidden: r.comment_hidden_at.is_some(),
                };
                authorize(Some(actor), Action::Moderate, Target::NewsComment(&facts)).allowed()
            }),
            _ => post_facts(r).is_some_and(|f| authorize(Some(actor), Action::Moderate, Target::Post(&f)).allowed()),
        };
        Ok(rows.into_iter().filter(|r| moderates(r)).collect())
    }

    /// Decides about a reported post or comment: hide (with a reason its author sees), remove, or
    /// dismiss; closes every open report about it and records it in the audit log.
    pub async fn moderate(&self, actor: &Actor, about: Reported, verdict: Verdict, why: &str) -> Result<()> {
        let subject = self.subject(actor, about).await?;
        check(subject.may(actor, Action::Moderate))?;
        let author = subject.author;
        let why = reason(why, verdict == Verdict::Hide)?;
        let tx = self.store.begin().await?;
        match verdict {
            Verdict::Hide => tx.hide(about, &why).await?,
            Verdict::Remove => match about {
                // The replies go with the comment, and so do the reports about them.
                Reported::Comment(id) => {
                    for reply in tx.delete_comment(id).await?.into_iter().filter(|r| *r != id) {
                        tx.resolve_reports(Reported::Comment(reply), actor.id, verdict.as_str()).await?;
                    }
                }
                Reported::Post(id) => tx.delete_post(id).await?,
            },
            Verdict::Dismiss => {}
        }
        tx.resolve_reports(about, actor.id, verdict.as_str()).await?;
        let action = match (verdict, about) {
            (Verdict::Hide, Reported::Post(_)) => "post.hide",
            (Verdict::Hide, Reported::Comment(_)) => "comment.hide",
            (Verdict::Remove, Reported::Post(_)) => "post.remove",
            (Verdict::Remove, Reported::Comment(_)) => "comment.remove",
            (Verdict::Dismiss, _) => "report.dismiss",
        };
        let mut detail = serde_json::json!({ "author": author, "space": subject.space_id, "reason": why });
        if let CommentOn::News(id) = subject.on {
            detail["news"] = id.into();
        }
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action,
            object: Some(match about {
                Reported::Comment(id) => format!("comment:{id}"),
                Reported::Post(id) => format!("post:{id}"),
            }),
            success: true,
            detail: Some(detail),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        if let (Verdict::Hide, Reported::Post(post_id)) = (verdict, about)
            && author != actor.id
        {
            let n = NewNotification {
                user_id: author,
                kind: NotificationKind::Hidden,
                actor_id: Some(actor.id),
                post_id: Some(post_id),
                comment_id: None,
                space_id: None,
                news_id: None,
            };
            self.deliver(vec![n]).await?;
        }
        Ok(())
    }
}
