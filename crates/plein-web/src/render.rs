//! Rendering pages in the shell, and turning every error status into a translated page.

use std::any::Any;

use askama::Template;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use plein_app::i18n::FluentValue;
use plein_core::Locale;

use crate::context::RequestContext;
use crate::{AppError, AppState, i18n};

/// Marks a response as a finished page, so the error-page middleware leaves it alone.
#[derive(Clone, Copy, Debug)]
struct Rendered;

/// The logged-in user as the header shows them.
pub struct ShellUser {
    /// The name shown.
    pub name: String,
    /// Their face.
    pub face: crate::faces::Face,
}

/// What the page shell (`base.html`) needs: language, organisation, user, asset URLs.
pub struct Shell {
    /// `nl` or `en`.
    pub lang: &'static str,
    locale: Locale,
    /// The organisation's name.
    pub organisation: String,
    /// The logged-in user, if any.
    pub user: Option<ShellUser>,
    /// The current path, for the language switch.
    pub path: String,
    /// Which navigation item is current (`home`, `account`, or empty).
    pub current: &'static str,
    /// What the reader may do across the site (none for a visitor).
    pub can: plein_app::abilities::SiteAbilities,
    /// Unread notifications.
    pub unread: i64,
    /// What the last form did, said at the top of the page (`role="status"`).
    pub notice: Option<String>,
    /// The script that adds live updates and mention suggestions.
    pub js_url: String,
    /// The accessibility statement.
    pub a11y_url: String,
    /// The icon sprite (`{{ shell.icons_url }}#heart`).
    pub icons_url: String,
    /// Asset URLs.
    pub css_url: String,
    /// Asset URLs.
    pub logo_url: String,
    /// Asset URLs.
    pub favicon_url: String,
    /// The favicon's type.
    pub favicon_type: &'static str,
    /// The logo's description (empty: it is decoration beside the name).
    pub logo_alt: String,
    /// The organisation's colours, when it has its own.
    pub brand_css: Option<String>,
}

impl Shell {
    /// The shell for a request.
    pub fn new(state: &AppState, ctx: &RequestContext, current: &'static str) -> Shell {
        let org = &state.config.organisation;
        Shell {
            lang: ctx.locale.as_str(),
            locale: ctx.locale,
            organisation: ctx.branding.name.clone().unwrap_or_else(|| org.name.clone()),
            user: ctx.user.as_ref().map(|u| ShellUser {
                name: u.display_name.clone(),
                face: crate::faces::Face::new(u.id, &u.display_name, u.photo, crate::faces::FaceSize::Small),
            }),
            path: ctx.path.clone(),
            current,
            can: Default::default(),
            unread: ctx.user.as_ref().map_or(0, |u| u.unread),
            notice: ctx.notice.map(|n| i18n::t(ctx.locale, n.key())),
            js_url: state.assets.url("plein.js").to_owned(),
            a11y_url: org.accessibility_url.clone().unwrap_or_else(|| "/toegankelijkheid".into()),
            icons_url: state.assets.url("icons.svg").to_owned(),
            css_url: state.assets.url("plein.css").to_owned(),
            logo_url: match ctx.branding.logo {
                Some(v) => format!("/huisstijl/logo?v={v}"),
                None => state.assets.url("logo").to_owned(),
            },
            logo_alt: ctx.branding.logo_alt.clone(),
            favicon_url: match ctx.branding.favicon {
                Some(v) => format!("/huisstijl/favicon?v={v}"),
                None => state.assets.url("favicon.svg").to_owned(),
            },
            favicon_type: if ctx.branding.favicon.is_some() { "image/png" } else { "image/svg+xml" },
            brand_css: ctx.branding.theme.map(|_| format!("/huisstijl.css?v={}", ctx.branding.version)),
        }
    }

    /// Says `notice` at the top of the page instead of what `?ok=` named, when there is one.
    pub fn with_notice(mut self, notice: Option<String>) -> Shell {
        if notice.is_some() {
            self.notice = notice;
        }
        self
    }

    /// The language of this page.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// A page title from text that is not a message key (a name), marked like [`Shell::title`].
    pub fn title_text(&self, title: &str, has_errors: bool) -> String {
        if has_errors { self.t_with("title-error", "title", title) } else { title.to_owned() }
    }

    /// Shows the menu items `actor` may use.
    pub fn for_actor(mut self, actor: &plein_core::policy::Actor) -> Shell {
        self.can = plein_app::abilities::site_abilities(actor);
        self
    }

    /// Translates a message.
    pub fn t(&self, key: &str) -> String {
        i18n::t(self.locale, key)
    }

    /// The message that explains a refused input's code.
    pub fn problem(&self, code: plein_app::Code) -> String {
        i18n::problem(self.locale, code)
    }

    /// The message that announces a notice.
    pub fn notice(&self, notice: crate::flash::Notice) -> String {
        self.t(notice.key())
    }

    /// Translates a message with one text argument.
    pub fn t_with(&self, key: &str, name: &'static str, value: &str) -> String {
        i18n::t_args(self.locale, key, &[(name, FluentValue::from(value.to_owned()))])
    }

    /// Translates a message with one number argument.
    pub fn t_num(&self, key: &str, name: &'static str, value: i64) -> String {
        i18n::t_args(self.locale, key, &[(name, FluentValue::from(value))])
    }

    /// Translates a message with several arguments.
    pub fn t_with_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        i18n::t_args(self.locale, key, args)
    }

    /// How long ago `at` was, in words ("5 minuten geleden").
    pub fn time_ago(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let minutes = (plein_store::now() - at).num_minutes().max(0);
        match minutes {
            0 => self.t("time-just-now"),
            1..=59 => self.t_num("time-minutes-ago", "n", minutes),
            60..=1439 => self.t_num("time-hours-ago", "n", minutes / 60),
            _ => self.t_num("time-days-ago", "n", minutes / 1440),
        }
    }

    /// When `at` was, exactly, in local time ("5 april 2026 om 14:03"): beside relative times.
    pub fn exact_time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        i18n::exact_time(self.locale, at)
    }

    /// The page title, marked when the page shows form errors so it is heard first.
    pub fn title(&self, key: &str, has_errors: bool) -> String {
        let title = self.t(key);
        if has_errors { self.t_with("title-error", "title", &title) } else { title }
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> &'static str {
        match self.locale {
            Locale::Nl => "en",
            Locale::En => "nl",
        }
    }
}

/// Links between the pages of a listing ordered by (name, id).
pub struct Pager {
    /// The next page, when there is one.
    pub next: Option<String>,
    /// The first page, when this is a later one.
    pub first: Option<String>,
}

/// A listing read with one row more than a page holds: the page, and whether more follow.
pub fn one_page<T>(mut rows: Vec<T>, size: usize) -> (Vec<T>, bool) {
    let more = rows.len() > size;
    rows.truncate(size);
    (rows, more)
}

impl Pager {
    /// Links for a page of `path` with the listing's own query `pairs`; `last` is the (name, id)
    /// of the last item shown when more follow, `later` whether this page is not the first.
    pub fn new(path: &str, pairs: &[(&str, &str)], last: Option<(&str, i64)>, later: bool) -> Pager {
        let url = |extra: Option<(&str, i64)>| {
            let mut q = form_urlencoded::Serializer::new(String::new());
            q.extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()));
            if let Some((name, id)) = extra {
                q.append_pair("na", name).append_pair("na_id", &id.to_string());
            }
            let q = q.finish();
            if q.is_empty() { path.to_owned() } else { format!("{path}?{q}") }
        };
        Pager { next: last.map(|l| url(Some(l))), first: later.then(|| url(None)) }
    }
}

/// Messages per form field.
#[derive(Default)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// The message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a message for `field`.
    pub fn add(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }

    /// The messages for a use case's refusal of the input, beside the field it names; any other
    /// error is handed back for the caller to answer with.
    pub fn from_refusal(locale: Locale, e: plein_app::Error) -> Result<FieldErrors, AppError> {
        match e.problem() {
            Some(p) => Ok(FieldErrors(vec![(p.field, i18n::problem(locale, p.code))])),
            None => Err(e.into()),
        }
    }
}

/// A text input of a form, as the shared form templates render it.
pub struct Input {
    /// The field's name and id.
    pub name: &'static str,
    /// The translated label.
    pub label: String,
    /// The input type (`text`, `email`, `tel`, `password`).
    pub kind: &'static str,
    /// The value to show again.
    pub value: String,
    /// The most characters.
    pub max: usize,
    /// A hint under the label, if any.
    pub hint: Option<String>,
    /// The `autocomplete` value.
    pub autocomplete: &'static str,
}

impl Input {
    /// The same input with a hint (a message key) under its label.
    pub fn with_hint(mut self, shell: &Shell, hint_key: &str) -> Input {
        self.hint = Some(shell.t(hint_key));
        self
    }

    /// The same input with autocomplete off (forms about someone else's account).
    pub fn not_autocompleted(mut self) -> Input {
        self.autocomplete = "off";
        self
    }
}

impl Shell {
    /// An input labelled with the message `label_key`.
    pub fn input(&self, name: &'static str, label_key: &str, kind: &'static str, value: &str, max: usize) -> Input {
        Input { name, label: self.t(label_key), kind, value: value.to_owned(), max, hint: None, autocomplete: "on" }
    }
}

/// Renders a template as an HTML page with `status`.
pub fn page(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => {
            let mut res = (status, html).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            // Pages are personal: no shared cache may keep them.
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res.extensions_mut().insert(Rendered);
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    shell: Shell,
    title: String,
    text: String,
}

/// Reads an image form (multipart): `Ok(Some(bytes))` for a new image in `field`, `Ok(None)` for
/// the remove button; a form with neither is not an image.
pub async fn read_image_form(
    multipart: &mut axum::extract::Multipart,
    field: &str,
) -> Result<Result<Option<Vec<u8>>, plein_app::Error>, AppError> {
    let mut upload = None;
    let mut remove = false;
    while let Some(part) = multipart.next_field().await.map_err(|_| AppError::BadRequest)? {
        match part.name() {
            Some(name) if name == field => {
                upload = Some(part.bytes().await.map_err(|_| AppError::BadRequest)?.to_vec())
            }
            Some("remove") => remove = true,
            _ => {}
        }
    }
    Ok(match (remove, upload) {
        (true, _) => Ok(None),
        (false, Some(bytes)) if !bytes.is_empty() => Ok(Some(bytes)),
        _ => Err(plein_app::Error::invalid("image", plein_app::Code::ImageNotImage)),
    })
}

/// The message for an image the app refused, or `None` when it is not the upload's fault.
pub fn image_problem(locale: Locale, e: &plein_app::Error) -> Option<String> {
    e.code().filter(|c| c.is_image()).map(|c| i18n::problem(locale, c))
}

/// An image form: the current image, a file input and buttons to save or remove.
pub struct ImageUpload {
    /// Where the form goes.
    pub action: String,
    /// The file field's name and id.
    pub field: &'static str,
    /// The section's heading.
    pub heading: String,
    /// The current image's address, if there is one.
    pub current: Option<String>,
    /// The current image's description.
    pub current_alt: String,
    /// The file input's label.
    pub label: String,
    /// The save button.
    pub submit: String,
    /// The remove button.
    pub remove: String,
    /// Why the last upload was refused.
    pub error: Option<String>,
}

/// A "not found" page with its own title and text, for links that no longer work (a spent
/// invitation or password link).
pub fn link_gone(shell: Shell, title: String, text: String) -> Response {
    page(StatusCode::NOT_FOUND, &ErrorPage { shell, title, text })
}

/// An image from the store, for a browser that may see it: private to that browser, for an hour.
pub fn image_response(bytes: Vec<u8>, content_type: &str) -> Response {
    let content_type = HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("image/jpeg"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            // Personal or secret: no shared cache may keep it, and this browser not for long.
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600")),
        ],
        bytes,
    )
        .into_response()
}

fn error_keys(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("error-400-title", "error-400-text"),
        403 => ("error-403-title", "error-403-text"),
        404 => ("error-404-title", "error-404-text"),
        405 => ("error-405-title", "error-405-text"),
        413 => ("error-413-title", "error-413-text"),
        429 => ("error-429-title", "error-429-text"),
        500..=599 => ("error-500-title", "error-500-text"),
        _ => ("error-other-title", "error-other-text"),
    }
}

/// A translated error page for `status`.
pub fn bare_error(state: &AppState, ctx: Option<&RequestContext>, status: StatusCode) -> Response {
    let shell = Shell::new(state, ctx.unwrap_or(&RequestContext::default()), "");
    let (title, text) = error_keys(status);
    page(status, &ErrorPage { title: shell.t(title), text: shell.t(text), shell })
}

/// Middleware: every 4xx/5xx response that is not already a page becomes a translated one.
pub async fn error_pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<RequestContext>().cloned();
    let plain = matches!(req.uri().path(), "/healthz" | "/metrics");
    let res = next.run(req).await;
    let status = res.status();
    if plain || res.extensions().get::<Rendered>().is_some() || !(status.is_client_error() || status.is_server_error())
    {
        return res;
    }
    let mut page = bare_error(&state, ctx.as_ref(), status);
    // Headers that belong to the answer, not to its body, stay.
    for name in [header::SET_COOKIE, header::RETRY_AFTER, header::ALLOW, header::WWW_AUTHENTICATE] {
        for value in res.headers().get_all(&name) {
            page.headers_mut().append(name.clone(), value.clone());
        }
    }
    page
}

/// What a panic becomes: a bare 500 that the error-page middleware dresses.
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| err.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    tracing::error!(panic = %detail, "handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
