//! What text Plein accepts, decided once for every way text comes in (forms, query strings,
//! paths, uploaded CSV, picture descriptions).
//!
//! Three levels:
//! - [`input`]: the floor for *anything* a client sends: valid UTF-8 without control characters,
//!   except the line breaks and tabs a text area produces. The web layer refuses a request that
//!   breaks it before any handler runs, so no NUL byte reaches a database (PostgreSQL cannot store
//!   one) and no replacement character is stored in place of what the writer meant.
//! - [`long`]: long texts (post bodies, descriptions, comments): the floor, with `\r\n` made `\n`.
//! - [`line`]: names and other one-line values: no line breaks or tabs either, and no
//!   bidirectional embeddings, overrides or isolates, which can make a name read differently
//!   from what it is ("Trojan Source").

use crate::account::FieldError;

/// Whether `c` may appear in any text at all: no control characters (C0, DEL, C1) other than
/// tab, line feed and carriage return.
pub fn allowed_anywhere(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// Whether `c` changes the direction of the text around it (embeddings, overrides, isolates).
/// The plain marks (U+200E, U+200F, U+061C) only nudge neutral characters and stay allowed.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why input was refused before it reached a handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Bytes that are not UTF-8.
    #[error("not UTF-8")]
    NotUtf8,
    /// A control character other than tab or a line break (such as NUL).
    #[error("control character")]
    Control,
}

/// The floor for every text: valid UTF-8 without control characters other than tab and line
/// breaks. Returns the text.
pub fn input(bytes: &[u8]) -> Result<&str, InputError> {
    let s = std::str::from_utf8(bytes).map_err(|_| InputError::NotUtf8)?;
    if s.chars().all(allowed_anywhere) { Ok(s) } else { Err(InputError::Control) }
}

/// A long text (a post, a comment, a description): the floor, with Windows line breaks made
/// Unix ones. Bidirectional controls stay allowed here: mixed-direction prose needs them.
pub fn long(raw: &str) -> Result<String, FieldError> {
    if !raw.chars().all(allowed_anywhere) {
        return Err(FieldError::Characters);
    }
    Ok(raw.replace("\r\n", "\n").replace('\r', "\n"))
}

/// A one-line value (a name, a title, a search term), trimmed: no control characters at all and
/// no direction overrides.
pub fn line(raw: &str) -> Result<&str, FieldError> {
    let s = raw.trim();
    if s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(FieldError::Characters);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_refuses_control_characters_and_broken_utf8() {
        assert_eq!(input("Regel\r\nmet\ttab".as_bytes()), Ok("Regel\r\nmet\ttab"));
        assert_eq!(input(b"med\0ewerker"), Err(InputError::Control));
        assert_eq!(input(b"\x1b[31m"), Err(InputError::Control));
        assert_eq!(input("\u{85}".as_bytes()), Err(InputError::Control));
        assert_eq!(input(b"\xff\xfe"), Err(InputError::NotUtf8));
        assert_eq!(input("gemeentehuis \u{202E}".as_bytes()), Ok("gemeentehuis \u{202E}"));
    }

    #[test]
    fn lines_refuse_breaks_and_direction_overrides() {
        assert_eq!(line("  Team Burgerzaken "), Ok("Team Burgerzaken"));
        assert_eq!(line("Team\u{202E}nekazregruB"), Err(FieldError::Characters));
        assert_eq!(line("a\u{2066}b"), Err(FieldError::Characters));
        assert_eq!(line("twee\nregels"), Err(FieldError::Characters));
        assert_eq!(line("a\0b"), Err(FieldError::Characters));
        // Plain direction marks are part of ordinary Arabic or Hebrew names.
        assert_eq!(line("\u{200F}שלום"), Ok("\u{200F}שלום"));
    }

    #[test]
    fn long_texts_keep_line_breaks_and_tabs() {
        assert_eq!(long("een\r\ntwee\tdrie\rvier"), Ok("een\ntwee\tdrie\nvier".to_owned()));
        assert_eq!(long("a\0b"), Err(FieldError::Characters));
        assert_eq!(long("a\u{7f}b"), Err(FieldError::Characters));
    }
}
