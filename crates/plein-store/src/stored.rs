//! The stored forms of the core's kinds, statuses, roles, visibilities and capabilities: written as
//! text, read back into the core's enums here, once, as a row is read. An unknown value in the
//! database is [`StoreError::Unreadable`], never a silent default.

use plein_core::policy::{Capability, NewsStatus, SpaceRole, SpaceVisibility};
use plein_core::space::{NotifyLevel, SpaceKind};
use plein_core::{UserKind, UserStatus};

use crate::StoreError;
use crate::notifications::NotificationKind;

/// A core enum with a text column of its own.
pub(crate) trait Stored: Sized + Copy {
    /// What it is, for errors.
    const WHAT: &'static str;
    /// The stored form.
    fn stored(self) -> &'static str;
    /// Reads the stored form.
    fn from_stored(text: &str) -> Option<Self>;
}

macro_rules! stored {
    ($($ty:ty => $what:literal),* $(,)?) => {$(
        impl Stored for $ty {
            const WHAT: &'static str = $what;
            fn stored(self) -> &'static str {
                self.as_str()
            }
            fn from_stored(text: &str) -> Option<Self> {
                <$ty>::parse(text)
            }
        }
    )*};
}

stored! {
    UserKind => "user kind",
    UserStatus => "user status",
    SpaceKind => "space kind",
    SpaceVisibility => "space visibility",
    SpaceRole => "space role",
    Capability => "capability",
    NotifyLevel => "notification level",
    NotificationKind => "notification kind",
    NewsStatus => "news status",
}

/// Why a stored value cannot be read.
fn unknown<T: Stored>(text: &str) -> String {
    format!("unknown {} {text:?}", T::WHAT)
}

/// Reads a stored value.
pub(crate) fn parse<T: Stored>(text: &str) -> Result<T, StoreError> {
    T::from_stored(text).ok_or_else(|| StoreError::Unreadable(unknown::<T>(text)))
}

/// Reads a stored value from JSON (`#[serde(deserialize_with = "crate::stored::de")]`).
pub(crate) fn de<'de, D: serde::Deserializer<'de>, T: Stored>(d: D) -> Result<T, D::Error> {
    use serde::Deserialize;
    let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
    T::from_stored(&text).ok_or_else(|| serde::de::Error::custom(unknown::<T>(&text)))
}

/// Reads an optional stored value from JSON.
pub(crate) fn de_opt<'de, D: serde::Deserializer<'de>, T: Stored>(d: D) -> Result<Option<T>, D::Error> {
    use serde::Deserialize;
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        Some(text) => T::from_stored(&text).map(Some).ok_or_else(|| serde::de::Error::custom(unknown::<T>(&text))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_read_back_and_unknown_ones_are_errors() {
        for kind in [UserKind::Employee, UserKind::Guest] {
            assert_eq!(parse::<UserKind>(kind.stored()).ok(), Some(kind));
        }
        for level in [NotifyLevel::All, NotifyLevel::Normal, NotifyLevel::Mute] {
            assert_eq!(parse::<NotifyLevel>(level.stored()).ok(), Some(level));
        }
        assert!(parse::<NotifyLevel>("loud").is_err());
        for kind in NotificationKind::ALL {
            assert_eq!(parse::<NotificationKind>(kind.stored()).ok(), Some(kind));
        }
        for role in SpaceRole::ALL {
            assert_eq!(parse::<SpaceRole>(role.stored()).ok(), Some(role));
        }
        assert!(matches!(parse::<UserStatus>("paused"), Err(StoreError::Unreadable(m)) if m.contains("paused")));
        #[derive(serde::Deserialize)]
        struct Row {
            #[serde(deserialize_with = "de")]
            kind: UserKind,
            #[serde(default, deserialize_with = "de_opt")]
            role: Option<SpaceRole>,
        }
        let row: Row = serde_json::from_str(r#"{"kind":"guest","role":null}"#).unwrap();
        assert_eq!((row.kind, row.role), (UserKind::Guest, None));
        assert!(serde_json::from_str::<Row>(r#"{"kind":"alien","role":"owner"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"kind":"guest","role":"king"}"#).is_err());
    }
}
