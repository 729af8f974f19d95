//! Plein's web layer: the axum router, its middleware, pages and operational endpoints.

mod admission;
pub mod assets;
mod context;
mod error;
mod faces;
pub mod flash;
mod input;
pub use plein_app::i18n;
mod ops;
mod pages;
mod render;
mod security;
mod upload;

use std::net::IpAddr;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, StatusCode};
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use metrics_exporter_prometheus::PrometheusHandle;
use plein_app::App;
use serde::Deserialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use context::{CurrentActor, CurrentUser, MaybeUser, RequestContext};
pub use error::AppError;

/// How the organisation presents itself.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrganisationConfig {
    /// The intranet's name in the header and titles, e.g. "Samen@Work".
    pub name: String,
    /// A logo file (SVG, PNG, JPEG or WebP) shown in the header.
    pub logo: Option<PathBuf>,
    /// Where the accessibility statement lives; the built-in page when unset.
    pub accessibility_url: Option<String>,
}

impl Default for OrganisationConfig {
    fn default() -> Self {
        OrganisationConfig { name: "Plein".into(), logo: None, accessibility_url: None }
    }
}

/// How Plein meets HTTP.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// The address users type, e.g. `https://intranet.voorbeeld.nl`; `https` makes cookies Secure and turns on HSTS.
    pub public_url: Option<String>,
    /// Mark cookies Secure even without an `https` public URL.
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The largest form with files (a post's pictures, a photo), in bytes.
    pub max_upload_bytes: usize,
    /// How long one request may take, in seconds.
    pub request_timeout_secs: u64,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            public_url: None,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            max_body_bytes: 2 * 1024 * 1024,
            max_upload_bytes: 25 * 1024 * 1024,
            request_timeout_secs: 30,
        }
    }
}

/// Who may read `/metrics`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// A bearer token that opens `/metrics` from other addresses than loopback.
    pub token: Option<String>,
}

/// Everything the web layer is configured with.
#[derive(Clone, Debug, Default)]
pub struct WebConfig {
    /// Name, logo, accessibility statement.
    pub organisation: OrganisationConfig,
    /// Proxies, limits, HTTPS.
    pub http: HttpConfig,
    /// Metrics access.
    pub metrics: MetricsConfig,
}

/// A failure to build the web layer from its configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The logo could not be read.
    #[error("cannot read the logo {path}: {source}")]
    Logo {
        /// The configured path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// What every handler gets: the application, the configuration and the assets.
#[derive(Clone)]
pub struct AppState(Arc<StateInner>);

/// The contents of [`AppState`].
pub struct StateInner {
    /// The use cases.
    pub app: App,
    /// The configuration.
    pub config: WebConfig,
    /// Static files.
    pub assets: assets::Assets,
    metrics: PrometheusHandle,
    /// Turns for rendering pages (see [`admission`]).
    pages: Arc<tokio::sync::Semaphore>,
}

impl Deref for AppState {
    type Target = StateInner;
    fn deref(&self) -> &StateInner {
        &self.0
    }
}

impl AppState {
    /// Builds the state, reading the configured logo.
    pub fn new(app: App, config: WebConfig) -> Result<AppState, ConfigError> {
        let logo = match &config.organisation.logo {
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|source| ConfigError::Logo { path: path.clone(), source })?;
                let file = path.file_name().map_or("logo".into(), |f| f.to_string_lossy().into_owned());
                Some((file, bytes))
            }
            None => None,
        };
        Ok(AppState(Arc::new(StateInner {
            app,
            config,
            assets: assets::Assets::new(logo),
            metrics: ops::install_metrics(),
            pages: Arc::new(tokio::sync::Semaphore::new(admission::pages_at_once())),
        })))
    }

    /// The site's address for links in e-mail: the configured public URL, else what the browser used.
    pub fn base_url(&self, ctx: &RequestContext, headers: &axum::http::HeaderMap) -> String {
        if let Some(url) = &self.config.http.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        format!("{}://{host}", if ctx.https { "https" } else { "http" })
    }

    /// The site's address for links mailed on a visitor's request (a password link): the public
    /// URL, or without one the request's host only when it is this machine (development), since a
    /// forged `Host` header would otherwise send someone's link to another site.
    pub fn link_base_url(&self, ctx: &RequestContext, headers: &axum::http::HeaderMap) -> Option<String> {
        if self.config.http.public_url.is_some() {
            return Some(self.base_url(ctx, headers));
        }
        let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        let name = match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            _ => host,
        };
        let local = name == "localhost"
            || name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        local.then(|| self.base_url(ctx, headers))
    }

    /// Whether this deployment is served over HTTPS by configuration.
    pub fn https_configured(&self) -> bool {
        self.config.http.secure_cookies
            || self.config.http.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

/// Cross-site request protection; the public URL's origin is trusted even when a proxy rewrites `Host`.
fn csrf_layer(state: &AppState) -> CsrfLayer {
    let layer = CsrfLayer::new();
    let Some(url) = state.config.http.public_url.as_deref() else {
        return layer;
    };
    // The origin is scheme://host[:port], without a path.
    let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    match layer.clone().add_trusted_origin(&origin) {
        Ok(layer) => layer,
        Err(e) => {
            tracing::warn!(%origin, error = ?e, "public_url is not a usable origin");
            layer
        }
    }
}

/// Every route: its path and what answers it. The router is built from this list, and the tests
/// walk it (see [`route_paths`]), so a route added here is covered by them without anyone
/// remembering to. `uploads` is the body limit of forms that carry files.
fn routes(uploads: DefaultBodyLimit) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(pages::home::show)),
        ("/inloggen", get(pages::login::form).post(pages::login::submit)),
        ("/uitloggen", post(pages::login::logout)),
        ("/account", get(pages::account::show)),
        ("/account/wachtwoord", post(pages::account::change_password)),
        ("/account/sessies/beeindigen", post(pages::account::end_other_sessions)),
        ("/taal", post(pages::language::switch)),
        ("/wachtwoord-vergeten", get(pages::password::forgot).post(pages::password::request)),
        ("/wachtwoord-instellen/{token}", get(pages::password::set_form).post(pages::password::set)),
        ("/toegankelijkheid", get(pages::info::accessibility)),
        ("/teams", get(pages::spaces::index).post(pages::spaces::create)),
        ("/teams/nieuw", get(pages::spaces::new)),
        ("/teams/{id}", get(pages::spaces::show)),
        ("/teams/{id}/lid-worden", post(pages::spaces::join)),
        ("/teams/{id}/aanvragen", post(pages::spaces::request)),
        ("/teams/{id}/verlaten", post(pages::spaces::leave)),
        ("/teams/{id}/verzoeken/{user}/{decision}", post(pages::spaces::decide)),
        ("/teams/{id}/leden", get(pages::spaces::members).post(pages::spaces::add_member)),
        ("/teams/{id}/leden/suggesties", get(pages::spaces::suggest_members)),
        ("/teams/{id}/over", get(pages::spaces::about)),
        ("/teams/{id}/leden/{user}", post(pages::spaces::change_member)),
        ("/teams/{id}/archief", post(pages::spaces::archive)),
        ("/teams/{id}/instellingen", get(pages::spaces::settings).post(pages::spaces::save_settings)),
        ("/teams/{id}/afbeelding", get(pages::spaces::image).post(pages::spaces::upload_image).layer(uploads)),
        ("/teams/{id}/gasten", post(pages::guests::invite)),
        ("/teams/{id}/gasten/{user}/verlengen", post(pages::guests::renew)),
        ("/uitnodiging/{token}", get(pages::guests::invitation).post(pages::guests::accept)),
        ("/berichten", post(pages::stream::create).layer(uploads)),
        ("/berichten/voorbeeld", post(pages::stream::preview)),
        ("/berichten/{id}", get(pages::stream::show)),
        ("/berichten/{id}/reacties", post(pages::stream::comment)),
        ("/berichten/{id}/vind-ik-leuk", get(pages::stream::likers).post(pages::stream::like_post)),
        ("/berichten/{id}/verwijderen", post(pages::stream::delete)),
        ("/berichten/{id}/vastzetten", post(pages::stream::pin)),
        ("/berichten/{id}/bewerken", get(pages::stream::edit).post(pages::stream::save)),
        ("/reacties/{id}/vind-ik-leuk", post(pages::stream::like_comment)),
        ("/reacties/{id}/verwijderen", post(pages::stream::delete_comment)),
        ("/volgen", post(pages::stream::follow)),
        ("/berichten/vermelden", get(pages::social::mention_suggestions)),
        ("/berichten/{id}/stemmen", post(pages::stream::vote)),
        ("/berichten/{id}/afbeeldingen/{n}", get(pages::stream::image)),
        ("/berichten/{id}/melden", get(pages::social::report_post_form).post(pages::social::report_post)),
        ("/reacties/{id}/melden", get(pages::social::report_comment_form).post(pages::social::report_comment)),
        ("/meldingen", get(pages::social::notifications)),
        ("/meldingen/gelezen", post(pages::social::mark_read)),
        ("/meldingen/instellingen", post(pages::social::save_choices)),
        ("/meldingen/live", get(pages::live::live)),
        ("/onderwerpen/{topic}", get(pages::social::topic)),
        ("/zoeken", get(pages::search::show)),
        ("/zoeken/suggesties", get(pages::search::suggestions)),
        ("/moderatie", get(pages::social::queue).post(pages::social::decide)),
        ("/teams/{id}/meldingen", post(pages::social::set_space_level)),
        ("/nieuws", get(pages::news::index).post(pages::news::create).layer(uploads)),
        ("/nieuws/nieuw", get(pages::news::new)),
        ("/nieuws/redactie", get(pages::news::desk)),
        ("/nieuws/te-bevestigen", get(pages::news::to_confirm)),
        ("/nieuws/{id}", get(pages::news::show)),
        ("/nieuws/{id}/bewerken", get(pages::news::edit).post(pages::news::save).layer(uploads)),
        ("/nieuws/{id}/bevestigen", post(pages::news::confirm)),
        ("/nieuws/{id}/reacties", post(pages::news::comment)),
        ("/nieuws/{id}/vind-ik-leuk", post(pages::news::like)),
        ("/nieuws/{id}/rapport", get(pages::news::show_report)),
        ("/nieuws/{id}/rapport.csv", get(pages::news::export_report)),
        ("/nieuws/{id}/herinneren", post(pages::news::remind)),
        ("/nieuws/{id}/verwijderen", post(pages::news::delete)),
        ("/nieuws/{id}/afbeelding", get(pages::news::picture)),
        ("/meldingen/nieuws", post(pages::news::save_choice)),
        ("/mensen", get(pages::people::index)),
        ("/mensen/{id}", get(pages::people::show)),
        ("/mensen/{id}/foto", get(pages::people::photo)),
        ("/account/foto", post(pages::people::upload_photo).layer(uploads)),
        ("/account/profiel", get(pages::people::edit).post(pages::people::save)),
        ("/beheer", get(pages::admin::index)),
        ("/beheer/groepen", get(pages::admin::groups).post(pages::admin::create_group)),
        ("/beheer/groepen/{id}", get(pages::admin::group).post(pages::admin::update_group)),
        ("/beheer/groepen/{id}/rechten", post(pages::admin::set_grants)),
        ("/beheer/groepen/{id}/leden", post(pages::admin::add_member)),
        ("/beheer/groepen/{id}/leden/{user}/verwijderen", post(pages::admin::remove_member)),
        ("/beheer/groepen/{id}/verwijderen", post(pages::admin::delete_group)),
        ("/beheer/logboek", get(pages::admin::audit)),
        ("/beheer/logboek.csv", get(pages::admin::audit_export)),
        ("/beheer/taken", get(pages::jobs::index)),
        ("/beheer/taken/{id}/opnieuw", post(pages::jobs::retry)),
        ("/beheer/huisstijl", get(pages::branding::show).post(pages::branding::save).layer(uploads)),
        ("/huisstijl.css", get(pages::branding::stylesheet)),
        ("/huisstijl/logo", get(pages::branding::logo)),
        ("/huisstijl/favicon", get(pages::branding::favicon)),
        ("/beheer/gebruikers", get(pages::users::index).post(pages::users::create)),
        ("/beheer/gebruikers/export.csv", get(pages::users::export)),
        ("/beheer/gebruikers/import", post(pages::users::import)),
        ("/beheer/gebruikers/{id}", get(pages::users::edit).post(pages::users::update)),
        ("/beheer/gebruikers/{id}/status", post(pages::users::set_status)),
        ("/assets/{file}", get(assets::serve)),
        ("/healthz", get(ops::healthz)),
        ("/metrics", get(ops::metrics)),
    ]
}

/// The path of every route, with its parameters in braces (`/teams/{id}`).
pub fn route_paths() -> Vec<&'static str> {
    routes(DefaultBodyLimit::disable()).into_iter().map(|(path, _)| path).collect()
}

/// The whole HTTP interface.
pub fn router(state: AppState) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    let timeout = Duration::from_secs(state.config.http.request_timeout_secs.max(1));
    let max_body = state.config.http.max_body_bytes;
    let uploads = DefaultBodyLimit::max(state.config.http.max_upload_bytes);
    routes(uploads)
        .into_iter()
        .fold(Router::new(), |router, (path, route)| router.route(path, route))
        .fallback(pages::not_found)
        .layer(CatchPanicLayer::custom(render::panic_response))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(state.clone(), input::text_floor))
        .layer(csrf_layer(&state))
        .layer(middleware::from_fn_with_state(state.clone(), render::error_pages))
        .layer(middleware::from_fn_with_state(state.clone(), context::resolve))
        .layer(middleware::from_fn_with_state(state.clone(), admission::pages_take_turns))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout))
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(ops::record_metrics))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            // The route, not the path: paths and query strings may carry tokens (invitation links).
            let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("unmatched", |p| p.as_str());
            tracing::info_span!("request", method = %req.method(), route = %route, request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
        .with_state(state)
}
