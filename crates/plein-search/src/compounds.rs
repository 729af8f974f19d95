//! Dutch compound words. Dutch writes compounds as one word (`parkeervergunning`,
//! `gemeentehuis`), so a reader who searches `vergunning` or `huis` would miss them. Each
//! compound is also indexed under its parts (in a field of its own, ranked below whole-word
//! matches): a word is cut where the end is a word of OpenTaal's list (`words/nl.txt`, copied from
//! npm by `scripts/vendor-assets.mjs`) and the start is one too, allowing for the linking letters
//! (`arbeid·s·contract`, `boek·en·kast`) and verb stems (`werk·plek`, `parkeer·garage`).
//! The start may itself be a compound (`subsidie·aanvraag·formulier`).
//!
//! Precision over recall: a cut that makes a false word (`moei·lijk`, `verga·dering`) costs every
//! search for that word, so suffixes that are also words (`lijk`, `heid`) are never a head, and both
//! sides must be known words. `compound_parts_are_found_with_few_false_cuts` measures it.

use std::collections::HashSet;
use std::sync::LazyLock;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

static WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../words/nl.txt").lines().filter(|w| !w.is_empty()).collect());

/// Shorter words are not compounds worth cutting.
const SHORTEST_COMPOUND: usize = 7;
/// The shortest end (head) of a compound: `huis`, `plan`.
const SHORTEST_HEAD: usize = 4;
/// The shortest start (modifier): `ict`, `bus`.
const SHORTEST_MODIFIER: usize = 3;
/// A modifier shorter than this is not indexed as a part of its own (but still lets the head be).
const SHORTEST_INDEXED_MODIFIER: usize = 4;

/// Endings that are words too but, at the end of a word, are mostly suffixes: `moei·lijk`,
/// `ge·zond·heid`, `eigen·schap`, `ver·taling`.
const SUFFIX_WORDS: &[&str] = &[
    "lijk", "heid", "heden", "schap", "baar", "zaam", "loos", "lingen", "isch", "achtig", "ster", "erij", "teit",
    "ties", "ende", "eren", "elijk", "tjes", "baarheid",
];

/// Starts that are prepositions or particles: the head is a part, the start is not worth a term
/// of its own (`voor·zitter`, `onder·nemer`, `over·leg`).
const PARTICLES: &[&str] = &[
    "aan", "achter", "binnen", "boven", "buiten", "door", "langs", "mede", "mee", "naar", "over", "onder", "tegen",
    "terug", "tussen", "uit", "voor", "vooruit", "weg",
];

/// The parts of `word` (lower case, accents folded) worth finding it by: the start's dictionary
/// form (unless a particle) and the end as written; none when it is not a compound of known words.
pub fn parts(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    cut(word, &mut out);
    out
}

fn cut(word: &str, out: &mut Vec<String>) -> bool {
    if !word.is_ascii() || word.len() < SHORTEST_COMPOUND || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    // Of the places a word can be cut with a known word on each side, the best: a start that is
    // a word of its own (not a compound again), then the longest start (`gemeente·huis`, not
    // `gemeen·tehuis`).
    let mut best: Option<(bool, usize, Vec<String>)> = None;
    for at in SHORTEST_MODIFIER..=word.len() - SHORTEST_HEAD {
        let (start, end) = word.split_at(at);
        let Some(head) = lemma(end) else { continue };
        if is_suffix(&head) || is_suffix(end) {
            continue;
        }
        let mut parts = Vec::new();
        let Some(modifier) = modifier_lemma(start, &mut parts) else { continue };
        let compound_start = !parts.is_empty();
        if modifier.len() >= SHORTEST_INDEXED_MODIFIER && !PARTICLES.contains(&modifier.as_str()) {
            // A verb's stem is a word too (`parkeer`), but a reader searches the infinitive.
            if let Some(verb) = infinitive(&modifier).filter(|v| *v != modifier) {
                parts.push(verb);
            }
            parts.push(modifier);
        }
        parts.push(end.to_owned());
        let better = match &best {
            None => true,
            Some((was_compound, was_at, _)) => {
                (!compound_start && *was_compound) || (compound_start == *was_compound && at > *was_at)
            }
        };
        if better {
            best = Some((compound_start, at, parts));
        }
    }
    match best {
        Some((_, _, parts)) => {
            out.extend(parts);
            true
        }
        None => false,
    }
}

/// Whether an end is mostly a suffix: listed, or a short `-ing` (`verga·dering`, `belas·ting`).
fn is_suffix(end: &str) -> bool {
    SUFFIX_WORDS.contains(&end) || (end.len() <= 5 && end.ends_with("ing"))
}

fn known(word: &str) -> bool {
    WORDS.contains(word)
}

/// The dictionary form of `word` as the end of a compound: itself, or without a plural or
/// diminutive ending (`vergunningen`, `huizen`, `brieven`, `straten`, `kopjes`).
fn lemma(word: &str) -> Option<String> {
    if known(word) {
        return Some(word.to_owned());
    }
    if let Some(base) = word.strip_suffix("en").filter(|b| b.len() >= 3) {
        for candidate in singulars(base) {
            if known(&candidate) {
                return Some(candidate);
            }
        }
    }
    for ending in ["s", "jes", "je", "tjes", "tje"] {
        if let Some(base) = word.strip_suffix(ending).filter(|b| b.len() >= 3)
            && known(base)
        {
            return Some(base.to_owned());
        }
    }
    None
}

/// What a plural stem (a word less its `en`) may be the plural of: itself (`vergunning`), with a
/// doubled consonant single (`bus·sen`), `z`/`v` as `s`/`f` (`huiz·en`, `briev·en`), a long vowel
/// written double again (`strat·en` → `straat`).
fn singulars(base: &str) -> Vec<String> {
    let mut out = vec![base.to_owned()];
    let b = base.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b[n - 2] {
        out.push(base[..n - 1].to_owned());
    }
    match b[n - 1] {
        b'z' => out.push(format!("{}s", &base[..n - 1])),
        b'v' => out.push(format!("{}f", &base[..n - 1])),
        _ => {}
    }
    if n >= 3 && is_vowel(b[n - 2]) && !is_vowel(b[n - 1]) && !is_vowel(b[n - 3]) {
        out.push(format!("{}{}{}", &base[..n - 1], b[n - 2] as char, b[n - 1] as char));
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The dictionary form of `start` as the start of a compound: a word, a word with a linking `s`
/// or `e`/`en` (`arbeid·s`, `ziekte`, `boek·en`), a verb's stem (`werk` of `werken`, `parkeer` of
/// `parkeren`), or a compound itself (its parts go to `inner`).
fn modifier_lemma(start: &str, inner: &mut Vec<String>) -> Option<String> {
    if let Some(word) = lemma(start) {
        return Some(word);
    }
    for link in ["s", "e", "en"] {
        if let Some(base) = start.strip_suffix(link).filter(|b| b.len() >= SHORTEST_MODIFIER)
            && known(base)
        {
            return Some(base.to_owned());
        }
    }
    if let Some(verb) = infinitive(start) {
        return Some(verb);
    }
    let mut parts = Vec::new();
    if cut(start, &mut parts) {
        inner.extend(parts);
        // The start's own parts are indexed; it is a word of its own too.
        return Some(start.to_owned());
    }
    None
}

/// The infinitive whose stem `stem` is, if it is a known verb: `werk` → `werken`, and with a
/// long vowel written once, `parkeer` → `parkeren`. Not from three letters (`ver·gade` is no
/// `veren`).
fn infinitive(stem: &str) -> Option<String> {
    if stem.len() < 4 {
        return None;
    }
    let verb = format!("{stem}en");
    if known(&verb) {
        return Some(verb);
    }
    let b = stem.as_bytes();
    let n = b.len();
    if is_vowel(b[n - 2]) && b[n - 2] == b[n - 3] && !is_vowel(b[n - 1]) {
        let verb = format!("{}{}en", &stem[..n - 2], b[n - 1] as char);
        if known(&verb) {
            return Some(verb);
        }
    }
    None
}

/// A token filter that replaces each compound by its parts (at its position) and drops other
/// words: what the `parts` field holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompoundParts;

impl TokenFilter for CompoundParts {
    type Tokenizer<T: Tokenizer> = CompoundPartsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CompoundPartsFilter<T> {
        CompoundPartsFilter { inner: tokenizer, parts: Vec::new() }
    }
}

/// See [`CompoundParts`].
#[derive(Clone)]
pub struct CompoundPartsFilter<T> {
    inner: T,
    parts: Vec<Token>,
}

impl<T: Tokenizer> Tokenizer for CompoundPartsFilter<T> {
    type TokenStream<'a> = CompoundPartsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.parts.clear();
        CompoundPartsStream { tail: self.inner.token_stream(text), parts: &mut self.parts }
    }
}

/// See [`CompoundParts`].
pub struct CompoundPartsStream<'a, T> {
    tail: T,
    parts: &'a mut Vec<Token>,
}

impl<T: TokenStream> TokenStream for CompoundPartsStream<'_, T> {
    fn advance(&mut self) -> bool {
        self.parts.pop();
        while self.parts.is_empty() {
            if !self.tail.advance() {
                return false;
            }
            let token = self.tail.token();
            for part in parts(&token.text).into_iter().rev() {
                self.parts.push(Token { text: part, ..token.clone() });
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.parts.last().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        self.parts.last_mut().unwrap_or_else(|| self.tail.token_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compounds from municipal intranet text, with a part each must be found by.
    const COMPOUNDS: &[(&str, &str)] = &[
        ("parkeervergunning", "vergunning"),
        ("parkeervergunningen", "vergunningen"),
        ("gemeentehuis", "huis"),
        ("gemeentehuis", "gemeente"),
        ("thuiswerken", "werken"),
        ("werkplek", "plek"),
        ("werkplekken", "plekken"),
        ("arbeidsovereenkomst", "overeenkomst"),
        ("arbeidsovereenkomst", "arbeid"),
        ("boekenkast", "kast"),
        ("subsidieaanvraag", "aanvraag"),
        ("subsidieaanvraag", "subsidie"),
        ("raadsvergadering", "vergadering"),
        ("raadsvergaderingen", "vergaderingen"),
        ("bestemmingsplan", "plan"),
        ("omgevingsvergunning", "vergunning"),
        ("kerstborrel", "borrel"),
        ("fietsenstalling", "stalling"),
        ("fietsenstalling", "fiets"),
        ("koffieautomaat", "automaat"),
        ("vakantiedagen", "dagen"),
        ("ziekmelding", "melding"),
        ("wachtwoord", "woord"),
        ("nieuwsbrief", "brief"),
        ("nieuwsbrieven", "brieven"),
        ("personeelsvereniging", "vereniging"),
        ("afvalinzameling", "inzameling"),
        ("burgerzaken", "zaken"),
        ("verkeersveiligheid", "veiligheid"),
        ("teamoverleg", "overleg"),
        ("parkeergarage", "garage"),
        ("vergaderzaal", "zaal"),
        ("sportschool", "school"),
        ("jaarverslag", "verslag"),
        ("klantcontact", "contact"),
        ("gemeenteraad", "raad"),
        ("bouwvergunning", "vergunning"),
        ("zonnepanelen", "panelen"),
        ("ambtenarenstatuut", "statuut"),
        ("belastingaangifte", "aangifte"),
        ("parkeerplaats", "parkeren"),
        ("parkeerplaats", "plaats"),
        ("lunchwandeling", "wandeling"),
    ];

    /// Long words that are not compounds of the words a reader would search for.
    const WHOLE: &[&str] = &[
        "vergadering",
        "moeilijk",
        "gezondheid",
        "eigenschap",
        "vertaling",
        "beveiliging",
        "verhuizing",
        "medewerker",
        "organisatie",
        "informatie",
        "ondersteuning",
        "verantwoordelijk",
        "samenwerking",
        "communicatie",
        "gemeentelijk",
        "begroting",
        "aanmelding",
        "toegankelijk",
        "duurzaamheid",
        "wethouder",
        "burgemeester",
        "ontwikkeling",
        "verbetering",
        "betekenis",
        "vriendelijk",
    ];

    /// Parts that would make a false hit: a search for these must not find the whole word.
    const FALSE_PARTS: &[&str] = &["lijk", "heid", "schap", "ring", "dering", "ling", "ting", "king", "ding"];

    /// Whether `part` (as indexed, stemmed) is found by a search for `wanted`.
    fn finds(part: &str, wanted: &str) -> bool {
        let mut nl = crate::analysis::dutch();
        let mut words = crate::analysis::words();
        let indexed = crate::analysis::terms(&mut nl, part);
        crate::analysis::query_forms(&mut nl, &mut words, wanted).iter().any(|f| indexed.contains(f))
    }

    #[test]
    fn compound_parts_are_found_with_few_false_cuts() {
        let mut found = 0;
        let mut missed = Vec::new();
        for (word, part) in COMPOUNDS {
            if parts(word).iter().any(|p| finds(p, part)) {
                found += 1;
            } else {
                missed.push(format!("{word} → {:?} (wanted {part})", parts(word)));
            }
        }
        let mut false_cuts = Vec::new();
        let mut cuts = 0;
        for word in WHOLE {
            let p = parts(word);
            cuts += p.len();
            if p.iter().any(|p| FALSE_PARTS.contains(&p.as_str()) || p.len() < 4) {
                false_cuts.push(format!("{word} → {p:?}"));
            }
        }
        let recall = found as f64 / COMPOUNDS.len() as f64;
        println!("compounds: recall {recall:.2} ({found}/{}), missed {missed:?}", COMPOUNDS.len());
        println!("whole words: {cuts} parts, false cuts {false_cuts:?}");
        assert!(recall >= 0.9, "recall {recall:.2}: {missed:?}");
        assert!(false_cuts.is_empty(), "false cuts: {false_cuts:?}");
    }

    #[test]
    fn words_that_are_no_compounds_have_no_parts() {
        for word in ["huis", "fiets", "café", "covid19", "niets"] {
            assert!(parts(word).is_empty(), "{word}: {:?}", parts(word));
        }
    }
}
