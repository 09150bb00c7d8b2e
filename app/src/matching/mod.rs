//! The pairing engine: forms *binômes* from students' wishes and hosting offers.
//!
//! Pure code, no I/O: an [`Instance`] (the JSON contract of `docs/matching.md`) goes in,
//! a [`MatchResult`] comes out. Two algorithms share the same eligibility and score:
//! - **stable**: student-proposing deferred acceptance with capacities;
//! - **optimal**: the most pairs, then the highest total score, exactly (min-cost flow).

mod instance;
mod optimal;
mod report;
mod stable;

pub use instance::{Instance, InstanceError, LockedPair, OfferInput, StudentInput, Weights};
pub use report::{MatchResult, Pair, Report, Unmatched};

use instance::Prepared;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Stable,
    Optimal,
}

impl std::str::FromStr for Algorithm {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "stable" => Ok(Algorithm::Stable),
            "optimal" => Ok(Algorithm::Optimal),
            other => Err(format!(
                "algorithme « {other} » inconnu (stable ou optimal)"
            )),
        }
    }
}

/// Validates the instance and pairs it with the chosen algorithm.
pub fn run(instance: &Instance, algorithm: Algorithm) -> Result<MatchResult, InstanceError> {
    let prepared = Prepared::new(instance)?;
    let assignment = match algorithm {
        Algorithm::Stable => stable::assign(&prepared),
        Algorithm::Optimal => optimal::assign(&prepared),
    };
    Ok(report::build(&prepared, algorithm, &assignment))
}

/// The pair of `student` and `offer` as a run would report it, when the contract's
/// eligibility rule allows it (for moves made by hand). Capacity is not checked here.
pub fn pair_if_eligible(instance: &Instance, student: &str, offer: &str) -> Option<Pair> {
    let student = instance.students.iter().find(|s| s.id == student)?;
    let offer_index = instance.offers.iter().position(|o| o.id == offer)?;
    let edge = instance::edge(instance, student, offer_index)?;
    Some(report::pair(instance, &student.id, &edge))
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
