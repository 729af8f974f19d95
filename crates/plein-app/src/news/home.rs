//! The news on top of the start page: featured items, what the reader is asked to confirm, and
//! the newest others of the last two weeks. The candidates are the same for everyone, so each
//! node keeps them ([`HomeNewsCache`]) with the mark they were read at; the start page's one query
//! reads the mark again, with the reader's confirmations. A write that changes a card or who may
//! read it raises the mark (migration 0021), and the next start page on each node reads the
//! candidates again. Which of them a reader sees the policy decides, per reader and at the time
//! of asking, as for every list of news.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Duration, Utc};
use plein_core::policy::{Action, Actor, Target, authorize};
use plein_store::news::{HomeNewsCandidates, HomeNewsReading, NewsRow, sort_news};
use plein_store::now;

use super::reading::views;
use super::{News, NewsView, news_facts};
use crate::App;
use crate::error::Result;

/// The news at the top of a reader's home stream.
#[derive(Clone, Debug, Default)]
pub struct HomeNews {
    /// Featured items, newest first.
    pub featured: Vec<NewsView>,
    /// Items the reader is asked to confirm and has not.
    pub to_confirm: Vec<NewsView>,
    /// The newest other items still in the streams.
    pub recent: Vec<NewsView>,
}

/// How many of the newest items the home stream shows besides the featured ones.
const HOME_RECENT: usize = 3;
/// The most items the home stream judges for its news.
const HOME_LIMIT: usize = 30;
/// How long an item counts as recent.
const RECENT_DAYS: i64 = 14;

/// The start page's news candidates this node keeps, with the mark they were read at.
#[derive(Debug, Default)]
pub(crate) struct HomeNewsCache(RwLock<Option<Arc<HomeNewsCandidates>>>);

impl HomeNewsCache {
    fn kept(&self) -> Option<Arc<HomeNewsCandidates>> {
        self.0.read().ok().and_then(|kept| kept.clone())
    }

    /// Keeps `fresh`, unless what is kept was read at a later mark.
    fn keep(&self, fresh: Arc<HomeNewsCandidates>) {
        if let Ok(mut kept) = self.0.write()
            && kept.as_ref().is_none_or(|k| k.mark <= fresh.mark)
        {
            *kept = Some(fresh);
        }
    }
}

/// What a start page asks of news before its query: what the node keeps, and the items whose
/// confirmation by the reader to read with it.
pub(crate) struct HomeNewsAsk {
    kept: Option<Arc<HomeNewsCandidates>>,
    /// The kept items that ask the reader for a confirmation and that they may read.
    pub(crate) confirmable: Vec<i64>,
}

/// The items of `rows` asking for confirmation that `actor` may read at `at`.
fn confirmable(actor: &Actor, rows: &[NewsRow], at: DateTime<Utc>) -> Vec<i64> {
    rows.iter()
        .filter(|r| r.confirmation && authorize(Some(actor), Action::Read, Target::News(&news_facts(r, at))).allowed())
        .map(|r| r.id)
        .collect()
}

impl App {
    /// What the start page of `actor` asks of news, to read in its query (see
    /// [`plein_store::Store::home`]).
    pub(crate) fn ask_home_news(&self, actor: &Actor) -> HomeNewsAsk {
        let kept = self.home_news_cache.kept();
        let confirmable = kept.as_deref().map(|k| confirmable(actor, &k.rows, now())).unwrap_or_default();
        HomeNewsAsk { kept, confirmable }
    }

    /// The start page's news for `actor`, from the candidates the node keeps when `reading`'s mark
    /// says they are current, else from the candidates read again (and kept).
    pub(crate) async fn answer_home_news(
        &self,
        actor: &Actor,
        ask: HomeNewsAsk,
        reading: HomeNewsReading,
    ) -> Result<HomeNews> {
        let at = now();
        let (candidates, confirmed) = match ask.kept {
            Some(kept) if kept.mark == reading.mark => (kept, reading.confirmed),
            _ => {
                let fresh = Arc::new(self.store.home_news_candidates(at - Duration::days(RECENT_DAYS)).await?);
                self.home_news_cache.keep(fresh.clone());
                let ids = confirmable(actor, &fresh.rows, at);
                let confirmed = if ids.is_empty() {
                    Vec::new()
                } else {
                    self.store.home_news_reading(actor.id, &ids).await?.confirmed
                };
                (fresh, confirmed)
            }
        };
        // Of the version read with the candidates (equal marks: the current one).
        let confirmed: HashMap<(i64, i32), DateTime<Utc>> =
            confirmed.into_iter().map(|c| ((c.news_id, c.version), c.confirmed_at)).collect();
        let since = at - Duration::days(RECENT_DAYS);
        let mut rows: Vec<NewsRow> = candidates
            .rows
            .iter()
            .filter(|r| r.ends_at.is_none_or(|end| end > at))
            .filter_map(|r| {
                let confirmed_at = if r.confirmation { confirmed.get(&(r.id, r.version)).copied() } else { None };
                let shown = r.featured_until.is_some_and(|until| until > at)
                    || r.publish_at.is_some_and(|p| p > since)
                    || (r.confirmation && confirmed_at.is_none());
                shown.then(|| NewsRow { confirmed_at, ..r.clone() })
            })
            .collect();
        sort_news(&mut rows, false);
        let mut items = views(actor, rows);
        items.truncate(HOME_LIMIT);
        Ok(home_news(items, since))
    }
}

impl News<'_> {
    /// The news on top of the home stream (as the start page shows it): featured items, what
    /// the reader is asked to confirm, and the newest others of the last two weeks.
    pub async fn read_home_news(&self, actor: &Actor) -> Result<HomeNews> {
        let ask = self.ask_home_news(actor);
        let reading = self.store.home_news_reading(actor.id, &ask.confirmable).await?;
        self.answer_home_news(actor, ask, reading).await
    }
}

/// The start page's news, split: featured items, what the reader is asked to confirm (due
/// first), and the newest few others published since `since`.
fn home_news(items: Vec<NewsView>, since: DateTime<Utc>) -> HomeNews {
    let mut home = HomeNews::default();
    for n in items {
        if n.featured_until.is_some() {
            home.featured.push(n);
        } else if n.can.confirm {
            home.to_confirm.push(n);
        } else if home.recent.len() < HOME_RECENT && n.publish_at.is_some_and(|p| p > since) {
            home.recent.push(n);
        }
    }
    home.to_confirm.sort_by_key(|n| (n.confirm_due.is_none(), n.confirm_due));
    home
}
