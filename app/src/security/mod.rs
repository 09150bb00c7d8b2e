//! Secrets on the server: password hashes, e-mail link tokens, attempt counters.

pub mod passwords;
pub mod rate_limit;
pub mod tokens;
