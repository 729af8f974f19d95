//! Search: one query over everything a reader may see. The index proposes, the policy disposes:
//! the reader's scope becomes a filter of containers the index applies to hits and counts alike,
//! and every hit is read from the database and passed through `authorize` before it is shown, so
//! a stale index (a post hidden a second ago, a member just removed) shows nothing it should not.
//!
//! The index is a projection: [`Search::rebuild_index`] makes it from the tables, and
//! [`Search::follow_changes`] keeps it current from the change log, committing the position it
//! reached with the documents.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use plein_core::UserKind;
use plein_core::policy::{Action, Actor, PersonFacts, SpaceVisibility, Target, authorize, visibility};
pub use plein_search::query::MAX_QUERY;
use plein_search::{Document, Filter, Narrow, Position, Request, SearchIndex, Update};
pub use plein_search::{Kind, Topic};
use plein_store::changes::ChangeCursor;
use plein_store::search::{SourceKind, SourceRow};

use crate::stream::PostView;
use crate::{App, Result};

crate::capability!(
    /// Search: finding what one may read, and keeping the index current.
    Search,
    search
);

/// How many hits a results page shows.
pub const PAGE_SIZE: usize = 20;

/// What a hit leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// A post.
    Post(i64),
    /// A comment on a post.
    Comment {
        /// The comment.
        id: i64,
        /// Its post.
        post: i64,
    },
    /// A person.
    Person(i64),
    /// A space.
    Space(i64),
    /// A news item.
    News(i64),
}

/// One hit, checked against the policy.
#[derive(Clone, Debug)]
pub struct SearchHit {
    /// What it is.
    pub found: Found,
    /// A person's or space's name as it is now (plain text); empty for posts and comments.
    pub name: String,
    /// Its title (a name) with the matched words marked, HTML-escaped; empty for posts and comments.
    pub title_html: String,
    /// A piece of its text with the matched words marked, HTML-escaped.
    pub snippet_html: String,
    /// The same piece as plain text.
    pub snippet_text: String,
    /// For posts and comments: the post as the reader sees it (author, place, time).
    pub post: Option<PostView>,
}

/// A page of results.
#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    /// The hits, best first.
    pub hits: Vec<SearchHit>,
    /// How many match of each kind (what the reader may see).
    pub counts: Vec<(Kind, usize)>,
    /// Whether words were matched with typos, because the exact ones found nothing.
    pub fuzzy: bool,
    /// Whether every match was counted (otherwise the counts are of the newest
    /// [`plein_search::COUNTED`], and the page says "more than").
    pub complete: bool,
    /// With typos forgiven, the query as the words probably meant ("Bedoelde u …?").
    pub meant: Option<String>,
    /// Topics of readable posts that start with a word of the query (on the first page).
    pub topics: Vec<Topic>,
    /// The offset of the next page, when there is one.
    pub next: Option<usize>,
    /// Whether the index is still being built (the first start of a node).
    pub building: bool,
}

/// What a reader searches for: text, and what they narrowed it to.
#[derive(Clone, Debug, Default)]
pub struct SearchQuery {
    /// What they typed.
    pub text: String,
    /// Only these kinds (all when empty); the counts are of every kind.
    pub kinds: Vec<Kind>,
    /// Only in this space.
    pub space: Option<i64>,
    /// Only by this author.
    pub author: Option<i64>,
    /// Only written since.
    pub since: Option<DateTime<Utc>>,
    /// From this many hits on.
    pub offset: usize,
}

/// How current a node's index is (for `/metrics`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndexStatus {
    /// How many documents it holds.
    pub documents: u64,
    /// How long ago the oldest change not yet applied was written; `None` while it is first built.
    pub lag_seconds: Option<f64>,
}

/// What the search box suggests while someone types, each checked against the policy.
#[derive(Clone, Debug, Default)]
pub struct Suggested {
    /// People.
    pub people: Vec<SearchHit>,
    /// Spaces.
    pub spaces: Vec<SearchHit>,
    /// Topics of posts the reader may read, with how many.
    pub topics: Vec<Topic>,
    /// The best posts and comments.
    pub content: Vec<SearchHit>,
}

/// Who may read a document besides the members of its container, in the index's words; a
/// reader's filter names the same from their scope ([`Search::search_filter`]), so the index
/// and the policy speak of one thing in one place.
mod reach {
    use plein_core::policy::SpaceVisibility;

    /// Posts on profiles.
    pub const PROFILE: &str = "profile";
    /// People.
    pub const PEOPLE: &str = "people";
    /// News for every employee.
    pub const NEWS_EVERYONE: &str = "news:everyone";
    /// News for groups, as its editors find it (its groups' members find it by `group:N`).
    pub const NEWS_SITE: &str = "news:site";

    /// What is in a space of this visibility.
    pub fn content(v: SpaceVisibility) -> String {
        format!("content:{}", v.as_str())
    }

    /// A space of this visibility, as a listing shows it.
    pub fn listing(v: SpaceVisibility) -> String {
        format!("listing:{}", v.as_str())
    }
}

impl App {
    /// Gives this application a search index.
    pub fn with_search(mut self, index: Arc<SearchIndex>) -> App {
        self.search_index = Some(index);
        self
    }
}

/// How many changes are applied in one commit.
const BATCH: u64 = 1_000;

/// How often the index looks for changes (a change is found within about this, plus a commit).
const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Search<'_> {
    /// Finds what `actor` may read matching `query`.
    pub async fn search_everything(&self, actor: &Actor, query: &SearchQuery) -> Result<SearchResults> {
        let Some(index) = self.search_index.clone() else {
            return Ok(SearchResults { building: true, ..Default::default() });
        };
        let building = !index.is_filled();
        let filter = self.search_filter(actor).await?;
        let narrow = Narrow {
            container: query.space.map(|id| format!("space:{id}")),
            author: query.author,
            since: query.since.map(|t| t.timestamp()),
            until: None,
        };
        let kinds = (!query.kinds.is_empty()).then_some(query.kinds.as_slice());
        let offset = query.offset;
        let request = Request {
            text: &query.text,
            typing: false,
            filter: &filter,
            narrow: &narrow,
            kinds,
            limit: PAGE_SIZE + 1,
            offset,
        };
        let found = index.search(&request)?;
        let topics =
            if offset == 0 && narrow.is_empty() { index.topics_for(&query.text, &filter)? } else { Vec::new() };
        let more = found.hits.len() > PAGE_SIZE;
        let hits = self.checked(actor, &filter, found.hits.into_iter().take(PAGE_SIZE).collect()).await?;
        Ok(SearchResults {
            hits,
            counts: found.counts,
            fuzzy: found.fuzzy,
            complete: found.complete,
            meant: found.meant,
            topics,
            next: more.then_some(offset + PAGE_SIZE),
            building,
        })
    }

    /// What to suggest to `actor` typing `text` in the search box: people, spaces, topics and the
    /// best content, filtered and checked like results.
    pub async fn suggest(&self, actor: &Actor, text: &str) -> Result<Suggested> {
        let Some(index) = self.search_index.clone() else { return Ok(Suggested::default()) };
        let filter = self.search_filter(actor).await?;
        let found = index.suggest(text, &filter)?;
        let mut all = found.people;
        all.extend(found.spaces);
        all.extend(found.content);
        let mut checked = self.checked(actor, &filter, all).await?;
        let mut take = |wanted: fn(&Found) -> bool| -> Vec<SearchHit> {
            let (these, rest) = std::mem::take(&mut checked).into_iter().partition(|h| wanted(&h.found));
            checked = rest;
            these
        };
        let people = take(|f| matches!(f, Found::Person(_)));
        let spaces = take(|f| matches!(f, Found::Space(_)));
        let content = take(|_| true);
        Ok(Suggested { people, spaces, topics: found.topics, content })
    }

    /// What `actor` may find, from their scope: the reaches it opens (every open space's content
    /// for employees, say) and the containers they are a member of (with, for guests, the people
    /// in them). Its size is that of their memberships, however many spaces are open.
    pub async fn search_filter(&self, actor: &Actor) -> Result<Filter> {
        let scope = visibility(Some(actor));
        let mut reaches = Vec::new();
        for v in SpaceVisibility::ALL {
            if scope.readable_spaces.all || scope.readable_spaces.visibilities.contains(&v) {
                reaches.push(reach::content(v));
            }
            if scope.spaces.all || scope.spaces.visibilities.contains(&v) {
                reaches.push(reach::listing(v));
            }
        }
        if scope.profile_posts {
            reaches.push(reach::PROFILE.into());
        }
        if scope.all_people {
            reaches.push(reach::PEOPLE.into());
        }
        if scope.news.everyone {
            reaches.push(reach::NEWS_EVERYONE.into());
        }
        if scope.news.all_site {
            reaches.push(reach::NEWS_SITE.into());
        }
        let mut containers: Vec<String> = scope.news.groups.iter().map(|g| format!("group:{g}")).collect();
        for id in &scope.readable_spaces.member_of {
            containers.push(format!("space:{id}"));
        }
        for id in &scope.spaces.member_of {
            containers.push(format!("team:{id}"));
        }
        if !scope.all_people {
            for person in self.store.members_of_spaces(&scope.readable_spaces.member_of).await? {
                containers.push(format!("person:{person}"));
            }
            containers.push(format!("person:{}", actor.id));
        }
        Ok(Filter { reaches, containers })
    }

    /// The live rows of `kind` with these ids, by id.
    async fn live_by_id(&self, kind: SourceKind, ids: &[i64]) -> Result<HashMap<i64, SourceRow>> {
        Ok(self.store.search_sources(kind, ids).await?.into_iter().map(|r| (r.id, r)).collect())
    }

    /// The hits `actor` may see, read afresh and judged by the policy.
    async fn checked(&self, actor: &Actor, filter: &Filter, hits: Vec<plein_search::Hit>) -> Result<Vec<SearchHit>> {
        let ids = |kind: Kind| -> Vec<i64> { hits.iter().filter(|h| h.kind == kind).map(|h| h.id).collect() };
        let comments = self.live_by_id(SourceKind::Comment, &ids(Kind::Comment)).await?;
        // Posts, and the posts of comments: a live comment is readable when its post is.
        let mut post_ids: BTreeSet<i64> = ids(Kind::Post).into_iter().collect();
        post_ids.extend(comments.values().filter_map(|c| c.post_id));
        let post_ids: Vec<i64> = post_ids.into_iter().collect();
        let posts: HashMap<i64, PostView> = App::views(actor, self.store.post_items(actor.id, &post_ids).await?)
            .into_iter()
            .filter(|v| v.post.deleted_at.is_none() && v.post.hidden_at.is_none())
            .map(|v| (v.post.id, v))
            .collect();
        let people = self.live_by_id(SourceKind::Person, &ids(Kind::Person)).await?;
        // A guest's co-members are in their filter already (employees see everyone).
        let co_members: BTreeSet<i64> =
            filter.containers.iter().filter_map(|c| c.strip_prefix("person:").and_then(|id| id.parse().ok())).collect();
        let spaces = self.live_by_id(SourceKind::Space, &ids(Kind::Space)).await?;
        let news: HashMap<i64, plein_store::news::NewsRow> =
            self.store.news_by_ids(actor.id, &ids(Kind::News)).await?.into_iter().map(|n| (n.id, n)).collect();
        let at = Utc::now();
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let (found, post, name) = match hit.kind {
                Kind::Post => match posts.get(&hit.id) {
                    Some(view) => (Found::Post(hit.id), Some(view.clone()), String::new()),
                    None => continue,
                },
                Kind::Comment => {
                    let Some(post_id) = comments.get(&hit.id).and_then(|c| c.post_id) else { continue };
                    match posts.get(&post_id) {
                        Some(view) => (Found::Comment { id: hit.id, post: post_id }, Some(view.clone()), String::new()),
                        None => continue,
                    }
                }
                Kind::Person => {
                    let Some(row) = people.get(&hit.id) else { continue };
                    let shared = if co_members.contains(&row.id) {
                        actor.memberships.keys().copied().collect()
                    } else {
                        BTreeSet::new()
                    };
                    let person = PersonFacts { id: row.id, kind: row.kind.unwrap_or(UserKind::Guest), spaces: shared };
                    if !authorize(Some(actor), Action::See, Target::Person(&person)).allowed() {
                        continue;
                    }
                    (Found::Person(hit.id), None, row.name.clone())
                }
                Kind::Space => {
                    let Some(row) = spaces.get(&hit.id) else { continue };
                    let facts = crate::spaces::joined_facts(
                        row.id,
                        row.visibility,
                        row.archived_at.is_some(),
                        row.allows_guests,
                        row.admins_post,
                    );
                    if !authorize(Some(actor), Action::See, Target::Space(&facts)).allowed() {
                        continue;
                    }
                    (Found::Space(hit.id), None, row.name.clone())
                }
                Kind::News => {
                    let Some(row) = news.get(&hit.id) else { continue };
                    let f = crate::news::news_facts(row, at);
                    if !authorize(Some(actor), Action::Read, Target::News(&f)).allowed() {
                        continue;
                    }
                    (Found::News(hit.id), None, row.title.clone())
                }
            };
            out.push(SearchHit {
                found,
                name,
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
                snippet_text: hit.snippet_text,
                post,
            });
        }
        Ok(out)
    }

    /// Fills the index afresh from the tables; `progress` hears how many items are in so far.
    /// Returns how many there are.
    pub async fn rebuild_index(&self, mut progress: impl FnMut(u64)) -> Result<u64> {
        let Some(index) = self.search_index.clone() else { return Ok(0) };
        // Where the log stands before the first row is read: what changes meanwhile is applied
        // again afterwards, which changes nothing.
        let start = self.store.changes_end().await?;
        let mut rebuild = index.rebuild()?;
        for kind in [SourceKind::Person, SourceKind::Space, SourceKind::News, SourceKind::Post, SourceKind::Comment] {
            let mut after = 0;
            loop {
                let (rows, last) = self.store.search_sources_after(kind, after, BATCH).await?;
                let Some(last) = last else { break };
                after = last;
                let docs: Vec<Document> = rows.iter().map(|r| document(kind, r)).collect();
                rebuild.add(&docs)?;
                progress(rebuild.added());
            }
        }
        Ok(rebuild.finish(position(start))?)
    }

    /// How current this node's index is: its documents, and how long ago the oldest change it has
    /// not applied yet was written (zero when it holds them all). `None` without an index.
    pub async fn index_status(&self) -> Result<Option<IndexStatus>> {
        let Some(index) = self.search_index.clone() else { return Ok(None) };
        let Some(at) = index.position()? else {
            return Ok(Some(IndexStatus { documents: index.len(), lag_seconds: None }));
        };
        let next = self.store.changes_after(ChangeCursor { tx: at.tx, position: at.position }, 1).await?;
        let lag = next.first().map_or(0.0, |c| (Utc::now() - c.at).num_milliseconds().max(0) as f64 / 1000.0);
        Ok(Some(IndexStatus { documents: index.len(), lag_seconds: Some(lag) }))
    }

    /// Follows the change log until the index holds every change committed before this call, or
    /// `within` has passed (`false`). On PostgreSQL a change is read once every transaction older
    /// than it has ended, anywhere on the server, so catching up can take a moment.
    pub async fn catch_up(&self, within: std::time::Duration) -> Result<bool> {
        let Some(index) = self.search_index.clone() else { return Ok(false) };
        let end = self.store.changes_committed_end().await?;
        let until = tokio::time::Instant::now() + within;
        loop {
            self.follow_changes().await?;
            let at = index.position()?.map(|p| ChangeCursor { tx: p.tx, position: p.position }).unwrap_or_default();
            if at >= end {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= until {
                return Ok(false);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Follows the change log until `stopped`: an index never filled is built first (the search
    /// page says so meanwhile), then each second what changed is applied. A failure is logged and
    /// tried again; nothing is lost, as the position moves only with a commit.
    pub(crate) async fn keep_index_current(&self, stopped: &mut tokio::sync::watch::Receiver<bool>) {
        let mut tick = tokio::time::interval(FOLLOW_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        while !self.store.is_closed() && !*stopped.borrow() {
            tokio::select! {
                _ = tick.tick() => {}
                _ = stopped.changed() => break,
            }
            if let Err(e) = self.follow_changes().await {
                tracing::error!(error = %e, "search index: following the change log");
            }
        }
    }

    /// Applies what the change log holds beyond the index's position, a commit per batch;
    /// returns how many changes were read. An index never filled is rebuilt first.
    pub async fn follow_changes(&self) -> Result<u64> {
        let Some(index) = self.search_index.clone() else { return Ok(0) };
        let Some(at) = index.position()? else {
            self.rebuild_index(|_| {}).await?;
            return Ok(0);
        };
        let mut cursor = ChangeCursor { tx: at.tx, position: at.position };
        if self.store.changes_pruned_through().await?.is_some_and(|pruned| cursor < pruned) {
            // The index stood still longer than the log keeps changes: what it missed is gone.
            tracing::warn!("search index: behind the pruned change log, built again");
            self.rebuild_index(|_| {}).await?;
            return Ok(0);
        }
        let mut read = 0;
        loop {
            let changes = self.store.changes_after(cursor, BATCH).await?;
            let Some(last) = changes.last() else { return Ok(read) };
            let mut wanted: BTreeMap<(u8, i64), SourceKind> = BTreeMap::new();
            let mut posts_whose_comments = Vec::new();
            for change in &changes {
                let kind = match change.item_kind.as_str() {
                    "post" | "poll" => SourceKind::Post,
                    "comment" => SourceKind::Comment,
                    "user" => SourceKind::Person,
                    "space" => SourceKind::Space,
                    "news" => SourceKind::News,
                    // Memberships, groups: the filter reads them at query time.
                    _ => continue,
                };
                if change.item_kind == "post" && change.happened != "updated" {
                    posts_whose_comments.push(change.item_id);
                }
                wanted.insert((kind as u8, change.item_id), kind);
            }
            // A post removed, hidden or back takes its comments along.
            for id in self.store.search_comment_ids(&posts_whose_comments).await? {
                wanted.insert((SourceKind::Comment as u8, id), SourceKind::Comment);
            }
            let mut updates = Vec::new();
            for kind in [SourceKind::Space, SourceKind::Person, SourceKind::News, SourceKind::Post, SourceKind::Comment]
            {
                let ids: Vec<i64> = wanted.iter().filter(|(_, k)| **k == kind).map(|((_, id), _)| *id).collect();
                let live = self.live_by_id(kind, &ids).await?;
                if kind == SourceKind::Space {
                    // A space whose visibility changed: who may find its posts and comments changed.
                    for row in live.values() {
                        let indexed = index.reach_of(Kind::Space, row.id)?;
                        if indexed.is_some_and(|r| r != document(kind, row).reach) {
                            let (posts, comments, news) = self.store.search_space_items(row.id).await?;
                            wanted.extend(posts.into_iter().map(|id| ((SourceKind::Post as u8, id), SourceKind::Post)));
                            wanted.extend(news.into_iter().map(|id| ((SourceKind::News as u8, id), SourceKind::News)));
                            wanted.extend(
                                comments.into_iter().map(|id| ((SourceKind::Comment as u8, id), SourceKind::Comment)),
                            );
                        }
                    }
                }
                for id in ids {
                    match live.get(&id) {
                        Some(row) => updates.push(Update::Put(document(kind, row))),
                        None => updates.push(Update::Remove(index_kind(kind), id)),
                    }
                }
            }
            cursor = last.cursor();
            // Committing writes files: off the threads that answer requests.
            let index = index.clone();
            tokio::task::spawn_blocking(move || index.apply(&updates, position(cursor)))
                .await
                .map_err(|e| crate::error::Failure::Export(format!("search index task: {e}")))??;
            read += changes.len() as u64;
        }
    }
}

fn position(c: ChangeCursor) -> Position {
    Position { tx: c.tx, position: c.position }
}

fn index_kind(kind: SourceKind) -> Kind {
    match kind {
        SourceKind::Post => Kind::Post,
        SourceKind::Comment => Kind::Comment,
        SourceKind::Person => Kind::Person,
        SourceKind::Space => Kind::Space,
        SourceKind::News => Kind::News,
    }
}

/// The document of a row: what every reader who may see the item may read of it.
fn document(kind: SourceKind, r: &SourceRow) -> Document {
    // A visibility that could not be read counts as secret: found by members only.
    let mut also = Vec::new();
    let (container, reach) = match kind {
        SourceKind::News => match (r.audience.as_deref(), r.space_id) {
            (Some("everyone"), _) => ("site".into(), reach::NEWS_EVERYONE.into()),
            (Some("groups"), _) => {
                also = r.groups.iter().flatten().map(|g| format!("group:{g}")).collect();
                ("site".into(), reach::NEWS_SITE.into())
            }
            (_, Some(space)) => {
                (format!("space:{space}"), reach::content(r.space_visibility.unwrap_or(SpaceVisibility::Secret)))
            }
            _ => ("none".into(), "none".into()),
        },
        SourceKind::Post | SourceKind::Comment => match (r.space_id, r.profile_id) {
            (Some(space), _) => {
                (format!("space:{space}"), reach::content(r.space_visibility.unwrap_or(SpaceVisibility::Secret)))
            }
            (None, Some(profile)) => (format!("profile:{profile}"), reach::PROFILE.into()),
            (None, None) => ("none".into(), "none".into()),
        },
        SourceKind::Person => (format!("person:{}", r.id), reach::PEOPLE.into()),
        SourceKind::Space => {
            (format!("team:{}", r.id), reach::listing(r.visibility.unwrap_or(SpaceVisibility::Secret)))
        }
    };
    let topics = r.topics.as_deref().unwrap_or_default().split_whitespace().map(str::to_lowercase).collect();
    let body = match r.more.as_deref().map(str::trim) {
        Some(more) if !more.is_empty() => format!("{}\n{more}", r.body),
        _ => r.body.clone(),
    };
    Document {
        kind: index_kind(kind),
        id: r.id,
        container,
        also,
        reach,
        topics,
        post: r.post_id,
        title: r.name.clone(),
        body,
        author: r.author_id,
        at: r.created_at.unwrap_or_default(),
    }
}
