//! The demo organisation "Gemeente Voorbeeld": deterministic, so every run shows the same people.

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

/// Departments of a Dutch municipality; each is a group and a department space.
const DEPARTMENTS: &[&str] = &[
    "Burgerzaken",
    "Ruimte",
    "Sociaal Domein",
    "ICT",
    "Communicatie",
    "Secretariaat",
    "Financiën",
    "HRM",
    "Juridische Zaken",
    "Openbare Ruimte",
    "Vergunningen",
    "Handhaving",
    "Wonen",
    "Economie",
    "Onderwijs",
    "Jeugd",
    "Wmo",
    "Participatie",
    "Inkoop",
    "Facilitaire Zaken",
    "Archief en DIV",
    "Griffie",
    "Bestuursondersteuning",
    "Belastingen",
    "Klantcontactcentrum",
    "Data en Informatie",
    "Informatiebeveiliging",
    "Beleid en Strategie",
    "Projectbureau",
    "Milieu",
    "Verkeer",
    "Groen",
    "Afval",
    "Sport",
    "Cultuur",
    "Buitendienst",
    "Gebouwenbeheer",
    "Planning en Control",
    "Ondernemersloket",
    "Publiekszaken",
    "Duurzaamheid",
    "Veiligheid",
];

/// Groups that carry rights rather than a department: (name, description, capabilities).
const ROLE_GROUPS: &[(&str, &str, &[Capability])] = &[
    ("Medewerkers", "Iedereen in dienst van de gemeente.", &[Capability::CreateSpaces]),
    ("Beheerders", "Functioneel beheer van het intranet.", &[Capability::Admin]),
    (
        "Redactie",
        "Communicatie: nieuws, pagina's en moderatie.",
        &[Capability::PublishNews, Capability::ManagePages, Capability::Moderate],
    ),
    ("ICT Servicedesk", "Beantwoordt vragen aan de helpdesk ICT.", &[Capability::Helpdesk]),
    (
        "Functioneel beheer",
        "Beheert gebruikers en groepen.",
        &[Capability::ManageUsers, Capability::ManageGroups, Capability::ViewAuditLog],
    ),
    ("Facilitaire Servicedesk", "Beantwoordt vragen over gebouwen en middelen.", &[Capability::Helpdesk]),
    ("Externe partijen", "Organisaties buiten de gemeente.", &[]),
    ("Ondernemingsraad", "De OR.", &[]),
    ("Directie", "Gemeentesecretaris en directeuren.", &[]),
    ("Managementteam", "Afdelingsmanagers.", &[]),
    ("Teamleiders", "Teamleiders van alle afdelingen.", &[]),
    ("BHV", "Bedrijfshulpverleners.", &[]),
];

const JOB_TITLES: &[&str] = &[
    "Beleidsadviseur",
    "Medewerker Burgerzaken",
    "Teamleider",
    "Projectleider",
    "Juridisch adviseur",
    "Communicatieadviseur",
    "Applicatiebeheerder",
    "Medewerker Klantcontactcentrum",
    "Vergunningverlener",
    "Toezichthouder",
    "Financieel adviseur",
    "HR-adviseur",
    "Secretaresse",
    "Wijkconsulent",
    "Informatieadviseur",
];

const LOCATIONS: &[&str] = &["Gemeentehuis", "Gemeentewerf", "Servicepunt Noord", "Thuis en gemeentehuis"];

const EXPERTISE: &[&str] = &[
    "omgevingswet",
    "paspoorten",
    "subsidies",
    "excel",
    "privacy",
    "inkoop",
    "participatie",
    "wmo",
    "bestemmingsplannen",
    "social media",
    "toegankelijkheid",
    "zaaksysteem",
    "begroting",
    "jeugdzorg",
    "duurzaamheid",
    "verkeer",
    "archief",
    "evenementen",
    "bodem",
    "informatiebeveiliging",
];

const SPACE_THEMES: &[(SpaceKind, &str)] = &[
    (SpaceKind::Workgroup, "Werkgroep Duurzaamheid"),
    (SpaceKind::Project, "Project Nieuw Gemeentehuis"),
    (SpaceKind::Workgroup, "Werkgroep Digitale Toegankelijkheid"),
    (SpaceKind::Project, "Project Omgevingswet"),
    (SpaceKind::Team, "Team Vergunningverlening"),
    (SpaceKind::Team, "Team Klantcontact"),
    (SpaceKind::Workgroup, "Personeelsvereniging"),
    (SpaceKind::Project, "Project Zwembad De Vijverberg"),
    (SpaceKind::Workgroup, "Werkgroep Hybride Werken"),
    (SpaceKind::Project, "Project Glasvezel Buitengebied"),
    (SpaceKind::Team, "Team Jeugd en Gezin"),
    (SpaceKind::Workgroup, "Lunchwandelclub"),
    (SpaceKind::Project, "Project Woningbouw Oostflank"),
    (SpaceKind::Team, "Team Schuldhulpverlening"),
    (SpaceKind::Workgroup, "Werkgroep Privacy"),
    (SpaceKind::Project, "Project Kerstmarkt"),
    (SpaceKind::Team, "Team Buitendienst Noord"),
    (SpaceKind::Workgroup, "Werkgroep Inclusie"),
    (SpaceKind::Project, "Project Zaaksysteem"),
    (SpaceKind::Workgroup, "Fietsclub"),
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

/// Deterministic names for the groups and spaces of a scale.
fn group_names(scale: Scale) -> Vec<String> {
    let mut names: Vec<String> = ROLE_GROUPS.iter().map(|g| g.0.to_owned()).collect();
    let mut round = 0;
    while names.len() < scale.groups() {
        for dept in DEPARTMENTS {
            if names.len() >= scale.groups() {
                break;
            }
            names.push(if round == 0 { format!("Afdeling {dept}") } else { format!("Afdeling {dept} {}", round + 1) });
        }
        round += 1;
    }
    names
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
        crate::demo_stream::create_activity(self.store(), scale).await?;
        self.store().refresh_statistics().await?;
        Ok(DemoOutcome::Created(count))
    }
}

/// Groups with their capabilities and members, spaces with theirs: every visibility and kind.
async fn build_organisation(
    store: &plein_store::Store<plein_store::sea_orm::DatabaseTransaction>,
    scale: Scale,
) -> Result<()> {
    let mut rng = StdRng::seed_from_u64(54);
    let ids: std::collections::HashMap<String, i64> =
        store.user_ids().await?.into_iter().map(|(id, name)| (name, id)).collect();
    let id_of = |name: &str| ids.get(name).copied();
    let mut employees: Vec<i64> = people(scale).iter().filter_map(|(u, _)| id_of(u)).collect();
    let admin = id_of(DEMO_ADMIN).unwrap_or_default();
    let employee = id_of(DEMO_EMPLOYEE).unwrap_or_default();
    let guests: Vec<i64> = [DEMO_GUEST, "extern.adviseur"].iter().filter_map(|u| id_of(u)).collect();

    // Groups: the role groups first, then departments.
    let names = group_names(scale);
    let mut group_ids = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let description = ROLE_GROUPS.get(i).map_or("Afdeling van Gemeente Voorbeeld.", |g| g.1);
        let group = store.insert_group(name, description).await?;
        for cap in ROLE_GROUPS.get(i).map_or(&[][..], |g| g.2) {
            store.grant_capability(group.id, *cap).await?;
        }
        group_ids.push(group.id);
    }
    let all_staff: Vec<i64> = employees.iter().copied().chain([admin, employee]).collect();
    store.add_group_members(group_ids[0], &all_staff).await?;
    store.add_group_members(group_ids[1], &[admin]).await?;
    store.add_group_members(group_ids[4], &[admin]).await?;
    store.add_group_members(group_ids[6], &guests).await?;
    // Each employee works in one department.
    let departments = &group_ids[ROLE_GROUPS.len()..];
    let mut by_department: Vec<Vec<i64>> = vec![Vec::new(); departments.len()];
    for (i, e) in employees.iter().enumerate() {
        by_department[i % departments.len()].push(*e);
    }
    by_department[0].push(employee);
    for (group, members) in departments.iter().zip(&by_department) {
        store.add_group_members(*group, members).await?;
    }
    // Profiles: function, department, place, phone and expertise, so the directory has something to find.
    for (n, (group_name, members)) in names[ROLE_GROUPS.len()..].iter().zip(&by_department).enumerate() {
        let department = group_name.trim_start_matches("Afdeling ").to_owned();
        for (i, user) in members.iter().enumerate() {
            let expertise: Vec<String> = (0..2 + (i % 2))
                .map(|k| EXPERTISE[(n * 7 + i * 3 + k * 5) % EXPERTISE.len()].to_owned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            store
                .update_profile(
                    *user,
                    plein_store::people::ProfileUpdate {
                        job_title: JOB_TITLES[(n + i) % JOB_TITLES.len()].to_owned(),
                        department: department.clone(),
                        location: LOCATIONS[(n + i) % LOCATIONS.len()].to_owned(),
                        phone: format!("0341 {:02} {:02} {:02}", 35 + n % 10, i % 100, (n * 31 + i) % 100),
                        phone_visible: i % 3 != 0,
                        birthday: Some(format!("{:02}-{:02}", 1 + (n + i) % 12, 1 + (n * 7 + i * 11) % 28)),
                        birthday_visible: i % 2 == 0,
                        about: String::new(),
                        expertise,
                    },
                )
                .await?;
        }
    }

    // Spaces: every department, then themed teams, workgroups and projects.
    use SpaceVisibility::{Closed, Open, Secret};
    employees.push(employee);
    let mut members: Vec<(i64, i64, SpaceRole)> = Vec::new();
    let visibilities = [Open, Open, Open, Closed, Closed, Secret];
    let colours = plein_core::space::SPACE_COLOURS;
    let first_themed = departments.len().min(scale.spaces() / 3);
    // The demo guests and the demo employee work together in "Project Nieuw Gemeentehuis".
    let guest_space = first_themed + 1;
    for n in 0..scale.spaces() {
        let (kind, name, visibility, people): (SpaceKind, String, SpaceVisibility, Vec<i64>) = if n < first_themed {
            let dept = names[ROLE_GROUPS.len() + n].trim_start_matches("Afdeling ").to_owned();
            (SpaceKind::Department, format!("Afdeling {dept}"), Closed, by_department[n].clone())
        } else {
            let t = n - first_themed;
            let (kind, theme) = SPACE_THEMES[t % SPACE_THEMES.len()];
            let round = t / SPACE_THEMES.len();
            let name = if round == 0 { theme.to_owned() } else { format!("{theme} {}", round + 1) };
            let size = rng.random_range(3..25).min(employees.len());
            let people = (0..size).map(|_| employees[rng.random_range(0..employees.len())]).collect();
            let visibility =
                if n == guest_space { Closed } else { visibilities[rng.random_range(0..visibilities.len())] };
            (kind, name, visibility, people)
        };
        let mut people: Vec<i64> = people;
        people.sort_unstable();
        people.dedup();
        let owner = people.first().copied().unwrap_or(admin);
        let allows_guests = n == guest_space || rng.random_bool(0.1);
        let space = store
            .insert_space(plein_store::spaces::InsertSpace {
                name,
                description: format!("Een {} van Gemeente Voorbeeld.", kind_word(kind)),
                kind,
                visibility,
                colour: colours[n % colours.len()].to_owned(),
                allows_guests,
                admins_post: false,
                created_by: owner,
            })
            .await?;
        for p in people.iter().skip(1) {
            members.push((space.id, *p, SpaceRole::Member));
        }
        if n == guest_space {
            for g in &guests {
                members.push((space.id, *g, SpaceRole::Guest));
            }
            if !people.contains(&employee) {
                members.push((space.id, employee, SpaceRole::Admin));
            }
        }
        if visibility == Secret && n % 2 == 0 && !people.contains(&employee) {
            members.push((space.id, employee, SpaceRole::Member));
        }
    }
    store.add_space_members(&members).await?;
    Ok(())
}

fn kind_word(kind: SpaceKind) -> &'static str {
    match kind {
        SpaceKind::Department => "afdeling",
        SpaceKind::Project => "project",
        SpaceKind::Workgroup => "werkgroep",
        SpaceKind::Team => "team",
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
