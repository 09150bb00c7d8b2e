//! Secrets on the server: password hashes, e-mail link tokens, attempt counters, the
//! organisers' one-time codes.

pub mod passwords;
pub mod rate_limit;
pub mod second_factor;
pub mod tokens;
