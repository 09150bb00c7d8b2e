//! The live dashboard's figures (`/organisation/statistiques/direct`, Server-Sent
//! Events). One hub per process reads an edition's figures again when they change and
//! hands the new ones to every dashboard open on it, however many there are.
//!
//! What tells the hub that figures changed: on PostgreSQL the triggers that keep the
//! totals `NOTIFY` the channel `vismonjob_statistics` (payload: the edition) when their
//! transaction commits, whichever process or command made the change, and every process
//! `LISTEN`s to it; on SQLite (one process) the hub reads the totals' change counter a
//! few times a second while a dashboard is open.

use app::db::{Backend, Db};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// The PostgreSQL channel the statistics triggers notify (migration 0015).
pub const CHANNEL: &str = "vismonjob_statistics";
/// Changes that come together are read together: at most one read per edition per
/// this delay.
const GATHER: Duration = Duration::from_millis(100);
/// How often SQLite's change counter is read while a dashboard is open.
const SQLITE_POLL: Duration = Duration::from_millis(250);

/// The latest figures of an edition, as the JSON the browser reads.
pub type Figures = Option<Arc<str>>;

#[derive(Clone)]
pub struct LiveStatistics {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    /// The editions someone is watching, with their latest figures.
    watched: Mutex<HashMap<i64, watch::Sender<Figures>>>,
    /// The editions whose figures must be read again.
    stale: Mutex<HashSet<i64>>,
    wake: Notify,
    closed: watch::Sender<bool>,
}

impl LiveStatistics {
    /// Starts the hub's background work; `database_url` is the one `db` was opened with
    /// (the PostgreSQL listener needs a connection of its own).
    pub fn start(db: Db, database_url: &str) -> LiveStatistics {
        let (closed, _) = watch::channel(false);
        let live = LiveStatistics {
            inner: Arc::new(Inner {
                db: db.clone(),
                watched: Mutex::default(),
                stale: Mutex::default(),
                wake: Notify::new(),
                closed,
            }),
        };
        tokio::spawn(live.clone().refresh_forever());
        match db.backend() {
            Backend::Postgres => {
                tokio::spawn(live.clone().listen_forever(database_url.to_string()));
            }
            Backend::Sqlite => {
                tokio::spawn(live.clone().poll_forever());
            }
        }
        live
    }

    /// The figures of `edition_id` from now on: the current ones first (read at once
    /// when nobody was watching the edition yet), then each change.
    pub fn watch(&self, edition_id: i64) -> watch::Receiver<Figures> {
        let receiver = {
            let mut watched = self.inner.watched.lock().unwrap_or_else(|e| e.into_inner());
            match watched.get(&edition_id) {
                Some(sender) => return sender.subscribe(),
                None => {
                    let (sender, receiver) = watch::channel(None);
                    watched.insert(edition_id, sender);
                    receiver
                }
            }
        };
        self.mark_stale([edition_id]);
        receiver
    }

    /// Resolves when the server stops: every stream then ends, so that the server's
    /// graceful shutdown does not wait for dashboards to be closed.
    pub fn closed(&self) -> watch::Receiver<bool> {
        self.inner.closed.subscribe()
    }

    pub fn close(&self) {
        self.inner.closed.send_replace(true);
    }

    fn mark_stale(&self, editions: impl IntoIterator<Item = i64>) {
        self.inner
            .stale
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(editions);
        self.inner.wake.notify_one();
    }

    fn watched_editions(&self) -> Vec<i64> {
        let mut watched = self.inner.watched.lock().unwrap_or_else(|e| e.into_inner());
        watched.retain(|_, sender| sender.receiver_count() > 0);
        watched.keys().copied().collect()
    }

    async fn refresh_forever(self) {
        let mut closed = self.closed();
        loop {
            tokio::select! {
                _ = self.inner.wake.notified() => {}
                _ = closed.wait_for(|c| *c) => return,
            }
            tokio::time::sleep(GATHER).await;
            let stale: Vec<i64> =
                std::mem::take(&mut *self.inner.stale.lock().unwrap_or_else(|e| e.into_inner()))
                    .into_iter()
                    .collect();
            let watched = self.watched_editions();
            for edition_id in stale.into_iter().filter(|id| watched.contains(id)) {
                self.refresh(edition_id).await;
            }
        }
    }

    async fn refresh(&self, edition_id: i64) {
        let figures =
            match app::db::statistics::edition_statistics(&self.inner.db, edition_id).await {
                Ok(Some(statistics)) => match serde_json::to_string(&statistics) {
                    Ok(json) => Arc::<str>::from(json),
                    Err(error) => return tracing::error!(%error, "statistics"),
                },
                Ok(None) => return,
                Err(error) => {
                    // Read again at the next change (or the next poll).
                    return tracing::warn!(%error, edition_id, "live statistics not read");
                }
            };
        if let Some(sender) = self
            .inner
            .watched
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&edition_id)
        {
            sender.send_replace(Some(figures));
        }
    }

    /// PostgreSQL: every notification marks its edition stale. After the listener's
    /// connection was lost (notifications may have been missed) every watched edition is.
    async fn listen_forever(self, database_url: String) {
        use sqlx::postgres::PgListener;
        let mut closed = self.closed();
        loop {
            let mut listener = match PgListener::connect(&database_url).await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "live statistics: no listener connection");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(2)) => continue,
                        _ = closed.wait_for(|c| *c) => return,
                    }
                }
            };
            if let Err(error) = listener.listen(CHANNEL).await {
                tracing::warn!(%error, "live statistics: LISTEN");
                continue;
            }
            self.mark_stale(self.watched_editions());
            loop {
                let received = tokio::select! {
                    received = listener.try_recv() => received,
                    _ = closed.wait_for(|c| *c) => return,
                };
                match received {
                    Ok(Some(notification)) => {
                        if let Ok(edition_id) = notification.payload().parse::<i64>() {
                            self.mark_stale([edition_id]);
                        }
                    }
                    // The connection was lost: try_recv reconnects at the next call.
                    Ok(None) => self.mark_stale(self.watched_editions()),
                    Err(error) => {
                        tracing::warn!(%error, "live statistics: listener");
                        break;
                    }
                }
            }
        }
    }

    /// SQLite: the change counter of each watched edition, read a few times a second.
    async fn poll_forever(self) {
        let mut seen: HashMap<i64, i64> = HashMap::new();
        let mut closed = self.closed();
        loop {
            tokio::select! {
                _ = tokio::time::sleep(SQLITE_POLL) => {}
                _ = closed.wait_for(|c| *c) => return,
            }
            let watched = self.watched_editions();
            seen.retain(|id, _| watched.contains(id));
            for edition_id in watched {
                match app::db::statistics::change_count(&self.inner.db, edition_id).await {
                    Ok(count) => {
                        // A newly watched edition is read again too: it may have changed
                        // between its first reading and this first look at its counter.
                        if seen.insert(edition_id, count) != Some(count) {
                            self.mark_stale([edition_id]);
                        }
                    }
                    Err(error) => tracing::warn!(%error, "live statistics: change counter"),
                }
            }
        }
    }
}
