//! The organisers' workspace. Every function requires a signed-in organiser.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::context::*, super::session::*, crate::db::applications as store,
    crate::domain::account::Role, crate::domain::form::require_ticked,
    crate::domain::refusal::Refusal,
};

/// What waits for the organisers, on their home page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserHome {
    pub offers_to_review: usize,
    pub failed_emails: i64,
}

#[server(endpoint = "get_organiser_home")]
pub async fn get_organiser_home() -> Result<OrganiserHome, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        Ok(OrganiserHome {
            offers_to_review: crate::db::offers::review_queue(&db).await?.len(),
            failed_emails: crate::db::outbox::counts(&db).await?.failed,
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
    pub charts: crate::matching::charts::RunCharts,
}

/// A run being computed, or one that failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingRunView {
    pub id: i64,
    pub algorithm: String,
    /// What the engine is doing and how far it is (unknown until its first step).
    pub progress: Option<crate::matching::Progress>,
    /// Why it failed; `None` while it runs.
    pub error: Option<String>,
}

/// The pairing workspace: runs kept, current pairs, whether they are announced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PairingWorkspace {
    pub edition_name: String,
    pub pending: Vec<PendingRunView>,
    pub runs: Vec<RunSummary>,
    /// One page of the pairs (see [`PAIRS_PER_PAGE`]) and how many pairs match the search.
    pub pairs: Vec<crate::domain::application::PairLine>,
    pub pairs_found: i64,
    pub published: bool,
    /// The edition's state: pairs change while applications are open or closed.
    pub edition_status: crate::domain::edition::EditionStatus,
    /// Pairs declined or undone after the announcement, the latest first.
    pub declines: Vec<crate::domain::pair::DeclineLine>,
    pub feedback: Vec<crate::domain::pair::FeedbackLine>,
}

/// Pairs shown per page of the workspace.
pub const PAIRS_PER_PAGE: usize = 50;

#[cfg(feature = "ssr")]
async fn organiser_edition() -> Result<
    (
        crate::domain::account::CurrentUser,
        store::EditionForApplications,
    ),
    AppError,
> {
    let organiser = require_role(Role::Organiser).await?;
    Ok((organiser, edition_in_progress().await?))
}

#[cfg(feature = "ssr")]
async fn pending_runs(
    db: &crate::db::Db,
    edition_id: i64,
) -> Result<Vec<PendingRunView>, AppError> {
    use crate::db::pairing::{interrupt_abandoned_runs, RUN_ABANDONED_AFTER};
    let jobs = pairing_jobs()?;
    interrupt_abandoned_runs(db, RUN_ABANDONED_AFTER).await?;
    Ok(crate::db::pairing::pending_runs(db, edition_id)
        .await?
        .into_iter()
        .map(|run| PendingRunView {
            progress: jobs.progress(run.id).or(run.progress),
            id: run.id,
            algorithm: run.algorithm,
            error: run.error,
        })
        .collect())
}

/// Runs being computed and recent failures: what the page polls while a run goes on.
#[server(endpoint = "get_pairing_progress")]
pub async fn get_pairing_progress() -> Result<Vec<PendingRunView>, AppError> {
    respond(async move {
        let (_, edition) = organiser_edition().await?;
        pending_runs(&db()?, edition.id).await
    })
    .await
}

/// The workspace, with the page `page` (from 0) of the pairs matching `search`.
#[server(endpoint = "get_pairing_workspace")]
pub async fn get_pairing_workspace(
    #[server(default)] search: String,
    #[server(default)] page: usize,
) -> Result<PairingWorkspace, AppError> {
    respond(async move {
        let (_, edition) = organiser_edition().await?;
        let db = db()?;
        let runs = crate::db::pairing::runs(&db, edition.id).await?;
        let (pairs, pairs_found) =
            crate::db::pairing::pairs_page(&db, edition.id, &search, page, PAIRS_PER_PAGE).await?;
        let offers = crate::db::pairing::offer_groups(&db, edition.id).await?;
        Ok(PairingWorkspace {
            edition_name: edition.name,
            pending: pending_runs(&db, edition.id).await?,
            published: edition.window.edition_status.is_announced(),
            edition_status: edition.window.edition_status,
            declines: crate::db::pairs::declines(&db, edition.id).await?,
            feedback: crate::db::pairs::feedback(&db, edition.id).await?,
            pairs_found,
            runs: runs
                .into_iter()
                .map(|run| {
                    let digest = run.digest;
                    let report = &digest.report;
                    RunSummary {
                        id: run.id,
                        algorithm: match digest.algorithm {
                            crate::matching::Algorithm::Stable => "stable".into(),
                            crate::matching::Algorithm::Optimal => "optimal".into(),
                        },
                        seed: run.seed,
                        created_at: run.created_at,
                        students: report.students,
                        matched: report.matched,
                        total_score: digest.total_score,
                        wish_rank_histogram: report.wish_rank_histogram.clone(),
                        distance_km_median: report.distance_km_median,
                        distance_km_p90: report.distance_km_p90,
                        empty_places: report.empty_places,
                        charts: crate::matching::charts::RunCharts::of(&digest, &offers),
                    }
                })
                .collect(),
            pairs,
        })
    })
    .await
}

/// Starts the engine on the edition (`algorithm` = "stable" or "optimal"); the run is
/// kept when it ends. Waits a moment for it, so that small editions get their result
/// at once; the workspace shows the progress of longer ones.
#[server(endpoint = "run_pairing")]
pub async fn run_pairing(
    #[server(default)] algorithm: String,
    #[server(default)] seed: String,
) -> Result<i64, AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        let algorithm: crate::matching::Algorithm = algorithm
            .parse()
            .map_err(|_| Refusal::UnknownAlgorithm(algorithm.clone()))?;
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
        let jobs = pairing_jobs()?;
        // This server computes no more runs at once than it has places for: the next is
        // refused (503) until one ends.
        let place = jobs.reserve().ok_or(AppError::Unavailable)?;
        let instance = crate::db::pairing::build_instance(&db, edition.id, seed).await?;
        let id =
            crate::db::pairing::start_run(&db, edition.id, algorithm, seed, organiser.id).await?;
        let running = jobs.start(place, db.clone(), id, instance, algorithm);
        if tokio::time::timeout(jobs.wait, running).await.is_ok() {
            let failed = crate::db::pairing::pending_runs(&db, edition.id)
                .await?
                .into_iter()
                .find(|run| run.id == id)
                .and_then(|run| run.error);
            if let Some(error) = failed {
                return Err(Refusal::RunFailed(error).into());
            }
        }
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
        let written =
            crate::db::pairing::apply_run(&db()?, edition.id, run_id, organiser.id).await?;
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
        let found =
            crate::db::pairing::set_locked(&db()?, edition.id, pair_id, locked == "1").await?;
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
pub async fn publish_pairs(
    /// Ticked to confirm the announcement, which cannot be undone.
    #[server(default)]
    confirm: Option<String>,
) -> Result<usize, AppError> {
    respond(async move {
        let (organiser, edition) = organiser_edition().await?;
        require_ticked(&confirm)?;
        let url = security()?.public_url;
        let announced = crate::db::pairing::publish(
            &db()?,
            edition.id,
            organiser.id,
            |a| {
                [
                    super::emails::pair_for_student(&url, a),
                    super::emails::pair_for_ambassador(&url, a),
                ]
            },
            |student| super::emails::unpaired_student(&url, student),
        )
        .await?;
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
        let url = security()?.public_url;
        crate::db::pairing::move_student(
            &db()?,
            edition.id,
            student_id,
            offer_id,
            organiser.id,
            |a| {
                [
                    super::emails::pair_for_student(&url, a),
                    super::emails::pair_for_ambassador(&url, a),
                ]
            },
        )
        .await?;
        redirect("/organisation/binomes");
        Ok(())
    })
    .await
}

/// The offers waiting for validation, oldest first.
#[server(endpoint = "get_offer_review_queue")]
pub async fn get_offer_review_queue(
) -> Result<Vec<crate::domain::offer::OfferUnderReview>, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        Ok(crate::db::offers::review_queue(&db()?).await?)
    })
    .await
}

/// An offer in full as the organisers review it, with its state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferReview {
    pub offer: crate::domain::catalogue::OfferDetail,
    pub status: crate::domain::offer::OfferStatus,
    pub under_review: Option<crate::domain::offer::OfferUnderReview>,
}

#[server(endpoint = "get_offer_review")]
pub async fn get_offer_review(offer_id: i64) -> Result<Option<OfferReview>, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        let Some(offer) = crate::db::catalogue::offer_in_any_state(&db, offer_id).await? else {
            return Ok(None);
        };
        let under_review = crate::db::offers::waiting_offer(&db, offer_id).await?;
        let status = crate::db::offers::status(&db, offer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Some(OfferReview {
            offer,
            status,
            under_review,
        }))
    })
    .await
}

/// Publishes a submitted offer: it is in the catalogue at once, its ambassador told.
#[server(endpoint = "publish_offer")]
pub async fn publish_offer(offer_id: i64) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let url = security()?.public_url;
        let now = crate::db::now_ms();
        let found = crate::db::offers::transition(
            &db()?,
            organiser.id,
            offer_id,
            None,
            crate::domain::offer::OfferAction::Publish,
            None,
            |offer| Some(super::emails::offer_published(&url, offer, now)),
        )
        .await?;
        if !found {
            return Err(AppError::NotFound);
        }
        redirect("/organisation/offres?decision=publiee");
        Ok(())
    })
    .await
}

/// Refuses a submitted offer with the reason its ambassador will read.
#[server(endpoint = "refuse_offer")]
pub async fn refuse_offer(
    offer_id: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let reason = crate::domain::offer::refusal_reason(&reason)?;
        let url = security()?.public_url;
        let now = crate::db::now_ms();
        let found = crate::db::offers::transition(
            &db()?,
            organiser.id,
            offer_id,
            None,
            crate::domain::offer::OfferAction::Refuse,
            Some(&reason),
            |offer| Some(super::emails::offer_refused(&url, offer, &reason, now)),
        )
        .await?;
        if !found {
            return Err(AppError::NotFound);
        }
        redirect("/organisation/offres?decision=refusee");
        Ok(())
    })
    .await
}

/// One page of the audit log as organisers read it, with the kinds of event to filter by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogPage {
    pub entries: Vec<crate::domain::audit::AuditEntry>,
    pub total: i64,
    pub page: u32,
    pub page_count: u32,
    pub actions: Vec<String>,
}

/// Entries per page of the audit log.
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// The audit log, filtered by person (address), kind of event and period (days, Paris
/// time), the newest first.
#[server(endpoint = "get_audit_log")]
pub async fn get_audit_log(
    #[server(default)] personne: String,
    #[server(default)] action: String,
    #[server(default)] du: String,
    #[server(default)] au: String,
    #[server(default)] page: String,
) -> Result<AuditLogPage, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let filter = crate::domain::audit::AuditFilter::parse(&personne, &action, &du, &au)?;
        let page = page.trim().parse::<u32>().unwrap_or(1).max(1);
        let db = db()?;
        let (entries, total) =
            crate::db::audit::search(&db, &filter, page, AUDIT_PAGE_SIZE).await?;
        let per_page = i64::from(AUDIT_PAGE_SIZE);
        let page_count =
            u32::try_from(((total + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX);
        Ok(AuditLogPage {
            entries,
            total,
            page,
            page_count,
            actions: crate::db::audit::actions(&db).await?,
        })
    })
    .await
}
