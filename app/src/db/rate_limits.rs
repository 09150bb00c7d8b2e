//! Attempt counters in the database, shared by every server process; see
//! [`crate::security::rate_limit`].

use super::{Db, Result};
use crate::security::rate_limit::{sliding_count, wait_ms, Limited};

/// Counts one attempt of `action` by `subject` at `now` if it fits under `limit` in the
/// sliding `window_ms`, and refuses it otherwise. A refused attempt is not counted:
/// whoever waits the time told can try again, however hard someone else hammered.
pub async fn hit(
    db: &Db,
    action: &str,
    subject: &str,
    limit: u32,
    window_ms: i64,
    now: i64,
) -> Result<std::result::Result<(), Limited>> {
    let window_ms = window_ms.max(1);
    let start = now - now.rem_euclid(window_ms);
    // Counted first, in one statement: two processes cannot both take the last place.
    let current: i64 = sqlx::query_scalar(
        "INSERT INTO rate_limit_counts (action, subject, window_start, hits) VALUES ($1, $2, $3, 1)
         ON CONFLICT (action, subject, window_start)
         DO UPDATE SET hits = rate_limit_counts.hits + 1 RETURNING hits",
    )
    .bind(action)
    .bind(subject)
    .bind(start)
    .fetch_one(db.pool())
    .await?;
    let previous: i64 = sqlx::query_scalar(
        "SELECT hits FROM rate_limit_counts WHERE action = $1 AND subject = $2 AND window_start = $3",
    )
    .bind(action)
    .bind(subject)
    .bind(start - window_ms)
    .fetch_optional(db.pool())
    .await?
    .unwrap_or(0);
    let limit = i64::from(limit);
    if sliding_count(previous, current, now - start, window_ms) <= limit {
        return Ok(Ok(()));
    }
    // Over the limit: the attempt is taken back, and the window's first refusal marked.
    sqlx::query(
        "UPDATE rate_limit_counts SET hits = hits - 1
         WHERE action = $1 AND subject = $2 AND window_start = $3",
    )
    .bind(action)
    .bind(subject)
    .bind(start)
    .execute(db.pool())
    .await?;
    let first = sqlx::query(
        "UPDATE rate_limit_counts SET reported = 1
         WHERE action = $1 AND subject = $2 AND window_start = $3 AND reported = 0",
    )
    .bind(action)
    .bind(subject)
    .bind(start)
    .execute(db.pool())
    .await?
    .rows_affected()
        == 1;
    let wait = wait_ms(previous, current - 1, now - start, window_ms, limit);
    Ok(Err(Limited {
        minutes: u64::try_from(wait.max(1)).unwrap_or(1).div_ceil(60_000),
        first,
    }))
}

/// Deletes the counters no window can read any more (older than two windows).
pub async fn purge(db: &Db, window_ms: i64, now: i64) -> Result<u64> {
    Ok(
        sqlx::query("DELETE FROM rate_limit_counts WHERE window_start < $1")
            .bind(now - 2 * window_ms.max(1))
            .execute(db.pool())
            .await?
            .rows_affected(),
    )
}
