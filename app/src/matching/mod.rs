//! The pairing engine: forms *binômes* from students' wishes and hosting offers.
//!
//! Pure code, no I/O: an [`Instance`] (the JSON contract of `docs/matching.md`) goes in,
//! a [`MatchResult`] comes out. Two algorithms share the same eligibility and score:
//! - **stable**: student-proposing deferred acceptance with capacities;
//! - **optimal**: the most pairs, then the highest total score, exactly (min-cost flow).

pub mod charts;
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

/// How far a run has gone: a step and its share of the whole, for a progress bar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// What the engine is doing, in French ("Recherche des offres éligibles"…).
    pub step: String,
    /// 0 to 100.
    pub percent: u8,
}

/// Receives [`Progress`] now and then during a run (a few hundred times at most).
pub struct Observer<'a> {
    report: &'a mut dyn FnMut(Progress),
    last: Option<(&'static str, u8)>,
}

impl<'a> Observer<'a> {
    pub fn new(report: &'a mut dyn FnMut(Progress)) -> Self {
        Observer { report, last: None }
    }

    /// `done` of `total` of a step that spans `from`..`to` percent of the run.
    pub(crate) fn step(&mut self, step: &'static str, from: u8, to: u8, done: usize, total: usize) {
        let share = if total == 0 {
            1.0
        } else {
            done.min(total) as f64 / total as f64
        };
        let percent = from + (f64::from(to.saturating_sub(from)) * share) as u8;
        if self.last != Some((step, percent)) {
            self.last = Some((step, percent));
            (self.report)(Progress {
                step: step.to_string(),
                percent,
            });
        }
    }
}

/// Validates the instance and pairs it with the chosen algorithm.
pub fn run(instance: &Instance, algorithm: Algorithm) -> Result<MatchResult, InstanceError> {
    run_observed(instance, algorithm, &mut Observer::new(&mut |_| {}))
}

/// [`run`], telling `observer` how far it has gone.
pub fn run_observed(
    instance: &Instance,
    algorithm: Algorithm,
    observer: &mut Observer,
) -> Result<MatchResult, InstanceError> {
    observer.step("Vérification de l'instance", 0, 5, 0, 1);
    let prepared = Prepared::new(instance)?;
    let (assignment, had_any) = match algorithm {
        Algorithm::Stable => stable::assign(&prepared, observer),
        Algorithm::Optimal => optimal::assign(&prepared, observer),
    };
    observer.step("Rapport de qualité", 95, 100, 0, 1);
    let result = report::build(&prepared, algorithm, &assignment, &had_any);
    observer.step("Rapport de qualité", 95, 100, 1, 1);
    Ok(result)
}

/// The pair of `student` and `offer` as a run would report it, when the contract's
/// eligibility rule allows it (for moves made by hand). Capacity is not checked here.
pub fn pair_if_eligible(instance: &Instance, student: &str, offer: &str) -> Option<Pair> {
    let student = instance.students.iter().find(|s| s.id == student)?;
    let offer_index = instance.offers.iter().position(|o| o.id == offer)?;
    let wish_rank = student
        .wishes
        .iter()
        .position(|w| *w == offer)
        .map_or(0, |p| p + 1);
    let edge = instance::edge_with_rank(instance, student, offer_index, wish_rank)?;
    Some(report::pair(instance, &student.id, &edge))
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
