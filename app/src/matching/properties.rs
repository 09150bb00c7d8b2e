//! Property tests on instances larger than the exhaustive checks can afford: whatever
//! the instance, both algorithms respect capacities, eligibility and locks, pair each
//! student at most once, and give the same result for the same seed; the optimal run
//! pairs at least as many students as the stable one.

use super::*;
use proptest::prelude::*;
use std::collections::HashMap;

const JOBS: [&str; 3] = ["data", "dev", "secu"];
const ADMINISTRATIONS: [&str; 3] = ["armees", "dinum", "insee"];

type OfferSeed = (i64, usize, usize, u32, u32, u8);
type StudentSeed = (u8, u32, u32, u32, Vec<usize>, u8, u8);

fn build(
    offers: Vec<OfferSeed>,
    students: Vec<StudentSeed>,
    seed: u64,
    locks: Vec<(usize, usize)>,
) -> Instance {
    let offers: Vec<OfferInput> = offers
        .into_iter()
        .enumerate()
        .map(
            |(i, (capacity, job, administration, lat, lon, levels))| OfferInput {
                id: format!("o{i}"),
                capacity,
                job: JOBS[job].into(),
                administration: ADMINISTRATIONS[administration].into(),
                lat: 43.0 + f64::from(lat) / 40.0,
                lon: -1.0 + f64::from(lon) / 30.0,
                levels: (2..=5).filter(|l| levels & (1 << (l - 2)) != 0).collect(),
            },
        )
        .collect();
    let students = students
        .into_iter()
        .enumerate()
        .map(
            |(i, (level, lat, lon, radius, wishes, jobs, administrations))| {
                let mut unique = Vec::new();
                for w in wishes {
                    let id = format!("o{}", w % offers.len());
                    if !unique.contains(&id) {
                        unique.push(id);
                    }
                }
                StudentInput {
                    id: format!("s{i}"),
                    level,
                    lat: 43.0 + f64::from(lat) / 40.0,
                    lon: -1.0 + f64::from(lon) / 30.0,
                    radius_km: f64::from(radius),
                    wishes: unique,
                    jobs: (0..3)
                        .filter(|j| jobs & (1 << j) != 0)
                        .map(|j| JOBS[j].to_string())
                        .collect(),
                    administrations: (0..3)
                        .filter(|a| administrations & (1 << a) != 0)
                        .map(|a| ADMINISTRATIONS[a].to_string())
                        .collect(),
                }
            },
        )
        .collect();
    let mut instance = Instance {
        seed,
        weights: Weights {
            wish_rank: vec![100.0, 80.0, 60.0, 40.0, 20.0],
            job: 30.0,
            administration: 20.0,
            distance_per_km: 0.2,
        },
        students,
        offers,
        locked: Vec::new(),
    };
    // Keep only the locks a valid instance may hold: eligible, one per student, within capacity.
    let mut used: HashMap<String, i64> = HashMap::new();
    for (s, o) in locks {
        let student = instance.students[s % instance.students.len()].id.clone();
        let offer = &instance.offers[o % instance.offers.len()];
        let taken = used.get(&offer.id).copied().unwrap_or(0);
        if instance.locked.iter().all(|l| l.student != student)
            && taken < offer.capacity
            && pair_if_eligible(&instance, &student, &offer.id).is_some()
        {
            used.insert(offer.id.clone(), taken + 1);
            instance.locked.push(LockedPair {
                student,
                offer: offer.id.clone(),
            });
        }
    }
    instance
}

fn instances() -> impl Strategy<Value = Instance> {
    (1usize..12, 1usize..40).prop_flat_map(|(offers, students)| {
        (
            prop::collection::vec(
                (0i64..4, 0usize..3, 0usize..3, 0u32..200, 0u32..200, 1u8..16),
                offers,
            ),
            prop::collection::vec(
                (
                    2u8..=5,
                    0u32..200,
                    0u32..200,
                    0u32..400,
                    prop::collection::vec(0usize..64, 0..6),
                    0u8..8,
                    0u8..8,
                ),
                students,
            ),
            any::<u64>(),
            prop::collection::vec((0usize..64, 0usize..64), 0..4),
        )
            .prop_map(|(offers, students, seed, locks)| build(offers, students, seed, locks))
    })
}

fn check(instance: &Instance, result: &MatchResult) -> Result<(), TestCaseError> {
    let mut per_offer: HashMap<&str, i64> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    for pair in &result.pairs {
        prop_assert!(
            seen.insert(pair.student.as_str()),
            "{} paired twice",
            pair.student
        );
        *per_offer.entry(pair.offer.as_str()).or_default() += 1;
        prop_assert!(
            pair_if_eligible(instance, &pair.student, &pair.offer).is_some(),
            "{} – {} is not eligible",
            pair.student,
            pair.offer
        );
    }
    for offer in &instance.offers {
        prop_assert!(per_offer.get(offer.id.as_str()).copied().unwrap_or(0) <= offer.capacity);
    }
    for lock in &instance.locked {
        prop_assert!(
            result
                .pairs
                .iter()
                .any(|p| p.student == lock.student && p.offer == lock.offer),
            "locked pair {lock:?} missing"
        );
    }
    prop_assert_eq!(
        result.pairs.len() + result.unmatched.len(),
        instance.students.len()
    );
    prop_assert_eq!(result.report.matched, result.pairs.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn runs_respect_capacity_eligibility_and_locks_and_repeat_themselves(instance in instances()) {
        let stable = run(&instance, Algorithm::Stable).expect("a valid instance");
        let optimal = run(&instance, Algorithm::Optimal).expect("a valid instance");
        check(&instance, &stable)?;
        check(&instance, &optimal)?;
        prop_assert!(optimal.report.matched >= stable.report.matched);
        prop_assert_eq!(run(&instance, Algorithm::Stable).expect("valid"), stable);
        prop_assert_eq!(run(&instance, Algorithm::Optimal).expect("valid"), optimal);
    }
}
