//! Nobody gains rights by using the ones they have: random sequences of administrative actions
//! (groups, their members and grants, creating, importing, editing and (de)activating accounts) by
//! a holder of a random set of capabilities never end with that person, an account they created,
//! or an account whose e-mail address (where password links go) they set, holding a capability
//! the person did not hold at the start. On SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use std::collections::BTreeSet;

use plein_app::accounts::NewUser;
use plein_app::mail::MailContext;
use plein_core::policy::{Actor, Capability};
use plein_core::{Locale, UserKind};
use plein_testkit::{PASSWORD, TestApp, on_both_databases};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

on_both_databases!(no_sequence_of_actions_hands_out_more_than_its_actor_holds);

/// Sequences tried per database, and actions per sequence.
const SEQUENCES: u64 = 10;
const STEPS: usize = 14;

async fn held(app: &TestApp, user_id: i64) -> BTreeSet<Capability> {
    let user = app.store().user_by_id(user_id).await.unwrap().unwrap();
    let mut caps: BTreeSet<Capability> = app.store().capabilities_of(user_id).await.unwrap().into_iter().collect();
    if user.is_admin {
        caps.insert(Capability::Admin);
    }
    if caps.contains(&Capability::Admin) {
        caps.extend(Capability::ALL);
    }
    caps
}

async fn no_sequence_of_actions_hands_out_more_than_its_actor_holds(app: TestApp) {
    let s = app.store();
    // The organisation: a group per capability (with a holder), a plain department, and a
    // deactivated former administrator.
    let mut groups = Vec::new();
    for cap in Capability::ALL {
        let g = s.insert_group(&format!("Houders {cap}"), "").await.unwrap();
        s.grant_capability(g.id, cap).await.unwrap();
        let holder = app.add_user(&format!("houder-{}", cap.to_string().replace('_', "-")), PASSWORD).await;
        s.add_group_members(g.id, &[holder.id]).await.unwrap();
        groups.push(g.id);
    }
    groups.push(s.insert_group("Afdeling Burgerzaken", "").await.unwrap().id);
    let former = app.add_user("oud-beheerder", PASSWORD).await;
    s.add_group_members(groups[0], &[former.id]).await.unwrap();
    app.app.accounts().deactivate_user("oud-beheerder", None).await.unwrap();
    let mail = MailContext { organisation: "Plein".into(), base_url: "http://localhost".into(), locale: Locale::Nl };

    let (mut refusals, mut successes) = (0, 0);
    for seq in 0..SEQUENCES {
        let mut rng = StdRng::seed_from_u64(7_000 + seq);
        // The attacker holds a random set of capabilities, through groups of their own.
        let name = format!("aanvaller{seq}");
        let attacker = app.add_user(&name, PASSWORD).await;
        let mut own: BTreeSet<Capability> = BTreeSet::new();
        for cap in Capability::ALL {
            // Rarely an administrator (who holds everything anyway), often a manager of users or groups.
            let p = match cap {
                Capability::Admin => 0.05,
                Capability::ManageUsers | Capability::ManageGroups => 0.7,
                _ => 0.3,
            };
            if rng.random_bool(p) {
                app.grant(&name, cap).await;
                own.insert(cap);
            }
        }
        let start = held(&app, attacker.id).await;
        let actor = || async { app.actor_of(&app.store().user_by_id(attacker.id).await.unwrap().unwrap()).await };
        // Accounts the attacker made, or can log in as (their address was set by the attacker).
        let mut controlled: Vec<i64> = vec![attacker.id];
        let mut log = Vec::new();
        for step in 0..STEPS {
            let a: Actor = actor().await;
            let mut all_groups: Vec<i64> = s.group_names().await.unwrap().into_iter().map(|(id, _)| id).collect();
            all_groups.sort_unstable();
            let group = all_groups[rng.random_range(0..all_groups.len())];
            let users: Vec<i64> = s.user_ids().await.unwrap().into_iter().map(|(id, _)| id).collect();
            let target = if rng.random_bool(0.5) {
                controlled[rng.random_range(0..controlled.len())]
            } else {
                users[rng.random_range(0..users.len())]
            };
            let target_login = s.user_by_id(target).await.unwrap().unwrap().username;
            let choice = rng.random_range(0..9);
            let ok = match choice {
                0 => app.app.admin().add_group_member(&a, group, &target_login).await.is_ok(),
                1 => app.app.admin().remove_group_member(&a, group, target).await.is_ok(),
                2 => app.app.admin().update_group(&a, group, &format!("Groep {seq}-{step}"), "").await.is_ok(),
                3 => {
                    let grants: BTreeSet<Capability> =
                        Capability::ALL.into_iter().filter(|_| rng.random_bool(0.3)).collect();
                    app.app.admin().set_group_grants(&a, group, &grants).await.is_ok()
                }
                4 => app.app.admin().create_group(&a, &format!("Eigen {seq}-{step}"), "").await.is_ok(),
                5 => {
                    let names: Vec<String> = s
                        .group_names()
                        .await
                        .unwrap()
                        .into_iter()
                        .filter(|_| rng.random_bool(0.3))
                        .map(|(_, n)| n)
                        .collect();
                    let username = format!("imp{seq}x{step}");
                    let csv = format!(
                        "username,name,email,kind,groups\n{username},Imp,{username}@aanvaller.example,employee,{}\n",
                        names.join(";")
                    );
                    let imported = app.app.admin().import_users(&a, &csv, Some(&mail)).await;
                    if let Some(u) = s.user_by_login(&username).await.unwrap() {
                        controlled.push(u.id);
                    }
                    matches!(imported, Ok(plein_app::import::ImportOutcome::Imported(_)))
                }
                6 => {
                    let username = format!("nieuw{seq}x{step}");
                    let new = NewUser {
                        username: username.clone(),
                        email: format!("{username}@aanvaller.example"),
                        display_name: "Nieuw".into(),
                        kind: if rng.random_bool(0.3) { UserKind::Guest } else { UserKind::Employee },
                        is_admin: true,
                        password: String::new(),
                    };
                    let made = app.app.admin().create_user(&a, new, &mail).await;
                    if let Ok(u) = &made {
                        controlled.push(u.id);
                    }
                    made.is_ok()
                }
                7 => {
                    let email = format!("overgenomen{seq}x{step}@aanvaller.example");
                    let changed = app.app.admin().update_user(&a, target, "Overgenomen", &email).await.is_ok();
                    if changed && !controlled.contains(&target) {
                        controlled.push(target);
                    }
                    changed
                }
                _ => app
                    .app
                    .admin()
                    .set_user_active(&a, target, rng.random_bool(0.7), plein_app::confirm::Confirmation::Given)
                    .await
                    .is_ok(),
            };
            refusals += usize::from(!ok);
            successes += usize::from(ok);
            log.push(format!("{choice}:{group}:{target}:{ok}"));
            for &who in &controlled {
                let now = held(&app, who).await;
                assert!(
                    now.is_subset(&start),
                    "sequence {seq} (own {own:?}): account {who} holds {now:?}, more than {start:?}; steps {log:?}"
                );
            }
        }
    }
    assert!(refusals > 0, "the sequences tried something the policy refuses");
    assert!(
        successes > SEQUENCES as usize,
        "the sequences did things too ({successes} of {})",
        SEQUENCES as usize * STEPS
    );
}
