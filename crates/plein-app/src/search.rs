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

use plein_core::UserKind;
use plein_core::policy::{Action, Actor, PersonFacts, SpaceVisibility, Target, authorize, visibility};
pub use plein_search::Kind;
pub use plein_search::query::MAX_QUERY;
use plein_search::{Document, Filter, Position, Request, SearchIndex, Update};
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
}

/// One hit, checked against the policy.
#[derive(Clone, Debug)]
pub struct SearchHit {
    /// What it is.
    pub found: Found,
    /// Its title (a name) with the matched words marked, HTML-escaped; empty for posts and comments.
    pub title_html: String,
    /// A piece of its text with the matched words marked, HTML-escaped.
    pub snippet_html: String,
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
    /// The offset of the next page, when there is one.
    pub next: Option<usize>,
    /// Whether the index is still being built (the first start of a node).
    pub building: bool,
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
    /// Finds what `actor` may read matching `text`, of `kinds` (all when empty), from `offset`.
    pub async fn search_everything(
        &self,
        actor: &Actor,
        text: &str,
        kinds: &[Kind],
        offset: usize,
    ) -> Result<SearchResults> {
        let Some(index) = self.search_index.clone() else {
            return Ok(SearchResults { building: true, ..Default::default() });
        };
        let building = index.position()?.is_none();
        let filter = self.search_filter(actor).await?;
        let kinds = (!kinds.is_empty()).then_some(kinds);
        let request = Request { text, typing: false, filter: &filter, kinds, limit: PAGE_SIZE + 1, offset };
        let found = index.search(&request)?;
        let more = found.hits.len() > PAGE_SIZE;
        let hits = self.checked(actor, &filter, found.hits.into_iter().take(PAGE_SIZE).collect()).await?;
        Ok(SearchResults {
            hits,
            counts: found.counts,
            fuzzy: found.fuzzy,
            next: more.then_some(offset + PAGE_SIZE),
            building,
        })
    }

    /// The containers `actor` may read, in the smaller form: for employees what they may not
    /// (the closed and secret spaces they are not in: open spaces can be thousands), for guests
    /// what they may (their spaces and the people in them).
    pub async fn search_filter(&self, actor: &Actor) -> Result<Filter> {
        let scope = visibility(Some(actor));
        let member = |id: i64| scope.readable_spaces.member_of.contains(&id);
        if scope.readable_spaces.visibilities.contains(&SpaceVisibility::Open) && scope.profile_posts {
            let mut deny = Vec::new();
            for (id, secret) in self.store.unopen_spaces().await? {
                if member(id) {
                    continue;
                }
                deny.push(format!("space:{id}"));
                let listed =
                    scope.spaces.all || (!secret && scope.spaces.visibilities.contains(&SpaceVisibility::Closed));
                if !listed {
                    deny.push(format!("team:{id}"));
                }
            }
            return Ok(Filter { allow: None, deny });
        }
        let spaces = &scope.readable_spaces.member_of;
        let mut allow: Vec<String> = Vec::new();
        for id in spaces {
            allow.push(format!("space:{id}"));
            allow.push(format!("team:{id}"));
        }
        for person in self.store.members_of_spaces(spaces).await? {
            allow.push(format!("person:{person}"));
        }
        allow.push(format!("person:{}", actor.id));
        Ok(Filter { allow: Some(allow), deny: Vec::new() })
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
        let co_members: BTreeSet<i64> = filter
            .allow
            .iter()
            .flatten()
            .filter_map(|c| c.strip_prefix("person:").and_then(|id| id.parse().ok()))
            .collect();
        let spaces = self.live_by_id(SourceKind::Space, &ids(Kind::Space)).await?;
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            let (found, post) = match hit.kind {
                Kind::Post => match posts.get(&hit.id) {
                    Some(view) => (Found::Post(hit.id), Some(view.clone())),
                    None => continue,
                },
                Kind::Comment => {
                    let Some(post_id) = comments.get(&hit.id).and_then(|c| c.post_id) else { continue };
                    match posts.get(&post_id) {
                        Some(view) => (Found::Comment { id: hit.id, post: post_id }, Some(view.clone())),
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
                    (Found::Person(hit.id), None)
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
                    (Found::Space(hit.id), None)
                }
            };
            out.push(SearchHit { found, title_html: hit.title_html, snippet_html: hit.snippet_html, post });
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
        for kind in [SourceKind::Person, SourceKind::Space, SourceKind::Post, SourceKind::Comment] {
            let mut after = 0;
            loop {
                let rows = self.store.search_sources_after(kind, after, BATCH).await?;
                let Some(last) = rows.last() else { break };
                after = last.id;
                let docs: Vec<Document> = rows.iter().map(|r| document(kind, r)).collect();
                rebuild.add(&docs)?;
                progress(rebuild.added());
            }
        }
        Ok(rebuild.finish(position(start))?)
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
            for kind in [SourceKind::Post, SourceKind::Comment, SourceKind::Person, SourceKind::Space] {
                let ids: Vec<i64> = wanted.iter().filter(|(_, k)| **k == kind).map(|((_, id), _)| *id).collect();
                let live = self.live_by_id(kind, &ids).await?;
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
    }
}

/// The document of a row: what every reader who may see the item may read of it.
fn document(kind: SourceKind, r: &SourceRow) -> Document {
    let container = match kind {
        SourceKind::Post | SourceKind::Comment => match (r.space_id, r.profile_id) {
            (Some(space), _) => format!("space:{space}"),
            (None, Some(profile)) => format!("profile:{profile}"),
            (None, None) => "none".into(),
        },
        SourceKind::Person => format!("person:{}", r.id),
        SourceKind::Space => format!("team:{}", r.id),
    };
    let body = match r.more.as_deref().map(str::trim) {
        Some(more) if !more.is_empty() => format!("{}\n{more}", r.body),
        _ => r.body.clone(),
    };
    Document {
        kind: index_kind(kind),
        id: r.id,
        container,
        post: r.post_id,
        title: r.name.clone(),
        body,
        author: r.author_id,
        at: r.created_at.unwrap_or_default(),
    }
}
