//! Importing users from CSV: every row is checked first; one bad row and nothing is imported.

use std::collections::{HashMap, HashSet};

use plein_core::account::FieldError;
use plein_core::policy::{Action, Actor, Target, authorize};
use plein_core::{DisplayName, Email, UserKind, Username};
use plein_store::audit::AuditEntry;
use plein_store::now;
use plein_store::users::InsertUser;
use serde_json::json;

use crate::admin::Admin;
use crate::error::{Error, Failure, Result};
use crate::guests::guest_term_from;
use crate::mail::MailContext;
use crate::password_links::{LinkPurpose, new_password_link};

/// The most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// What is wrong with one line of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProblem {
    /// The header lacks a column.
    MissingColumn(&'static str),
    /// The file is not CSV as expected.
    Unreadable,
    /// More rows than one import takes.
    TooManyRows(usize),
    /// A field is invalid.
    Field(&'static str, FieldError),
    /// The kind is neither employee nor guest.
    Kind,
    /// The username or e-mail address is taken, in the file or already.
    Taken(&'static str),
    /// A group that does not exist.
    UnknownGroup(String),
    /// A group the importer may not put people in (it grants rights they do not hold).
    GroupNotAllowed(String),
}

/// A problem and the line it is on (1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The line in the file.
    pub line: u64,
    /// What is wrong.
    pub problem: ImportProblem,
}

/// The outcome of an import.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Every row was imported.
    Imported(usize),
    /// Nothing was imported, because of these problems.
    Refused(Vec<ImportError>),
}

struct Row {
    user: InsertUser,
    groups: Vec<i64>,
}

impl Admin<'_> {
    /// Imports users from CSV with the columns `username,name,email,kind,groups` (groups separated by
    /// `;`). Accounts get no password: they log in through single sign-on, or after a password is set.
    /// With `welcome`, every new account gets an e-mail with a link to set its password.
    pub async fn import_users(
        &self,
        actor: &Actor,
        csv_text: &str,
        welcome: Option<&MailContext>,
    ) -> Result<ImportOutcome> {
        let decision = authorize(Some(actor), Action::ManageUsers, Target::Site);
        if !self.judged(actor, "user.import", None, decision).await.allowed() {
            return Err(Error::NotFound);
        }
        // Whether the importer may put people in each group: asked once per group named.
        let mut placeable: HashMap<i64, bool> = HashMap::new();
        let groups: HashMap<String, i64> =
            self.store.group_names().await?.into_iter().map(|(id, name)| (name.to_lowercase(), id)).collect();
        let existing: Vec<(i64, String)> = self.store.user_ids().await?;
        let mut taken_names: HashSet<String> = existing.into_iter().map(|(_, u)| u).collect();
        let mut taken_mails: HashSet<String> = self.store.user_emails().await?.into_iter().collect();

        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(true).from_reader(csv_text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.to_lowercase()).collect(),
            Err(_) => {
                return Ok(ImportOutcome::Refused(vec![ImportError { line: 1, problem: ImportProblem::Unreadable }]));
            }
        };
        let col = |name: &'static str| header.iter().position(|h| h == name).ok_or(name);
        let (u, n, e) = match (col("username"), col("name"), col("email")) {
            (Ok(u), Ok(n), Ok(e)) => (u, n, e),
            (Err(c), _, _) | (_, Err(c), _) | (_, _, Err(c)) => {
                return Ok(ImportOutcome::Refused(vec![ImportError {
                    line: 1,
                    problem: ImportProblem::MissingColumn(c),
                }]));
            }
        };
        let (k, g) = (col("kind").ok(), col("groups").ok());

        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = record.as_ref().ok().and_then(|r| r.position()).map_or(i as u64 + 2, |p| p.line());
            if i >= MAX_IMPORT_ROWS {
                errors.push(ImportError { line, problem: ImportProblem::TooManyRows(MAX_IMPORT_ROWS) });
                break;
            }
            let mut problem = |p| errors.push(ImportError { line, problem: p });
            let Ok(record) = record else {
                problem(ImportProblem::Unreadable);
                continue;
            };
            let get = |c: usize| record.get(c).unwrap_or("");
            let username = match Username::parse(get(u)) {
                Ok(v) => v,
                Err(err) => {
                    problem(ImportProblem::Field("username", err));
                    continue;
                }
            };
            let name = match DisplayName::parse(get(n)) {
                Ok(v) => v,
                Err(err) => {
                    problem(ImportProblem::Field("name", err));
                    continue;
                }
            };
            let email = match Email::parse(get(e)) {
                Ok(v) => v,
                Err(err) => {
                    problem(ImportProblem::Field("email", err));
                    continue;
                }
            };
            let kind = match k.map(get).unwrap_or("").to_lowercase().as_str() {
                "" | "employee" | "medewerker" => UserKind::Employee,
                "guest" | "gast" => UserKind::Guest,
                _ => {
                    problem(ImportProblem::Kind);
                    continue;
                }
            };
            if !taken_names.insert(username.as_str().to_owned()) {
                problem(ImportProblem::Taken("username"));
                continue;
            }
            if !taken_mails.insert(email.as_str().to_owned()) {
                problem(ImportProblem::Taken("email"));
                continue;
            }
            let mut ids = Vec::new();
            let mut refused = None;
            for group in g.map(get).unwrap_or("").split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let Some(&id) = groups.get(&group.to_lowercase()) else {
                    refused = Some(ImportProblem::UnknownGroup(group.to_owned()));
                    continue;
                };
                let allowed = match placeable.get(&id) {
                    Some(allowed) => *allowed,
                    None => {
                        let allowed = self.may_place_in_group(actor, id, "user.import").await?.allowed();
                        *placeable.entry(id).or_insert(allowed)
                    }
                };
                if allowed {
                    ids.push(id);
                } else {
                    refused = Some(ImportProblem::GroupNotAllowed(group.to_owned()));
                }
            }
            if let Some(p) = refused {
                problem(p);
                continue;
            }
            rows.push(Row {
                user: InsertUser {
                    username: username.as_str().to_owned(),
                    email: email.as_str().to_owned(),
                    display_name: name.as_str().to_owned(),
                    kind,
                    is_admin: false,
                    password_hash: None,
                    guest_expires_at: (kind == UserKind::Guest).then(|| guest_term_from(now())),
                },
                groups: ids,
            });
        }
        if !errors.is_empty() {
            return Ok(ImportOutcome::Refused(errors));
        }

        let count = rows.len();
        let tx = self.store.begin().await?;
        tx.insert_users(rows.iter().map(|r| r.user.clone()).collect()).await?;
        let ids: HashMap<String, i64> = tx.user_ids().await?.into_iter().map(|(id, name)| (name, id)).collect();
        let mut by_group: HashMap<i64, Vec<i64>> = HashMap::new();
        for r in &rows {
            if let Some(id) = ids.get(&r.user.username) {
                for g in &r.groups {
                    by_group.entry(*g).or_default().push(*id);
                }
            }
        }
        for (group, members) in by_group {
            self.place_in_group(&tx, actor, group, &members).await?;
        }
        let mut mails = Vec::new();
        if let Some(ctx) = welcome {
            for r in &rows {
                if let Some(user) = tx.user_by_login(&r.user.username).await? {
                    mails.push(new_password_link(&tx, &user, LinkPurpose::Welcome, ctx).await?);
                }
            }
        }
        tx.audit(AuditEntry {
            actor_id: Some(actor.id),
            action: "user.import",
            success: true,
            detail: Some(json!({ "users": count, "welcome_mails": mails.len() })),
            ..Default::default()
        })
        .await?;
        self.enqueue_mails(&tx, mails).await?;
        tx.commit().await.map_err(Failure::from)?;
        Ok(ImportOutcome::Imported(count))
    }
}
