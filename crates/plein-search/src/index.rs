//! The index: documents in (put and removed by key, committed with the change-log position they
//! bring the index up to), hits out (filtered by the containers a reader may read, ranked by
//! relevance and recency, with highlighted snippets).

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument, Term};

use crate::analysis::{self, DUTCH, WORDS};
use crate::query::{Parsed, parse};
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
}

impl Kind {
    /// Every kind, in the order the results page lists them.
    pub const ALL: [Kind; 4] = [Kind::Person, Kind::Space, Kind::Post, Kind::Comment];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Person => "person",
            Kind::Space => "space",
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
    fn key(kind: Kind, id: i64) -> String {
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

/// Which containers a reader may read: the policy's scope, in its smaller form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these (`None`: any but [`Filter::deny`]).
    pub allow: Option<Vec<String>>,
    /// Never these.
    pub deny: Vec<String>,
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
}

impl Found {
    /// All matches of the kinds asked for.
    pub fn total(&self, kinds: Option<&[Kind]>) -> usize {
        self.counts.iter().filter(|(k, _)| kinds.is_none_or(|ks| ks.contains(k))).map(|(_, n)| n).sum()
    }
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    kind: Field,
    id: Field,
    container: Field,
    post: Field,
    title: Field,
    body: Field,
    words: Field,
    at: Field,
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
        id: b.add_i64_field("id", STORED),
        container: b.add_text_field("container", STRING),
        post: b.add_i64_field("post", INDEXED),
        title: b.add_text_field("title", text(DUTCH) | STORED),
        body: b.add_text_field("body", text(DUTCH) | STORED),
        words: b.add_text_field("words", text(WORDS)),
        at: b.add_i64_field("at", FAST),
    };
    (b.build(), fields)
}

/// A search index: one writer per process (tantivy locks the folder), readers on every request.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    rebuilding: AtomicBool,
    f: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("documents", &self.len()).finish_non_exhaustive()
    }
}

/// The writer's memory for new documents before it writes a segment.
const WRITER_MEMORY: usize = 50_000_000;

impl SearchIndex {
    /// Opens the index in `dir`, creating the folder and an empty index when there is none.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        SearchIndex::with(index, f)
    }

    /// An index in memory (tests, and a node that has no folder for one).
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, f) = schema();
        SearchIndex::with(Index::create_in_ram(schema), f)
    }

    fn with(index: Index, f: Fields) -> Result<SearchIndex> {
        analysis::register(&index);
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), rebuilding: AtomicBool::new(false), f })
    }

    /// The last change-log position committed with the index; `None` for an index never filled.
    pub fn position(&self) -> Result<Option<Position>> {
        let metas = self.index.load_metas()?;
        Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
    }

    /// How many documents it holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        self.reader.reload()?;
        Ok(())
    }

    fn document(&self, d: &Document) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.key, Document::key(d.kind, d.id));
        doc.add_text(f.kind, d.kind.as_str());
        doc.add_i64(f.id, d.id);
        doc.add_text(f.container, &d.container);
        if let Some(post) = d.post {
            doc.add_i64(f.post, post);
        }
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.words, &d.title);
        doc.add_text(f.words, &d.body);
        doc.add_i64(f.at, d.at.timestamp());
        doc
    }

    /// Searches: at most `limit` hits after `offset`, and the counts per kind, all under the
    /// request's filter. Words of five letters or more may have one typo (nine or more: two) when
    /// the exact words match nothing the reader may see (a typo finds neighbours, `fiets` would
    /// find `niets`: only worth it when there is nothing better).
    pub fn search(&self, request: &Request<'_>) -> Result<Found> {
        let parsed = parse(request.text, request.typing);
        if parsed.is_empty() {
            return Ok(Found::default());
        }
        let searcher = self.reader.searcher();
        let count = |q: &dyn Query| searcher.search(&self.within(q.box_clone(), request.filter, None), &Count);
        let mut matched = self.text_query(&parsed, false);
        let mut fuzzy = false;
        let exact = count(&*matched)?;
        if exact == 0 {
            let loose = self.text_query(&parsed, true);
            if count(&*loose)? > exact {
                matched = loose;
                fuzzy = true;
            }
        }
        let mut counts = Vec::new();
        for kind in Kind::ALL {
            let n = searcher.search(&self.within(matched.box_clone(), request.filter, Some(&[kind])), &Count)?;
            if n > 0 {
                counts.push((kind, n));
            }
        }
        let query = self.within(matched.box_clone(), request.filter, request.kinds);
        let now = Utc::now().timestamp();
        let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset).tweak_score(
            move |segment: &SegmentReader| {
                let at = segment.fast_fields().i64("at").ok().map(|c| c.first_or_default_col(now));
                move |doc, score: Score| {
                    // Up to twice as high when new, half of that boost after a month.
                    let age_days = at.as_ref().map_or(0, |at| (now - at.get_val(doc)).max(0)) as f32 / 86_400.0;
                    score * (1.0 + 30.0 / (30.0 + age_days))
                }
            },
        );
        let found: Vec<(Score, DocAddress)> = searcher.search(&query, &top)?;
        let mut snippets = SnippetGenerator::create(&searcher, &*matched, self.f.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut titles = SnippetGenerator::create(&searcher, &*matched, self.f.title)?;
        titles.set_max_num_chars(TITLE_CHARS);
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let Some(kind) = Kind::parse(&text(self.f.kind)) else { continue };
            let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_i64()) else { continue };
            let title = text(self.f.title);
            let title_html = if title.is_empty() { String::new() } else { highlighted(&titles, &title) };
            let snippet_html = highlighted(&snippets, &text(self.f.body));
            hits.push(Hit { kind, id, score, title_html, snippet_html });
        }
        Ok(Found { hits, counts, fuzzy })
    }

    /// `query` among what `filter` allows, of `kinds`. The sets are term queries joined, not a
    /// `TermSetQuery`: that builds an automaton and a bitset of every document per segment on each
    /// search, half the time of a results page; a reader's lists are short.
    fn within(&self, query: Box<dyn Query>, filter: &Filter, kinds: Option<&[Kind]>) -> BooleanQuery {
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let any_of = |terms: Vec<Box<dyn Query>>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(terms.into_iter().map(|t| (Occur::Should, t)).collect()))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        if let Some(allow) = &filter.allow {
            let allowed: Vec<Box<dyn Query>> = allow.iter().map(|c| term(self.f.container, c)).collect();
            clauses.push((Occur::Must, any_of(allowed)));
        }
        for denied in &filter.deny {
            clauses.push((Occur::MustNot, term(self.f.container, denied)));
        }
        if let Some(kinds) = kinds {
            clauses.push((Occur::Must, any_of(kinds.iter().map(|k| term(self.f.kind, k.as_str())).collect())));
        }
        BooleanQuery::new(clauses)
    }

    /// The text part of a query: every word and phrase must match (in the title or the text, a
    /// title counting double), no excluded word may; `loose` lets long words have typos.
    fn text_query(&self, parsed: &Parsed, loose: bool) -> Box<dyn Query> {
        let mut dutch = analysis::dutch();
        let mut words = analysis::words();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &parsed.words {
            let mut either = Vec::new();
            for form in analysis::query_forms(&mut dutch, &mut words, word) {
                either.extend(self.in_text(&[form]));
            }
            if loose {
                for whole in analysis::terms(&mut words, word) {
                    let letters = whole.chars().count();
                    let distance = if letters >= 9 {
                        2
                    } else if letters >= 5 {
                        1
                    } else {
                        0
                    };
                    if distance > 0 {
                        let term = Term::from_field_text(self.f.words, &whole);
                        either.push((Occur::Should, Box::new(FuzzyTermQuery::new(term, distance, true))));
                    }
                }
            }
            if !either.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
            }
        }
        for phrase in &parsed.phrases {
            let stems = analysis::terms(&mut dutch, phrase);
            let either = self.in_text(&stems);
            if !either.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
            }
        }
        if let Some(prefix) = &parsed.prefix {
            let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for whole in analysis::terms(&mut words, prefix) {
                let term = Term::from_field_text(self.f.words, &whole);
                either.push((Occur::Should, Box::new(FuzzyTermQuery::new_prefix(term, 0, false))));
            }
            if !either.is_empty() {
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
            }
        }
        for word in &parsed.excluded {
            for stem in analysis::terms(&mut dutch, word) {
                for field in [self.f.title, self.f.body] {
                    let term = Term::from_field_text(field, &stem);
                    clauses.push((Occur::MustNot, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
                }
            }
        }
        if !clauses.iter().any(|(occur, _)| *occur == Occur::Must) {
            // Only signs, or only exclusions: nothing to find.
            return Box::new(BooleanQuery::new(Vec::new()));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// `stems` (one word, or a phrase when several) in the title (counting double) or the text.
    fn in_text(&self, stems: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
        let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [(self.f.title, 2.0), (self.f.body, 1.0)] {
            let terms: Vec<Term> = stems.iter().map(|s| Term::from_field_text(field, s)).collect();
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs)),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            either.push((Occur::Should, Box::new(BoostQuery::new(query, boost))));
        }
        either
    }
}

/// How long a snippet of text is, in characters.
const SNIPPET_CHARS: usize = 200;
/// Titles are shown whole.
const TITLE_CHARS: usize = 1_000;

/// `text` shortened around the best match, matches in `<b>`, everything HTML-escaped; the start
/// of the text when nothing in it matched.
fn highlighted(generator: &SnippetGenerator, text: &str) -> String {
    let snippet = generator.snippet(text);
    if snippet.is_empty() {
        let start: String = text.chars().take(SNIPPET_CHARS).collect();
        escape(&start)
    } else {
        snippet.to_html()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
