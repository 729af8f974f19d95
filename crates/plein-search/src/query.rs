//! What a reader typed, read as a search: words (all must match), phrases in double quotes,
//! words to leave out (`-woord`), and a word to complete (`woo*`, or the last word while typing).
//! Nothing a person types is an error: an unbalanced quote closes at the end, other signs separate
//! words, and a query with nothing left finds nothing.

/// The longest query read, in characters (the page says so beyond it).
pub const MAX_QUERY: usize = 500;

/// A query, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Words every hit must contain (in some form).
    pub words: Vec<String>,
    /// Phrases every hit must contain, word for word.
    pub phrases: Vec<String>,
    /// Words no hit may contain.
    pub excluded: Vec<String>,
    /// The start of a word every hit must contain a word beginning with.
    pub prefix: Option<String>,
}

impl Parsed {
    /// Whether nothing is left to search for.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.prefix.is_none()
    }
}

/// Reads `text`; with `complete_last`, the last word (when no space follows it) is a prefix, as
/// in suggestions while typing.
pub fn parse(text: &str, complete_last: bool) -> Parsed {
    let mut out = Parsed::default();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        read_words(&rest[..start], &mut out);
        let after = &rest[start + 1..];
        let (phrase, next) = match after.find('"') {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if phrase.chars().any(char::is_alphanumeric) {
            out.phrases.push(phrase);
        }
        rest = next;
    }
    read_words(rest, &mut out);
    let typing = complete_last && !text.ends_with(char::is_whitespace) && !text.ends_with('"');
    if typing && out.prefix.is_none() && rest.split_whitespace().last().is_some_and(|w| !w.starts_with('-')) {
        out.prefix = out.words.pop();
    }
    out
}

fn read_words(text: &str, out: &mut Parsed) {
    for raw in text.split_whitespace() {
        let (excluded, word) = match raw.strip_prefix('-') {
            Some(w) => (true, w),
            None => (false, raw),
        };
        let prefix = word.ends_with('*');
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        if excluded {
            out.excluded.push(word.to_owned());
        } else if prefix && out.prefix.is_none() {
            out.prefix = Some(word.to_owned());
        } else {
            out.words.push(word.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn words_phrases_exclusions_and_prefixes() {
        let p = parse(r#"parkeren "nieuw gemeentehuis" -kantine verg*"#, false);
        assert_eq!(p.words, s(&["parkeren"]));
        assert_eq!(p.phrases, s(&["nieuw gemeentehuis"]));
        assert_eq!(p.excluded, s(&["kantine"]));
        assert_eq!(p.prefix.as_deref(), Some("verg"));
    }

    #[test]
    fn while_typing_the_last_word_is_completed() {
        assert_eq!(parse("nieuw gemeen", true).prefix.as_deref(), Some("gemeen"));
        assert_eq!(parse("nieuw gemeen", true).words, s(&["nieuw"]));
        // A space after it: the word is whole.
        assert_eq!(parse("nieuw gemeente ", true).prefix, None);
        assert_eq!(parse("nieuw gemeente ", true).words, s(&["nieuw", "gemeente"]));
        // Not on the results page.
        assert_eq!(parse("nieuw gemeen", false).prefix, None);
    }

    #[test]
    fn nothing_typed_is_an_error() {
        for text in [r#""open"#, r#"a "" b"#, "-", "***", "((a OR b)", "é\u{301}", "\"\"\"", "-\"x\""] {
            let p = parse(text, true);
            assert!(p.words.iter().chain(&p.phrases).all(|w| !w.is_empty()), "{text}: {p:?}");
        }
        assert_eq!(parse(r#""open einde"#, false).phrases, s(&["open einde"]));
        assert_eq!(parse("((a OR b)", false).words, s(&["a", "OR", "b"]));
        assert!(parse("*** -", false).is_empty());
    }
}
