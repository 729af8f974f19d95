//! Searching: a query read from what the reader typed, kept to what their filter allows, in one
//! pass that gives the counts per kind and the best hits together; typos forgiven only when the
//! exact words find nothing, with the words they probably meant; suggestions while typing.

use std::collections::HashMap;
use std::ops::Bound;

use chrono::Utc;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};

use crate::Result;
use crate::analysis;
use crate::collect::{Gather, Gathered, TopicCounts, collect_capped};
use crate::index::{Filter, Found, Hit, Kind, Narrow, Request, SearchIndex};
use crate::query::{Parsed, parse};
use crate::readable::Readable;

/// What the box suggests while someone types.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Suggestions {
    /// People, best first.
    pub people: Vec<Hit>,
    /// Spaces.
    pub spaces: Vec<Hit>,
    /// Topics that readable posts carry, starting with the word being typed.
    pub topics: Vec<Topic>,
    /// The best posts and comments.
    pub content: Vec<Hit>,
}

impl Suggestions {
    /// Whether there is nothing to suggest.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.spaces.is_empty() && self.topics.is_empty() && self.content.is_empty()
    }
}

/// A topic and how many posts the reader may read carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// Its name (`fietsen`).
    pub name: String,
    /// How many readable posts carry it.
    pub posts: usize,
}

/// How many matches a search ranks and counts at most, newest first (beyond, the page says
/// "more than").
pub const COUNTED: usize = 10_000;

/// How many of each group suggestions show.
const SUGGESTED_PEOPLE: usize = 4;
const SUGGESTED_SPACES: usize = 3;
const SUGGESTED_TOPICS: usize = 3;
const SUGGESTED_CONTENT: usize = 3;
/// A word being typed is completed from this many letters on (one letter matches too much to help).
const SHORTEST_PREFIX: usize = 2;
/// How many words a prefix completes to at most, and how many are looked at per segment.
const COMPLETIONS: usize = 50;
const COMPLETIONS_READ: usize = 5_000;
/// Suggestions rank the newest this many matches (they need no counts).
const SUGGESTION_MATCHES: usize = 2_000;
/// A compound's part counts this much of a whole word.
const PART_BOOST: f32 = 0.5;

impl SearchIndex {
    /// Searches: at most `limit` hits after `offset`, and the counts per kind, all under the
    /// request's filter and narrowing. Words of five letters or more may have one typo (nine or
    /// more: two) when the exact words match nothing the reader may see (a typo finds neighbours,
    /// `fiets` would find `niets`: only worth it when there is nothing better).
    pub fn search(&self, request: &Request<'_>) -> Result<Found> {
        let parsed = parse(request.text, request.typing);
        if parsed.is_empty() {
            return Ok(Found::default());
        }
        let searcher = self.reader.searcher();
        let readable = self.readable(request.filter);
        let mut groups = [None; Kind::ALL.len()];
        for kind in Kind::ALL {
            if request.kinds.is_none_or(|ks| ks.contains(&kind)) {
                groups[kind.number() as usize] = Some(0);
            }
        }
        let gather = Gather {
            groups,
            limits: vec![request.offset + request.limit.max(1)],
            now: Utc::now().timestamp(),
            columns: self.columns.clone(),
        };
        let mut matched = self.text_query(&searcher, &parsed, false)?;
        let (mut gathered, mut complete) = collect_capped(
            &searcher,
            &self.columns,
            &self.within(matched.box_clone(), &readable, request.narrow),
            &gather,
            COUNTED,
        )?;
        let (mut fuzzy, mut meant) = (false, None);
        if total(&gathered) == 0 && !parsed.words.is_empty() {
            let loose = self.text_query(&searcher, &parsed, true)?;
            let (again, all) = collect_capped(
                &searcher,
                &self.columns,
                &self.within(loose.box_clone(), &readable, request.narrow),
                &gather,
                COUNTED,
            )?;
            if total(&again) > 0 {
                (matched, gathered, complete, fuzzy) = (loose, again, all, true);
                meant = self.meant(&searcher, request.text, &parsed, &readable)?;
            }
        }
        let counts =
            Kind::ALL.into_iter().map(|k| (k, gathered.counts[k.number() as usize])).filter(|(_, n)| *n > 0).collect();
        let best: Vec<(Score, DocAddress)> =
            gathered.best.into_iter().next().unwrap_or_default().into_iter().skip(request.offset).collect();
        let hits = self.hits(&searcher, &*matched, best)?;
        Ok(Found { hits, counts, fuzzy, complete, meant })
    }

    /// Suggestions for what someone is typing: the last word is completed; people, spaces,
    /// topics and content each get a few places, all under `filter`.
    pub fn suggest(&self, text: &str, filter: &Filter) -> Result<Suggestions> {
        let parsed = parse(text, true);
        if parsed.is_empty() {
            return Ok(Suggestions::default());
        }
        let searcher = self.reader.searcher();
        let mut groups = [None; Kind::ALL.len()];
        groups[Kind::Person.number() as usize] = Some(0);
        groups[Kind::Space.number() as usize] = Some(1);
        groups[Kind::Post.number() as usize] = Some(2);
        groups[Kind::Comment.number() as usize] = Some(2);
        groups[Kind::News.number() as usize] = Some(2);
        let gather = Gather {
            groups,
            limits: vec![SUGGESTED_PEOPLE, SUGGESTED_SPACES, SUGGESTED_CONTENT],
            now: Utc::now().timestamp(),
            columns: self.columns.clone(),
        };
        let readable = self.readable(filter);
        let matched = self.text_query(&searcher, &parsed, false)?;
        let query = self.within(matched.box_clone(), &readable, &Narrow::default());
        let (gathered, _) = collect_capped(&searcher, &self.columns, &query, &gather, SUGGESTION_MATCHES)?;
        let mut groups = gathered.best.into_iter();
        let mut next = || self.hits(&searcher, &*matched, groups.next().unwrap_or_default());
        let (people, spaces, content) = (next()?, next()?, next()?);
        let topics = match parsed.prefix.as_deref().or(parsed.words.last().map(String::as_str)) {
            Some(word) => self.topics(&searcher, word, &readable)?,
            None => Vec::new(),
        };
        Ok(Suggestions { people, spaces, topics, content })
    }

    /// Topics that start with a word of `text` (the first word that has any) and that posts the
    /// reader may read carry, most used first: the topics a results page offers.
    pub fn topics_for(&self, text: &str, filter: &Filter) -> Result<Vec<Topic>> {
        let parsed = parse(text, false);
        let searcher = self.reader.searcher();
        let readable = self.readable(filter);
        for word in parsed.words.iter().chain(&parsed.prefix) {
            let topics = self.topics(&searcher, word, &readable)?;
            if !topics.is_empty() {
                return Ok(topics);
            }
        }
        Ok(Vec::new())
    }

    /// Topics starting with `word` that posts the reader may read carry, most used first.
    fn topics(&self, searcher: &Searcher, word: &str, readable: &Readable) -> Result<Vec<Topic>> {
        let Some(start) = analysis::terms(&mut analysis::words(), word).into_iter().next() else {
            return Ok(Vec::new());
        };
        if start.chars().count() < SHORTEST_PREFIX {
            return Ok(Vec::new());
        }
        let topics: Vec<(Occur, Box<dyn Query>)> = self
            .completions(searcher, self.f.topics, &start)?
            .into_iter()
            .map(|t| -> (Occur, Box<dyn Query>) {
                (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)))
            })
            .collect();
        let query = self.within(Box::new(BooleanQuery::new(topics)), readable, &Narrow::default());
        let (counted, _) = collect_capped(searcher, &self.columns, &query, &TopicCounts, COUNTED)?;
        let mut topics: Vec<Topic> = counted
            .into_iter()
            .filter(|(name, _)| name.starts_with(&start))
            .map(|(name, posts)| Topic { name, posts })
            .collect();
        topics.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.name.cmp(&b.name)));
        topics.truncate(SUGGESTED_TOPICS);
        Ok(topics)
    }

    /// The query with each word that is in no document replaced by the word most like it that
    /// the reader may find (so a suggestion never names a word only a secret space holds);
    /// `None` when no word could be bettered.
    fn meant(&self, searcher: &Searcher, text: &str, parsed: &Parsed, readable: &Readable) -> Result<Option<String>> {
        let mut words = analysis::words();
        let mut corrected = text.to_owned();
        let mut changed = false;
        for word in &parsed.words {
            let Some(whole) = analysis::terms(&mut words, word).into_iter().next() else { continue };
            let term = Term::from_field_text(self.f.words, &whole);
            if searcher.doc_freq(&term)? > 0 {
                continue;
            }
            let distance = typos_allowed(&whole);
            if distance == 0 {
                continue;
            }
            let automaton = FuzzyTermQuery::new(term, distance, true).automaton()?;
            let mut frequent: HashMap<Vec<u8>, u64> = HashMap::new();
            for segment in searcher.segment_readers() {
                let terms = segment.inverted_index(self.f.words)?;
                let mut stream = terms.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    *frequent.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
            let mut candidates: Vec<(Vec<u8>, u64)> = frequent.into_iter().collect();
            candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for (bytes, _) in candidates.into_iter().take(5) {
                let Ok(candidate) = String::from_utf8(bytes) else { continue };
                let query = TermQuery::new(Term::from_field_text(self.f.words, &candidate), IndexRecordOption::Basic);
                let within = self.within(Box::new(query), readable, &Narrow::default());
                if collect_capped(searcher, &self.columns, &within, &Count, 1)?.0 > 0 {
                    corrected = corrected.replacen(word.as_str(), &candidate, 1);
                    changed = true;
                    break;
                }
            }
        }
        Ok(changed.then_some(corrected))
    }

    /// The documents at `best` as hits, with titles and snippets marked where `matched` matched.
    fn hits(&self, searcher: &Searcher, matched: &dyn Query, best: Vec<(Score, DocAddress)>) -> Result<Vec<Hit>> {
        if best.is_empty() {
            return Ok(Vec::new());
        }
        let mut snippets = SnippetGenerator::create(searcher, matched, self.f.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut titles = SnippetGenerator::create(searcher, matched, self.f.title)?;
        titles.set_max_num_chars(TITLE_CHARS);
        let mut hits = Vec::with_capacity(best.len());
        for (score, address) in best {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let Some(kind) = Kind::parse(&text(self.f.kind)) else { continue };
            let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_i64()) else { continue };
            let title = text(self.f.title);
            let title_html = if title.is_empty() { String::new() } else { highlighted(&titles, &title).0 };
            let (snippet_html, snippet_text) = highlighted(&snippets, &text(self.f.body));
            hits.push(Hit { kind, id, score, title_html, snippet_html, snippet_text });
        }
        Ok(hits)
    }

    /// What `filter` lets the reader find, as one query for all the searches of a request.
    fn readable(&self, filter: &Filter) -> Readable {
        Readable::new(filter, self.f.reach, self.f.container, self.reach_cache.clone())
    }

    /// `query` among what the reader may find and `narrow` keeps.
    fn within(&self, query: Box<dyn Query>, readable: &Readable, narrow: &Narrow) -> BooleanQuery {
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, query), (Occur::Must, Box::new(readable.clone()))];
        if let Some(container) = &narrow.container {
            clauses.push((Occur::Must, term(self.f.container, container)));
        }
        if let Some(author) = narrow.author {
            let author = TermQuery::new(Term::from_field_i64(self.f.author, author), IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(author)));
        }
        if narrow.since.is_some() || narrow.until.is_some() {
            let at = |t: i64| Term::from_field_i64(self.f.at, t);
            let since = narrow.since.map_or(Bound::Unbounded, |t| Bound::Included(at(t)));
            let until = narrow.until.map_or(Bound::Unbounded, |t| Bound::Excluded(at(t)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(since, until))));
        }
        BooleanQuery::new(clauses)
    }

    /// The text part of a query: every word and phrase must match (in the title or the text, a
    /// title counting double, a compound's part half), no excluded word may; `loose` lets long
    /// words have typos.
    fn text_query(&self, searcher: &Searcher, parsed: &Parsed, loose: bool) -> Result<Box<dyn Query>> {
        let mut dutch = analysis::dutch();
        let mut words = analysis::words();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut english = analysis::english();
        for word in &parsed.words {
            let mut either = Vec::new();
            for form in analysis::query_forms(&mut dutch, &mut words, word) {
                either.extend(self.in_text(std::slice::from_ref(&form)));
                let part = TermQuery::new(Term::from_field_text(self.f.parts, &form), IndexRecordOption::WithFreqs);
                either.push((Occur::Should, Box::new(BoostQuery::new(Box::new(part), PART_BOOST))));
            }
            // Texts in English are also indexed with English stems.
            for stem in analysis::terms(&mut english, word) {
                let term = Term::from_field_text(self.f.english, &stem);
                either.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))));
            }
            if loose {
                for whole in analysis::terms(&mut words, word) {
                    let distance = typos_allowed(&whole);
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
                if whole.chars().count() < SHORTEST_PREFIX {
                    continue;
                }
                for term in self.completions(searcher, self.f.words, &whole)? {
                    either.push((Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))));
                }
            }
            // A prefix nothing completes finds nothing (not everything).
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
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
            return Ok(Box::new(BooleanQuery::new(Vec::new())));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The words a prefix completes to: the [`COMPLETIONS`] found in most documents. (Every word
    /// with the prefix would make `a*` read much of the index; search engines bound it the same
    /// way.)
    fn completions(&self, searcher: &Searcher, field: Field, prefix: &str) -> Result<Vec<Term>> {
        let mut end = prefix.as_bytes().to_vec();
        end.push(0xff);
        let mut found: HashMap<Vec<u8>, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let terms = segment.inverted_index(field)?;
            let mut stream = terms.terms().range().ge(prefix.as_bytes()).lt(&end).into_stream()?;
            let mut read = 0;
            while read < COMPLETIONS_READ && stream.advance() {
                *found.entry(stream.key().to_vec()).or_default() += u64::from(stream.value().doc_freq);
                read += 1;
            }
        }
        let mut found: Vec<(Vec<u8>, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(found
            .into_iter()
            .take(COMPLETIONS)
            .filter_map(|(bytes, _)| String::from_utf8(bytes).ok())
            .map(|word| Term::from_field_text(field, &word))
            .collect())
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

/// How many typos a word may have: one from five letters, two from nine.
fn typos_allowed(word: &str) -> u8 {
    match word.chars().count() {
        9.. => 2,
        5.. => 1,
        _ => 0,
    }
}

fn total(gathered: &Gathered) -> usize {
    gathered.counts.iter().sum()
}

/// How long a snippet of text is, in characters.
const SNIPPET_CHARS: usize = 200;
/// Titles are shown whole.
const TITLE_CHARS: usize = 1_000;

/// `text` shortened around the best match, as HTML (matches in `<b>`, everything escaped) and as
/// plain text; the start of the text when nothing in it matched.
fn highlighted(generator: &SnippetGenerator, text: &str) -> (String, String) {
    let snippet = generator.snippet(text);
    if snippet.is_empty() {
        let start: String = text.chars().take(SNIPPET_CHARS).collect();
        (escape(&start), start)
    } else {
        (snippet.to_html(), snippet.fragment().to_owned())
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
