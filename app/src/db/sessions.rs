//! Server-side sessions for `tower-sessions`, stored in the `sessions` table of either
//! backend. The signed-in user's id is copied into its own column so that every session
//! of a user can be ended at once (password reset, account deletion).

use super::{now_ms, Db};
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
    /// Inserts the record; `on_conflict` says what an existing id does. Returns the
    /// number of rows written.
    async fn write(&self, record: &Record, on_conflict: &str) -> session_store::Result<u64> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let sql = format!(
            "INSERT INTO sessions (id, user_id, data, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (id) {on_conflict}"
        );
        Ok(sqlx::query(&sql)
            .bind(record.id.to_string())
            .bind(user_id(record))
            .bind(&data)
            .bind(now_ms())
            .bind(expiry_ms(record))
            .execute(self.db.pool())
            .await
            .map_err(backend)?
            .rows_affected())
    }
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
        while self.write(record, "DO NOTHING").await? == 0 {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write(
            record,
            "DO UPDATE SET user_id = $2, data = $3, last_seen_at = $4, expires_at = $5",
        )
        .await?;
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

/// Ends every session of a user (after a password change).
pub async fn delete_for_user(db: &Db, user_id: i64) -> super::Result<u64> {
    Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(db.pool())
        .await?
        .rows_affected())
}

/// Number of live sessions of a user (for tests and the account page).
pub async fn count_for_user(db: &Db, user_id: i64) -> super::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1 AND expires_at > $2")
            .bind(user_id)
            .bind(now_ms())
            .fetch_one(db.pool())
            .await?,
    )
}
