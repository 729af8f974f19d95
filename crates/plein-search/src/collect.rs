//! What one pass over the matching documents gathers: how many match of each kind, and the best of
//! each group of kinds (one group for a results page; people, spaces and content for suggestions),
//! ranked by relevance with a boost for recent posts and comments. One pass, so counts and hits
//! come from the same filtered set and a page costs one search.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{ColumnValues, StrColumn};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

use crate::Kind;

/// The fast field with each document's [`Kind::number`].
pub(crate) const KIND_NUMBER: &str = "kind_number";
/// The fast field with when each document was written (seconds).
pub(crate) const AT: &str = "at";
/// The fast field with a post's topics.
pub(crate) const TOPICS: &str = "topics";

const KINDS: usize = Kind::ALL.len();

/// The fast fields a search reads of each segment, opened once per segment (opening one reads its
/// block index, which for a segment of millions of documents cost more than the search itself).
#[derive(Default)]
pub(crate) struct Columns {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentColumns>>>,
}

impl std::fmt::Debug for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Columns").finish_non_exhaustive()
    }
}

/// One segment's columns.
pub(crate) struct SegmentColumns {
    kinds: Arc<dyn ColumnValues<u64>>,
    at: Arc<dyn ColumnValues<i64>>,
    /// When its newest document was written.
    newest: i64,
}

impl Columns {
    pub(crate) fn of(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = reader.segment_id();
        if let Some(columns) = self.segments.lock().ok().and_then(|s| s.get(&id).cloned()) {
            return Ok(columns);
        }
        let fast = reader.fast_fields();
        let at = fast.i64(AT)?;
        let columns = Arc::new(SegmentColumns {
            kinds: fast.u64(KIND_NUMBER)?.first_or_default_col(u64::MAX),
            newest: at.max_value(),
            at: at.first_or_default_col(0),
        });
        if let Ok(mut segments) = self.segments.lock() {
            segments.insert(id, columns.clone());
        }
        Ok(columns)
    }

    /// Forgets the columns of segments that are gone (merged away).
    pub(crate) fn keep_only(&self, segments: &[SegmentId]) {
        if let Ok(mut all) = self.segments.lock() {
            all.retain(|id, _| segments.contains(id));
        }
    }
}

/// Counts per kind, and the best `limits[g]` of each group `g` (kinds are put in groups by
/// `groups[kind number]`; a kind in no group is only counted).
pub(crate) struct Gather {
    pub groups: [Option<usize>; KINDS],
    pub limits: Vec<usize>,
    pub now: i64,
    pub columns: Arc<Columns>,
}

/// What [`Gather`] found: counts by kind number, and each group's best, best first.
pub(crate) struct Gathered {
    pub counts: [usize; KINDS],
    pub best: Vec<Vec<(Score, DocAddress)>>,
}

/// Runs `collector` over the documents `query` matches, newest segments first, stopping after
/// `cap` of them (the index keeps each segment's documents newest first, so these are the newest
/// matches). Returns the fruit and whether every match was seen. A word in a tenth of a large
/// index matches hundreds of thousands of documents; ranking and counting the newest ten thousand
/// keeps a search's cost bounded, as search engines do ("more than 10,000 results").
pub(crate) fn collect_capped<C: Collector>(
    searcher: &Searcher,
    columns: &Columns,
    query: &dyn Query,
    collector: &C,
    cap: usize,
) -> tantivy::Result<(C::Fruit, bool)> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    let mut order: Vec<(i64, usize)> = Vec::with_capacity(searcher.segment_readers().len());
    for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
        order.push((columns.of(reader)?.newest, ordinal));
    }
    order.sort_by(|a, b| b.cmp(a));
    let mut fruits = Vec::with_capacity(order.len());
    let mut seen = 0;
    let mut complete = true;
    for (_, ordinal) in order {
        let reader = searcher.segment_reader(ordinal as SegmentOrdinal);
        let mut child = collector.for_segment(ordinal as SegmentOrdinal, reader)?;
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                if seen == cap {
                    complete = false;
                    break;
                }
                seen += 1;
                let score = if collector.requires_scoring() { scorer.score() } else { 0.0 };
                child.collect(doc, score);
            }
            doc = scorer.advance();
        }
        fruits.push(child.harvest());
        if !complete {
            break;
        }
    }
    Ok((collector.merge_fruits(fruits)?, complete))
}

#[derive(Clone, Copy, PartialEq)]
struct Ranked {
    score: Score,
    doc: DocAddress,
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// Higher scores first; among equals, the earlier document.
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.doc.cmp(&self.doc))
    }
}

/// How much higher `kind` ranks, `age_days` old: posts and comments up to twice as high when new,
/// half of that boost after a month; people and spaces as a post of two weeks.
pub(crate) fn boost(kind: u64, age_days: f32) -> f32 {
    if kind == Kind::Post.number() || kind == Kind::Comment.number() || kind == Kind::News.number() {
        1.0 + 30.0 / (30.0 + age_days.max(0.0))
    } else {
        1.5
    }
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = GatherSegment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<GatherSegment> {
        let columns = self.columns.of(reader)?;
        Ok(GatherSegment {
            segment,
            kinds: columns.kinds.clone(),
            at: columns.at.clone(),
            groups: self.groups,
            limits: self.limits.clone(),
            now: self.now,
            counts: [0; KINDS],
            best: self.limits.iter().map(|n| BinaryHeap::with_capacity(n + 1)).collect(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let mut counts = [0; KINDS];
        let mut heaps: Vec<Vec<Ranked>> = vec![Vec::new(); self.limits.len()];
        for fruit in fruits {
            for (total, n) in counts.iter_mut().zip(fruit.counts) {
                *total += n;
            }
            for (heap, best) in heaps.iter_mut().zip(fruit.best) {
                heap.extend(best.into_iter().map(|(score, doc)| Ranked { score, doc }));
            }
        }
        let best = heaps
            .into_iter()
            .zip(&self.limits)
            .map(|(mut all, limit)| {
                all.sort_by(|a, b| b.cmp(a));
                all.truncate(*limit);
                all.into_iter().map(|r| (r.score, r.doc)).collect()
            })
            .collect();
        Ok(Gathered { counts, best })
    }
}

/// [`Gather`] on one segment.
pub(crate) struct GatherSegment {
    segment: SegmentOrdinal,
    kinds: Arc<dyn ColumnValues<u64>>,
    at: Arc<dyn ColumnValues<i64>>,
    groups: [Option<usize>; KINDS],
    limits: Vec<usize>,
    now: i64,
    counts: [usize; KINDS],
    best: Vec<BinaryHeap<Reverse<Ranked>>>,
}

impl SegmentCollector for GatherSegment {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        let kind = self.kinds.get_val(doc);
        let Some(k) = usize::try_from(kind).ok().filter(|k| *k < KINDS) else { return };
        self.counts[k] += 1;
        let Some(group) = self.groups[k] else { return };
        let limit = self.limits[group];
        if limit == 0 {
            return;
        }
        let age_days = (self.now - self.at.get_val(doc)) as f32 / 86_400.0;
        let ranked = Ranked { score: score * boost(kind, age_days), doc: DocAddress::new(self.segment, doc) };
        let heap = &mut self.best[group];
        if heap.len() < limit {
            heap.push(Reverse(ranked));
        } else if heap.peek().is_some_and(|Reverse(worst)| ranked > *worst) {
            heap.pop();
            heap.push(Reverse(ranked));
        }
    }

    fn harvest(self) -> Gathered {
        let best =
            self.best.into_iter().map(|heap| heap.into_iter().map(|Reverse(r)| (r.score, r.doc)).collect()).collect();
        Gathered { counts: self.counts, best }
    }
}

/// How many matching documents carry each topic.
pub(crate) struct TopicCounts;

impl Collector for TopicCounts {
    type Fruit = HashMap<String, usize>;
    type Child = TopicCountsSegment;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<TopicCountsSegment> {
        Ok(TopicCountsSegment { column: reader.fast_fields().str(TOPICS)?, counts: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, usize>>) -> tantivy::Result<HashMap<String, usize>> {
        let mut all = HashMap::new();
        for fruit in fruits {
            for (topic, n) in fruit {
                *all.entry(topic).or_default() += n;
            }
        }
        Ok(all)
    }
}

/// [`TopicCounts`] on one segment: counted by the segment's ordinals, named at the end.
pub(crate) struct TopicCountsSegment {
    column: Option<StrColumn>,
    counts: HashMap<u64, usize>,
}

impl SegmentCollector for TopicCountsSegment {
    type Fruit = HashMap<String, usize>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                *self.counts.entry(ord).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> HashMap<String, usize> {
        let mut named = HashMap::with_capacity(self.counts.len());
        let Some(column) = &self.column else { return named };
        let mut name = String::new();
        for (ord, n) in self.counts {
            name.clear();
            if column.ord_to_str(ord, &mut name).unwrap_or(false) {
                named.insert(name.clone(), n);
            }
        }
        named
    }
}
