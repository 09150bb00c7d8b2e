//! The result of a run: pairs with their explanation, unmatched students with the
//! reason, the lottery, and the quality report.

use super::instance::{Edge, Prepared};
use super::Algorithm;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub student: String,
    pub offer: String,
    pub score: f64,
    /// 1-based rank among the student's wishes; 0 outside the wishes.
    pub wish_rank: usize,
    pub distance_km: f64,
    /// "2e vœu · même métier · 6 km".
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub student: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub students: usize,
    pub matched: usize,
    /// Index r counts pairs on the r-th wish; index 0, pairs outside the wishes.
    pub wish_rank_histogram: Vec<usize>,
    pub distance_km_median: f64,
    pub distance_km_p90: f64,
    pub empty_places: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    pub algorithm: Algorithm,
    pub pairs: Vec<Pair>,
    pub unmatched: Vec<Unmatched>,
    pub lottery: BTreeMap<String, u64>,
    pub total_score: f64,
    pub report: Report,
}

fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

fn explanation(edge: &Edge) -> String {
    let mut parts = vec![match edge.wish_rank {
        0 => "hors vœux".to_string(),
        1 => "1er vœu".to_string(),
        r => format!("{r}e vœu"),
    }];
    if edge.same_job {
        parts.push("même métier".into());
    }
    if edge.same_administration {
        parts.push("même administration".into());
    }
    parts.push(format!("{} km", edge.distance_km.round()));
    parts.join(" · ")
}

/// Nearest-rank percentile of sorted values (0 when empty).
fn percentile(sorted: &[f64], percent: usize) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted[rank - 1]
}

/// The pair as a run reports it.
pub(crate) fn pair(instance: &super::Instance, student: &str, edge: &Edge) -> Pair {
    Pair {
        student: student.to_string(),
        offer: instance.offers[edge.offer].id.clone(),
        score: round(edge.score, 3),
        wish_rank: edge.wish_rank,
        distance_km: round(edge.distance_km, 1),
        explanation: explanation(edge),
    }
}

pub(crate) fn build(
    p: &Prepared,
    algorithm: Algorithm,
    assignment: &[Option<Edge>],
    had_any: &[bool],
) -> MatchResult {
    let instance = p.instance;
    let longest_wishes = instance
        .students
        .iter()
        .map(|s| s.wishes.len())
        .max()
        .unwrap_or(0);
    let mut histogram = vec![0; instance.weights.wish_rank.len().max(longest_wishes) + 1];
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut distances = Vec::new();
    let mut total_score = 0.0;
    for (s, student) in instance.students.iter().enumerate() {
        match &assignment[s] {
            Some(edge) => {
                histogram[edge.wish_rank] += 1;
                distances.push(edge.distance_km);
                total_score += edge.score;
                pairs.push(pair(instance, &student.id, edge));
            }
            None => unmatched.push(Unmatched {
                student: student.id.clone(),
                reason: if !had_any[s] {
                    "aucune offre éligible (niveau, métier ou distance)".into()
                } else {
                    "offres éligibles complètes".into()
                },
            }),
        }
    }
    distances.sort_by(f64::total_cmp);
    let capacity: usize = instance
        .offers
        .iter()
        .map(|o| o.capacity.max(0) as usize)
        .sum();
    MatchResult {
        algorithm,
        report: Report {
            students: instance.students.len(),
            matched: pairs.len(),
            wish_rank_histogram: histogram,
            distance_km_median: round(percentile(&distances, 50), 1),
            distance_km_p90: round(percentile(&distances, 90), 1),
            empty_places: capacity - pairs.len(),
        },
        pairs,
        unmatched,
        lottery: instance
            .students
            .iter()
            .zip(&p.lottery)
            .map(|(s, &n)| (s.id.clone(), n))
            .collect(),
        total_score: round(total_score, 3),
    }
}
