//! Pairing an edition: the engine's instance built from the database, the runs kept,
//! the pairs applied and published.
//!
//! A pair holds one seat of its offer: `offers.seats_taken` moves with every pair written
//! or removed, in the same transaction, and its CHECK (≤ capacity) refuses any write
//! that would overfill an offer, whatever the concurrency. `pairs` is unique per
//! (edition, student): no student holds two pairs.

use super::outbox::{self, OutgoingEmail};
use super::{now_ms, Db, Refusable, Result};
pub use crate::domain::application::PairLine;
use crate::domain::edition::{Calendar, EditionAction, EditionStatus};
use crate::domain::refusal::Refusal;
use crate::matching::charts::RunDigest;
use crate::matching::{
    Algorithm, Instance, LockedPair, MatchResult, OfferInput, Progress, StudentInput,
};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::time::Duration;

#[derive(sqlx::FromRow)]
struct StudentRow {
    application_id: i64,
    student_id: i64,
    level: i64,
    lat: f64,
    lon: f64,
    radius_km: i64,
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    capacity: i64,
    free_for_pairs: i64,
    job: String,
    administration: String,
    lat: f64,
    lon: f64,
    levels_mask: i64,
}

/// The instance of an edition: its sent applications with a profile (and, after the
/// announcement, those left without a pair, to place them by hand), its published
/// offers (seats held by anything else than pairs are left out), and its locked pairs.
pub async fn build_instance(db: &Db, edition_id: i64, seed: u64) -> Result<Instance> {
    build_instance_for(db, edition_id, seed, None).await
}

/// The instance restricted to one student and one offer (to check a move by hand).
pub async fn build_instance_for(
    db: &Db,
    edition_id: i64,
    seed: u64,
    only: Option<(i64, i64)>,
) -> Result<Instance> {
    let (only_student, only_offer) = only.unwrap_or((-1, -1));
    let weights = super::editions::pairing_weights(db, edition_id).await?;
    let students: Vec<StudentRow> = sqlx::query_as(
        "SELECT a.id AS application_id, a.student_id, p.level, pl.lat, pl.lon, p.radius_km
         FROM applications a
         JOIN student_profiles p ON p.user_id = a.student_id
         JOIN places pl ON pl.insee_code = p.place_code
         WHERE a.edition_id = $1 AND a.status IN ('envoyee', 'sans_binome') AND ($2 < 0 OR a.student_id = $2)
         ORDER BY a.student_id",
    )
    .bind(edition_id)
    .bind(only_student)
    .fetch_all(db.pool())
    .await?;
    // An offer's administration, for criteria: itself when it is a ministry or an
    // operator (what students choose from), else its ministry.
    let offers: Vec<OfferRow> = sqlx::query_as(
        "SELECT o.id, o.capacity,
                o.capacity - o.seats_taken + (SELECT COUNT(*) FROM pairs p WHERE p.offer_id = o.id) AS free_for_pairs,
                j.slug AS job,
                CASE WHEN a.kind IN ('ministere', 'operateur') THEN a.slug ELSE m.slug END AS administration,
                o.lat, o.lon, o.levels_mask
         FROM offers o
         JOIN jobs j ON j.id = o.job_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN administrations m ON m.id = o.ministry_id
         WHERE o.edition_id = $1 AND o.status = 'publiee' AND ($2 < 0 OR o.id = $2)
         ORDER BY o.id",
    )
    .bind(edition_id)
    .bind(only_offer)
    .fetch_all(db.pool())
    .await?;
    let wishes: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT w.application_id, w.offer_id FROM wishes w
         JOIN applications a ON a.id = w.application_id
         JOIN offers o ON o.id = w.offer_id
         WHERE a.edition_id = $1 AND a.status IN ('envoyee', 'sans_binome') AND o.status = 'publiee'
         ORDER BY w.application_id, w.rank",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    let jobs: Vec<(i64, String)> = sqlx::query_as(
        "SELECT aj.application_id, j.slug FROM application_jobs aj
         JOIN applications a ON a.id = aj.application_id JOIN jobs j ON j.id = aj.job_id
         WHERE a.edition_id = $1 AND a.status IN ('envoyee', 'sans_binome')",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    let administrations: Vec<(i64, String)> = sqlx::query_as(
        "SELECT aa.application_id, ad.slug FROM application_administrations aa
         JOIN applications a ON a.id = aa.application_id
         JOIN administrations ad ON ad.id = aa.administration_id
         WHERE a.edition_id = $1 AND a.status IN ('envoyee', 'sans_binome')",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    let locked: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.student_id, p.offer_id FROM pairs p
         JOIN applications a ON a.student_id = p.student_id AND a.edition_id = p.edition_id
         WHERE p.edition_id = $1 AND p.locked = 1 AND a.status = 'envoyee'",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    let group = |rows: Vec<(i64, String)>| {
        let mut map: HashMap<i64, Vec<String>> = HashMap::new();
        for (application, value) in rows {
            map.entry(application).or_default().push(value);
        }
        map
    };
    let mut wishes_by_application: HashMap<i64, Vec<String>> = HashMap::new();
    for (application, offer) in wishes {
        wishes_by_application
            .entry(application)
            .or_default()
            .push(offer.to_string());
    }
    let mut jobs = group(jobs);
    let mut administrations = group(administrations);
    Ok(Instance {
        seed,
        weights,
        students: students
            .into_iter()
            .map(|s| StudentInput {
                id: s.student_id.to_string(),
                level: u8::try_from(s.level).unwrap_or(0),
                lat: s.lat,
                lon: s.lon,
                radius_km: s.radius_km as f64,
                wishes: wishes_by_application
                    .remove(&s.application_id)
                    .unwrap_or_default(),
                jobs: jobs.remove(&s.application_id).unwrap_or_default(),
                administrations: administrations
                    .remove(&s.application_id)
                    .unwrap_or_default(),
            })
            .collect(),
        offers: offers
            .into_iter()
            .map(|o| OfferInput {
                id: o.id.to_string(),
                capacity: o.free_for_pairs.clamp(0, o.capacity),
                job: o.job,
                administration: o.administration,
                lat: o.lat,
                lon: o.lon,
                levels: crate::domain::level::LevelSet::from_mask(o.levels_mask)
                    .map(|l| l.levels().collect())
                    .unwrap_or_default(),
            })
            .collect(),
        locked: locked
            .into_iter()
            .map(|(student, offer)| LockedPair {
                student: student.to_string(),
                offer: offer.to_string(),
            })
            .collect(),
    })
}

/// The edition's published offers with their job family, région and administration
/// (itself when a ministry or an operator, else its ministry, as in the instance).
pub async fn offer_groups(
    db: &Db,
    edition_id: i64,
) -> Result<Vec<crate::matching::charts::OfferGroups>> {
    let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.capacity, j.name, r.name,
                CASE WHEN a.kind IN ('ministere', 'operateur') THEN a.name ELSE m.name END
         FROM offers o
         JOIN jobs j ON j.id = o.job_id
         JOIN regions r ON r.code = o.region_code
         JOIN administrations a ON a.id = o.administration_id
         JOIN administrations m ON m.id = o.ministry_id
         WHERE o.edition_id = $1 AND o.status = 'publiee'
         ORDER BY o.id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, places, job, region, administration)| crate::matching::charts::OfferGroups {
                id: id.to_string(),
                places: usize::try_from(places).unwrap_or(0),
                job,
                region,
                administration,
            },
        )
        .collect())
}

/// Records a run as started; [`finish_run`] records its outcome.
pub async fn start_run(
    db: &Db,
    edition_id: i64,
    algorithm: Algorithm,
    seed: u64,
    created_by: i64,
) -> Result<i64, Refusable> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // One run at a time per edition, whichever server computes it: the edition's lock
    // orders the starts, and a run still giving signs of life holds the edition.
    lock_edition(&mut tx, edition_id).await?;
    let alive_since = now - i64::try_from(RUN_ABANDONED_AFTER.as_millis()).unwrap_or(i64::MAX);
    let running: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM matching_runs
         WHERE edition_id = $1 AND status = 'en_cours' AND heartbeat_at > $2 LIMIT 1",
    )
    .bind(edition_id)
    .bind(alive_since)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(running) = running {
        return Err(Refusal::RunInProgress(running).into());
    }
    let id = sqlx::query_scalar(
        "INSERT INTO matching_runs (edition_id, algorithm, seed, status, created_by, created_at, heartbeat_at)
         VALUES ($1, $2, $3, 'en_cours', $4, $5, $5) RETURNING id",
    )
    .bind(edition_id)
    .bind(match algorithm {
        Algorithm::Stable => "stable",
        Algorithm::Optimal => "optimal",
    })
    .bind(i64::try_from(seed).unwrap_or(i64::MAX))
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Keeps a run's whole result (for comparison and application), or why it failed.
pub async fn finish_run(
    db: &Db,
    run_id: i64,
    outcome: std::result::Result<&MatchResult, String>,
) -> Result<()> {
    let (status, result, digest, error) = match outcome {
        Ok(result) => (
            "terminee",
            Some(to_json(result)?),
            Some(to_json(&RunDigest::of(result))?),
            None,
        ),
        Err(error) => ("echouee", None, None, Some(error)),
    };
    sqlx::query(
        "UPDATE matching_runs SET status = $1, result = $2, digest = $3, error = $4, finished_at = $5
         WHERE id = $6 AND status = 'en_cours'",
    )
    .bind(status)
    .bind(result)
    .bind(digest)
    .bind(error)
    .bind(now_ms())
    .bind(run_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// How often the server computing a run records its progress (its sign of life).
pub const RUN_HEARTBEAT: Duration = Duration::from_secs(2);

/// A run whose server gave no sign of life for this long was abandoned by it.
pub const RUN_ABANDONED_AFTER: Duration = Duration::from_secs(30);

/// Records how far a run has gone, and that its server is alive.
pub async fn record_progress(db: &Db, run_id: i64, progress: Option<&Progress>) -> Result<()> {
    sqlx::query(
        "UPDATE matching_runs SET progress_step = $1, progress_percent = $2, heartbeat_at = $3
         WHERE id = $4 AND status = 'en_cours'",
    )
    .bind(progress.map(|p| p.step.clone()))
    .bind(progress.map(|p| i64::from(p.percent)))
    .bind(now_ms())
    .bind(run_id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Marks as failed the runs whose server stopped: no sign of life for `silent_for`.
/// Runs other servers are computing go on.
pub async fn interrupt_abandoned_runs(db: &Db, silent_for: Duration) -> Result<u64> {
    let silent_ms = i64::try_from(silent_for.as_millis()).unwrap_or(i64::MAX);
    Ok(sqlx::query(
        "UPDATE matching_runs SET status = 'echouee', finished_at = $1,
             error = 'Calcul interrompu : le serveur qui le faisait s''est arrêté. Relancez-le.'
         WHERE status = 'en_cours' AND (heartbeat_at IS NULL OR heartbeat_at < $2)",
    )
    .bind(now_ms())
    .bind(now_ms().saturating_sub(silent_ms))
    .execute(db.pool())
    .await?
    .rows_affected())
}

/// A run not (or not successfully) finished.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRun {
    pub id: i64,
    pub algorithm: String,
    pub created_at: i64,
    /// `None` while running; why it failed otherwise.
    pub error: Option<String>,
    /// How far it has gone, as last recorded by the server computing it.
    pub progress: Option<Progress>,
}

/// The edition's runs in progress, and its failed runs of the last day, newest first.
pub async fn pending_runs(db: &Db, edition_id: i64) -> Result<Vec<PendingRun>> {
    type Row = (
        i64,
        String,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, algorithm, created_at, status, error, progress_step, progress_percent
         FROM matching_runs
         WHERE edition_id = $1 AND (status = 'en_cours' OR (status = 'echouee' AND created_at > $2))
         ORDER BY id DESC",
    )
    .bind(edition_id)
    .bind(now_ms() - 24 * 3600 * 1000)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, algorithm, created_at, status, error, step, percent)| PendingRun {
                id,
                algorithm,
                created_at,
                error: (status != "en_cours").then(|| error.unwrap_or_default()),
                progress: step.zip(percent).map(|(step, percent)| Progress {
                    step,
                    percent: u8::try_from(percent.clamp(0, 100)).unwrap_or(100),
                }),
            },
        )
        .collect())
}

/// A kept run and its result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: i64,
    pub seed: i64,
    pub created_at: i64,
    pub result: MatchResult,
}

fn to_json(value: &impl Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(|e| super::Error::InvalidData(e.to_string()))
}

/// A kept run as the workspace lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunListed {
    pub id: i64,
    pub seed: i64,
    pub created_at: i64,
    pub digest: RunDigest,
}

/// Every kept run of the edition, newest first, without their pairs.
pub async fn runs(db: &Db, edition_id: i64) -> Result<Vec<RunListed>> {
    let rows: Vec<(i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, seed, created_at, digest FROM matching_runs
         WHERE edition_id = $1 AND status = 'terminee' ORDER BY id DESC",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    let mut listed = Vec::with_capacity(rows.len());
    for (id, seed, created_at, digest) in rows {
        let digest = match digest.and_then(|d| serde_json::from_str(&d).ok()) {
            Some(digest) => digest,
            // Kept before digests existed: made from the full result.
            None => match load_runs(db, edition_id, Some(id)).await?.pop() {
                Some(run) => RunDigest::of(&run.result),
                None => continue,
            },
        };
        listed.push(RunListed {
            id,
            seed,
            created_at,
            digest,
        });
    }
    Ok(listed)
}

async fn load_runs(db: &Db, edition_id: i64, only: Option<i64>) -> Result<Vec<Run>> {
    let rows: Vec<(i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, seed, created_at, result FROM matching_runs
         WHERE edition_id = $1 AND status = 'terminee' AND ($2 < 0 OR id = $2) ORDER BY id DESC",
    )
    .bind(edition_id)
    .bind(only.unwrap_or(-1))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, seed, created_at, result)| {
            Some(Run {
                id,
                seed,
                created_at,
                result: serde_json::from_str(result.as_deref()?).ok()?,
            })
        })
        .collect())
}

/// Serialises the changes to an edition's pairs (applying, moving, publishing,
/// withdrawing): each takes the edition's row lock first. Returns its state and
/// calendar.
pub(super) async fn lock_edition(
    tx: &mut AnyConnection,
    edition_id: i64,
) -> Result<(EditionStatus, Calendar)> {
    super::editions::lock(tx, edition_id)
        .await?
        .ok_or(super::Error::Sqlx(sqlx::Error::RowNotFound))
}

/// Locks the edition for a change to its pairs: refused before applications open and
/// once the pairs are announced (they then change only by a decline and a new pair).
async fn lock_for_pair_changes(tx: &mut AnyConnection, edition_id: i64) -> Result<(), Refusable> {
    Ok(lock_edition(tx, edition_id)
        .await?
        .0
        .allows_pair_changes()?)
}

pub(super) async fn release_seat(tx: &mut AnyConnection, offer_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE offers SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0",
    )
    .bind(offer_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Removes the student's pair while it is not announced, and frees its seat: a student
/// who withdraws is neither kept in a pair nor announced. Returns whether one was removed.
pub(super) async fn drop_unannounced_pair(
    tx: &mut AnyConnection,
    edition_id: i64,
    student_id: i64,
) -> Result<bool> {
    let pair: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, offer_id FROM pairs
         WHERE edition_id = $1 AND student_id = $2 AND published_at IS NULL",
    )
    .bind(edition_id)
    .bind(student_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((pair_id, offer_id)) = pair else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM pairs WHERE id = $1")
        .bind(pair_id)
        .execute(&mut *tx)
        .await?;
    release_seat(tx, offer_id).await?;
    Ok(true)
}

/// Takes a seat; false when the offer is full.
async fn take_seat(tx: &mut AnyConnection, offer_id: i64) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE offers SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity",
    )
    .bind(offer_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1)
}

/// Replaces the edition's unlocked pairs by those of a run, in one transaction.
/// Refused once the pairs are published. Returns the number of pairs written.
pub async fn apply_run(
    db: &Db,
    edition_id: i64,
    run_id: i64,
    actor: i64,
) -> Result<usize, Refusable> {
    let Some(run) = load_runs(db, edition_id, Some(run_id)).await?.pop() else {
        return Err(Refusal::UnknownRun.into());
    };
    let mut tx = db.begin_write().await?;
    lock_for_pair_changes(&mut tx, edition_id).await?;
    let unlocked: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, offer_id FROM pairs WHERE edition_id = $1 AND locked = 0")
            .bind(edition_id)
            .fetch_all(&mut *tx)
            .await?;
    for (pair_id, offer_id) in &unlocked {
        sqlx::query("DELETE FROM pairs WHERE id = $1")
            .bind(pair_id)
            .execute(&mut *tx)
            .await?;
        release_seat(&mut tx, *offer_id).await?;
    }
    let now = now_ms();
    let mut written = 0;
    for pair in &run.result.pairs {
        let (Ok(student), Ok(offer)) = (pair.student.parse::<i64>(), pair.offer.parse::<i64>())
        else {
            continue;
        };
        // A locked pair stays as it is.
        let inserted = sqlx::query(
            "INSERT INTO pairs (edition_id, student_id, offer_id, run_id, score, explanation, created_at, wish_rank)
             VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT w.rank FROM applications a
                 JOIN wishes w ON w.application_id = a.id
                 WHERE a.edition_id = $1 AND a.student_id = $2 AND w.offer_id = $3))
             ON CONFLICT (edition_id, student_id) DO NOTHING",
        )
        .bind(edition_id)
        .bind(student)
        .bind(offer)
        .bind(run.id)
        .bind(pair.score)
        .bind(&pair.explanation)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            if !take_seat(&mut tx, offer).await? {
                return Err(Refusal::RunOfferFull(offer).into());
            }
            written += 1;
        }
    }
    super::audit::record(
        &mut tx,
        Some(actor),
        "binomes_appliques",
        "matching_run",
        &run_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(written)
}

/// Puts a student on an offer by hand, checked against the contract's eligibility rule
/// and the offer's free seats, and locks the pair so later runs keep it.
pub async fn move_student(
    db: &Db,
    edition_id: i64,
    student_id: i64,
    offer_id: i64,
    actor: i64,
    emails: impl Fn(&Announcement) -> [OutgoingEmail; 2],
) -> Result<(), Refusable> {
    let instance = build_instance_for(db, edition_id, 0, Some((student_id, offer_id))).await?;
    if instance.students.is_empty() {
        return Err(Refusal::NoApplicationSent.into());
    }
    if instance.offers.is_empty() {
        return Err(Refusal::OfferNotPublished(offer_id).into());
    }
    let Some(pair) = crate::matching::pair_if_eligible(
        &instance,
        &student_id.to_string(),
        &offer_id.to_string(),
    ) else {
        return Err(Refusal::NotEligible.into());
    };
    let mut tx = db.begin_write().await?;
    // After the announcement, a student left without a pair (declined, undone) is placed
    // by hand, and the new pair is announced at once.
    let status = lock_edition(&mut tx, edition_id).await?.0;
    let announced = status == EditionStatus::PairsAnnounced;
    if !announced {
        status.allows_pair_changes()?;
    }
    let current: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, offer_id FROM pairs WHERE edition_id = $1 AND student_id = $2")
            .bind(edition_id)
            .bind(student_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((pair_id, old_offer)) = current {
        if old_offer == offer_id {
            return Ok(());
        }
        if announced {
            return Err(Refusal::UndoPairFirst.into());
        }
        sqlx::query("DELETE FROM pairs WHERE id = $1")
            .bind(pair_id)
            .execute(&mut *tx)
            .await?;
        release_seat(&mut tx, old_offer).await?;
    }
    if !take_seat(&mut tx, offer_id).await? {
        return Err(Refusal::OfferFull(offer_id).into());
    }
    let now = now_ms();
    let pair_id: i64 = sqlx::query_scalar(
        "INSERT INTO pairs (edition_id, student_id, offer_id, score, explanation, locked, published_at, created_at, wish_rank)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7, (SELECT w.rank FROM applications a
             JOIN wishes w ON w.application_id = a.id
             WHERE a.edition_id = $1 AND a.student_id = $2 AND w.offer_id = $3))
         RETURNING id",
    )
    .bind(edition_id)
    .bind(student_id)
    .bind(offer_id)
    .bind(pair.score)
    .bind(format!("{} · placé à la main", pair.explanation))
    .bind(announced.then_some(now))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    if announced {
        sqlx::query(
            "UPDATE applications SET status = 'en_binome', updated_at = $1 WHERE edition_id = $2 AND student_id = $3",
        )
        .bind(now)
        .bind(edition_id)
        .bind(student_id)
        .execute(&mut *tx)
        .await?;
        let announcement: Announcement =
            sqlx::query_as(&format!("{ANNOUNCEMENTS} WHERE p.id = $1"))
                .bind(pair_id)
                .fetch_one(&mut *tx)
                .await?;
        for email in emails(&announcement) {
            outbox::enqueue(&mut tx, &email).await?;
        }
    }
    super::audit::record(
        &mut tx,
        Some(actor),
        "binome_deplace",
        "user",
        &student_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PairRow {
    pub id: i64,
    pub student_id: i64,
    pub student: String,
    pub offer_id: i64,
    pub offer: String,
    pub score: f64,
    pub explanation: String,
    pub locked: i64,
    pub published_at: Option<i64>,
}

/// One page of the edition's pairs, by student name, with the number of pairs found:
/// `search` (a few letters of the student's name or of the offer's title) narrows them.
pub async fn pairs_page(
    db: &Db,
    edition_id: i64,
    search: &str,
    page: usize,
    per_page: usize,
) -> Result<(Vec<PairLine>, i64)> {
    const FROM: &str =
        "FROM pairs p JOIN users u ON u.id = p.student_id JOIN offers o ON o.id = p.offer_id
         WHERE p.edition_id = $1
           AND ($2 = '' OR LOWER(u.first_name || ' ' || u.last_name) LIKE $3 ESCAPE '\\'
                OR LOWER(o.title) LIKE $3 ESCAPE '\\')";
    let search = search.trim().to_lowercase();
    let pattern = format!("%{}%", crate::domain::text::escape_like(&search));
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {FROM}"))
        .bind(edition_id)
        .bind(&search)
        .bind(&pattern)
        .fetch_one(db.pool())
        .await?;
    let rows: Vec<PairRow> = sqlx::query_as(&format!(
        "SELECT p.id, p.student_id, u.first_name || ' ' || u.last_name AS student, o.id AS offer_id, o.title AS offer,
                p.score, p.explanation, p.locked, p.published_at
         {FROM} ORDER BY u.last_name, u.first_name, p.id LIMIT $4 OFFSET $5"
    ))
    .bind(edition_id)
    .bind(&search)
    .bind(&pattern)
    .bind(i64::try_from(per_page).unwrap_or(i64::MAX))
    .bind(i64::try_from(page.saturating_mul(per_page)).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await?;
    let lines = rows
        .into_iter()
        .map(|r| PairLine {
            id: r.id,
            student_id: r.student_id,
            student: r.student,
            offer_id: r.offer_id,
            offer: r.offer,
            score: r.score,
            explanation: r.explanation,
            locked: r.locked == 1,
            published: r.published_at.is_some(),
        })
        .collect();
    Ok((lines, total))
}

/// Locks or unlocks a pair; false when the edition has no such pair.
pub async fn set_locked(
    db: &Db,
    edition_id: i64,
    pair_id: i64,
    locked: bool,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    lock_for_pair_changes(&mut tx, edition_id).await?;
    let found = sqlx::query("UPDATE pairs SET locked = $1 WHERE id = $2 AND edition_id = $3")
        .bind(i64::from(locked))
        .bind(pair_id)
        .bind(edition_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(found)
}

/// Who a pair's e-mails go to: its announcement, its decline, its reminders.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Announcement {
    pub pair_id: i64,
    /// With the id, names the pair in the e-mails' keys (SQLite may reuse the id of a
    /// pair undone).
    pub pair_created_at: i64,
    pub student_id: i64,
    pub student_email: String,
    pub student_first_name: String,
    pub student_last_name: String,
    pub ambassador_id: i64,
    pub ambassador_email: String,
    pub ambassador_first_name: String,
    pub offer_id: i64,
    pub offer_title: String,
    pub address: String,
    pub place: String,
    pub edition_name: String,
    pub immersion_on: String,
}

/// Who a pair's e-mails go to (completed by a `WHERE`).
pub(super) const ANNOUNCEMENTS: &str =
    "SELECT p.id AS pair_id, p.created_at AS pair_created_at, p.student_id, s.email AS student_email,
            s.first_name AS student_first_name, s.last_name AS student_last_name,
            o.ambassador_id, a.email AS ambassador_email, a.first_name AS ambassador_first_name,
            p.offer_id, o.title AS offer_title, o.address, pl.name AS place,
            e.name AS edition_name, e.immersion_on
     FROM pairs p
     JOIN editions e ON e.id = p.edition_id
     JOIN users s ON s.id = p.student_id
     JOIN offers o ON o.id = p.offer_id
     JOIN users a ON a.id = o.ambassador_id
     JOIN places pl ON pl.insee_code = o.place_code";

/// A student the announcement leaves without a pair, told so kindly.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Unpaired {
    pub edition_id: i64,
    pub student_id: i64,
    pub email: String,
    pub first_name: String,
    pub edition_name: String,
}

/// Publishes the edition's pairs: visible to both sides, application statuses set (en
/// binôme / sans binôme), one e-mail to each side queued per pair and one to each student
/// left without a pair. Publishing again
/// (a second click, a retry after a crash) announces nothing twice: only unpublished
/// pairs are announced, and the e-mails' keys name the pair.
pub async fn publish(
    db: &Db,
    edition_id: i64,
    actor: i64,
    emails: impl Fn(&Announcement) -> [OutgoingEmail; 2],
    unpaired_email: impl Fn(&Unpaired) -> OutgoingEmail,
) -> Result<usize, Refusable> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let edition = lock_edition(&mut tx, edition_id).await?;
    if edition.0 == EditionStatus::PairsAnnounced {
        // A second click, or a retry: already done.
        return Ok(0);
    }
    super::editions::advance(
        &mut tx,
        edition_id,
        edition,
        EditionAction::AnnouncePairs,
        actor,
    )
    .await?;
    let announcements: Vec<Announcement> = sqlx::query_as(&format!(
        "{ANNOUNCEMENTS} WHERE p.edition_id = $1 AND p.published_at IS NULL ORDER BY p.id"
    ))
    .bind(edition_id)
    .fetch_all(&mut *tx)
    .await?;
    for announcement in &announcements {
        for email in emails(announcement) {
            outbox::enqueue(&mut tx, &email).await?;
        }
    }
    let unpaired: Vec<Unpaired> = sqlx::query_as(
        "SELECT a.edition_id, a.student_id, u.email, u.first_name, e.name AS edition_name
         FROM applications a
         JOIN users u ON u.id = a.student_id
         JOIN editions e ON e.id = a.edition_id
         WHERE a.edition_id = $1 AND a.status = 'envoyee'
           AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.edition_id = a.edition_id AND p.student_id = a.student_id)
         ORDER BY a.id",
    )
    .bind(edition_id)
    .fetch_all(&mut *tx)
    .await?;
    for student in &unpaired {
        outbox::enqueue(&mut tx, &unpaired_email(student)).await?;
    }
    sqlx::query(
        "UPDATE pairs SET published_at = $1 WHERE edition_id = $2 AND published_at IS NULL",
    )
    .bind(now)
    .bind(edition_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE applications SET status = CASE WHEN EXISTS
                 (SELECT 1 FROM pairs p WHERE p.edition_id = applications.edition_id AND p.student_id = applications.student_id)
             THEN 'en_binome' ELSE 'sans_binome' END,
             updated_at = $1
         WHERE edition_id = $2 AND status = 'envoyee'",
    )
    .bind(now)
    .bind(edition_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(announcements.len())
}
