//! Attempt counters that slow down password guessing and mass sign-ups.

use crate::api::AppError;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

    /// Counts one attempt under `key`; refuses it once `limit` attempts fall in the window.
    pub fn hit(&self, action: &'static str, key: &str, limit: usize) -> Result<(), AppError> {
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
}
