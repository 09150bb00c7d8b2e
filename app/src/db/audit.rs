//! The audit log of state changes, written in the same transaction as the change.

use super::{now_ms, Result};

pub async fn record(
    tx: &mut sqlx::AnyConnection,
    actor_id: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (actor_id, action, entity, entity_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(actor_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}
