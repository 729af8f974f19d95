//! How text becomes terms. Two analyzers, registered on every index:
//! - [`DUTCH`]: words split at anything not a letter or digit, lower case, accents folded
//!   (`café` → `cafe`), then Snowball's Dutch stemmer (`fietsen` and `fiets` → `fiets`,
//!   `vergaderingen` → `vergader`). No stop words are dropped, so a phrase keeps its positions.
//! - [`WORDS`]: the same without stemming, for completing a word being typed and for typos.
//! - [`ENGLISH`]: Snowball's English stems, for texts in English (Dutch first, English second:
//!   a colleague may write in English; `studies` and `studying` find each other there).
//! - [`PARTS`]: only the parts of compound words (`parkeervergunning` → `parkeren`, `vergunning`),
//!   stemmed like [`DUTCH`]: see [`crate::compounds`].

use tantivy::Index;

use crate::compounds::CompoundParts;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

/// The stemmed analyzer's name in the index.
pub const DUTCH: &str = "plein_nl";
/// The unstemmed analyzer's name in the index.
pub const WORDS: &str = "plein_words";

/// The English analyzer's name in the index (for texts in English).
pub const ENGLISH: &str = "plein_en";

/// The compound parts analyzer's name in the index.
pub const PARTS: &str = "plein_parts";

/// Longer "words" (hashes, links) are not indexed.
const LONGEST_WORD: usize = 40;

/// The Dutch analyzer.
pub fn dutch() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::Dutch))
        .build()
}

/// The analyzer of whole words.
pub fn words() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The English analyzer: as [`dutch`], with Snowball's English stemmer.
pub fn english() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Whether `text` is in English (so worth English stems too). Short texts say too little to tell.
pub fn is_english(text: &str) -> bool {
    text.split_whitespace().count() >= 4 && whichlang::detect_language(text) == whichlang::Lang::Eng
}

/// The analyzer of compound words' parts.
pub fn parts() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CompoundParts)
        .filter(Stemmer::new(Language::Dutch))
        .build()
}

/// Makes the analyzers known to `index`.
pub fn register(index: &Index) {
    index.tokenizers().register(DUTCH, dutch());
    index.tokenizers().register(WORDS, words());
    index.tokenizers().register(PARTS, parts());
    index.tokenizers().register(ENGLISH, english());
}

/// The stemmed terms a query word `word` is looked for as: its stem, the word itself, and the stem
/// of its stem. Snowball's Dutch stemmer takes the `s` off a singular (`fiets` → `fiet`) that it
/// leaves on the plural's stem (`fietsen` → `fiets`); with these three, each finds the other.
/// (One word; a word with signs inside, `e-mail`, gives the forms of its parts.)
pub fn query_forms(dutch: &mut TextAnalyzer, words: &mut TextAnalyzer, word: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for (whole, stem) in terms(words, word).into_iter().zip(terms(dutch, word)) {
        let again = terms(dutch, &stem).into_iter().next().unwrap_or_default();
        for form in [stem, whole, again] {
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a search for `a` finds a text with `b`.
    fn finds(a: &str, b: &str) -> bool {
        let (mut nl, mut w) = (dutch(), words());
        let indexed = terms(&mut nl, b);
        query_forms(&mut nl, &mut w, a).iter().any(|f| indexed.contains(f))
    }

    #[test]
    fn dutch_forms_of_a_word_find_each_other() {
        let same = [
            // Plurals, both ways.
            ("fiets", "fietsen"),
            ("vergadering", "vergaderingen"),
            ("huis", "huizen"),
            ("gemeente", "gemeenten"),
            ("auto", "auto's"),
            // Diminutives.
            ("kopje", "kopjes"),
            // Accents and case.
            ("Café", "cafe"),
            ("privé", "prive"),
            ("ÉÉN", "een"),
        ];
        for (a, b) in same {
            assert!(finds(a, b) && finds(b, a), "{a} and {b} should find each other");
        }
        // Different words stay apart.
        assert!(!finds("raad", "raam") && !finds("raam", "raad"));
        // Punctuation splits; nothing is dropped, so positions stay true for phrases.
        assert_eq!(terms(&mut dutch(), "de e-mail, van de raad").len(), 6);
    }

    #[test]
    fn whole_words_are_folded_but_not_stemmed() {
        let mut w = words();
        assert_eq!(terms(&mut w, "Vergaderingen in het Gemeentehuis"), ["vergaderingen", "in", "het", "gemeentehuis"]);
        assert_eq!(terms(&mut w, "coördinatie"), ["coordinatie"]);
    }
}
