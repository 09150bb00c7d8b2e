//! Server functions, grouped by area. Each one is thin: check who is calling, parse,
//! call the data layer, map errors to a French message (details go to the log only).

pub mod account;
pub mod ambassador;
pub mod catalogue;
pub mod coaching;
pub mod editions;
pub mod error;
pub mod organiser;
pub mod outbox;
pub mod pairs;
pub mod second_factor;
pub mod statistics;
pub mod student;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod pairing_jobs;
#[cfg(feature = "ssr")]
pub mod session;

pub use error::AppError;
