//! Exhaustive checks on small random instances, and the contract's own example.

use super::instance::{Edge, Prepared};
use super::optimal::milli;
use super::*;
use crate::domain::random::SplitMix64;

fn random_instance(seed: u64) -> Instance {
    random_instance_of(seed, 4, 6)
}

/// Up to `max_offers` offers and `max_students` students around Rennes.
fn random_instance_of(seed: u64, max_offers: usize, max_students: usize) -> Instance {
    let mut rng = SplitMix64::new(seed);
    let jobs = ["data", "dev"];
    let admins = ["armees", "dinum"];
    let offers: Vec<OfferInput> = (0..1 + rng.below(max_offers))
        .map(|i| OfferInput {
            id: format!("o{i}"),
            capacity: rng.below(3) as i64,
            job: jobs[rng.below(2)].into(),
            administration: admins[rng.below(2)].into(),
            lat: 48.0 + rng.below(100) as f64 / 100.0,
            lon: -1.0 + rng.below(100) as f64 / 100.0,
            levels: (2..=5).filter(|_| rng.below(4) > 0).collect(),
        })
        .collect();
    let students: Vec<StudentInput> = (0..1 + rng.below(max_students))
        .map(|i| {
            let mut wishes: Vec<String> = offers
                .iter()
                .filter(|_| rng.below(2) == 0)
                .map(|o| o.id.clone())
                .collect();
            for k in (1..wishes.len()).rev() {
                let j = rng.below(k + 1);
                wishes.swap(k, j);
            }
            StudentInput {
                id: format!("s{i}"),
                level: 2 + rng.below(4) as u8,
                lat: 48.0 + rng.below(100) as f64 / 100.0,
                lon: -1.0 + rng.below(100) as f64 / 100.0,
                radius_km: [10.0, 50.0, 200.0][rng.below(3)],
                wishes,
                jobs: jobs
                    .iter()
                    .filter(|_| rng.below(2) == 0)
                    .map(|j| j.to_string())
                    .collect(),
                administrations: admins
                    .iter()
                    .filter(|_| rng.below(3) == 0)
                    .map(|a| a.to_string())
                    .collect(),
            }
        })
        .collect();
    Instance {
        seed,
        weights: Weights {
            wish_rank: vec![100.0, 80.0, 60.0],
            job: 30.0,
            administration: 20.0,
            distance_per_km: 0.2,
        },
        students,
        offers,
        locked: Vec::new(),
    }
}

/// Adds a lock when a valid one exists, so that locks are exercised too.
fn with_random_lock(mut instance: Instance, seed: u64) -> Instance {
    let prepared = Prepared::new(&instance).expect("valid");
    let mut rng = SplitMix64::new(seed ^ 0xABCD);
    let s = rng.below(instance.students.len());
    if let Some(edge) = prepared.eligible(s).first() {
        if prepared.free_capacity[edge.offer] > 0 && rng.below(2) == 0 {
            let pair = LockedPair {
                student: instance.students[s].id.clone(),
                offer: instance.offers[edge.offer].id.clone(),
            };
            instance.locked.push(pair);
        }
    }
    instance
}

/// (pairs, total score in thousandths) of the best assignment, by trying them all.
fn exhaustive_optimum(p: &Prepared) -> (usize, i64) {
    fn explore(
        p: &Prepared,
        s: usize,
        used: &mut Vec<usize>,
        locked: &[Option<Edge>],
        acc: (usize, i64),
        best: &mut (usize, i64),
    ) {
        if s == p.students() {
            *best = (*best).max(acc);
            return;
        }
        if let Some(edge) = locked[s] {
            let score = milli(edge.score);
            return explore(p, s + 1, used, locked, (acc.0 + 1, acc.1 + score), best);
        }
        explore(p, s + 1, used, locked, acc, best);
        for edge in p.eligible(s) {
            if used[edge.offer] < p.free_capacity[edge.offer] {
                used[edge.offer] += 1;
                explore(
                    p,
                    s + 1,
                    used,
                    locked,
                    (acc.0 + 1, acc.1 + milli(edge.score)),
                    best,
                );
                used[edge.offer] -= 1;
            }
        }
    }
    let mut locked = vec![None; p.students()];
    for &(s, edge) in &p.locked {
        locked[s] = Some(edge);
    }
    let mut best = (0, i64::MIN);
    explore(
        p,
        0,
        &mut vec![0; p.free_capacity.len()],
        &locked,
        (0, 0),
        &mut best,
    );
    best
}

/// (pairs, total score in thousandths) of the best assignment, by successive shortest
/// paths (Bellman–Ford): slow but simple, an independent check on instances too large
/// to try every assignment.
fn shortest_paths_optimum(p: &Prepared) -> (usize, i64) {
    let students = p.students();
    let offers = p.free_capacity.len();
    let (source, sink) = (students + offers, students + offers + 1);
    // (to, capacity, cost); arc i ^ 1 is the reverse of arc i.
    let mut arcs: Vec<(usize, i64, i64)> = Vec::new();
    let mut out = vec![Vec::new(); sink + 1];
    let mut add = |from: usize, to: usize, capacity: i64, cost: i64| {
        out[from].push(arcs.len());
        arcs.push((to, capacity, cost));
        out[to].push(arcs.len());
        arcs.push((from, 0, -cost));
    };
    let locked: Vec<usize> = p.locked.iter().map(|&(s, _)| s).collect();
    let big = 1_000_000_000i64;
    for s in (0..students).filter(|s| !locked.contains(s)) {
        add(source, s, 1, 0);
        for edge in p.eligible(s) {
            add(s, students + edge.offer, 1, -(big + milli(edge.score)));
        }
    }
    for (o, &places) in p.free_capacity.iter().enumerate() {
        add(students + o, sink, places as i64, 0);
    }
    let mut total = 0;
    let mut pairs = 0;
    loop {
        let mut distance = vec![i64::MAX; sink + 1];
        let mut via = vec![usize::MAX; sink + 1];
        distance[source] = 0;
        let mut changed = true;
        while changed {
            changed = false;
            for v in 0..=sink {
                if distance[v] == i64::MAX {
                    continue;
                }
                for &a in &out[v] {
                    let (to, capacity, cost) = arcs[a];
                    if capacity > 0 && distance[v] + cost < distance[to] {
                        distance[to] = distance[v] + cost;
                        via[to] = a;
                        changed = true;
                    }
                }
            }
        }
        // Stop when no path remains or one more pair would not pay its BIG back.
        if distance[sink] >= 0 {
            break;
        }
        let mut node = sink;
        while node != source {
            let a = via[node];
            arcs[a].1 -= 1;
            arcs[a ^ 1].1 += 1;
            node = arcs[a ^ 1].0;
        }
        total += -distance[sink] - big;
        pairs += 1;
    }
    let locked_score: i64 = p.locked.iter().map(|(_, e)| milli(e.score)).sum();
    (pairs + p.locked.len(), total + locked_score)
}

fn value(assignment: &[Option<Edge>]) -> (usize, i64) {
    assignment
        .iter()
        .flatten()
        .map(|edge| milli(edge.score))
        .fold((0, 0), |(n, t), x| (n + 1, t + x))
}

fn check_feasible(p: &Prepared, assignment: &[Option<Edge>]) {
    let mut count = vec![0usize; p.free_capacity.len()];
    for (s, edge) in assignment.iter().enumerate() {
        if let Some(edge) = edge {
            assert_eq!(
                p.edge(s, edge.offer).as_ref(),
                Some(edge),
                "ineligible pair"
            );
            count[edge.offer] += 1;
        }
    }
    for (o, offer) in p.instance.offers.iter().enumerate() {
        assert!(count[o] as i64 <= offer.capacity, "capacity exceeded");
    }
    for &(s, edge) in &p.locked {
        assert_eq!(assignment[s], Some(edge), "locked pair moved");
    }
}

/// No student and offer both prefer each other to what they have.
fn check_stable(p: &Prepared, assignment: &[Option<Edge>]) {
    let locked: Vec<usize> = p.locked.iter().map(|&(s, _)| s).collect();
    let offer_of = |t: usize| assignment[t].map(|e| e.offer);
    let held = |o: usize| {
        (0..assignment.len())
            .filter(|t| offer_of(*t) == Some(o) && !locked.contains(t))
            .collect::<Vec<_>>()
    };
    for s in (0..assignment.len()).filter(|s| !locked.contains(s)) {
        let eligible = p.eligible(s);
        let current = offer_of(s)
            .and_then(|o| eligible.iter().position(|e| e.offer == o))
            .unwrap_or(eligible.len());
        for edge in &eligible[..current] {
            let o = edge.offer;
            let holders = held(o);
            assert!(
                holders.len() >= p.free_capacity[o],
                "student {s} and offer {o} block: a place is free"
            );
            let key = |t: usize| {
                (
                    p.edge(t, o).expect("eligible").distance_km.to_bits(),
                    p.lottery[t],
                )
            };
            assert!(
                holders.iter().all(|&t| key(t) < key(s)),
                "student {s} and offer {o} block"
            );
        }
    }
}

#[test]
fn optimal_equals_the_exhaustive_optimum_and_stable_has_no_blocking_pair() {
    for seed in 0..1500 {
        let instance = with_random_lock(random_instance(seed), seed);
        let p = Prepared::new(&instance).expect("valid instance");
        let (optimal, _) = super::optimal::assign(&p, &mut Observer::new(&mut |_| {}));
        check_feasible(&p, &optimal);
        assert_eq!(value(&optimal), exhaustive_optimum(&p), "seed {seed}");
        let (stable, _) = super::stable::assign(&p, &mut Observer::new(&mut |_| {}));
        check_feasible(&p, &stable);
        check_stable(&p, &stable);
    }
}

#[test]
fn optimal_equals_successive_shortest_paths_on_larger_instances() {
    for seed in 0..200 {
        let instance = with_random_lock(random_instance_of(seed, 25, 80), seed);
        let p = Prepared::new(&instance).expect("valid instance");
        let (optimal, _) = super::optimal::assign(&p, &mut Observer::new(&mut |_| {}));
        check_feasible(&p, &optimal);
        assert_eq!(value(&optimal), shortest_paths_optimum(&p), "seed {seed}");
        let (stable, _) = super::stable::assign(&p, &mut Observer::new(&mut |_| {}));
        check_feasible(&p, &stable);
        check_stable(&p, &stable);
    }
}

#[test]
fn preferences_built_by_circles_follow_the_full_list() {
    for seed in 0..300 {
        let instance = random_instance_of(seed, 40, 10);
        let p = Prepared::new(&instance).expect("valid instance");
        for s in 0..p.students() {
            assert_eq!(
                super::stable::preference_list(&p, s),
                p.eligible(s),
                "seed {seed} student {s}"
            );
        }
    }
}

#[test]
fn same_seed_same_result() {
    for seed in 0..50 {
        let instance = random_instance(seed);
        for algorithm in [Algorithm::Stable, Algorithm::Optimal] {
            assert_eq!(
                run(&instance, algorithm).unwrap(),
                run(&instance, algorithm).unwrap()
            );
        }
    }
}

const EXAMPLE: &str = r#"{ "seed": 7,
  "weights": { "wish_rank": [100, 80, 60, 40, 20], "job": 30, "administration": 20, "distance_per_km": 0.2 },
  "students": [ { "id": "s1", "level": 5, "lat": 48.11, "lon": -1.68, "radius_km": 50,
                  "wishes": ["o3", "o1"], "jobs": ["data"], "administrations": ["armees"] },
                { "id": "s2", "level": 2, "lat": 48.11, "lon": -1.68, "radius_km": 50, "jobs": ["data"] } ],
  "offers":   [ { "id": "o1", "capacity": 2, "job": "data", "administration": "armees",
                  "lat": 48.08, "lon": -1.61, "levels": [3, 4, 5] },
                { "id": "o3", "capacity": 0, "job": "dev", "administration": "dinum",
                  "lat": 48.85, "lon": 2.35, "levels": [5] } ],
  "locked":   [ { "student": "s1", "offer": "o1" } ] }"#;

#[test]
fn the_contract_example_gives_an_explained_result() {
    let instance: Instance = serde_json::from_str(EXAMPLE).expect("contract JSON");
    let result = run(&instance, Algorithm::Stable).unwrap();
    assert_eq!(result.pairs.len(), 1);
    let pair = &result.pairs[0];
    assert_eq!(
        (pair.student.as_str(), pair.offer.as_str(), pair.wish_rank),
        ("s1", "o1", 2)
    );
    assert_eq!(
        pair.explanation,
        "2e vœu · même métier · même administration · 6 km"
    );
    assert!((pair.score - (80.0 + 30.0 + 20.0 - 0.2 * pair.distance_km)).abs() < 0.05);
    assert_eq!(result.unmatched[0].student, "s2");
    assert_eq!(
        result.unmatched[0].reason,
        "aucune offre éligible (niveau, métier ou distance)"
    );
    assert_eq!(result.report.wish_rank_histogram, vec![0, 0, 1, 0, 0, 0]);
    assert_eq!(
        (
            result.report.students,
            result.report.matched,
            result.report.empty_places
        ),
        (2, 1, 1)
    );
    let mut lottery: Vec<u64> = result.lottery.values().copied().collect();
    lottery.sort();
    assert_eq!(lottery, vec![1, 2]);
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["algorithm"], "stable");
}

#[test]
fn invalid_instances_are_refused_naming_the_element() {
    let base: Instance = serde_json::from_str(EXAMPLE).unwrap();
    let refused = |change: &dyn Fn(&mut Instance)| {
        let mut instance = base.clone();
        change(&mut instance);
        run(&instance, Algorithm::Optimal).unwrap_err().0
    };
    assert!(refused(&|i| i.offers[1].id = "o1".into()).contains("« o1 » apparaît deux fois"));
    assert!(refused(&|i| i.students[1].id = "s1".into()).contains("« s1 » apparaît deux fois"));
    assert!(refused(&|i| i.offers[0].capacity = -1).contains("« o1 » a une capacité négative"));
    assert!(refused(&|i| i.students[0].wishes.push("o9".into())).contains("offre inconnue « o9 »"));
    assert!(refused(&|i| i.locked[0].student = "s2".into()).contains("n'est pas éligible"));
    assert!(refused(&|i| i.locked[0].student = "s9".into()).contains("« s9 » inconnu"));
    assert!(refused(&|i| i.offers[0].capacity = 0).contains("dépasse sa capacité"));
}
