//! Live events on every node. Listeners of this node hear an event at once; on PostgreSQL, where
//! several nodes may serve one organisation, it is also announced to the others, which hear it
//! through their relay and pass it to their own listeners. Each listener still puts every event
//! through the policy ([`Notifications::compose_live_message`](crate::notifications::Notifications::compose_live_message)). Sessions ended by any process on the database (the
//! command line too) are heard by every node from the record the store keeps of them.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use plein_store::live::MAX_PAYLOAD;
use serde::{Deserialize, Serialize};

use crate::App;
use crate::error::Result;
use crate::notifications::LiveEvent;

/// This node's place on the channel its database's nodes share.
#[derive(Debug)]
pub(crate) struct Relay {
    channel: String,
    /// Tells this node's own announcements apart (it heard them already).
    node: String,
}

/// An announcement as it travels: people whose unread count changed, and a post that appeared.
#[derive(Debug, Default, Deserialize, Serialize)]
struct Announcement {
    node: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unread: Vec<i64>,
    /// (post, author)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    post: Option<(i64, i64)>,
    /// People whose sessions ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    ended: Vec<i64>,
}

/// How long the relay waits before listening again after losing its connection, and the
/// follower of ended sessions before reading again after a failed read.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// How often each node reads the record of ended sessions for what other processes ended.
const WATCH_EVERY: Duration = Duration::from_millis(500);

/// How long a record of an ended session may appear after records with higher ids: on
/// PostgreSQL an id is handed out when the row is written, not when its transaction commits.
const LATE_BY: Duration = Duration::from_secs(10);

/// Unread counts per announcement, so one stays under PostgreSQL's payload limit.
const UNREAD_PER_ANNOUNCEMENT: usize = MAX_PAYLOAD / 24;

impl App {
    /// The same application, hearing what other processes and nodes on its database do, for
    /// its live listeners: sessions they end (on both databases, read from the store's record
    /// every half second), and on PostgreSQL the events other nodes announce, to which it relays
    /// its own. Call it once for a node that serves (a command-line process needs none of it).
    /// Both stop when the store closes.
    pub async fn relay_live(mut self) -> Result<App> {
        self.follow_session_ends().await?;
        let Some(channel) = self.store.live_channel().await? else {
            return Ok(self);
        };
        let mut listener = self.store.listen(&channel).await?;
        let node = uuid::Uuid::new_v4().simple().to_string();
        self.relay = Some(Arc::new(Relay { channel, node: node.clone() }));
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                let payload = match listener.next().await {
                    Ok(Some(payload)) => payload,
                    // The store is closing: let go of the connection it waits for.
                    Ok(None) => return,
                    Err(e) => {
                        // The listener connects again on the next call; meanwhile pages still show everything on reload.
                        tracing::warn!(error = %e, "live events from other nodes interrupted; trying again shortly");
                        tokio::time::sleep(RETRY_AFTER).await;
                        continue;
                    }
                };
                match serde_json::from_str::<Announcement>(&payload) {
                    Ok(heard) if heard.node != node => app.pass_on(heard).await,
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable live event from another node"),
                }
            }
        });
        Ok(self)
    }

    /// Tells this node's listeners, and the other nodes, that these people's unread counts
    /// changed and (with its id, facts and author) that a post appeared.
    pub(crate) fn emit(&self, unread: Vec<i64>, posted: Option<LiveEvent>) {
        let post = match &posted {
            Some(LiveEvent::Posted { id, author, .. }) => Some((*id, *author)),
            _ => None,
        };
        for &user in &unread {
            // Nobody listening is no error.
            let _ = self.live.send(LiveEvent::Unread(user));
        }
        if let Some(event) = posted {
            let _ = self.live.send(event);
        }
        let Some(relay) = self.relay.clone() else { return };
        let node = || relay.node.clone();
        let mut announcements: Vec<Announcement> = unread
            .chunks(UNREAD_PER_ANNOUNCEMENT)
            .map(|users| Announcement { node: node(), unread: users.to_vec(), ..Default::default() })
            .collect();
        if let Some(first) = announcements.first_mut() {
            first.post = post;
        } else if post.is_some() {
            announcements.push(Announcement { node: node(), post, ..Default::default() });
        }
        self.announce(announcements);
    }

    /// Tells this node's listeners at once, and the other nodes, that `count` sessions of
    /// `user` ended (when none did, there is nothing to tell). Call it after the transaction
    /// that ended them commits. Nodes that miss the announcement, and every node when another
    /// process ended them, hear it from the store's record within [`WATCH_EVERY`].
    pub(crate) fn sessions_ended(&self, user: i64, count: u64) {
        if count == 0 {
            return;
        }
        let _ = self.live.send(LiveEvent::SessionsEnded(user));
        if let Some(relay) = &self.relay {
            self.announce(vec![Announcement { node: relay.node.clone(), ended: vec![user], ..Default::default() }]);
        }
    }

    /// Sends announcements to the other nodes, in the background.
    fn announce(&self, announcements: Vec<Announcement>) {
        let Some(relay) = self.relay.clone() else { return };
        if announcements.is_empty() {
            return;
        }
        let store = self.store.clone();
        tokio::spawn(async move {
            for a in announcements {
                let Ok(payload) = serde_json::to_string(&a) else { continue };
                if let Err(e) = store.announce(&relay.channel, &payload).await {
                    tracing::warn!(error = %e, "could not announce a live event to other nodes");
                }
            }
        });
    }

    /// Follows the store's record of ended sessions from its present end, telling this node's
    /// listeners of each, until the store closes. Records this node wrote are heard again: a
    /// listener checks its own session once more, which is harmless.
    async fn follow_session_ends(&self) -> Result<()> {
        let mut heard = Heard::from(self.store.last_session_end().await?);
        let app = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(WATCH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if app.store.is_closed() {
                    return;
                }
                match app.store.session_ends_after(heard.floor).await {
                    Ok(rows) => {
                        for user in heard.take(rows.iter().map(|r| (r.id, r.user_id)), Instant::now()) {
                            let _ = app.live.send(LiveEvent::SessionsEnded(user));
                        }
                    }
                    Err(_) if app.store.is_closed() => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "reading ended sessions failed; trying again shortly");
                        tokio::time::sleep(RETRY_AFTER).await;
                    }
                }
            }
        });
        Ok(())
    }

    /// Passes what another node announced to this node's listeners. A post's facts are read
    /// here, fresh, so the policy judges it as it stands now.
    async fn pass_on(&self, heard: Announcement) {
        for user in heard.unread {
            let _ = self.live.send(LiveEvent::Unread(user));
        }
        for user in heard.ended {
            let _ = self.live.send(LiveEvent::SessionsEnded(user));
        }
        if let Some((id, author)) = heard.post {
            match self.post_facts_by_id(id).await {
                Ok(Some(facts)) => {
                    let _ = self.live.send(LiveEvent::Posted { id, facts, author });
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, post = id, "could not read a post announced by another node"),
            }
        }
    }
}

/// Which records of ended sessions a node has heard: every id up to `floor`, and those in
/// `above` over it. Records may appear out of id order (see [`LATE_BY`]), so the floor moves up
/// only to what was the highest id heard `LATE_BY` ago.
#[derive(Debug)]
struct Heard {
    floor: i64,
    above: BTreeSet<i64>,
    /// The highest id heard at each read within the last `LATE_BY`, oldest first.
    marks: VecDeque<(Instant, i64)>,
}

impl From<i64> for Heard {
    fn from(floor: i64) -> Self {
        Heard { floor, above: BTreeSet::new(), marks: VecDeque::new() }
    }
}

impl Heard {
    /// The people of the records (id, user) not heard before, each once, in order of id.
    fn take(&mut self, records: impl IntoIterator<Item = (i64, i64)>, now: Instant) -> Vec<i64> {
        let mut new: Vec<(i64, i64)> =
            records.into_iter().filter(|&(id, _)| id > self.floor && self.above.insert(id)).collect();
        new.sort_unstable();
        let mut told = BTreeSet::new();
        let people = new.into_iter().filter_map(|(_, user)| told.insert(user).then_some(user)).collect();
        let top = self.above.last().copied().unwrap_or(self.floor);
        self.marks.push_back((now, top));
        while let Some(&(at, mark)) = self.marks.front() {
            if now.duration_since(at) < LATE_BY {
                break;
            }
            self.floor = self.floor.max(mark);
            self.marks.pop_front();
        }
        self.above = self.above.split_off(&(self.floor + 1));
        people
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ended_sessions_are_heard_once_even_when_they_appear_late() {
        let start = Instant::now();
        let at = |seconds: u64| start + Duration::from_secs(seconds);
        let mut heard = Heard::from(10);
        assert_eq!(heard.take([(11, 1), (13, 3), (13, 3), (9, 9)], at(0)), vec![1, 3], "older records are not news");
        assert_eq!(heard.take([(11, 1), (13, 3)], at(1)), Vec::<i64>::new(), "each record is heard once");
        // Record 12 was written before 13 but committed after it was read.
        assert_eq!(heard.take([(11, 1), (12, 2), (13, 3), (14, 3), (15, 3)], at(2)), vec![2, 3]);
        assert_eq!(heard.floor, 10, "not moved while a record may still appear late");
        heard.take([], at(11));
        assert_eq!(heard.floor, 13, "what was the highest id heard LATE_BY ago");
        assert_eq!(heard.above, BTreeSet::from([14, 15]));
        heard.take([(14, 3), (15, 3)], at(13));
        assert_eq!((heard.floor, heard.above.len()), (15, 0), "memory stays small");
        assert_eq!(heard.take([(16, 4)], at(14)), vec![4]);
    }
}
