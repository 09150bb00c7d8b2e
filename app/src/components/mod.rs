//! Reusable DSFR pieces.

pub mod form;
pub mod layout;
pub mod offer_card;
pub mod pagination;
pub mod status;
