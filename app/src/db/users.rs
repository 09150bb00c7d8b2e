//! User accounts and profiles.

use super::{now_ms, Db, Result};

#[derive(Clone, Debug)]
pub struct NewUser {
    pub email: String,
    pub role: &'static str,
    pub first_name: String,
    pub last_name: String,
    pub password_hash: Option<String>,
    pub verified: bool,
}

pub async fn insert(db: &Db, user: &NewUser) -> Result<i64> {
    let now = now_ms();
    let id = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role, first_name, last_name, email_verified_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(user.email.to_lowercase())
    .bind(user.password_hash.as_deref())
    .bind(user.role)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(user.verified.then_some(now))
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

#[derive(Clone, Debug)]
pub struct StudentProfile {
    pub school: String,
    pub level: i64,
    pub curriculum: String,
    pub place_code: String,
    pub radius_km: i64,
    pub gender: Option<&'static str>,
}

pub async fn upsert_student_profile(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    profile: &StudentProfile,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO student_profiles (user_id, school, level, curriculum, place_code, radius_km, gender, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id) DO UPDATE SET school = $2, level = $3, curriculum = $4, place_code = $5,
             radius_km = $6, gender = $7, updated_at = $8",
    )
    .bind(user_id)
    .bind(&profile.school)
    .bind(profile.level)
    .bind(&profile.curriculum)
    .bind(&profile.place_code)
    .bind(profile.radius_km)
    .bind(profile.gender)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn upsert_ambassador_profile(
    db: &Db,
    user_id: i64,
    job_title: &str,
    administration_id: i64,
    validated: bool,
) -> Result<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO ambassador_profiles (user_id, job_title, administration_id, validated_at, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id) DO UPDATE SET job_title = $2, administration_id = $3, validated_at = $4, updated_at = $5",
    )
    .bind(user_id)
    .bind(job_title)
    .bind(administration_id)
    .bind(validated.then_some(now))
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(())
}
