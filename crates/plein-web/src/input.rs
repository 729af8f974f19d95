//! The floor every request's text must meet before any handler sees it ([`plein_core::text`]):
//! the path, the query string and a plain form's body decode to UTF-8 without control characters
//! (except tabs and line breaks), and a form declares no charset but UTF-8. A request below the
//! floor gets a translated 400 page and changes nothing. Files in multipart forms are bytes;
//! their text fields pass [`form_text`].

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use plein_core::text;

use crate::{AppError, AppState};

/// Whether percent-encoded text (a path, a query string, a form body) decodes to acceptable
/// text. In forms and query strings `+` is a space, which changes nothing for the check.
pub fn acceptable(encoded: &[u8]) -> bool {
    let decoded: Vec<u8> = percent_encoding::percent_decode(encoded).collect();
    text::input(&decoded).is_ok()
}

/// Whether a `Content-Type`'s charset parameter, if any, is UTF-8.
fn utf8_charset(content_type: &str) -> bool {
    content_type.split(';').skip(1).filter_map(|p| p.split_once('=')).all(|(name, value)| {
        !name.trim().eq_ignore_ascii_case("charset") || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
    })
}

/// Middleware: refuses a request whose path, query string or plain form breaks the text floor.
pub async fn text_floor(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let uri = req.uri();
    if !acceptable(uri.path().as_bytes()) || !uri.query().is_none_or(|q| acceptable(q.as_bytes())) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    // The form extractor takes any type that starts like a form's; only the exact one passes here.
    let is_form = mime.starts_with("application/x-www-form-urlencoded");
    if is_form && mime != "application/x-www-form-urlencoded" {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if (is_form || mime.starts_with("multipart/") || mime.starts_with("text/")) && !utf8_charset(content_type) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.config.http.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    if !acceptable(&bytes) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// A text field of a multipart form, refused (400) unless it meets the text floor; a part that
/// is not UTF-8 is never turned into replacement characters.
pub async fn form_text(part: axum::extract::multipart::Field<'_>) -> Result<String, AppError> {
    let bytes: Bytes = part.bytes().await.map_err(|_| AppError::BadRequest)?;
    text::input(&bytes).map(str::to_owned).map_err(|_| AppError::BadRequest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_text_is_checked_after_decoding() {
        assert!(acceptable(b"naam=Mila+de+Vries&plaats=space%3A3"));
        assert!(acceptable("q=caf%C3%A9&regels=een%0D%0Atwee".as_bytes()));
        assert!(!acceptable(b"username=med%00ewerker"));
        assert!(!acceptable(b"body=%FF%FE"));
        assert!(!acceptable(b"/onderwerpen/a%00b"));
        assert!(!acceptable(b"x=%1B%5B31m"));
    }

    #[test]
    fn only_utf8_forms_pass() {
        assert!(utf8_charset("application/x-www-form-urlencoded"));
        assert!(utf8_charset("application/x-www-form-urlencoded; charset=UTF-8"));
        assert!(utf8_charset("multipart/form-data; boundary=x; charset=\"utf-8\""));
        assert!(!utf8_charset("application/x-www-form-urlencoded; charset=iso-8859-1"));
    }
}
