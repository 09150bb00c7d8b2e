//! Password hashing: argon2id, off the async threads, with a decoy for unknown accounts.
//! Hashing is the costliest work a request can ask for (19 MiB and tens of milliseconds
//! each): at most one hash per core runs at a time, the others wait their turn, so a
//! flood of sign-ins, sign-ups or resets can neither exhaust the memory nor the blocking
//! threads.

use super::tokens::random_bytes;
use crate::api::AppError;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

fn hashing_permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(hashing_capacity()))
}

/// How many hashes may run at once: one per core.
pub fn hashing_capacity() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

static HASHES_STARTED: AtomicU64 = AtomicU64::new(0);
static HASHES_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static HASHES_PEAK: AtomicUsize = AtomicUsize::new(0);

/// What this process has hashed so far: the hashes started (sign-in checks included)
/// and the most that ran at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashingStats {
    pub started: u64,
    pub peak_in_flight: usize,
}

pub fn hashing_stats() -> HashingStats {
    HashingStats {
        started: HASHES_STARTED.load(Ordering::SeqCst),
        peak_in_flight: HASHES_PEAK.load(Ordering::SeqCst),
    }
}

/// Runs `work` on a blocking thread once a hashing permit is free; `None` if it panicked.
/// The permit goes with the work: a request dropped while its hash runs does not free
/// its place before the hash ends.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let permit = hashing_permits().acquire().await.ok()?;
    tokio::task::spawn_blocking(move || {
        HASHES_STARTED.fetch_add(1, Ordering::SeqCst);
        let now = HASHES_IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
        HASHES_PEAK.fetch_max(now, Ordering::SeqCst);
        let outcome = work();
        HASHES_IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
        drop(permit);
        outcome
    })
    .await
    .ok()
}

/// argon2id with 19 MiB of memory and 2 passes (OWASP's minimum), one lane.
fn hasher() -> argon2::Argon2<'static> {
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Hashes a password off the async threads (it takes tens of milliseconds by design).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    hashing(move || {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .unwrap_or_else(|| Err("hashing stopped".to_string()))
    .map_err(|error| {
        tracing::error!(%error, "password hashing");
        AppError::Internal
    })
}

/// A hash of a random password: checking a password against it costs what checking a
/// real account costs, so an unknown address answers as slowly as a known one.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
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
    hashing(move || {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
