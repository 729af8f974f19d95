//! People (kenniskaart): profiles, expertise and the directory, all through the policy.

use std::collections::HashMap;

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, PersonFacts, SpaceRole, Target, authorize};
use plein_core::space::Description;
use plein_store::images::ImageOwner;
use plein_store::people::{PeopleFilter, ProfileUpdate};
use plein_store::spaces::SpaceRow;
use plein_store::users::UserRow;

use crate::error::{Error, Result};
use crate::images;
use crate::spaces::facts;
use crate::{App, SessionUser};

crate::capability!(
    /// People: the directory, profiles and photos, and whom one may mention.
    People,
    people
);

/// A profile as one reader may see it.
#[derive(Clone, Debug)]
pub struct PersonView {
    /// The person.
    pub user: UserRow,
    /// What to ask them about.
    pub expertise: Vec<String>,
    /// Their spaces that the reader may know exist.
    pub spaces: Vec<SpaceRow>,
    /// Whether the reader sees the phone number.
    pub show_phone: bool,
    /// The birthday (day, month) if the reader may see it.
    pub birthday: Option<(u32, u32)>,
    /// Whether it is the reader's own profile.
    pub own: bool,
    /// When the photo last changed (seconds), if there is one.
    pub photo_version: Option<i64>,
}

/// A profile as typed in the form.
#[derive(Clone, Debug, Default)]
pub struct ProfileForm {
    /// Function.
    pub job_title: String,
    /// Department.
    pub department: String,
    /// Location.
    pub location: String,
    /// Phone number.
    pub phone: String,
    /// Show the phone number to colleagues.
    pub phone_visible: bool,
    /// Day of the birthday (1–31), empty for none.
    pub birthday_day: String,
    /// Month of the birthday (1–12), empty for none.
    pub birthday_month: String,
    /// Show the birthday to colleagues.
    pub birthday_visible: bool,
    /// About me.
    pub about: String,
    /// Expertise, separated by commas.
    pub expertise: String,
}

fn short(field: &'static str, raw: &str, max: usize) -> Result<String> {
    let s = plein_core::text::line(raw).map_err(|error| Error::invalid(field, error))?;
    if s.chars().count() > max {
        return Err(Error::invalid(field, FieldError::TooLong { max }));
    }
    Ok(s.to_owned())
}

/// Day and month of a birthday; both empty is none, one without the other or an impossible date
/// (such as 31 April) is an error. 29 February is a birthday.
fn birthday(day: &str, month: &str) -> Result<Option<(u32, u32)>> {
    let invalid = Error::invalid("birthday", FieldError::Invalid);
    match (day.trim(), month.trim()) {
        ("", "") => Ok(None),
        (d, m) => {
            let (Ok(d), Ok(m)) = (d.parse::<u32>(), m.parse::<u32>()) else { return Err(invalid) };
            // A leap year, so that 29 February exists.
            chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| Some((d, m))).ok_or(invalid)
        }
    }
}

/// A stored `MM-DD` birthday as (day, month).
pub fn parse_birthday(stored: &str) -> Option<(u32, u32)> {
    let (m, d) = stored.split_once('-')?;
    Some((d.parse().ok()?, m.parse().ok()?))
}

fn validate(form: &ProfileForm) -> Result<ProfileUpdate> {
    let phone = short("phone", &form.phone, 30)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Err(Error::invalid("phone", FieldError::Invalid));
    }
    let about = Description::parse(&form.about).map_err(|error| Error::invalid("about", error))?;
    let mut expertise: Vec<String> = Vec::new();
    for tag in form.expertise.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let tag = short("expertise", &tag, 40)?;
        if !expertise.contains(&tag) {
            expertise.push(tag);
        }
    }
    if expertise.len() > 20 {
        return Err(Error::invalid("expertise", FieldError::TooLong { max: 20 }));
    }
    Ok(ProfileUpdate {
        job_title: short("job_title", &form.job_title, 100)?,
        department: short("department", &form.department, 100)?,
        location: short("location", &form.location, 100)?,
        phone,
        phone_visible: form.phone_visible,
        about: about.as_str().to_owned(),
        expertise,
        birthday: birthday(&form.birthday_day, &form.birthday_month)?.map(|(d, m)| format!("{m:02}-{d:02}")),
        birthday_visible: form.birthday_visible,
    })
}

impl App {
    /// The user behind a profile and their spaces, if the actor may see them.
    async fn visible_person(&self, actor: &Actor, id: i64) -> Result<(UserRow, Vec<(i64, SpaceRole)>)> {
        let user = self.store.user_by_id(id).await?.ok_or(Error::NotFound)?;
        let memberships = self.store.memberships_of(id).await?;
        let person = PersonFacts { id, kind: user.kind, spaces: memberships.iter().map(|(s, _)| *s).collect() };
        if !authorize(Some(actor), Action::See, Target::Person(&person)).allowed() {
            return Err(Error::NotFound);
        }
        Ok((user, memberships))
    }
}

impl People<'_> {
    /// The people directory, for employees; guests get "not found".
    pub async fn list_people(&self, actor: &Actor, filter: &PeopleFilter, limit: u64) -> Result<Vec<UserRow>> {
        if !authorize(Some(actor), Action::BrowsePeople, Target::Site).allowed() {
            return Err(Error::NotFound);
        }
        Ok(self.store.list_people(filter, None, limit).await?)
    }

    /// How many people the directory holds for `filter`, on all its pages.
    pub async fn count_people(&self, actor: &Actor, filter: &PeopleFilter) -> Result<u64> {
        if !authorize(Some(actor), Action::BrowsePeople, Target::Site).allowed() {
            return Err(Error::NotFound);
        }
        Ok(self.store.count_people(filter, None).await?)
    }

    /// The versions of these people's photos (for their faces), of those who have one; only for
    /// a reader who may browse the directory (the rest see initials).
    pub async fn list_photo_versions(&self, actor: &Actor, ids: &[i64]) -> Result<HashMap<i64, i64>> {
        if !authorize(Some(actor), Action::BrowsePeople, Target::Site).allowed() {
            return Ok(HashMap::new());
        }
        let versions = self.store.image_versions(false, ids).await?;
        Ok(versions.into_iter().map(|(id, at)| (id, at.timestamp())).collect())
    }

    /// Every group's id and name, for the directory's filter (group names are not secret).
    pub async fn list_group_names(&self) -> Result<Vec<(i64, String)>> {
        Ok(self.store.group_names().await?)
    }

    /// Departments for the directory's filter.
    pub async fn list_departments(&self) -> Result<Vec<String>> {
        Ok(self.store.departments().await?)
    }

    /// A person's photo (JPEG), whole or as the small thumbnail of faces in lists, if the actor
    /// may see the person.
    pub async fn read_photo(&self, actor: &Actor, id: i64, small: bool) -> Result<(Vec<u8>, String)> {
        self.visible_person(actor, id).await?;
        let photo = self.store.image(ImageOwner::User(id)).await?.ok_or(Error::NotFound)?;
        if small {
            return Ok((crate::images::face_thumbnail(photo.bytes).await?, "image/jpeg".into()));
        }
        Ok((photo.bytes, photo.content_type))
    }

    /// Replaces the user's own photo with an uploaded image, or removes it (`None`).
    pub async fn set_photo(&self, user: &SessionUser, upload: Option<Vec<u8>>) -> Result<()> {
        match upload {
            Some(bytes) => {
                let jpeg = images::process(bytes).await?;
                self.store.set_image(ImageOwner::User(user.id), "image/jpeg", jpeg).await?;
            }
            None => self.store.remove_image(ImageOwner::User(user.id)).await?,
        }
        Ok(())
    }

    /// A person's profile as the actor may see it.
    pub async fn read_person(&self, actor: &Actor, id: i64) -> Result<PersonView> {
        let (user, memberships) = self.visible_person(actor, id).await?;
        let ids: Vec<i64> = memberships.iter().map(|(s, _)| *s).collect();
        let spaces = self
            .store
            .spaces_by_ids(&ids)
            .await?
            .into_iter()
            .filter(|s| authorize(Some(actor), Action::See, Target::Space(&facts(s))).allowed())
            .collect();
        let own = actor.id == id;
        Ok(PersonView {
            photo_version: self.store.image_version(ImageOwner::User(id)).await?.map(|t| t.timestamp()),
            expertise: self.store.expertise_of(id).await?,
            spaces,
            show_phone: own || user.phone_visible,
            birthday: if own || user.birthday_visible {
                user.birthday.as_deref().and_then(parse_birthday)
            } else {
                None
            },
            own,
            user,
        })
    }

    /// Saves the user's own profile.
    pub async fn update_profile(&self, user: &SessionUser, form: &ProfileForm) -> Result<()> {
        let update = validate(form)?;
        self.store.update_profile(user.id, update).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_are_day_and_month_or_nothing() {
        assert!(matches!(birthday("", ""), Ok(None)));
        assert!(matches!(birthday("29", "2"), Ok(Some((29, 2)))));
        assert!(matches!(birthday(" 7 ", "12"), Ok(Some((7, 12)))));
        for (d, m) in [("31", "4"), ("0", "1"), ("1", "13"), ("5", ""), ("", "5"), ("x", "1")] {
            assert!(matches!(birthday(d, m), Err(Error::Invalid(crate::Problem { field: "birthday", .. }))), "{d}-{m}");
        }
        assert_eq!(parse_birthday("02-29"), Some((29, 2)));
    }
}
