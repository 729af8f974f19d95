//! The intranet's own name, logo, favicon, colours and login text: one row.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::{Result, Store, now};

/// The branding as stored (without the images' bytes).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct BrandingRow {
    /// The intranet's name (empty: the configuration's).
    pub name: String,
    /// The logo's content type, when there is one.
    pub logo_type: Option<String>,
    /// The logo's description.
    pub logo_alt: String,
    /// The favicon's content type, when there is one.
    pub favicon_type: Option<String>,
    /// `#rrggbb`.
    pub primary_colour: Option<String>,
    /// `#rrggbb`.
    pub header_colour: Option<String>,
    /// `#rrggbb`.
    pub link_colour: Option<String>,
    /// Shown above the login form.
    pub login_intro: String,
    /// Its version: when it last changed.
    pub updated_at: Option<DateTime<Utc>>,
}

/// What is saved: the texts and colours, and the images when new ones were chosen.
#[derive(Clone, Debug, Default)]
pub struct BrandingWrite {
    /// The name.
    pub name: String,
    /// The logo's description.
    pub logo_alt: String,
    /// `#rrggbb` each, or none for the default.
    pub colours: [Option<String>; 3],
    /// The login text.
    pub login_intro: String,
    /// A new logo: (content type, bytes); `Some(None)` removes it.
    pub logo: Option<Option<(String, Vec<u8>)>>,
    /// A new favicon; `Some(None)` removes it.
    pub favicon: Option<Option<(String, Vec<u8>)>>,
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The branding, if an administrator set any.
    pub async fn branding(&self) -> Result<Option<BrandingRow>> {
        let rows: Vec<BrandingRow> = self
            .json_rows(
                "'name', name, 'logo_type', logo_type, 'logo_alt', logo_alt, 'favicon_type', favicon_type, \
                 'primary_colour', primary_colour, 'header_colour', header_colour, 'link_colour', link_colour, \
                 'login_intro', login_intro, 'updated_at', updated_at",
                "FROM branding WHERE id = 1",
                Vec::new(),
            )
            .await?;
        Ok(rows.into_iter().next())
    }

    /// Saves the branding (one statement per part, in the caller's transaction).
    pub async fn save_branding(&self, w: BrandingWrite) -> Result<()> {
        let [primary, header, link] = w.colours;
        self.run(
            "INSERT INTO branding (id, name, logo_alt, primary_colour, header_colour, link_colour, login_intro, updated_at) \
             VALUES (1, $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET name = $1, logo_alt = $2, \
             primary_colour = $3, header_colour = $4, link_colour = $5, login_intro = $6, updated_at = $7",
            vec![
                w.name.into(),
                w.logo_alt.into(),
                primary.into(),
                header.into(),
                link.into(),
                w.login_intro.into(),
                now().into(),
            ],
        )
        .await?;
        for (column, image) in [("logo", w.logo), ("favicon", w.favicon)] {
            let Some(image) = image else { continue };
            let (kind, bytes) = match image {
                Some((kind, bytes)) => (Some(kind), Some(bytes)),
                None => (None, None),
            };
            self.run(
                &format!("UPDATE branding SET {column} = $1, {column}_type = $2 WHERE id = 1"),
                vec![bytes.into(), kind.into()],
            )
            .await?;
        }
        Ok(())
    }

    /// The logo or favicon: (content type, bytes).
    pub async fn branding_image(&self, favicon: bool) -> Result<Option<(String, Vec<u8>)>> {
        let column = if favicon { "favicon" } else { "logo" };
        let rows = self
            .conn()
            .query_all_raw(self.statement(
                &format!("SELECT {column}_type, {column} FROM branding WHERE id = 1 AND {column} IS NOT NULL"),
                [],
            ))
            .await?;
        Ok(rows
            .first()
            .map(|r| Ok::<_, sea_orm::DbErr>((r.try_get_by_index::<String>(0)?, r.try_get_by_index::<Vec<u8>>(1)?)))
            .transpose()?)
    }
}
