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

/// Translates `key` into `locale`.
pub fn t(locale: Locale, key: &str) -> String {
    LOCALES.lookup(langid(locale), key)
}

/// Translates `key` with named arguments.
pub fn t_args(locale: Locale, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
    LOCALES.lookup_with_args(langid(locale), key, &map)
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
                    assert!(text.contains(&n.to_string()), "{code:?} in {locale:?} does not name {n}: {text}");
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
}
