//! Destructive actions ask first. A service that removes, archives or deactivates takes a
//! [`Confirmation`]; without one it checks everything it would check (the reader may see the thing,
//! and may do this to it) and changes nothing, so the page can ask the question.

/// Whether the actor confirmed a destructive action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// They answered "yes" (the confirmation form, or the dialog).
    Given,
    /// Not yet: check, then ask.
    Missing,
}

impl Confirmation {
    /// From the confirmation form's field (`bevestigd=1`).
    pub fn from_form(value: Option<&str>) -> Confirmation {
        if value == Some("1") { Confirmation::Given } else { Confirmation::Missing }
    }
}

/// What a destructive action came to.
#[derive(Debug, PartialEq, Eq)]
#[must_use]
pub enum Outcome<T> {
    /// Allowed, but not confirmed: nothing changed.
    Ask,
    /// Done.
    Done(T),
}
