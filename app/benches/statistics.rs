//! Criterion benchmark of the live dashboard's reading: an edition of 500,000
//! applications (students of every level, gender and département, sent over three
//! weeks), 50,000 offers and 40,000 pairs, on SQLite and, when `TEST_DATABASE_URL` names
//! a PostgreSQL server, on PostgreSQL (see `bench/statistics.sh`).
//!
//! On SQLite the rows are written through the schema's triggers, as the application
//! writes them. On PostgreSQL a row trigger that adds to the same few totals 500,000
//! times in one statement slows down with every version of those rows the statement
//! leaves behind, so the loader there writes the rows without the triggers, then sets
//! the totals from the rows in one statement (as migration 0015 does). The loading time
//! is printed. Measured: `edition_statistics` (what a dashboard reads
//! at each change) and, for comparison, `recount` (the same totals counted from the rows).
//!
//! STATISTICS_APPLICATIONS / STATISTICS_OFFERS change the sizes.

use app::db::testing::{backends, TestDb};
use app::db::Db;
use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Instant;

fn size(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn run(db: &Db, sql: &str, binds: &[i64]) {
    let mut query = sqlx::query(sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    query.execute(db.pool()).await.expect(sql);
}

/// Writes the edition and returns its id.
async fn load(db: &Db, applications: i64, offers: i64) -> i64 {
    let today = app::domain::date::Date::paris_from_unix_ms(app::db::now_ms());
    let edition_id = app::db::editions::insert(
        db,
        &app::seed::demo::demo_edition(today),
        app::domain::edition::EditionStatus::ApplicationsOpen,
        None,
    )
    .await
    .expect("edition");
    let opens_at = today.add_days(-30).paris_instant(0, 0);
    let postgres = db.backend() == app::db::Backend::Postgres;
    if postgres {
        for table in ["applications", "offers", "pairs"] {
            run(
                db,
                &format!("ALTER TABLE {table} DISABLE TRIGGER USER"),
                &[],
            )
            .await;
        }
    }
    // Numbers 0..n-1, on both databases.
    const NUMBERS: &str =
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1)";
    run(
        db,
        &format!(
            "INSERT INTO users (id, email, role, first_name, last_name, created_at) {NUMBERS}
             SELECT 2000000 + i, 'ambassadeur' || i || '@banc.invalid', 'ambassadeur', 'Agent', 'Banc', 0 FROM n"
        ),
        &[offers],
    )
    .await;
    run(
        db,
        &format!(
            "INSERT INTO users (id, email, role, first_name, last_name, created_at) {NUMBERS}
             SELECT 3000000 + i, 'etudiant' || i || '@banc.invalid', 'etudiant', 'Étudiante', 'Banc', 0 FROM n"
        ),
        &[applications],
    )
    .await;
    // Offers spread over the jobs, the services and the 500 largest communes.
    run(
        db,
        &format!(
            "INSERT INTO offers (id, edition_id, ambassador_id, job_id, administration_id, ministry_id, place_code,
                 departement_code, region_code, lat, lon, address, title, description, capacity, seats_taken,
                 levels_mask, status, search_text, created_at, updated_at)
             {NUMBERS},
             j AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM jobs),
             a AS (SELECT id, ministry_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM administrations
                   WHERE parent_id IS NOT NULL),
             p AS (SELECT p.insee_code, p.departement_code, d.region_code, p.lat, p.lon,
                          ROW_NUMBER() OVER (ORDER BY p.population DESC, p.insee_code) - 1 AS k
                   FROM places p JOIN departements d ON d.code = p.departement_code)
             SELECT 1000000 + n.i, $2, 2000000 + n.i, j.id, a.id, a.ministry_id, p.insee_code, p.departement_code,
                    p.region_code, p.lat, p.lon, '1 rue du Banc', 'Offre ' || n.i, 'Une journée.', 1 + n.i % 3, 0, 15,
                    CASE n.i % 10 WHEN 0 THEN 'soumise' WHEN 1 THEN 'brouillon' ELSE 'publiee' END, 'offre', 0, 0
             FROM n
             JOIN j ON j.k = n.i % (SELECT COUNT(*) FROM jobs)
             JOIN a ON a.k = n.i % (SELECT COUNT(*) FROM administrations WHERE parent_id IS NOT NULL)
             JOIN p ON p.k = n.i % 500"
        ),
        &[offers, edition_id],
    )
    .await;
    run(
        db,
        &format!(
            "INSERT INTO applications (id, edition_id, student_id, status, motivation, consent_at, submitted_at,
                 created_at, updated_at, student_level, student_gender, student_departement_code)
             {NUMBERS},
             d AS (SELECT code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM departements)
             SELECT 1000000 + n.i, $2, 3000000 + n.i,
                    CASE n.i % 20 WHEN 0 THEN 'brouillon' WHEN 1 THEN 'retiree' ELSE 'envoyee' END,
                    '', $3, $3 + (CAST(n.i AS BIGINT) * 7919) % 1814400000, 0, 0, 2 + n.i % 4,
                    CASE n.i % 3 WHEN 0 THEN 'femme' WHEN 1 THEN 'homme' ELSE NULL END, d.code
             FROM n JOIN d ON d.k = n.i % (SELECT COUNT(*) FROM departements)"
        ),
        &[applications, edition_id, opens_at],
    )
    .await;
    // One pair per published offer among the first students, with its wish rank.
    run(
        db,
        "INSERT INTO pairs (edition_id, student_id, offer_id, created_at, wish_rank, published_at)
         SELECT o.edition_id, 3000000 + o.id - 1000000, o.id, 0, 1 + o.id % 5, 1
         FROM offers o WHERE o.edition_id = $1 AND o.status = 'publiee'",
        &[edition_id],
    )
    .await;
    run(
        db,
        "UPDATE offers SET seats_taken = 1 WHERE edition_id = $1 AND status = 'publiee'",
        &[edition_id],
    )
    .await;
    if postgres {
        for table in ["applications", "offers", "pairs"] {
            run(db, &format!("ALTER TABLE {table} ENABLE TRIGGER USER"), &[]).await;
        }
        run(
            db,
            "INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
             SELECT edition_id, dimension, key, SUM(n), SUM(places), SUM(taken)
             FROM statistic_contributions WHERE edition_id = $1 GROUP BY edition_id, dimension, key
             ON CONFLICT (edition_id, dimension, key) DO UPDATE
             SET n = excluded.n, places = excluded.places, taken = excluded.taken",
            &[edition_id],
        )
        .await;
    }
    db.analyze().await.expect("analyze");
    edition_id
}

fn dashboard(c: &mut Criterion) {
    let applications = size("STATISTICS_APPLICATIONS", 500_000);
    let offers = size("STATISTICS_OFFERS", 50_000);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let mut group = c.benchmark_group("statistiques");
    group.sample_size(20);
    for backend in backends() {
        let test_db = runtime.block_on(TestDb::new(backend));
        let started = Instant::now();
        let edition_id = runtime.block_on(load(&test_db.db, applications, offers));
        eprintln!(
            "{backend:?}: {applications} candidatures, {offers} offres écrites en {:.1} s (totaux compris)",
            started.elapsed().as_secs_f64()
        );
        let statistics = runtime
            .block_on(app::db::statistics::edition_statistics(
                &test_db.db,
                edition_id,
            ))
            .expect("statistics")
            .expect("edition");
        assert_eq!(
            statistics
                .applications_by_status
                .iter()
                .map(|(_, n)| n)
                .sum::<i64>(),
            applications
        );
        let db = &test_db.db;
        group.bench_function(format!("{backend:?} tableau de bord"), |b| {
            b.iter(|| runtime.block_on(app::db::statistics::edition_statistics(db, edition_id)))
        });
        group.bench_function(format!("{backend:?} recomptage des lignes"), |b| {
            b.iter(|| runtime.block_on(app::db::statistics::recount(db, edition_id)))
        });
        runtime.block_on(test_db.cleanup());
    }
    group.finish();
}

criterion_group!(benches, dashboard);
criterion_main!(benches);
