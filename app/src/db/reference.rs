//! Reference data: régions, départements, communes, jobs and administrations.

use super::{Db, Error, Result};
use crate::domain::text::fold;
use crate::reference::directory::{AdministrationDefinition, JobDefinition, ADMINISTRATIONS, JOBS};
use crate::reference::{COMMUNES_CSV, DEPARTEMENTS_CSV, REGIONS_CSV};

/// Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bind limits.
const CHUNK_ROWS: usize = 500;

fn csv_rows(text: &'static str, columns: usize) -> Result<Vec<Vec<&'static str>>> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(';').collect();
            if fields.len() == columns {
                Ok(fields)
            } else {
                Err(Error::InvalidData(format!(
                    "ligne « {line} » : {columns} colonnes attendues"
                )))
            }
        })
        .collect()
}

/// Loads régions, départements and communes when the tables are empty (first start).
pub async fn load_places(db: &Db) -> Result<()> {
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM places")
        .fetch_one(db.pool())
        .await?;
    if known > 0 {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    for row in csv_rows(REGIONS_CSV, 2)? {
        sqlx::query("INSERT INTO regions (code, name) VALUES ($1, $2)")
            .bind(row[0])
            .bind(row[1])
            .execute(&mut *tx)
            .await?;
    }
    for row in csv_rows(DEPARTEMENTS_CSV, 4)? {
        sqlx::query("INSERT INTO departements (code, name, region_code, chef_lieu_code) VALUES ($1, $2, $3, $4)")
            .bind(row[0])
            .bind(row[1])
            .bind(row[2])
            .bind(row[3])
            .execute(&mut *tx)
            .await?;
    }
    let communes = csv_rows(COMMUNES_CSV, 7)?;
    for chunk in communes.chunks(CHUNK_ROWS) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p: Vec<String> = (1..=8).map(|c| format!("${}", i * 8 + c)).collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO places (insee_code, name, search_name, departement_code, population, lat, lon, coordinates_estimated) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            let number = |i: usize| -> Result<f64> {
                row[i].parse().map_err(|_| {
                    Error::InvalidData(format!("commune {} : nombre « {} »", row[0], row[i]))
                })
            };
            query = query
                .bind(row[0])
                .bind(row[1])
                .bind(fold(row[1]))
                .bind(row[2])
                .bind(number(3)? as i64)
                .bind(number(4)?)
                .bind(number(5)?)
                .bind(number(6)? as i64);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Inserts or updates a job family, keyed by its slug; returns its id.
pub async fn upsert_job(db: &Db, job: &JobDefinition) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO jobs (slug, name, summary, missions, skills, studies, recruitment)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (slug) DO UPDATE SET name = $2, summary = $3, missions = $4, skills = $5,
             studies = $6, recruitment = $7
         RETURNING id",
    )
    .bind(job.slug)
    .bind(job.name)
    .bind(job.summary)
    .bind(job.missions)
    .bind(job.skills)
    .bind(job.studies)
    .bind(job.recruitment)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

/// Inserts or updates an administration, keyed by its slug; its parent must exist.
pub async fn upsert_administration(db: &Db, admin: &AdministrationDefinition) -> Result<i64> {
    let parent: Option<(i64, Option<i64>)> = match admin.parent {
        Some(slug) => Some(
            sqlx::query_as("SELECT id, ministry_id FROM administrations WHERE slug = $1")
                .bind(slug)
                .fetch_optional(db.pool())
                .await?
                .ok_or_else(|| {
                    Error::InvalidData(format!("{} : parent « {slug} » inconnu", admin.slug))
                })?,
        ),
        None => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO administrations (slug, name, acronym, kind, parent_id, ministry_id, description, website)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (slug) DO UPDATE SET name = $2, acronym = $3, kind = $4, parent_id = $5,
             ministry_id = $6, description = $7, website = $8
         RETURNING id",
    )
    .bind(admin.slug)
    .bind(admin.name)
    .bind(admin.acronym)
    .bind(admin.kind)
    .bind(parent.map(|p| p.0))
    .bind(parent.and_then(|p| p.1))
    .bind(admin.description)
    .bind(admin.website)
    .fetch_one(db.pool())
    .await?;
    if parent.is_none() {
        // A ministry is its own ministry: lets filters treat both levels alike.
        sqlx::query("UPDATE administrations SET ministry_id = id WHERE id = $1")
            .bind(id)
            .execute(db.pool())
            .await?;
    }
    Ok(id)
}

/// Brings jobs and administrations in line with the definitions shipped in the binary.
pub async fn sync_catalogue_reference(db: &Db) -> Result<()> {
    for job in JOBS {
        upsert_job(db, job).await?;
    }
    for admin in ADMINISTRATIONS {
        upsert_administration(db, admin).await?;
    }
    Ok(())
}
