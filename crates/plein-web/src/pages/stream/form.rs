//! The new-post form as an extractor: an [`UploadForm`] (a plain form, or `multipart/form-data`
//! with pictures, read within the upload limit) whose files are the post's pictures.

use plein_app::stream::MAX_IMAGES;

use crate::upload::UploadForm;
use crate::{AppError, AppState};

/// The new-post form's fields: `plaats` (`space:{id}` or `profile`), `body`, `terug`; a poll's
/// `opties` (one per line), `meerdere` (`1`), `sluit` (days); pictures `afbeelding_1` …
/// `afbeelding_4`, each with its text alternative `afbeelding_1_tekst` ….
pub(crate) struct NewPostForm {
    form: UploadForm,
    /// The body passed the upload limit; what came before it was read.
    pub(crate) too_large: bool,
}

impl NewPostForm {
    /// The chosen pictures with their text alternatives, in slot order, and their slot numbers.
    pub(crate) fn pictures(&mut self) -> (Vec<(Vec<u8>, String)>, Vec<usize>) {
        let mut pictures = Vec::new();
        let mut slots = Vec::new();
        for n in 1..=MAX_IMAGES {
            if let Some(bytes) = self.form.take_file(&format!("afbeelding_{n}")) {
                pictures.push((bytes, self.get(&format!("afbeelding_{n}_tekst")).to_owned()));
                slots.push(n);
            }
        }
        (pictures, slots)
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.form.get(name)
    }
}

impl axum::extract::FromRequest<AppState> for NewPostForm {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let form = UploadForm::from_request(req, state).await?;
        Ok(NewPostForm { too_large: form.too_large, form })
    }
}
