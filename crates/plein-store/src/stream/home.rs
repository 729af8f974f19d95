//! The start page's one query (a page of the home stream, the reader's memberships, the mark and
//! their confirmations of news), and the spaces' cards a node keeps for it at a mark.

use super::feed::{Page, STREAM_VALUES, items_query, kept_sql, stream_ids_sql};
use super::*;
use crate::news::{HomeNewsReading, NewsMark};

/// What the home page reads in one query.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct HomeRows {
    /// A page of the home stream, newest first.
    #[serde(default, deserialize_with = "crate::null_as_empty")]
    pub items: Vec<StreamItem>,
    /// The viewer's memberships: their spaces' cards are kept per node ([`Store::space_cards`]).
    #[serde(default, deserialize_with = "crate::null_as_empty")]
    pub memberships: Vec<Membership>,
    /// The mark, which stands as long as no news card and no space card changed, and the
    /// viewer's confirmations of the news asked about.
    pub news: HomeNewsReading,
}

/// One of someone's memberships as the start page reads it: the space and how many live posts
/// they wrote in it (kept on the membership, migration 0016), which orders "Mijn teams".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Membership {
    /// The space.
    pub id: i64,
    /// Their live posts in it.
    pub posts: i64,
}

/// What the start page and the composer show of a space, with what the policy needs of it: the
/// same for every reader, so a node keeps them at the mark they were read at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct SpaceCard {
    /// The space.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its colour.
    pub colour: String,
    /// Open, closed or secret.
    #[serde(deserialize_with = "crate::stored::de")]
    pub visibility: SpaceVisibility,
    /// Archived.
    #[serde(deserialize_with = "flag")]
    pub archived: bool,
    /// Whether owners may invite guests.
    #[serde(deserialize_with = "flag")]
    pub allows_guests: bool,
    /// Whether only owners and admins post.
    #[serde(deserialize_with = "flag")]
    pub admins_post: bool,
}

/// Spaces' cards as read at a mark (see [`Store::space_cards`]).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SpaceCards {
    /// The mark they were read at.
    pub mark: NewsMark,
    /// The cards.
    #[serde(default, deserialize_with = "crate::null_as_empty")]
    pub cards: Vec<SpaceCard>,
}

/// One of someone's spaces, as the composer and the spaces' pages list them.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct MySpaceRow {
    /// The space.
    #[serde(flatten)]
    pub space: SpaceCard,
    /// Their live posts in it.
    pub posts: i64,
}

/// The JSON fields of a [`SpaceCard`], from a space `s`.
const CARD_FIELDS: &str = "'id', s.id, 'name', s.name, 'colour', s.colour, 'visibility', s.visibility, \
     'archived', s.archived_at IS NOT NULL, 'allows_guests', s.allows_guests, 'admins_post', s.admins_post";

/// The JSON fields of a [`Membership`] and where they come from: the memberships of the user in
/// parameter `$viewer` (one slice of the `user_id` index; no join with `spaces`, whose cards
/// the node keeps: the join was a twentieth of the start page's statement on PostgreSQL).
fn memberships(viewer: usize) -> (&'static str, String) {
    ("'id', m.space_id, 'posts', m.post_count", format!("FROM space_members m WHERE m.user_id = ${viewer}"))
}

impl<C: ConnectionTrait + TransactionTrait> Store<C> {
    /// The home page's reads in one query, one round trip: a page of the stream as in
    /// [`Store::stream`], the viewer's memberships, the mark, and the viewer's confirmations of
    /// the news items `confirmable` as in [`Store::home_news_reading`].
    pub async fn home(
        &self,
        viewer: i64,
        sources: &StreamSources,
        before: Option<i64>,
        limit: u64,
        confirmable: &[i64],
    ) -> Result<HomeRows> {
        let backend = self.backend();
        // The reader's confirmations are read between the smallest and largest id asked.
        let range = crate::news::id_range(confirmable);
        let build = |stream: Option<(&str, &str)>, viewer: usize, range: Option<usize>| {
            let (membership_fields, membership_from) = memberships(viewer);
            let news = backend.object(&crate::news::home_news_fields(backend, viewer, range));
            let mut parts = Vec::with_capacity(3);
            if let Some((fields, from)) = stream {
                parts.push(("items", fields, Some(from)));
            }
            parts.push(("memberships", membership_fields, Some(membership_from.as_str())));
            parts.push(("news", &news, None));
            format!("SELECT {}", backend.object_text(&parts))
        };
        let (sql, mut values) = match self.stream_shape(viewer, sources, before, limit) {
            Some((shape, values)) => {
                let sql = kept_sql(Page::Home(shape, range.is_some()), || {
                    let (fields, from) = items_query(backend, &stream_ids_sql(shape), 5, false);
                    build(Some((&fields, &from)), 5, range.is_some().then_some(STREAM_VALUES + 1))
                });
                (sql, values)
            }
            // Nothing to read a stream from (rare: a guest without spaces).
            None => (build(None, 1, range.is_some().then_some(2)).into(), vec![viewer.into()]),
        };
        values.extend(range.into_iter().flatten());
        let text = self.text(&sql, values).await?.unwrap_or_default();
        let mut home: HomeRows = crate::from_json(&text, "home page")?;
        home.items.sort_by_key(|item| std::cmp::Reverse(item.id));
        home.news.confirmed.retain(|c| confirmable.contains(&c.news_id));
        Ok(home)
    }

    /// The cards of the spaces `ids`, with the mark they were read at (in the same statement):
    /// a node keeps them while the mark stands, since every write that changes a card or adds a
    /// space raises it (migrations 0021 and 0023).
    pub async fn space_cards(&self, ids: &[i64]) -> Result<SpaceCards> {
        let backend = self.backend();
        let cards =
            backend.nested_json_rows(CARD_FIELDS, &format!("FROM spaces s WHERE s.id IN ({})", backend.id_rows(1)));
        let sql = format!(
            "SELECT {}",
            backend.as_text(
                &backend.object(&format!("'mark', (SELECT mark FROM news_mark WHERE id = 1), 'cards', {cards}"))
            )
        );
        let text = self.text(&sql, vec![json_ids(ids).into()]).await?.unwrap_or_default();
        crate::from_json(&text, "space cards")
    }

    /// The spaces `user` belongs to, each with how many live posts they wrote in it: one query
    /// (read on the calling thread on SQLite); the counts are kept on the memberships (migration 0016).
    pub async fn my_spaces(&self, user: i64) -> Result<Vec<MySpaceRow>> {
        let from = "FROM space_members m JOIN spaces s ON s.id = m.space_id WHERE m.user_id = $1";
        self.json_rows(&format!("{CARD_FIELDS}, 'posts', m.post_count"), from, vec![user.into()]).await
    }
}
