//! What a reader may do across the site, as the policy decides it, for the pages to show: the menu,
//! the administration index, the buttons that start something. Pages read these; they never ask
//! the policy themselves. (What one may do to one space or post comes with its view.)

use plein_core::policy::{Action, Actor, PersonFacts, Target, authorize};

use crate::App;
use crate::error::{Result, check};

/// What `actor` may do that belongs to no one space or post.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SiteAbilities {
    /// Start a new space.
    pub create_spaces: bool,
    /// Post on their own profile.
    pub post_on_profile: bool,
    /// Browse the people directory.
    pub browse_people: bool,
    /// Work the moderation queue.
    pub moderate: bool,
    /// Manage groups and what they grant.
    pub manage_groups: bool,
    /// Manage accounts.
    pub manage_users: bool,
    /// Read the audit log.
    pub view_audit_log: bool,
    /// See the job queue and retry failed jobs.
    pub manage_jobs: bool,
    /// Write news for the organisation.
    pub publish_news: bool,
    /// Change the intranet's name, logo and colours.
    pub brand: bool,
}

impl SiteAbilities {
    /// Whether any administration is theirs (the menu shows "Beheer").
    pub fn administers(&self) -> bool {
        self.manage_groups || self.manage_users || self.view_audit_log || self.manage_jobs || self.brand
    }
}

/// What `actor` may do across the site.
pub fn site_abilities(actor: &Actor) -> SiteAbilities {
    let may = |action| authorize(Some(actor), action, Target::Site).allowed();
    let me = PersonFacts { id: actor.id, kind: actor.kind, spaces: Default::default() };
    SiteAbilities {
        create_spaces: may(Action::CreateSpace),
        post_on_profile: authorize(Some(actor), Action::Post, Target::Person(&me)).allowed(),
        browse_people: may(Action::BrowsePeople),
        moderate: may(Action::Moderate),
        manage_groups: may(Action::ManageGroups),
        manage_users: may(Action::ManageUsers),
        view_audit_log: may(Action::ViewAuditLog),
        manage_jobs: may(Action::ManageJobs),
        publish_news: may(Action::PublishNews),
        brand: may(Action::Brand),
    }
}

impl App {
    /// Whether `actor` may start a space: the new-space form answers as the policy does.
    pub fn may_create_space(&self, actor: &Actor) -> Result<()> {
        check(authorize(Some(actor), Action::CreateSpace, Target::Site))
    }

    /// Whether `actor` may see the administration index: only who administers something.
    pub fn may_administer(&self, actor: &Actor) -> Result<()> {
        if site_abilities(actor).administers() { Ok(()) } else { Err(crate::Error::NotFound) }
    }
}
