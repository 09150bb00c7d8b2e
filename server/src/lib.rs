//! The Vis mon job server: configuration, HTTP routes and the command line.

#![recursion_limit = "256"]

pub mod config;
pub mod routes;

pub use config::Config;
pub use routes::build_router;
