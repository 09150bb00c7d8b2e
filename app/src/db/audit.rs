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

/// Records an organiser's action on a whole edition (an export, say), on a connection
/// of its own.
pub async fn record_edition_event(
    db: &Db,
    actor_id: i64,
    action: &str,
    edition_id: i64,
    details: &serde_json::Value,
) -> Result<()> {
    let mut connection = db.pool().acquire().await?;
    record_with(
        &mut connection,
        Some(actor_id),
        action,
        "edition",
        &edition_id.to_string(),
        details,
    )
    .await
}

/// One page of the log, the newest first, and how many entries match `filter`. A person
/// is found by their address: their own actions, and the events about their account.
pub async fn search(
    db: &Db,
    filter: &crate::domain::audit::AuditFilter,
    page: u32,
    per_page: u32,
) -> Result<(Vec<crate::domain::audit::AuditEntry>, i64)> {
    enum Bind {
        Int(i64),
        Text(String),
    }
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    if let Some(person) = &filter.person {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(person.as_str())
            .fetch_optional(db.pool())
            .await?;
        let Some(id) = id else {
            return Ok((Vec::new(), 0));
        };
        let n = binds.len();
        clauses.push(format!(
            "(l.actor_id = ${} OR (l.entity = 'user' AND l.entity_id = ${}))",
            n + 1,
            n + 2
        ));
        binds.push(Bind::Int(id));
        binds.push(Bind::Text(id.to_string()));
    }
    if let Some(action) = &filter.action {
        clauses.push(format!("l.action = ${}", binds.len() + 1));
        binds.push(Bind::Text(action.clone()));
    }
    if let Some(from) = filter.from {
        clauses.push(format!("l.created_at >= ${}", binds.len() + 1));
        binds.push(Bind::Int(from.paris_instant(0, 0)));
    }
    if let Some(to) = filter.to {
        clauses.push(format!("l.created_at < ${}", binds.len() + 1));
        binds.push(Bind::Int(to.add_days(1).paris_instant(0, 0)));
    }
    let condition = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let count_sql = format!("SELECT COUNT(*) FROM audit_log l {condition}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for bind in &binds {
        count = match bind {
            Bind::Int(value) => count.bind(*value),
            Bind::Text(value) => count.bind(value.clone()),
        };
    }
    let total = count.fetch_one(db.pool()).await?;
    let rows_sql = format!(
        "SELECT l.id, l.created_at,
                CASE WHEN u.id IS NULL THEN NULL
                     ELSE u.first_name || ' ' || u.last_name || ' <' || u.email || '>' END,
                l.action, l.entity, l.entity_id, l.details
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_id
         {condition}
         ORDER BY l.id DESC LIMIT {} OFFSET {}",
        per_page,
        u64::from(page.saturating_sub(1)) * u64::from(per_page)
    );
    let mut rows =
        sqlx::query_as::<_, (i64, i64, Option<String>, String, String, String, String)>(&rows_sql);
    for bind in binds {
        rows = match bind {
            Bind::Int(value) => rows.bind(value),
            Bind::Text(value) => rows.bind(value),
        };
    }
    let entries = rows
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(
            |(id, created_at, actor, action, entity, entity_id, details)| {
                crate::domain::audit::AuditEntry {
                    id,
                    created_at,
                    actor,
                    action,
                    entity,
                    entity_id,
                    details,
                }
            },
        )
        .collect();
    Ok((entries, total))
}

/// Every kind of event the log holds, for the filter's list.
pub async fn actions(db: &Db) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(db.pool())
            .await?,
    )
}
