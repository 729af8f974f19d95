//! What the randomised tests share besides the testkit's random organisation: whether the
//! policy lets an actor read a post.

use plein_app::spaces::facts;
use plein_core::policy::{Action, Actor, Container, PostFacts, Target, authorize};
use plein_store::spaces::SpaceRow;
use plein_store::stream::PostRow;

/// Whether `actor` may read `post` (in one of `spaces`) under the policy.
pub fn readable(actor: &Actor, post: &PostRow, spaces: &[SpaceRow]) -> bool {
    let container = match (post.space_id, post.profile_id) {
        (Some(id), _) => Container::Space(facts(spaces.iter().find(|s| s.id == id).unwrap())),
        (None, Some(id)) => Container::Profile(id),
        _ => unreachable!(),
    };
    let f = PostFacts {
        container,
        author: post.author_id,
        deleted: post.deleted_at.is_some(),
        hidden: post.hidden_at.is_some(),
    };
    authorize(Some(actor), Action::Read, Target::Post(&f)).allowed()
}
