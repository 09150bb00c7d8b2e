//! Test helpers: fixture data with known answers, and the real server on a random port.

#![allow(dead_code)]

use app::db::editions::NewEdition;
use app::db::offers::NewOffer;
use app::db::users::NewUser;
use app::db::Db;
use app::domain::catalogue::ProgrammeItem;
use app::domain::level::LevelSet;
use std::collections::HashMap;

/// One fixture offer: (key, title, job slug, administration slug, INSEE code, capacity,
/// seats taken, status).
type FixtureOffer = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
);

const OFFERS: &[FixtureOffer] = &[
    (
        "F1",
        "Données à Rennes",
        "data-scientist",
        "insee",
        "35238",
        2,
        0,
        "publiee",
    ),
    (
        "F2",
        "Développement à Brest",
        "developpeur",
        "dinum",
        "29019",
        3,
        0,
        "publiee",
    ),
    (
        "F3",
        "Données à Paris",
        "data-scientist",
        "dgfip",
        "75056",
        1,
        0,
        "publiee",
    ),
    (
        "F4",
        "Cyberdéfense à Lyon",
        "rssi",
        "anssi",
        "69123",
        2,
        1,
        "publiee",
    ),
    (
        "F5",
        "Sécurité numérique à Saint-Étienne",
        "rssi",
        "drfip-auvergne-rhone-alpes",
        "42218",
        1,
        0,
        "publiee",
    ),
    (
        "F6",
        "Brouillon à Rennes",
        "data-scientist",
        "insee",
        "35238",
        1,
        0,
        "brouillon",
    ),
    (
        "F7",
        "Développement à Vannes",
        "developpeur",
        "dnum-interieur",
        "56260",
        1,
        1,
        "publiee",
    ),
];

pub struct Fixture {
    pub edition_id: i64,
    /// Offer id by fixture key ("F1" …).
    pub offers: HashMap<&'static str, i64>,
}

impl Fixture {
    pub fn id(&self, key: &str) -> i64 {
        self.offers[key]
    }

    /// Fixture keys of the given ids, in order.
    pub fn keys(&self, ids: &[i64]) -> Vec<&'static str> {
        ids.iter()
            .map(|id| {
                *self
                    .offers
                    .iter()
                    .find(|(_, v)| *v == id)
                    .map(|(k, _)| k)
                    .expect("a fixture offer")
            })
            .collect()
    }
}

async fn id_of(db: &Db, sql: &str, slug: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(slug)
        .fetch_one(db.pool())
        .await
        .expect(slug)
}

/// An open edition with the seven offers above, each from its own ambassador.
pub async fn catalogue_fixture(db: &Db) -> Fixture {
    let edition_id = app::db::editions::insert(
        db,
        &NewEdition {
            slug: "edition-test".into(),
            name: "Édition de test".into(),
            status: "ouverte",
            applications_open_on: "2026-10-01".into(),
            applications_close_on: "2026-12-01".into(),
            pairing_on: "2026-12-03".into(),
            announcement_on: "2026-12-10".into(),
            immersion_on: "2027-01-14".into(),
            max_wishes: 5,
        },
    )
    .await
    .expect("edition");
    let mut offers = HashMap::new();
    for (n, (key, title, job, admin, place, capacity, taken, status)) in OFFERS.iter().enumerate() {
        let ambassador = app::db::users::insert(
            db,
            &NewUser {
                email: format!("ambassadeur{n}@test.invalid"),
                role: "ambassadeur",
                first_name: "Camille".into(),
                last_name: "Exemple".into(),
                password_hash: None,
                verified: true,
            },
        )
        .await
        .expect("ambassador");
        let job_id = id_of(db, "SELECT id FROM jobs WHERE slug = $1", job).await;
        let admin_id = id_of(db, "SELECT id FROM administrations WHERE slug = $1", admin).await;
        app::db::users::upsert_ambassador_profile(db, ambassador, "Agent de test", admin_id, true)
            .await
            .expect("profile");
        let id = app::db::offers::insert(
            db,
            &NewOffer {
                edition_id,
                ambassador_id: ambassador,
                job_id,
                administration_id: admin_id,
                place_code: (*place).into(),
                address: "1 rue de l'Essai".into(),
                title: (*title).into(),
                description: "Une journée d'immersion.".into(),
                team: "Une équipe de test.".into(),
                capacity: *capacity,
                levels: LevelSet::from_levels(&[3, 4, 5]).expect("levels"),
                id_check_required: n % 2 == 0,
                step_free_access: true,
                access_notes: String::new(),
                status,
                programme: vec![
                    ProgrammeItem {
                        starts_at: "09:00".into(),
                        title: "Accueil".into(),
                        details: String::new(),
                    },
                    ProgrammeItem {
                        starts_at: "14:00".into(),
                        title: "Atelier".into(),
                        details: "En équipe.".into(),
                    },
                ],
            },
        )
        .await
        .expect("offer");
        if *taken > 0 {
            assert!(app::db::offers::take_seats(db, id, *taken)
                .await
                .expect("seats"));
        }
        offers.insert(*key, id);
    }
    Fixture { edition_id, offers }
}

/// The real router on 127.0.0.1:0; returns its base URL. The server lives as long as
/// the test's runtime.
pub async fn spawn_app(db: Db) -> String {
    let config = vismonjob::Config {
        database_url: String::new(),
        site_addr: "127.0.0.1:0".parse().expect("address"),
        site_root: "target/site".into(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let router = vismonjob::build_router(db, config.leptos_options());
    tokio::spawn(async move {
        axum::serve(vismonjob::without_nagle(listener), router)
            .await
            .expect("serve");
    });
    format!("http://{address}")
}

/// Offer ids of the cards on a results page, in order.
pub fn card_ids(html: &str) -> Vec<i64> {
    html.split("<h3 class=\"fr-card__title\"><a href=\"/offres/")
        .skip(1)
        .map(|rest| {
            rest.split('"')
                .next()
                .and_then(|id| id.parse().ok())
                .expect("an offer id")
        })
        .collect()
}
