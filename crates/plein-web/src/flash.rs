//! What a page says after a form sent the reader back to it (post, redirect, get): `?ok=` names a
//! [`Notice`], `?fout=` a refused input's [`Code`]. The handler that redirects writes the address
//! with [`with_notice`] or [`with_fault`]; the page it lands on reads it with [`notice`] and [`fault`] in its query struct. Both sides
//! use the same enums, so a code cannot be written in one spelling and read in another.

use plein_app::{Code, Problem};
use serde::Deserialize;

/// What went well, as a page announces it after a redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The notification e-mail choices were saved.
    MailChoicesSaved,
    /// A report was decided on.
    Moderated,
    /// The reader joined the space.
    Joined,
    /// The reader left the space.
    Left,
    /// A guest invitation went out.
    GuestInvited,
    /// An existing guest was added to the space.
    GuestAdded,
    /// A guest got another term.
    GuestRenewed,
    /// A member's role changed.
    RoleChanged,
    /// A member was removed from the space.
    MemberRemoved,
    /// A colleague was added to the space.
    MemberAdded,
    /// The space was archived.
    Archived,
    /// The space was taken out of the archive.
    Unarchived,
    /// The space's settings were saved.
    SpaceSaved,
    /// The space's picture was saved or removed.
    SpaceImageSaved,
    /// The reader's password changed.
    PasswordChanged,
    /// The reader's other sessions ended.
    SessionsEnded,
    /// An account was deactivated.
    UserDeactivated,
    /// An account was reactivated.
    UserReactivated,
    /// An account was created.
    UserCreated,
    /// An account was created and welcomed by e-mail.
    UserWelcomed,
    /// An account's name or address was saved.
    UserSaved,
    /// Accounts were imported (the page says how many from `?aantal=`).
    UsersImported,
    /// The reader's profile was saved.
    ProfileSaved,
    /// The reader's photo was saved or removed.
    PhotoSaved,
    /// A group was saved.
    GroupSaved,
    /// A group was deleted.
    GroupDeleted,
    /// A failed job will be tried again.
    JobRetried,
    /// The post was published.
    PostCreated,
    /// A post was removed.
    PostRemoved,
    /// A comment was placed.
    CommentCreated,
    /// A comment was removed.
    CommentRemoved,
    /// A report went to the moderators.
    Reported,
    /// A space was created.
    SpaceCreated,
    /// A news item was saved.
    NewsSaved,
    /// The reader confirmed having read a news item.
    NewsConfirmed,
    /// Those who have not confirmed will be reminded.
    NewsReminded,
    /// A news item was removed.
    NewsDeleted,
    /// The branding was saved.
    BrandingSaved,
}

impl Notice {
    /// Every notice, for the test that each has its translations.
    pub const ALL: [Notice; 38] = [
        Notice::MailChoicesSaved,
        Notice::Moderated,
        Notice::Joined,
        Notice::Left,
        Notice::GuestInvited,
        Notice::GuestAdded,
        Notice::GuestRenewed,
        Notice::RoleChanged,
        Notice::MemberRemoved,
        Notice::MemberAdded,
        Notice::Archived,
        Notice::Unarchived,
        Notice::SpaceSaved,
        Notice::SpaceImageSaved,
        Notice::PasswordChanged,
        Notice::SessionsEnded,
        Notice::UserDeactivated,
        Notice::UserReactivated,
        Notice::UserCreated,
        Notice::UserWelcomed,
        Notice::UserSaved,
        Notice::UsersImported,
        Notice::ProfileSaved,
        Notice::PhotoSaved,
        Notice::GroupSaved,
        Notice::GroupDeleted,
        Notice::JobRetried,
        Notice::PostCreated,
        Notice::PostRemoved,
        Notice::CommentCreated,
        Notice::CommentRemoved,
        Notice::Reported,
        Notice::SpaceCreated,
        Notice::NewsSaved,
        Notice::NewsConfirmed,
        Notice::NewsReminded,
        Notice::NewsDeleted,
        Notice::BrandingSaved,
    ];

    /// The notice as `?ok=` carries it (Dutch, stable).
    pub fn query(self) -> &'static str {
        match self {
            Notice::MailChoicesSaved => "keuzes-opgeslagen",
            Notice::Moderated => "afgehandeld",
            Notice::Joined => "lid",
            Notice::Left => "verlaten",
            Notice::GuestInvited => "uitgenodigd",
            Notice::GuestAdded => "toegevoegd",
            Notice::GuestRenewed => "verlengd",
            Notice::RoleChanged => "rol",
            Notice::MemberRemoved => "verwijderd",
            Notice::MemberAdded => "lid-toegevoegd",
            Notice::Archived => "gearchiveerd",
            Notice::Unarchived => "heropend",
            Notice::SpaceSaved => "instellingen",
            Notice::SpaceImageSaved => "afbeelding",
            Notice::PasswordChanged => "wachtwoord",
            Notice::SessionsEnded => "sessies",
            Notice::UserDeactivated => "gedeactiveerd",
            Notice::UserReactivated => "geactiveerd",
            Notice::UserCreated => "aangemaakt",
            Notice::UserWelcomed => "welkom-verstuurd",
            Notice::UserSaved => "opgeslagen",
            Notice::UsersImported => "geimporteerd",
            Notice::ProfileSaved => "profiel-opgeslagen",
            Notice::PhotoSaved => "foto",
            Notice::GroupSaved => "groep-opgeslagen",
            Notice::GroupDeleted => "groep-verwijderd",
            Notice::JobRetried => "opnieuw",
            Notice::PostCreated => "geplaatst",
            Notice::PostRemoved => "bericht-verwijderd",
            Notice::CommentCreated => "gereageerd",
            Notice::CommentRemoved => "reactie-verwijderd",
            Notice::Reported => "gemeld",
            Notice::SpaceCreated => "team-aangemaakt",
            Notice::NewsSaved => "nieuws-opgeslagen",
            Notice::NewsConfirmed => "bevestigd",
            Notice::NewsReminded => "herinnerd",
            Notice::NewsDeleted => "nieuws-verwijderd",
            Notice::BrandingSaved => "huisstijl-opgeslagen",
        }
    }

    /// The Fluent message that announces it.
    pub fn key(self) -> &'static str {
        match self {
            Notice::MailChoicesSaved => "notifications-mail-saved",
            Notice::Moderated => "moderation-done",
            Notice::Joined => "space-joined",
            Notice::Left => "space-left",
            Notice::GuestInvited => "space-invite-sent",
            Notice::GuestAdded => "space-invite-added",
            Notice::GuestRenewed => "space-guest-renewed",
            Notice::RoleChanged => "space-member-changed",
            Notice::MemberRemoved => "space-member-removed",
            Notice::MemberAdded => "space-member-added",
            Notice::Archived => "space-archived-now",
            Notice::Unarchived => "space-unarchived",
            Notice::SpaceSaved => "space-settings-saved",
            Notice::SpaceImageSaved => "space-image-saved",
            Notice::PasswordChanged => "account-password-changed",
            Notice::SessionsEnded => "account-sessions-ended",
            Notice::UserDeactivated => "users-deactivated",
            Notice::UserReactivated => "users-reactivated",
            Notice::UserCreated => "users-created",
            Notice::UserWelcomed => "users-created-welcome",
            Notice::UserSaved => "users-saved",
            Notice::UsersImported => "users-imported",
            Notice::ProfileSaved => "profile-saved",
            Notice::PhotoSaved => "profile-photo-saved",
            Notice::GroupSaved => "group-saved",
            Notice::GroupDeleted => "group-deleted",
            Notice::JobRetried => "jobs-retried",
            Notice::PostCreated => "stream-post-created",
            Notice::PostRemoved => "stream-post-removed",
            Notice::CommentCreated => "stream-comment-created",
            Notice::CommentRemoved => "stream-comment-removed",
            Notice::Reported => "report-sent",
            Notice::SpaceCreated => "space-created",
            Notice::NewsSaved => "news-saved",
            Notice::NewsConfirmed => "news-confirmed-now",
            Notice::NewsReminded => "news-reminded",
            Notice::NewsDeleted => "news-deleted",
            Notice::BrandingSaved => "branding-saved",
        }
    }

    /// The notice an `?ok=` value names; `None` for anything else.
    pub fn from_query(s: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.query() == s)
    }
}

/// The notice a query string's `ok=` names, if any.
pub fn notice_in(query: &str) -> Option<Notice> {
    query.split('&').find_map(|pair| pair.strip_prefix("ok=")).and_then(Notice::from_query)
}

/// `path` with `ok=` naming `notice` added to its query, before any `#fragment`.
pub fn with_notice(path: &str, notice: Notice) -> String {
    with_param(path, "ok", notice.query())
}

/// `path` with `fout=` naming `problem` added to its query, before any `#fragment`: the field, the
/// item's number from 1 when it is one of several, and the code, separated by dots
/// (`body.te-lang-10000`, `images.2.afbeelding-onleesbaar`).
pub fn with_fault(path: &str, problem: &Problem) -> String {
    let value = match problem.item {
        Some(i) => format!("{}.{}.{}", problem.field, i + 1, problem.code.query()),
        None => format!("{}.{}", problem.field, problem.code.query()),
    };
    with_param(path, "fout", &value)
}

fn with_param(path: &str, name: &str, value: &str) -> String {
    let (path, fragment) = path.split_once('#').map_or((path, None), |(p, f)| (p, Some(f)));
    let sep = if path.contains('?') { '&' } else { '?' };
    match fragment {
        Some(f) => format!("{path}{sep}{name}={value}#{f}"),
        None => format!("{path}{sep}{name}={value}"),
    }
}

/// A refused input, as a page reads it back from `?fout=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// The field, as the form names it.
    pub field: String,
    /// Which of several inputs (0 first), such as the second picture.
    pub item: Option<usize>,
    /// What was wrong.
    pub code: Code,
}

impl Fault {
    /// The fault a `?fout=` value names; `None` for anything else.
    pub fn from_query(s: &str) -> Option<Fault> {
        let mut parts = s.split('.');
        let (field, second, third) = (parts.next()?, parts.next()?, parts.next());
        if parts.next().is_some() || field.is_empty() || !field.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        let (item, code) = match third {
            Some(code) => (Some(second.parse::<usize>().ok().filter(|n| *n >= 1)? - 1), code),
            None => (None, second),
        };
        Some(Fault { field: field.to_owned(), item, code: Code::from_query(code)? })
    }
}

/// Reads `?ok=` into a page's query struct: `#[serde(default, deserialize_with = "flash::notice")]`.
/// A value that names no notice reads as none.
pub fn notice<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Notice>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.as_deref().and_then(Notice::from_query))
}

/// Reads `?fout=` into a page's query struct: `#[serde(default, deserialize_with = "flash::fault")]`.
/// A value that names no code reads as none.
pub fn fault<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Fault>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.as_deref().and_then(Fault::from_query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_survives_its_query_form_and_has_both_translations() {
        let mut seen = std::collections::BTreeSet::new();
        for notice in Notice::ALL {
            assert_eq!(Notice::from_query(notice.query()), Some(notice));
            assert!(seen.insert(notice.query()), "two notices share {}", notice.query());
            for locale in [plein_core::Locale::Nl, plein_core::Locale::En] {
                let text = plein_app::i18n::t(locale, notice.key());
                assert!(!text.is_empty() && text != notice.key(), "{notice:?} has no {locale:?} text");
            }
        }
        assert_eq!(Notice::from_query("1"), None);
    }

    #[test]
    fn notices_and_faults_go_before_the_fragment() {
        assert_eq!(
            with_notice("/meldingen#instellingen", Notice::MailChoicesSaved),
            "/meldingen?ok=keuzes-opgeslagen#instellingen"
        );
        assert_eq!(with_notice("/teams?x=1", Notice::Joined), "/teams?x=1&ok=lid");
        let problem = Problem::at("images", 1, Code::ImageAlt);
        assert_eq!(with_fault("/", &problem), "/?fout=images.2.afbeelding-beschrijving");
        let long = Problem::new("body", plein_core::account::FieldError::TooLong { max: 10_000 });
        let back = with_fault("/", &long);
        assert_eq!(back, "/?fout=body.te-lang-10000");
        let fault = Fault::from_query(back.trim_start_matches("/?fout=")).unwrap();
        assert_eq!((fault.field.as_str(), fault.item, fault.code), ("body", None, long.code));
        for refused in ["body", "body.", ".verplicht", "Body.verplicht", "images.0.verplicht", "body.verplicht.x.y"] {
            assert_eq!(Fault::from_query(refused), None, "{refused}");
        }
        #[derive(Deserialize)]
        struct Page {
            #[serde(default, deserialize_with = "crate::flash::fault")]
            fout: Option<Fault>,
            #[serde(default, deserialize_with = "crate::flash::notice")]
            ok: Option<Notice>,
            voor: Option<i64>,
        }
        let uri = "/?fout=images.2.afbeelding-beschrijving&ok=%3Cx%3E&voor=7".parse().unwrap();
        let axum::extract::Query(page) = axum::extract::Query::<Page>::try_from_uri(&uri).unwrap();
        assert_eq!(page.fout, Some(Fault { field: "images".into(), item: Some(1), code: Code::ImageAlt }));
        assert_eq!((page.ok, page.voor), (None, Some(7)));
    }
}
