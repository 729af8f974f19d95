//! News: items by editors for everyone or chosen groups, and by space managers for their
//! space; drafts, scheduled publishing, end dates, featured items; read confirmation tied to the
//! version read, with the editor's report and reminders. Every item passes the policy: lists
//! read only within the reader's news scope, and every item is judged again before it is shown.
//!
//! Writing here; reading in `reading`, the start page's news in `home`; confirmations, the report and reminders in `confirming`;
//! what the job queue does (telling the audience when an item appears) in `announcing`.

use chrono::{DateTime, Utc};
use plein_core::policy::{
    Action, Actor, NewsAudience, NewsFacts, NewsState, NewsStatus, Target, authorize, may_write_space_news,
};
use plein_store::news::{AudienceRow, NewsPicture, NewsRow, NewsWrite};
use plein_store::now;

use crate::error::{Code, Error, Result, check};
use crate::jobs::Job;
use crate::spaces::{facts, joined_facts};
use crate::{App, markdown};

mod announcing;
mod changes;
mod confirming;
mod home;
mod reading;

pub use changes::{ChangedField, FieldChanges, Words};
pub use confirming::{Report, ReportFilter, ReportGroup};
pub use home::HomeNews;
pub(crate) use home::HomeNewsCache;
pub(crate) use reading::views;
pub use reading::{NewsListQuery, NewsPage, parse_month, recent_months};

crate::capability!(
    /// News: writing, scheduling, reading, confirming, and the editor's report.
    News,
    news
);

/// The longest title.
pub const MAX_TITLE: usize = 160;
/// The longest lead.
pub const MAX_LEAD: usize = 600;
/// The longest body.
pub const MAX_BODY: usize = 50_000;
/// The longest category, department name, picture description or change note.
pub const MAX_LINE: usize = 120;

/// Who an item is for, as an editor chooses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AudienceChoice {
    /// Every employee.
    Everyone,
    /// These groups.
    Groups(Vec<i64>),
    /// This space.
    Space(i64),
}

/// When an item appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publishing {
    /// Not yet: a draft.
    Draft,
    /// Now (or, for an item already published, keep its date).
    Now,
    /// At this time (a time in the past means now).
    At(DateTime<Utc>),
    /// Withdrawn from readers.
    Archive,
}

/// How an edit of published content counts for confirmations.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum EditKind {
    /// A small correction: confirmations stay.
    #[default]
    Correction,
    /// Changed content: everyone confirms again; the note says what changed.
    NewVersion(String),
}

/// A news item as an editor wrote it in the form.
#[derive(Clone, Debug)]
pub struct NewsInput {
    /// Who it is for.
    pub audience: AudienceChoice,
    /// On behalf of (a department), or empty.
    pub on_behalf_of: String,
    /// Category, or empty.
    pub category: String,
    /// Title.
    pub title: String,
    /// Lead: one short paragraph.
    pub lead: String,
    /// Body: the Markdown subset.
    pub body: String,
    /// A new header picture (the upload), if one was chosen.
    pub picture: Option<Vec<u8>>,
    /// The picture's description.
    pub picture_alt: String,
    /// Remove the picture.
    pub remove_picture: bool,
    /// When it appears.
    pub publishing: Publishing,
    /// When it leaves the streams.
    pub ends_at: Option<DateTime<Utc>>,
    /// On top of the home stream until.
    pub featured_until: Option<DateTime<Utc>>,
    /// Comments and likes.
    pub reactions: bool,
    /// Ask readers to confirm.
    pub confirmation: bool,
    /// Confirm before.
    pub confirm_due: Option<DateTime<Utc>>,
    /// For edits of published content: a correction, or a new version.
    pub edit: EditKind,
}

/// What the reader may do with an item.
#[derive(Clone, Copy, Debug, Default)]
pub struct NewsAbilities {
    /// Confirm having read it (it asks, and they have not yet).
    pub confirm: bool,
    /// Comment and like.
    pub react: bool,
    /// Edit, archive, see the report, remind.
    pub manage: bool,
}

/// Whom an item is for, as a reader sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewsPlace {
    /// Everyone.
    Everyone,
    /// These groups (ids), named.
    Groups(Vec<(i64, String)>),
    /// A space.
    Space {
        /// Its id.
        id: i64,
        /// Its name.
        name: String,
    },
}

/// A news item as one reader sees it.
#[derive(Clone, Debug)]
pub struct NewsView {
    /// Its id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Lead.
    pub lead: String,
    /// Body as HTML (only when read whole).
    pub body_html: Option<String>,
    /// Body as written (for editors, when read whole).
    pub body: Option<String>,
    /// Category.
    pub category: String,
    /// On behalf of.
    pub on_behalf_of: String,
    /// The editor.
    pub author: crate::stream::Author,
    /// Whom it is for.
    pub place: NewsPlace,
    /// Where it is in its life.
    pub state: NewsState,
    /// When it appears (readers see this date, never the creation date).
    pub publish_at: Option<DateTime<Utc>>,
    /// When it leaves the streams.
    pub ends_at: Option<DateTime<Utc>>,
    /// Featured until, while that is to come.
    pub featured_until: Option<DateTime<Utc>>,
    /// Asks for confirmation.
    pub confirmation: bool,
    /// Confirm before.
    pub confirm_due: Option<DateTime<Utc>>,
    /// When the reader confirmed the current version.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The version confirmations count for.
    pub version: i32,
    /// What changed in the last version (after a "changed content" edit).
    pub change_note: String,
    /// When the content last changed after publishing.
    pub changed_at: Option<DateTime<Utc>>,
    /// The picture: (width, height, description) of its thumbnail.
    pub picture: Option<(i64, i64, String)>,
    /// Comments and likes allowed.
    pub reactions: bool,
    /// Comments.
    pub comment_count: i64,
    /// Likes.
    pub like_count: i64,
    /// Whether the reader likes it (known when read whole).
    pub liked: bool,
    /// What changed since the version before, word by word (read whole, from the second version
    /// of an item asking for confirmation).
    pub changes: Vec<FieldChanges>,
    /// What the reader may do.
    pub can: NewsAbilities,
}

impl NewsView {
    /// Whether the confirmation's due date has passed while the reader has not confirmed.
    pub fn overdue(&self) -> bool {
        self.can.confirm && self.confirm_due.is_some_and(|d| d < now())
    }
}

/// What the news form offers an editor.
#[derive(Clone, Debug, Default)]
pub struct NewsFormChoices {
    /// Groups to aim at (site news): (id, name).
    pub groups: Vec<(i64, String)>,
    /// Categories in use.
    pub categories: Vec<String>,
    /// Whether they write site news (else only space news).
    pub site: bool,
}

/// The facts the policy needs about a stored item, at `at`.
pub fn news_facts(row: &NewsRow, at: DateTime<Utc>) -> NewsFacts {
    let audience = match (row.audience.as_str(), row.space_id) {
        ("everyone", _) => NewsAudience::Everyone,
        ("groups", _) => NewsAudience::Groups(row.groups.clone().unwrap_or_default()),
        (_, Some(space)) => NewsAudience::Space(joined_facts(
            space,
            row.space_visibility,
            row.space_archived_at.is_some(),
            row.space_allows_guests,
            row.space_admins_post,
        )),
        // A space item without its space: nobody's.
        _ => NewsAudience::Groups(Vec::new()),
    };
    NewsFacts {
        audience,
        state: NewsState::at(row.status, row.publish_at, row.ends_at, at),
        reactions: row.reactions,
        confirmation: row.confirmation,
    }
}

fn line(raw: &str, max: usize, field: &'static str) -> Result<String> {
    let s = plein_core::text::line(raw).map_err(|e| Error::invalid(field, e))?;
    if s.chars().count() > max {
        return Err(Error::invalid(field, plein_core::account::FieldError::TooLong { max }));
    }
    Ok(s.to_owned())
}

fn required(raw: &str, max: usize, field: &'static str) -> Result<String> {
    let s = line(raw, max, field)?;
    if s.is_empty() {
        return Err(Error::invalid(field, plein_core::account::FieldError::Required));
    }
    Ok(s)
}

fn long(raw: &str, max: usize, field: &'static str) -> Result<String> {
    let s = plein_core::text::long(raw).map_err(|e| Error::invalid(field, e))?;
    if s.chars().count() > max {
        return Err(Error::invalid(field, plein_core::account::FieldError::TooLong { max }));
    }
    Ok(s.trim().to_owned())
}

impl News<'_> {
    /// What the form offers `actor` for news of the whole organisation (`space` none) or of a space.
    pub async fn read_news_form(&self, actor: &Actor, space: Option<i64>) -> Result<NewsFormChoices> {
        match space {
            None => check(authorize(Some(actor), Action::PublishNews, Target::Site))?,
            Some(id) => self.check_space_editor(actor, id).await?,
        }
        let groups = if space.is_none() { self.store.group_names().await? } else { Vec::new() };
        Ok(NewsFormChoices { groups, categories: self.store.news_categories().await?, site: space.is_none() })
    }

    async fn check_space_editor(&self, actor: &Actor, space: i64) -> Result<()> {
        let row = self.store.space_by_id(space).await?.ok_or(Error::NotFound)?;
        let f = facts(&row);
        check(authorize(Some(actor), Action::See, Target::Space(&f)))?;
        if !may_write_space_news(actor, &f) {
            return Err(Error::Forbidden);
        }
        Ok(())
    }

    /// Checks an input and turns it into what is stored; `current` is the item being edited.
    async fn validated(&self, actor: &Actor, input: &NewsInput, current: Option<&NewsRow>) -> Result<NewsWrite> {
        let audience = match &input.audience {
            AudienceChoice::Everyone => {
                check(authorize(Some(actor), Action::PublishNews, Target::Site))?;
                AudienceRow::Everyone
            }
            AudienceChoice::Groups(ids) => {
                check(authorize(Some(actor), Action::PublishNews, Target::Site))?;
                let known: std::collections::BTreeSet<i64> =
                    self.store.group_names().await?.into_iter().map(|(id, _)| id).collect();
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids.dedup();
                if ids.is_empty() || ids.iter().any(|id| !known.contains(id)) {
                    return Err(Error::invalid("groups", Code::NewsAudience));
                }
                AudienceRow::Groups(ids)
            }
            AudienceChoice::Space(id) => {
                self.check_space_editor(actor, *id).await?;
                AudienceRow::Space(*id)
            }
        };
        // A site item stays a site item, a space item in its space: moving it is a new item.
        if let Some(row) = current {
            let was_space = row.space_id;
            let is_space = match audience {
                AudienceRow::Space(id) => Some(id),
                _ => None,
            };
            if was_space != is_space {
                return Err(Error::invalid("audience", Code::NewsAudience));
            }
        }
        let title = required(&input.title, MAX_TITLE, "title")?;
        let lead = long(&input.lead, MAX_LEAD, "lead")?;
        let body = long(&input.body, MAX_BODY, "body")?;
        let body_html = markdown::render(&body);
        let at = now();
        let (status, publish_at) = match input.publishing {
            Publishing::Draft => (NewsStatus::Draft, None),
            Publishing::Archive => (NewsStatus::Archived, current.and_then(|c| c.publish_at).or(Some(at))),
            // Publishing an item that is out already keeps its date; a draft appears now.
            Publishing::Now => (
                NewsStatus::Published,
                Some(
                    current
                        .and_then(|c| c.publish_at.filter(|p| *p <= at && c.status != NewsStatus::Draft))
                        .unwrap_or(at),
                ),
            ),
            Publishing::At(when) => (NewsStatus::Published, Some(if when < at { at } else { when })),
        };
        let publish = publish_at.unwrap_or(at);
        if input.ends_at.is_some_and(|ends| ends <= publish) {
            return Err(Error::invalid("ends_at", Code::NewsEndsBeforePublish));
        }
        if input.confirmation && input.confirm_due.is_some_and(|due| due <= publish) {
            return Err(Error::invalid("confirm_due", Code::NewsDueBeforePublish));
        }
        Ok(NewsWrite {
            audience,
            on_behalf_of: line(&input.on_behalf_of, MAX_LINE, "on_behalf_of")?,
            category: line(&input.category, MAX_LINE, "category")?,
            title,
            lead,
            body,
            body_html,
            status,
            publish_at,
            ends_at: input.ends_at,
            featured_until: input.featured_until,
            reactions: input.reactions,
            confirmation: input.confirmation,
            confirm_due: if input.confirmation { input.confirm_due } else { None },
        })
    }

    async fn picture(&self, input: &NewsInput) -> Result<Option<NewsPicture>> {
        let Some(upload) = input.picture.clone().filter(|u| !u.is_empty()) else { return Ok(None) };
        let alt = line(&input.picture_alt, MAX_LINE, "picture_alt")?;
        if alt.is_empty() {
            return Err(Error::invalid("picture_alt", Code::ImageAlt));
        }
        // The form names its field `picture`, whatever the image module calls it.
        let image = crate::images::process_post_image(upload).await.map_err(|e| match e {
            Error::Invalid(p) => Error::invalid("picture", p.code),
            other => other,
        })?;
        Ok(Some(NewsPicture { alt, size: (image.width, image.height), bytes: image.jpeg, thumb: image.thumb }))
    }

    /// Writes a new item; returns its id. Published items (now, or at their time) are announced
    /// to their audience through the job queue.
    pub async fn create_news(&self, actor: &Actor, input: NewsInput) -> Result<i64> {
        let write = self.validated(actor, &input, None).await?;
        let picture = self.picture(&input).await?;
        let tx = self.store.begin().await?;
        let id = tx.insert_news(actor.id, &write).await?;
        if let Some(p) = picture {
            tx.set_news_picture(id, Some(p)).await?;
        }
        if write.confirmation {
            tx.keep_news_version(id).await?;
        }
        if let (NewsStatus::Published, Some(at)) = (write.status, write.publish_at) {
            self.enqueue_in(&tx, Job::announce_news(id, at)).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Changes an item (its editors). A change of audience counts everywhere at once; on
    /// published content that asks for confirmation, `input.edit` says whether confirmations
    /// stay (a correction) or everyone confirms again (a new version, with a note of what changed).
    pub async fn edit_news(&self, actor: &Actor, id: i64, input: NewsInput) -> Result<()> {
        let row = self.store.news_by_id(actor.id, id).await?.ok_or(Error::NotFound)?;
        let f = news_facts(&row, now());
        check(authorize(Some(actor), Action::Edit, Target::News(&f)))?;
        let write = self.validated(actor, &input, Some(&row)).await?;
        let picture = self.picture(&input).await?;
        let content_changed =
            row.title != write.title || row.lead != write.lead || row.body.as_deref() != Some(write.body.as_str());
        let new_version = match &input.edit {
            EditKind::NewVersion(note) if write.confirmation && row.confirmation && content_changed => {
                let note = required(note, MAX_LINE, "change_note")?;
                Some(note)
            }
            _ => None,
        };
        let tx = self.store.begin().await?;
        tx.update_news(id, &write, new_version.as_deref()).await?;
        if let Some(p) = picture {
            tx.set_news_picture(id, Some(p)).await?;
        } else if input.remove_picture {
            tx.set_news_picture(id, None).await?;
        } else if row.picture_alt.is_some() && !input.picture_alt.trim().is_empty() {
            tx.set_news_picture_alt(id, &line(&input.picture_alt, MAX_LINE, "picture_alt")?).await?;
        }
        if write.confirmation {
            tx.keep_news_version(id).await?;
        }
        // Appearing (again, or later): the audience hears of it once, when it is out.
        if let (NewsStatus::Published, Some(at)) = (write.status, write.publish_at)
            && row.announced_at.is_none()
        {
            self.enqueue_in(&tx, Job::announce_news(id, at)).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Removes an item for good (its editors), once confirmed.
    pub async fn delete_news(
        &self,
        actor: &Actor,
        id: i64,
        confirmed: crate::confirm::Confirmation,
    ) -> Result<crate::confirm::Outcome<()>> {
        let row = self.store.news_by_id(actor.id, id).await?.ok_or(Error::NotFound)?;
        check(authorize(Some(actor), Action::Delete, Target::News(&news_facts(&row, now()))))?;
        if confirmed == crate::confirm::Confirmation::Missing {
            return Ok(crate::confirm::Outcome::Ask);
        }
        let tx = self.store.begin().await?;
        tx.delete_news(id).await?;
        tx.audit(plein_store::audit::AuditEntry {
            actor_id: Some(actor.id),
            action: "news.delete",
            object: Some(format!("news:{id}")),
            success: true,
            detail: Some(serde_json::json!({ "title": row.title })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        Ok(crate::confirm::Outcome::Done(()))
    }

    /// An item's picture (large, or the thumbnail), for those who may read the item.
    pub async fn read_news_picture(&self, actor: &Actor, id: i64, thumb: bool) -> Result<Vec<u8>> {
        self.readable_news(actor, id).await?;
        self.store.news_picture(id, thumb).await?.ok_or(Error::NotFound)
    }

    /// How a person hears of ordinary news: `none`, `app` or `mail`.
    pub async fn read_news_choice(&self, actor: &Actor) -> Result<String> {
        Ok(self.store.news_notify_choice(actor.id).await?)
    }

    /// Sets how a person hears of ordinary news (news that asks for confirmation always comes
    /// in the app and by e-mail).
    pub async fn set_news_choice(&self, actor: &Actor, choice: &str) -> Result<()> {
        if !matches!(choice, "none" | "app" | "mail") {
            return Err(Error::invalid("news_notify", plein_core::account::FieldError::Invalid));
        }
        Ok(self.store.set_news_notify_choice(actor.id, choice).await?)
    }
}

impl App {
    /// An item the actor may read, with its facts now.
    pub(crate) async fn readable_news(&self, actor: &Actor, id: i64) -> Result<(NewsRow, NewsFacts)> {
        let row = self.store.news_by_id(actor.id, id).await?.ok_or(Error::NotFound)?;
        let f = news_facts(&row, now());
        check(authorize(Some(actor), Action::Read, Target::News(&f)))?;
        Ok((row, f))
    }
}
