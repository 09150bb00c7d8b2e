//! The instance contract, its validation, and what both algorithms share: eligibility,
//! score and lottery.

use crate::domain::geo::{BoundingBox, Point, EARTH_RADIUS_KM};
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

impl Weights {
    /// The programme's weights until an edition sets its own: points for each wish rank
    /// (100, 80, 60… never under 10), then the criteria and the distance.
    pub fn programme_default(max_wishes: usize) -> Self {
        let wish_rank = (0..max_wishes.max(1))
            .map(|r| (100.0 - 20.0 * r as f64).max(10.0))
            .collect();
        Weights {
            wish_rank,
            job: 30.0,
            administration: 20.0,
            distance_per_km: 0.2,
        }
    }
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

impl Edge {
    /// A student's order of preference, best first: higher score, then offer order.
    pub fn by_preference(a: &Edge, b: &Edge) -> std::cmp::Ordering {
        b.score.total_cmp(&a.score).then(a.offer.cmp(&b.offer))
    }
}

/// Height of a latitude row of [`JobMap`], in degrees (about 11 km).
const ROW_DEGREES: f64 = 0.1;

/// The offers of one job family, by latitude row then longitude: a student looks only
/// at the rows and the stretch of longitudes their circle can reach.
#[derive(Default)]
struct JobMap {
    /// (row, longitude, offer index, position on the unit sphere), sorted.
    offers: Vec<(i32, f64, usize, [f64; 3])>,
}

/// Position on the unit sphere: the straight-line (chord) distance between two of them
/// is never more than the great-circle distance, and costs no trigonometry.
fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn chord_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let squared: f64 = (0..3).map(|i| (a[i] - b[i]) * (a[i] - b[i])).sum();
    EARTH_RADIUS_KM * squared.sqrt()
}

impl JobMap {
    fn row(lat: f64) -> i32 {
        (lat / ROW_DEGREES).floor() as i32
    }

    /// Calls `visit` with every offer inside the box (and a few just outside it).
    fn within(&self, bbox: BoundingBox, mut visit: impl FnMut(usize, &[f64; 3])) {
        let every_longitude = bbox.min_lon < -180.0 || bbox.max_lon > 180.0;
        for row in Self::row(bbox.min_lat.max(-90.0))..=Self::row(bbox.max_lat.min(90.0)) {
            let (min_lon, max_lon) = if every_longitude {
                (f64::NEG_INFINITY, f64::INFINITY)
            } else {
                (bbox.min_lon, bbox.max_lon)
            };
            let first = self
                .offers
                .partition_point(|&(r, lon, _, _)| r < row || (r == row && lon < min_lon));
            self.offers[first..]
                .iter()
                .take_while(|&&(r, lon, _, _)| r == row && lon <= max_lon)
                .for_each(|(_, _, offer, unit)| visit(*offer, unit));
        }
    }
}

/// The validated instance, with indices instead of ids. A student's eligible offers are
/// found on demand ([`Prepared::eligible`], [`Prepared::offers_around`]): at national
/// scale, keeping them all would take gigabytes.
pub(crate) struct Prepared<'a> {
    pub instance: &'a Instance,
    /// Offer indices of every student's wishes, in order: `wishes[wish_start[s]..wish_start[s + 1]]`.
    wish_start: Vec<usize>,
    wishes: Vec<usize>,
    /// Offers by job family; a family is a number, given in order of first appearance.
    jobs: Vec<JobMap>,
    offer_job: Vec<u32>,
    offer_administration: Vec<u32>,
    /// Levels each offer accepts, as bits (level n is bit n; levels above 63 are
    /// looked up in the offer itself).
    offer_levels: Vec<u64>,
    /// Job families and administrations of every student, as numbers (those no offer
    /// has are left out): `student_jobs[job_start[s]..job_start[s + 1]]`, and likewise.
    job_start: Vec<usize>,
    student_jobs: Vec<u32>,
    administration_start: Vec<usize>,
    student_administrations: Vec<u32>,
    student_unit: Vec<[f64; 3]>,
    /// Places of each offer left after the locked pairs.
    pub free_capacity: Vec<usize>,
    /// Locked pairs, by student index.
    pub locked: Vec<(usize, Edge)>,
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
        let mut wish_start = Vec::with_capacity(instance.students.len() + 1);
        let mut wishes = Vec::new();
        for student in &instance.students {
            wish_start.push(wishes.len());
            for wish in &student.wishes {
                let Some(&offer) = offers.get(wish.as_str()) else {
                    return Err(InstanceError(format!(
                        "l'étudiant « {} » demande l'offre inconnue « {wish} »",
                        student.id
                    )));
                };
                if wishes[wish_start[wish_start.len() - 1]..].contains(&offer) {
                    return Err(InstanceError(format!(
                        "l'étudiant « {} » demande deux fois l'offre « {wish} »",
                        student.id
                    )));
                }
                wishes.push(offer);
            }
        }
        wish_start.push(wishes.len());

        let mut job_numbers: HashMap<&str, u32> = HashMap::new();
        let mut administration_numbers: HashMap<&str, u32> = HashMap::new();
        let mut jobs: Vec<JobMap> = Vec::new();
        let mut offer_job = Vec::with_capacity(instance.offers.len());
        let mut offer_administration = Vec::with_capacity(instance.offers.len());
        for (index, offer) in instance.offers.iter().enumerate() {
            let next = job_numbers.len() as u32;
            let job = *job_numbers.entry(offer.job.as_str()).or_insert(next);
            if job as usize == jobs.len() {
                jobs.push(JobMap::default());
            }
            jobs[job as usize].offers.push((
                JobMap::row(offer.lat),
                offer.lon,
                index,
                unit_vector(offer.lat, offer.lon),
            ));
            offer_job.push(job);
            let next = administration_numbers.len() as u32;
            offer_administration.push(
                *administration_numbers
                    .entry(offer.administration.as_str())
                    .or_insert(next),
            );
        }
        for map in &mut jobs {
            map.offers
                .sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        }
        let (mut job_start, mut student_jobs) = (Vec::new(), Vec::new());
        let (mut administration_start, mut student_administrations) = (Vec::new(), Vec::new());
        for student in &instance.students {
            job_start.push(student_jobs.len());
            for job in &student.jobs {
                if let Some(&n) = job_numbers.get(job.as_str()) {
                    if !student_jobs[job_start[job_start.len() - 1]..].contains(&n) {
                        student_jobs.push(n);
                    }
                }
            }
            administration_start.push(student_administrations.len());
            student_administrations.extend(
                student
                    .administrations
                    .iter()
                    .filter_map(|a| administration_numbers.get(a.as_str())),
            );
        }
        job_start.push(student_jobs.len());
        administration_start.push(student_administrations.len());

        let mut prepared = Prepared {
            instance,
            wish_start,
            wishes,
            jobs,
            offer_job,
            offer_administration,
            offer_levels: instance
                .offers
                .iter()
                .map(|o| {
                    o.levels
                        .iter()
                        .filter(|&&l| l < 64)
                        .fold(0u64, |bits, &l| bits | 1 << l)
                })
                .collect(),
            job_start,
            student_jobs,
            administration_start,
            student_administrations,
            student_unit: instance
                .students
                .iter()
                .map(|s| unit_vector(s.lat, s.lon))
                .collect(),
            free_capacity: instance
                .offers
                .iter()
                .map(|o| o.capacity as usize)
                .collect(),
            locked: Vec::new(),
            lottery: lottery(instance.seed, instance.students.len()),
        };
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
            let Some(edge) = prepared.edge(s, o) else {
                return Err(InstanceError(format!(
                    "binôme verrouillé « {} » – « {} » : l'offre n'est pas éligible pour cet étudiant",
                    pair.student, pair.offer
                )));
            };
            if prepared.free_capacity[o] == 0 {
                return Err(InstanceError(format!(
                    "binômes verrouillés : l'offre « {} » dépasse sa capacité",
                    pair.offer
                )));
            }
            prepared.free_capacity[o] -= 1;
            prepared.locked.push((s, edge));
        }
        Ok(prepared)
    }

    pub fn students(&self) -> usize {
        self.instance.students.len()
    }

    pub fn wishes(&self, student: usize) -> &[usize] {
        &self.wishes[self.wish_start[student]..self.wish_start[student + 1]]
    }

    fn student_jobs(&self, student: usize) -> &[u32] {
        &self.student_jobs[self.job_start[student]..self.job_start[student + 1]]
    }

    fn student_administrations(&self, student: usize) -> &[u32] {
        &self.student_administrations
            [self.administration_start[student]..self.administration_start[student + 1]]
    }

    fn accepts_level(&self, offer: usize, student: usize) -> bool {
        let level = self.instance.students[student].level;
        if level < 64 {
            self.offer_levels[offer] & (1 << level) != 0
        } else {
            self.instance.offers[offer].levels.contains(&level)
        }
    }

    /// The pair (student, offer) when eligible.
    pub fn edge(&self, student: usize, offer: usize) -> Option<Edge> {
        let wish_rank = self
            .wishes(student)
            .iter()
            .position(|&w| w == offer)
            .map_or(0, |p| p + 1);
        let (s, o) = (
            &self.instance.students[student],
            &self.instance.offers[offer],
        );
        // Same formula (and rounding) as the reported distance.
        let km = Point::new(s.lat, s.lon).distance_km(Point::new(o.lat, o.lon));
        let same_job = self.student_jobs(student).contains(&self.offer_job[offer]);
        self.edge_at(student, offer, wish_rank, same_job, km)
    }

    fn edge_at(
        &self,
        student: usize,
        offer: usize,
        wish_rank: usize,
        same_job: bool,
        distance_km: f64,
    ) -> Option<Edge> {
        let facts = PairFacts {
            level_accepted: self.accepts_level(offer, student),
            wish_rank,
            same_job,
            same_administration: self
                .student_administrations(student)
                .contains(&self.offer_administration[offer]),
            distance_km,
        };
        edge_from(
            self.instance,
            &self.instance.students[student],
            offer,
            facts,
        )
    }

    /// Every eligible offer of the student, best first.
    pub fn eligible(&self, student: usize) -> Vec<Edge> {
        let mut edges: Vec<Edge> = self
            .wishes(student)
            .iter()
            .filter_map(|&offer| self.edge(student, offer))
            .collect();
        self.offers_around(student, None, f64::INFINITY, &mut edges);
        edges.sort_by(Edge::by_preference);
        edges
    }

    /// Appends, in no particular order, the eligible offers of the student's jobs that
    /// are not wishes, at a distance in (`beyond_km`, `within_km`] (from 0 included when
    /// `beyond_km` is `None`).
    pub fn offers_around(
        &self,
        student: usize,
        beyond_km: Option<f64>,
        within_km: f64,
        out: &mut Vec<Edge>,
    ) {
        let input = &self.instance.students[student];
        let wishes = self.wishes(student);
        let within_km = within_km.min(input.radius_km);
        if within_km < 0.0 || within_km.is_nan() {
            return;
        }
        let centre = Point::new(input.lat, input.lon);
        let bbox = centre.bounding_box(within_km);
        let here = &self.student_unit[student];
        for &job in self.student_jobs(student) {
            self.jobs[job as usize].within(bbox, |offer, there| {
                // The chord is at most the arc, and at most 0.3 % shorter below
                // 1,500 km: most offers are settled without trigonometry; the margins
                // cover rounding.
                let chord = chord_km(here, there);
                if chord > within_km + 0.001 {
                    return;
                }
                if beyond_km.is_some_and(|beyond| chord < 1500.0 && chord * 1.003 + 0.001 < beyond)
                {
                    return;
                }
                if wishes.contains(&offer) || !self.accepts_level(offer, student) {
                    return;
                }
                let o = &self.instance.offers[offer];
                let km = centre.distance_km(Point::new(o.lat, o.lon));
                if km <= within_km && beyond_km.is_none_or(|beyond| km > beyond) {
                    out.extend(self.edge_at(student, offer, 0, true, km));
                }
            });
        }
    }
}

/// What the rule and the score need to know of a (student, offer) pair.
struct PairFacts {
    /// The offer accepts the student's level.
    level_accepted: bool,
    /// 1-based rank among the student's wishes, 0 if the offer is not one.
    wish_rank: usize,
    same_job: bool,
    same_administration: bool,
    distance_km: f64,
}

/// The contract's eligibility rule, and the score of an eligible pair, from ids (for a
/// single pair, e.g. a move made by hand).
pub(crate) fn edge_with_rank(
    instance: &Instance,
    student: &StudentInput,
    offer_index: usize,
    wish_rank: usize,
) -> Option<Edge> {
    let offer = &instance.offers[offer_index];
    let facts = PairFacts {
        level_accepted: offer.levels.contains(&student.level),
        wish_rank,
        same_job: student.jobs.contains(&offer.job),
        same_administration: student.administrations.contains(&offer.administration),
        distance_km: Point::new(student.lat, student.lon)
            .distance_km(Point::new(offer.lat, offer.lon)),
    };
    edge_from(instance, student, offer_index, facts)
}

/// The contract's eligibility rule and score, the one place both are written.
fn edge_from(
    instance: &Instance,
    student: &StudentInput,
    offer_index: usize,
    facts: PairFacts,
) -> Option<Edge> {
    let PairFacts {
        level_accepted,
        wish_rank,
        same_job,
        same_administration,
        distance_km,
    } = facts;
    if !level_accepted {
        return None;
    }
    if wish_rank == 0 && !(same_job && distance_km <= student.radius_km) {
        return None;
    }
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

/// The highest score a non-wish offer farther than `km` can have: it shares the
/// student's job and at best their administration. Valid when distance costs (a
/// positive `distance_per_km`); computed in the order [`edge_from`] adds, so that float
/// rounding cannot put an unseen offer above it.
pub(crate) fn best_score_beyond(weights: &Weights, km: f64) -> f64 {
    let score = -weights.distance_per_km * km + weights.job;
    if weights.administration > 0.0 {
        score + weights.administration
    } else {
        score
    }
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
