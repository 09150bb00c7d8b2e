//! Server-side sessions for `tower-sessions`, stored in the `sessions` table of either
//! backend. The signed-in user's id is copied into its own column so that every session
//! of a user can be ended at once (password reset, account deletion).

use super::{now_ms, Db};
use crate::domain::account::{device_label, OpenSession};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

/// The session key holding the signed-in user's id.
pub const USER_ID_KEY: &str = "user_id";

#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

impl DbSessionStore {
    /// Inserts a new record; `false` when its id is taken.
    async fn insert(&self, record: &Record) -> session_store::Result<bool> {
        let written = sqlx::query(
            "INSERT INTO sessions (id, user_id, data, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(record.id.to_string())
        .bind(user_id(record))
        .bind(data(record)?)
        .bind(now_ms())
        .bind(expiry_ms(record))
        .execute(self.db.pool())
        .await
        .map_err(backend)?;
        Ok(written.rows_affected() == 1)
    }
}

fn data(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(&record.data).map_err(backend)
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    i64::try_from(record.expiry_date.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn user_id(record: &Record) -> Option<i64> {
    record.data.get(USER_ID_KEY).and_then(|v| v.as_i64())
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A collision of 128-bit random ids is all but impossible; draw again if it happens.
        while !self.insert(record).await? {
            record.id = Id::default();
        }
        Ok(())
    }

    /// Updates the session if it still exists: a request that started before a sign-out,
    /// a password reset or "sign out everywhere" must not bring back the session they
    /// ended (an upsert would).
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        sqlx::query(
            "UPDATE sessions SET user_id = $1, data = $2, last_seen_at = $3, expires_at = $4
             WHERE id = $5",
        )
        .bind(user_id(record))
        .bind(data(record)?)
        .bind(now_ms())
        .bind(expiry_ms(record))
        .bind(record.id.to_string())
        .execute(self.db.pool())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2",
        )
        .bind(id.to_string())
        .bind(now_ms())
        .fetch_optional(self.db.pool())
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let expiry_date =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(expires_at) * 1_000_000)
                .map_err(backend)?;
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&data).map_err(backend)?,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(self.db.pool())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of a user (password reset, organiser replaced, sign out
/// everywhere).
pub async fn delete_for_user(tx: &mut sqlx::AnyConnection, user_id: i64) -> super::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected())
}

/// Ends every session of a user but `kept` (the one changing the password).
pub async fn delete_others(
    tx: &mut sqlx::AnyConnection,
    user_id: i64,
    kept: &str,
) -> super::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(kept)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
    )
}

/// The session key holding the browser's description, written at sign-in.
pub const DEVICE_KEY: &str = "device";

/// A user's live sessions, the most recently used first; `current` (the caller's) is
/// marked. Their ids stay here: an id is the cookie's secret.
pub async fn live_for_user(
    db: &Db,
    user_id: i64,
    current: Option<&str>,
) -> super::Result<Vec<OpenSession>> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, data, created_at, last_seen_at FROM sessions
         WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, created_at DESC",
    )
    .bind(user_id)
    .bind(now_ms())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, data, signed_in_at, last_seen_at)| {
            let data: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
            OpenSession {
                current: current == Some(id.as_str()),
                device: data
                    .get(DEVICE_KEY)
                    .and_then(|v| v.as_str())
                    .map_or_else(|| device_label(""), str::to_string),
                signed_in_at,
                last_seen_at,
            }
        })
        .collect())
}

/// True while session `session_id` is open and signed in to `user_id` (a long-lived
/// response, such as the live dashboard's stream, checks that its caller is still there).
pub async fn is_open(db: &Db, session_id: &str, user_id: i64) -> super::Result<bool> {
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE id = $1 AND user_id = $2 AND expires_at > $3",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(now_ms())
    .fetch_one(db.pool())
    .await?;
    Ok(open > 0)
}
