//! The one error type of handlers. Its response carries only a status; the
//! error-page middleware turns it into a translated page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plein_app::ServiceError;
use plein_app::spaces::SpaceError;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the reader may not see it.
    #[error("not found")]
    NotFound,
    /// The thing is visible, but the actor may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// The request is malformed, or the input was refused where no form shows why.
    #[error("bad request")]
    BadRequest,
    /// It clashes with what exists (a name or address in use).
    #[error("conflict")]
    Conflict,
    /// Too many attempts; try again later.
    #[error("throttled")]
    Throttled,
    /// Something broke; the cause is logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<SpaceError> for AppError {
    fn from(e: SpaceError) -> Self {
        match e {
            SpaceError::NotFound => AppError::NotFound,
            SpaceError::Forbidden => AppError::Forbidden,
            SpaceError::Field { .. } | SpaceError::LastOwner | SpaceError::Image(_) => AppError::BadRequest,
            SpaceError::Internal(e) => e.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND.into_response(),
            AppError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            AppError::BadRequest => StatusCode::BAD_REQUEST.into_response(),
            AppError::Conflict => StatusCode::CONFLICT.into_response(),
            AppError::Throttled => StatusCode::TOO_MANY_REQUESTS.into_response(),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
