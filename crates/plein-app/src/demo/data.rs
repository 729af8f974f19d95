//! The demo's names and words: people, departments, role groups, job titles, places, expertise
//! and the themes of its spaces.

use super::*;

pub(super) const FIRST_NAMES: &[&str] = &[
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

pub(super) const SURNAMES: &[&str] = &[
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
pub(super) const DEPARTMENTS: &[&str] = &[
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
pub(super) const ROLE_GROUPS: &[(&str, &str, &[Capability])] = &[
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

pub(super) const JOB_TITLES: &[&str] = &[
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

pub(super) const LOCATIONS: &[&str] = &["Gemeentehuis", "Gemeentewerf", "Servicepunt Noord", "Thuis en gemeentehuis"];

pub(super) const EXPERTISE: &[&str] = &[
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

pub(super) const SPACE_THEMES: &[(SpaceKind, &str)] = &[
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
    (SpaceKind::Team, "Team Buitendienst"),
    (SpaceKind::Workgroup, "Werkgroep Inclusie"),
    (SpaceKind::Project, "Project Zaaksysteem"),
    (SpaceKind::Workgroup, "Fietsclub"),
];

/// What tells spaces on the same theme apart: the part of the municipality they work for.
pub(super) const QUALIFIERS: &[&str] =
    &["Noord", "Zuid", "Oost", "West", "Centrum", "Buitengebied", "Dorpskernen", "Regio", "Stadsdeel Oud", "Nieuwbouw"];

pub(super) fn slug(s: &str) -> String {
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
pub(super) fn group_names(scale: Scale) -> Vec<String> {
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
