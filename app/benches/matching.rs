//! Criterion benchmark of the pairing engine on an instance file written by
//! `bench/matching_instance.py` (see `bench/matching-criterion.sh`).
//!
//! MATCHING_INSTANCE: the instance file; MATCHING_ALGORITHMS: "stable,optimal" (default).

use app::matching::{run, Algorithm, Instance};
use criterion::{criterion_group, criterion_main, Criterion};

fn pairing(c: &mut Criterion) {
    let path = std::env::var("MATCHING_INSTANCE")
        .expect("MATCHING_INSTANCE must name an instance file (bench/matching-criterion.sh)");
    let text = std::fs::read_to_string(&path).expect("instance file");
    let instance: Instance = serde_json::from_str(&text).expect("instance JSON");
    let label = format!("{}x{}", instance.students.len(), instance.offers.len());
    let algorithms =
        std::env::var("MATCHING_ALGORITHMS").unwrap_or_else(|_| "stable,optimal".into());
    let mut group = c.benchmark_group("pairing");
    group.sample_size(10);
    for name in algorithms.split(',') {
        let algorithm: Algorithm = name.trim().parse().expect("stable or optimal");
        group.bench_function(format!("{name} {label}"), |b| {
            b.iter(|| run(&instance, algorithm).expect("valid instance"))
        });
    }
    group.finish();
}

criterion_group!(benches, pairing);
criterion_main!(benches);
