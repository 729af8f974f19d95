//! The demo organisation "Gemeente Voorbeeld": deterministic, so every run shows the same people.
//! `data` holds its names and words, `organisation` its groups, spaces and members, `activity` a
//! year of posts, comments and likes. It sits on top of the store and the services: nothing else
//! in the application uses it.

mod activity;
mod data;
mod news;
mod organisation;
mod portraits;

pub use data::people;
use data::*;
use organisation::build_organisation;

use std::collections::HashSet;

use plein_core::UserKind;
use plein_core::policy::{Capability, SpaceRole, SpaceVisibility};
use plein_core::space::SpaceKind;
use plein_store::audit::AuditEntry;
use plein_store::users::InsertUser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::error::Result;
use crate::{App, passwords};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Voorbeeld-Plein-2026";
/// The demo administrator's username.
pub const DEMO_ADMIN: &str = "beheerder";
/// A demo employee's username.
pub const DEMO_EMPLOYEE: &str = "medewerker";
/// A demo external guest's username.
pub const DEMO_GUEST: &str = "gast";

/// How big a demo to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// 230 employees, like Gemeente Putten.
    Small,
    /// 20,000 employees.
    Large,
}

impl Scale {
    /// How many employees this scale has, besides the named demo accounts.
    pub fn employees(self) -> usize {
        match self {
            Scale::Small => 230,
            Scale::Large => 20_000,
        }
    }

    /// How many groups.
    pub fn groups(self) -> usize {
        match self {
            Scale::Small => 54,
            Scale::Large => 2_000,
        }
    }

    /// How many spaces.
    pub fn spaces(self) -> usize {
        match self {
            Scale::Small => 100,
            Scale::Large => 5_000,
        }
    }
}

/// What building the demo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo was created with this many users.
    Created(usize),
    /// The database already had users; nothing was changed.
    AlreadyPresent,
}

impl App {
    /// Builds the demo organisation unless the database already has users.
    pub async fn create_demo(&self, scale: Scale) -> Result<DemoOutcome> {
        if self.store().count_users().await? > 0 {
            return Ok(DemoOutcome::AlreadyPresent);
        }
        // One hash for every demo account: hashing 20,000 passwords would take minutes.
        let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
        let account = |username: &str, name: &str, is_admin: bool| InsertUser {
            username: username.to_owned(),
            email: format!("{username}@voorbeeld.nl"),
            display_name: name.to_owned(),
            kind: UserKind::Employee,
            is_admin,
            password_hash: Some(hash.clone()),
            guest_expires_at: None,
        };
        let mut users = vec![account(DEMO_ADMIN, "Bea Heerder", true), account(DEMO_EMPLOYEE, "Mila de Vries", false)];
        users.extend(people(scale).iter().map(|(u, n)| account(u, n, false)));
        users.push(InsertUser {
            email: "gea.gast@extern.example".into(),
            kind: UserKind::Guest,
            guest_expires_at: Some(crate::guests::guest_term_from(plein_store::now())),
            ..account(DEMO_GUEST, "Gea Gast", false)
        });
        users.push(InsertUser {
            email: "adviseur@bureau-stad.example".into(),
            kind: UserKind::Guest,
            guest_expires_at: Some(crate::guests::guest_term_from(plein_store::now())),
            ..account("extern.adviseur", "Aad Adviseur", false)
        });
        let count = users.len();
        let tx = self.store().begin().await?;
        tx.insert_users(users).await?;
        build_organisation(&tx, scale).await?;
        tx.audit(AuditEntry {
            action: "demo.create",
            success: true,
            detail: Some(json!({ "users": count, "scale": format!("{scale:?}").to_lowercase() })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        activity::create_activity(self.store(), scale).await?;
        news::create_news(self.store()).await?;
        // Gemeente Voorbeeld's own name, colours and login text (an administrator changes them at
        // /beheer/huisstijl).
        let tx = self.store().begin().await?;
        tx.save_branding(plein_store::branding::BrandingWrite {
            name: "Gemeente Voorbeeld".into(),
            colours: [Some("#00634f".into()), Some("#004c3f".into()), None],
            login_intro: "Welkom op het intranet van Gemeente Voorbeeld. Log in met je gebruikersnaam van de \
                          gemeente.\n\nHulp nodig? Bel de ICT Servicedesk: 0341 35 00 00."
                .into(),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
        self.add_portraits(scale).await?;
        self.store().refresh_statistics().await?;
        Ok(DemoOutcome::Created(count))
    }
}

/// How many of the demo's people get a portrait: most of them, and at the large scale most of the
/// first thousand (20,000 portraits would make the demo database hundreds of megabytes).
const PORTRAITS_AT_MOST: usize = 1_000;

impl App {
    /// Draws portraits for most demo people (one in seven keeps initials, as in any organisation).
    async fn add_portraits(&self, scale: Scale) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(7);
        let mut names: Vec<String> = vec![DEMO_EMPLOYEE.into(), DEMO_ADMIN.into(), DEMO_GUEST.into()];
        names.extend(people(scale).into_iter().map(|(u, _)| u).take(PORTRAITS_AT_MOST));
        let ids: std::collections::HashMap<String, i64> =
            self.store().user_ids().await?.into_iter().map(|(id, name)| (name, id)).collect();
        let tx = self.store().begin().await?;
        for (i, name) in names.iter().enumerate() {
            let Some(id) = ids.get(name).copied() else { continue };
            if i >= 3 && rng.random_ratio(1, 7) {
                continue;
            }
            let jpeg = portraits::portrait(id.unsigned_abs() * 7919 + 13)?;
            tx.set_image(plein_store::images::ImageOwner::User(id), "image/jpeg", jpeg).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_people_are_deterministic_and_unique() {
        let a = people(Scale::Small);
        assert_eq!(a, people(Scale::Small));
        assert_eq!(a.len(), 230);
        let names: HashSet<_> = a.iter().map(|(u, _)| u).collect();
        assert_eq!(names.len(), 230);
        assert!(a.iter().all(|(u, _)| plein_core::Username::parse(u).is_ok()));
    }

    #[test]
    fn demo_password_meets_the_policy() {
        assert!(plein_core::NewPassword::parse(DEMO_PASSWORD, &[DEMO_ADMIN, DEMO_EMPLOYEE]).is_ok());
    }
}
