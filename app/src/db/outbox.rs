//! The notification outbox: every e-mail is first a row, written in the transaction of
//! the change it reports, then delivered by the background worker. The idempotency key
//! makes queuing the same message twice a no-op; claiming a row with a lease makes each
//! delivery attempt belong to one worker, even with several server processes.
//!
//! A personal link (e-mail confirmation, password reset) is not written in the text: the
//! text holds [`SECRET`] where the link's token goes, the token waits in its own column,
//! is put in at delivery and erased once the message has left (or was given up). Sent
//! and given-up messages are deleted [`RETENTION_DAYS`] days after they were queued.

use super::{now_ms, Db, Result};
use crate::domain::email::{OutboxCounts, OutboxFilter, OutboxLine};

/// Stands for the message's secret (a link's token) in its stored text.
pub const SECRET: &str = "[jeton]";

/// Days a sent or given-up message is kept (to answer "did I get the e-mail?").
pub const RETENTION_DAYS: i64 = 30;

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// Same key, same message: queued once, delivered once.
    pub idempotency_key: String,
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    /// Holds [`SECRET`] where `secret` goes.
    pub body_text: String,
    /// Put into the text at delivery only, then erased.
    pub secret: Option<String>,
    /// An iCalendar invitation (`.ics`), attached to the message.
    pub invitation: Option<String>,
}

/// Queues a message; returns false when a message with the same key already exists.
pub async fn enqueue(tx: &mut sqlx::AnyConnection, email: &OutgoingEmail) -> Result<bool> {
    let now = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO notification_outbox (idempotency_key, kind, recipient, subject, body_text, secret, invitation, status, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'en_attente', $8, $8)
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&email.idempotency_key)
    .bind(email.kind)
    .bind(&email.recipient)
    .bind(&email.subject)
    .bind(&email.body_text)
    .bind(&email.secret)
    .bind(&email.invitation)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub idempotency_key: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub secret: Option<String>,
    pub invitation: Option<String>,
    pub attempts: i64,
}

impl OutboxMessage {
    /// The text as it is sent: the secret in its place.
    pub fn text_to_send(&self) -> String {
        match &self.secret {
            Some(secret) => self.body_text.replace(SECRET, secret),
            None => self.body_text.clone(),
        }
    }
}

/// Claims up to `limit` due messages for `lease_ms`: a claimed message is not due again
/// until its lease ends, so a worker that dies mid-delivery hands it back by itself.
pub async fn claim_due(db: &Db, limit: i64, lease_ms: i64) -> Result<Vec<OutboxMessage>> {
    let now = now_ms();
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM notification_outbox WHERE status = 'en_attente' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let message: Option<OutboxMessage> = sqlx::query_as(
            "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = $1
             WHERE id = $2 AND status = 'en_attente' AND next_attempt_at <= $3
             RETURNING id, idempotency_key, kind, recipient, subject, body_text, secret, invitation, attempts",
        )
        .bind(now + lease_ms)
        .bind(id)
        .bind(now)
        .fetch_optional(db.pool())
        .await?;
        claimed.extend(message);
    }
    Ok(claimed)
}

pub async fn mark_sent(db: &Db, id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE notification_outbox SET status = 'envoye', sent_at = $1, last_error = NULL, secret = NULL
         WHERE id = $2",
    )
    .bind(now_ms())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up when `None`.
pub async fn mark_failed(db: &Db, id: i64, error: &str, retry_at: Option<i64>) -> Result<()> {
    let error: String = error.chars().take(1000).collect();
    match retry_at {
        Some(at) => sqlx::query(
            "UPDATE notification_outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3",
        )
        .bind(&error)
        .bind(at)
        .bind(id)
        .execute(db.pool())
        .await?,
        None => sqlx::query(
            "UPDATE notification_outbox SET last_error = $1, status = 'abandonne', secret = NULL
             WHERE id = $2",
        )
        .bind(&error)
        .bind(id)
        .execute(db.pool())
        .await?,
    };
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxState {
    pub idempotency_key: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Every message's state, oldest first (tests and operations).
pub async fn states(db: &Db) -> Result<Vec<OutboxState>> {
    Ok(sqlx::query_as(
        "SELECT idempotency_key, status, attempts, last_error FROM notification_outbox ORDER BY id",
    )
    .fetch_all(db.pool())
    .await?)
}

/// The latest messages of a list, newest first, at most `limit`.
pub async fn list(db: &Db, filter: OutboxFilter, limit: i64) -> Result<Vec<OutboxLine>> {
    let condition = match filter {
        OutboxFilter::Pending => "status = 'en_attente' AND last_error IS NULL",
        OutboxFilter::Failed => {
            "(status = 'abandonne' OR (status = 'en_attente' AND last_error IS NOT NULL))"
        }
        OutboxFilter::Sent => "status = 'envoye'",
    };
    Ok(sqlx::query_as(&format!(
        "SELECT id, kind, recipient, subject, status, attempts, last_error, created_at, sent_at, next_attempt_at
         FROM notification_outbox WHERE {condition} ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(db.pool())
    .await?)
}

pub async fn counts(db: &Db) -> Result<OutboxCounts> {
    let (pending, failed, sent): (i64, i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'en_attente' AND last_error IS NULL THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'abandonne' OR (status = 'en_attente' AND last_error IS NOT NULL) THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN status = 'envoye' THEN 1 ELSE 0 END), 0)
         FROM notification_outbox",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(OutboxCounts {
        pending,
        failed,
        sent,
    })
}

/// Why a failed message cannot be sent again by hand.
#[derive(Debug, PartialEq, Eq)]
pub enum RetryRefused {
    /// No such message, or it is not given up.
    NotFailed,
    /// Its link was erased when it was given up: the person must ask for a new one.
    LinkGone,
}

/// Makes a given-up message due now, for one more attempt (given up again if it fails),
/// written to the audit log as `actor_id`'s. A message still retried by the sender is
/// left to it: it may be in delivery right now.
pub async fn retry(
    db: &Db,
    id: i64,
    actor_id: i64,
) -> Result<std::result::Result<(), RetryRefused>> {
    let mut tx = db.begin_write().await?;
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT kind, body_text FROM notification_outbox WHERE id = $1 AND status = 'abandonne'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((kind, body_text)) = found else {
        return Ok(Err(RetryRefused::NotFailed));
    };
    // A given-up message's link was erased with it.
    if body_text.contains(SECRET) {
        return Ok(Err(RetryRefused::LinkGone));
    }
    // Conditional: of two retries at once, one makes the message due.
    let retried = sqlx::query(
        "UPDATE notification_outbox SET status = 'en_attente', next_attempt_at = $1
         WHERE id = $2 AND status = 'abandonne'",
    )
    .bind(now_ms())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if retried == 0 {
        return Ok(Err(RetryRefused::NotFailed));
    }
    let details = serde_json::json!({ "courriel": kind });
    super::audit::record_with(
        &mut tx,
        Some(actor_id),
        "courriel_renvoye",
        "email",
        &id.to_string(),
        &details,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Queues one message outside any other change.
pub async fn enqueue_alone(db: &Db, email: &OutgoingEmail) -> Result<bool> {
    let mut conn = db.pool().acquire().await?;
    enqueue(&mut conn, email).await
}

/// Deletes the messages, sent or given up, queued more than [`RETENTION_DAYS`] days
/// before `now`; returns how many.
pub async fn purge_old(db: &Db, now: i64) -> Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM notification_outbox WHERE status IN ('envoye', 'abandonne') AND created_at < $1",
    )
    .bind(now - RETENTION_DAYS * 86_400_000)
    .execute(db.pool())
    .await?
    .rows_affected())
}
