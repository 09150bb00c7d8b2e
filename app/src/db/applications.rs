//! Students' profiles and applications. Every change runs in one transaction that
//! starts by writing the application row, so concurrent changes to one application are
//! serialised on both backends (row lock on PostgreSQL, write lock on SQLite).

use super::outbox::{self, OutgoingEmail};
use super::{now_ms, Db, Refusable, Result};
use crate::domain::application::*;
use crate::domain::catalogue::PlaceRef;
use crate::domain::level::LevelSet;
use crate::domain::refusal::Refusal;
use sqlx::AnyConnection;

/// The edition students apply to, as the application rules need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionForApplications {
    pub id: i64,
    pub name: String,
    pub window: ApplicationWindow,
    pub max_wishes: i64,
}

pub async fn current_edition(db: &Db) -> Result<Option<EditionForApplications>> {
    Ok(super::editions::current(db)
        .await?
        .map(|(id, info)| EditionForApplications {
            id,
            name: info.name,
            window: ApplicationWindow {
                edition_status: info.status,
                opens_on: info.applications_open_on,
                closes_on: info.applications_close_on,
            },
            max_wishes: info.max_wishes,
        }))
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    first_name: String,
    last_name: String,
    email: String,
    school: Option<String>,
    level: Option<i64>,
    curriculum: Option<String>,
    place_code: Option<String>,
    place_name: Option<String>,
    departement_code: Option<String>,
    radius_km: Option<i64>,
    gender: Option<String>,
}

pub async fn student_profile(db: &Db, user_id: i64) -> Result<StudentProfileView> {
    let row: Option<ProfileRow> = sqlx::query_as(
        "SELECT u.first_name, u.last_name, u.email, p.school, p.level, p.curriculum, p.place_code,
                pl.name AS place_name, pl.departement_code, p.radius_km, p.gender
         FROM users u
         LEFT JOIN student_profiles p ON p.user_id = u.id
         LEFT JOIN places pl ON pl.insee_code = p.place_code
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row
        .map(|r| StudentProfileView {
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            school: r.school.unwrap_or_default(),
            level: r.level.and_then(|l| u8::try_from(l).ok()),
            curriculum: r.curriculum.unwrap_or_default(),
            place: match (r.place_code, r.place_name, r.departement_code) {
                (Some(insee_code), Some(name), Some(departement_code)) => Some(PlaceRef {
                    insee_code,
                    name,
                    departement_code,
                }),
                _ => None,
            },
            radius_km: r.radius_km,
            gender: r.gender,
        })
        .unwrap_or_default())
}

pub async fn save_student_profile(
    db: &Db,
    user_id: i64,
    profile: &ValidProfile,
    place_code: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET first_name = $1, last_name = $2 WHERE id = $3")
        .bind(&profile.first_name)
        .bind(&profile.last_name)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    super::users::upsert_student_profile(
        &mut tx,
        user_id,
        &super::users::StudentProfile {
            school: profile.school.clone(),
            level: i64::from(profile.level),
            curriculum: profile.curriculum.clone(),
            place_code: place_code.to_string(),
            radius_km: profile.radius_km,
            gender: profile.gender,
        },
    )
    .await?;
    super::audit::record(
        &mut tx,
        Some(user_id),
        "profil_modifie",
        "user",
        &user_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates the draft application when there is none, then locks the row.
/// Returns its id and status.
async fn lock_application(
    tx: &mut AnyConnection,
    edition_id: i64,
    student_id: i64,
) -> Result<(i64, ApplicationStatus)> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO applications (edition_id, student_id, status, created_at, updated_at)
         VALUES ($1, $2, 'brouillon', $3, $3) ON CONFLICT (edition_id, student_id) DO NOTHING",
    )
    .bind(edition_id)
    .bind(student_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (id, status): (i64, String) = sqlx::query_as(
        "UPDATE applications SET updated_at = updated_at WHERE edition_id = $1 AND student_id = $2
         RETURNING id, status",
    )
    .bind(edition_id)
    .bind(student_id)
    .fetch_one(&mut *tx)
    .await?;
    let status = ApplicationStatus::parse(&status)
        .ok_or_else(|| super::Error::InvalidData(format!("statut de candidature {status}")))?;
    Ok((id, status))
}

async fn wishes_of(tx: &mut AnyConnection, application_id: i64) -> Result<WishList> {
    let offers: Vec<i64> =
        sqlx::query_scalar("SELECT offer_id FROM wishes WHERE application_id = $1 ORDER BY rank")
            .bind(application_id)
            .fetch_all(&mut *tx)
            .await?;
    Ok(WishList::new(offers))
}

async fn replace_wishes(
    tx: &mut AnyConnection,
    application_id: i64,
    wishes: &WishList,
) -> Result<()> {
    sqlx::query("DELETE FROM wishes WHERE application_id = $1")
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
    for (index, offer) in wishes.offers().iter().enumerate() {
        sqlx::query("INSERT INTO wishes (application_id, rank, offer_id) VALUES ($1, $2, $3)")
            .bind(application_id)
            .bind(index as i64 + 1)
            .bind(offer)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE applications SET updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

fn refuse_when_decided(status: ApplicationStatus) -> std::result::Result<(), Refusal> {
    match status {
        ApplicationStatus::Paired | ApplicationStatus::Unpaired => Err(Refusal::PairsFormed),
        _ => Ok(()),
    }
}

/// Applies `change` to the caller's ranked wishes (creating the draft application if
/// needed) and saves the result. `change` returns the value to report, or a refusal.
pub async fn change_wishes<T>(
    db: &Db,
    edition: &EditionForApplications,
    student_id: i64,
    change: impl FnOnce(&mut WishList, usize) -> std::result::Result<T, Refusal>,
) -> Result<T, Refusable> {
    let mut tx = db.begin_write().await?;
    let (application_id, status) = lock_application(&mut tx, edition.id, student_id).await?;
    refuse_when_decided(status)?;
    let mut wishes = wishes_of(&mut tx, application_id).await?;
    let before = wishes.clone();
    let max = usize::try_from(edition.max_wishes).unwrap_or(0);
    let outcome = change(&mut wishes, max)?;
    if wishes != before {
        replace_wishes(&mut tx, application_id, &wishes).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Whether an offer can be wished for in the edition (published in it).
pub async fn offer_is_open(db: &Db, edition_id: i64, offer_id: i64) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM offers WHERE id = $1 AND edition_id = $2 AND status = 'publiee'",
    )
    .bind(offer_id)
    .bind(edition_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// What saving the application form did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    /// The application went from draft or withdrawn to sent (e-mail queued).
    Sent,
    /// It was already sent: nothing changed status.
    AlreadySent,
    /// Sending was asked but the application is incomplete.
    Incomplete(crate::domain::form::FormErrors),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    SaveDraft,
    Send,
}

/// Saves motivation, consent and criteria; with `Intent::Send`, sends the application
/// when it is complete. A second send of a sent application changes nothing.
pub async fn save_application(
    db: &Db,
    edition: &EditionForApplications,
    student_id: i64,
    details: &ApplicationDetailsForm,
    intent: Intent,
    confirmation: impl FnOnce(i64, i64) -> OutgoingEmail,
) -> Result<SaveOutcome, Refusable> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (application_id, status) = lock_application(&mut tx, edition.id, student_id).await?;
    refuse_when_decided(status)?;
    if intent == Intent::Send {
        let wishes = wishes_of(&mut tx, application_id).await?;
        let profile_complete: Option<i64> =
            sqlx::query_scalar("SELECT user_id FROM student_profiles WHERE user_id = $1")
                .bind(student_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (level, accepted): (Option<i64>, i64) = sqlx::query_as(
            "SELECT (SELECT level FROM student_profiles WHERE user_id = $1), levels_mask FROM editions WHERE id = $2",
        )
        .bind(student_id)
        .bind(edition.id)
        .fetch_one(&mut *tx)
        .await?;
        if let (Some(level), Some(accepted)) = (level, LevelSet::from_mask(accepted)) {
            if !accepted.contains(u8::try_from(level).unwrap_or(0)) {
                return Err(Refusal::LevelNotAccepted {
                    accepted: accepted.label(),
                    level,
                }
                .into());
            }
        }
        let mut errors = crate::domain::form::FormErrors::new();
        check_before_sending(details, &wishes, profile_complete.is_some(), &mut errors);
        if !errors.is_empty() {
            // Nothing is half-saved: an incomplete send saves nothing.
            return Ok(SaveOutcome::Incomplete(errors));
        }
    }
    sqlx::query(
        "UPDATE applications SET motivation = $1,
             consent_at = CASE WHEN $2 = 1 THEN COALESCE(consent_at, $3) ELSE NULL END,
             updated_at = $3
         WHERE id = $4",
    )
    .bind(&details.motivation)
    .bind(i64::from(details.consent))
    .bind(now)
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM application_jobs WHERE application_id = $1")
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
    for job in &details.jobs {
        sqlx::query(
            "INSERT INTO application_jobs (application_id, job_id) SELECT $1, id FROM jobs WHERE id = $2",
        )
        .bind(application_id)
        .bind(job)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM application_administrations WHERE application_id = $1")
        .bind(application_id)
        .execute(&mut *tx)
        .await?;
    for administration in &details.administrations {
        sqlx::query(
            "INSERT INTO application_administrations (application_id, administration_id)
             SELECT $1, id FROM administrations WHERE id = $2",
        )
        .bind(application_id)
        .bind(administration)
        .execute(&mut *tx)
        .await?;
    }
    let outcome = match intent {
        Intent::SaveDraft => SaveOutcome::Saved,
        Intent::Send => {
            let sent = sqlx::query(
                "UPDATE applications SET status = 'envoyee', submitted_at = $1
                 WHERE id = $2 AND status IN ('brouillon', 'retiree')",
            )
            .bind(now)
            .bind(application_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if sent == 1 {
                keep_student_groups(&mut tx, application_id).await?;
                outbox::enqueue(&mut tx, &confirmation(application_id, now)).await?;
                super::audit::record(
                    &mut tx,
                    Some(student_id),
                    "candidature_envoyee",
                    "application",
                    &application_id.to_string(),
                )
                .await?;
                SaveOutcome::Sent
            } else {
                SaveOutcome::AlreadySent
            }
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Withdraws a sent application, with its pair while the pairs are not announced (the
/// seat goes back to the offer); returns false when it was not sent.
pub async fn withdraw(db: &Db, edition_id: i64, student_id: i64) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    // After the pairs' publication (same lock), the application is no longer 'envoyee'.
    super::pairing::lock_edition(&mut tx, edition_id).await?;
    let withdrawn: Option<i64> = sqlx::query_scalar(
        "UPDATE applications SET status = 'retiree', updated_at = $1
         WHERE edition_id = $2 AND student_id = $3 AND status = 'envoyee' RETURNING id",
    )
    .bind(now_ms())
    .bind(edition_id)
    .bind(student_id)
    .fetch_optional(&mut *tx)
    .await?;
    let mut seat_freed = false;
    if let Some(id) = withdrawn {
        seat_freed = super::pairing::drop_unannounced_pair(&mut tx, edition_id, student_id).await?;
        super::audit::record(
            &mut tx,
            Some(student_id),
            "candidature_retiree",
            "application",
            &id.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    if seat_freed {
        db.invalidate_catalogue();
    }
    Ok(withdrawn.is_some())
}

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: i64,
    status: String,
    motivation: String,
    consent_at: Option<i64>,
    submitted_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct WishRow {
    rank: i64,
    offer_id: i64,
    title: String,
    job: String,
    administration: String,
    insee_code: String,
    place_name: String,
    departement_code: String,
    status: String,
}

/// Everything the application page shows, for one student.
pub async fn application_view(
    db: &Db,
    edition: &EditionForApplications,
    window_state: WindowState,
    student_id: i64,
) -> Result<ApplicationView> {
    let application: Option<ApplicationRow> = sqlx::query_as(
        "SELECT id, status, motivation, consent_at, submitted_at FROM applications
         WHERE edition_id = $1 AND student_id = $2",
    )
    .bind(edition.id)
    .bind(student_id)
    .fetch_optional(db.pool())
    .await?;
    let application_id = application.as_ref().map_or(-1, |a| a.id);
    let wishes: Vec<WishRow> = sqlx::query_as(
        "SELECT w.rank, o.id AS offer_id, o.title, j.name AS job, a.name AS administration,
                p.insee_code, p.name AS place_name, p.departement_code, o.status
         FROM wishes w
         JOIN offers o ON o.id = w.offer_id
         JOIN jobs j ON j.id = o.job_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN places p ON p.insee_code = o.place_code
         WHERE w.application_id = $1
         ORDER BY w.rank",
    )
    .bind(application_id)
    .fetch_all(db.pool())
    .await?;
    let jobs: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT j.id, j.name, CASE WHEN aj.job_id IS NULL THEN 0 ELSE 1 END
         FROM jobs j LEFT JOIN application_jobs aj ON aj.job_id = j.id AND aj.application_id = $1
         ORDER BY j.name",
    )
    .bind(application_id)
    .fetch_all(db.pool())
    .await?;
    let administrations: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT a.id, a.name, CASE WHEN aa.administration_id IS NULL THEN 0 ELSE 1 END
         FROM administrations a
         LEFT JOIN application_administrations aa ON aa.administration_id = a.id AND aa.application_id = $1
         WHERE a.kind IN ('ministere', 'operateur')
         ORDER BY a.name",
    )
    .bind(application_id)
    .fetch_all(db.pool())
    .await?;
    let choice = |(id, label, selected): (i64, String, i64)| Choice {
        id,
        label,
        selected: selected == 1,
    };
    Ok(ApplicationView {
        edition_name: edition.name.clone(),
        window: edition.window.clone(),
        window_state,
        max_wishes: edition.max_wishes,
        status: application
            .as_ref()
            .and_then(|a| ApplicationStatus::parse(&a.status)),
        wishes: wishes
            .into_iter()
            .map(|w| WishView {
                rank: w.rank,
                offer_id: w.offer_id,
                title: w.title,
                job: w.job,
                administration: w.administration,
                place: PlaceRef {
                    insee_code: w.insee_code,
                    name: w.place_name,
                    departement_code: w.departement_code,
                },
                published: w.status == "publiee",
            })
            .collect(),
        jobs: jobs.into_iter().map(choice).collect(),
        administrations: administrations.into_iter().map(choice).collect(),
        motivation: application
            .as_ref()
            .map(|a| a.motivation.clone())
            .unwrap_or_default(),
        consent: application.as_ref().is_some_and(|a| a.consent_at.is_some()),
        submitted_at: application.as_ref().and_then(|a| a.submitted_at),
        profile: student_profile(db, student_id).await?,
        pair: super::pairs::pairs_of(
            db,
            edition.id,
            crate::domain::pair::PairSide::Student,
            student_id,
        )
        .await?
        .pop(),
    })
}

/// Rank of an offer among the student's wishes in the edition.
pub async fn wish_rank(
    db: &Db,
    edition_id: i64,
    student_id: i64,
    offer_id: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT w.rank FROM wishes w JOIN applications a ON a.id = w.application_id
         WHERE a.edition_id = $1 AND a.student_id = $2 AND w.offer_id = $3",
    )
    .bind(edition_id)
    .bind(student_id)
    .bind(offer_id)
    .fetch_optional(db.pool())
    .await?)
}

/// An ambassador's offers in the edition with the number of sent applications wishing
/// for each (never who).
pub async fn wish_counts_for_ambassador(
    db: &Db,
    edition_id: i64,
    ambassador_id: i64,
) -> Result<Vec<(i64, String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.title, o.status,
                (SELECT COUNT(*) FROM wishes w JOIN applications a ON a.id = w.application_id
                 WHERE w.offer_id = o.id AND a.status = 'envoyee')
         FROM offers o WHERE o.edition_id = $1 AND o.ambassador_id = $2 ORDER BY o.id",
    )
    .bind(edition_id)
    .bind(ambassador_id)
    .fetch_all(db.pool())
    .await?)
}

/// A sent application with its ranked wishes and consent (demo data).
pub async fn insert_sent(
    db: &Db,
    edition_id: i64,
    student_id: i64,
    wishes: &[i64],
    motivation: &str,
) -> Result<i64> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO applications (edition_id, student_id, status, motivation, consent_at, submitted_at, created_at, updated_at)
         VALUES ($1, $2, 'envoyee', $3, $4, $4, $4, $4) RETURNING id",
    )
    .bind(edition_id)
    .bind(student_id)
    .bind(motivation)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    replace_wishes(&mut tx, id, &WishList::new(wishes.to_vec())).await?;
    keep_student_groups(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Copies the student's level, gender and département onto the application being sent:
/// the statistics count it in these groups even if the profile changes afterwards.
async fn keep_student_groups(tx: &mut AnyConnection, application_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE applications SET
             student_level = (SELECT s.level FROM student_profiles s WHERE s.user_id = applications.student_id),
             student_gender = (SELECT s.gender FROM student_profiles s WHERE s.user_id = applications.student_id),
             student_departement_code = (SELECT p.departement_code FROM student_profiles s
                 JOIN places p ON p.insee_code = s.place_code WHERE s.user_id = applications.student_id)
         WHERE id = $1",
    )
    .bind(application_id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
