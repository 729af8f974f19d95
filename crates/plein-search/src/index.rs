//! The index: documents in (put and removed by key, committed with the change-log position they
//! bring the index up to), hits out (filtered by the containers a reader may read, ranked by
//! relevance and recency, with highlighted snippets).

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{
    Index, IndexReader, IndexSettings, IndexSortByField, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

use crate::analysis::{self, DUTCH, ENGLISH, PARTS, WORDS};
use crate::collect::{AT, Columns, KIND_NUMBER, TOPICS};
use crate::readable::ReachCache;
use crate::{Result, SearchError};

/// What kind of thing a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// A post in a space or on a profile (its text, poll and picture descriptions).
    Post,
    /// A comment on a post.
    Comment,
    /// A person (the profile fields they show).
    Person,
    /// A space (its name and description).
    Space,
    /// A news item (its title, lead and text), from its publish date.
    News,
}

impl Kind {
    /// Every kind, in the order the results page lists them.
    pub const ALL: [Kind; 5] = [Kind::Person, Kind::Space, Kind::News, Kind::Post, Kind::Comment];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Person => "person",
            Kind::Space => "space",
            Kind::News => "news",
        }
    }

    /// Its number in the index (kinds added later take the next number, so an index keeps its
    /// documents' numbers).
    pub fn number(self) -> u64 {
        match self {
            Kind::Person => 0,
            Kind::Space => 1,
            Kind::Post => 2,
            Kind::Comment => 3,
            Kind::News => 4,
        }
    }

    /// The kind with this stored name.
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One thing to find.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Its id among its kind.
    pub id: i64,
    /// Where it lives, as the reader's [`Filter`] names it: `space:3`, `profile:7` (posts and
    /// comments), `person:7`, `team:3` (a space as a listing shows it).
    pub container: String,
    /// More containers whose members may read it: the groups a news item is for (`group:5`).
    pub also: Vec<String>,
    /// Who may read it besides the members of its container, as the policy's scope names them:
    /// `content:open` (a post in an open space), `listing:closed` (a closed space as a listing
    /// shows it), `profile` (a post on a profile), `people` (a person). A space's documents are
    /// indexed again when its visibility changes.
    pub reach: String,
    /// A post's topics (`#fietsen` as `fietsen`).
    pub topics: Vec<String>,
    /// For a comment, its post (removed with it).
    pub post: Option<i64>,
    /// Its name or heading (a person's name, a space's name; empty for posts and comments).
    pub title: String,
    /// Its text: only what every reader who may see the item may read.
    pub body: String,
    /// Who wrote it.
    pub author: Option<i64>,
    /// When it was written (recent things rank a little higher).
    pub at: DateTime<Utc>,
}

impl Document {
    pub(crate) fn key(kind: Kind, id: i64) -> String {
        format!("{}:{id}", kind.as_str())
    }
}

/// A change to the index.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// Adds the document, replacing the one with its kind and id.
    Put(Document),
    /// Removes the document with this kind and id, if any.
    Remove(Kind, i64),
    /// Removes every comment on this post.
    RemoveComments(i64),
}

/// How far the index has followed the change log: the last change applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// The writing transaction (PostgreSQL; 0 on SQLite).
    pub tx: i64,
    /// The change's place in the log.
    pub position: i64,
}

/// What a reader may read: documents of these reaches, and documents in these containers. Its size
/// is that of the reader's memberships, whatever the number of open spaces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Reaches the reader's scope opens (`content:open`, `listing:closed`, `people` …).
    pub reaches: Vec<String>,
    /// Containers the reader may read as a member (`space:3`, `team:3`, `person:7`).
    pub containers: Vec<String>,
}

/// What the reader narrowed a search to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Narrow {
    /// One container (`space:3`).
    pub container: Option<String>,
    /// One author.
    pub author: Option<i64>,
    /// Written at or after (seconds since 1970).
    pub since: Option<i64>,
    /// Written before (seconds since 1970).
    pub until: Option<i64>,
}

impl Narrow {
    /// Whether nothing is narrowed.
    pub fn is_empty(&self) -> bool {
        *self == Narrow::default()
    }
}

/// A search.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// What the reader typed.
    pub text: &'a str,
    /// Whether the last word is being typed (suggestions): it is completed.
    pub typing: bool,
    /// What the reader may read.
    pub filter: &'a Filter,
    /// What the reader narrowed it to (counts too).
    pub narrow: &'a Narrow,
    /// Only these kinds (`None`: all); the counts per kind ignore this.
    pub kinds: Option<&'a [Kind]>,
    /// How many hits.
    pub limit: usize,
    /// After how many (paging).
    pub offset: usize,
}

/// A hit: the item to read from the database (and check against the policy) before showing it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What it is.
    pub kind: Kind,
    /// Its id.
    pub id: i64,
    /// How well it matched.
    pub score: f32,
    /// Its title with the matched words marked (`<b>`), HTML-escaped.
    pub title_html: String,
    /// A piece of its text around the matched words, marked and HTML-escaped.
    pub snippet_html: String,
    /// The same piece as plain text (for suggestions, which are written as text).
    pub snippet_text: String,
}

/// A rebuild under way (see [`SearchIndex::rebuild`]); dropped unfinished, it is rolled back.
/// It holds the writer only while adding, so it can live across awaits; other writes are refused
/// until it ends.
pub struct Rebuild<'a> {
    index: &'a SearchIndex,
    added: u64,
    done: bool,
}

impl Rebuild<'_> {
    /// Adds documents.
    pub fn add(&mut self, docs: &[Document]) -> Result<()> {
        let writer = self.index.writer.lock().map_err(|_| SearchError::Poisoned)?;
        for doc in docs {
            writer.add_document(self.index.document(doc))?;
            self.added += 1;
        }
        Ok(())
    }

    /// How many documents were added so far.
    pub fn added(&self) -> u64 {
        self.added
    }

    /// Commits the new index as being at `position` (where the change log stood before the
    /// first document was read: what changed meanwhile is applied again, which changes nothing).
    pub fn finish(mut self, position: Position) -> Result<u64> {
        let mut writer = self.index.writer.lock().map_err(|_| SearchError::Poisoned)?;
        self.index.commit(&mut writer, position)?;
        self.done = true;
        self.index.rebuilding.store(false, Ordering::SeqCst);
        Ok(self.added)
    }
}

impl Drop for Rebuild<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Ok(mut writer) = self.index.writer.lock()
            && let Err(e) = writer.rollback()
        {
            tracing::error!(error = %e, "rolling back an unfinished search index rebuild");
        }
        self.index.rebuilding.store(false, Ordering::SeqCst);
    }
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// The hits asked for, best first.
    pub hits: Vec<Hit>,
    /// How many of each kind match (under the same filter), whatever kinds were asked for.
    pub counts: Vec<(Kind, usize)>,
    /// Whether words were matched with a typo or two, because the exact words found nothing.
    pub fuzzy: bool,
    /// Whether every match was counted; otherwise the counts are of the first
    /// [`COUNTED`](crate::COUNTED) matches, newest first, and the hits the best of those.
    pub complete: bool,
    /// With typos forgiven: the query as the words most like the typed ones that the reader may
    /// find ("Bedoelde u …?").
    pub meant: Option<String>,
}

impl Found {
    /// All matches of the kinds asked for.
    pub fn total(&self, kinds: Option<&[Kind]>) -> usize {
        self.counts.iter().filter(|(k, _)| kinds.is_none_or(|ks| ks.contains(k))).map(|(_, n)| n).sum()
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub key: Field,
    pub kind: Field,
    pub kind_number: Field,
    pub id: Field,
    pub container: Field,
    pub reach: Field,
    pub post: Field,
    pub author: Field,
    pub title: Field,
    pub body: Field,
    pub words: Field,
    pub parts: Field,
    pub english: Field,
    pub topics: Field,
    pub at: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyzer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        kind_number: b.add_u64_field(KIND_NUMBER, FAST),
        id: b.add_i64_field("id", STORED),
        container: b.add_text_field("container", STRING),
        reach: b.add_text_field("reach", STRING | STORED),
        post: b.add_i64_field("post", INDEXED),
        author: b.add_i64_field("author", INDEXED),
        title: b.add_text_field("title", text(DUTCH) | STORED),
        body: b.add_text_field("body", text(DUTCH) | STORED),
        words: b.add_text_field("words", text(WORDS)),
        parts: b.add_text_field("parts", text(PARTS)),
        english: b.add_text_field("english", text(ENGLISH)),
        topics: b.add_text_field(TOPICS, STRING | FAST),
        at: b.add_i64_field(AT, INDEXED | FAST),
    };
    (b.build(), fields)
}

/// Documents newest first in every segment: a search that stops after the first matches it
/// meets (see `searching.rs`) has met the newest.
fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField { field: AT.into(), order: Order::Desc }),
        ..IndexSettings::default()
    }
}

/// A search index: one writer per process (tantivy locks the folder), readers on every request.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter>,
    rebuilding: AtomicBool,
    /// Whether a commit with a position was ever made.
    filled: AtomicBool,
    pub(crate) f: Fields,
    pub(crate) reach_cache: std::sync::Arc<ReachCache>,
    pub(crate) columns: std::sync::Arc<Columns>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("documents", &self.len()).finish_non_exhaustive()
    }
}

/// The writer's memory for new documents before it writes a segment.
const WRITER_MEMORY: usize = 50_000_000;

impl SearchIndex {
    /// Opens the index in `dir`, creating the folder and an empty index when there is none. An
    /// index of an older layout is emptied: it is a projection, so the node fills it again.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let opened = Index::builder().schema(schema.clone()).settings(settings()).open_or_create(directory);
        let index = match opened {
            Ok(index) if *index.settings() == settings() => index,
            Ok(_) | Err(tantivy::TantivyError::SchemaError(_)) => {
                tracing::warn!(dir = %dir.display(), "search index of an older layout: made anew");
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::builder().schema(schema).settings(settings()).create_in_dir(dir)?
            }
            Err(e) => return Err(e.into()),
        };
        SearchIndex::with(index, f)
    }

    /// An index in memory (tests, and a node that has no folder for one).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, f) = schema();
        SearchIndex::with(Index::builder().schema(schema).settings(settings()).create_in_ram()?, f)
    }

    fn with(index: Index, f: Fields) -> Result<SearchIndex> {
        analysis::register(&index);
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let filled = index.load_metas()?.payload.is_some();
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            rebuilding: AtomicBool::new(false),
            filled: AtomicBool::new(filled),
            f,
            reach_cache: Default::default(),
            columns: Default::default(),
        })
    }

    /// The last change-log position committed with the index; `None` for an index never filled.
    pub fn position(&self) -> Result<Option<Position>> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
    }

    /// Whether the index was ever filled (it has a position), without reading its metadata
    /// file: what every search asks.
    pub fn is_filled(&self) -> bool {
        self.filled.load(Ordering::SeqCst)
    }

    /// How many documents it holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The reach the document of `kind` and `id` was indexed with, if it is in the index.
    pub fn reach_of(&self, kind: Kind, id: i64) -> Result<Option<String>> {
        let searcher = self.reader.searcher();
        let key = TermQuery::new(Term::from_field_text(self.f.key, &Document::key(kind, id)), IndexRecordOption::Basic);
        let found = searcher.search(&key, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = found.first() else { return Ok(None) };
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(doc.get_first(self.f.reach).and_then(|v| v.as_str()).map(str::to_owned))
    }

    /// Applies `updates` and commits them with `position`, in one commit: after a crash the
    /// index holds all of them and says so, or none and says the position before.
    pub fn apply(&self, updates: &[Update], position: Position) -> Result<()> {
        let mut writer = self.writer_outside_rebuild()?;
        for update in updates {
            match update {
                Update::Put(doc) => {
                    writer.delete_term(Term::from_field_text(self.f.key, &Document::key(doc.kind, doc.id)));
                    writer.add_document(self.document(doc))?;
                }
                Update::Remove(kind, id) => {
                    writer.delete_term(Term::from_field_text(self.f.key, &Document::key(*kind, *id)));
                }
                Update::RemoveComments(post) => {
                    writer.delete_term(Term::from_field_i64(self.f.post, *post));
                }
            }
        }
        self.commit(&mut writer, position)
    }

    /// Empties the index, keeping `position` as where it stands.
    pub fn clear(&self, position: Position) -> Result<()> {
        let mut writer = self.writer_outside_rebuild()?;
        writer.delete_all_documents()?;
        self.commit(&mut writer, position)
    }

    /// Starts filling the index afresh: nothing of it is committed until [`Rebuild::finish`], so
    /// a rebuild that stops half-way leaves the index as it was. Other writes wait meanwhile.
    pub fn rebuild(&self) -> Result<Rebuild<'_>> {
        if self.rebuilding.swap(true, Ordering::SeqCst) {
            return Err(SearchError::Busy);
        }
        let rebuild = Rebuild { index: self, added: 0, done: false };
        self.writer.lock().map_err(|_| SearchError::Poisoned)?.delete_all_documents()?;
        Ok(rebuild)
    }

    fn writer_outside_rebuild(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        if self.rebuilding.load(Ordering::SeqCst) {
            return Err(SearchError::Busy);
        }
        self.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn commit(&self, writer: &mut IndexWriter, position: Position) -> Result<()> {
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&position).unwrap_or_default());
        commit.commit()?;
        self.filled.store(true, Ordering::SeqCst);
        self.reader.reload()?;
        let segments: Vec<_> = self.reader.searcher().segment_readers().iter().map(|s| s.segment_id()).collect();
        self.reach_cache.keep_only(&segments);
        self.columns.keep_only(&segments);
        Ok(())
    }

    fn document(&self, d: &Document) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.key, Document::key(d.kind, d.id));
        doc.add_text(f.kind, d.kind.as_str());
        doc.add_u64(f.kind_number, d.kind.number());
        doc.add_i64(f.id, d.id);
        doc.add_text(f.container, &d.container);
        for container in &d.also {
            doc.add_text(f.container, container);
        }
        doc.add_text(f.reach, &d.reach);
        if let Some(post) = d.post {
            doc.add_i64(f.post, post);
        }
        if let Some(author) = d.author {
            doc.add_i64(f.author, author);
        }
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        for text in [&d.title, &d.body] {
            doc.add_text(f.words, text);
            doc.add_text(f.parts, text);
        }
        if analysis::is_english(&d.body) {
            doc.add_text(f.english, &d.body);
        }
        for topic in &d.topics {
            doc.add_text(f.topics, topic);
        }
        doc.add_i64(f.at, d.at.timestamp());
        doc
    }
}
