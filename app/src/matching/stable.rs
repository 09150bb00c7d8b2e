//! Student-proposing deferred acceptance with capacities.
//!
//! Each free student proposes to their best offer not yet tried; an offer keeps the
//! students it prefers (closer first, then lower lottery number) up to its free places
//! and rejects the others, who propose further down their list. Locked pairs are placed
//! before and never moved. The result has no blocking pair: no student and offer would
//! both rather be together than with what they got.

use super::instance::Prepared;
use std::collections::BinaryHeap;

/// An offer's view of a student it holds; the greatest is the one it likes least.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Held {
    /// Distance in km as ordered bits (distances are never negative).
    distance: u64,
    lottery: u64,
    student: usize,
}

/// The offer of each student, if any.
pub(crate) fn assign(p: &Prepared) -> Vec<Option<usize>> {
    let students = p.edges.len();
    let mut assigned = vec![None; students];
    for &(s, o) in &p.locked {
        assigned[s] = Some(o);
    }
    let mut held: Vec<BinaryHeap<Held>> = vec![BinaryHeap::new(); p.free_capacity.len()];
    let mut next_choice = vec![0usize; students];
    // Students are taken in index order; the result does not depend on it.
    let mut free: Vec<usize> = (0..students)
        .rev()
        .filter(|&s| assigned[s].is_none())
        .collect();
    while let Some(student) = free.pop() {
        let Some(edge) = p.edges[student].get(next_choice[student]) else {
            continue; // list exhausted: stays unmatched
        };
        next_choice[student] += 1;
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
    for (offer, heap) in held.into_iter().enumerate() {
        for h in heap {
            assigned[h.student] = Some(offer);
        }
    }
    assigned
}
