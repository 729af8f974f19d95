//! Live events on every node. Listeners of this node hear an event at once; on PostgreSQL, where
//! several nodes may serve one organisation, it is also announced to the others, which hear it
//! through their relay and pass it to their own listeners. Each listener still puts every event
//! through the policy ([`App::live_message`]).

use std::sync::Arc;

use plein_store::live::MAX_PAYLOAD;
use serde::{Deserialize, Serialize};

use crate::notifications::LiveEvent;
use crate::{App, ServiceError};

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
}

/// How long the relay waits before listening again after losing its connection.
const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Unread counts per announcement, so one stays under PostgreSQL's payload limit.
const UNREAD_PER_ANNOUNCEMENT: usize = MAX_PAYLOAD / 24;

impl App {
    /// The same application, relaying live events to and from the other nodes on its database
    /// (PostgreSQL); on SQLite, unchanged. The relay listens until the store closes.
    pub async fn relay_live(mut self) -> Result<App, ServiceError> {
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
        let mut announcements: Vec<Announcement> = unread
            .chunks(UNREAD_PER_ANNOUNCEMENT)
            .map(|users| Announcement { node: relay.node.clone(), unread: users.to_vec(), post: None })
            .collect();
        if let Some(first) = announcements.first_mut() {
            first.post = post;
        } else if post.is_some() {
            announcements.push(Announcement { node: relay.node.clone(), unread: Vec::new(), post });
        } else {
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

    /// Passes what another node announced to this node's listeners. A post's facts are read
    /// here, fresh, so the policy judges it as it stands now.
    async fn pass_on(&self, heard: Announcement) {
        for user in heard.unread {
            let _ = self.live.send(LiveEvent::Unread(user));
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
