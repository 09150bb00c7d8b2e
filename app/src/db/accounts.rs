//! Sign-in data: credentials, e-mail tokens (verification, password reset).
//! Tokens are stored as SHA-256 digests: a database leak reveals no usable link.

use super::outbox::{self, OutgoingEmail};
use super::{now_ms, Db, Result};
use crate::domain::account::{CurrentUser, Role};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Credentials {
    pub id: i64,
    pub role: String,
    pub first_name: String,
    pub password_hash: Option<String>,
    pub email_verified_at: Option<i64>,
}

pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>> {
    Ok(sqlx::query_as(
        "SELECT id, role, first_name, password_hash, email_verified_at FROM users
         WHERE email = $1 AND deleted_at IS NULL",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await?)
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    role: String,
    first_name: String,
    last_name: String,
    email: String,
}

pub async fn current_user(db: &Db, id: i64) -> Result<Option<CurrentUser>> {
    let row: Option<UserRow> = sqlx::query_as(
        "SELECT id, role, first_name, last_name, email FROM users WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|r| {
        Some(CurrentUser {
            id: r.id,
            role: Role::parse(&r.role)?,
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
        })
    }))
}

/// What a sign-up did; the caller answers the same either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignUp {
    Created(i64),
    /// The address already has an account: its owner was told by e-mail.
    AlreadyRegistered,
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub role: Role,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub password_hash: &'a str,
}

/// Creates an unverified account and queues its verification e-mail, or, when the address
/// is taken, queues a notice to its owner (at most one an hour). One transaction.
pub async fn sign_up(
    db: &Db,
    account: &NewAccount<'_>,
    verification: impl FnOnce(i64) -> (String, OutgoingEmail),
    already_registered: impl FnOnce(i64) -> OutgoingEmail,
) -> Result<SignUp> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let created: Option<i64> = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role, first_name, last_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING RETURNING id",
    )
    .bind(account.email)
    .bind(account.password_hash)
    .bind(account.role.as_str())
    .bind(account.first_name)
    .bind(account.last_name)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match created {
        Some(id) => {
            let (token_hash, email) = verification(id);
            insert_token(&mut tx, &token_hash, id, TokenPurpose::Verification, now).await?;
            outbox::enqueue(&mut tx, &email).await?;
            super::audit::record(&mut tx, Some(id), "inscription", "user", &id.to_string()).await?;
            SignUp::Created(id)
        }
        None => {
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(account.email)
                .fetch_one(&mut *tx)
                .await?;
            outbox::enqueue(&mut tx, &already_registered(id)).await?;
            SignUp::AlreadyRegistered
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    Verification,
    Reset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Verification => "verification",
            TokenPurpose::Reset => "reinitialisation",
        }
    }

    /// How long a link stays valid.
    pub fn lifetime_ms(self) -> i64 {
        match self {
            TokenPurpose::Verification => 7 * 24 * 3_600_000,
            TokenPurpose::Reset => 3_600_000,
        }
    }
}

async fn insert_token(
    tx: &mut sqlx::AnyConnection,
    token_hash: &str,
    user_id: i64,
    purpose: TokenPurpose,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now + purpose.lifetime_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Queues a new token and its e-mail for a user (verification sent again, reset).
pub async fn issue_token(
    db: &Db,
    user_id: i64,
    purpose: TokenPurpose,
    token_hash: &str,
    email: &OutgoingEmail,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    insert_token(&mut tx, token_hash, user_id, purpose, now_ms()).await?;
    outbox::enqueue(&mut tx, email).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a valid, unused token as used and returns its user; `None` when the link is
/// unknown, expired or already used. Single use holds under concurrency: only one
/// caller's update matches `used_at IS NULL`.
async fn consume_token(
    tx: &mut sqlx::AnyConnection,
    token_hash: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "UPDATE email_tokens SET used_at = $1
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(&mut *tx)
    .await?)
}

/// Confirms an address. Returns the user, or `None` for a bad link.
pub async fn verify_email(db: &Db, token_hash: &str) -> Result<Option<i64>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let user = consume_token(&mut tx, token_hash, TokenPurpose::Verification, now).await?;
    if let Some(id) = user {
        sqlx::query(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        super::audit::record(
            &mut tx,
            Some(id),
            "adresse_verifiee",
            "user",
            &id.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// Sets a new password through a reset link, confirms the address (the link proves it)
/// and ends every session of the user. Returns the user, or `None` for a bad link.
pub async fn reset_password(db: &Db, token_hash: &str, password_hash: &str) -> Result<Option<i64>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let user = consume_token(&mut tx, token_hash, TokenPurpose::Reset, now).await?;
    if let Some(id) = user {
        sqlx::query(
            "UPDATE users SET password_hash = $1, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        super::sessions::delete_for_user(&mut tx, id).await?;
        end_reset_links(&mut tx, id, now).await?;
        super::audit::record(
            &mut tx,
            Some(id),
            "mot_de_passe_reinitialise",
            "user",
            &id.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(user)
}

/// Ends the reset links a user still holds: once the password is set, an older link
/// (in a mailbox someone else may read) must not set it again.
async fn end_reset_links(tx: &mut sqlx::AnyConnection, user_id: i64, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE email_tokens SET used_at = $1
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(TokenPurpose::Reset.as_str())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Sets a signed-in user's new password: their other sessions and their reset links end,
/// the session `kept` (the one that changed it) goes on.
pub async fn change_password(db: &Db, user_id: i64, password_hash: &str, kept: &str) -> Result<()> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    super::sessions::delete_others(&mut tx, user_id, kept).await?;
    end_reset_links(&mut tx, user_id, now).await?;
    super::audit::record(
        &mut tx,
        Some(user_id),
        "mot_de_passe_modifie",
        "user",
        &user_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of a user ("sign out everywhere"), the caller's included.
pub async fn sign_out_everywhere(db: &Db, user_id: i64) -> Result<u64> {
    let mut tx = db.begin_write().await?;
    let ended = super::sessions::delete_for_user(&mut tx, user_id).await?;
    super::audit::record_with(
        &mut tx,
        Some(user_id),
        "deconnexion_partout",
        "user",
        &user_id.to_string(),
        &serde_json::json!({ "sessions": ended }),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Whether a token is currently usable (the reset page checks before showing its form).
pub async fn token_is_valid(db: &Db, token_hash: &str, purpose: TokenPurpose) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM email_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(purpose.as_str())
    .bind(now_ms())
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}

/// Records a reset request whatever the address (the same work is done for known and
/// unknown addresses), and for a known one issues the token and its e-mail.
pub async fn request_reset(
    db: &Db,
    email: &str,
    token_hash: &str,
    message: impl FnOnce(&str) -> OutgoingEmail,
) -> Result<()> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let user: Option<(i64, String)> =
        sqlx::query_as("SELECT id, first_name FROM users WHERE email = $1 AND deleted_at IS NULL")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((id, first_name)) = &user {
        insert_token(&mut tx, token_hash, *id, TokenPurpose::Reset, now).await?;
        outbox::enqueue(&mut tx, &message(first_name)).await?;
    }
    super::audit::record(
        &mut tx,
        user.as_ref().map(|u| u.0),
        "reinitialisation_demandee",
        "user",
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates or replaces an organiser (command line): verified, with the given password.
/// The account's sessions end: whoever held them signs in again with the new password.
pub async fn upsert_organiser(
    db: &Db,
    email: &str,
    first_name: &str,
    last_name: &str,
    password_hash: &str,
) -> Result<i64> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let previous_role: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role, first_name, last_name, email_verified_at, created_at)
         VALUES ($1, $2, 'organisateur', $3, $4, $5, $5)
         ON CONFLICT (email) DO UPDATE SET password_hash = $2, role = 'organisateur',
             first_name = $3, last_name = $4, email_verified_at = COALESCE(users.email_verified_at, $5)
         RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(first_name)
    .bind(last_name)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    super::sessions::delete_for_user(&mut tx, id).await?;
    super::audit::record_with(
        &mut tx,
        None,
        "organisateur_cree",
        "user",
        &id.to_string(),
        &serde_json::json!({ "role_precedent": previous_role }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
