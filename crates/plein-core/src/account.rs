//! Accounts: the validated values that make up a user, and the password policy.

use std::fmt;

use thiserror::Error;

/// Whether a user belongs to the organisation or was invited from outside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserKind {
    /// A member of the organisation (medewerker).
    Employee,
    /// An external guest who sees only the spaces they were invited to.
    Guest,
}

impl UserKind {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            UserKind::Employee => "employee",
            UserKind::Guest => "guest",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<UserKind> {
        match s {
            "employee" => Some(UserKind::Employee),
            "guest" => Some(UserKind::Guest),
            _ => None,
        }
    }
}

/// Whether a user may log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UserStatus {
    /// May log in.
    Active,
    /// May not log in; their content stays.
    Deactivated,
}

impl UserStatus {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Deactivated => "deactivated",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<UserStatus> {
        match s {
            "active" => Some(UserStatus::Active),
            "deactivated" => Some(UserStatus::Deactivated),
            _ => None,
        }
    }
}

impl fmt::Display for UserKind {
    /// The stored form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for UserStatus {
    /// The stored form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an account field was refused. Each variant has a stable code that the
/// user interface translates (`error-<code>` in the `.ftl` files).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum FieldError {
    /// Nothing was given.
    #[error("required")]
    Required,
    /// Longer than allowed.
    #[error("too long (at most {max})")]
    TooLong {
        /// The maximum length in characters.
        max: usize,
    },
    /// Shorter than allowed.
    #[error("too short (at least {min})")]
    TooShort {
        /// The minimum length in characters.
        min: usize,
    },
    /// Characters or a shape that is not allowed.
    #[error("invalid")]
    Invalid,
    /// Characters no text may hold here: control characters, or direction overrides in a name
    /// (see [`crate::text`]).
    #[error("characters not allowed")]
    Characters,
}

impl FieldError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooLong { .. } => "too-long",
            FieldError::TooShort { .. } => "too-short",
            FieldError::Invalid => "invalid",
            FieldError::Characters => "characters",
        }
    }
}

fn check_length(s: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let n = s.chars().count();
    if n == 0 {
        Err(FieldError::Required)
    } else if n < min {
        Err(FieldError::TooShort { min })
    } else if n > max {
        Err(FieldError::TooLong { max })
    } else {
        Ok(())
    }
}

/// A login name: 2 to 64 of `a-z 0-9 . _ -`, stored in lower case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// The longest accepted username.
    pub const MAX: usize = 64;

    /// Validates and normalises a username.
    pub fn parse(raw: &str) -> Result<Username, FieldError> {
        let s = raw.trim().to_lowercase();
        check_length(&s, 2, Self::MAX)?;
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        if !s.chars().all(allowed) || !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return Err(FieldError::Invalid);
        }
        Ok(Username(s))
    }

    /// The normalised name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An e-mail address, stored in lower case. Checked for shape only; whether it
/// receives mail is proven by sending to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// The longest accepted address (RFC 5321).
    pub const MAX: usize = 254;

    /// Validates and normalises an address.
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim().to_lowercase();
        check_length(&s, 3, Self::MAX)?;
        let Some((local, domain)) = s.split_once('@') else {
            return Err(FieldError::Invalid);
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"@\\".contains(c));
        if domain_ok && local_ok { Ok(Email(s)) } else { Err(FieldError::Invalid) }
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name shown for a person: 1 to 100 characters, trimmed, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DisplayName(String);

impl DisplayName {
    /// The longest accepted name.
    pub const MAX: usize = 100;

    /// Validates a display name.
    pub fn parse(raw: &str) -> Result<DisplayName, FieldError> {
        let s = crate::text::line(raw)?;
        check_length(s, 1, Self::MAX)?;
        Ok(DisplayName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a new password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PasswordError {
    /// Fewer characters than the policy asks.
    #[error("password shorter than {min} characters")]
    TooShort {
        /// The minimum length.
        min: usize,
    },
    /// More characters than we hash.
    #[error("password longer than {max} characters")]
    TooLong {
        /// The maximum length.
        max: usize,
    },
    /// A common password, a simple pattern, or one built from the user's own name.
    #[error("password too easy to guess")]
    TooCommon,
}

impl PasswordError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort { .. } => "password-too-short",
            PasswordError::TooLong { .. } => "password-too-long",
            PasswordError::TooCommon => "password-too-common",
        }
    }
}

/// A password that meets the policy: at least 12 characters, at most 128, and
/// not guessable from lists of common passwords, keyboard patterns or the
/// user's own name, username and e-mail address (zxcvbn score 3 or more).
pub struct NewPassword(String);

impl NewPassword {
    /// The shortest accepted password.
    pub const MIN: usize = 12;
    /// The longest accepted password.
    pub const MAX: usize = 128;

    /// Checks `raw` against the policy; `personal` holds the user's own words
    /// (name, username, e-mail) that a password must not lean on.
    pub fn parse(raw: &str, personal: &[&str]) -> Result<NewPassword, PasswordError> {
        let n = raw.chars().count();
        if n < Self::MIN {
            return Err(PasswordError::TooShort { min: Self::MIN });
        }
        if n > Self::MAX {
            return Err(PasswordError::TooLong { max: Self::MAX });
        }
        // Each personal text whole, run together ("Jan de Vries" → "jandevries"), and word by word.
        let mut words: Vec<String> = Vec::new();
        for p in personal {
            words.push(p.to_lowercase());
            words.push(p.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase());
            words.extend(p.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3).map(str::to_lowercase));
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        if zxcvbn::zxcvbn(raw, &words).score() < zxcvbn::Score::Three {
            return Err(PasswordError::TooCommon);
        }
        Ok(NewPassword(raw.to_owned()))
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" J.deVries ").map(|u| u.0), Ok("j.devries".into()));
        assert_eq!(Username::parse(""), Err(FieldError::Required));
        assert_eq!(Username::parse("a"), Err(FieldError::TooShort { min: 2 }));
        assert_eq!(Username::parse("jan de vries"), Err(FieldError::Invalid));
        assert_eq!(Username::parse(".jan"), Err(FieldError::Invalid));
        assert_eq!(Username::parse(&"a".repeat(65)), Err(FieldError::TooLong { max: 64 }));
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(Email::parse("Jan.deVries@Voorbeeld.nl").is_ok_and(|e| e.0 == "jan.devries@voorbeeld.nl"));
        for bad in ["jan", "jan@", "@voorbeeld.nl", "jan@voorbeeld", "jan de@voorbeeld.nl", "jan@voor..nl"] {
            assert_eq!(Email::parse(bad), Err(FieldError::Invalid), "{bad}");
        }
    }

    #[test]
    fn display_names_refuse_control_characters() {
        assert!(DisplayName::parse("Anne-Marie de Boer").is_ok());
        assert_eq!(DisplayName::parse("  "), Err(FieldError::Required));
        assert_eq!(DisplayName::parse("a\u{7}b"), Err(FieldError::Characters));
    }

    #[test]
    fn password_policy() {
        assert_eq!(NewPassword::parse("kort", &[]).err(), Some(PasswordError::TooShort { min: 12 }));
        assert_eq!(NewPassword::parse(&"x".repeat(129), &[]).err(), Some(PasswordError::TooLong { max: 128 }));
        for common in ["password1234", "123456789012", "qwertyuiopas", "welkom123456"] {
            assert_eq!(NewPassword::parse(common, &[]).err(), Some(PasswordError::TooCommon), "{common}");
        }
        assert_eq!(
            NewPassword::parse("jandevries2026", &["Jan de Vries", "jdevries"]).err(),
            Some(PasswordError::TooCommon)
        );
        assert!(NewPassword::parse("Fietsen-langs-de-Eem-42", &[]).is_ok());
    }
}
