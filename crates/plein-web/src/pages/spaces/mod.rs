//! Spaces: the directory, a space's page, creating one and its settings, and membership
//! (joining, requesting, leaving, members and archiving). The helpers here label kinds, roles
//! and visibilities the same way on every one of them.

mod directory;
mod membership;
mod page;
mod settings;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use plein_app::Error;
use plein_app::confirm::{Confirmation, Outcome};
use plein_app::spaces::{
    Addition, MemberView, MySpace, NewSpace, NotifyLevel, SpaceAbilities, SpaceListing, SpaceView,
};
use plein_core::policy::{SpaceRole, SpaceVisibility};
use plein_core::space::{SPACE_COLOURS, SpaceKind};
use plein_core::{UserKind, UserStatus};
use plein_store::spaces::{SpaceFilter, SpaceRow};
use serde::Deserialize;

use crate::flash::{self, Fault, Notice, with_fault, with_notice};
use crate::pages::confirm::{self, Question};
use crate::pages::stream::{Composer, PostItem, StreamList, post_item};
use crate::render::{
    FieldErrors, ImageUpload, Pager, Shell, image_problem, image_response, one_page, page, read_image_form,
};
use crate::{AppError, AppState, CurrentActor, RequestContext};
pub use directory::index;
pub use membership::{add_member, archive, change_member, decide, join, leave, request, suggest_members};
pub use page::{about, members, show};
pub use settings::{create, image, new, save_settings, settings, upload_image};

/// One `<option>` or radio button.
pub struct Choice {
    pub(crate) value: &'static str,
    pub(crate) label: String,
    pub(crate) help: String,
    pub(crate) selected: bool,
}

/// An option whose label is the message `label_key`.
pub(crate) fn choice(shell: &Shell, value: &'static str, label_key: &str, selected: bool) -> Choice {
    Choice { value, label: shell.t(label_key), help: String::new(), selected }
}

fn kind_key(kind: SpaceKind) -> String {
    format!("space-kind-{kind}")
}

fn role_label(shell: &Shell, role: SpaceRole) -> String {
    shell.t(&format!("space-role-{role}"))
}

/// The labels that describe a space: kind, visibility, and more.
fn space_tags(shell: &Shell, space: &SpaceRow) -> Vec<String> {
    vec![shell.t(&kind_key(space.kind)), shell.t(&format!("space-visibility-{}", space.visibility))]
}
