//! Plein's use cases: one module per capability, each a view of [`App`] with its own methods,
//! reached by name: `app.stream().create_comment(..)`, `app.spaces().join_space(..)`.

/// Declares a capability's view of the application: a type that borrows [`App`], and the `App`
/// method that gives it. The view dereferences to the application, so a capability's methods use
/// the store and the helpers shared between capabilities as `App`'s own methods would.
#[macro_export]
#[doc(hidden)]
macro_rules! capability {
    ($(#[$doc:meta])* $name:ident, $method:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a>(&'a $crate::App);

        impl $crate::App {
            $(#[$doc])*
            pub fn $method(&self) -> $name<'_> {
                $name(self)
            }
        }

        impl std::ops::Deref for $name<'_> {
            type Target = $crate::App;

            fn deref(&self) -> &$crate::App {
                self.0
            }
        }
    };
}

pub mod abilities;
pub mod accounts;
pub mod admin;
pub mod branding;
pub mod confirm;
pub mod demo;
pub mod error;
pub mod guests;
pub mod i18n;
pub mod images;
pub mod import;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod markdown;
pub mod moderation;
pub mod news;
pub mod notifications;
pub mod password_links;
mod passwords;
pub mod people;
pub mod refusals;
pub mod search;
pub mod social;
pub mod spaces;
pub mod stream;
mod throttle;
pub mod users;

use std::time::Duration;

use plein_store::Store;

pub use accounts::{Origin, SessionUser};
pub use demo::{DEMO_ADMIN, DEMO_EMPLOYEE, DEMO_GUEST, DEMO_PASSWORD, DemoOutcome, Scale};
pub use error::{Code, Error, Failure, Problem, Result};

/// How long sessions live and how hard failed logins are throttled.
#[derive(Clone, Debug)]
pub struct Settings {
    /// A session ends after this long without a request.
    pub session_idle: Duration,
    /// A session ends this long after login, however active.
    pub session_absolute: Duration,
    /// Failures of one account name within `throttle_window` before it is locked.
    pub account_failures: i32,
    /// Failures from one client address within `throttle_window` before it is locked.
    pub address_failures: i32,
    /// The window in which failures are counted.
    pub throttle_window: Duration,
    /// The longest lock.
    pub max_lock: Duration,
    /// How the job queue behaves.
    pub jobs: jobs::JobSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle: Duration::from_secs(8 * 3600),
            session_absolute: Duration::from_secs(7 * 24 * 3600),
            account_failures: 5,
            address_failures: 50,
            throttle_window: Duration::from_secs(15 * 60),
            max_lock: Duration::from_secs(15 * 60),
            jobs: jobs::JobSettings::default(),
        }
    }
}

/// The application: the store plus the rules that use it.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    settings: Settings,
    mailer: mail::Mailer,
    site: Site,
    live: tokio::sync::broadcast::Sender<notifications::LiveEvent>,
    /// This node's link to the others on its database, once [`App::relay_live`] started it.
    relay: Option<std::sync::Arc<live::Relay>>,
    /// This node's search index, once [`App::with_search`] gave it one.
    search_index: Option<std::sync::Arc<plein_search::SearchIndex>>,
    branding_cache: std::sync::Arc<branding::BrandingCache>,
    home_news_cache: std::sync::Arc<news::HomeNewsCache>,
    space_cards: std::sync::Arc<spaces::SpaceCardCache>,
}

/// What mails about the site's content need: its name and address.
#[derive(Clone, Debug)]
pub struct Site {
    /// The organisation's (intranet's) name.
    pub organisation: String,
    /// The site's address without a trailing slash; `None` sends no notification mail.
    pub base_url: Option<String>,
}

impl App {
    /// An application on `store` with `settings`.
    pub fn new(store: Store, settings: Settings) -> Self {
        let (live, _) = tokio::sync::broadcast::channel(1024);
        let site = Site { organisation: "Plein".into(), base_url: None };
        App {
            store,
            settings,
            mailer: mail::Mailer::off(),
            site,
            live,
            relay: None,
            search_index: None,
            branding_cache: Default::default(),
            home_news_cache: Default::default(),
            space_cards: Default::default(),
        }
    }

    /// The same application, mailing notifications with links to `site`.
    pub fn with_site(mut self, site: Site) -> Self {
        self.site = site;
        self
    }

    /// The same application, sending mail through `mailer`.
    pub fn with_mailer(mut self, mailer: mail::Mailer) -> Self {
        self.mailer = mailer;
        self
    }

    /// The store, for health checks and metrics.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
}
