//! Data that ships with the binary: the jobs and administrations written by the team,
//! and the régions, départements and communes generated from public sources
//! (`tools/generate-communes.mjs`). The data layer loads them into the database.

pub mod directory;

/// Régions: INSEE code and name.
pub const REGIONS_CSV: &str = include_str!("../../data/regions.csv");
/// Départements: INSEE code, name and région.
pub const DEPARTEMENTS_CSV: &str = include_str!("../../data/departements.csv");
/// Communes: INSEE code, name, département, population and coordinates.
pub const COMMUNES_CSV: &str = include_str!("../../data/communes.csv");
