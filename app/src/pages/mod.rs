//! One module per route.

pub mod administrations;
pub mod home;
pub mod jobs;
pub mod legal;
pub mod not_found;
pub mod offer;
pub mod offers;
