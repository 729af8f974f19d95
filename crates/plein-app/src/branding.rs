//! The intranet's own name, logo, favicon, colours and login text (`/beheer/huisstijl`), set by
//! administrators. The colours are checked against WCAG 2.1 AA contrast before they are saved.
//! Every page reads the branding from memory; a node reads it again from the database at most
//! [`FRESH_FOR`] after it was last read, so a change shows on every node within that time (on
//! the node that saved it, at once), without a restart.

use std::sync::Arc;
use std::time::{Duration, Instant};

use plein_core::colour::{Colour, Theme};
use plein_core::policy::{Action, Actor, Target, authorize};
use plein_store::branding::{BrandingRow, BrandingWrite};

use crate::error::{Code, Error, Result, check};

crate::capability!(
    /// Branding: the intranet's name, logo, favicon, colours and login text.
    Branding,
    branding
);

/// How long a node shows the branding it read before reading it again.
pub const FRESH_FOR: Duration = Duration::from_secs(2);

/// Plein's own colours: what a theme without its own colour falls back to.
pub const DEFAULT_THEME: Theme = Theme {
    primary: Colour::rgb(0x1a, 0x4f, 0x8b),
    header: Colour::rgb(0x1a, 0x4f, 0x8b),
    link: Colour::rgb(0x1a, 0x4f, 0x8b),
};

/// The longest name.
pub const MAX_NAME: usize = 60;
/// The longest logo description.
pub const MAX_ALT: usize = 120;
/// The longest login text.
pub const MAX_INTRO: usize = 1_000;

/// The branding as pages use it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BrandingView {
    /// The intranet's name, when set.
    pub name: Option<String>,
    /// The logo's version (for its address), when there is one.
    pub logo: Option<i64>,
    /// The logo's description.
    pub logo_alt: String,
    /// The favicon's version, when there is one.
    pub favicon: Option<i64>,
    /// The theme, when any colour is set (the others are Plein's).
    pub theme: Option<Theme>,
    /// The colours as set (`#rrggbb` or empty), for the form: primary, header, link.
    pub colours: [String; 3],
    /// Above the login form.
    pub login_intro: String,
    /// Changes with every save: for the addresses of the style sheet and images.
    pub version: i64,
}

/// What an administrator saves.
#[derive(Clone, Debug, Default)]
pub struct BrandingInput {
    /// The name.
    pub name: String,
    /// A new logo upload.
    pub logo: Option<Vec<u8>>,
    /// The logo's description.
    pub logo_alt: String,
    /// Remove the logo.
    pub remove_logo: bool,
    /// A new favicon upload.
    pub favicon: Option<Vec<u8>>,
    /// Remove the favicon.
    pub remove_favicon: bool,
    /// Primary, header and link colour (`#rrggbb`, or empty for Plein's).
    pub colours: [String; 3],
    /// The login text.
    pub login_intro: String,
}

/// The cached branding of a node, with when it was read.
#[derive(Debug, Default)]
pub(crate) struct BrandingCache(std::sync::RwLock<Option<(Instant, Arc<BrandingView>)>>);

fn view(row: Option<BrandingRow>) -> BrandingView {
    let Some(row) = row else { return BrandingView::default() };
    let version = row.updated_at.map_or(0, |t| t.timestamp_micros());
    let parsed: Vec<Option<Colour>> = [&row.primary_colour, &row.header_colour, &row.link_colour]
        .iter()
        .map(|c| c.as_deref().and_then(Colour::parse))
        .collect();
    let theme = parsed.iter().any(Option::is_some).then(|| theme_of(parsed[0], parsed[1], parsed[2]));
    BrandingView {
        name: Some(row.name.clone()).filter(|n| !n.is_empty()),
        logo: row.logo_type.as_ref().map(|_| version),
        logo_alt: row.logo_alt,
        favicon: row.favicon_type.as_ref().map(|_| version),
        theme,
        colours: [row.primary_colour, row.header_colour, row.link_colour].map(Option::unwrap_or_default),
        login_intro: row.login_intro,
        version,
    }
}

/// A theme of the colours given, Plein's for the others (links follow the primary colour).
fn theme_of(primary: Option<Colour>, header: Option<Colour>, link: Option<Colour>) -> Theme {
    let primary = primary.unwrap_or(DEFAULT_THEME.primary);
    Theme { primary, header: header.unwrap_or(DEFAULT_THEME.header), link: link.unwrap_or(primary) }
}

impl Branding<'_> {
    /// The branding now (from memory, read again when older than [`FRESH_FOR`]).
    pub async fn current(&self) -> Result<Arc<BrandingView>> {
        if let Ok(guard) = self.branding_cache.0.read()
            && let Some((at, view)) = guard.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(view.clone());
        }
        let fresh = Arc::new(view(self.store.branding().await?));
        if let Ok(mut guard) = self.branding_cache.0.write() {
            *guard = Some((Instant::now(), fresh.clone()));
        }
        Ok(fresh)
    }

    /// The branding for its form, for administrators.
    pub async fn read_branding(&self, actor: &Actor) -> Result<Arc<BrandingView>> {
        check(authorize(Some(actor), Action::Brand, Target::Site))?;
        self.forget();
        self.current().await
    }

    fn forget(&self) {
        if let Ok(mut guard) = self.branding_cache.0.write() {
            *guard = None;
        }
    }

    /// Saves the branding (administrators): the colours must pass the contrast check, the images
    /// must be images; nothing is saved unless all of it is valid.
    pub async fn save_branding(&self, actor: &Actor, input: BrandingInput) -> Result<()> {
        let decision = authorize(Some(actor), Action::Brand, Target::Site);
        check(self.judged(actor, "branding.save", Some("site".into()), decision).await)?;
        let line = |raw: &str, max: usize, field: &'static str| -> Result<String> {
            let s = plein_core::text::line(raw).map_err(|e| Error::invalid(field, e))?;
            if s.chars().count() > max {
                return Err(Error::invalid(field, plein_core::account::FieldError::TooLong { max }));
            }
            Ok(s.to_owned())
        };
        let name = line(&input.name, MAX_NAME, "name")?;
        let logo_alt = line(&input.logo_alt, MAX_ALT, "logo_alt")?;
        let intro = plein_core::text::long(&input.login_intro).map_err(|e| Error::invalid("login_intro", e))?;
        if intro.chars().count() > MAX_INTRO {
            return Err(Error::invalid("login_intro", plein_core::account::FieldError::TooLong { max: MAX_INTRO }));
        }
        const FIELDS: [&str; 3] = ["primary_colour", "header_colour", "link_colour"];
        let mut colours: [Option<Colour>; 3] = [None; 3];
        for (i, raw) in input.colours.iter().enumerate() {
            if !raw.trim().is_empty() {
                colours[i] = Some(
                    Colour::parse(raw)
                        .ok_or_else(|| Error::invalid(FIELDS[i], plein_core::account::FieldError::Invalid))?,
                );
            }
        }
        if colours.iter().any(Option::is_some) {
            let theme = theme_of(colours[0], colours[1], colours[2]);
            if let Err(failure) = theme.check() {
                let pair = theme.pairs().iter().position(|p| p.0 == failure.pair).unwrap_or(0);
                let field = match failure.pair {
                    "header-text" | "header-focus" => "header_colour",
                    // A link colour that was not chosen follows the primary colour.
                    "link-text" if colours[2].is_some() => "link_colour",
                    _ => "primary_colour",
                };
                let hundredths = (failure.ratio * 100.0).floor() as usize;
                return Err(Error::invalid(field, Code::Contrast { hundredths, pair }));
            }
        }
        let current = self.store.branding().await?.unwrap_or_default();
        let logo = match (&input.logo, input.remove_logo) {
            (Some(bytes), _) if !bytes.is_empty() => {
                Some(Some(("image/png".to_owned(), image(bytes.clone(), 512, "logo").await?)))
            }
            _ if input.remove_logo => Some(None),
            _ => None,
        };
        let has_logo = match &logo {
            Some(new) => new.is_some(),
            None => current.logo_type.is_some(),
        };
        if has_logo && logo_alt.is_empty() {
            return Err(Error::invalid("logo_alt", Code::ImageAlt));
        }
        let favicon = match (&input.favicon, input.remove_favicon) {
            (Some(bytes), _) if !bytes.is_empty() => {
                Some(Some(("image/png".to_owned(), image(bytes.clone(), 64, "favicon").await?)))
            }
            _ if input.remove_favicon => Some(None),
            _ => None,
        };
        let write = BrandingWrite {
            name,
            logo_alt,
            colours: colours.map(|c| c.map(Colour::hex)),
            login_intro: intro.trim().to_owned(),
            logo,
            favicon,
        };
        let tx = self.store.begin().await?;
        tx.save_branding(write).await?;
        tx.audit(plein_store::audit::AuditEntry {
            actor_id: Some(actor.id),
            action: "branding.save",
            object: Some("site".into()),
            success: true,
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        self.forget();
        Ok(())
    }

    /// The logo or favicon (PNG), if one was uploaded.
    pub async fn read_image(&self, favicon: bool) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self.store.branding_image(favicon).await?)
    }
}

/// An upload as a logo or favicon: a PNG that fits in `side` × `side`, with its transparency.
async fn image(upload: Vec<u8>, side: u32, field: &'static str) -> Result<Vec<u8>> {
    crate::images::process_logo(upload, side).await.map_err(|e| match e {
        Error::Invalid(p) => Error::invalid(field, p.code),
        other => other,
    })
}
