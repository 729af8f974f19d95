//! Moderation: anyone who may read a post or comment may report it; the space's managers and
//! holders of `moderate` see the reports in a queue and hide, remove or dismiss, with the reason
//! in the audit log and, for a hidden post, shown to its author.

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, Container, ModeratedSpaces, PostFacts, Target, authorize, moderated_spaces};
use plein_store::audit::AuditEntry;
use plein_store::notifications::{NewNotification, NotificationKind};
use plein_store::reports::{NewReport, ReportItem};

use crate::App;
use crate::error::{Error, Result, check};

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

fn facts(r: &ReportItem) -> Option<PostFacts> {
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
        author: r.post_author_id,
        deleted: r.deleted_at.is_some(),
        hidden: r.hidden_at.is_some(),
    })
}

impl App {
    /// The post a report or decision is about, with the facts of what it is about: the post, or
    /// one of its comments.
    async fn subject(
        &self,
        actor: &Actor,
        post_id: i64,
        comment_id: Option<i64>,
    ) -> Result<(plein_store::stream::PostRow, PostFacts)> {
        match comment_id {
            Some(id) => {
                let (c, post, _, cf) = self.readable_post_comment(actor, id).await?;
                if c.target_id != post_id {
                    return Err(Error::NotFound);
                }
                Ok((post, cf))
            }
            None => Ok(self.readable_post(actor, post_id).await?),
        }
    }
}

impl Moderation<'_> {
    /// Reports a post (or one of its comments) to its moderators; `false` when the actor already
    /// has an open report about it.
    pub async fn report_content(
        &self,
        actor: &Actor,
        post_id: i64,
        comment_id: Option<i64>,
        why: &str,
    ) -> Result<bool> {
        let (post, f) = self.subject(actor, post_id, comment_id).await?;
        check(authorize(Some(actor), Action::Report, Target::Post(&f)))?;
        let why = reason(why, true)?;
        let report = NewReport { post_id, comment_id, space_id: post.space_id, reporter_id: actor.id, reason: why };
        Ok(self.store.insert_report(report).await?)
    }

    /// The open reports the actor may act on, oldest first; "not found" for who moderates nothing.
    pub async fn list_reports(&self, actor: &Actor) -> Result<Vec<ReportItem>> {
        check(authorize(Some(actor), Action::Moderate, Target::Site))?;
        let rows = match moderated_spaces(actor) {
            ModeratedSpaces::All => self.store.open_reports(None, 200).await?,
            ModeratedSpaces::These(spaces) => self.store.open_reports(Some(&spaces), 200).await?,
        };
        Ok(rows
            .into_iter()
            .filter(|r| facts(r).is_some_and(|f| authorize(Some(actor), Action::Moderate, Target::Post(&f)).allowed()))
            .collect())
    }

    /// Decides about a reported post or comment: hide (with a reason its author sees), remove, or
    /// dismiss; closes every open report about it and records it in the audit log.
    pub async fn moderate(
        &self,
        actor: &Actor,
        post_id: i64,
        comment_id: Option<i64>,
        verdict: Verdict,
        why: &str,
    ) -> Result<()> {
        let (post, f) = self.subject(actor, post_id, comment_id).await?;
        check(authorize(Some(actor), Action::Moderate, Target::Post(&f)))?;
        let author = f.author;
        let why = reason(why, verdict == Verdict::Hide)?;
        let tx = self.store.begin().await?;
        match verdict {
            Verdict::Hide => tx.hide(post_id, comment_id, &why).await?,
            Verdict::Remove => match comment_id {
                // The replies go with the comment, and so do the reports about them.
                Some(id) => {
                    for reply in tx.delete_comment(id).await?.into_iter().filter(|r| *r != id) {
                        tx.resolve_reports(post_id, Some(reply), actor.id, verdict.as_str()).await?;
                    }
                }
                None => tx.delete_post(post_id).await?,
            },
            Verdict::Dismiss => {}
        }
        tx.resolve_reports(post_id, comment_id, actor.id, verdict.as_str()).await?;
        let action = match (verdict, comment_id.is_some()) {
            (Verdict::Hide, false) => "post.hide",
            (Verdict::Hide, true) => "comment.hide",
            (Verdict::Remove, false) => "post.remove",
            (Verdict::Remove, true) => "comment.remove",
            (Verdict::Dismiss, _) => "report.dismiss",
        };
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action,
            object: Some(match comment_id {
                Some(id) => format!("comment:{id}"),
                None => format!("post:{post_id}"),
            }),
            success: true,
            detail: Some(serde_json::json!({ "author": author, "space": post.space_id, "reason": why })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        if verdict == Verdict::Hide && comment_id.is_none() && author != actor.id {
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
