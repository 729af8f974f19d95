//! Who is asking, in which language, from where: resolved once per request from
//! the session cookie, and read by handlers through extractors.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use cookie::{Cookie, SameSite};
use plein_app::{Origin, SessionUser};
use plein_core::Locale;

use crate::AppState;

/// The session cookie's name over plain HTTP.
pub const SESSION_COOKIE: &str = "plein_session";
/// The session cookie's name over HTTPS (the `__Host-` prefix pins it to this host and path `/`).
pub const SESSION_COOKIE_SECURE: &str = "__Host-plein_session";
/// The language cookie, for visitors who are not logged in.
pub const LANG_COOKIE: &str = "plein_lang";

/// Everything a handler may want to know about the request's sender.
#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    /// The logged-in user, if the session cookie is valid.
    pub user: Option<SessionUser>,
    /// The policy's view of that user, read with the session at the start of the request.
    pub actor: Option<std::sync::Arc<plein_core::policy::Actor>>,
    /// The language to answer in.
    pub locale: Locale,
    /// The language this browser chose last (the language cookie), if any.
    pub chosen_locale: Option<Locale>,
    /// The client's address and browser.
    pub origin: Origin,
    /// Whether the request came over HTTPS (directly by configuration, or through a trusted proxy).
    pub https: bool,
    /// The request path, for links back (language switch, login).
    pub path: String,
    /// What the last form did (`?ok=`), for the message at the top of the page.
    pub notice: Option<crate::flash::Notice>,
    /// The intranet's own name, logo and colours (as this node last read them).
    pub branding: std::sync::Arc<plein_app::branding::BrandingView>,
}

fn peer(req_ext: &axum::http::Extensions) -> Option<IpAddr> {
    req_ext.get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0.ip())
}

/// The client address: the peer, or when the peer is a trusted proxy, the last
/// address in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_addr(state: &AppState, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
    let peer = peer?;
    let trusted = &state.config.http.trusted_proxies;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).or(Some(peer))
}

/// Whether the request was relayed by a proxy (it carries forwarding headers).
pub fn is_forwarded(headers: &HeaderMap) -> bool {
    headers.contains_key("x-forwarded-for") || headers.contains_key(header::FORWARDED)
}

/// Whether the request came over HTTPS.
pub fn is_https(state: &AppState, req: &Request) -> bool {
    if state.https_configured() {
        return true;
    }
    let from_proxy = peer(req.extensions()).is_some_and(|p| state.config.http.trusted_proxies.contains(&p));
    from_proxy
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The cookies of a request; unreadable ones are skipped, never an error.
fn cookies(headers: &HeaderMap) -> Vec<Cookie<'static>> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse_encoded(v.to_owned()).filter_map(Result::ok).collect::<Vec<_>>())
        .collect()
}

fn session_cookie_name(https: bool) -> &'static str {
    if https { SESSION_COOKIE_SECURE } else { SESSION_COOKIE }
}

fn cookie(ctx: &RequestContext, name: &'static str, value: &str, max_age: Option<cookie::time::Duration>) -> String {
    let mut c =
        Cookie::build((name, value.to_owned())).path("/").http_only(true).secure(ctx.https).same_site(SameSite::Lax);
    if let Some(age) = max_age {
        c = c.max_age(age);
    }
    c.build().to_string()
}

/// The `Set-Cookie` value that stores a session token. It lives as long as the browser
/// session: on a shared PC, closing the browser logs out. The server ends it sooner when idle.
pub fn session_cookie(ctx: &RequestContext, token: &str) -> String {
    cookie(ctx, session_cookie_name(ctx.https), token, None)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(ctx: &RequestContext) -> String {
    cookie(ctx, session_cookie_name(ctx.https), "", Some(cookie::time::Duration::ZERO))
}

/// The `Set-Cookie` value that remembers a language for a year.
pub fn language_cookie(ctx: &RequestContext, locale: Locale) -> String {
    cookie(ctx, LANG_COOKIE, locale.as_str(), Some(cookie::time::Duration::days(365)))
}

/// Middleware: resolves the session, language and origin and stores them in the request.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let https = is_https(&state, &req);
    let jar = cookies(req.headers());
    let find = |name: &str| jar.iter().find(|c| c.name() == name).map(|c| c.value().to_owned());
    let chosen_locale = find(LANG_COOKIE).as_deref().and_then(Locale::parse);
    let addr = client_addr(&state, peer(req.extensions()), req.headers());
    let user_agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut ctx = RequestContext {
        user: None,
        actor: None,
        locale: chosen_locale.unwrap_or_default(),
        chosen_locale,
        origin: Origin { addr: addr.map(|a| a.to_string()), user_agent },
        https,
        path: req.uri().path().to_owned(),
        notice: req.uri().query().and_then(crate::flash::notice_in),
        branding: match state.app.branding().current().await {
            Ok(branding) => branding,
            Err(e) => {
                tracing::error!(error = %e, "branding lookup failed; the configuration's is shown");
                Default::default()
            }
        },
    };
    if let Some(token) = find(session_cookie_name(https)) {
        match state.app.accounts().authenticate(&token).await {
            Ok(Some((user, actor))) => {
                ctx.user = Some(user);
                ctx.actor = Some(std::sync::Arc::new(actor));
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                return crate::render::bare_error(&state, Some(&ctx), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            }
        }
    }
    if let Some(locale) = ctx.user.as_ref().and_then(|u| u.locale) {
        ctx.locale = locale;
    }
    let origin = ctx.origin.clone();
    req.extensions_mut().insert(ctx);
    // The use cases record where a refused attempt came from.
    plein_app::refusals::with_origin(origin, next.run(req)).await
}

fn context_of(parts: &Parts) -> RequestContext {
    parts
        .extensions
        .get::<RequestContext>()
        .cloned()
        .unwrap_or_else(|| RequestContext { path: parts.uri.path().to_owned(), ..Default::default() })
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(context_of(parts))
    }
}

/// The logged-in user, if any.
pub struct MaybeUser(pub Option<SessionUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(context_of(parts).user))
    }
}

/// The logged-in user; without one, the browser is sent to the login page and back.
pub struct CurrentUser(pub SessionUser);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match context_of(parts).user {
            Some(user) => Ok(CurrentUser(user)),
            None => {
                // Come back to the page; a form sent after the session ended cannot be replayed, so go home then.
                let back = if parts.method == axum::http::Method::GET {
                    parts.uri.path_and_query().map_or("/", |pq| pq.as_str())
                } else {
                    "/"
                };
                let next: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
                Err(Redirect::to(&format!("/inloggen?next={next}")).into_response())
            }
        }
    }
}

/// The logged-in user with the policy's view of them (capabilities, memberships), as read with
/// the session at the start of this request.
pub struct CurrentActor(pub SessionUser, pub plein_core::policy::Actor);

impl<S: Send + Sync> FromRequestParts<S> for CurrentActor {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        // `resolve` sets the actor whenever it sets the user.
        match parts.extensions.get::<RequestContext>().and_then(|ctx| ctx.actor.clone()) {
            Some(actor) => Ok(CurrentActor(user, std::sync::Arc::unwrap_or_clone(actor))),
            None => Err(Redirect::to("/inloggen").into_response()),
        }
    }
}

/// A local path to return to after a form, or `/` for anything that could leave the site.
pub fn safe_next(next: Option<&str>) -> String {
    // Only visible ASCII, so nothing a browser strips (tabs, newlines) can turn "/\t/x" into "//x".
    let local = |p: &str| {
        p.len() <= 512
            && p.bytes().all(|b| b.is_ascii_graphic())
            && p.starts_with('/')
            && !matches!(p.as_bytes().get(1), Some(b'/' | b'\\'))
    };
    match next {
        Some(p) if local(p) => p.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/account")), "/account");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/account?ok=1")), "/account?ok=1");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn malformed_cookies_are_skipped() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "garbage; plein_session=abc; =; %%%".parse().unwrap_or(header::HeaderValue::from_static("")),
        );
        let names: Vec<_> = cookies(&h).iter().map(|c| c.name().to_owned()).collect();
        assert!(names.contains(&"plein_session".to_owned()));
    }
}
