//! Search: a tantivy index on each node, a projection of the database that can always be rebuilt
//! from it. This crate knows documents, Dutch text and queries, not rights: the caller hands in
//! the [`Filter`] that the policy's scope gives a reader (which containers they may read), and
//! checks every hit against the policy again before showing it.
//!
//! - [`analysis`]: how text becomes terms (lower case, accents folded, Dutch stems).
//! - [`query`]: what a reader typed, read as words, phrases, exclusions and a prefix; never an error.
//! - [`SearchIndex`]: documents in, hits out; the change-log position it has applied is stored with
//!   each commit, so a crash neither loses nor doubles an update.

pub mod analysis;
mod collect;
pub mod compounds;
mod index;
pub mod query;
mod readable;
mod searching;

pub use index::{Document, Filter, Found, Hit, Kind, Narrow, Position, Rebuild, Request, SearchIndex, Update};
pub use searching::{COUNTED, Suggestions, Topic};

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Tantivy refused (a damaged or locked index, a full disk).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index folder could not be made or opened.
    #[error("search index folder: {0}")]
    Folder(#[from] std::io::Error),
    /// The index folder could not be opened by tantivy.
    #[error("search index folder: {0}")]
    Open(#[from] tantivy::directory::error::OpenDirectoryError),
    /// A rebuild is under way; other writes wait for it to end.
    #[error("search index is being rebuilt")]
    Busy,
    /// The writer's lock was poisoned by a panic while writing.
    #[error("search index writer poisoned")]
    Poisoned,
}

/// The result of index operations.
pub type Result<T> = std::result::Result<T, SearchError>;
