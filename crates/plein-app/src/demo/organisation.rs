//! The demo's organisation: groups with their capabilities and members, spaces of every kind and
//! visibility with theirs.

use super::*;

/// Groups with their capabilities and members, spaces with theirs: every visibility and kind.
pub(super) async fn build_organisation(
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
            let name = match round {
                0 => theme.to_owned(),
                r if r <= QUALIFIERS.len() => format!("{theme} {}", QUALIFIERS[r - 1]),
                r => format!("{theme} {} {}", QUALIFIERS[(r - 1) % QUALIFIERS.len()], r / QUALIFIERS.len() + 1),
            };
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
