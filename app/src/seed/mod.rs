//! Data that ships with the binary: reference content (jobs, administrations) and the
//! generator of the demo edition.

pub mod demo;
pub mod reference_data;
