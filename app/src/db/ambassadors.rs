//! The ambassador's own profile.

use super::{now_ms, Db, Result};
use crate::domain::ambassador::{AmbassadorProfileView, ValidAmbassadorProfile};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    first_name: String,
    last_name: String,
    email: String,
    job_title: Option<String>,
    administration: Option<String>,
    phone: Option<String>,
    presentation: Option<String>,
}

/// The profile of `user_id` (empty fields before the first save), with the form's
/// choice of administrations.
pub async fn profile(db: &Db, user_id: i64) -> Result<AmbassadorProfileView> {
    let row: ProfileRow = sqlx::query_as(
        "SELECT u.first_name, u.last_name, u.email, p.job_title, a.slug AS administration,
                p.phone, p.presentation
         FROM users u
         LEFT JOIN ambassador_profiles p ON p.user_id = u.id
         LEFT JOIN administrations a ON a.id = p.administration_id
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await?;
    let options = super::catalogue::filter_options(db).await?;
    Ok(AmbassadorProfileView {
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        job_title: row.job_title.unwrap_or_default(),
        administration: row.administration,
        phone: row.phone,
        presentation: row.presentation.unwrap_or_default(),
        administrations: options.administrations,
    })
}

/// Saves the profile; `false` when its administration is not in the directory. An
/// organiser's validation of the ambassador stays as it was.
pub async fn save_profile(db: &Db, user_id: i64, profile: &ValidAmbassadorProfile) -> Result<bool> {
    let administration: Option<i64> =
        sqlx::query_scalar("SELECT id FROM administrations WHERE slug = $1")
            .bind(&profile.administration)
            .fetch_optional(db.pool())
            .await?;
    let Some(administration) = administration else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO ambassador_profiles
             (user_id, job_title, administration_id, phone, presentation, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) DO UPDATE SET job_title = $2, administration_id = $3,
             phone = $4, presentation = $5, updated_at = $6",
    )
    .bind(user_id)
    .bind(&profile.job_title)
    .bind(administration)
    .bind(profile.phone.as_deref())
    .bind(&profile.presentation)
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    Ok(true)
}
