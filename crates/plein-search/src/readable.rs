//! The reader's filter as a set of documents per segment. Joined as term queries, the filter's
//! reaches (`content:open` alone holds most of the index) made every search seek through a union
//! of long posting lists: most of a results page's time on the large demo. Instead, the documents
//! of a set of reaches are gathered once per segment (segments never change) and shared by every
//! reader with the same scope; a reader's own containers are added on top for their search.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::index::Filter;

/// A set of documents of one segment.
#[derive(Clone, Debug, Default)]
pub(crate) struct Docs {
    words: Vec<u64>,
    len: u32,
}

impl Docs {
    fn with_max_doc(max_doc: DocId) -> Docs {
        Docs { words: vec![0; (max_doc as usize).div_ceil(64)], len: 0 }
    }

    fn insert(&mut self, doc: DocId) {
        let (word, bit) = ((doc / 64) as usize, doc % 64);
        if let Some(w) = self.words.get_mut(word)
            && *w & (1 << bit) == 0
        {
            *w |= 1 << bit;
            self.len += 1;
        }
    }

    /// The first document at or after `from`.
    fn next_from(&self, from: DocId) -> DocId {
        let mut word = (from / 64) as usize;
        let Some(&first) = self.words.get(word) else { return TERMINATED };
        let mut bits = first & (u64::MAX << (from % 64));
        loop {
            if bits != 0 {
                return word as DocId * 64 + bits.trailing_zeros();
            }
            word += 1;
            match self.words.get(word) {
                Some(&w) => bits = w,
                None => return TERMINATED,
            }
        }
    }

    /// Adds the documents holding `term` in `reader`.
    fn add_term(&mut self, reader: &SegmentReader, field: Field, term: &Term) -> tantivy::Result<()> {
        let Some(mut postings) = reader.inverted_index(field)?.read_postings(term, IndexRecordOption::Basic)? else {
            return Ok(());
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            self.insert(doc);
            doc = postings.advance();
        }
        Ok(())
    }
}

/// The documents of sets of reaches, per segment, shared by every search.
#[derive(Debug, Default)]
pub(crate) struct ReachCache {
    sets: Mutex<HashMap<(SegmentId, u64), Arc<Docs>>>,
}

impl ReachCache {
    /// Forgets the sets of segments that are gone (merged away).
    pub(crate) fn keep_only(&self, segments: &[SegmentId]) {
        if let Ok(mut sets) = self.sets.lock() {
            sets.retain(|(segment, _), _| segments.contains(segment));
        }
    }
}

/// The documents `filter` lets a reader find: those of its reaches or its containers.
#[derive(Clone, Debug)]
pub(crate) struct Readable {
    reach_field: Field,
    container_field: Field,
    reaches: Arc<Vec<Term>>,
    containers: Arc<Vec<Term>>,
    key: u64,
    cache: Arc<ReachCache>,
    /// This reader's sets, made once per segment for all the queries of one search.
    mine: Arc<Mutex<HashMap<SegmentId, Arc<Docs>>>>,
}

impl Readable {
    pub(crate) fn new(filter: &Filter, reach_field: Field, container_field: Field, cache: Arc<ReachCache>) -> Readable {
        let mut reaches: Vec<&String> = filter.reaches.iter().collect();
        reaches.sort();
        reaches.dedup();
        let mut hasher = DefaultHasher::new();
        reaches.hash(&mut hasher);
        Readable {
            reach_field,
            container_field,
            reaches: Arc::new(reaches.iter().map(|r| Term::from_field_text(reach_field, r)).collect()),
            containers: Arc::new(filter.containers.iter().map(|c| Term::from_field_text(container_field, c)).collect()),
            key: hasher.finish(),
            cache,
            mine: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn docs(&self, reader: &SegmentReader) -> tantivy::Result<Arc<Docs>> {
        let segment = reader.segment_id();
        if let Some(docs) = self.mine.lock().ok().and_then(|m| m.get(&segment).cloned()) {
            return Ok(docs);
        }
        let shared = self.cache.sets.lock().ok().and_then(|s| s.get(&(segment, self.key)).cloned());
        let shared = match shared {
            Some(docs) => docs,
            None => {
                let mut docs = Docs::with_max_doc(reader.max_doc());
                for term in self.reaches.iter() {
                    docs.add_term(reader, self.reach_field, term)?;
                }
                let docs = Arc::new(docs);
                if let Ok(mut sets) = self.cache.sets.lock() {
                    sets.insert((segment, self.key), docs.clone());
                }
                docs
            }
        };
        let docs = if self.containers.is_empty() {
            shared
        } else {
            let mut own = (*shared).clone();
            for term in self.containers.iter() {
                own.add_term(reader, self.container_field, term)?;
            }
            Arc::new(own)
        };
        if let Ok(mut mine) = self.mine.lock() {
            mine.insert(segment, docs.clone());
        }
        Ok(docs)
    }
}

impl Query for Readable {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Readable {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self.docs(reader)?;
        let first = docs.next_from(0);
        // A filter: it adds nothing to a document's score.
        Ok(Box::new(ConstScorer::new(ReadableDocs { docs, doc: first }, 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(reader)?.next_from(doc) == doc {
            Ok(Explanation::new("readable", 0.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} is not readable")))
        }
    }
}

/// A walk through a [`Docs`].
struct ReadableDocs {
    docs: Arc<Docs>,
    doc: DocId,
}

impl DocSet for ReadableDocs {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.docs.next_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc != TERMINATED && target > self.doc {
            self.doc = self.docs.next_from(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.docs.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_of_documents_is_walked_in_order() {
        let mut docs = Docs::with_max_doc(300);
        for d in [0, 5, 63, 64, 200, 299] {
            docs.insert(d);
        }
        docs.insert(5);
        assert_eq!(docs.len, 6);
        let mut walk = ReadableDocs { doc: docs.next_from(0), docs: Arc::new(docs) };
        let mut seen = vec![walk.doc()];
        while walk.advance() != TERMINATED {
            seen.push(walk.doc());
        }
        assert_eq!(seen, [0, 5, 63, 64, 200, 299]);
        let mut walk = ReadableDocs { doc: 0, docs: walk.docs.clone() };
        assert_eq!(walk.seek(6), 63);
        assert_eq!(walk.seek(64), 64);
        assert_eq!(walk.seek(65), 200);
        assert_eq!(walk.seek(300), TERMINATED);
        assert_eq!(Docs::with_max_doc(0).next_from(0), TERMINATED);
    }
}
