//! Domain types and rules, shared by the server and the browser. No I/O here.

pub mod account;
pub mod ambassador;
pub mod application;
pub mod audit;
pub mod catalogue;
pub mod coaching;
pub mod date;
pub mod edition;
pub mod email;
pub mod export;
pub mod form;
pub mod geo;
pub mod invitation;
pub mod level;
pub mod offer;
pub mod pair;
pub mod random;
pub mod refusal;
pub mod statistics;
pub mod text;
