//! People (kenniskaart): profiles, expertise and the directory, all through the policy.

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, PersonFacts, Target, authorize};
use plein_core::{UserKind, space::Description};
use plein_store::StoreError;
use plein_store::people::{PeopleFilter, ProfileUpdate};
use plein_store::spaces::SpaceRow;
use plein_store::users::UserRow;

use crate::spaces::facts;
use crate::{App, ServiceError, SessionUser};

/// Why a people action did not happen.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    /// Not there for this reader.
    #[error("not found")]
    NotFound,
    /// A field is invalid.
    #[error("{field}: {error}")]
    Field {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        error: FieldError,
    },
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

impl From<StoreError> for PeopleError {
    fn from(e: StoreError) -> Self {
        PeopleError::Internal(ServiceError::Store(e))
    }
}

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
    /// Whether it is the reader's own profile.
    pub own: bool,
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
    /// About me.
    pub about: String,
    /// Expertise, separated by commas.
    pub expertise: String,
}

fn short(field: &'static str, raw: &str, max: usize) -> Result<String, PeopleError> {
    let s = raw.trim();
    if s.chars().count() > max {
        return Err(PeopleError::Field { field, error: FieldError::TooLong { max } });
    }
    if s.chars().any(char::is_control) {
        return Err(PeopleError::Field { field, error: FieldError::Invalid });
    }
    Ok(s.to_owned())
}

fn validate(form: &ProfileForm) -> Result<ProfileUpdate, PeopleError> {
    let phone = short("phone", &form.phone, 30)?;
    if !phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
        return Err(PeopleError::Field { field: "phone", error: FieldError::Invalid });
    }
    let about = Description::parse(&form.about).map_err(|error| PeopleError::Field { field: "about", error })?;
    let mut expertise: Vec<String> = Vec::new();
    for tag in form.expertise.split(',').map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
        let tag = short("expertise", &tag, 40)?;
        if !expertise.contains(&tag) {
            expertise.push(tag);
        }
    }
    if expertise.len() > 20 {
        return Err(PeopleError::Field { field: "expertise", error: FieldError::TooLong { max: 20 } });
    }
    Ok(ProfileUpdate {
        job_title: short("job_title", &form.job_title, 100)?,
        department: short("department", &form.department, 100)?,
        location: short("location", &form.location, 100)?,
        phone,
        phone_visible: form.phone_visible,
        about: about.as_str().to_owned(),
        expertise,
    })
}

impl App {
    /// The people directory, for employees; guests get "not found".
    pub async fn people(&self, actor: &Actor, filter: &PeopleFilter, limit: u64) -> Result<Vec<UserRow>, PeopleError> {
        if !authorize(Some(actor), Action::BrowsePeople, Target::Site).allowed() {
            return Err(PeopleError::NotFound);
        }
        Ok(self.store.list_people(filter, None, limit).await?)
    }

    /// Every group's id and name, for the directory's filter (group names are not secret).
    pub async fn group_names(&self) -> Result<Vec<(i64, String)>, ServiceError> {
        Ok(self.store.list_groups().await?.into_iter().map(|(g, _)| (g.id, g.name)).collect())
    }

    /// Departments for the directory's filter.
    pub async fn departments(&self) -> Result<Vec<String>, ServiceError> {
        Ok(self.store.departments().await?)
    }

    /// A person's profile as the actor may see it.
    pub async fn person(&self, actor: &Actor, id: i64) -> Result<PersonView, PeopleError> {
        let user = self.store.user_by_id(id).await?.ok_or(PeopleError::NotFound)?;
        let memberships = self.store.memberships_of(id).await?;
        let person = PersonFacts {
            id,
            kind: UserKind::parse(&user.kind).unwrap_or(UserKind::Guest),
            spaces: memberships.iter().map(|(s, _)| *s).collect(),
        };
        if !authorize(Some(actor), Action::See, Target::Person(&person)).allowed() {
            return Err(PeopleError::NotFound);
        }
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
            expertise: self.store.expertise_of(id).await?,
            spaces,
            show_phone: own || user.phone_visible,
            own,
            user,
        })
    }

    /// Saves the user's own profile.
    pub async fn update_profile(&self, user: &SessionUser, form: &ProfileForm) -> Result<(), PeopleError> {
        let update = validate(form)?;
        self.store.update_profile(user.id, update).await?;
        Ok(())
    }
}
