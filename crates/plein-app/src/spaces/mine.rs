//! The reader's own spaces ("Mijn teams", the composer's place picker): their memberships with
//! the spaces' cards, which the start page takes from what the node keeps while the mark stands.

use std::collections::HashMap;
use std::sync::RwLock;

use plein_core::policy::{Action, Actor, SpaceFacts, Target, authorize};
use plein_store::news::NewsMark;
use plein_store::stream::{Membership, MySpaceRow, SpaceCard};

use super::Spaces;
use crate::App;
use crate::error::Result;

/// A space the reader belongs to, as the home page and the composer's place picker list them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MySpace {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its colour.
    pub colour: String,
    /// Whether the reader may post in it.
    pub may_post: bool,
    /// How many live posts the reader wrote in it.
    pub posts: i64,
}

impl Spaces<'_> {
    /// The reader's spaces that are not archived: where they post most first, then by name.
    pub async fn list_my_spaces(&self, actor: &Actor) -> Result<Vec<MySpace>> {
        if actor.memberships.is_empty() {
            return Ok(Vec::new());
        }
        Ok(my_spaces(actor, self.store.my_spaces(actor.id).await?))
    }
}

/// The spaces' cards this node keeps for start pages, all read at one mark: a card is current
/// while the mark stands (every write that changes a card, or adds a space, raises it).
#[derive(Debug, Default)]
pub(crate) struct SpaceCardCache(RwLock<KeptCards>);

#[derive(Debug, Default)]
struct KeptCards {
    mark: NewsMark,
    cards: HashMap<i64, SpaceCard>,
}

impl App {
    /// The reader's spaces for their start page, from their `memberships` as read at `mark`: the
    /// cards the node keeps at that mark, the others read (and kept) in one query. The start
    /// page's statement then reads no space, one join fewer on every visit.
    pub(crate) async fn my_home_spaces(
        &self,
        actor: &Actor,
        mark: NewsMark,
        memberships: Vec<Membership>,
    ) -> Result<Vec<MySpace>> {
        let mut rows = Vec::with_capacity(memberships.len());
        let mut missing = Vec::new();
        match self.space_cards.0.read() {
            Ok(kept) if kept.mark == mark => {
                for m in &memberships {
                    match kept.cards.get(&m.id) {
                        Some(card) => rows.push(MySpaceRow { space: card.clone(), posts: m.posts }),
                        None => missing.push(m.id),
                    }
                }
            }
            _ => missing.extend(memberships.iter().map(|m| m.id)),
        }
        if !missing.is_empty() {
            let fresh = self.store.space_cards(&missing).await?;
            if let Ok(mut kept) = self.space_cards.0.write() {
                if fresh.mark > kept.mark {
                    *kept = KeptCards { mark: fresh.mark, cards: HashMap::new() };
                }
                if fresh.mark == kept.mark {
                    kept.cards.extend(fresh.cards.iter().map(|c| (c.id, c.clone())));
                }
            }
            let posts: HashMap<i64, i64> = memberships.iter().map(|m| (m.id, m.posts)).collect();
            rows.extend(
                fresh
                    .cards
                    .into_iter()
                    .filter_map(|card| posts.get(&card.id).map(|&posts| MySpaceRow { space: card, posts })),
            );
        }
        Ok(my_spaces(actor, rows))
    }
}

/// The reader's spaces among `rows` that they may read and are not archived (the policy's view of
/// their memberships decides, not the rows): where they post most first, then by name.
fn my_spaces(actor: &Actor, rows: Vec<MySpaceRow>) -> Vec<MySpace> {
    let mut mine: Vec<MySpace> = rows
        .into_iter()
        .filter(|s| !s.space.archived && actor.memberships.contains_key(&s.space.id))
        .filter_map(|MySpaceRow { space: s, posts }| {
            let f = SpaceFacts {
                id: s.id,
                visibility: s.visibility,
                archived: s.archived,
                allows_guests: s.allows_guests,
                admins_post: s.admins_post,
            };
            authorize(Some(actor), Action::Read, Target::Space(&f)).allowed().then(|| MySpace {
                may_post: authorize(Some(actor), Action::Post, Target::Space(&f)).allowed(),
                posts,
                id: s.id,
                name: s.name,
                colour: s.colour,
            })
        })
        .collect();
    mine.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    mine
}
