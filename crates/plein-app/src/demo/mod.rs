//! The demo organisation "Gemeente Voorbeeld": deterministic, so every run shows the same people.
//! `data` holds its names and words, `organisation` its groups, spaces and members, `activity` a
//! year of posts, comments and likes. It sits on top of the store and the services: nothing else
//! in the application uses it.

mod activity;
mod data;
mod organisation;

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
        self.store().refresh_statistics().await?;
        Ok(DemoOutcome::Created(count))
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
