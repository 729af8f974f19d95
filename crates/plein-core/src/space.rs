//! Spaces: their kinds, and the validated values a space is made of.

use std::fmt;

use crate::account::FieldError;

/// What a space is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpaceKind {
    /// A team that works together day to day.
    Team,
    /// A workgroup around a subject.
    Workgroup,
    /// A project with an end.
    Project,
    /// A department of the organisation.
    Department,
}

impl SpaceKind {
    /// Every kind.
    pub const ALL: [SpaceKind; 4] = [SpaceKind::Team, SpaceKind::Workgroup, SpaceKind::Project, SpaceKind::Department];

    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            SpaceKind::Team => "team",
            SpaceKind::Workgroup => "workgroup",
            SpaceKind::Project => "project",
            SpaceKind::Department => "department",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Option<SpaceKind> {
        SpaceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for SpaceKind {
    /// The stored form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The colours a space can carry (each meets contrast with white text).
pub const SPACE_COLOURS: [&str; 6] = ["blue", "green", "purple", "red", "orange", "grey"];

/// A space's name: 2 to 80 characters, trimmed, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceName(String);

impl SpaceName {
    /// The longest accepted name.
    pub const MAX: usize = 80;

    /// Validates a name.
    pub fn parse(raw: &str) -> Result<SpaceName, FieldError> {
        let s = crate::text::line(raw)?;
        let n = s.chars().count();
        if n == 0 {
            return Err(FieldError::Required);
        }
        if n < 2 {
            return Err(FieldError::TooShort { min: 2 });
        }
        if n > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        Ok(SpaceName(s.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SpaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plain-text description of at most 2,000 characters (may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    /// The longest accepted description.
    pub const MAX: usize = 2000;

    /// Validates a description; line breaks and tabs are kept, other control characters refused.
    pub fn parse(raw: &str) -> Result<Description, FieldError> {
        let s = crate::text::long(raw.trim())?;
        if s.chars().count() > Self::MAX {
            return Err(FieldError::TooLong { max: Self::MAX });
        }
        Ok(Description(s))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How much a person hears of a space's new posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotifyLevel {
    /// Every new post.
    All,
    /// As usual: what concerns them, and new posts when they follow it.
    Normal,
    /// Only mentions.
    Mute,
}

impl NotifyLevel {
    /// The form and stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            NotifyLevel::All => "all",
            NotifyLevel::Normal => "normal",
            NotifyLevel::Mute => "mute",
        }
    }

    /// From a form or stored value.
    pub fn parse(s: &str) -> Option<NotifyLevel> {
        match s {
            "all" => Some(NotifyLevel::All),
            "normal" => Some(NotifyLevel::Normal),
            "mute" => Some(NotifyLevel::Mute),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions_are_checked() {
        assert_eq!(SpaceName::parse("  Team Burgerzaken ").map(|n| n.0), Ok("Team Burgerzaken".into()));
        assert_eq!(SpaceName::parse(" "), Err(FieldError::Required));
        assert_eq!(SpaceName::parse("x"), Err(FieldError::TooShort { min: 2 }));
        assert_eq!(SpaceName::parse(&"x".repeat(81)), Err(FieldError::TooLong { max: 80 }));
        assert!(Description::parse("Regel een\r\nRegel twee").is_ok_and(|d| d.0 == "Regel een\nRegel twee"));
        assert_eq!(Description::parse("a\u{0}b"), Err(FieldError::Characters));
        assert_eq!(SpaceName::parse("Team \u{202E}tnemeG"), Err(FieldError::Characters));
        assert_eq!(Description::parse(&"x".repeat(2001)), Err(FieldError::TooLong { max: 2000 }));
        assert_eq!(SpaceKind::parse("project"), Some(SpaceKind::Project));
        assert_eq!(SpaceKind::parse("club"), None);
    }
}
