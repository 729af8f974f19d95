//! Static files, embedded in the binary and served under names that carry a hash of
//! their content, so browsers may keep them for a year.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::AppState;

struct Asset {
    url: String,
    bytes: Vec<u8>,
    content_type: &'static str,
}

/// Every static file, by its plain name (`plein.css`) and by its hashed URL.
pub struct Assets {
    by_name: HashMap<&'static str, Asset>,
    by_file: HashMap<String, &'static str>,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("js") => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The one stylesheet, in cascade order: the Voorbeeld theme's tokens (NL Design System), Plein's
/// tokens on top of them, the NL Design System components, and Plein's own layout. One file, so a
/// page waits for one request; the parts stay separate files so each keeps its origin and licence.
fn stylesheet() -> Vec<u8> {
    [
        include_str!("../../../assets/vendor/voorbeeld-tokens.css"),
        include_str!("../../../assets/theme.css"),
        include_str!("../../../assets/vendor/nl-design-system.css"),
        include_str!("../../../assets/plein.css"),
    ]
    .join("\n")
    .into_bytes()
}

impl Assets {
    /// The built-in files, with the organisation's logo (file name and bytes) in place of Plein's when given.
    pub fn new(logo: Option<(String, Vec<u8>)>) -> Assets {
        let mut files: Vec<(&'static str, String, Vec<u8>)> = vec![
            ("plein.css", "plein.css".into(), stylesheet()),
            ("icons.svg", "icons.svg".into(), include_bytes!("../../../assets/vendor/icons.svg").to_vec()),
            ("favicon.svg", "favicon.svg".into(), include_bytes!("../../../assets/favicon.svg").to_vec()),
            ("plein.js", "plein.js".into(), include_bytes!("../../../assets/plein.js").to_vec()),
        ];
        match logo {
            Some((file, bytes)) => files.push(("logo", file, bytes)),
            None => files.push(("logo", "logo.svg".into(), include_bytes!("../../../assets/logo.svg").to_vec())),
        }
        let mut assets = Assets { by_name: HashMap::new(), by_file: HashMap::new() };
        for (name, file, bytes) in files {
            let digest = Sha256::digest(&bytes);
            let hash: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = file.rsplit_once('.').unwrap_or((file.as_str(), "bin"));
            let hashed = format!("{stem}.{hash}.{ext}");
            assets.by_file.insert(hashed.clone(), name);
            let content_type = content_type(&file);
            assets.by_name.insert(name, Asset { url: format!("/assets/{hashed}"), bytes, content_type });
        }
        assets
    }

    /// The URL of an asset by its plain name (`plein.css`, `icons.svg`, `favicon.svg`, `logo`).
    pub fn url(&self, name: &str) -> &str {
        self.by_name.get(name).map_or("/assets/missing", |a| a.url.as_str())
    }
}

/// `GET /assets/{file}`: a file by its hashed name, cached for a year.
pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let assets = &state.assets;
    let Some(asset) = assets.by_file.get(&file).and_then(|name| assets.by_name.get(name)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        asset.bytes.clone(),
    )
        .into_response()
}
