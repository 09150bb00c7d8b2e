//! Editions of the programme.

use super::{now_ms, Db, Result};
use crate::domain::catalogue::EditionInfo;

/// What it takes to create an edition; dates are 'YYYY-MM-DD' and must follow the
/// calendar order (the schema refuses them otherwise).
#[derive(Clone, Debug)]
pub struct NewEdition {
    pub slug: String,
    pub name: String,
    pub status: &'static str,
    pub applications_open_on: String,
    pub applications_close_on: String,
    pub pairing_on: String,
    pub announcement_on: String,
    pub immersion_on: String,
    pub max_wishes: i64,
}

pub async fn insert(db: &Db, edition: &NewEdition) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO editions (kind, slug, name, status, applications_open_on, applications_close_on,
             pairing_on, announcement_on, immersion_on, max_wishes, created_at)
         VALUES ('journee_immersion', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id",
    )
    .bind(&edition.slug)
    .bind(&edition.name)
    .bind(edition.status)
    .bind(&edition.applications_open_on)
    .bind(&edition.applications_close_on)
    .bind(&edition.pairing_on)
    .bind(&edition.announcement_on)
    .bind(&edition.immersion_on)
    .bind(edition.max_wishes)
    .bind(now_ms())
    .fetch_one(db.pool())
    .await?;
    db.invalidate_catalogue();
    Ok(id)
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM editions")
        .fetch_one(db.pool())
        .await?)
}

#[derive(sqlx::FromRow)]
struct CurrentRow {
    id: i64,
    name: String,
    status: String,
    applications_open_on: String,
    applications_close_on: String,
    announcement_on: String,
    immersion_on: String,
    max_wishes: i64,
}

/// The edition the public catalogue shows: the open one, else the most recent.
pub async fn current(db: &Db) -> Result<Option<(i64, EditionInfo)>> {
    let row: Option<CurrentRow> = sqlx::query_as(
        "SELECT id, name, status, applications_open_on, applications_close_on, announcement_on, immersion_on,
                max_wishes
         FROM editions
         WHERE status <> 'brouillon'
         ORDER BY CASE status WHEN 'ouverte' THEN 0 ELSE 1 END, immersion_on DESC, id DESC
         LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|r| {
        (
            r.id,
            EditionInfo {
                name: r.name,
                status: r.status,
                applications_open_on: r.applications_open_on,
                applications_close_on: r.applications_close_on,
                announcement_on: r.announcement_on,
                immersion_on: r.immersion_on,
                max_wishes: r.max_wishes,
            },
        )
    }))
}
