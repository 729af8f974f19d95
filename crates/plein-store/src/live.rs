//! Live events between the app nodes that share one PostgreSQL database: `NOTIFY` on a channel
//! named after the schema (nodes of other schemas on the same server hear nothing of it), and a
//! listener per node. On SQLite there is one node, and nothing to relay.

use sea_orm::DbErr;
use sea_orm::sqlx::postgres::PgListener;

use crate::{Result, Store, StoreError};

/// The longest payload PostgreSQL carries in one notification is 8,000 bytes; callers keep under this.
pub const MAX_PAYLOAD: usize = 7_000;

impl Store {
    /// The channel live events of this database travel on, or `None` on SQLite.
    pub async fn live_channel(&self) -> Result<Option<String>> {
        if !self.backend().relays_events() {
            return Ok(None);
        }
        let schema = self.text("SELECT current_schema()::text", Vec::new()).await?.unwrap_or_default();
        // A channel is an identifier: at most 63 bytes.
        Ok(Some(format!("plein_live_{schema}").chars().take(63).collect()))
    }

    /// Tells every node listening on `channel`.
    pub async fn announce(&self, channel: &str, payload: &str) -> Result<()> {
        self.run("SELECT pg_notify($1, $2)", vec![channel.into(), payload.into()]).await?;
        Ok(())
    }

    /// Starts listening on `channel`, on a connection of its own.
    pub async fn listen(&self, channel: &str) -> Result<LiveListener> {
        let pool = self.conn().get_postgres_connection_pool();
        let mut listener = PgListener::connect_with(pool).await.map_err(listen_error)?;
        listener.listen(channel).await.map_err(listen_error)?;
        Ok(LiveListener(listener))
    }
}

/// What one node hears of the others.
#[derive(Debug)]
pub struct LiveListener(PgListener);

impl LiveListener {
    /// The next payload, or `None` once the store is closing (the listener must then be dropped:
    /// it holds a connection the pool waits for). A lost connection is made again; what was said
    /// meanwhile is lost (live events are a convenience, and pages show everything on reload).
    pub async fn next(&mut self) -> Result<Option<String>> {
        match self.0.recv().await {
            Ok(notification) => Ok(Some(notification.payload().to_owned())),
            Err(sea_orm::sqlx::Error::PoolClosed) => Ok(None),
            Err(e) => Err(listen_error(e)),
        }
    }
}

fn listen_error(e: sea_orm::sqlx::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("live events: {e}")))
}
