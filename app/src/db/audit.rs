//! The audit log of state changes, written in the same transaction as the change.

use super::{now_ms, Db, Result};

pub async fn record(
    tx: &mut sqlx::AnyConnection,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: &str,
) -> Result<()> {
    record_with(
        tx,
        actor_id,
        action,
        entity,
        entity_id,
        &serde_json::json!({}),
    )
    .await
}

/// Records a change with what explains it (a refusal's reason, the fields changed);
/// never secrets.
pub async fn record_with(
    tx: &mut sqlx::AnyConnection,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, entity, entity_id, details, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(details.to_string())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Records an event that changes nothing else (a sign-in, a refused attempt), on a
/// connection of its own.
pub async fn record_event(
    db: &Db,
    actor_id: Option<i64>,
    action: &str,
    entity_id: &str,
    details: &serde_json::Value,
) -> Result<()> {
    let mut connection = db.pool().acquire().await?;
    record_with(
        &mut connection,
        actor_id,
        action,
        "user",
        entity_id,
        details,
    )
    .await
}
