//! The one error type of handlers. Its response carries only a status; the
//! error-page middleware turns it into a translated page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

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
    /// Something broke; the cause, with its chain, is logged, never shown.
    #[error("internal: {0}")]
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// Something broke, as `what` describes.
    pub fn internal(what: impl Into<String>) -> AppError {
        AppError::Internal(what.into().into())
    }
}

/// The one conversion of a use case's error: each refusal keeps its status, only what broke is a 500.
impl From<plein_app::Error> for AppError {
    fn from(e: plein_app::Error) -> Self {
        match e {
            plein_app::Error::NotFound => AppError::NotFound,
            plein_app::Error::Forbidden => AppError::Forbidden,
            plein_app::Error::Invalid(_) => AppError::BadRequest,
            plein_app::Error::Conflict(_) => AppError::Conflict,
            plein_app::Error::Throttled(_) => AppError::Throttled,
            plein_app::Error::Internal(failure) => AppError::Internal(Box::new(failure)),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(Box::new(e))
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
                let mut chain = cause.to_string();
                let mut source = cause.source();
                while let Some(s) = source {
                    chain.push_str(": ");
                    chain.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(cause = %chain, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use plein_app::{Code, Error, Failure, Problem};
    use plein_core::account::FieldError;

    use super::*;

    #[test]
    fn every_refusal_keeps_its_status_and_only_a_failure_is_a_500() {
        let problem = Problem::new("name", FieldError::Required);
        let kinds = [
            (Error::NotFound, StatusCode::NOT_FOUND),
            (Error::Forbidden, StatusCode::FORBIDDEN),
            (Error::Invalid(problem), StatusCode::BAD_REQUEST),
            (Error::conflict("email", Code::Taken), StatusCode::CONFLICT),
            (Error::Throttled(plein_store::now()), StatusCode::TOO_MANY_REQUESTS),
            (Error::Internal(Failure::Mail("refused by the server".into())), StatusCode::INTERNAL_SERVER_ERROR),
        ];
        for (error, status) in kinds {
            let shown = format!("{error:?}");
            assert_eq!(AppError::from(error).into_response().status(), status, "{shown}");
        }
    }

    #[test]
    fn a_failure_keeps_its_cause() {
        let failure = plein_store::StoreError::Conflict("email");
        let app = AppError::from(Error::Internal(Failure::Store(failure)));
        let AppError::Internal(cause) = app else { panic!("not internal: {app:?}") };
        let source = std::error::Error::source(cause.as_ref()).map(ToString::to_string);
        assert!(source.is_some_and(|s| s.contains("email")), "the store's error is the source");
    }
}
