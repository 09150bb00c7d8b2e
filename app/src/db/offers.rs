//! Hosting offers: creation and publication (the catalogue reads are in `catalogue`).

use super::{now_ms, Db, Error, Result};
use crate::domain::catalogue::ProgrammeItem;
use crate::domain::level::LevelSet;
use crate::domain::text::fold;

#[derive(Clone, Debug)]
pub struct NewOffer {
    pub edition_id: i64,
    pub ambassador_id: i64,
    pub job_id: i64,
    pub administration_id: i64,
    pub place_code: String,
    pub address: String,
    pub title: String,
    pub description: String,
    pub team: String,
    pub capacity: i64,
    pub levels: LevelSet,
    pub id_check_required: bool,
    pub step_free_access: bool,
    pub access_notes: String,
    pub status: &'static str,
    pub programme: Vec<ProgrammeItem>,
}

/// What an offer's place, job and administration imply for its denormalised columns.
#[derive(sqlx::FromRow)]
struct OfferContext {
    place: String,
    departement: String,
    region: String,
    lat: f64,
    lon: f64,
    job: String,
    administration: String,
    acronym: Option<String>,
    ministry_id: i64,
    ministry: String,
}

/// Inserts an offer and its programme in one transaction. Place, région, ministry and
/// the folded search text are derived here so the catalogue can filter on plain columns.
pub async fn insert(db: &Db, offer: &NewOffer) -> Result<i64> {
    let mut tx = db.pool().begin().await?;
    let context: Option<OfferContext> = sqlx::query_as(
        "SELECT p.name AS place, p.departement_code AS departement, d.region_code AS region, p.lat, p.lon,
                j.name AS job, a.name AS administration, a.acronym, a.ministry_id, m.name AS ministry
         FROM places p
         JOIN departements d ON d.code = p.departement_code
         JOIN jobs j ON j.id = $2
         JOIN administrations a ON a.id = $3
         JOIN administrations m ON m.id = a.ministry_id
         WHERE p.insee_code = $1",
    )
    .bind(&offer.place_code)
    .bind(offer.job_id)
    .bind(offer.administration_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(OfferContext {
        place,
        departement,
        region,
        lat,
        lon,
        job,
        administration,
        acronym,
        ministry_id,
        ministry,
    }) = context
    else {
        return Err(Error::InvalidData(format!(
            "offre « {} » : commune, métier ou administration inconnus",
            offer.title
        )));
    };
    let search_text = fold(&format!(
        "{} {job} {administration} {} {ministry} {place} {departement} {}",
        offer.title,
        acronym.unwrap_or_default(),
        offer.description
    ));
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO offers (edition_id, ambassador_id, job_id, administration_id, ministry_id, place_code,
             departement_code, region_code, lat, lon, address, title, description, team, capacity,
             levels_mask, id_check_required, step_free_access, access_notes, status, search_text,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22, $22)
         RETURNING id",
    )
    .bind(offer.edition_id)
    .bind(offer.ambassador_id)
    .bind(offer.job_id)
    .bind(offer.administration_id)
    .bind(ministry_id)
    .bind(&offer.place_code)
    .bind(departement)
    .bind(region)
    .bind(lat)
    .bind(lon)
    .bind(&offer.address)
    .bind(&offer.title)
    .bind(&offer.description)
    .bind(&offer.team)
    .bind(offer.capacity)
    .bind(offer.levels.mask())
    .bind(i64::from(offer.id_check_required))
    .bind(i64::from(offer.step_free_access))
    .bind(&offer.access_notes)
    .bind(offer.status)
    .bind(search_text)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    for (position, item) in offer.programme.iter().enumerate() {
        sqlx::query(
            "INSERT INTO programme_items (offer_id, position, starts_at, title, details) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&item.starts_at)
        .bind(&item.title)
        .bind(&item.details)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(id)
}

/// Takes `count` seats of an offer if that many are left; false when it is full.
/// The guarded UPDATE makes the check and the write one atomic step.
pub async fn take_seats(db: &Db, offer_id: i64, count: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE offers SET seats_taken = seats_taken + $2, updated_at = $3
         WHERE id = $1 AND seats_taken + $2 <= capacity",
    )
    .bind(offer_id)
    .bind(count)
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    db.invalidate_catalogue();
    Ok(done.rows_affected() == 1)
}
