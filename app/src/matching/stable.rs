//! Student-proposing deferred acceptance with capacities.
//!
//! Each free student proposes to their best offer not yet tried; an offer keeps the
//! students it prefers (closer first, then lower lottery number) up to its free places
//! and rejects the others, who propose further down their list. Locked pairs are placed
//! before and never moved. The result has no blocking pair: no student and offer would
//! both rather be together than with what they got.
//!
//! A student's list is built as they go down it ([`Preferences`]): most students are
//! kept by one of their first offers, so only the nearest few of their hundreds of
//! eligible offers are ever looked at.

use super::instance::{best_score_beyond, Edge, Prepared};
use super::Observer;
use std::collections::BinaryHeap;

/// An offer's view of a student it holds; the greatest is the one it likes least.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Held {
    /// Distance in km as ordered bits (distances are never negative).
    distance: u64,
    lottery: u64,
    student: usize,
}

/// Distance of the first search around a student; each further one doubles it.
const FIRST_SEARCH_KM: f64 = 8.0;

/// One student's list of preferences, built lazily in exactly the order of
/// [`Prepared::eligible`]: wishes first, then the offers of their jobs by growing
/// circles. An offer is proposed only once no offer not yet found can score higher.
#[derive(Default)]
struct Preferences {
    /// Found and not yet proposed, worst first (the next proposal is the last).
    found: Vec<Edge>,
    /// The wishes are found.
    started: bool,
    /// Radius searched so far for offers of the student's jobs.
    searched_km: Option<f64>,
    /// Every eligible offer has been found.
    complete: bool,
}

impl Preferences {
    fn next(&mut self, p: &Prepared, student: usize) -> Option<Edge> {
        let weights = &p.instance.weights;
        if !self.started {
            self.started = true;
            self.found
                .extend(p.wishes(student).iter().filter_map(|&o| p.edge(student, o)));
            self.sort();
        }
        // Circles only help when distance lowers the score.
        let by_circles = weights.distance_per_km > 0.0;
        loop {
            // The best score an offer not found yet may have.
            let unseen_best = match self.searched_km {
                _ if self.complete => f64::NEG_INFINITY,
                _ if !by_circles => f64::INFINITY,
                Some(km) => best_score_beyond(weights, km),
                None => best_score_beyond(weights, 0.0),
            };
            match self.found.last() {
                Some(edge) if self.complete || edge.score > unseen_best => return self.found.pop(),
                None if self.complete => return None,
                _ => {}
            }
            let radius = p.instance.students[student].radius_km;
            let within = match self.searched_km {
                _ if !by_circles => f64::INFINITY,
                None => FIRST_SEARCH_KM,
                Some(km) => km * 2.0,
            };
            let within = if within >= radius {
                f64::INFINITY
            } else {
                within
            };
            p.offers_around(student, self.searched_km, within, &mut self.found);
            self.searched_km = Some(within);
            self.complete = within == f64::INFINITY;
            self.sort();
        }
    }

    fn sort(&mut self) {
        self.found.sort_by(|a, b| Edge::by_preference(b, a));
    }
}

/// The offer of each student, if any, and whether they had any eligible offer at all.
pub(crate) fn assign(p: &Prepared, observer: &mut Observer) -> (Vec<Option<Edge>>, Vec<bool>) {
    let students = p.students();
    let mut proposal: Vec<Option<Edge>> = vec![None; students];
    let mut had_any = vec![false; students];
    let mut is_locked = vec![false; students];
    for &(s, edge) in &p.locked {
        proposal[s] = Some(edge);
        had_any[s] = true;
        is_locked[s] = true;
    }
    let mut preferences: Vec<Preferences> = Vec::new();
    preferences.resize_with(students, Default::default);
    let mut held: Vec<BinaryHeap<Held>> = vec![BinaryHeap::new(); p.free_capacity.len()];
    // Students are taken in index order; the result does not depend on it.
    let mut free: Vec<usize> = (0..students).rev().filter(|&s| !is_locked[s]).collect();
    // Progress: the share of students who have proposed at least once (rejected
    // students go back on top of the stack, so the others come down in order).
    let waiting = free.len();
    let mut untouched = waiting;
    let mut proposals = 0usize;
    while let Some(student) = free.pop() {
        untouched = untouched.min(free.len());
        proposals += 1;
        if proposals.is_multiple_of(4096) {
            observer.step(
                "Propositions des étudiants",
                5,
                95,
                waiting - untouched,
                waiting,
            );
        }
        let Some(edge) = preferences[student].next(p, student) else {
            proposal[student] = None; // list exhausted: stays unmatched
            preferences[student] = Preferences::default();
            continue;
        };
        had_any[student] = true;
        proposal[student] = Some(edge);
        let offer = edge.offer;
        let capacity = p.free_capacity[offer];
        if capacity == 0 {
            free.push(student);
            continue;
        }
        held[offer].push(Held {
            distance: edge.distance_km.to_bits(),
            lottery: p.lottery[student],
            student,
        });
        if held[offer].len() > capacity {
            if let Some(rejected) = held[offer].pop() {
                free.push(rejected.student);
            }
        }
    }
    (proposal, had_any)
}

/// A student's whole list as [`Preferences`] gives it (tests compare it with the full list).
#[cfg(test)]
pub(crate) fn preference_list(p: &Prepared, student: usize) -> Vec<Edge> {
    let mut preferences = Preferences::default();
    std::iter::from_fn(|| preferences.next(p, student)).collect()
}
