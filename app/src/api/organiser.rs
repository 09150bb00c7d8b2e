//! The organisers' workspace. Every function requires a signed-in organiser.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {super::server::*, crate::db::applications as store, crate::domain::account::Role};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationStatistics {
    pub edition_name: String,
    /// (status label, count), every status listed.
    pub by_status: Vec<(String, i64)>,
}

#[server(endpoint = "get_application_statistics")]
pub async fn get_application_statistics() -> Result<ApplicationStatistics, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await.map_err(internal)? else {
            return Ok(ApplicationStatistics::default());
        };
        let counts = store::counts_by_status(&db, edition.id)
            .await
            .map_err(internal)?;
        let by_status = crate::domain::application::ApplicationStatus::ALL
            .into_iter()
            .map(|status| {
                let count = counts
                    .iter()
                    .find(|(s, _)| s == status.as_str())
                    .map_or(0, |(_, n)| *n);
                (status.label().to_string(), count)
            })
            .collect();
        Ok(ApplicationStatistics {
            edition_name: edition.name,
            by_status,
        })
    })
    .await
}

/// One kept run, summarised for comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub algorithm: String,
    pub seed: i64,
    pub created_at: i64,
    pub students: usize,
    pub matched: usize,
    pub total_score: f64,
    /// Index r: pairs on the r-th wish; index 0: outside the wishes.
    pub wish_rank_histogram: Vec<usize>,
    pub distance_km_median: f64,
    pub distance_km_p90: f64,
    pub empty_places: usize,
    /// Unmatched students by reason.
    pub unmatched_reasons: Vec<(String, usize)>,
}

/// The pairing workspace: runs kept, current pairs, whether they are announced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairingWorkspace {
    pub edition_name: String,
    pub runs: Vec<RunSummary>,
    pub pairs: Vec<crate::domain::application::PairLine>,
    pub published: bool,
}

#[cfg(feature = "ssr")]
async fn organiser_edition() -> Result<
    (
        crate::domain::account::CurrentUser,
        store::EditionForApplications,
    ),
    AppError,
> {
    let organiser = require_role(Role::Organiser).await?;
    let edition = store::current_edition(&db()?)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::Refused("Aucune édition en cours.".into()))?;
    Ok((organiser, edition))
}

#[server(endpoint = "get_pairing_workspace")]
pub async fn get_pairing_workspace() -> Result<PairingWorkspace, AppError> {
    respond(async move {
        let (_, edition) = organiser_edition().await?;
        let db = db()?;
        let runs = crate::db::pairing::runs(&db, edition.id)
            .await
            .map_err(internal)?;
        let pairs = crate::db::pairing::pairs(&db, edition.id)
            .await
            .map_err(internal)?;
        Ok(PairingWorkspace {
            edition_name: edition.name,
            published: pairs.iter().any(|p| p.published),
            runs: runs
                .into_iter()
                .map(|run| {
                    let mut reasons: Vec<(String, usize)> = Vec::new();
                    for unmatched in &run.result.unmatched {
                        match reasons.iter_mut().find(|(r, _)| *r == unmatched.reason) {
                            Some((_, n)) => *n += 1,
                            None => reasons.push((unmatched.reason.clone(), 1)),
                        }
                    }
                    let report = &run.result.report;
                    RunSummary {
                        id: run.id,
                        algorithm: match run.result.algorithm {
                            crate::matching::Algorithm::Stable => "stable".into(),
                            crate::matching::Algorithm::Optimal => "optimal".into(),
                        },
                        seed: run.seed,
                        created_at: run.created_at,
                        students: report.students,
                        matched: report.matched,
                        total_score: run.result.total_score,
                        wish_rank_histogram: report.wish_rank_histogram.clone(),
                        distance_km_median: report.distance_km_median,
                        distance_km_p90: report.distance_km_p90,
                        empty_places: report.empty_places,
                        unmatched_reasons: reasons,
                    }
                })
                .collect(),
            pairs,
        })
    })
    .await
}

/// Runs the engine on the edition (`algorithm` = "stable" or "optimal") and keeps the run.
#[server(endpoint = "run_pairing")]
pub async fn run_pairing(
    #[server(default)] algorithm: String,
    #[server(default)] seed: String,
) -> Result<i64, AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        let algorithm: crate::matching::Algorithm = algorithm.parse().map_err(AppError::Refused)?;
        let seed = match seed.trim() {
            "" => crate::db::now_ms().unsigned_abs(),
            text => text.parse::<u64>().map_err(|_| {
                crate::domain::form::FormErrors::single(
                    "seed",
                    "La graine doit être un nombre entier positif.",
                )
                .with_values([("seed", text)])
            })?,
        };
        let db = db()?;
        let instance = crate::db::pairing::build_instance(&db, edition.id, seed)
            .await
            .map_err(internal)?;
        // The engine is pure computation: off the async threads.
        let result =
            tokio::task::spawn_blocking(move || crate::matching::run(&instance, algorithm))
                .await
                .map_err(|_| AppError::Unavailable)?
                .map_err(|e| AppError::Refused(format!("Instance refusée : {}", e.0)))?;
        let id =
            crate::db::pairing::record_run(&db, edition.id, algorithm, seed, &result, organiser.id)
                .await
                .map_err(internal)?;
        redirect("/organisation/binomes");
        Ok(id)
    })
    .await
}

/// Makes a kept run the edition's pairs (locked pairs stay).
#[server(endpoint = "apply_pairing_run")]
pub async fn apply_pairing_run(run_id: i64) -> Result<usize, AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        let written = crate::db::pairing::apply_run(&db()?, edition.id, run_id, organiser.id)
            .await
            .map_err(internal)?
            .map_err(AppError::Refused)?;
        redirect("/organisation/binomes");
        Ok(written)
    })
    .await
}

/// Locks (`locked` = "1") or unlocks a pair: a locked pair is kept by the next runs.
#[server(endpoint = "lock_pair")]
pub async fn lock_pair(pair_id: i64, #[server(default)] locked: String) -> Result<(), AppError> {
    respond(async move {
        let (_, edition) = organiser_edition().await?;
        let found = crate::db::pairing::set_locked(&db()?, edition.id, pair_id, locked == "1")
            .await
            .map_err(internal)?;
        if !found {
            return Err(AppError::NotFound);
        }
        redirect("/organisation/binomes");
        Ok(())
    })
    .await
}

/// Announces the pairs: both sides see them and get one e-mail each, once.
#[server(endpoint = "publish_pairs")]
pub async fn publish_pairs() -> Result<usize, AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        let url = security()?.public_url;
        let announced = crate::db::pairing::publish(&db()?, edition.id, organiser.id, |a| {
            [
                super::emails::pair_for_student(&url, a),
                super::emails::pair_for_ambassador(&url, a),
            ]
        })
        .await
        .map_err(internal)?;
        redirect("/organisation/binomes?annonce=faite");
        Ok(announced)
    })
    .await
}

/// Moves a student to an offer by hand (eligibility and free seats checked); the pair is
/// locked so that later runs keep it.
#[server(endpoint = "move_student")]
pub async fn move_student(
    student_id: i64,
    #[server(default)] offer_id: String,
) -> Result<(), AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        let offer_id: i64 = offer_id.trim().parse().map_err(|_| {
            crate::domain::form::FormErrors::single(
                "offer_id",
                "Indiquez le numéro de l'offre (un nombre entier).",
            )
            .with_values([("offer_id", offer_id.as_str())])
        })?;
        crate::db::pairing::move_student(&db()?, edition.id, student_id, offer_id, organiser.id)
            .await
            .map_err(internal)?
            .map_err(AppError::Refused)?;
        redirect("/organisation/binomes");
        Ok(())
    })
    .await
}
