//! What changed in a new version of an item asking for confirmation, word by word: readers who
//! confirmed the version before see what they are asked to read again.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// A run of words, as it stands in both versions, or only in the old or the new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Words {
    /// In both.
    Same(String),
    /// Only in the version before.
    Removed(String),
    /// Only in the new version.
    Added(String),
}

/// A part of an item that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangedField {
    /// The title.
    Title,
    /// The lead.
    Lead,
    /// The text.
    Body,
}

/// The changes of one part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChanges {
    /// Which part.
    pub field: ChangedField,
    /// Its words, marked.
    pub words: Vec<Words>,
}

/// A text's version as (title, lead, body).
pub type VersionText<'a> = (&'a str, &'a str, &'a str);

/// The parts that differ between `old` and `new`, each as runs of words.
pub fn changes(old: VersionText<'_>, new: VersionText<'_>) -> Vec<FieldChanges> {
    [(ChangedField::Title, old.0, new.0), (ChangedField::Lead, old.1, new.1), (ChangedField::Body, old.2, new.2)]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, a, b)| FieldChanges { field, words: word_changes(a, b) })
        .collect()
}

/// `old` against `new` word by word; runs of the same kind are joined.
pub fn word_changes(old: &str, new: &str) -> Vec<Words> {
    // A bound on the work: past it the diff is coarser, never wrong.
    let diff = TextDiff::configure().timeout(Duration::from_millis(200)).diff_words(old, new);
    let mut out: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Words::Same(run)))
            | (ChangeTag::Delete, Some(Words::Removed(run)))
            | (ChangeTag::Insert, Some(Words::Added(run))) => run.push_str(text),
            (ChangeTag::Equal, _) => out.push(Words::Same(text.to_owned())),
            (ChangeTag::Delete, _) => out.push(Words::Removed(text.to_owned())),
            (ChangeTag::Insert, _) => out.push(Words::Added(text.to_owned())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_changed_are_marked_and_the_rest_kept() {
        let words = word_changes("Elk team spreekt twee vaste dagen af.", "Elk team spreekt drie vaste dagen af.");
        assert_eq!(
            words,
            [
                Words::Same("Elk team spreekt ".into()),
                Words::Removed("twee".into()),
                Words::Added("drie".into()),
                Words::Same(" vaste dagen af.".into()),
            ]
        );
    }

    #[test]
    fn only_the_parts_that_changed_are_listed() {
        let old = ("Werkplekregeling", "Vaste dagen.", "Twee dagen.");
        assert!(changes(old, old).is_empty());
        let new = ("Werkplekregeling", "Vaste dagen.", "Drie dagen.");
        let found = changes(old, new);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, ChangedField::Body);
        // Put together, the runs give back either version.
        let (mut before, mut after) = (String::new(), String::new());
        for w in &found[0].words {
            match w {
                Words::Same(t) => {
                    before.push_str(t);
                    after.push_str(t);
                }
                Words::Removed(t) => before.push_str(t),
                Words::Added(t) => after.push_str(t),
            }
        }
        assert_eq!((before.as_str(), after.as_str()), ("Twee dagen.", "Drie dagen."));
    }
}
