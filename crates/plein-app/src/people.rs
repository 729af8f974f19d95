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
    /// The upload is not a photo we can read (PNG, JPEG, GIF or WebP).
    #[error("not an image")]
    NotAnImage,
    /// The image has more pixels than we decode.
    #[error("image too large")]
    ImageTooLarge,
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] ServiceError),
}

/// Profile photos are stored as squares of this many pixels.
pub const PHOTO_SIZE: u32 = 256;
/// The widest or tallest image decoded (larger ones are refused before decoding).
pub const MAX_PHOTO_SIDE: u32 = 8000;

/// Reads an uploaded image within limits (no decompression bombs), crops it to a square and
/// encodes it as JPEG.
fn process_photo(bytes: &[u8]) -> Result<Vec<u8>, PeopleError> {
    use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};
    let mut reader =
        ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|_| PeopleError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP)) {
        return Err(PeopleError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(300 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => PeopleError::ImageTooLarge,
        _ => PeopleError::NotAnImage,
    })?;
    let square = image.resize_to_fill(PHOTO_SIZE, PHOTO_SIZE, FilterType::Lanczos3).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&square)
        .map_err(|e| PeopleError::Internal(ServiceError::Export(e.to_string())))?;
    Ok(out)
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

    /// The user behind a profile and their spaces, if the actor may see them.
    async fn visible_person(&self, actor: &Actor, id: i64) -> Result<(UserRow, Vec<(i64, String)>), PeopleError> {
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
        Ok((user, memberships))
    }

    /// A person's photo (JPEG) and when it changed, if the actor may see the person.
    pub async fn photo(&self, actor: &Actor, id: i64) -> Result<(Vec<u8>, String), PeopleError> {
        self.visible_person(actor, id).await?;
        let photo = self.store.photo(id).await?.ok_or(PeopleError::NotFound)?;
        Ok((photo.bytes, photo.content_type))
    }

    /// Replaces the user's own photo with an uploaded image.
    pub async fn set_photo(&self, user: &SessionUser, upload: Vec<u8>) -> Result<(), PeopleError> {
        let jpeg = tokio::task::spawn_blocking(move || process_photo(&upload))
            .await
            .map_err(|e| PeopleError::Internal(ServiceError::Export(e.to_string())))??;
        self.store.set_photo(user.id, "image/jpeg", jpeg).await?;
        Ok(())
    }

    /// Removes the user's own photo.
    pub async fn remove_photo(&self, user: &SessionUser) -> Result<(), PeopleError> {
        self.store.remove_photo(user.id).await?;
        Ok(())
    }

    /// A person's profile as the actor may see it.
    pub async fn person(&self, actor: &Actor, id: i64) -> Result<PersonView, PeopleError> {
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
            photo_version: self.store.photo_version(id).await?.map(|t| t.timestamp()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([26, 79, 139]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).ok();
        out.into_inner()
    }

    #[test]
    fn photos_become_small_squares() {
        let jpeg = process_photo(&png(640, 480)).ok().unwrap_or_default();
        let back = image::load_from_memory(&jpeg).ok().map(|i| (i.width(), i.height()));
        assert_eq!(back, Some((PHOTO_SIZE, PHOTO_SIZE)));
    }

    #[test]
    fn non_images_and_bombs_are_refused() {
        assert!(matches!(process_photo(b"<svg onload=alert(1)>"), Err(PeopleError::NotAnImage)));
        // A broken file is refused either way (its header may claim a huge size).
        assert!(matches!(process_photo(b"GIF89a nonsense"), Err(PeopleError::NotAnImage | PeopleError::ImageTooLarge)));
        // Wider than we decode: refused before the pixels are unpacked.
        assert!(matches!(process_photo(&png(MAX_PHOTO_SIDE + 1, 1)), Err(PeopleError::ImageTooLarge)));
    }
}
