//! Pairing runs executed in the background: a national edition can take tens of
//! seconds, so the request that starts a run only waits a moment for it, and the
//! organiser's page follows its progress until the result is kept. Each run takes a
//! core: a process computes a bounded number at once (one per edition across servers,
//! see [`pairing::start_run`]).

use crate::db::{pairing, Db};
use crate::matching::{Algorithm, Instance, Observer, Progress};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The runs this server is computing, with their latest progress.
#[derive(Clone, Debug)]
pub struct PairingJobs {
    progress: Arc<Mutex<HashMap<i64, Progress>>>,
    /// One permit per run this process may compute at once.
    places: Arc<Semaphore>,
    /// How long the request that starts a run waits for it (small editions finish
    /// within it, so the organiser sees the result at once, even without JavaScript).
    pub wait: Duration,
}

impl PairingJobs {
    pub fn new(wait: Duration, runs_at_once: usize) -> Self {
        PairingJobs {
            progress: Arc::default(),
            places: Arc::new(Semaphore::new(runs_at_once)),
            wait,
        }
    }

    /// A place for one more run, or `None` when this process computes as many as it may.
    pub fn reserve(&self) -> Option<OwnedSemaphorePermit> {
        self.places.clone().try_acquire_owned().ok()
    }

    /// The latest progress of a run computed by this server (fresher than the one
    /// recorded in the database).
    pub fn progress(&self, run_id: i64) -> Option<Progress> {
        self.progress.lock().ok()?.get(&run_id).cloned()
    }

    /// Computes the run off the async threads in the `place` it reserved, recording its
    /// progress with [`pairing::record_progress`], and keeps its outcome with
    /// [`pairing::finish_run`]; the handle resolves once it is kept.
    pub fn start(
        &self,
        place: OwnedSemaphorePermit,
        db: Db,
        run_id: i64,
        instance: Instance,
        algorithm: Algorithm,
    ) -> tokio::task::JoinHandle<()> {
        let jobs = self.clone();
        tokio::spawn(async move {
            let shared = jobs.progress.clone();
            let mut computing = tokio::task::spawn_blocking(move || {
                // The place is freed when the computation ends, whoever waits for it.
                let _place = place;
                let mut report = |step: Progress| {
                    if let Ok(mut map) = shared.lock() {
                        map.insert(run_id, step);
                    }
                };
                crate::matching::run_observed(&instance, algorithm, &mut Observer::new(&mut report))
            });
            // The progress goes to the database now and then: every server shows it, and
            // its date tells the others that this server is still computing the run.
            let mut heartbeat = tokio::time::interval(pairing::RUN_HEARTBEAT);
            heartbeat.tick().await;
            let outcome = loop {
                tokio::select! {
                    outcome = &mut computing => break outcome,
                    _ = heartbeat.tick() => {
                        let latest = jobs.progress(run_id);
                        if let Err(error) = pairing::record_progress(&db, run_id, latest.as_ref()).await {
                            tracing::warn!(%error, run_id, "pairing progress not recorded");
                        }
                    }
                }
            };
            let outcome = match &outcome {
                Ok(Ok(result)) => Ok(result),
                Ok(Err(refused)) => Err(format!("Instance refusée : {}", refused.0)),
                Err(error) => {
                    tracing::error!(%error, run_id, "pairing run stopped");
                    Err("Le calcul s'est arrêté sur une erreur interne.".to_string())
                }
            };
            if let Err(error) = pairing::finish_run(&db, run_id, outcome).await {
                tracing::error!(%error, run_id, "pairing run not recorded");
            }
            if let Ok(mut map) = jobs.progress.lock() {
                map.remove(&run_id);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_reserves_as_many_places_as_it_has() {
        let jobs = PairingJobs::new(Duration::ZERO, 2);
        let first = jobs.reserve().expect("a first place");
        let _second = jobs.reserve().expect("a second place");
        assert!(jobs.reserve().is_none(), "no third run at once");
        drop(first);
        assert!(jobs.reserve().is_some(), "a place freed is taken again");
    }
}
