//! Reading news: one item, the archive with its filters, the editors' desk, what the reader has
//! to confirm, and the news of the home stream and of a space. Every list reads within the
//! reader's news scope, and every item is judged again before it is shown.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use plein_core::policy::{Action, Actor, Target, authorize, visibility};
use plein_store::news::{NewsFilter, NewsRow};
use plein_store::now;

use super::{News, NewsAbilities, NewsPlace, NewsView, news_facts};
use crate::error::Result;

/// Items on one page of the archive.
pub const PAGE_SIZE: u64 = 20;

/// How the archive is narrowed.
#[derive(Clone, Debug, Default)]
pub struct NewsListQuery {
    /// A category.
    pub category: Option<String>,
    /// A month: (year, month).
    pub month: Option<(i32, u32)>,
    /// `everyone`, `groups` or `space`.
    pub audience: Option<String>,
    /// The page after this item (publish time, id).
    pub before: Option<(DateTime<Utc>, i64)>,
}

/// A page of news.
#[derive(Clone, Debug, Default)]
pub struct NewsPage {
    /// The items.
    pub items: Vec<NewsView>,
    /// Where the next page starts.
    pub next: Option<(DateTime<Utc>, i64)>,
    /// Categories in use (for the filter).
    pub categories: Vec<String>,
}

impl News<'_> {
    /// One item, for those who may read it, with its body.
    pub async fn read_news(&self, actor: &Actor, id: i64) -> Result<NewsView> {
        let (row, _) = self.readable_news(actor, id).await?;
        Ok(view(actor, row))
    }

    /// An item with its comments (when it takes reactions, or has comments from before they
    /// were switched off).
    pub async fn read_news_with_comments(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<(NewsView, Vec<crate::stream::CommentView>)> {
        let (row, f) = self.readable_news(actor, id).await?;
        let comments = if row.comment_count > 0 {
            self.comment_views(actor, &crate::stream::Thread::News(id, f, row.author_id)).await?
        } else {
            Vec::new()
        };
        // A new version shows what changed since the one before, which readers may have confirmed.
        let before = match row.version {
            v if v > 1 && row.confirmation => self.store.news_version(id, v - 1).await?,
            _ => None,
        };
        let changes = before.map_or_else(Vec::new, |(title, lead, body)| {
            let now = (row.title.as_str(), row.lead.as_str(), row.body.as_deref().unwrap_or_default());
            super::changes::changes((&title, &lead, &body), now)
        });
        Ok((NewsView { changes, ..view(actor, row) }, comments))
    }

    /// The archive: published items the reader may read, newest first, narrowed by category,
    /// month and audience.
    pub async fn list_news(&self, actor: &Actor, query: &NewsListQuery) -> Result<NewsPage> {
        let between = query.month.and_then(|(y, m)| {
            let from = Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0).single()?;
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            Some((from, Utc.with_ymd_and_hms(ny, nm, 1, 0, 0, 0).single()?))
        });
        let filter = NewsFilter {
            category: query.category.clone().filter(|c| !c.is_empty()),
            between,
            audience: query.audience.clone().filter(|a| matches!(a.as_str(), "everyone" | "groups" | "space")),
            before: query.before,
            ..NewsFilter::default()
        };
        let mut page = self.page(actor, &filter).await?;
        page.categories = self.store.news_categories().await?;
        Ok(page)
    }

    /// The editors' desk: every item the actor manages, in every state, newest first.
    pub async fn list_managed_news(&self, actor: &Actor, before: Option<(DateTime<Utc>, i64)>) -> Result<NewsPage> {
        let filter = NewsFilter { managed: true, before, ..NewsFilter::default() };
        let mut page = self.page(actor, &filter).await?;
        page.items.retain(|n| n.can.manage);
        Ok(page)
    }

    /// The items the reader is asked to confirm and has not yet, due first.
    pub async fn list_to_confirm(&self, actor: &Actor) -> Result<Vec<NewsView>> {
        let filter = NewsFilter { to_confirm: true, ..NewsFilter::default() };
        let mut items = self.page_with(actor, &filter, 200).await?.items;
        items.retain(|n| n.can.confirm);
        items.sort_by_key(|n| (n.confirm_due.is_none(), n.confirm_due, std::cmp::Reverse(n.publish_at)));
        Ok(items)
    }

    /// A space's news for its page (the newest few), for those who read the space.
    pub async fn list_space_news(&self, actor: &Actor, space: i64) -> Result<Vec<NewsView>> {
        let filter = NewsFilter { space: Some(space), current: true, ..NewsFilter::default() };
        Ok(self.page_with(actor, &filter, 5).await?.items)
    }

    async fn page(&self, actor: &Actor, filter: &NewsFilter) -> Result<NewsPage> {
        self.page_with(actor, filter, PAGE_SIZE).await
    }

    async fn page_with(&self, actor: &Actor, filter: &NewsFilter, size: u64) -> Result<NewsPage> {
        let scope = visibility(Some(actor)).news;
        let rows = self.store.list_news(actor.id, &scope, filter, size + 1).await?;
        let more = rows.len() as u64 > size;
        let rows: Vec<NewsRow> = rows.into_iter().take(size as usize).collect();
        let next = if more { rows.last().map(|r| (r.publish_at.unwrap_or(r.updated_at), r.id)) } else { None };
        Ok(NewsPage { items: views(actor, rows), next, categories: Vec::new() })
    }
}

/// The rows the reader may read, as they see them: the policy has the last word on every item
/// the scope let through.
pub(crate) fn views(actor: &Actor, rows: Vec<NewsRow>) -> Vec<NewsView> {
    let at = now();
    rows.into_iter()
        .filter(|r| authorize(Some(actor), Action::Read, Target::News(&news_facts(r, at))).allowed())
        .map(|r| view(actor, r))
        .collect()
}

/// A row as the reader sees it, with what they may do.
fn view(actor: &Actor, row: NewsRow) -> NewsView {
    {
        let f = news_facts(&row, now());
        let may = |action| authorize(Some(actor), action, Target::News(&f)).allowed();
        let can = NewsAbilities {
            confirm: may(Action::Confirm) && row.confirmed_at.is_none(),
            react: may(Action::React),
            manage: may(Action::Manage),
        };
        let place = match (row.audience.as_str(), row.space_id) {
            ("everyone", _) => NewsPlace::Everyone,
            (_, Some(id)) => NewsPlace::Space { id, name: row.space_name.clone().unwrap_or_default() },
            _ => NewsPlace::Groups(
                row.groups
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .zip(row.group_names.clone().unwrap_or_default())
                    .collect(),
            ),
        };
        let published = row.publish_at;
        NewsView {
            id: row.id,
            title: row.title,
            lead: row.lead,
            body_html: row.body_html,
            body: if can.manage { row.body } else { None },
            category: row.category,
            on_behalf_of: row.on_behalf_of,
            author: crate::stream::Author {
                id: row.author_id,
                name: row.author_name,
                external: false,
                former: false,
                photo: row.author_photo.map(|t| t.timestamp()),
            },
            place,
            state: f.state,
            publish_at: published,
            ends_at: row.ends_at,
            featured_until: row.featured_until.filter(|t| *t > now()),
            confirmation: row.confirmation,
            confirm_due: row.confirm_due,
            confirmed_at: row.confirmed_at,
            version: row.version,
            change_note: row.change_note,
            // A change shows once the item was out before it.
            changed_at: row.changed_at.filter(|c| published.is_some_and(|p| *c > p + chrono::Duration::minutes(1))),
            picture: match (row.picture_width, row.picture_height, row.picture_alt) {
                (Some(w), Some(h), Some(alt)) => Some((w, h, alt)),
                _ => None,
            },
            reactions: row.reactions,
            comment_count: row.comment_count,
            like_count: row.like_count,
            liked: row.liked.unwrap_or(false),
            changes: Vec::new(),
            can,
        }
    }
}

/// Parses `2026-11` into (year, month).
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((1970..=9999).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

/// The months to offer in the archive's filter: the last `count`, newest first.
pub fn recent_months(count: usize) -> Vec<(i32, u32)> {
    let today = now();
    let (mut y, mut m) = (today.year(), today.month());
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push((y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out
}
