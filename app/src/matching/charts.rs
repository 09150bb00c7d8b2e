//! What the organiser's charts show of a run: wish obtained, distances, fill rate by job,
//! région and administration, unmatched students by reason.

use super::{Algorithm, MatchResult, Report};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A published offer, with the groups it is counted in.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferGroups {
    /// The offer's id in the instance.
    pub id: String,
    pub places: usize,
    pub job: String,
    pub region: String,
    pub administration: String,
}

/// One bar: `value` out of `total` (a share of a whole, or a count out of the largest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub total: usize,
}

/// The charts of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCharts {
    /// Pairs by wish obtained (1st, 2nd… then outside the wishes), out of all pairs.
    pub wish_obtained: Vec<Bar>,
    /// Pairs by distance band, out of all pairs.
    pub distances: Vec<Bar>,
    /// Places filled out of places, by job family, région, administration.
    pub fill_by_job: Vec<Bar>,
    pub fill_by_region: Vec<Bar>,
    pub fill_by_administration: Vec<Bar>,
    /// Unmatched students by reason, out of all students.
    pub unmatched: Vec<Bar>,
}

/// What the workspace keeps of a run besides its pairs: the report and the counts its
/// charts need (small, whatever the number of pairs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunDigest {
    pub algorithm: Algorithm,
    pub total_score: f64,
    pub report: Report,
    /// (reason, students), in order of first appearance.
    pub unmatched_by_reason: Vec<(String, usize)>,
    /// Pairs per distance band ([`DISTANCE_BANDS`], then 200 km and more).
    pub distance_bands: Vec<usize>,
    /// (offer id, pairs), offers with at least one pair.
    pub pairs_by_offer: Vec<(String, usize)>,
}

impl RunDigest {
    pub fn of(result: &MatchResult) -> RunDigest {
        let mut unmatched_by_reason: Vec<(String, usize)> = Vec::new();
        for student in &result.unmatched {
            match unmatched_by_reason
                .iter_mut()
                .find(|(r, _)| *r == student.reason)
            {
                Some((_, n)) => *n += 1,
                None => unmatched_by_reason.push((student.reason.clone(), 1)),
            }
        }
        let mut distance_bands = vec![0; DISTANCE_BANDS.len() + 1];
        let mut pairs_by_offer: HashMap<&str, usize> = HashMap::new();
        for pair in &result.pairs {
            let band = DISTANCE_BANDS
                .iter()
                .position(|(bound, _)| pair.distance_km < *bound)
                .unwrap_or(DISTANCE_BANDS.len());
            distance_bands[band] += 1;
            *pairs_by_offer.entry(pair.offer.as_str()).or_default() += 1;
        }
        let mut pairs_by_offer: Vec<(String, usize)> = pairs_by_offer
            .into_iter()
            .map(|(offer, n)| (offer.to_string(), n))
            .collect();
        pairs_by_offer.sort();
        RunDigest {
            algorithm: result.algorithm,
            total_score: result.total_score,
            report: result.report.clone(),
            unmatched_by_reason,
            distance_bands,
            pairs_by_offer,
        }
    }
}

/// Upper bounds of the distance bands, in km.
const DISTANCE_BANDS: [(f64, &str); 5] = [
    (10.0, "moins de 10 km"),
    (25.0, "10 à 25 km"),
    (50.0, "25 à 50 km"),
    (100.0, "50 à 100 km"),
    (200.0, "100 à 200 km"),
];

impl RunCharts {
    pub fn of(digest: &RunDigest, offers: &[OfferGroups]) -> RunCharts {
        let report = &digest.report;
        let pairs = report.matched;
        let histogram = &report.wish_rank_histogram;
        let mut wish_obtained: Vec<Bar> = histogram
            .iter()
            .enumerate()
            .skip(1)
            .map(|(rank, &count)| Bar {
                label: if rank == 1 {
                    "1er vœu".into()
                } else {
                    format!("{rank}e vœu")
                },
                value: count,
                total: pairs,
            })
            .collect();
        wish_obtained.push(Bar {
            label: "hors vœux".into(),
            value: histogram.first().copied().unwrap_or(0),
            total: pairs,
        });

        let distances: Vec<Bar> = DISTANCE_BANDS
            .iter()
            .map(|(_, label)| *label)
            .chain(std::iter::once("200 km et plus"))
            .enumerate()
            .map(|(band, label)| Bar {
                label: label.into(),
                value: digest.distance_bands.get(band).copied().unwrap_or(0),
                total: pairs,
            })
            .collect();

        let filled: HashMap<&str, usize> = digest
            .pairs_by_offer
            .iter()
            .map(|(offer, n)| (offer.as_str(), *n))
            .collect();
        let fill_by = |group: fn(&OfferGroups) -> &str| {
            let mut bars: Vec<Bar> = Vec::new();
            for offer in offers {
                let taken = filled.get(offer.id.as_str()).copied().unwrap_or(0);
                match bars.iter_mut().find(|bar| bar.label == group(offer)) {
                    Some(bar) => {
                        bar.value += taken;
                        bar.total += offer.places;
                    }
                    None => bars.push(Bar {
                        label: group(offer).to_string(),
                        value: taken,
                        total: offer.places,
                    }),
                }
            }
            bars.sort_by(|a, b| a.label.cmp(&b.label));
            bars
        };
        RunCharts {
            wish_obtained,
            distances,
            fill_by_job: fill_by(|o| &o.job),
            fill_by_region: fill_by(|o| &o.region),
            fill_by_administration: fill_by(|o| &o.administration),
            unmatched: digest
                .unmatched_by_reason
                .iter()
                .map(|(reason, n)| Bar {
                    label: reason.clone(),
                    value: *n,
                    total: report.students,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{run, Instance};

    #[test]
    fn charts_count_wishes_distances_fill_rates_and_reasons() {
        let instance: Instance = serde_json::from_str(
            r#"{ "seed": 1,
              "weights": { "wish_rank": [100, 80], "job": 30, "administration": 20, "distance_per_km": 0.2 },
              "students": [
                { "id": "a", "level": 5, "lat": 48.85, "lon": 2.35, "radius_km": 50, "wishes": ["p"] },
                { "id": "b", "level": 5, "lat": 48.85, "lon": 2.35, "radius_km": 50, "wishes": ["q", "r"] },
                { "id": "c", "level": 2, "lat": 48.85, "lon": 2.35, "radius_km": 50, "wishes": ["p"] } ],
              "offers": [
                { "id": "p", "capacity": 2, "job": "data", "administration": "armees", "lat": 48.86, "lon": 2.35, "levels": [5] },
                { "id": "q", "capacity": 0, "job": "data", "administration": "insee", "lat": 45.76, "lon": 4.84, "levels": [5] },
                { "id": "r", "capacity": 1, "job": "dev", "administration": "insee", "lat": 48.11, "lon": -1.68, "levels": [5] } ] }"#,
        )
        .expect("instance");
        let result = run(&instance, crate::matching::Algorithm::Optimal).expect("valid");
        let groups = |id: &str, places, job: &str, region: &str| OfferGroups {
            id: id.into(),
            places,
            job: job.into(),
            region: region.into(),
            administration: "Ministère".into(),
        };
        let charts = RunCharts::of(
            &RunDigest::of(&result),
            &[
                groups("p", 2, "Data", "Île-de-France"),
                groups("q", 0, "Data", "Auvergne-Rhône-Alpes"),
                groups("r", 1, "Dév", "Bretagne"),
            ],
        );
        fn values(bars: &[Bar]) -> Vec<(&str, usize, usize)> {
            bars.iter()
                .map(|b| (b.label.as_str(), b.value, b.total))
                .collect()
        }
        assert_eq!(
            values(&charts.wish_obtained),
            [("1er vœu", 1, 2), ("2e vœu", 1, 2), ("hors vœux", 0, 2)]
        );
        // a is 1 km away, b goes to Rennes (about 308 km).
        assert_eq!(charts.distances[0].value, 1);
        assert_eq!(charts.distances[5].value, 1);
        assert_eq!(values(&charts.fill_by_job), [("Data", 1, 2), ("Dév", 1, 1)]);
        assert_eq!(
            values(&charts.fill_by_administration),
            [("Ministère", 2, 3)]
        );
        assert_eq!(
            values(&charts.unmatched),
            [("aucune offre éligible (niveau, métier ou distance)", 1, 3)]
        );
    }
}
