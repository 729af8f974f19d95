//! The demo organisation "Gemeente Voorbeeld": deterministic, so every run shows the same people.

use std::collections::HashSet;

use plein_core::UserKind;
use plein_store::audit::AuditEntry;
use plein_store::users::InsertUser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::{App, ServiceError, passwords};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Voorbeeld-Plein-2026";
/// The demo administrator's username.
pub const DEMO_ADMIN: &str = "beheerder";
/// A demo employee's username.
pub const DEMO_EMPLOYEE: &str = "medewerker";

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
}

/// What building the demo did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo was created with this many users.
    Created(usize),
    /// The database already had users; nothing was changed.
    AlreadyPresent,
}

const FIRST_NAMES: &[&str] = &[
    "Anne",
    "Bram",
    "Daan",
    "Emma",
    "Femke",
    "Fleur",
    "Gerrit",
    "Hanneke",
    "Henk",
    "Ilse",
    "Jan",
    "Jeroen",
    "Joost",
    "Julia",
    "Karin",
    "Kees",
    "Lars",
    "Lieke",
    "Lotte",
    "Maarten",
    "Marieke",
    "Mark",
    "Martijn",
    "Mila",
    "Noor",
    "Nina",
    "Pieter",
    "Priya",
    "Ruben",
    "Saskia",
    "Sander",
    "Sanne",
    "Sem",
    "Sophie",
    "Stijn",
    "Thijs",
    "Tim",
    "Willemijn",
    "Wouter",
    "Yara",
    "Youssef",
    "Zoë",
    "Annelies",
    "Bas",
    "Carla",
    "Dirk",
    "Esther",
    "Fatima",
    "Geert",
    "Hendrik",
    "Ingrid",
    "Jolanda",
    "Koen",
    "Linda",
    "Mehmet",
    "Monique",
    "Niels",
    "Petra",
    "Rik",
    "Roos",
    "Thomas",
    "Vera",
    "Wim",
    "Anouk",
    "Bart",
    "Charlotte",
];

const SURNAMES: &[&str] = &[
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "de Lange",
    "Kuipers",
    "van Wijk",
    "Postma",
    "Kuiper",
    "Veenstra",
    "Kramer",
    "van den Brink",
    "Scholten",
    "van Wijngaarden",
    "Yılmaz",
    "El Amrani",
    "Çelik",
    "Nguyen",
    "Ramdin",
    "Kartosen",
    "Boukhari",
    "Oosterhuis",
    "Terpstra",
    "van Putten",
    "Driessen",
    "Claassen",
    "Wouters",
    "Timmermans",
    "Gerritsen",
    "Evers",
    "Hofman",
];

fn slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'ë' | 'é' | 'è' => Some('e'),
            'ı' | 'ï' => Some('i'),
            'ç' | 'Ç' => Some('c'),
            _ => None,
        })
        .collect()
}

/// The demo people, in a fixed order: (username, display name).
pub fn people(scale: Scale) -> Vec<(String, String)> {
    let mut rng = StdRng::seed_from_u64(230);
    let mut taken: HashSet<String> = [DEMO_ADMIN.to_owned(), DEMO_EMPLOYEE.to_owned()].into();
    let mut out = Vec::with_capacity(scale.employees());
    while out.len() < scale.employees() {
        let first = FIRST_NAMES[rng.random_range(0..FIRST_NAMES.len())];
        let last = SURNAMES[rng.random_range(0..SURNAMES.len())];
        let base = format!("{}.{}", slug(first), slug(last));
        let mut username = base.clone();
        let mut n = 2;
        while !taken.insert(username.clone()) {
            username = format!("{base}{n}");
            n += 1;
        }
        out.push((username, format!("{first} {last}")));
    }
    out
}

impl App {
    /// Builds the demo organisation unless the database already has users.
    pub async fn create_demo(&self, scale: Scale) -> Result<DemoOutcome, ServiceError> {
        if self.store().count_users().await? > 0 {
            return Ok(DemoOutcome::AlreadyPresent);
        }
        // One hash for every demo account: hashing 20,000 passwords would take minutes.
        let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
        let account = |username: &str, name: &str, is_admin: bool| InsertUser {
            username: username.to_owned(),
            email: format!("{username}@voorbeeld.nl"),
            display_name: name.to_owned(),
            kind: UserKind::Employee.as_str(),
            is_admin,
            password_hash: Some(hash.clone()),
        };
        let mut users = vec![account(DEMO_ADMIN, "Bea Heerder", true), account(DEMO_EMPLOYEE, "Mila de Vries", false)];
        users.extend(people(scale).iter().map(|(u, n)| account(u, n, false)));
        let count = users.len();
        let tx = self.store().begin().await?;
        tx.insert_users(users).await?;
        tx.audit(AuditEntry {
            action: "demo.create",
            success: true,
            detail: Some(json!({ "users": count, "scale": format!("{scale:?}").to_lowercase() })),
            ..Default::default()
        })
        .await?;
        tx.commit().await?;
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
