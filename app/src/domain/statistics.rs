//! An edition's figures as the organisers' dashboard shows them, built from the running
//! totals the database keeps (`statistic_tallies`). Breakdowns count people in groups; a
//! group of fewer than [`SMALLEST_GROUP`] people is masked before it leaves the server.

use super::application::ApplicationStatus;
use super::date::Date;
use super::offer::OfferStatus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Groups of people smaller than this are shown as "moins de 5", never exactly.
pub const SMALLEST_GROUP: i64 = 5;

/// A count of people in a group: exact, or masked when the group is small (1 to 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum People {
    Exact(i64),
    Masked,
}

impl People {
    pub fn count(n: i64) -> People {
        if n > 0 && n < SMALLEST_GROUP {
            People::Masked
        } else {
            People::Exact(n.max(0))
        }
    }

    /// What a chart draws: nothing for a masked group, so that its size cannot be read
    /// off the bar either.
    pub fn drawn(self) -> i64 {
        match self {
            People::Exact(n) => n,
            People::Masked => 0,
        }
    }

    pub fn label(self) -> String {
        match self {
            People::Exact(n) => thousands(n),
            People::Masked => "moins de 5".into(),
        }
    }
}

/// 12345 → "12 345" (the French thousands separator, a narrow no-break space).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// One group of a breakdown: its published offers (one ambassador each), their places,
/// the places taken, and the students who applied from it when that has a meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The code the catalogue filters on (job slug, région or département code,
    /// administration slug); empty when the group has no catalogue page.
    pub code: String,
    pub label: String,
    pub offers: People,
    pub places: i64,
    pub taken: i64,
    pub students: Option<People>,
}

/// One labelled count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub label: String,
    pub value: People,
}

/// Everything the dashboard shows of one edition at one instant.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionStatistics {
    pub edition_id: i64,
    pub edition_name: String,
    /// When the figures were read (Unix ms).
    pub computed_at: i64,
    /// Ambassadors who put an offer in the edition (one each) and did not withdraw it.
    pub ambassadors: i64,
    pub offers_by_state: Vec<(String, i64)>,
    /// Places of the published offers, and how many are taken by a pair.
    pub places: i64,
    pub places_taken: i64,
    /// Students whose application is sent (paired or not).
    pub students: i64,
    pub applications_by_status: Vec<(String, i64)>,
    pub pairs: i64,
    pub pairs_announced: i64,
    pub confirmed_by_student: i64,
    pub confirmed_by_ambassador: i64,
    pub confirmed_by_both: i64,
    pub coaching_booked: i64,
    pub coaching_attended: i64,
    pub coaching_missed: i64,
    pub present: i64,
    pub absent: i64,
    pub by_job: Vec<Group>,
    pub by_region: Vec<Group>,
    pub by_ministry: Vec<Group>,
    pub by_departement: Vec<Group>,
    pub by_level: Vec<Count>,
    pub by_gender: Vec<Count>,
    /// Applications sent per day (Paris time) over the application window.
    pub per_day: Vec<Count>,
    /// Pairs by the rank of the wish they fulfil, then outside the wishes.
    pub wish_rank: Vec<Count>,
}

impl EditionStatistics {
    /// Places taken out of places, in whole percent.
    pub fn fill_rate(&self) -> i64 {
        (self.places_taken * 100)
            .checked_div(self.places)
            .unwrap_or(0)
    }
}

/// One running total as the database keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub dimension: String,
    pub key: String,
    pub n: i64,
    pub places: i64,
    pub taken: i64,
}

/// The names the figures are shown under.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Job id → (slug, name).
    pub jobs: BTreeMap<String, (String, String)>,
    /// Ministry id → (slug, name).
    pub ministries: BTreeMap<String, (String, String)>,
    pub regions: BTreeMap<String, String>,
    /// Département code → (name, région code).
    pub departements: BTreeMap<String, (String, String)>,
}

/// The edition the figures are about.
#[derive(Clone, Debug)]
pub struct EditionWindow {
    pub id: i64,
    pub name: String,
    pub applications_open_on: Date,
    pub applications_close_on: Date,
}

const SENT: [ApplicationStatus; 3] = [
    ApplicationStatus::Submitted,
    ApplicationStatus::Paired,
    ApplicationStatus::Unpaired,
];

impl EditionStatistics {
    pub fn from_tallies(
        edition: &EditionWindow,
        tallies: &[Tally],
        names: &Names,
        computed_at: i64,
    ) -> EditionStatistics {
        let of = |dimension: &'static str| tallies.iter().filter(move |t| t.dimension == dimension);
        let one = |dimension: &'static str, key: &str| {
            of(dimension).find(|t| t.key == key).map_or(0, |t| t.n)
        };
        let offers_by_state = OfferStatus::ALL
            .into_iter()
            .map(|s| (s.label().to_string(), one("offres", s.as_str())))
            .collect();
        let applications_by_status = ApplicationStatus::ALL
            .into_iter()
            .map(|s| (s.label().to_string(), one("candidatures", s.as_str())))
            .collect();
        let published = of("offres").find(|t| t.key == OfferStatus::Published.as_str());
        let students_in = |dimension: &'static str| -> BTreeMap<String, i64> {
            of(dimension).map(|t| (t.key.clone(), t.n)).collect()
        };
        let applied_from = students_in("etudiants_departement");

        let group = |t: &Tally, code: String, label: String, students: Option<i64>| Group {
            code,
            label,
            offers: People::count(t.n),
            places: t.places,
            taken: t.taken,
            students: students.map(People::count),
        };
        let sorted = |mut groups: Vec<Group>| {
            groups.retain(|g| g.offers != People::Exact(0) || g.places > 0);
            groups.sort_by(|a, b| b.places.cmp(&a.places).then(a.label.cmp(&b.label)));
            groups
        };
        let by_job = sorted(
            of("metier")
                .map(|t| {
                    let (slug, name) = names.jobs.get(&t.key).cloned().unwrap_or_default();
                    group(t, slug, name, None)
                })
                .collect(),
        );
        let by_ministry = sorted(
            of("ministere")
                .map(|t| {
                    let (slug, name) = names.ministries.get(&t.key).cloned().unwrap_or_default();
                    group(t, slug, name, None)
                })
                .collect(),
        );
        // Départements: every one, offers or not, for the map; régions summed from them.
        let mut by_departement = Vec::new();
        let mut regions: BTreeMap<String, (Tally, i64)> = BTreeMap::new();
        for (code, (name, region)) in &names.departements {
            let offered = of("departement").find(|t| &t.key == code);
            let zero = Tally {
                dimension: String::new(),
                key: code.clone(),
                n: 0,
                places: 0,
                taken: 0,
            };
            let offered = offered.unwrap_or(&zero);
            let applied = applied_from.get(code).copied().unwrap_or(0);
            by_departement.push(group(offered, code.clone(), name.clone(), Some(applied)));
            let entry = regions.entry(region.clone()).or_insert((
                Tally {
                    dimension: String::new(),
                    key: region.clone(),
                    n: 0,
                    places: 0,
                    taken: 0,
                },
                0,
            ));
            entry.0.n += offered.n;
            entry.0.places += offered.places;
            entry.0.taken += offered.taken;
            entry.1 += applied;
        }
        let by_region = sorted(
            regions
                .into_iter()
                .map(|(code, (t, applied))| {
                    let name = names.regions.get(&code).cloned().unwrap_or_default();
                    group(&t, code, name, Some(applied))
                })
                .collect(),
        );

        let by_level = (2..=5)
            .map(|level| Count {
                label: format!("Bac+{level}"),
                value: People::count(one("etudiants_niveau", &level.to_string())),
            })
            .collect();
        let by_gender = [
            ("femme", "Femme"),
            ("homme", "Homme"),
            ("autre", "Autre"),
            ("non_renseigne", "Non renseigné"),
        ]
        .into_iter()
        .map(|(key, label)| Count {
            label: label.into(),
            value: People::count(one("etudiants_genre", key)),
        })
        .collect();

        let mut days: BTreeMap<Date, i64> = BTreeMap::new();
        let mut day = edition.applications_open_on;
        while day <= edition.applications_close_on && days.len() < 366 {
            days.insert(day, 0);
            day = day.add_days(1);
        }
        for t in of("candidatures_heure") {
            if let Ok(hour) = t.key.parse::<i64>() {
                *days
                    .entry(Date::paris_from_unix_ms(hour * 3_600_000))
                    .or_default() += t.n;
            }
        }
        let per_day = days
            .into_iter()
            .map(|(day, n)| Count {
                label: format!("{} {}", day.day, short_month(day.month)),
                value: People::count(n),
            })
            .collect();

        let mut ranks: Vec<(i64, i64)> = of("rang_voeu")
            .filter_map(|t| t.key.parse::<i64>().ok().map(|r| (r, t.n)))
            .filter(|(_, n)| *n != 0)
            .collect();
        ranks.sort();
        let mut wish_rank: Vec<Count> = ranks
            .into_iter()
            .map(|(rank, n)| Count {
                label: if rank == 1 {
                    "1er vœu".into()
                } else {
                    format!("{rank}e vœu")
                },
                value: People::count(n),
            })
            .collect();
        let outside = one("rang_voeu", "hors_voeux");
        if outside != 0 {
            wish_rank.push(Count {
                label: "Hors des vœux".into(),
                value: People::count(outside),
            });
        }

        EditionStatistics {
            edition_id: edition.id,
            edition_name: edition.name.clone(),
            computed_at,
            ambassadors: of("offres")
                .filter(|t| t.key != OfferStatus::Withdrawn.as_str())
                .map(|t| t.n)
                .sum(),
            offers_by_state,
            places: published.map_or(0, |t| t.places),
            places_taken: published.map_or(0, |t| t.taken),
            students: SENT.iter().map(|s| one("candidatures", s.as_str())).sum(),
            applications_by_status,
            pairs: one("binomes", "tous"),
            pairs_announced: one("binomes", "annonces"),
            confirmed_by_student: one("binomes", "confirmes_etudiant"),
            confirmed_by_ambassador: one("binomes", "confirmes_ambassadeur"),
            confirmed_by_both: one("binomes", "confirmes_deux"),
            coaching_booked: one("coaching", "inscrits"),
            coaching_attended: one("coaching", "presents"),
            coaching_missed: one("coaching", "absents"),
            present: one("presence", "present"),
            absent: one("presence", "absent"),
            by_job,
            by_region,
            by_ministry,
            by_departement,
            by_level,
            by_gender,
            per_day,
            wish_rank,
        }
    }
}

fn short_month(month: u32) -> &'static str {
    const SHORT: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    SHORT[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(dimension: &str, key: &str, n: i64, places: i64, taken: i64) -> Tally {
        Tally {
            dimension: dimension.into(),
            key: key.into(),
            n,
            places,
            taken,
        }
    }

    fn edition() -> EditionWindow {
        EditionWindow {
            id: 1,
            name: "Édition".into(),
            applications_open_on: Date::parse("2026-11-30").unwrap(),
            applications_close_on: Date::parse("2026-12-02").unwrap(),
        }
    }

    #[test]
    fn small_groups_are_masked_and_totals_are_not() {
        assert_eq!(People::count(0), People::Exact(0));
        assert_eq!(People::count(4), People::Masked);
        assert_eq!(People::count(5), People::Exact(5));
        let tallies = [
            tally("candidatures", "envoyee", 3, 0, 0),
            tally("etudiants_genre", "femme", 2, 0, 0),
            tally("etudiants_genre", "homme", 7, 0, 0),
        ];
        let stats = EditionStatistics::from_tallies(&edition(), &tallies, &Names::default(), 0);
        assert_eq!(stats.students, 3);
        assert_eq!(stats.by_gender[0].value, People::Masked);
        assert_eq!(stats.by_gender[1].value, People::Exact(7));
        assert_eq!(stats.by_gender[0].value.label(), "moins de 5");
    }

    #[test]
    fn days_cover_the_window_in_paris_time() {
        // 2026-12-01 23:30 UTC is already 2 December in Paris.
        let hour = Date::parse("2026-12-01").unwrap().to_days() * 24 + 23;
        let tallies = [tally("candidatures_heure", &hour.to_string(), 6, 0, 0)];
        let stats = EditionStatistics::from_tallies(&edition(), &tallies, &Names::default(), 0);
        let days: Vec<(&str, People)> = stats
            .per_day
            .iter()
            .map(|c| (c.label.as_str(), c.value))
            .collect();
        assert_eq!(
            days,
            [
                ("30 nov.", People::Exact(0)),
                ("1 déc.", People::Exact(0)),
                ("2 déc.", People::Exact(6))
            ]
        );
    }

    #[test]
    fn regions_sum_their_departements_and_fill_rate_uses_published_places() {
        let mut names = Names::default();
        names.regions.insert("53".into(), "Bretagne".into());
        names
            .departements
            .insert("29".into(), ("Finistère".into(), "53".into()));
        names
            .departements
            .insert("35".into(), ("Ille-et-Vilaine".into(), "53".into()));
        let tallies = [
            tally("offres", "publiee", 8, 10, 4),
            tally("departement", "29", 3, 4, 1),
            tally("departement", "35", 5, 6, 3),
            tally("etudiants_departement", "35", 9, 0, 0),
        ];
        let stats = EditionStatistics::from_tallies(&edition(), &tallies, &names, 0);
        assert_eq!(stats.fill_rate(), 40);
        assert_eq!(stats.by_region.len(), 1);
        assert_eq!(stats.by_region[0].offers, People::Exact(8));
        assert_eq!(stats.by_region[0].places, 10);
        assert_eq!(stats.by_region[0].students, Some(People::Exact(9)));
        assert_eq!(stats.by_departement[0].offers, People::Masked);
        assert_eq!(thousands(1234567), "1\u{202f}234\u{202f}567");
    }
}
