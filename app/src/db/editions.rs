//! Editions of the programme: their calendar, settings and state.

use super::{now_ms, Db, Refusable, Result};
use crate::domain::catalogue::EditionInfo;
use crate::domain::date::Date;
use crate::domain::edition::*;
use crate::domain::level::LevelSet;
use crate::domain::refusal::Refusal;
use crate::matching::Weights;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use sqlx::{Any, AnyConnection};

/// Stored weights; '{}' (an edition from before they were set) reads as the programme's.
fn weights_from(stored: &str, max_wishes: i64) -> Weights {
    serde_json::from_str(stored)
        .unwrap_or_else(|_| Weights::programme_default(usize::try_from(max_wishes).unwrap_or(5)))
}

fn weights_json(weights: &Weights) -> String {
    serde_json::to_string(weights).unwrap_or_else(|_| "{}".into())
}

/// A slug no other edition has: the title's, numbered when taken.
async fn free_slug(tx: &mut AnyConnection, title: &str) -> Result<String> {
    let base = crate::domain::text::slugify(title);
    let mut slug = base.clone();
    for n in 2.. {
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM editions WHERE slug = $1")
            .bind(&slug)
            .fetch_one(&mut *tx)
            .await?;
        if taken == 0 {
            break;
        }
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

/// Binds an edition's settings as `$1` to `$13`, in the order of the columns kind, name,
/// the seven dates, max_wishes, levels_mask, pairing_weights and
/// personal_data_retention_days (one order for the insert and the update).
fn bind_settings<'q, O>(
    query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    edition: &ValidEdition,
) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
    let c = &edition.calendar;
    query
        .bind(edition.kind.as_str())
        .bind(edition.title.clone())
        .bind(c.ambassadors_open_on.to_string())
        .bind(c.ambassadors_close_on.to_string())
        .bind(c.applications_open_on.to_string())
        .bind(c.applications_close_on.to_string())
        .bind(c.pairing_on.to_string())
        .bind(c.announcement_on.to_string())
        .bind(c.immersion_on.to_string())
        .bind(edition.max_wishes)
        .bind(edition.levels.mask())
        .bind(weights_json(&edition.weights))
        .bind(edition.retention_days)
}

/// Creates an edition in `status`; `actor`, when an organiser creates it, is audited.
pub async fn insert(
    db: &Db,
    edition: &ValidEdition,
    status: EditionStatus,
    actor: Option<i64>,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let slug = free_slug(&mut tx, &edition.title).await?;
    let (id,): (i64,) = bind_settings(
        sqlx::query_as(
            "INSERT INTO editions (kind, name, ambassadors_open_on, ambassadors_close_on,
                 applications_open_on, applications_close_on, pairing_on, announcement_on, immersion_on,
                 max_wishes, levels_mask, pairing_weights, personal_data_retention_days,
                 slug, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             RETURNING id",
        ),
        edition,
    )
    .bind(&slug)
    .bind(status.as_str())
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    if actor.is_some() {
        super::audit::record(&mut tx, actor, "edition_creee", "edition", &id.to_string()).await?;
    }
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(id)
}

pub enum UpdateOutcome {
    Updated,
    NotFound,
    /// An application already ranks this many wishes, more than the new maximum.
    MaxWishesBelowUsed(i64),
}

/// Changes an edition's calendar and settings. An archived edition is kept as it was.
pub async fn update(
    db: &Db,
    actor: i64,
    edition_id: i64,
    edition: &ValidEdition,
) -> Result<UpdateOutcome, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some((status, _)) = lock(&mut tx, edition_id).await? else {
        return Ok(UpdateOutcome::NotFound);
    };
    if status == EditionStatus::Archived {
        return Err(Refusal::EditionArchived.into());
    }
    let most_wishes: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(w.rank) FROM wishes w JOIN applications a ON a.id = w.application_id
         WHERE a.edition_id = $1",
    )
    .bind(edition_id)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(used) = most_wishes.filter(|used| *used > edition.max_wishes) {
        return Ok(UpdateOutcome::MaxWishesBelowUsed(used));
    }
    let _: (i64,) = bind_settings(
        sqlx::query_as(
            "UPDATE editions SET kind = $1, name = $2, ambassadors_open_on = $3, ambassadors_close_on = $4,
                 applications_open_on = $5, applications_close_on = $6, pairing_on = $7, announcement_on = $8,
                 immersion_on = $9, max_wishes = $10, levels_mask = $11, pairing_weights = $12,
                 personal_data_retention_days = $13
             WHERE id = $14 RETURNING id",
        ),
        edition,
    )
    .bind(edition_id)
    .fetch_one(&mut *tx)
    .await?;
    super::audit::record(
        &mut tx,
        Some(actor),
        "edition_modifiee",
        "edition",
        &edition_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(UpdateOutcome::Updated)
}

fn calendar_from(dates: [&str; 7]) -> Option<Calendar> {
    let [a, b, c, d, e, f, g] = dates.map(Date::parse);
    Some(Calendar {
        ambassadors_open_on: a?,
        ambassadors_close_on: b?,
        applications_open_on: c?,
        applications_close_on: d?,
        pairing_on: e?,
        announcement_on: f?,
        immersion_on: g?,
    })
}

#[derive(sqlx::FromRow)]
struct EditionRow {
    id: i64,
    kind: String,
    name: String,
    status: String,
    ambassadors_open_on: String,
    ambassadors_close_on: String,
    applications_open_on: String,
    applications_close_on: String,
    pairing_on: String,
    announcement_on: String,
    immersion_on: String,
    max_wishes: i64,
    levels_mask: i64,
    pairing_weights: String,
    personal_data_retention_days: i64,
}

const EDITION_COLUMNS: &str = "id, kind, name, status, ambassadors_open_on, ambassadors_close_on,
    applications_open_on, applications_close_on, pairing_on, announcement_on, immersion_on,
    max_wishes, levels_mask, pairing_weights, personal_data_retention_days";

impl EditionRow {
    /// `None` only if the row breaks the schema's checks.
    fn into_edition(self) -> Option<Edition> {
        Some(Edition {
            id: self.id,
            kind: EditionKind::parse(&self.kind)?,
            status: EditionStatus::parse(&self.status)?,
            calendar: calendar_from([
                &self.ambassadors_open_on,
                &self.ambassadors_close_on,
                &self.applications_open_on,
                &self.applications_close_on,
                &self.pairing_on,
                &self.announcement_on,
                &self.immersion_on,
            ])?,
            weights: weights_from(&self.pairing_weights, self.max_wishes),
            levels: LevelSet::from_mask(self.levels_mask)?,
            title: self.name,
            max_wishes: self.max_wishes,
            retention_days: self.personal_data_retention_days,
        })
    }
}

fn corrupt(id: i64) -> super::Error {
    super::Error::InvalidData(format!("édition {id} illisible"))
}

pub async fn get(db: &Db, edition_id: i64) -> Result<Option<Edition>> {
    let row: Option<EditionRow> = sqlx::query_as(&format!(
        "SELECT {EDITION_COLUMNS} FROM editions WHERE id = $1"
    ))
    .bind(edition_id)
    .fetch_optional(db.pool())
    .await?;
    row.map(|r| {
        let id = r.id;
        r.into_edition().ok_or_else(|| corrupt(id))
    })
    .transpose()
}

/// Every edition, the latest immersion day first, with its offers and applications.
pub async fn list(db: &Db) -> Result<Vec<EditionLine>> {
    let rows: Vec<(i64, String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT e.id, e.kind, e.name, e.status, e.immersion_on,
                (SELECT COUNT(*) FROM offers o WHERE o.edition_id = e.id AND o.status = 'publiee'),
                (SELECT COUNT(*) FROM applications a WHERE a.edition_id = e.id AND a.status <> 'brouillon')
         FROM editions e ORDER BY e.immersion_on DESC, e.id DESC",
    )
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(
            |(id, kind, title, status, immersion_on, offers, applications)| {
                Ok(EditionLine {
                    id,
                    kind: EditionKind::parse(&kind).ok_or_else(|| corrupt(id))?,
                    status: EditionStatus::parse(&status).ok_or_else(|| corrupt(id))?,
                    title,
                    immersion_on,
                    offers,
                    applications,
                })
            },
        )
        .collect()
}

/// The edition's figures for its review, in one statement.
pub async fn figures(db: &Db, edition_id: i64) -> Result<EditionFigures> {
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM offers WHERE edition_id = $1 AND status = 'publiee'),
            (SELECT CAST(COALESCE(SUM(capacity), 0) AS BIGINT) FROM offers WHERE edition_id = $1 AND status = 'publiee'),
            (SELECT COUNT(*) FROM applications WHERE edition_id = $1 AND status NOT IN ('brouillon', 'retiree')),
            (SELECT COUNT(*) FROM pairs WHERE edition_id = $1),
            (SELECT COUNT(*) FROM pairs WHERE edition_id = $1
                AND student_confirmed_at IS NOT NULL AND ambassador_confirmed_at IS NOT NULL),
            (SELECT COUNT(*) FROM pair_declines WHERE edition_id = $1),
            (SELECT COUNT(*) FROM pairs WHERE edition_id = $1 AND attendance = 'present'),
            (SELECT COUNT(*) FROM pairs WHERE edition_id = $1 AND attendance = 'absent'),
            (SELECT COUNT(*) FROM feedback f JOIN pairs p ON p.id = f.pair_id WHERE p.edition_id = $1),
            (SELECT COUNT(DISTINCT ambassador_id) FROM offers WHERE edition_id = $1 AND status = 'publiee'),
            (SELECT COUNT(*) FROM coaching_bookings WHERE edition_id = $1 AND attended = 1)",
    )
    .bind(edition_id)
    .fetch_one(db.pool())
    .await?;
    Ok(EditionFigures {
        offers_published: row.0,
        seats: row.1,
        applications_sent: row.2,
        pairs: row.3,
        confirmed_both_sides: row.4,
        declines: row.5,
        present: row.6,
        absent: row.7,
        feedback: row.8,
        ambassadors: row.9,
        coached: row.10,
    })
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM editions")
        .fetch_one(db.pool())
        .await?)
}

/// Serialises the changes to an edition and what hangs on its state (pairs, offers):
/// each writes its row first (row lock on PostgreSQL, write lock on SQLite). Returns
/// its state and calendar, `None` when there is no such edition.
pub(super) async fn lock(
    tx: &mut AnyConnection,
    edition_id: i64,
) -> Result<Option<(EditionStatus, Calendar)>> {
    sqlx::query("UPDATE editions SET status = status WHERE id = $1")
        .bind(edition_id)
        .execute(&mut *tx)
        .await?;
    let row: Option<EditionRow> = sqlx::query_as(&format!(
        "SELECT {EDITION_COLUMNS} FROM editions WHERE id = $1"
    ))
    .bind(edition_id)
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|r| {
        let id = r.id;
        r.into_edition()
            .map(|e| (e.status, e.calendar))
            .ok_or_else(|| corrupt(id))
    })
    .transpose()
}

/// Moves a locked edition on by `action` (refused when it would break the calendar),
/// and audits the change.
pub(super) async fn advance(
    tx: &mut AnyConnection,
    edition_id: i64,
    from: (EditionStatus, Calendar),
    action: EditionAction,
    actor: i64,
) -> Result<EditionStatus, Refusable> {
    let (status, calendar) = from;
    let today = Date::paris_from_unix_ms(now_ms());
    let next = status.after(action, &calendar, today)?;
    sqlx::query("UPDATE editions SET status = $2 WHERE id = $1")
        .bind(edition_id)
        .bind(next.as_str())
        .execute(&mut *tx)
        .await?;
    super::audit::record_with(
        tx,
        Some(actor),
        action.audit_name(),
        "edition",
        &edition_id.to_string(),
        &serde_json::json!({ "avant": status.as_str(), "apres": next.as_str() }),
    )
    .await?;
    Ok(next)
}

/// An organiser's step in the edition's calendar (not the announcement, which goes
/// with its pairs: see `pairing::publish`). `None` when there is no such edition.
pub async fn transition(
    db: &Db,
    actor: i64,
    edition_id: i64,
    action: EditionAction,
) -> Result<Option<EditionStatus>, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some(current) = lock(&mut tx, edition_id).await? else {
        return Ok(None);
    };
    if action == EditionAction::AnnouncePairs {
        return Err(Refusal::EditionTransition {
            action: "annoncer les binômes ici",
            status: current.0.label(),
        }
        .into());
    }
    let next = advance(&mut tx, edition_id, current, action, actor).await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(Some(next))
}

/// The pairing weights the edition set.
pub async fn pairing_weights(db: &Db, edition_id: i64) -> Result<Weights> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT pairing_weights, max_wishes FROM editions WHERE id = $1")
            .bind(edition_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map_or_else(
        || Weights::programme_default(5),
        |(stored, max_wishes)| weights_from(&stored, max_wishes),
    ))
}

/// The edition the public site and every space show: the one taking applications, else
/// the one under way, else the next in preparation, else the last one ended; archived
/// editions are for organisers only.
pub async fn current(db: &Db) -> Result<Option<(i64, EditionInfo)>> {
    let row: Option<EditionRow> = sqlx::query_as(&format!(
        "SELECT {EDITION_COLUMNS} FROM editions
         WHERE status <> 'archivee'
         ORDER BY CASE status WHEN 'candidatures_ouvertes' THEN 0 WHEN 'candidatures_closes' THEN 1
                  WHEN 'binomes_annonces' THEN 2 WHEN 'preparation' THEN 3 ELSE 4 END,
                  immersion_on DESC, id DESC
         LIMIT 1"
    ))
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = row.id;
    let edition = row.into_edition().ok_or_else(|| corrupt(id))?;
    let c = edition.calendar;
    Ok(Some((
        id,
        EditionInfo {
            name: edition.title,
            status: edition.status,
            ambassadors_open_on: c.ambassadors_open_on.to_string(),
            ambassadors_close_on: c.ambassadors_close_on.to_string(),
            applications_open_on: c.applications_open_on.to_string(),
            applications_close_on: c.applications_close_on.to_string(),
            announcement_on: c.announcement_on.to_string(),
            immersion_on: c.immersion_on.to_string(),
            max_wishes: edition.max_wishes,
        },
    )))
}
