//! The Vis mon job server: configuration, HTTP routes and the command line.

#![recursion_limit = "256"]

pub mod config;
pub mod exports;
pub mod live;
pub mod outbox;
pub mod routes;
pub mod scheduler;

pub use config::Config;
pub use routes::build_router;

use app::db::Db;
use std::time::Duration;

/// Serves the site on `listener` until `shutdown` resolves, with its background work:
/// e-mail delivery and the removal of expired sessions and attempt counters.
pub async fn serve(
    db: Db,
    config: &Config,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let mailer = outbox::Mailer::new(
        config.smtp_url.as_deref(),
        config.outbox_dir.clone(),
        &config.mail_from,
    )?;
    tracing::info!("courriels : {}", mailer.describe());
    // Runs a stopped server was computing will never finish: say so (runs other servers
    // are computing go on). The server starts even when the database is not reachable
    // yet (the health check then reports it).
    use app::db::pairing::{interrupt_abandoned_runs, RUN_ABANDONED_AFTER};
    match interrupt_abandoned_runs(&db, RUN_ABANDONED_AFTER).await {
        Ok(0) => {}
        Ok(interrupted) => {
            tracing::warn!(
                interrupted,
                "calculs de binômes interrompus par l'arrêt du serveur"
            )
        }
        Err(error) => tracing::warn!(%error, "calculs interrompus non vérifiés"),
    }
    let worker = outbox::spawn_worker(db.clone(), mailer, Duration::from_secs(2));
    let calendar = scheduler::spawn(db.clone(), config.public_url.clone());
    let sessions = tokio::spawn(remove_expired(db.clone(), config.rate_limit_window));
    let purge = tokio::spawn(purge_daily(db.clone()));
    let live = live::LiveStatistics::start(db.clone(), &config.database_url);
    let router = build_router(db, config, live.clone());
    let shutdown = async move {
        shutdown.await;
        live.close();
    };
    let served = axum::serve(
        without_nagle(listener),
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| e.to_string());
    worker.abort();
    calendar.abort();
    sessions.abort();
    purge.abort();
    served
}

/// Every ten minutes, deletes the sessions past their expiry and the attempt counters no
/// limit reads any more: neither table grows without bound.
async fn remove_expired(db: Db, rate_limit_window: Duration) {
    use tower_sessions::ExpiredDeletion;
    let store = app::db::sessions::DbSessionStore::new(db.clone());
    let window_ms = i64::try_from(rate_limit_window.as_millis()).unwrap_or(i64::MAX);
    loop {
        if let Err(error) = store.delete_expired().await {
            tracing::error!(%error, "expired sessions");
        }
        if let Err(error) = app::db::rate_limits::purge(&db, window_ms, app::db::now_ms()).await {
            tracing::error!(%error, "old attempt counters");
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}

/// The finished editions whose personal data is past their retention delay: anonymised
/// (`dry_run`: only counted), with their figures.
pub async fn purge_personal_data(
    db: &Db,
    dry_run: bool,
) -> Result<Vec<app::db::erasure::EditionPurge>, String> {
    let today = app::domain::date::Date::paris_from_unix_ms(app::db::now_ms());
    app::db::erasure::purge(db, today, dry_run)
        .await
        .map_err(|error| error.to_string())
}

/// Once a day (the first time a minute after start-up), the purge of personal data past
/// its delay: what `vismonjob purge` does by hand.
async fn purge_daily(db: Db) {
    tokio::time::sleep(Duration::from_secs(60)).await;
    loop {
        match purge_personal_data(&db, false).await {
            Ok(purged) => {
                for edition in purged {
                    tracing::info!(
                        edition = edition.edition_id,
                        anonymised = edition.accounts_anonymised,
                        kept = edition.accounts_kept,
                        texts = edition.texts_emptied,
                        "personal data of a finished edition anonymised"
                    );
                }
            }
            Err(error) => tracing::error!(%error, "personal data purge"),
        }
        tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
    }
}

/// The listener with Nagle's algorithm off on every connection. Responses whose head and
/// body leave in separate writes (files, streamed pages) would otherwise wait for the
/// client's delayed acknowledgement, about 40 ms each.
pub fn without_nagle(
    listener: tokio::net::TcpListener,
) -> axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)> {
    use axum::serve::ListenerExt;
    listener.tap_io(set_nodelay as fn(&mut tokio::net::TcpStream))
}

fn set_nodelay(tcp: &mut tokio::net::TcpStream) {
    if let Err(error) = tcp.set_nodelay(true) {
        tracing::warn!(%error, "TCP_NODELAY");
    }
}
