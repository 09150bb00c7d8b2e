//! Reusable DSFR pieces.

pub mod bar_chart;
pub mod focus;
pub mod form;
pub mod layout;
pub mod map;
pub mod offer_card;
pub mod pagination;
pub mod pair;
pub mod session_warning;
pub mod status;
pub mod table;
pub mod wish_button;
