//! Translations: Fluent files under `locales/`, Dutch first, English second.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use plein_core::account::FieldError;
use plein_core::{Locale, PasswordError};

use crate::error::Code;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "nl",
        // Unicode isolation marks would show up in HTML attributes and e-mail.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static NL: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("nl"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| fluent_templates::langid!("en"));

fn langid(locale: Locale) -> &'static LanguageIdentifier {
    match locale {
        Locale::Nl => &NL,
        Locale::En => &EN,
    }
}

/// Formatted messages by key: looked up a few hundred times a page, with a hash quicker than
/// the standard one for short keys (and seeded per process, as keys may hold names).
type Kept = LazyLock<std::sync::RwLock<HashMap<String, String, foldhash::fast::RandomState>>>;

/// Messages without arguments, once formatted: a page of 20 posts asks for the same labels a
/// few hundred times, and formatting a Fluent message costs far more than a map lookup.
static PLAIN: [Kept; 2] = [LazyLock::new(Default::default), LazyLock::new(Default::default)];

/// Translates `key` into `locale`.
pub fn t(locale: Locale, key: &str) -> String {
    let plain = &PLAIN[match locale {
        Locale::Nl => 0,
        Locale::En => 1,
    }];
    if let Some(text) = plain.read().ok().and_then(|known| known.get(key).cloned()) {
        return text;
    }
    let text = LOCALES.lookup(langid(locale), key);
    if let Ok(mut known) = plain.write() {
        known.insert(key.to_owned(), text.clone());
    }
    text
}

/// Messages with arguments, once formatted, by locale, key and arguments: a stream page asks
/// for "3 likes" and "in Team X" for every post, mostly with arguments it asked for before, and
/// Fluent's formatting (plural rules, argument maps) costs some twenty times a lookup here. The
/// arguments are names and counts, so the set can grow; it is emptied when it holds
/// [`FORMATTED_MAX`] messages.
static FORMATTED: [Kept; 2] = [LazyLock::new(Default::default), LazyLock::new(Default::default)];

/// How many formatted messages [`FORMATTED`] keeps per language.
const FORMATTED_MAX: usize = 20_000;

/// The memo key of `key` with `args`, or none when an argument is not a text or a number.
fn formatted_key(key: &str, args: &[(&'static str, FluentValue<'static>)]) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::with_capacity(key.len() + 32);
    out.push_str(key);
    for (name, value) in args {
        // Names are ours; a text comes with its length, so no text reads as the next argument.
        out.push('\u{1f}');
        out.push_str(name);
        match value {
            FluentValue::String(text) => {
                let _ = write!(out, "={}:{text}", text.len());
            }
            FluentValue::Number(n) if n.options == Default::default() => {
                let _ = write!(out, "#{}", n.as_string());
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Translates `key` with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let memo = &FORMATTED[match locale {
        Locale::Nl => 0,
        Locale::En => 1,
    }];
    let memo_key = formatted_key(key, args);
    if let Some(k) = &memo_key
        && let Some(text) = memo.read().ok().and_then(|known| known.get(k).cloned())
    {
        return text;
    }
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
    let text = LOCALES.lookup_with_args(langid(locale), key, &map);
    if let Some(k) = memo_key
        && let Ok(mut known) = memo.write()
    {
        if known.len() >= FORMATTED_MAX {
            known.clear();
        }
        known.insert(k, text.clone());
    }
    text
}

/// Translates `key` with named arguments, or `None` when there is no such message.
pub fn t_maybe(locale: Locale, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> Option<String> {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
    LOCALES.try_lookup_with_args(langid(locale), key, &map)
}

/// Translates `key` with text arguments.
pub fn t_text(locale: Locale, key: &str, args: &[(&'static str, &str)]) -> String {
    let args: Vec<(&'static str, FluentValue<'static>)> =
        args.iter().map(|(k, v)| (*k, FluentValue::from((*v).to_owned()))).collect();
    t_args(locale, key, &args)
}

fn count(n: usize) -> FluentValue<'static> {
    FluentValue::from(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The message that explains a refused input's code, in `locale`.
pub fn problem(locale: Locale, code: Code) -> String {
    if let Code::Contrast { hundredths, .. } = code {
        // A ratio with two decimals, written as the reader writes numbers ("2,31" in Dutch).
        let ratio = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        let ratio = if locale == Locale::Nl { ratio.replace('.', ",") } else { ratio };
        return t_args(locale, code.key(), &[("ratio", FluentValue::from(ratio))]);
    }
    match code.argument() {
        Some((name, n)) => t_args(locale, code.key(), &[(name, count(n))]),
        None => t(locale, code.key()),
    }
}

/// The message for a refused password.
pub fn password_error(locale: Locale, e: &PasswordError) -> String {
    problem(locale, Code::Password(*e))
}

/// The message for a refused form field.
pub fn field_error(locale: Locale, e: &FieldError) -> String {
    problem(locale, Code::Field(*e))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn message_ids(locale: &str) -> BTreeSet<String> {
        let path = format!("{}/../../locales/{locale}/main.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let nl = message_ids("nl");
        let en = message_ids("en");
        assert!(nl.len() > 20, "too few messages found: the parser is broken");
        let only_nl: Vec<_> = nl.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&nl).collect();
        assert!(only_nl.is_empty() && only_en.is_empty(), "only in nl: {only_nl:?}; only in en: {only_en:?}");
    }

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        let nl = message_ids("nl");
        let en = message_ids("en");
        for code in Code::EXAMPLES {
            assert!(nl.contains(code.key()) && en.contains(code.key()), "{code:?}: {} is missing", code.key());
            for locale in [Locale::Nl, Locale::En] {
                let text = problem(locale, code);
                assert!(!text.contains('{') && !text.is_empty(), "{code:?} in {locale:?}: {text}");
                if let Some((_, n)) = code.argument() {
                    // A ratio is written with a decimal separator ("2,31"): its digits name it.
                    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                    assert!(digits.contains(&n.to_string()), "{code:?} in {locale:?} does not name {n}: {text}");
                }
            }
        }
    }

    #[test]
    fn translates_with_arguments_and_plurals() {
        assert_eq!(t(Locale::Nl, "login-title"), "Inloggen");
        assert_eq!(t(Locale::En, "login-title"), "Log in");
        let args = [("minutes", FluentValue::from(1))];
        assert_eq!(t_args(Locale::En, "login-throttled", &args), "Too many failed attempts. Try again in a minute.");
        let args = [("minutes", FluentValue::from(5))];
        assert!(t_args(Locale::Nl, "login-throttled", &args).contains("5 minuten"));
    }

    #[test]
    fn formatted_messages_are_remembered_per_language_and_argument() {
        let likes = |locale, n: i64| t_args(locale, "post-likes", &[("count", FluentValue::from(n))]);
        let space = |name: &str| t_text(Locale::Nl, "post-in-space", &[("space", name)]);
        // Asked twice (the second answer comes from the memo), each argument its own answer.
        for _ in 0..2 {
            assert_eq!(likes(Locale::Nl, 0), "Nog niemand vindt dit leuk");
            assert_eq!(likes(Locale::Nl, 1), "Eén keer leuk");
            assert_eq!(likes(Locale::Nl, 12), "12 keer leuk");
            assert_eq!(likes(Locale::En, 12), "12 likes");
            assert_eq!(space("Team A"), "in Team A");
            assert_eq!(space("Team B"), "in Team B");
        }
        // An argument that runs into the next one's name is not taken for another message.
        let two = |a: &str, b: &str| formatted_key("k", &[("a", a.to_owned().into()), ("b", b.to_owned().into())]);
        assert_ne!(two("x\u{1f}b=y", "z"), two("x", "y\u{1f}b=z"));
    }
}

/// The time zone every time is shown in: the organisation's, the Netherlands'.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A moment as a reader in the Netherlands reads it, exactly: "5 april 2026 om 14:03" (local
/// time, summer time included).
pub fn exact_time(locale: Locale, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = at.with_timezone(&TIME_ZONE);
    let (day, year, hour, minute) = (local.day(), local.year(), local.hour(), local.minute());
    match locale {
        Locale::Nl => {
            let month = MAANDEN.get(local.month0() as usize).copied().unwrap_or_default();
            format!("{day} {month} {year} om {hour:02}:{minute:02}")
        }
        Locale::En => format!("{day} {} {year} at {hour:02}:{minute:02}", local.format("%B")),
    }
}

/// A moment to the second in local time, for logs an administrator reads: "28-11-2026 14:03:07".
pub fn local_timestamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&TIME_ZONE).format("%d-%m-%Y %H:%M:%S").to_string()
}

/// A day as a reader in the Netherlands reads it: "05-04-2026" in Dutch, "5 April 2026" in English.
pub fn local_date(locale: Locale, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&TIME_ZONE);
    match locale {
        Locale::Nl => local.format("%d-%m-%Y").to_string(),
        Locale::En => local.format("%-d %B %Y").to_string(),
    }
}

#[cfg(test)]
mod time_tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    #[test]
    fn times_are_shown_in_dutch_local_time_with_summer_time() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 13, 3, 0).single().unwrap_or_default();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 13, 3, 0).single().unwrap_or_default();
        assert_eq!(exact_time(Locale::Nl, winter), "15 januari 2026 om 14:03");
        assert_eq!(exact_time(Locale::Nl, summer), "15 juli 2026 om 15:03");
        assert_eq!(exact_time(Locale::En, summer), "15 July 2026 at 15:03");
        // Just before midnight in UTC is the next day in Amsterdam.
        let late = Utc.with_ymd_and_hms(2026, 3, 31, 22, 30, 0).single().unwrap_or_default();
        assert_eq!(local_date(Locale::Nl, late), "01-04-2026");
        assert_eq!(local_date(Locale::En, late), "1 April 2026");
        assert_eq!(local_timestamp(late), "01-04-2026 00:30:00");
    }
}
