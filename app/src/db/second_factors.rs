//! Organisers' second factor: the TOTP secret with its last step used, and the recovery
//! codes (hashed, single use).

use super::{now_ms, Db, Result};

/// The secret of an enrolled account, if it is enrolled.
pub async fn secret(db: &Db, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT secret FROM second_factors WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Enrols an account: its secret, the step of the code that confirmed it (already
/// used), its recovery codes' hashes. A previous enrolment and its codes are replaced.
pub async fn enrol(
    db: &Db,
    user_id: i64,
    secret: &str,
    confirmed_step: i64,
    recovery_code_hashes: &[String],
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    forget_in(&mut tx, user_id).await?;
    sqlx::query(
        "INSERT INTO second_factors (user_id, secret, last_step, enrolled_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(secret)
    .bind(confirmed_step)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    for hash in recovery_code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    super::audit::record(
        &mut tx,
        Some(user_id),
        "double_authentification_activee",
        "user",
        &user_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks `step` used if it is later than the last one used: false when the code was
/// already used (or an earlier one since), whichever server process saw it first.
pub async fn use_step(db: &Db, user_id: i64, step: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE second_factors SET last_step = $1 WHERE user_id = $2 AND last_step < $1",
    )
    .bind(step)
    .bind(user_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's recovery codes not used yet: (id, hash).
pub async fn unused_recovery_codes(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, code_hash FROM recovery_codes
         WHERE user_id = $1 AND used_at IS NULL ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?)
}

/// Uses a recovery code once: false if another request used it first.
pub async fn use_recovery_code(db: &Db, user_id: i64, code_id: i64) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 WHERE id = $2 AND user_id = $3 AND used_at IS NULL",
    )
    .bind(now_ms())
    .bind(code_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    super::audit::record(
        &mut tx,
        Some(user_id),
        "code_de_secours_utilise",
        "user",
        &user_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes an account's second factor (a lost phone, through the command line) and ends
/// its sessions: the next sign-in enrols again.
pub async fn forget(db: &Db, user_id: i64) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let removed = forget_in(&mut tx, user_id).await?;
    super::sessions::delete_for_user(&mut tx, user_id).await?;
    super::audit::record(
        &mut tx,
        None,
        "double_authentification_retiree",
        "user",
        &user_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(removed)
}

async fn forget_in(tx: &mut sqlx::AnyConnection, user_id: i64) -> Result<bool> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let removed = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(removed.rows_affected() > 0)
}
