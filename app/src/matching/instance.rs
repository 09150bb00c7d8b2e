//! The instance contract, its validation, and what both algorithms share: eligibility,
//! score and lottery.

use crate::domain::geo::Point;
use crate::domain::random::SplitMix64;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Points for the 1st, 2nd… wish.
    pub wish_rank: Vec<f64>,
    pub job: f64,
    pub administration: f64,
    pub distance_per_km: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StudentInput {
    pub id: String,
    pub level: u8,
    pub lat: f64,
    pub lon: f64,
    pub radius_km: f64,
    #[serde(default)]
    pub wishes: Vec<String>,
    #[serde(default)]
    pub jobs: Vec<String>,
    #[serde(default)]
    pub administrations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferInput {
    pub id: String,
    pub capacity: i64,
    pub job: String,
    pub administration: String,
    pub lat: f64,
    pub lon: f64,
    pub levels: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedPair {
    pub student: String,
    pub offer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Instance {
    pub seed: u64,
    pub weights: Weights,
    pub students: Vec<StudentInput>,
    pub offers: Vec<OfferInput>,
    #[serde(default)]
    pub locked: Vec<LockedPair>,
}

/// Why an instance was refused, naming the faulty element.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InstanceError(pub String);

/// An eligible (student, offer) pair with what the score and explanation need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Edge {
    pub offer: usize,
    /// 1-based rank among the student's wishes, 0 when not a wish.
    pub wish_rank: usize,
    pub same_job: bool,
    pub same_administration: bool,
    pub distance_km: f64,
    pub score: f64,
}

/// The validated instance, with indices instead of ids.
pub(crate) struct Prepared<'a> {
    pub instance: &'a Instance,
    /// Eligible offers of each student, best score first (ties: offer order).
    pub edges: Vec<Vec<Edge>>,
    /// Places of each offer left after the locked pairs.
    pub free_capacity: Vec<usize>,
    /// Locked (student, offer) pairs, by index.
    pub locked: Vec<(usize, usize)>,
    /// Lottery number of each student (1 = drawn first).
    pub lottery: Vec<u64>,
}

fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<HashMap<&'a str, usize>, InstanceError> {
    let mut map = HashMap::new();
    for (index, id) in ids.enumerate() {
        if map.insert(id, index).is_some() {
            return Err(InstanceError(format!("{what} « {id} » apparaît deux fois")));
        }
    }
    Ok(map)
}

impl<'a> Prepared<'a> {
    pub fn new(instance: &'a Instance) -> Result<Self, InstanceError> {
        let students = unique_ids(
            instance.students.iter().map(|s| s.id.as_str()),
            "l'étudiant",
        )?;
        let offers = unique_ids(instance.offers.iter().map(|o| o.id.as_str()), "l'offre")?;
        for offer in &instance.offers {
            if offer.capacity < 0 {
                return Err(InstanceError(format!(
                    "l'offre « {} » a une capacité négative ({})",
                    offer.id, offer.capacity
                )));
            }
        }
        for student in &instance.students {
            let mut seen = HashSet::new();
            for wish in &student.wishes {
                if !offers.contains_key(wish.as_str()) {
                    return Err(InstanceError(format!(
                        "l'étudiant « {} » demande l'offre inconnue « {wish} »",
                        student.id
                    )));
                }
                if !seen.insert(wish) {
                    return Err(InstanceError(format!(
                        "l'étudiant « {} » demande deux fois l'offre « {wish} »",
                        student.id
                    )));
                }
            }
        }

        // Offers of each job sorted by latitude: a student only looks at the band of
        // latitudes its radius can reach instead of every offer of the job.
        let by_job = {
            let mut map: HashMap<&str, Vec<(f64, usize)>> = HashMap::new();
            for (index, offer) in instance.offers.iter().enumerate() {
                map.entry(offer.job.as_str())
                    .or_default()
                    .push((offer.lat, index));
            }
            map.values_mut()
                .for_each(|offers| offers.sort_by(|a, b| a.0.total_cmp(&b.0)));
            map
        };
        let edges: Vec<Vec<Edge>> = instance
            .students
            .iter()
            .map(|student| {
                let mut candidates: Vec<usize> =
                    student.wishes.iter().map(|w| offers[w.as_str()]).collect();
                let reach =
                    Point::new(student.lat, student.lon).bounding_box(student.radius_km.max(0.0));
                for job in &student.jobs {
                    let Some(band) = by_job.get(job.as_str()) else {
                        continue;
                    };
                    let first = band.partition_point(|(lat, _)| *lat < reach.min_lat);
                    let last = band.partition_point(|(lat, _)| *lat <= reach.max_lat);
                    candidates.extend(band[first..last].iter().map(|(_, index)| *index));
                }
                candidates.sort_unstable();
                candidates.dedup();
                let mut edges: Vec<Edge> = candidates
                    .into_iter()
                    .filter_map(|o| edge(instance, student, o))
                    .collect();
                edges.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.offer.cmp(&b.offer)));
                edges
            })
            .collect();

        let mut free_capacity: Vec<usize> = instance
            .offers
            .iter()
            .map(|o| o.capacity as usize)
            .collect();
        let mut locked = Vec::new();
        let mut locked_students = HashSet::new();
        for pair in &instance.locked {
            let &s = students.get(pair.student.as_str()).ok_or_else(|| {
                InstanceError(format!(
                    "binôme verrouillé : étudiant « {} » inconnu",
                    pair.student
                ))
            })?;
            let &o = offers.get(pair.offer.as_str()).ok_or_else(|| {
                InstanceError(format!(
                    "binôme verrouillé : offre « {} » inconnue",
                    pair.offer
                ))
            })?;
            if !locked_students.insert(s) {
                return Err(InstanceError(format!(
                    "l'étudiant « {} » a deux binômes verrouillés",
                    pair.student
                )));
            }
            if !edges[s].iter().any(|e| e.offer == o) {
                return Err(InstanceError(format!(
                    "binôme verrouillé « {} » – « {} » : l'offre n'est pas éligible pour cet étudiant",
                    pair.student, pair.offer
                )));
            }
            if free_capacity[o] == 0 {
                return Err(InstanceError(format!(
                    "binômes verrouillés : l'offre « {} » dépasse sa capacité",
                    pair.offer
                )));
            }
            free_capacity[o] -= 1;
            locked.push((s, o));
        }
        Ok(Prepared {
            instance,
            edges,
            free_capacity,
            locked,
            lottery: lottery(instance.seed, instance.students.len()),
        })
    }

    pub fn score(&self, student: usize, offer: usize) -> Option<&Edge> {
        self.edges[student].iter().find(|e| e.offer == offer)
    }
}

/// The contract's eligibility rule, and the score of an eligible pair.
pub(crate) fn edge(
    instance: &Instance,
    student: &StudentInput,
    offer_index: usize,
) -> Option<Edge> {
    let offer = &instance.offers[offer_index];
    if !offer.levels.contains(&student.level) {
        return None;
    }
    let distance_km =
        Point::new(student.lat, student.lon).distance_km(Point::new(offer.lat, offer.lon));
    let wish_rank = student
        .wishes
        .iter()
        .position(|w| *w == offer.id)
        .map_or(0, |p| p + 1);
    let same_job = student.jobs.contains(&offer.job);
    if wish_rank == 0 && !(same_job && distance_km <= student.radius_km) {
        return None;
    }
    let same_administration = student.administrations.contains(&offer.administration);
    let weights = &instance.weights;
    let mut score = -weights.distance_per_km * distance_km;
    if wish_rank > 0 {
        score += weights.wish_rank.get(wish_rank - 1).copied().unwrap_or(0.0);
    }
    if same_job {
        score += weights.job;
    }
    if same_administration {
        score += weights.administration;
    }
    Some(Edge {
        offer: offer_index,
        wish_rank,
        same_job,
        same_administration,
        distance_km,
        score,
    })
}

/// Lottery numbers 1..=n, a seeded Fisher–Yates shuffle: the same seed
/// always draws the same order.
fn lottery(seed: u64, students: usize) -> Vec<u64> {
    let mut rng = SplitMix64::new(seed);
    let mut order: Vec<usize> = (0..students).collect();
    for i in (1..students).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let mut numbers = vec![0; students];
    for (position, &student) in order.iter().enumerate() {
        numbers[student] = position as u64 + 1;
    }
    numbers
}
