//! An edition's live figures, read from the running totals the database's triggers keep
//! (`statistic_tallies`, see migration 0015): a few hundred rows whatever the size of the
//! edition, so that a dashboard reads them in a few milliseconds.

use super::{Db, Result};
use crate::domain::statistics::{EditionStatistics, EditionWindow, Names, Tally};

#[derive(sqlx::FromRow)]
struct TallyRow {
    dimension: String,
    key: String,
    n: i64,
    places: i64,
    taken: i64,
}

impl From<TallyRow> for Tally {
    fn from(r: TallyRow) -> Tally {
        Tally {
            dimension: r.dimension,
            key: r.key,
            n: r.n,
            places: r.places,
            taken: r.taken,
        }
    }
}

/// The running totals of an edition (the change counter left out).
pub async fn tallies(db: &Db, edition_id: i64) -> Result<Vec<Tally>> {
    let rows: Vec<TallyRow> = sqlx::query_as(
        "SELECT dimension, key, n, places, taken FROM statistic_tallies
         WHERE edition_id = $1 AND dimension <> '_changements' ORDER BY dimension, key",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(Tally::from).collect())
}

/// The same totals counted from the rows themselves (slow: for tests and checks). Equal
/// to [`tallies`], zero totals aside, as long as the triggers do their work.
pub async fn recount(db: &Db, edition_id: i64) -> Result<Vec<Tally>> {
    let rows: Vec<TallyRow> = sqlx::query_as(
        "SELECT dimension, key, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(places) AS BIGINT) AS places,
                CAST(SUM(taken) AS BIGINT) AS taken
         FROM statistic_contributions WHERE edition_id = $1
         GROUP BY dimension, key ORDER BY dimension, key",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(Tally::from).collect())
}

/// How many times the edition's figures changed (SQLite only: PostgreSQL announces the
/// changes with `NOTIFY` instead of counting them).
pub async fn change_count(db: &Db, edition_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(n), 0) FROM statistic_tallies
         WHERE edition_id = $1 AND dimension = '_changements'",
    )
    .bind(edition_id)
    .fetch_one(db.pool())
    .await?)
}

/// Every edition, the latest first, for the dashboard's choice of edition.
pub async fn editions(db: &Db) -> Result<Vec<(i64, String)>> {
    Ok(
        sqlx::query_as("SELECT id, name FROM editions ORDER BY immersion_on DESC, id DESC")
            .fetch_all(db.pool())
            .await?,
    )
}

async fn names(db: &Db) -> Result<Names> {
    let jobs: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, slug, name FROM jobs")
        .fetch_all(db.pool())
        .await?;
    let ministries: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM administrations WHERE kind = 'ministere'")
            .fetch_all(db.pool())
            .await?;
    let regions: Vec<(String, String)> = sqlx::query_as("SELECT code, name FROM regions")
        .fetch_all(db.pool())
        .await?;
    let departements: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name, region_code FROM departements")
            .fetch_all(db.pool())
            .await?;
    Ok(Names {
        jobs: jobs
            .into_iter()
            .map(|(id, slug, name)| (id.to_string(), (slug, name)))
            .collect(),
        ministries: ministries
            .into_iter()
            .map(|(id, slug, name)| (id.to_string(), (slug, name)))
            .collect(),
        regions: regions.into_iter().collect(),
        departements: departements
            .into_iter()
            .map(|(code, name, region)| (code, (name, region)))
            .collect(),
    })
}

/// The dashboard's figures of an edition, `None` when it does not exist.
pub async fn edition_statistics(db: &Db, edition_id: i64) -> Result<Option<EditionStatistics>> {
    let Some(edition) = super::editions::get(db, edition_id).await? else {
        return Ok(None);
    };
    let window = EditionWindow {
        id: edition_id,
        name: edition.title,
        applications_open_on: edition.calendar.applications_open_on,
        applications_close_on: edition.calendar.applications_close_on,
    };
    let tallies = tallies(db, edition_id).await?;
    let names = names(db).await?;
    Ok(Some(EditionStatistics::from_tallies(
        &window,
        &tallies,
        &names,
        super::now_ms(),
    )))
}
