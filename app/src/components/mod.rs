//! Reusable DSFR pieces.

pub mod layout;
pub mod offer_card;
pub mod status;
