//! A form that may carry files: a plain form, or `multipart/form-data` read within the upload
//! limit (what came before the limit is kept, so the page can say why). Text fields pass the text
//! floor; parts with a file name are files.

use axum::Form;
use axum::http::StatusCode;

use crate::{AppError, AppState};

/// A form's fields by name (a name may come more than once) and its files by field name.
#[derive(Default)]
pub(crate) struct UploadForm {
    fields: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
    /// The body passed the upload limit.
    pub(crate) too_large: bool,
}

impl UploadForm {
    async fn read(state: &AppState, req: axum::extract::Request) -> Result<UploadForm, AppError> {
        use axum::extract::FromRequest;
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        let mut form = UploadForm::default();
        if !multipart {
            let Form(fields) =
                Form::<Vec<(String, String)>>::from_request(req, state).await.map_err(|_| AppError::BadRequest)?;
            form.fields = fields;
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
            if part.file_name().is_some() {
                match part.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => form.files.push((name, bytes.to_vec())),
                    Ok(_) => {}
                    Err(e) if too_large(&e) => {
                        form.too_large = true;
                        break;
                    }
                    Err(_) => return Err(AppError::BadRequest),
                }
            } else {
                let value = crate::input::form_text(part).await?;
                form.fields.push((name, value));
            }
        }
        Ok(form)
    }

    /// The first value of a field ("" when absent).
    pub(crate) fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a field that reads as a number.
    pub(crate) fn numbers(&self, name: &str) -> Vec<i64> {
        self.fields.iter().filter(|(n, _)| n == name).filter_map(|(_, v)| v.parse().ok()).collect()
    }

    /// Whether a checkbox was ticked.
    pub(crate) fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// The file chosen in a field, taken out of the form.
    pub(crate) fn take_file(&mut self, name: &str) -> Option<Vec<u8>> {
        let at = self.files.iter().position(|(n, _)| n == name)?;
        Some(self.files.remove(at).1)
    }
}

impl axum::extract::FromRequest<AppState> for UploadForm {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Self::Rejection> {
        UploadForm::read(state, req).await
    }
}
