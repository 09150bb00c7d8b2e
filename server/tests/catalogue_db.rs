//! The data layer on every available backend (SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set): reference data, catalogue queries and the schema's
//! invariants.

mod common;

use app::db::testing::{backends, TestDb};
use app::db::{catalogue, offers, Backend};
use app::domain::catalogue::{OfferQuery, OfferSort};
use common::{announce, catalogue_fixture};

fn query(pairs: &[(&str, &str)]) -> OfferQuery {
    OfferQuery::from_pairs(pairs.iter().copied())
}

async fn for_each_backend<F, Fut>(test: F)
where
    F: Fn(Backend, TestDb) -> Fut,
    Fut: std::future::Future<Output = TestDb>,
{
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let db = test(backend, db).await;
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reference_data_is_loaded_once_and_complete() {
    for_each_backend(|backend, t| async move {
        let count = |sql: &'static str| {
            let pool = t.db.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            count("SELECT COUNT(*) FROM regions").await,
            26,
            "{backend:?}"
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM departements").await,
            109,
            "{backend:?}"
        );
        assert!(
            count("SELECT COUNT(*) FROM places").await > 34_000,
            "{backend:?}"
        );
        assert!(
            count("SELECT COUNT(*) FROM jobs").await >= 12,
            "{backend:?}"
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM administrations WHERE parent_id IS NULL").await,
            8,
            "{backend:?}"
        );
        // Every service knows its ministry.
        assert_eq!(
            count("SELECT COUNT(*) FROM administrations WHERE ministry_id IS NULL").await,
            0,
            "{backend:?}"
        );
        // Loading again changes nothing.
        app::db::migrate_and_load_reference(&t.db).await.unwrap();
        assert!(
            count("SELECT COUNT(*) FROM places").await < 36_000,
            "{backend:?}"
        );
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn communes_are_found_by_name_code_or_prefix_without_accents() {
    for_each_backend(|backend, t| async move {
        let find = |typed: &'static str| {
            let db = t.db.clone();
            async move {
                catalogue::find_place(&db, typed)
                    .await
                    .unwrap()
                    .map(|(p, _)| p.insee_code)
            }
        };
        assert_eq!(
            find("Rennes").await.as_deref(),
            Some("35238"),
            "{backend:?}"
        );
        assert_eq!(
            find("saint etienne").await.as_deref(),
            Some("42218"),
            "{backend:?}"
        );
        assert_eq!(
            find("SAINT-ÉTIENNE").await.as_deref(),
            Some("42218"),
            "{backend:?}"
        );
        // Homonyms: the most populated wins, unless the département is given.
        assert_eq!(
            find("Saint-Denis").await.as_deref(),
            Some("97411"),
            "{backend:?}"
        );
        assert_eq!(
            find("Saint-Denis (93)").await.as_deref(),
            Some("93066"),
            "{backend:?}"
        );
        assert_eq!(find("35238").await.as_deref(), Some("35238"), "{backend:?}");
        assert_eq!(find("Renn").await.as_deref(), Some("35238"), "{backend:?}");
        assert_eq!(find("Xyzzyville").await, None, "{backend:?}");
        // LIKE wildcards typed by the user are taken literally.
        assert_eq!(find("%").await, None, "{backend:?}");
        let suggestions = catalogue::suggest_places(&t.db, "bres", 5).await.unwrap();
        assert_eq!(
            suggestions.first().map(|p| p.insee_code.as_str()),
            Some("29019"),
            "{backend:?}"
        );
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_filters_return_exactly_the_matching_published_offers() {
    for_each_backend(|backend, t| async move {
        let f = catalogue_fixture(&t.db).await;
        let search = |pairs: &'static [(&'static str, &'static str)]| {
            let db = t.db.clone();
            async move { catalogue::search_offers(&db, &query(pairs)).await.unwrap() }
        };
        let keys = |r: &app::domain::catalogue::OfferResults| {
            f.keys(&r.cards.iter().map(|c| c.id).collect::<Vec<_>>())
        };
        let sorted = |pairs| {
            let search = &search;
            let keys = &keys;
            async move {
                let mut k = keys(&search(pairs).await);
                k.sort();
                k
            }
        };

        // All published offers, never the draft.
        assert_eq!(
            sorted(&[]).await,
            ["F1", "F2", "F3", "F4", "F5", "F7"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("metier", "data-scientist")]).await,
            ["F1", "F3"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("metier", "data-scientist"), ("region", "53")]).await,
            ["F1"],
            "{backend:?}"
        );
        // A ministry covers its services; a service only itself.
        assert_eq!(
            sorted(&[("administration", "premier-ministre")]).await,
            ["F2", "F4"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("administration", "anssi")]).await,
            ["F4"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("region", "53")]).await,
            ["F1", "F2", "F7"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("departement", "29")]).await,
            ["F2"],
            "{backend:?}"
        );
        // Free text ignores accents and case, word by word.
        // (the ANSSI's full name holds « sécurité » too)
        assert_eq!(
            sorted(&[("q", "securite")]).await,
            ["F4", "F5"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("q", "SÉCURITÉ saint")]).await,
            ["F5"],
            "{backend:?}"
        );
        assert_eq!(
            sorted(&[("q", "50%")]).await,
            Vec::<&str>::new(),
            "{backend:?}"
        );

        // Distance: exact radius, nearest first, distances reported.
        let near = search(&[("commune", "Rennes"), ("rayon", "250")]).await;
        assert_eq!(keys(&near), ["F1", "F7", "F2"], "{backend:?}");
        assert_eq!(near.filter.sort, OfferSort::Distance);
        let km: Vec<f64> = near.cards.iter().map(|c| c.distance_km.unwrap()).collect();
        assert!(
            km[0] < 1.0 && (90.0..100.0).contains(&km[1]) && (200.0..250.0).contains(&km[2]),
            "{km:?}"
        );
        assert_eq!(
            keys(&search(&[("commune", "rennes"), ("rayon", "50")]).await),
            ["F1"],
            "{backend:?}"
        );

        // Places left (shown from the announcement): the full offer comes last.
        announce(&t.db, f.edition_id).await;
        let by_places = search(&[("tri", "places")]).await;
        assert_eq!(keys(&by_places).first(), Some(&"F2"), "{backend:?}");
        assert_eq!(keys(&by_places).last(), Some(&"F7"), "{backend:?}");
        assert_eq!(by_places.cards.last().unwrap().places_left, 0);

        // Unknown values are ignored with a message naming the field.
        let unknown = search(&[
            ("metier", "astronaute"),
            ("region", "99"),
            ("commune", "Xyzzyville"),
        ])
        .await;
        assert_eq!(unknown.total, 6, "{backend:?}");
        let fields: Vec<&str> = unknown.notices.iter().map(|n| n.field.as_str()).collect();
        assert_eq!(fields, ["metier", "region", "commune"], "{backend:?}");
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_of_results_split_the_list() {
    for_each_backend(|backend, t| async move {
        app::seed::demo::seed(
            &t.db,
            app::seed::demo::DemoSize {
                ambassadors: 45,
                students: 3,
            },
        )
        .await
        .unwrap();
        let page = |n: &'static str| {
            let db = t.db.clone();
            async move {
                catalogue::search_offers(&db, &query(&[("page", n)]))
                    .await
                    .unwrap()
            }
        };
        let (one, two, three) = (page("1").await, page("2").await, page("3").await);
        assert_eq!((one.total, one.page_count), (45, 3), "{backend:?}");
        assert_eq!(
            (one.cards.len(), two.cards.len(), three.cards.len()),
            (20, 20, 5),
            "{backend:?}"
        );
        let mut ids: Vec<i64> = [one, two, three]
            .iter()
            .flat_map(|p| p.cards.iter().map(|c| c.id))
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 45, "pages overlap on {backend:?}");
        // Past the end: the last page, with a notice.
        let beyond = page("9").await;
        assert_eq!(beyond.page, 3);
        assert_eq!(beyond.notices[0].field, "page");
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_detail_home_and_listing_pages_read_the_catalogue() {
    for_each_backend(|backend, t| async move {
        let f = catalogue_fixture(&t.db).await;
        let before = catalogue::offer(&t.db, f.id("F4"))
            .await
            .unwrap()
            .expect("published offer");
        assert_eq!(
            (before.capacity, before.places_left),
            (2, 2),
            "{backend:?}: before the announcement, no seat shows taken"
        );
        announce(&t.db, f.edition_id).await;
        let offer = catalogue::offer(&t.db, f.id("F4"))
            .await
            .unwrap()
            .expect("published offer");
        assert_eq!(offer.title, "Cyberdéfense à Lyon");
        assert_eq!((offer.capacity, offer.places_left), (2, 1), "{backend:?}");
        assert_eq!(offer.region_name, "Auvergne-Rhône-Alpes");
        assert_eq!(offer.ministry.slug, "premier-ministre");
        assert_eq!(offer.programme.len(), 2);
        assert_eq!(offer.programme[1].title, "Atelier");
        assert!(
            catalogue::offer(&t.db, f.id("F6")).await.unwrap().is_none(),
            "a draft is not public"
        );
        assert!(catalogue::offer(&t.db, 999_999).await.unwrap().is_none());

        let stats = catalogue::home_stats(&t.db).await.unwrap();
        assert_eq!(
            (stats.offers, stats.places, stats.ministries, stats.jobs),
            (6, 8, 3, 3),
            "{backend:?}"
        );

        let job = catalogue::job(&t.db, "data-scientist")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(job.open_offers, 2);
        let groups = catalogue::administrations(&t.db).await.unwrap();
        let pm = groups
            .iter()
            .find(|g| g.ministry.slug == "premier-ministre")
            .unwrap();
        assert_eq!(pm.ministry.open_offers, 2, "{backend:?}");
        let admin = catalogue::administration(&t.db, "economie")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(admin.summary.open_offers, 3, "{backend:?}");
        assert!(admin.services.iter().any(|s| s.slug == "dgfip"));
        t
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schema_protects_the_invariants() {
    for_each_backend(|backend, t| async move {
        let f = catalogue_fixture(&t.db).await;
        let pool = t.db.pool();
        // Capacity is never exceeded: the guarded update refuses the extra seat.
        assert!(offers::take_seats(&t.db, f.id("F3"), 1).await.unwrap());
        assert!(!offers::take_seats(&t.db, f.id("F3"), 1).await.unwrap(), "{backend:?}");
        // Even a direct write cannot go over capacity nor below zero.
        assert!(sqlx::query("UPDATE offers SET seats_taken = capacity + 1 WHERE id = $1").bind(f.id("F1")).execute(pool).await.is_err());
        assert!(sqlx::query("UPDATE offers SET capacity = -1, seats_taken = 0 WHERE id = $1").bind(f.id("F1")).execute(pool).await.is_err());
        // Foreign keys are enforced (SQLite included).
        assert!(sqlx::query("UPDATE offers SET job_id = 424242 WHERE id = $1").bind(f.id("F1")).execute(pool).await.is_err(), "{backend:?}");

        // One application per student and edition.
        let student = app::db::users::insert(
            &t.db,
            &app::db::users::NewUser {
                email: "etudiante@test.invalid".into(),
                role: "etudiant",
                first_name: "Alice".into(),
                last_name: "Fictive".into(),
                password_hash: None,
                verified: true,
            },
        )
        .await
        .unwrap();
        let apply = || {
            sqlx::query(
                "INSERT INTO applications (edition_id, student_id, status, created_at, updated_at) VALUES ($1, $2, 'brouillon', 0, 0)",
            )
            .bind(f.edition_id)
            .bind(student)
            .execute(pool)
        };
        assert!(apply().await.is_ok());
        assert!(apply().await.is_err(), "second application accepted on {backend:?}");
        // Same e-mail twice is refused (addresses are stored in lower case).
        let again = app::db::users::insert(
            &t.db,
            &app::db::users::NewUser {
                email: "Etudiante@Test.invalid".into(),
                role: "etudiant",
                first_name: "Alice".into(),
                last_name: "Fictive".into(),
                password_hash: None,
                verified: false,
            },
        )
        .await;
        assert!(again.is_err(), "{backend:?}");
        t
    })
    .await;
}
