//! The intranet's own name, logo, favicon, colours and login text (`/beheer/huisstijl`, for
//! administrators), and what every page loads of it: the style sheet of its colours and its images.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::branding::BrandingInput;

use crate::flash::{Notice, with_notice};
use crate::render::{FieldErrors, Shell, page};
use crate::{AppError, AppState, CurrentActor, RequestContext};

#[derive(Template)]
#[template(path = "admin/branding.html")]
struct BrandingPage {
    shell: Shell,
    name: String,
    logo_alt: String,
    colours: [String; 3],
    login_intro: String,
    logo: Option<String>,
    favicon: Option<String>,
    errors: FieldErrors,
    placeholder: String,
}

/// `GET /beheer/huisstijl`: the form, for administrators.
pub async fn show(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
) -> Result<Response, AppError> {
    let current = state.app.branding().read_branding(&actor).await?;
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let data = BrandingPage {
        placeholder: state.config.organisation.name.clone(),
        name: current.name.clone().unwrap_or_default(),
        logo_alt: current.logo_alt.clone(),
        colours: current.colours.clone(),
        login_intro: current.login_intro.clone(),
        logo: current.logo.map(|v| format!("/huisstijl/logo?v={v}")),
        favicon: current.favicon.map(|v| format!("/huisstijl/favicon?v={v}")),
        errors: FieldErrors::default(),
        shell,
    };
    Ok(page(StatusCode::OK, &data))
}

/// `POST /beheer/huisstijl`: saves it, or shows the form again with what is wrong.
pub async fn save(
    State(state): State<AppState>,
    ctx: RequestContext,
    CurrentActor(_, actor): CurrentActor,
    mut form: crate::upload::UploadForm,
) -> Result<Response, AppError> {
    let (logo, favicon) = (form.take_file("logo"), form.take_file("favicon"));
    let field = |name: &str| form.get(name).to_owned();
    let input = BrandingInput {
        name: field("name"),
        logo,
        logo_alt: field("logo_alt"),
        remove_logo: form.checked("remove_logo"),
        favicon,
        remove_favicon: form.checked("remove_favicon"),
        colours: [field("primary_colour"), field("header_colour"), field("link_colour")],
        login_intro: field("login_intro"),
    };
    let colours = input.colours.clone();
    let shell = Shell::new(&state, &ctx, "admin").for_actor(&actor);
    let errors = if form.too_large {
        let mut errors = FieldErrors::default();
        errors.add("logo", shell.problem(plein_app::Code::ImageFilesTooLarge));
        errors
    } else {
        match state.app.branding().save_branding(&actor, input.clone()).await {
            Ok(()) => return Ok(Redirect::to(&with_notice("/beheer/huisstijl", Notice::BrandingSaved)).into_response()),
            Err(e) => FieldErrors::from_refusal(shell.locale(), e)?,
        }
    };
    let current = state.app.branding().read_branding(&actor).await?;
    let data = BrandingPage {
        placeholder: state.config.organisation.name.clone(),
        name: input.name,
        logo_alt: input.logo_alt,
        colours,
        login_intro: input.login_intro,
        logo: current.logo.map(|v| format!("/huisstijl/logo?v={v}")),
        favicon: current.favicon.map(|v| format!("/huisstijl/favicon?v={v}")),
        errors,
        shell,
    };
    Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &data))
}

/// `GET /huisstijl.css`: the organisation's colours as Plein's tokens (light pages take the
/// primary and link colours; both themes take the header's, whose white text was checked).
pub async fn stylesheet(ctx: RequestContext) -> Response {
    let Some(theme) = ctx.branding.theme else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    let p = theme.primary;
    let css = format!(
        ".plein-theme {{ --plein-brand-header: {header}; }}\n\
         @media not (prefers-color-scheme: dark) {{\n  .plein-theme {{\n    --plein-brand-primary: {primary};\n    \
         --plein-brand-primary-hover: {hover};\n    --plein-brand-primary-active: {active};\n    \
         --plein-brand-tint: {tint};\n    --plein-brand-tint-strong: {tint_strong};\n    --plein-color-link: {link};\n  }}\n}}\n",
        header = theme.header.hex(),
        primary = p.hex(),
        hover = p.darker(0.2).hex(),
        active = p.darker(0.35).hex(),
        tint = p.lighter(0.9).hex(),
        tint_strong = p.lighter(0.8).hex(),
        link = theme.link.hex(),
    );
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            // The address carries the version: a change gets a new address.
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        css,
    )
        .into_response()
}

async fn image(state: &AppState, favicon: bool) -> Result<Response, AppError> {
    let (kind, bytes) = state.app.branding().read_image(favicon).await?.ok_or(AppError::NotFound)?;
    let kind = HeaderValue::from_str(&kind).map_err(|_| AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /huisstijl/logo`: the organisation's logo.
pub async fn logo(State(state): State<AppState>) -> Result<Response, AppError> {
    image(&state, false).await
}

/// `GET /huisstijl/favicon`: the organisation's favicon.
pub async fn favicon(State(state): State<AppState>) -> Result<Response, AppError> {
    image(&state, true).await
}
