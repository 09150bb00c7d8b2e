//! The demo edition: an open edition with ambassadors from the eight ministries and
//! their published offers spread over France, and students with profiles. Every person
//! is obviously fictitious (family names such as « Exemple » or « Fictif », addresses
//! under the reserved `.invalid` domain). Generation is deterministic: the same size
//! gives the same data, which the tests rely on.

use crate::db::{self, offers::NewOffer, users::NewUser, users::StudentProfile, Db, Result};
use crate::domain::catalogue::ProgrammeItem;
use crate::domain::date::Date;
use crate::domain::edition::{Calendar, EditionStatus, ValidEdition};
use crate::domain::level::LevelSet;
use crate::domain::random::SplitMix64;

#[derive(Clone, Copy, Debug)]
pub struct DemoSize {
    pub ambassadors: usize,
    pub students: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            ambassadors: 80,
            students: 300,
        }
    }
}

/// The demo's draws, on the project's seeded generator.
struct Rng(SplitMix64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST_NAMES: &[&str] = &[
    "Alice",
    "Bastien",
    "Camille",
    "Dominique",
    "Elsa",
    "Farid",
    "Gabrielle",
    "Hugo",
    "Inès",
    "Jules",
    "Karima",
    "Léo",
    "Maëlle",
    "Nicolas",
    "Océane",
    "Paul",
    "Quitterie",
    "Rayan",
    "Sarah",
    "Théo",
    "Ulysse",
    "Valentine",
    "Wassim",
    "Yasmine",
    "Zoé",
    "Amadou",
    "Brigitte",
    "Chloé",
    "Diane",
    "Émile",
];
/// Family names nobody could take for real ones.
const FAMILY_NAMES: &[&str] = &[
    "Exemple",
    "Fictif",
    "Démo",
    "Imaginaire",
    "Modèle",
    "Spécimen",
    "Prototype",
    "Maquette",
    "Brouillon",
    "Essai",
];

/// Large cities over the whole country, mainland and overseas (INSEE codes).
const CITIES: &[&str] = &[
    "75056", "69123", "13055", "31555", "44109", "35238", "33063", "59350", "67482", "34172",
    "06088", "57463", "21231", "45234", "76540", "14118", "63113", "87085", "86194", "25056",
    "38185", "2A004", "80021", "37261", "29019", "54395", "51454", "97411", "83137", "64445",
    "66136", "72181", "49007", "26362", "97209", "17300", "30189", "62041", "68224", "2B033",
];

/// Where each service has its teams; services not listed work from any large city.
const SITES: &[(&str, &[&str])] = &[
    ("dinum", &["75056"]),
    ("anssi", &["75056", "35238"]),
    ("ants", &["75056", "08105"]),
    ("sgami-ouest", &["35238"]),
    ("dgnum", &["75056"]),
    ("agence-numerique-defense", &["75056", "35238", "83137"]),
    ("insee", &["75056", "92049", "57463", "44109", "59350"]),
    ("drfip-auvergne-rhone-alpes", &["69123", "38185", "63113"]),
    ("ign", &["94067", "75056"]),
    ("meteo-france", &["31555", "75056"]),
    ("dne", &["75056", "86194"]),
];

const PROJECTS: &[&str] = &[
    "la refonte du portail des usagers",
    "un tableau de bord de pilotage pour les directions régionales",
    "la migration d'applications vers le cloud de l'État",
    "l'ouverture de jeux de données en open data",
    "la sécurisation d'un système d'information critique",
    "une application mobile pour les agents de terrain",
    "la dématérialisation d'une démarche administrative",
    "un service d'API utilisé par d'autres administrations",
    "l'amélioration de l'accessibilité d'un service en ligne",
];

const MOTIVATIONS: &[&str] = &[
    "Je veux découvrir comment l'État conduit ses projets numériques.",
    "Curieuse du service public, j'aimerais voir une équipe produit au travail.",
    "Je prépare mon stage de fin d'études et hésite entre plusieurs métiers.",
    "La sécurité des systèmes publics me passionne.",
];

const SCHOOLS: &[&str] = &[
    "IUT de Lannion",
    "Université de Lille",
    "INSA Lyon",
    "Université de Bordeaux",
    "IMT Atlantique",
    "Université Paris Cité",
    "École 42",
    "Université de Strasbourg",
    "ENSAI",
    "Université de Montpellier",
    "Université Toulouse III",
    "Epitech Nancy",
];
const CURRICULA: &[&str] = &[
    "BUT informatique",
    "Licence informatique",
    "Master data science",
    "Master cybersécurité",
    "Cycle ingénieur informatique",
    "BTS SIO",
    "Master design d'interaction",
    "Licence professionnelle réseaux",
];

fn programme(job_slug: &str, rng: &mut Rng) -> Vec<ProgrammeItem> {
    let item = |starts_at: &str, title: &str, details: &str| ProgrammeItem {
        starts_at: starts_at.into(),
        title: title.into(),
        details: details.into(),
    };
    let practice = match job_slug {
        "data-scientist" | "ingenieur-donnees" | "ingenieur-ia" => {
            "Atelier : explorer un jeu de données avec l'équipe"
        }
        "rssi" | "analyste-cybersecurite" => "Exercice : analyser une alerte de sécurité",
        "designer" | "expert-accessibilite" => "Atelier : tester un parcours avec un usager",
        "product-manager" | "chef-de-projet" => "Comité de pilotage du produit",
        _ => "Binôme de programmation sur une fonctionnalité réelle",
    };
    let mut items = vec![
        item(
            "09:00",
            "Accueil et présentation de l'équipe",
            "Café, tour des bureaux et présentation du service.",
        ),
        item(
            "09:30",
            "Point quotidien de l'équipe",
            "Chaque membre dit ce qu'il a fait et ce qu'il va faire.",
        ),
        item(
            "10:30",
            "Démonstration du service",
            "Comment le service est utilisé, par qui, et ce qui va changer.",
        ),
        item("12:00", "Déjeuner avec l'équipe", ""),
        item(
            "14:00",
            practice,
            "Vous participez pour de vrai, accompagné.",
        ),
    ];
    if rng.chance(60) {
        items.push(item(
            "15:30",
            "Rencontre avec une experte ou un expert",
            "Un échange sur un autre métier du numérique public.",
        ));
    }
    items.push(item(
        "16:30",
        "Bilan et questions sur les parcours",
        "Concours, contrat, apprentissage : comment rejoindre l'État.",
    ));
    items
}

/// The demo edition's calendar, relative to `today` so that a fresh install is always
/// in the application window.
pub fn demo_edition(today: Date) -> ValidEdition {
    let close = today.add_days(21);
    let announcement = close.add_days(7);
    // The immersion day is a Thursday, at least two weeks after the announcement.
    let mut immersion = announcement.add_days(14);
    while immersion.weekday() != 4 {
        immersion = immersion.add_days(1);
    }
    ValidEdition::programme_default(
        &format!("Vis mon job – édition {}", immersion.year),
        Calendar {
            ambassadors_open_on: today.add_days(-60),
            ambassadors_close_on: close,
            applications_open_on: today.add_days(-30),
            applications_close_on: close,
            pairing_on: close.add_days(3),
            announcement_on: announcement,
            immersion_on: immersion,
        },
    )
}

/// Creates the demo edition, its ambassadors with one published offer each, and the
/// students. Does nothing when an edition already exists; returns whether it seeded.
pub async fn seed(db: &Db, size: DemoSize) -> Result<bool> {
    if db::editions::count(db).await? > 0 {
        return Ok(false);
    }
    let today = Date::from_unix_ms(db::now_ms());
    let edition_id = db::editions::insert(
        db,
        &demo_edition(today),
        EditionStatus::ApplicationsOpen,
        None,
    )
    .await?;
    let mut offer_ids = Vec::with_capacity(size.ambassadors);
    let mut rng = Rng(SplitMix64::new(2026));

    let jobs: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM jobs ORDER BY slug")
            .fetch_all(db.pool())
            .await?;
    let services: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, slug, acronym, ministry_id FROM administrations WHERE parent_id IS NOT NULL ORDER BY slug",
    )
    .fetch_all(db.pool())
    .await?;
    let ministries: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM administrations WHERE parent_id IS NULL ORDER BY slug")
            .fetch_all(db.pool())
            .await?;
    if jobs.is_empty() || ministries.is_empty() {
        return Err(db::Error::InvalidData(
            "métiers et administrations doivent être chargés avant la démo".into(),
        ));
    }

    for n in 0..size.ambassadors {
        let first = *rng.pick(FIRST_NAMES);
        let family = *rng.pick(FAMILY_NAMES);
        // Round-robin over ministries keeps the eight of them equally represented.
        let ministry = ministries[n % ministries.len()];
        let own: Vec<&(i64, String, Option<String>, i64)> =
            services.iter().filter(|s| s.3 == ministry).collect();
        let (admin_id, admin_slug, acronym, _) = *rng.pick(&own);
        let (job_id, job_slug, job_name) = rng.pick(&jobs);
        let sites = SITES
            .iter()
            .find(|(slug, _)| slug == admin_slug)
            .map_or(CITIES, |(_, s)| *s);
        let place = *rng.pick(sites);
        let user_id = db::users::insert(
            db,
            &NewUser {
                email: format!(
                    "{}.{}.{n}@ambassadeurs.invalid",
                    crate::domain::text::slugify(first),
                    crate::domain::text::slugify(family)
                ),
                role: "ambassadeur",
                first_name: first.into(),
                last_name: family.into(),
                password_hash: None,
                verified: true,
            },
        )
        .await?;
        db::users::upsert_ambassador_profile(db, user_id, job_name, *admin_id, true).await?;
        let acronym = acronym.clone().unwrap_or_default();
        let capacity = match rng.below(10) {
            0..=5 => 1,
            6..=8 => 2,
            _ => 3,
        };
        let lowest = [2u8, 3, 3, 4, 5][rng.below(5)];
        let levels: Vec<u8> = (lowest..=5).collect();
        let secure = matches!(
            admin_slug.as_str(),
            "anssi" | "dgnum" | "agence-numerique-defense" | "dnum-interieur" | "sgami-ouest"
        );
        let offer = NewOffer {
            edition_id,
            ambassador_id: user_id,
            job_id: *job_id,
            administration_id: *admin_id,
            place_code: place.into(),
            address: format!("{} rue des Services publics", 1 + rng.below(120)),
            title: format!("{job_name} – {acronym}"),
            description: format!(
                "Passez une journée avec {first}, {} au sein de {acronym}. L'équipe travaille sur {}.",
                job_name.to_lowercase(),
                rng.pick(PROJECTS)
            ),
            team: format!("Une équipe de {} personnes : développeurs, designers, chefs de projet.", 4 + rng.below(12)),
            capacity,
            levels: LevelSet::from_levels(&levels).map_err(db::Error::InvalidData)?,
            id_check_required: secure || rng.chance(30),
            step_free_access: rng.chance(75),
            access_notes: if secure {
                "Pièce d'identité demandée à l'entrée ; inscription nominative au plus tard une semaine avant.".into()
            } else {
                String::new()
            },
            status: "publiee",
            programme: programme(job_slug, &mut rng),
        };
        offer_ids.push(db::offers::insert(db, &offer).await?);
    }

    // Two students in three have sent an application with three to five wishes.
    for n in 0..size.students {
        let first = *rng.pick(FIRST_NAMES);
        let family = *rng.pick(FAMILY_NAMES);
        let user_id = db::users::insert(
            db,
            &NewUser {
                email: format!(
                    "{}.{}.{n}@etudiants.invalid",
                    crate::domain::text::slugify(first),
                    crate::domain::text::slugify(family)
                ),
                role: "etudiant",
                first_name: first.into(),
                last_name: family.into(),
                password_hash: None,
                verified: true,
            },
        )
        .await?;
        db::users::upsert_student_profile(
            &mut *db.pool().acquire().await?,
            user_id,
            &StudentProfile {
                school: rng.pick(SCHOOLS).to_string(),
                level: 2 + rng.below(4) as i64,
                curriculum: rng.pick(CURRICULA).to_string(),
                place_code: rng.pick(CITIES).to_string(),
                radius_km: [20, 50, 100, 200][rng.below(4)],
                gender: [Some("femme"), Some("homme"), Some("autre"), None][rng.below(4)],
            },
        )
        .await?;
        if !offer_ids.is_empty() && rng.below(3) > 0 {
            let mut wishes = Vec::new();
            for _ in 0..3 + rng.below(3) {
                let offer = offer_ids[rng.below(offer_ids.len())];
                if !wishes.contains(&offer) {
                    wishes.push(offer);
                }
            }
            let motivation = *rng.pick(MOTIVATIONS);
            db::applications::insert_sent(db, edition_id, user_id, &wishes, motivation).await?;
        }
    }
    db.analyze().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_calendar_is_ordered_and_lands_on_a_thursday() {
        let c = demo_edition(Date::parse("2026-11-22").unwrap()).calendar;
        let dates = [
            c.ambassadors_open_on,
            c.applications_open_on,
            c.applications_close_on,
            c.pairing_on,
            c.announcement_on,
            c.immersion_on,
        ];
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        assert!(
            c.ambassadors_open_on <= c.ambassadors_close_on
                && c.ambassadors_close_on <= c.pairing_on
        );
        assert_eq!(c.immersion_on.weekday(), 4);
    }
}
