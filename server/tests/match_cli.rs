//! `vismonjob match`: a JSON instance in, a JSON result out, from the real binary.

use std::process::Command;

const INSTANCE: &str = r#"{ "seed": 7,
  "weights": { "wish_rank": [100, 80, 60, 40, 20], "job": 30, "administration": 20, "distance_per_km": 0.2 },
  "students": [
    { "id": "s1", "level": 5, "lat": 48.11, "lon": -1.68, "radius_km": 50, "wishes": ["o1"], "jobs": ["data"] },
    { "id": "s2", "level": 4, "lat": 48.11, "lon": -1.68, "radius_km": 50, "wishes": ["o1", "o2"], "jobs": [] }
  ],
  "offers": [
    { "id": "o1", "capacity": 1, "job": "data", "administration": "armees", "lat": 48.08, "lon": -1.61, "levels": [4, 5] },
    { "id": "o2", "capacity": 1, "job": "dev", "administration": "dinum", "lat": 48.85, "lon": 2.35, "levels": [4] }
  ] }"#;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vismonjob"))
        .args(args)
        .output()
        .expect("run vismonjob")
}

#[test]
fn pairs_an_instance_file_with_both_algorithms() {
    let dir = std::env::temp_dir().join(format!("vmj-match-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("instance.json");
    std::fs::write(&input, INSTANCE).unwrap();
    for algorithm in ["stable", "optimal"] {
        let output = dir.join(format!("{algorithm}.json"));
        let done = run(&[
            "match",
            "--algorithm",
            algorithm,
            "--input",
            input.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ]);
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let result: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        assert_eq!(result["algorithm"], algorithm);
        // Both students are placed: optimal must give o1 to s1 (its only choice) to place
        // both; stable does too because s1, equally close, draws the better lottery number.
        let pairs: Vec<(String, String)> = result["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["student"].as_str().unwrap().to_string(),
                    p["offer"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            pairs,
            [
                ("s1".to_string(), "o1".to_string()),
                ("s2".to_string(), "o2".to_string())
            ],
            "{algorithm}"
        );
        assert_eq!(result["report"]["matched"], 2);
        assert_eq!(
            result["report"]["wish_rank_histogram"],
            serde_json::json!([0, 1, 1, 0, 0, 0])
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refuses_an_invalid_instance_with_a_message() {
    let dir = std::env::temp_dir().join(format!("vmj-match-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("instance.json");
    std::fs::write(&input, INSTANCE.replace(r#""id": "o2""#, r#""id": "o1""#)).unwrap();
    let done = run(&[
        "match",
        "--algorithm",
        "optimal",
        "--input",
        input.to_str().unwrap(),
    ]);
    assert!(!done.status.success());
    assert!(String::from_utf8_lossy(&done.stderr).contains("l'offre « o1 » apparaît deux fois"));
    let unknown = run(&[
        "match",
        "--algorithm",
        "glouton",
        "--input",
        input.to_str().unwrap(),
    ]);
    assert!(!unknown.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}
