//! The generator of the demo edition (reference data is in `reference`).

pub mod demo;
