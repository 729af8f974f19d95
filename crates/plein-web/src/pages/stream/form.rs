//! The new-post form as an extractor: a plain form, or `multipart/form-data` with pictures, read
//! within the upload limit (what came before the limit is kept, so the page can say why).

use axum::Form;
use axum::http::StatusCode;
use plein_app::stream::MAX_IMAGES;

use crate::{AppError, AppState};

/// The new-post form's fields: `plaats` (`space:{id}` or `profile`), `body`, `terug`; a poll's
/// `opties` (one per line), `meerdere` (`1`), `sluit` (days); pictures `afbeelding_1` …
/// `afbeelding_4`, each with its text alternative `afbeelding_1_tekst` …. Sent as a plain form,
/// or as `multipart/form-data` with files.
#[derive(Default)]
pub(crate) struct NewPostForm {
    fields: std::collections::HashMap<String, String>,
    /// The chosen files by slot number (from 1).
    images: std::collections::BTreeMap<usize, Vec<u8>>,
    /// The body passed the upload limit; what came before it was read.
    pub(crate) too_large: bool,
}

impl NewPostForm {
    pub(crate) async fn read(state: &AppState, req: axum::extract::Request) -> Result<NewPostForm, AppError> {
        use axum::extract::FromRequest;
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let mut form = NewPostForm::default();
        if !multipart {
            let Form(fields) =
                Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
            form.fields = fields.into_iter().collect();
            return Ok(form);
        }
        let too_large = |e: &axum::extract::multipart::MultipartError| e.status() == StatusCode::PAYLOAD_TOO_LARGE;
        let mut parts = axum::extract::Multipart::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
        loop {
            let part = match parts.next_field().await {
                Ok(Some(part)) => part,
                Ok(None) => break,
                Err(e) if too_large(&e) => {
                    form.too_large = true;
                    break;
                }
                Err(_) => return Err(AppError::BadRequest),
            };
            let name = part.name().unwrap_or_default().to_owned();
            let slot = name.strip_prefix("afbeelding_").and_then(|n| n.parse::<usize>().ok());
            match slot {
                Some(n) if (1..=MAX_IMAGES).contains(&n) => match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => {
                        form.images.insert(n, bytes.to_vec());
                    }
                    Ok(_) => {}
                    Err(e) if too_large(&e) => {
                        form.too_large = true;
                        break;
                    }
                    Err(_) => return Err(AppError::BadRequest),
                },
                _ => {
                    form.fields.insert(name, crate::input::form_text(part).await?);
                }
            }
        }
        Ok(form)
    }

    /// The chosen pictures with their text alternatives, in slot order, and their slot numbers.
    pub(crate) fn pictures(&mut self) -> (Vec<(Vec<u8>, String)>, Vec<usize>) {
        let images = std::mem::take(&mut self.images);
        let slots = images.keys().copied().collect();
        let pictures = images
            .into_iter()
            .map(|(n, bytes)| (bytes, self.get(&format!("afbeelding_{n}_tekst")).to_owned()))
            .collect();
        (pictures, slots)
    }

    pub(crate) fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

impl axum::extract::FromRequest<AppState> for NewPostForm {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Self::Rejection> {
        NewPostForm::read(state, req).await
    }
}
