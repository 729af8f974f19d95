//! The policy as a table, and as properties over random organisations.

use proptest::prelude::*;

use super::*;

fn actor(kind: UserKind, caps: &[Capability], role: Option<SpaceRole>) -> Actor {
    Actor {
        id: 1,
        kind,
        capabilities: caps.iter().copied().collect(),
        memberships: role.map(|r| (10, r)).into_iter().collect(),
        groups: BTreeSet::new(),
    }
}

fn space(visibility: SpaceVisibility) -> SpaceFacts {
    SpaceFacts { id: 10, visibility, archived: false, allows_guests: true, admins_post: false }
}

use Action::*;
use Decision::{Allow, Forbidden, NotFound};
use SpaceVisibility::{Closed, Open, Secret};
use UserKind::{Employee, Guest};

/// One row: (actor kind, capability, role in the space, space visibility, action) → decision.
type Row = (UserKind, Option<Capability>, Option<SpaceRole>, SpaceVisibility, Action, Decision);

#[rustfmt::skip]
const SPACE_TABLE: &[Row] = &[
    // An employee outside the space.
    (Employee, None, None, Open,   See,           Allow),
    (Employee, None, None, Open,   Read,          Allow),
    (Employee, None, None, Open,   Join,          Allow),
    (Employee, None, None, Open,   RequestToJoin, Forbidden),
    (Employee, None, None, Open,   Post,          Forbidden),
    (Employee, None, None, Open,   Leave,         Forbidden),
    (Employee, None, None, Open,   Manage,        Forbidden),
    (Employee, None, None, Closed, See,           Allow),
    (Employee, None, None, Closed, Read,          Forbidden),
    (Employee, None, None, Closed, Join,          Forbidden),
    (Employee, None, None, Closed, RequestToJoin, Allow),
    (Employee, None, None, Closed, Post,          Forbidden),
    (Employee, None, None, Secret, See,           NotFound),
    (Employee, None, None, Secret, Read,          NotFound),
    (Employee, None, None, Secret, Join,          NotFound),
    (Employee, None, None, Secret, RequestToJoin, NotFound),
    // Capabilities other than admin do not open spaces.
    (Employee, Some(Capability::ManageUsers), None, Secret, See, NotFound),
    (Employee, Some(Capability::Moderate),    None, Secret, Read, NotFound),
    // An administrator sees and manages every space, but reads a closed or secret one only as a member.
    (Employee, Some(Capability::Admin), None, Secret, See,           Allow),
    (Employee, Some(Capability::Admin), None, Secret, Read,          Forbidden),
    (Employee, Some(Capability::Admin), None, Secret, ManageMembers, Allow),
    (Employee, Some(Capability::Admin), None, Closed, Manage,        Allow),
    // Members by role.
    (Employee, None, Some(SpaceRole::Member), Secret, See,           Allow),
    (Employee, None, Some(SpaceRole::Member), Secret, Read,          Allow),
    (Employee, None, Some(SpaceRole::Member), Secret, Post,          Allow),
    (Employee, None, Some(SpaceRole::Member), Secret, Leave,         Allow),
    (Employee, None, Some(SpaceRole::Member), Secret, Manage,        Forbidden),
    (Employee, None, Some(SpaceRole::Member), Secret, ManageMembers, Forbidden),
    (Employee, None, Some(SpaceRole::Owner), Secret, AddMembers, Allow),
    (Employee, None, Some(SpaceRole::Admin), Closed, AddMembers, Allow),
    (Employee, None, Some(SpaceRole::Member), Secret, AddMembers, Forbidden),
    (Employee, None, Some(SpaceRole::Member), Open, AddMembers, Forbidden),
    (Employee, None, None, Secret, AddMembers, NotFound),
    (Guest, None, Some(SpaceRole::Guest), Closed, AddMembers, Forbidden),
    (Employee, None, Some(SpaceRole::Member), Secret, InviteGuests,  Forbidden),
    (Employee, None, Some(SpaceRole::Member), Open,   Join,          Forbidden),
    (Employee, None, Some(SpaceRole::Member), Closed, RequestToJoin, Forbidden),
    (Employee, None, Some(SpaceRole::Admin),  Closed, ManageMembers, Allow),
    (Employee, None, Some(SpaceRole::Admin),  Closed, InviteGuests,  Allow),
    (Employee, None, Some(SpaceRole::Owner),  Secret, Manage,        Allow),
    (Employee, None, Some(SpaceRole::Owner),  Secret, InviteGuests,  Allow),
    // External guests: only their own spaces, and never by joining.
    (Guest, None, None, Open,   See,  NotFound),
    (Guest, None, None, Open,   Read, NotFound),
    (Guest, None, None, Open,   Join, NotFound),
    (Guest, None, None, Closed, See,  NotFound),
    (Guest, None, None, Secret, See,  NotFound),
    (Guest, Some(Capability::Admin), None, Secret, See, NotFound),
    (Guest, None, Some(SpaceRole::Guest), Closed, Read,          Allow),
    (Guest, None, Some(SpaceRole::Guest), Closed, Post,          Allow),
    (Guest, None, Some(SpaceRole::Guest), Closed, Leave,         Allow),
    (Guest, None, Some(SpaceRole::Guest), Closed, ManageMembers, Forbidden),
    (Guest, None, Some(SpaceRole::Guest), Closed, InviteGuests,  Forbidden),
];

#[test]
fn the_space_table() {
    for &(kind, cap, role, visibility, action, expected) in SPACE_TABLE {
        let a = actor(kind, cap.as_slice(), role);
        let got = authorize(Some(&a), action, Target::Space(&space(visibility)));
        assert_eq!(got, expected, "{kind:?} {cap:?} {role:?} {visibility:?} {action:?}");
    }
}

#[test]
fn nobody_logged_out_sees_anything() {
    for v in SpaceVisibility::ALL {
        assert_eq!(authorize(None, See, Target::Space(&space(v))), NotFound);
    }
    assert_eq!(authorize(None, BrowsePeople, Target::Site), NotFound);
}

#[test]
fn archived_spaces_are_read_only() {
    let archived = SpaceFacts { archived: true, ..space(Open) };
    let member = actor(Employee, &[], Some(SpaceRole::Owner));
    let outsider = actor(Employee, &[], None);
    assert_eq!(authorize(Some(&member), Read, Target::Space(&archived)), Allow);
    assert_eq!(authorize(Some(&member), Post, Target::Space(&archived)), Forbidden);
    assert_eq!(authorize(Some(&member), InviteGuests, Target::Space(&archived)), Forbidden);
    assert_eq!(authorize(Some(&member), Manage, Target::Space(&archived)), Allow, "owners can unarchive");
    assert_eq!(authorize(Some(&outsider), Join, Target::Space(&archived)), Forbidden);
}

#[test]
fn guests_are_invited_only_where_spaces_allow_it() {
    let no_guests = SpaceFacts { allows_guests: false, ..space(Closed) };
    let owner = actor(Employee, &[], Some(SpaceRole::Owner));
    assert_eq!(authorize(Some(&owner), InviteGuests, Target::Space(&no_guests)), Forbidden);
}

#[test]
fn site_rights_follow_capabilities_and_nobody_grants_themselves_more() {
    let plain = actor(Employee, &[], None);
    let users = actor(Employee, &[Capability::ManageUsers], None);
    let admin = actor(Employee, &[Capability::Admin], None);
    let guest = actor(Guest, &[Capability::Admin, Capability::ManageUsers], None);
    assert_eq!(authorize(Some(&plain), ManageUsers, Target::Site), NotFound);
    assert_eq!(authorize(Some(&users), ManageUsers, Target::Site), Allow);
    assert_eq!(authorize(Some(&users), ChangeCapabilities, Target::Site), NotFound, "manage_users is not admin");
    assert_eq!(authorize(Some(&users), ManageGroups, Target::Site), NotFound);
    assert_eq!(authorize(Some(&admin), ChangeCapabilities, Target::Site), Allow);
    assert_eq!(authorize(Some(&admin), ViewAuditLog, Target::Site), Allow, "admin implies every capability");
    assert_eq!(authorize(Some(&admin), ManageJobs, Target::Site), Allow);
    assert_eq!(authorize(Some(&users), ManageJobs, Target::Site), NotFound, "the job queue is for administrators");
    assert_eq!(authorize(Some(&plain), CreateSpace, Target::Site), Forbidden);
    assert_eq!(authorize(Some(&actor(Employee, &[Capability::CreateSpaces], None)), CreateSpace, Target::Site), Allow);
    for action in [ManageUsers, ChangeCapabilities, ViewAuditLog, ManageJobs, BrowsePeople, CreateSpace] {
        assert_eq!(authorize(Some(&guest), action, Target::Site), NotFound, "guests hold no capability: {action:?}");
    }
    assert_eq!(authorize(Some(&plain), BrowsePeople, Target::Site), Allow);
}

#[test]
fn guests_see_only_co_members() {
    let guest = actor(Guest, &[], Some(SpaceRole::Guest));
    let colleague = PersonFacts { id: 2, kind: Employee, spaces: [10].into() };
    let stranger = PersonFacts { id: 3, kind: Employee, spaces: [11].into() };
    let me = PersonFacts { id: 1, kind: Guest, spaces: [10].into() };
    assert_eq!(authorize(Some(&guest), See, Target::Person(&colleague)), Allow);
    assert_eq!(authorize(Some(&guest), See, Target::Person(&stranger)), NotFound);
    assert_eq!(authorize(Some(&guest), Manage, Target::Person(&me)), Allow);
    assert_eq!(authorize(Some(&guest), Manage, Target::Person(&colleague)), Forbidden);
    let employee = actor(Employee, &[], None);
    assert_eq!(authorize(Some(&employee), See, Target::Person(&stranger)), Allow);
}

#[test]
fn space_admins_never_touch_owners() {
    use SpaceRole::{Admin as A, Guest as G, Member as M, Owner as O};
    let s = space(Closed);
    let owner = actor(Employee, &[], Some(O));
    let admin = actor(Employee, &[], Some(A));
    let member = actor(Employee, &[], Some(M));
    let site_admin = actor(Employee, &[Capability::Admin], None);
    let outsider = actor(Employee, &[], None);
    #[rustfmt::skip]
    let cases = [
        (&owner, O, Some(M), Allow), (&owner, M, Some(O), Allow), (&owner, M, None, Allow), (&owner, O, None, Allow),
        (&admin, M, Some(A), Allow), (&admin, A, Some(M), Allow), (&admin, M, None, Allow), (&admin, G, None, Allow),
        (&admin, O, Some(M), Forbidden), (&admin, O, None, Forbidden), (&admin, M, Some(O), Forbidden),
        (&site_admin, O, Some(M), Allow),
        (&member, M, None, Forbidden), (&member, M, Some(A), Forbidden),
        (&outsider, M, None, Forbidden),
        (&owner, G, Some(M), Forbidden), (&owner, M, Some(G), Forbidden), (&owner, G, Some(G), Allow),
    ];
    for (who, current, new, expected) in cases {
        assert_eq!(
            authorize_member_change(who, &s, current, new),
            expected,
            "{:?}: {current:?} → {new:?}",
            who.memberships
        );
    }
    let hidden = space(Secret);
    assert_eq!(authorize_member_change(&outsider, &hidden, SpaceRole::Member, None), NotFound);
}

#[test]
fn the_members_list_offers_what_the_policy_allows() {
    use SpaceRole::{Admin as A, Guest as G, Member as M, Owner as O};
    let s = space(Closed);
    let owner = actor(Employee, &[], Some(O));
    let admin = actor(Employee, &[], Some(A));
    let member = actor(Employee, &[], Some(M));
    let changes = |who: &Actor, id, current| member_changes(who, &s, id, current);
    assert_eq!(changes(&owner, 2, M), MemberChanges { roles: vec![O, A, M], removable: true });
    assert_eq!(changes(&admin, 2, M), MemberChanges { roles: vec![A, M], removable: true });
    assert_eq!(changes(&admin, 2, O), MemberChanges::default(), "space admins never touch owners");
    assert_eq!(changes(&admin, 2, G), MemberChanges { roles: vec![], removable: true }, "guests stay guests");
    assert_eq!(changes(&member, 2, M), MemberChanges::default());
    assert_eq!(changes(&owner, owner.id, O), MemberChanges::default(), "one leaves instead");
}

#[test]
fn nobody_hands_out_more_than_they_hold() {
    let groups_only = actor(Employee, &[Capability::ManageGroups], None);
    let groups_and_users = actor(Employee, &[Capability::ManageGroups, Capability::ManageUsers], None);
    let admin = actor(Employee, &[Capability::Admin], None);
    let plain = actor(Employee, &[Capability::ManageUsers], None);
    let none = BTreeSet::new();
    let admins: BTreeSet<Capability> = [Capability::Admin].into();
    let users: BTreeSet<Capability> = [Capability::ManageUsers].into();
    assert_eq!(authorize_group_change(&groups_only, &none), Allow);
    assert_eq!(authorize_group_change(&groups_only, &users), Forbidden);
    assert_eq!(authorize_group_change(&groups_only, &admins), Forbidden, "manage_groups cannot make admins");
    assert_eq!(authorize_group_change(&groups_and_users, &users), Allow);
    assert_eq!(authorize_group_change(&groups_and_users, &admins), Forbidden);
    assert_eq!(authorize_group_change(&admin, &admins), Allow);
    assert_eq!(authorize_group_change(&plain, &none), NotFound, "manage_users alone does not reach groups");
    let guest = actor(Guest, &[Capability::Admin], None);
    assert_eq!(authorize_group_change(&guest, &none), NotFound);
}

#[test]
fn placing_people_in_groups_takes_holding_what_the_group_grants() {
    let users_only = actor(Employee, &[Capability::ManageUsers], None);
    let groups_only = actor(Employee, &[Capability::ManageGroups], None);
    let admin = actor(Employee, &[Capability::Admin], None);
    let plain = actor(Employee, &[Capability::CreateSpaces], None);
    let none = BTreeSet::new();
    let admins: BTreeSet<Capability> = [Capability::Admin].into();
    let creators: BTreeSet<Capability> = [Capability::CreateSpaces].into();
    assert_eq!(authorize_group_membership(&users_only, &none), Allow, "a department group");
    assert_eq!(authorize_group_membership(&users_only, &admins), Forbidden, "the CSV import's way to admin");
    assert_eq!(authorize_group_membership(&users_only, &creators), Forbidden);
    assert_eq!(authorize_group_membership(&groups_only, &creators), Forbidden);
    assert_eq!(authorize_group_membership(&admin, &admins), Allow);
    assert_eq!(authorize_group_membership(&plain, &none), NotFound);
    assert_eq!(authorize_group_membership(&actor(Guest, &[Capability::Admin], None), &none), NotFound);
}

#[test]
fn user_managers_cannot_touch_those_with_more_rights() {
    let users = actor(Employee, &[Capability::ManageUsers], None);
    let admin = actor(Employee, &[Capability::Admin], None);
    let admins: BTreeSet<Capability> = [Capability::Admin].into();
    let other = users.id + 1;
    for change in [UserChange::Edit, UserChange::SetStatus] {
        assert_eq!(authorize_user_change(&users, other, &BTreeSet::new(), change), Allow);
        assert_eq!(authorize_user_change(&users, other, &[Capability::ManageUsers].into(), change), Allow);
        assert_eq!(authorize_user_change(&users, other, &admins, change), Forbidden);
        assert_eq!(authorize_user_change(&admin, other, &admins, change), Allow);
        let groups_only = actor(Employee, &[Capability::ManageGroups], None);
        assert_eq!(authorize_user_change(&groups_only, other, &BTreeSet::new(), change), NotFound);
    }
    let own: BTreeSet<Capability> = [Capability::ManageUsers].into();
    assert_eq!(authorize_user_change(&users, users.id, &own, UserChange::Edit), Allow);
    assert_eq!(authorize_user_change(&users, users.id, &own, UserChange::SetStatus), Forbidden, "no self lock-out");
    assert_eq!(authorize_user_change(&admin, admin.id, &admins, UserChange::SetStatus), Forbidden);
}

fn arb_space() -> impl Strategy<Value = SpaceFacts> {
    (0..12i64, prop::sample::select(SpaceVisibility::ALL.to_vec()), any::<bool>(), any::<bool>()).prop_map(
        |(id, visibility, archived, allows_guests)| SpaceFacts {
            id,
            visibility,
            archived,
            allows_guests,
            admins_post: false,
        },
    )
}

fn arb_actor() -> impl Strategy<Value = Actor> {
    (
        prop::sample::select(vec![Employee, Guest]),
        prop::collection::btree_set(prop::sample::select(Capability::ALL.to_vec()), 0..3),
        prop::collection::btree_map(0..12i64, prop::sample::select(SpaceRole::ALL.to_vec()), 0..5),
    )
        .prop_map(|(kind, capabilities, memberships)| Actor {
            id: 100,
            kind,
            capabilities,
            memberships,
            groups: BTreeSet::new(),
        })
}

proptest! {
    /// The scope a listing uses agrees exactly with `authorize` for every space.
    #[test]
    fn scopes_agree_with_authorize(actor in arb_actor(), spaces in prop::collection::vec(arb_space(), 1..12)) {
        let scope = visibility(Some(&actor));
        for s in &spaces {
            let see = authorize(Some(&actor), See, Target::Space(s)) == Allow;
            let read = authorize(Some(&actor), Read, Target::Space(s)) == Allow;
            prop_assert_eq!(scope.spaces.contains(s), see, "see {:?}", s);
            prop_assert_eq!(scope.readable_spaces.contains(s), read, "read {:?}", s);
        }
    }

    /// What one may not see, one may do nothing with; what one may do, one may see and read
    /// (posting needs reading), and guests never see a space they are not in.
    #[test]
    fn invisible_means_not_found_everywhere(actor in arb_actor(), s in arb_space()) {
        let see = authorize(Some(&actor), See, Target::Space(&s));
        for action in [Read, Join, RequestToJoin, Leave, Post, Manage, ManageMembers, AddMembers, InviteGuests] {
            let d = authorize(Some(&actor), action, Target::Space(&s));
            if see == NotFound {
                prop_assert_eq!(d, NotFound, "{:?}", action);
            }
            if action == Post && d == Allow {
                prop_assert_eq!(authorize(Some(&actor), Read, Target::Space(&s)), Allow);
            }
        }
        if actor.kind == Guest && !actor.memberships.contains_key(&s.id) {
            prop_assert_eq!(see, NotFound);
        }
    }

    /// Reading content depends on nothing but the reader's kind and role in its one space: the
    /// reduced actor that notifications and mentions check recipients with answers alike.
    #[test]
    fn a_reader_needs_only_kind_and_role(actor in arb_actor(), s in arb_space(), hidden in any::<bool>()) {
        for container in [Container::Space(s), Container::Profile(7)] {
            let post = PostFacts { container, author: 7, deleted: false, hidden: false };
            let role = match container {
                Container::Space(s) => actor.memberships.get(&s.id).map(|r| (s.id, *r)),
                Container::Profile(_) => None,
            };
            let reader = Actor::reader(actor.id, actor.kind, role);
            prop_assert_eq!(
                authorize(Some(&actor), Read, Target::Post(&post)).allowed(),
                authorize(Some(&reader), Read, Target::Post(&post)).allowed()
            );
            // A hidden post is read by fewer, never more.
            let hidden_post = PostFacts { hidden, ..post };
            if authorize(Some(&actor), Read, Target::Post(&hidden_post)).allowed() {
                prop_assert!(authorize(Some(&actor), Read, Target::Post(&post)).allowed());
            }
        }
    }
}

#[test]
fn the_moderation_queue_is_for_moderators_and_space_managers() {
    let member = actor(Employee, &[], Some(SpaceRole::Member));
    let owner = actor(Employee, &[], Some(SpaceRole::Owner));
    let moderator = actor(Employee, &[Capability::Moderate], None);
    let admin = actor(Employee, &[Capability::Admin], None);
    assert_eq!(authorize(Some(&member), Moderate, Target::Site), NotFound);
    assert_eq!(authorize(Some(&owner), Moderate, Target::Site), Allow);
    assert_eq!(moderated_spaces(&owner), ModeratedSpaces::These(vec![10]));
    assert_eq!(moderated_spaces(&moderator), ModeratedSpaces::All);
    assert_eq!(moderated_spaces(&admin), ModeratedSpaces::All, "admin holds every capability");
    let guest_owner = actor(Guest, &[Capability::Moderate], Some(SpaceRole::Guest));
    assert_eq!(authorize(Some(&guest_owner), Moderate, Target::Site), NotFound, "guests hold no capabilities");
}

#[test]
fn hidden_posts_are_for_their_author_and_moderators() {
    let reader = actor(Employee, &[], Some(SpaceRole::Member));
    let author = Actor { id: 2, ..actor(Employee, &[], Some(SpaceRole::Member)) };
    let owner = Actor { id: 3, ..actor(Employee, &[], Some(SpaceRole::Owner)) };
    let moderator = Actor { id: 4, ..actor(Employee, &[Capability::Moderate], None) };
    let post = PostFacts { container: Container::Space(space(Open)), author: 2, deleted: false, hidden: true };
    let t = Target::Post(&post);
    assert_eq!(authorize(Some(&reader), Read, t), NotFound);
    assert_eq!(authorize(Some(&author), Read, t), Allow, "its author sees it, with the reason");
    assert_eq!(authorize(Some(&author), React, t), Forbidden);
    assert_eq!(authorize(Some(&author), Edit, t), Forbidden);
    assert_eq!(authorize(Some(&owner), Read, t), Allow);
    assert_eq!(authorize(Some(&owner), Moderate, t), Allow);
    assert_eq!(authorize(Some(&moderator), Moderate, t), Allow);
    let live = PostFacts { hidden: false, ..post };
    assert_eq!(authorize(Some(&reader), Report, Target::Post(&live)), Allow);
    assert_eq!(authorize(Some(&author), Report, Target::Post(&live)), Forbidden, "not one's own");
    assert_eq!(authorize(Some(&reader), Moderate, Target::Post(&live)), Forbidden);
}

/// One row about a post: (actor kind, capability, role in its space, visibility — `None` for a
/// profile post, whether the actor wrote it, action) → decision.
type PostRow = (UserKind, Option<Capability>, Option<SpaceRole>, Option<SpaceVisibility>, bool, Action, Decision);

#[rustfmt::skip]
const POST_TABLE: &[PostRow] = &[
    // Open space: every employee reads and reacts; only the author edits.
    (Employee, None, None, Some(Open), false, Read,   Allow),
    (Employee, None, None, Some(Open), false, React,  Allow),
    (Employee, None, None, Some(Open), false, Edit,   Forbidden),
    (Employee, None, None, Some(Open), false, Delete, Forbidden),
    (Employee, None, None, Some(Open), false, Pin,    Forbidden),
    (Employee, None, None, Some(Open), true,  Edit,   Allow),
    (Employee, None, None, Some(Open), true,  Delete, Allow),
    // Closed and secret spaces: a post of a space one may not read does not exist.
    (Employee, None, None, Some(Closed), false, Read,  NotFound),
    (Employee, None, None, Some(Closed), false, React, NotFound),
    (Employee, None, None, Some(Secret), false, Read,  NotFound),
    (Employee, Some(Capability::Admin),    None, Some(Secret), false, Read,   NotFound),
    (Employee, Some(Capability::Moderate), None, Some(Closed), false, Delete, NotFound),
    // Members react; space admins and owners remove and pin; moderators remove where they read.
    (Employee, None, Some(SpaceRole::Member), Some(Secret), false, React,  Allow),
    (Employee, None, Some(SpaceRole::Member), Some(Secret), false, Delete, Forbidden),
    (Employee, None, Some(SpaceRole::Admin),  Some(Secret), false, Delete, Allow),
    (Employee, None, Some(SpaceRole::Owner),  Some(Closed), false, Pin,    Allow),
    (Employee, None, Some(SpaceRole::Member), Some(Closed), false, Pin,    Forbidden),
    (Employee, Some(Capability::Moderate), None, Some(Open), false, Delete, Allow),
    (Employee, Some(Capability::Moderate), None, Some(Open), false, Pin,    Forbidden),
    // Guests: only in their own spaces.
    (Guest, None, Some(SpaceRole::Guest), Some(Closed), false, React, Allow),
    (Guest, None, Some(SpaceRole::Guest), Some(Closed), true,  Edit,  Allow),
    (Guest, None, None, Some(Open),   false, Read, NotFound),
    (Guest, None, None, Some(Closed), false, Read, NotFound),
    // Profile posts: every employee reads and reacts; guests never see them.
    (Employee, None, None, None, false, Read,   Allow),
    (Employee, None, None, None, false, React,  Allow),
    (Employee, None, None, None, false, Delete, Forbidden),
    (Employee, None, None, None, true,  Delete, Allow),
    (Employee, None, None, None, false, Pin,    Forbidden),
    (Employee, Some(Capability::Moderate), None, None, false, Delete, Allow),
    (Guest,    None, None, None, false, Read,   NotFound),
];

#[test]
fn posts_follow_their_container() {
    for &(kind, cap, role, visibility, own, action, expected) in POST_TABLE {
        let a = actor(kind, &cap.into_iter().collect::<Vec<_>>(), role);
        let container = match visibility {
            Some(v) => Container::Space(space(v)),
            None => Container::Profile(2),
        };
        let post = PostFacts { container, author: if own { a.id } else { 2 }, hidden: false, deleted: false };
        assert_eq!(
            authorize(Some(&a), action, Target::Post(&post)),
            expected,
            "{kind:?} {cap:?} {role:?} {visibility:?} own={own} {action:?}"
        );
    }
}

#[test]
fn removed_posts_and_archived_spaces() {
    let member = actor(Employee, &[], Some(SpaceRole::Member));
    let mut post =
        PostFacts { container: Container::Space(space(Open)), author: member.id, deleted: true, hidden: false };
    assert_eq!(authorize(Some(&member), Read, Target::Post(&post)), NotFound, "removed is gone, even for its author");
    post.deleted = false;
    post.container = Container::Space(SpaceFacts { archived: true, ..space(Open) });
    assert_eq!(authorize(Some(&member), Read, Target::Post(&post)), Allow);
    assert_eq!(authorize(Some(&member), React, Target::Post(&post)), Forbidden, "archived spaces are read-only");
    assert_eq!(authorize(Some(&member), Edit, Target::Post(&post)), Forbidden);
    assert_eq!(authorize(None, Read, Target::Post(&post)), NotFound);
}

#[test]
fn announcement_spaces_take_posts_from_their_managers_only() {
    let announcements = SpaceFacts { admins_post: true, ..space(Open) };
    let member = actor(Employee, &[], Some(SpaceRole::Member));
    let admin = actor(Employee, &[], Some(SpaceRole::Admin));
    assert_eq!(authorize(Some(&member), Post, Target::Space(&announcements)), Forbidden);
    assert_eq!(authorize(Some(&admin), Post, Target::Space(&announcements)), Allow);
    assert_eq!(authorize(Some(&member), Post, Target::Space(&space(Open))), Allow);
    let own = PersonFacts { id: member.id, kind: Employee, spaces: BTreeSet::new() };
    let other = PersonFacts { id: 2, ..own.clone() };
    assert_eq!(authorize(Some(&member), Post, Target::Person(&own)), Allow, "on one's own profile");
    assert_eq!(authorize(Some(&member), Post, Target::Person(&other)), Forbidden);
    let guest = Actor { kind: Guest, ..actor(Guest, &[], Some(SpaceRole::Guest)) };
    let guest_self = PersonFacts { id: guest.id, kind: Guest, spaces: [10].into() };
    assert_eq!(authorize(Some(&guest), Post, Target::Person(&guest_self)), Forbidden, "guests have no profile stream");
}

#[test]
fn an_account_is_usable_while_active_and_a_guest_until_their_end_date() {
    use chrono::{Duration, TimeZone, Utc};
    let at = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let standing = |status, kind, until| AccountStanding { status, kind, guest_expires_at: until };
    let employee = standing(UserStatus::Active, Employee, None);
    assert_eq!(employee.usable_at(at), Ok(()));
    assert_eq!(standing(UserStatus::Deactivated, Employee, None).usable_at(at), Err(Unusable::Deactivated));
    let guest = standing(UserStatus::Active, Guest, Some(at + Duration::days(1)));
    assert_eq!((guest.usable_at(at), guest.usable_until()), (Ok(()), Ok(at + Duration::days(1))));
    assert_eq!(guest.usable_at(at + Duration::days(1)), Err(Unusable::GuestExpired), "the end date is the end");
    assert_eq!(standing(UserStatus::Active, Guest, None).usable_at(at), Err(Unusable::GuestExpired));
    let gone = standing(UserStatus::Deactivated, Guest, Some(at + Duration::days(1)));
    assert_eq!(gone.usable_until(), Err(Unusable::Deactivated));
}

fn by(author: UserId, news: &NewsFacts, hidden: bool) -> NewsCommentFacts<'_> {
    NewsCommentFacts { news, author, deleted: false, hidden }
}

fn news(audience: NewsAudience, state: NewsState) -> NewsFacts {
    NewsFacts { audience, state, reactions: true, confirmation: true }
}

fn in_groups(kind: UserKind, caps: &[Capability], groups: &[GroupId]) -> Actor {
    Actor { groups: groups.iter().copied().collect(), ..actor(kind, caps, None) }
}

#[test]
fn news_is_for_its_audience_and_its_editors() {
    let everyone = news(NewsAudience::Everyone, NewsState::Published);
    let group = news(NewsAudience::Groups(vec![5]), NewsState::Published);
    let employee = in_groups(Employee, &[], &[]);
    let in_group = in_groups(Employee, &[], &[5]);
    let guest_in_group = in_groups(Guest, &[], &[5]);
    let guest = in_groups(Guest, &[], &[]);
    let editor = in_groups(Employee, &[Capability::PublishNews], &[]);
    let read = |a: &Actor, n: &NewsFacts| authorize(Some(a), Read, Target::News(n));
    let confirm = |a: &Actor, n: &NewsFacts| authorize(Some(a), Confirm, Target::News(n));
    assert_eq!(read(&employee, &everyone), Allow);
    assert_eq!(read(&guest, &everyone), NotFound, "guests never read news for everyone");
    assert_eq!(read(&guest_in_group, &everyone), NotFound);
    assert_eq!(read(&employee, &group), NotFound, "group news is invisible outside the group");
    assert_eq!(read(&in_group, &group), Allow);
    assert_eq!(read(&guest_in_group, &group), Allow, "guests read news aimed at their group");
    assert_eq!(confirm(&guest_in_group, &group), Allow);
    // The editor reads and manages it, but is not asked to confirm what is not for them.
    assert_eq!(read(&editor, &group), Allow);
    assert_eq!(authorize(Some(&editor), Manage, Target::News(&group)), Allow);
    assert_eq!(confirm(&editor, &group), Forbidden);
    assert_eq!(confirm(&employee, &group), NotFound, "outside the audience, nothing to confirm");
    assert_eq!(authorize(Some(&in_group), Manage, Target::News(&group)), Forbidden);
    // Drafts, scheduled and archived items are the editors' alone.
    for state in [NewsState::Draft, NewsState::Scheduled, NewsState::Archived] {
        let n = news(NewsAudience::Everyone, state);
        assert_eq!(read(&employee, &n), NotFound, "{state:?}");
        assert_eq!(read(&editor, &n), Allow, "{state:?}");
        assert_eq!(confirm(&employee, &n), NotFound, "{state:?}");
    }
    // Ended news stays readable (the archive) and may still be confirmed.
    let ended = news(NewsAudience::Everyone, NewsState::Ended);
    assert_eq!(read(&employee, &ended), Allow);
    assert_eq!(confirm(&employee, &ended), Allow);
    // Without read confirmation there is nothing to confirm; without reactions, no comments.
    let plain = NewsFacts { confirmation: false, reactions: false, ..everyone.clone() };
    assert_eq!(confirm(&employee, &plain), Forbidden);
    assert_eq!(authorize(Some(&employee), React, Target::News(&plain)), Forbidden);
    assert_eq!(authorize(Some(&employee), React, Target::News(&everyone)), Allow);
    // Writing site news takes `publish_news`.
    assert_eq!(authorize(Some(&editor), PublishNews, Target::Site), Allow);
    assert_eq!(authorize(Some(&employee), PublishNews, Target::Site), NotFound);
    assert_eq!(authorize(Some(&guest), PublishNews, Target::Site), NotFound);
}

#[test]
fn space_news_follows_its_space() {
    let closed = space(Closed);
    let n = news(NewsAudience::Space(closed), NewsState::Published);
    let outsider = actor(Employee, &[], None);
    let member = actor(Employee, &[], Some(SpaceRole::Member));
    let admin_of_space = actor(Employee, &[], Some(SpaceRole::Admin));
    let editor = actor(Employee, &[Capability::PublishNews], None);
    assert_eq!(authorize(Some(&outsider), Read, Target::News(&n)), NotFound);
    assert_eq!(authorize(Some(&member), Read, Target::News(&n)), Allow);
    assert_eq!(authorize(Some(&member), Confirm, Target::News(&n)), Allow);
    assert_eq!(authorize(Some(&member), Manage, Target::News(&n)), Forbidden);
    assert_eq!(authorize(Some(&admin_of_space), Manage, Target::News(&n)), Allow);
    assert_eq!(authorize(Some(&editor), Read, Target::News(&n)), NotFound, "site editors do not edit spaces");
    assert!(may_write_space_news(&admin_of_space, &closed));
    assert!(!may_write_space_news(&member, &closed));
    // An open space's news is read by every employee, confirmed by its members.
    let open = news(NewsAudience::Space(space(Open)), NewsState::Published);
    assert_eq!(authorize(Some(&outsider), Read, Target::News(&open)), Allow);
    assert_eq!(authorize(Some(&outsider), Confirm, Target::News(&open)), Forbidden);
}

#[test]
fn comments_on_news_are_reported_by_readers_and_decided_by_editors_and_moderators() {
    let group = news(NewsAudience::Groups(vec![5]), NewsState::Published);
    let on_space = news(NewsAudience::Space(space(Closed)), NewsState::Published);
    let writer = Actor { id: 2, ..in_groups(Employee, &[], &[5]) };
    let reader = in_groups(Employee, &[], &[5]);
    let outsider = in_groups(Employee, &[], &[]);
    let editor = in_groups(Employee, &[Capability::PublishNews], &[]);
    let moderator = in_groups(Employee, &[Capability::Moderate], &[5]);
    let moderator_elsewhere = in_groups(Employee, &[Capability::Moderate], &[]);
    let may = |a: &Actor, action, c: &NewsCommentFacts<'_>| authorize(Some(a), action, Target::NewsComment(c));
    let comment = by(2, &group, false);
    assert_eq!(may(&reader, Report, &comment), Allow);
    assert_eq!(may(&writer, Report, &comment), Forbidden, "not one's own");
    assert_eq!(may(&outsider, Report, &comment), NotFound, "outside the audience the comment is not there");
    assert_eq!(may(&reader, Moderate, &comment), Forbidden);
    assert_eq!(may(&editor, Moderate, &comment), Allow, "the item's editors");
    assert_eq!(may(&moderator, Moderate, &comment), Allow);
    assert_eq!(may(&moderator_elsewhere, Moderate, &comment), NotFound, "moderators judge what they may read");
    // Editors of news have a queue (for comments on it), other employees none.
    assert_eq!(authorize(Some(&editor), Moderate, Target::Site), Allow);
    assert_eq!(authorize(Some(&reader), Moderate, Target::Site), NotFound);
    assert_eq!(may(&moderator, Report, &comment), Allow);
    // A hidden comment is gone for readers, and not reported again by its author.
    let hidden = by(2, &group, true);
    assert_eq!(may(&reader, Report, &hidden), NotFound);
    assert_eq!(may(&writer, Report, &hidden), Forbidden);
    assert_eq!(may(&moderator, Moderate, &hidden), Allow);
    // On space news: the space's managers decide, site editors do not even see it.
    let space_comment = by(2, &on_space, false);
    let member = actor(Employee, &[], Some(SpaceRole::Member));
    let manager = actor(Employee, &[], Some(SpaceRole::Admin));
    assert_eq!(may(&member, Report, &space_comment), Allow);
    assert_eq!(may(&member, Moderate, &space_comment), Forbidden);
    assert_eq!(may(&manager, Moderate, &space_comment), Allow);
    assert_eq!(may(&editor, Moderate, &space_comment), NotFound);
}

#[test]
fn a_news_state_follows_from_status_and_dates() {
    let now = Utc::now();
    let hour = chrono::Duration::hours(1);
    let at = |s, p, e| NewsState::at(s, p, e, now);
    assert_eq!(at(NewsStatus::Draft, Some(now - hour), None), NewsState::Draft);
    assert_eq!(at(NewsStatus::Published, Some(now + hour), None), NewsState::Scheduled);
    assert_eq!(at(NewsStatus::Published, Some(now - hour), None), NewsState::Published);
    assert_eq!(at(NewsStatus::Published, Some(now - hour), Some(now)), NewsState::Ended);
    assert_eq!(at(NewsStatus::Published, Some(now - hour), Some(now + hour)), NewsState::Published);
    assert_eq!(at(NewsStatus::Archived, Some(now - hour), None), NewsState::Archived);
}

fn arb_news() -> impl Strategy<Value = NewsFacts> {
    let audience = prop_oneof![
        Just(NewsAudience::Everyone),
        prop::collection::vec(0..6i64, 1..3).prop_map(NewsAudience::Groups),
        arb_space().prop_map(NewsAudience::Space),
    ];
    let state = prop::sample::select(vec![
        NewsState::Draft,
        NewsState::Scheduled,
        NewsState::Published,
        NewsState::Ended,
        NewsState::Archived,
    ]);
    (audience, state, any::<bool>(), any::<bool>()).prop_map(|(audience, state, reactions, confirmation)| NewsFacts {
        audience,
        state,
        reactions,
        confirmation,
    })
}

proptest! {
    /// The news scope a listing uses agrees exactly with `authorize`, and nothing unreadable
    /// answers anything but "not found"; whoever may confirm may read.
    #[test]
    fn news_scopes_agree_with_authorize(
        actor in arb_actor(),
        groups in prop::collection::btree_set(0..6i64, 0..3),
        items in prop::collection::vec(arb_news(), 1..10),
    ) {
        let actor = Actor { groups, ..actor };
        let scope = visibility(Some(&actor)).news;
        for n in &items {
            let read = authorize(Some(&actor), Read, Target::News(n));
            prop_assert_eq!(scope.contains(n), read == Allow, "read {:?}", n);
            for action in [Confirm, React, Manage, Edit] {
                let d = authorize(Some(&actor), action, Target::News(n));
                if read == NotFound {
                    prop_assert_eq!(d, NotFound, "{:?}", action);
                }
            }
            if actor.kind == Guest && authorize(Some(&actor), Read, Target::News(n)) == Allow {
                prop_assert!(!matches!(n.audience, NewsAudience::Everyone));
            }
        }
    }
}
