//! What every server function shares on the server: the database, the caller's
//! identity and role, rate limits, password hashing and e-mail tokens.

use super::error::AppError;
use crate::db::sessions::USER_ID_KEY;
use crate::db::{now_ms, Db};
use crate::domain::account::{CurrentUser, Role};
use leptos::prelude::*;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tower_sessions::Session;

const SIGNED_IN_AT_KEY: &str = "signed_in_at";
const SEEN_AT_KEY: &str = "seen_at";

/// Session lifetimes, rate limits and the public address, set once at start-up.
#[derive(Clone, Debug)]
pub struct Security {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// Base of the links in e-mails, e.g. `https://vismonjob.numerique.gouv.fr`.
    pub public_url: String,
    /// Behind a reverse proxy, the client address is the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    pub limiter: Arc<RateLimiter>,
}

/// The database pool, provided to every request through Leptos context.
pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or(AppError::Unavailable)
}

pub fn security() -> Result<Security, AppError> {
    use_context::<Security>().ok_or(AppError::Unavailable)
}

pub fn pairing_jobs() -> Result<super::pairing_jobs::PairingJobs, AppError> {
    use_context::<super::pairing_jobs::PairingJobs>().ok_or(AppError::Unavailable)
}

/// Logs the real cause and returns a message that reveals nothing internal.
pub fn internal(error: crate::db::Error) -> AppError {
    tracing::error!(%error, "server function failed");
    AppError::Unavailable
}

fn request_parts() -> Option<axum::http::request::Parts> {
    use_context::<axum::http::request::Parts>()
}

/// Marks the response as 404 (the page still renders its own message).
pub fn set_not_found() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// Whether the request is a plain HTML form post (no JavaScript): it is then answered
/// with a redirect, whatever the outcome.
fn is_plain_form_post() -> bool {
    request_parts().is_some_and(|parts| {
        parts
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// Runs a server function body, giving a JavaScript caller the HTTP status that matches
/// the error (401, 403, 422…).
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        if !is_plain_form_post() {
            if let (Some(response), Ok(status)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                axum::http::StatusCode::from_u16(error.status()),
            ) {
                response.set_status(status);
            }
        }
        if let AppError::RateLimited { minutes } = error {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(value) = axum::http::HeaderValue::from_str(&(minutes * 60).to_string()) {
                    response.insert_header(axum::http::header::RETRY_AFTER, value);
                }
            }
        }
    }
    result
}

/// Sends the browser to `path` after the server function (a 302 for a plain form post).
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "session layer missing");
        AppError::Unavailable
    })
}

/// The signed-in user, if any. Ends the session past its absolute lifetime, and marks
/// activity (which pushes the idle deadline back) at most every few minutes.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let session = session().await?;
    let Some(user_id) = session.get::<i64>(USER_ID_KEY).await.ok().flatten() else {
        return Ok(None);
    };
    let security = security()?;
    let now = now_ms();
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let absolute_ms = i64::try_from(security.absolute_timeout.as_millis()).unwrap_or(i64::MAX);
    if now.saturating_sub(signed_in_at) > absolute_ms {
        end_session(&session).await;
        return Ok(None);
    }
    let seen_at = session
        .get::<i64>(SEEN_AT_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let refresh_ms = i64::try_from(
        (security.idle_timeout / 4)
            .min(Duration::from_secs(300))
            .as_millis(),
    )
    .unwrap_or(i64::MAX);
    if now.saturating_sub(seen_at) > refresh_ms {
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(|_| AppError::Unavailable)?;
    }
    let user = crate::db::accounts::current_user(&db()?, user_id)
        .await
        .map_err(internal)?;
    if user.is_none() {
        end_session(&session).await;
    }
    Ok(user)
}

async fn end_session(session: &Session) {
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "session flush");
    }
}

/// The signed-in user, whatever their role.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in user, who must have `role`.
pub async fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if user.role == role {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Signs `user_id` in: a new session id (no fixation), fresh timestamps.
pub async fn sign_in(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    let failed = |error: tower_sessions::session::Error| {
        tracing::error!(%error, "session");
        AppError::Unavailable
    };
    session.cycle_id().await.map_err(failed)?;
    let now = now_ms();
    session.insert(USER_ID_KEY, user_id).await.map_err(failed)?;
    session
        .insert(SIGNED_IN_AT_KEY, now)
        .await
        .map_err(failed)?;
    session.insert(SEEN_AT_KEY, now).await.map_err(failed)?;
    Ok(())
}

pub async fn sign_out() -> Result<(), AppError> {
    end_session(&session().await?).await;
    Ok(())
}

/// The caller's address, for rate limits.
pub fn client_address() -> String {
    let Some(parts) = request_parts() else {
        return "inconnue".into();
    };
    let forwarded = security()
        .ok()
        .filter(|s| s.trust_forwarded_for)
        .and_then(|_| {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(|v| v.trim().to_string())
        });
    forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "inconnue".into())
}

/// Counts one attempt of `action` by the caller's address and, when given, for one
/// e-mail address; refuses beyond the limits.
pub fn limit_rate(action: &'static str, email: Option<&str>) -> Result<(), AppError> {
    let security = security()?;
    security.limiter.hit(
        action,
        &format!("ip:{}", client_address()),
        security.limiter.per_address,
    )?;
    if let Some(email) = email {
        security.limiter.hit(
            action,
            &format!("email:{email}"),
            security.limiter.per_email,
        )?;
    }
    Ok(())
}

/// Sliding-window attempt counter, per server process.
#[derive(Debug)]
pub struct RateLimiter {
    pub window: Duration,
    pub per_address: usize,
    pub per_email: usize,
    hits: Mutex<HashMap<(&'static str, String), VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(window: Duration, per_address: usize, per_email: usize) -> Self {
        Self {
            window,
            per_address,
            per_email,
            hits: Mutex::new(HashMap::new()),
        }
    }

    fn hit(&self, action: &'static str, key: &str, limit: usize) -> Result<(), AppError> {
        let now = Instant::now();
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if hits.len() > 100_000 {
            hits.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        let times = hits.entry((action, key.to_string())).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= limit {
            let wait = times
                .front()
                .map(|t| self.window.saturating_sub(now.duration_since(*t)))
                .unwrap_or(self.window);
            return Err(AppError::RateLimited {
                minutes: wait.as_secs().div_ceil(60).max(1),
            });
        }
        times.push_back(now);
        Ok(())
    }
}

/// argon2id with 19 MiB of memory and 2 passes (OWASP's minimum), one lane.
fn hasher() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password off the async threads (it takes tens of milliseconds by design).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r)
    .map_err(|error| {
        tracing::error!(%error, "password hashing");
        AppError::Unavailable
    })
}

/// A hash of a random password: checking a password against it costs what checking a
/// real account costs, so an unknown address answers as slowly as a known one.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        use argon2::password_hash::{PasswordHasher, SaltString};
        SaltString::encode_b64(&random_bytes::<16>())
            .ok()
            .and_then(|salt| {
                hasher()
                    .hash_password(&random_bytes::<24>(), &salt)
                    .ok()
                    .map(|h| h.to_string())
            })
            .unwrap_or_default()
    })
}

/// Checks a password against a stored hash, or against a decoy when there is none.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let real = stored.is_some();
        let hash = stored.unwrap_or_else(|| decoy_hash().to_string());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        real && matches
    })
    .await
    .unwrap_or(false)
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The operating system's generator does not fail on supported platforms; if it
    // ever did, refusing to serve is the only safe answer.
    getrandom::fill(&mut bytes).expect("operating system random generator");
    bytes
}

/// A new e-mail link token (what the link carries) and its digest (what is stored).
pub fn new_token() -> (String, String) {
    use base64::Engine;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>());
    let digest = token_digest(&token);
    (token, digest)
}

pub fn token_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limiter_counts_per_key_within_the_window() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 2, 1);
        assert!(limiter.hit("connexion", "ip:1", 2).is_ok());
        assert!(limiter.hit("connexion", "ip:1", 2).is_ok());
        assert!(matches!(
            limiter.hit("connexion", "ip:1", 2),
            Err(AppError::RateLimited { minutes: 1 })
        ));
        assert!(limiter.hit("connexion", "ip:2", 2).is_ok());
        assert!(limiter.hit("inscription", "ip:1", 2).is_ok());
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("une phrase de passe".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("une phrase de passe".into(), Some(hash.clone())).await);
        assert!(!verify_password("une autre phrase".into(), Some(hash.clone())).await);
        assert!(!verify_password("une phrase de passe".into(), None).await);
        // The decoy costs what a real hash costs: same algorithm, memory and passes.
        let parameters = |h: &str| h.rsplitn(3, '$').nth(2).map(str::to_owned);
        assert_eq!(parameters(decoy_hash()), parameters(&hash));
    }

    #[test]
    fn tokens_are_stored_as_digests() {
        let (token, digest) = new_token();
        assert_eq!(token.len(), 43);
        assert_eq!(digest, token_digest(&token));
        assert_ne!(digest, token);
        assert_ne!(new_token().0, token);
    }
}
