//! The news form's fields turned into the app's input, and back into the form.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use plein_app::news::{AudienceChoice, EditKind, NewsInput, NewsView, Publishing};

use crate::upload::UploadForm;

/// The news form: an [`UploadForm`] whose file is the header picture (`picture`).
pub(crate) type NewsForm = UploadForm;

impl UploadForm {
    /// The form as the app's input; `Err` names a date field that does not read as a date.
    pub(crate) fn input(&mut self) -> Result<NewsInput, &'static str> {
        let audience = match self.get("audience") {
            "groups" => AudienceChoice::Groups(self.numbers("groups")),
            "space" => AudienceChoice::Space(self.get("space").parse().map_err(|_| "audience")?),
            _ => AudienceChoice::Everyone,
        };
        let publishing = match self.get("publishing") {
            "draft" => Publishing::Draft,
            "archive" => Publishing::Archive,
            "at" => Publishing::At(date(self.get("publish_at")).ok_or("publish_at")?),
            _ => Publishing::Now,
        };
        let optional = |name: &'static str| -> Result<Option<DateTime<Utc>>, &'static str> {
            let raw = self.get(name).trim();
            if raw.is_empty() { Ok(None) } else { date(raw).map(Some).ok_or(name) }
        };
        let ends_at = optional("ends_at")?;
        let featured_until = if self.checked("featured") { optional("featured_until")? } else { None };
        let confirm_due = optional("confirm_due")?;
        let edit = match self.get("edit") {
            "version" => EditKind::NewVersion(self.get("change_note").to_owned()),
            _ => EditKind::Correction,
        };
        Ok(NewsInput {
            audience,
            on_behalf_of: self.get("on_behalf_of").to_owned(),
            category: self.get("category").to_owned(),
            title: self.get("title").to_owned(),
            lead: self.get("lead").to_owned(),
            body: self.get("body").to_owned(),
            picture: self.take_file("picture"),
            picture_alt: self.get("picture_alt").to_owned(),
            remove_picture: self.checked("remove_picture"),
            publishing,
            ends_at,
            featured_until,
            reactions: self.checked("reactions"),
            confirmation: self.checked("confirmation"),
            confirm_due,
            edit,
        })
    }
}

/// A `datetime-local` value (`2026-11-28T14:30`) in Dutch time, or a bare date (`2026-11-28`, the
/// start of that day).
pub(crate) fn date(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN)))
        .ok()?;
    plein_app::i18n::TIME_ZONE.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc))
}

/// A time as a `datetime-local` field shows it, in Dutch time.
pub(crate) fn field_date(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.with_timezone(&plein_app::i18n::TIME_ZONE).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// What the form shows: the values as typed, or as stored.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewsFields {
    pub(crate) audience: String,
    pub(crate) groups: Vec<i64>,
    pub(crate) space: Option<i64>,
    pub(crate) on_behalf_of: String,
    pub(crate) category: String,
    pub(crate) title: String,
    pub(crate) lead: String,
    pub(crate) body: String,
    pub(crate) picture_alt: String,
    pub(crate) publishing: String,
    pub(crate) publish_at: String,
    pub(crate) ends_at: String,
    pub(crate) featured: bool,
    pub(crate) featured_until: String,
    pub(crate) reactions: bool,
    pub(crate) confirmation: bool,
    pub(crate) confirm_due: String,
    pub(crate) edit: String,
    pub(crate) change_note: String,
}

impl NewsFields {
    /// A new item's form: for everyone (or the space), published now, with reactions.
    pub(crate) fn new(space: Option<i64>) -> NewsFields {
        NewsFields {
            audience: if space.is_some() { "space".into() } else { "everyone".into() },
            space,
            publishing: "now".into(),
            reactions: true,
            edit: "correction".into(),
            ..NewsFields::default()
        }
    }

    /// The form as typed.
    pub(crate) fn typed(form: &NewsForm) -> NewsFields {
        NewsFields {
            audience: form.get("audience").to_owned(),
            groups: form.numbers("groups"),
            space: form.get("space").parse().ok(),
            on_behalf_of: form.get("on_behalf_of").to_owned(),
            category: form.get("category").to_owned(),
            title: form.get("title").to_owned(),
            lead: form.get("lead").to_owned(),
            body: form.get("body").to_owned(),
            picture_alt: form.get("picture_alt").to_owned(),
            publishing: form.get("publishing").to_owned(),
            publish_at: form.get("publish_at").to_owned(),
            ends_at: form.get("ends_at").to_owned(),
            featured: form.checked("featured"),
            featured_until: form.get("featured_until").to_owned(),
            reactions: form.checked("reactions"),
            confirmation: form.checked("confirmation"),
            confirm_due: form.get("confirm_due").to_owned(),
            edit: form.get("edit").to_owned(),
            change_note: form.get("change_note").to_owned(),
        }
    }

    /// A stored item's form.
    pub(crate) fn stored(n: &NewsView) -> NewsFields {
        use plein_app::news::NewsPlace;
        use plein_core::policy::NewsState;
        let (audience, groups, space) = match &n.place {
            NewsPlace::Everyone => ("everyone", Vec::new(), None),
            NewsPlace::Groups(g) => ("groups", g.iter().map(|(id, _)| *id).collect(), None),
            NewsPlace::Space { id, .. } => ("space", Vec::new(), Some(*id)),
        };
        let publishing = match n.state {
            NewsState::Draft => "draft",
            NewsState::Scheduled => "at",
            NewsState::Archived => "archive",
            NewsState::Published | NewsState::Ended => "now",
        };
        NewsFields {
            audience: audience.into(),
            groups,
            space,
            on_behalf_of: n.on_behalf_of.clone(),
            category: n.category.clone(),
            title: n.title.clone(),
            lead: n.lead.clone(),
            body: n.body.clone().unwrap_or_default(),
            picture_alt: n.picture.as_ref().map(|(_, _, alt)| alt.clone()).unwrap_or_default(),
            publishing: publishing.into(),
            publish_at: field_date(n.publish_at),
            ends_at: field_date(n.ends_at),
            featured: n.featured_until.is_some(),
            featured_until: field_date(n.featured_until),
            reactions: n.reactions,
            confirmation: n.confirmation,
            confirm_due: field_date(n.confirm_due),
            edit: "correction".into(),
            change_note: String::new(),
        }
    }
}
