//! Builders for what tests arrange over and over: `app.user("eva").can(CreateSpaces).await`,
//! `app.space("Project X").secret().owned_by(&eva).member(&jan).await`.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use axum::http::StatusCode;
use plein_core::UserKind;
use plein_core::policy::{Capability, SpaceRole, SpaceVisibility};
use plein_core::space::SpaceKind;
use plein_store::spaces::{InsertSpace, SpaceRow};
use plein_store::users::{InsertUser, UserRow};

use crate::{Browser, PASSWORD, TestApp};

/// What a builder's `.await` runs.
pub type Build<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A user to create: an employee with [`PASSWORD`], named "Test {username}", unless told
/// otherwise. From [`TestApp::user`].
#[must_use = "a builder does nothing until it is awaited"]
pub struct UserBuilder<'a> {
    app: &'a TestApp,
    username: String,
    display_name: Option<String>,
    kind: UserKind,
    admin: bool,
    capabilities: Vec<Capability>,
    password: String,
}

impl<'a> UserBuilder<'a> {
    /// With this password instead of [`PASSWORD`] (the browsers log in with [`PASSWORD`]).
    pub fn password(mut self, password: &str) -> Self {
        self.password = password.into();
        self
    }

    /// An external guest (e-mail at `extern.example`, named "Gast {username}"), whose access ends
    /// as a real guest's does.
    pub fn guest(mut self) -> Self {
        self.kind = UserKind::Guest;
        self
    }

    /// A site administrator.
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// Holds `capability` through a group of their own that grants it.
    pub fn can(mut self, capability: Capability) -> Self {
        self.capabilities.push(capability);
        self
    }

    /// With this display name.
    pub fn named(mut self, display_name: &str) -> Self {
        self.display_name = Some(display_name.into());
        self
    }

    /// Creates the user and logs a new browser in through the login form.
    pub async fn browser(self) -> Browser {
        self.with_browser().await.1
    }

    /// Creates the user and logs a new browser in through the login form: both.
    pub async fn with_browser(self) -> (UserRow, Browser) {
        let app = self.app;
        let user = self.create().await;
        let browser = app.login_as(&user.username).await;
        (user, browser)
    }

    async fn create(self) -> UserRow {
        let guest = self.kind == UserKind::Guest;
        let username = self.username;
        let (email, default_name) = if guest {
            (format!("{username}@extern.example"), format!("Gast {username}"))
        } else {
            (format!("{username}@voorbeeld.nl"), format!("Test {username}"))
        };
        let user = self
            .app
            .app
            .accounts()
            .create_user(
                plein_app::accounts::NewUser {
                    username: username.clone(),
                    email,
                    display_name: self.display_name.unwrap_or(default_name),
                    kind: self.kind,
                    is_admin: self.admin,
                    password: self.password,
                },
                None,
            )
            .await
            .unwrap();
        for capability in self.capabilities {
            self.app.grant_to(&user, capability).await;
        }
        user
    }
}

impl<'a> IntoFuture for UserBuilder<'a> {
    type Output = UserRow;
    type IntoFuture = Build<'a, UserRow>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.create())
    }
}

/// A space to create: an open team in blue without guests, owned by a new employee unless
/// [`owned_by`](SpaceBuilder::owned_by) says who. From [`TestApp::space`].
#[must_use = "a builder does nothing until it is awaited"]
pub struct SpaceBuilder<'a> {
    app: &'a TestApp,
    new: InsertSpace,
    owner: Option<i64>,
    members: Vec<(i64, SpaceRole)>,
    archived: bool,
}

impl<'a> SpaceBuilder<'a> {
    /// Secret: only members know it exists.
    pub fn secret(self) -> Self {
        self.visibility(SpaceVisibility::Secret)
    }

    /// Closed: everyone sees it, members see inside.
    pub fn closed(self) -> Self {
        self.visibility(SpaceVisibility::Closed)
    }

    /// With this visibility.
    pub fn visibility(mut self, visibility: SpaceVisibility) -> Self {
        self.new.visibility = visibility;
        self
    }

    /// Of this kind (a team unless told).
    pub fn kind(mut self, kind: SpaceKind) -> Self {
        self.new.kind = kind;
        self
    }

    /// In this colour (blue unless told).
    pub fn colour(mut self, colour: &str) -> Self {
        self.new.colour = colour.into();
        self
    }

    /// Takes external guests.
    pub fn allows_guests(mut self) -> Self {
        self.new.allows_guests = true;
        self
    }

    /// Only owners and space administrators post (an announcement space).
    pub fn admins_post(mut self) -> Self {
        self.new.admins_post = true;
        self
    }

    /// Archived once created.
    pub fn archived(mut self) -> Self {
        self.archived = true;
        self
    }

    /// Created by `user`, its owner.
    pub fn owned_by(mut self, user: &UserRow) -> Self {
        self.owner = Some(user.id);
        self
    }

    /// With `user` as a member.
    pub fn member(self, user: &UserRow) -> Self {
        self.with(user, SpaceRole::Member)
    }

    /// With `user` as a space administrator.
    pub fn admin(self, user: &UserRow) -> Self {
        self.with(user, SpaceRole::Admin)
    }

    /// With `user` (an external guest) as a guest.
    pub fn guest(self, user: &UserRow) -> Self {
        self.with(user, SpaceRole::Guest)
    }

    /// With `user` in `role`.
    pub fn with(mut self, user: &UserRow, role: SpaceRole) -> Self {
        self.members.push((user.id, role));
        self
    }

    async fn create(self) -> SpaceRow {
        let store = self.app.store();
        let owner = match self.owner {
            Some(id) => id,
            None => {
                let username = format!("eigenaar-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
                let owner = store
                    .insert_user(InsertUser {
                        email: format!("{username}@voorbeeld.nl"),
                        display_name: format!("Test {username}"),
                        username,
                        kind: UserKind::Employee,
                        is_admin: false,
                        password_hash: None,
                        guest_expires_at: None,
                    })
                    .await
                    .unwrap();
                owner.id
            }
        };
        let row = store.insert_space(InsertSpace { created_by: owner, ..self.new }).await.unwrap();
        for (user, role) in self.members {
            store.add_space_member(row.id, user, role).await.unwrap();
        }
        if self.archived {
            store.set_space_archived(row.id, true).await.unwrap();
            return store.space_by_id(row.id).await.unwrap().unwrap();
        }
        row
    }
}

impl<'a> IntoFuture for SpaceBuilder<'a> {
    type Output = SpaceRow;
    type IntoFuture = Build<'a, SpaceRow>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.create())
    }
}

impl TestApp {
    /// A user to create: `app.user("eva").await` is an employee with [`PASSWORD`];
    /// see [`UserBuilder`] for guests, administrators, capabilities and browsers.
    pub fn user(&self, username: &str) -> UserBuilder<'_> {
        UserBuilder {
            app: self,
            username: username.into(),
            display_name: None,
            kind: UserKind::Employee,
            admin: false,
            capabilities: Vec::new(),
            password: PASSWORD.into(),
        }
    }

    /// A space to create: `app.space("Project X").await` is an open team with a new owner;
    /// see [`SpaceBuilder`] for visibility, kind, owner and members.
    pub fn space(&self, name: &str) -> SpaceBuilder<'_> {
        SpaceBuilder {
            app: self,
            new: InsertSpace {
                name: name.into(),
                description: String::new(),
                kind: SpaceKind::Team,
                visibility: SpaceVisibility::Open,
                colour: "blue".into(),
                allows_guests: false,
                admins_post: false,
                created_by: 0,
            },
            owner: None,
            members: Vec::new(),
            archived: false,
        }
    }

    /// Gives `user` a capability through a group of their own.
    pub async fn grant_to(&self, user: &UserRow, capability: Capability) {
        let group = self.store().insert_group(&format!("{} {capability}", user.username), "").await.unwrap();
        self.store().grant_capability(group.id, capability).await.unwrap();
        self.store().add_group_members(group.id, &[user.id]).await.unwrap();
    }

    /// Logs a browser in as an existing user with [`PASSWORD`], through the login form.
    pub async fn login_as(&self, username: &str) -> Browser {
        let mut b = self.browser();
        let res = b.post_form("/inloggen", &[("username", username), ("password", PASSWORD)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "login failed: {}", res.body);
        b
    }
}
