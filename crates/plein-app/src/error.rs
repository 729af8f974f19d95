//! The one error of every use case, and the stable codes of refused input.
//!
//! A use case fails in one of six ways: the thing is not there for the reader ([`Error::NotFound`]),
//! it is there but not the actor's to change ([`Error::Forbidden`]), the input was refused
//! ([`Error::Invalid`], with a [`Problem`]), it clashes with what exists ([`Error::Conflict`]),
//! too many attempts ([`Error::Throttled`]), or something broke ([`Error::Internal`], keeping its
//! cause for the log). The web layer has one conversion of it; a refusal can never become a 500.

use chrono::{DateTime, Utc};
use plein_core::account::{FieldError, PasswordError};
use plein_core::policy::Decision;

/// What every use case returns.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing does not exist, or the reader may not know it does.
    #[error("not found")]
    NotFound,
    /// The thing is visible, but the actor may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// The input was refused: which field, and why.
    #[error("invalid: {0}")]
    Invalid(Problem),
    /// It clashes with what exists (a name in use, the last owner leaving).
    #[error("conflict: {0}")]
    Conflict(Problem),
    /// Too many attempts; try again after this moment.
    #[error("too many attempts, until {0}")]
    Throttled(DateTime<Utc>),
    /// Something broke that is not the user's doing; the cause is kept for the log.
    #[error(transparent)]
    Internal(#[from] Failure),
}

impl Error {
    /// Refused input: `field` has the problem `code`.
    pub fn invalid(field: &'static str, code: impl Into<Code>) -> Error {
        Error::Invalid(Problem::new(field, code))
    }

    /// A clash with what exists, about `field`.
    pub fn conflict(field: &'static str, code: impl Into<Code>) -> Error {
        Error::Conflict(Problem::new(field, code))
    }

    /// The problem with the input, when the input was refused or clashed.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Invalid(p) | Error::Conflict(p) => Some(p),
            _ => None,
        }
    }

    /// The same refusal, about the `item`th (0 first) input of `field`.
    pub fn at_item(self, field: &'static str, item: usize) -> Error {
        match self {
            Error::Invalid(p) => Error::Invalid(Problem::at(field, item, p.code)),
            Error::Conflict(p) => Error::Conflict(Problem::at(field, item, p.code)),
            other => other,
        }
    }

    /// The code of the problem with the input, if any.
    pub fn code(&self) -> Option<Code> {
        self.problem().map(|p| p.code)
    }
}

impl From<plein_search::SearchError> for Error {
    fn from(e: plein_search::SearchError) -> Self {
        Error::Internal(Failure::Search(e))
    }
}

impl From<plein_store::StoreError> for Error {
    /// A unique key that is taken is a clash with what exists, named by its column; a row gone in
    /// the meantime is not found; anything else broke.
    fn from(e: plein_store::StoreError) -> Self {
        match e {
            plein_store::StoreError::Conflict(column) => Error::conflict(column, Code::Taken),
            plein_store::StoreError::NotFound => Error::NotFound,
            other => Error::Internal(Failure::Store(other)),
        }
    }
}

/// A policy decision as a result: allowed, or the error that says so without leaking existence.
pub(crate) fn check(decision: Decision) -> Result<()> {
    decision.or(Error::NotFound, Error::Forbidden)
}

/// A failure inside a use case that is not the user's doing.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The store failed.
    #[error("store")]
    Store(#[from] plein_store::StoreError),
    /// An export or a background task could not be completed.
    #[error("export: {0}")]
    Export(String),
    /// Mail could not be sent.
    #[error("mail: {0}")]
    Mail(String),
    /// The search index failed.
    #[error("search index")]
    Search(#[from] plein_search::SearchError),
    /// Hashing failed or its task died.
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

/// What is wrong with one field of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field, by its name in the form (`email`, `body`, `images` …).
    pub field: &'static str,
    /// Which of a list of inputs (0 first), such as the second of four pictures.
    pub item: Option<usize>,
    /// What is wrong.
    pub code: Code,
}

impl Problem {
    /// `field` has the problem `code`.
    pub fn new(field: &'static str, code: impl Into<Code>) -> Problem {
        Problem { field, item: None, code: code.into() }
    }

    /// The `item`th (0 first) of the inputs in `field` has the problem `code`.
    pub fn at(field: &'static str, item: usize, code: impl Into<Code>) -> Problem {
        Problem { field, item: Some(item), code: code.into() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.item {
            Some(i) => write!(f, "{}[{i}]: {}", self.field, self.code.query()),
            None => write!(f, "{}: {}", self.field, self.code.query()),
        }
    }
}

/// Why input was refused: a stable code with one query form (the `?fout=` a page gets back after a
/// form was refused) and one Fluent message. Writers and readers of `?fout=` both go through
/// [`Code::query`] and [`Code::from_query`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// A field that is missing, too long, too short, malformed or holds refused characters.
    Field(FieldError),
    /// A new password that the password policy refuses.
    Password(PasswordError),
    /// The current password given was wrong.
    PasswordWrong,
    /// The name or password at login does not match an account that may log in.
    Credentials,
    /// The name or address is in use.
    Taken,
    /// A space keeps at least one owner.
    LastOwner,
    /// The guest's address belongs to an employee.
    Employee,
    /// The person is a member already.
    AlreadyMember,
    /// No active colleague has that username or e-mail address.
    UnknownColleague,
    /// The person is an external guest: guests come in with an invitation.
    GuestNeedsInvitation,
    /// An account with rights the actor does not hold, or the actor's own.
    BeyondRights,
    /// A picture without a (short enough) text alternative.
    ImageAlt,
    /// A file that is not an image we read.
    ImageNotImage,
    /// A picture with more pixels than we decode.
    ImageTooLarge,
    /// More pictures than a post takes.
    ImageTooMany,
    /// The files together are above the upload limit.
    ImageFilesTooLarge,
    /// A poll without 2 to 10 different, short enough options.
    PollOptions,
    /// A poll question that is too long or not one line.
    PollQuestion,
    /// A poll closing in the past.
    PollCloses,
    /// A vote on a closed poll.
    PollClosed,
    /// A vote for no option, an unknown one, or several where one is allowed.
    PollChoice,
    /// News aimed at no group, or at groups the editor cannot choose (or moved between the site and a space).
    NewsAudience,
    /// News that would end before it appears.
    NewsEndsBeforePublish,
    /// A confirmation due before the item appears.
    NewsDueBeforePublish,
    /// A colour that does not stand out enough from what it is shown on: its contrast in
    /// hundredths (231 is 2.31:1), and which pair of [`plein_core::colour::Theme::pairs`] fails.
    Contrast {
        /// The contrast it has, in hundredths.
        hundredths: usize,
        /// The pair's place in the theme's pairs.
        pair: usize,
    },
}

impl From<FieldError> for Code {
    fn from(e: FieldError) -> Self {
        Code::Field(e)
    }
}

impl From<PasswordError> for Code {
    fn from(e: PasswordError) -> Self {
        Code::Password(e)
    }
}

/// The messages of the theme's pairs that may lack contrast, in the order of
/// [`plein_core::colour::Theme::pairs`].
const CONTRAST_KEYS: [&str; 5] = [
    "branding-error-contrast-primary-text",
    "branding-error-contrast-primary-control",
    "branding-error-contrast-header-text",
    "branding-error-contrast-header-focus",
    "branding-error-contrast-link-text",
];

/// The same pairs as `?fout=` names them.
const CONTRAST_QUERIES: [&str; 5] =
    ["contrast-knoptekst", "contrast-knoprand", "contrast-kopbalktekst", "contrast-kopbalkfocus", "contrast-links"];

impl Code {
    /// One of every code, for tests that every code has its translations and query form.
    pub const EXAMPLES: [Code; 35] = [
        Code::Field(FieldError::Required),
        Code::Field(FieldError::TooLong { max: 10 }),
        Code::Field(FieldError::TooShort { min: 3 }),
        Code::Field(FieldError::Invalid),
        Code::Field(FieldError::Characters),
        Code::Password(PasswordError::TooShort { min: 12 }),
        Code::Password(PasswordError::TooLong { max: 1024 }),
        Code::Password(PasswordError::TooCommon),
        Code::PasswordWrong,
        Code::Credentials,
        Code::Taken,
        Code::LastOwner,
        Code::Employee,
        Code::AlreadyMember,
        Code::UnknownColleague,
        Code::GuestNeedsInvitation,
        Code::BeyondRights,
        Code::ImageAlt,
        Code::ImageNotImage,
        Code::ImageTooLarge,
        Code::ImageTooMany,
        Code::ImageFilesTooLarge,
        Code::PollOptions,
        Code::PollQuestion,
        Code::PollCloses,
        Code::PollClosed,
        Code::PollChoice,
        Code::NewsAudience,
        Code::NewsEndsBeforePublish,
        Code::NewsDueBeforePublish,
        Code::Contrast { hundredths: 231, pair: 0 },
        Code::Contrast { hundredths: 150, pair: 1 },
        Code::Contrast { hundredths: 152, pair: 2 },
        Code::Contrast { hundredths: 153, pair: 3 },
        Code::Contrast { hundredths: 154, pair: 4 },
    ];

    /// The Fluent message that explains this code.
    pub fn key(self) -> &'static str {
        match self {
            Code::Field(FieldError::Required) => "error-required",
            Code::Field(FieldError::TooLong { .. }) => "error-too-long",
            Code::Field(FieldError::TooShort { .. }) => "error-too-short",
            Code::Field(FieldError::Invalid) => "error-invalid",
            Code::Field(FieldError::Characters) => "error-characters",
            Code::Password(PasswordError::TooShort { .. }) => "error-password-too-short",
            Code::Password(PasswordError::TooLong { .. }) => "error-password-too-long",
            Code::Password(PasswordError::TooCommon) => "error-password-too-common",
            Code::PasswordWrong => "error-password-wrong",
            Code::Credentials => "login-invalid",
            Code::Taken => "error-taken",
            Code::LastOwner => "space-last-owner",
            Code::Employee => "space-invite-employee",
            Code::AlreadyMember => "space-invite-member",
            Code::UnknownColleague => "space-add-unknown",
            Code::GuestNeedsInvitation => "space-add-guest",
            Code::BeyondRights => "users-forbidden",
            Code::ImageAlt => "image-error-alt",
            Code::ImageNotImage => "image-error-not-image",
            Code::ImageTooLarge => "image-error-too-large",
            Code::ImageTooMany => "image-error-too-many",
            Code::ImageFilesTooLarge => "image-error-file-too-large",
            Code::PollOptions => "poll-error-options",
            Code::PollQuestion => "poll-error-question",
            Code::PollCloses => "poll-error-closes",
            Code::PollClosed => "poll-error-closed",
            Code::PollChoice => "poll-error-choice",
            Code::NewsAudience => "news-error-audience",
            Code::NewsEndsBeforePublish => "news-error-ends",
            Code::NewsDueBeforePublish => "news-error-due",
            Code::Contrast { pair, .. } => CONTRAST_KEYS.get(pair).copied().unwrap_or("branding-error-contrast"),
        }
    }

    /// The number the message names (`max`, `min`), if any.
    pub fn argument(self) -> Option<(&'static str, usize)> {
        match self {
            Code::Field(FieldError::TooLong { max }) | Code::Password(PasswordError::TooLong { max }) => {
                Some(("max", max))
            }
            Code::Field(FieldError::TooShort { min }) | Code::Password(PasswordError::TooShort { min }) => {
                Some(("min", min))
            }
            Code::Contrast { hundredths, .. } => Some(("ratio", hundredths)),
            _ => None,
        }
    }

    /// The code as `?fout=` carries it (Dutch, stable: links and tests name it).
    pub fn query(self) -> String {
        let base = match self {
            Code::Field(FieldError::Required) => "verplicht",
            Code::Field(FieldError::TooLong { .. }) => "te-lang",
            Code::Field(FieldError::TooShort { .. }) => "te-kort",
            Code::Field(FieldError::Invalid) => "ongeldig",
            Code::Field(FieldError::Characters) => "tekens",
            Code::Password(PasswordError::TooShort { .. }) => "wachtwoord-te-kort",
            Code::Password(PasswordError::TooLong { .. }) => "wachtwoord-te-lang",
            Code::Password(PasswordError::TooCommon) => "wachtwoord-te-makkelijk",
            Code::PasswordWrong => "wachtwoord-onjuist",
            Code::Credentials => "inloggegevens",
            Code::Taken => "in-gebruik",
            Code::LastOwner => "laatste-eigenaar",
            Code::Employee => "medewerker",
            Code::AlreadyMember => "al-lid",
            Code::UnknownColleague => "onbekende-collega",
            Code::GuestNeedsInvitation => "gast-uitnodigen",
            Code::BeyondRights => "rechten",
            Code::ImageAlt => "afbeelding-beschrijving",
            Code::ImageNotImage => "afbeelding-onleesbaar",
            Code::ImageTooLarge => "afbeelding-te-groot",
            Code::ImageTooMany => "afbeelding-te-veel",
            Code::ImageFilesTooLarge => "afbeelding-bestanden-te-groot",
            Code::PollOptions => "peiling-opties",
            Code::PollQuestion => "peiling-vraag",
            Code::PollCloses => "peiling-sluit",
            Code::PollClosed => "peiling-gesloten",
            Code::PollChoice => "peiling-keuze",
            Code::NewsAudience => "nieuws-doelgroep",
            Code::NewsEndsBeforePublish => "nieuws-einde",
            Code::NewsDueBeforePublish => "nieuws-termijn",
            Code::Contrast { pair, .. } => CONTRAST_QUERIES.get(pair).copied().unwrap_or("contrast"),
        };
        match self.argument() {
            Some((_, n)) => format!("{base}-{n}"),
            None => base.to_owned(),
        }
    }

    /// The code a `?fout=` value names; `None` for anything else.
    pub fn from_query(s: &str) -> Option<Code> {
        let (base, number) = match s.rsplit_once('-').map(|(b, n)| (b, n.parse::<usize>())) {
            Some((b, Ok(n))) => (b, Some(n)),
            _ => (s, None),
        };
        let code = match (base, number) {
            ("te-lang", Some(max)) => Code::Field(FieldError::TooLong { max }),
            ("te-kort", Some(min)) => Code::Field(FieldError::TooShort { min }),
            ("wachtwoord-te-kort", Some(min)) => Code::Password(PasswordError::TooShort { min }),
            ("wachtwoord-te-lang", Some(max)) => Code::Password(PasswordError::TooLong { max }),
            (base, Some(hundredths)) if CONTRAST_QUERIES.contains(&base) => {
                Code::Contrast { hundredths, pair: CONTRAST_QUERIES.iter().position(|q| *q == base).unwrap_or(0) }
            }
            (_, Some(_)) => return None,
            (other, None) => {
                Code::EXAMPLES.into_iter().filter(|c| c.argument().is_none()).find(|c| c.query() == other)?
            }
        };
        Some(code)
    }

    /// Whether this code is about a poll (a form shows it beside the poll's fields).
    pub fn is_poll(self) -> bool {
        matches!(self, Code::PollOptions | Code::PollQuestion | Code::PollCloses | Code::PollClosed | Code::PollChoice)
    }

    /// Whether this code is about pictures (a form shows it beside the picture fields).
    pub fn is_image(self) -> bool {
        matches!(
            self,
            Code::ImageAlt | Code::ImageNotImage | Code::ImageTooLarge | Code::ImageTooMany | Code::ImageFilesTooLarge
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_survives_its_query_form() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::EXAMPLES {
            assert_eq!(Code::from_query(&code.query()), Some(code), "{code:?}");
            assert!(seen.insert(code.query()), "two codes share {}", code.query());
        }
        assert_eq!(Code::from_query("te-lang"), None);
        assert_eq!(Code::from_query("verplicht-3"), None);
        assert_eq!(Code::from_query("<script>"), None);
    }
}
