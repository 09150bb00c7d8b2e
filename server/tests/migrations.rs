//! Migrations that rebuild an SQLite table keep every row, and the rows that refer to it.

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuilding_the_offers_and_editions_tables_keeps_their_rows_and_what_refers_to_them() {
    let dir = std::env::temp_dir().join(format!("vismonjob-migration-{}", std::process::id()));
    let url = format!("sqlite:{}", dir.join("ancienne.db").display());
    let db = app::db::Db::connect(&url).await.expect("database");
    // The database as it was before offers could be withdrawn (migrations 1 to 6).
    let mut before = sqlx::migrate!("../migrations/sqlite");
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version <= 6)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(db.pool()).await.expect("migrations 1 to 6");
    app::db::reference::load_places(&db)
        .await
        .expect("communes");
    app::db::reference::sync_catalogue_reference(&db)
        .await
        .expect("reference");
    // Editions as they were: brouillon, ouverte, fermee (announced or not).
    let old_edition = |slug: &'static str, status: &'static str| {
        let pool = db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO editions (kind, slug, name, status, applications_open_on, applications_close_on,
                     pairing_on, announcement_on, immersion_on, created_at)
                 VALUES ('journee_immersion', $1, $1, $2, '2026-10-01', '2026-10-31', '2026-11-03',
                     '2026-11-10', '2026-11-26', 0)
                 RETURNING id",
            )
            .bind(slug)
            .bind(status)
            .fetch_one(&pool)
            .await
            .expect("an old edition")
        }
    };
    let open = old_edition("ouverte", "ouverte").await;
    let draft = old_edition("brouillon", "brouillon").await;
    let closed = old_edition("fermee", "fermee").await;
    let announced = old_edition("annoncee", "fermee").await;
    let fixture = fixture_offers(&db, open).await;
    let student = app::db::users::insert(
        &db,
        &app::db::users::NewUser {
            email: "etu@exemple.fr".into(),
            role: "etudiant",
            first_name: "Camille".into(),
            last_name: "Test".into(),
            password_hash: None,
            verified: true,
        },
    )
    .await
    .expect("student");
    sqlx::query(
        "INSERT INTO pairs (edition_id, student_id, offer_id, published_at, created_at) VALUES ($1, $2, $3, 1, 0)",
    )
    .bind(announced)
    .bind(student)
    .bind(fixture.id("F1"))
    .execute(db.pool())
    .await
    .expect("an announced pair");
    let count = |sql: &'static str| {
        let pool = db.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .expect(sql)
        }
    };
    let offers = count("SELECT COUNT(*) FROM offers").await;
    let items = count("SELECT COUNT(*) FROM programme_items").await;
    let seats = count("SELECT SUM(seats_taken) FROM offers").await;
    assert!(offers > 0 && items > 0 && seats > 0);

    db.migrate().await.expect("the rebuild");
    assert_eq!(count("SELECT COUNT(*) FROM offers").await, offers);
    assert_eq!(
        count("SELECT COUNT(*) FROM programme_items").await,
        items,
        "nothing cascaded"
    );
    assert_eq!(count("SELECT SUM(seats_taken) FROM offers").await, seats);
    assert_eq!(count("SELECT COUNT(*) FROM pairs").await, 1);
    // Each edition in the state its old one meant, its ambassadors' window filled.
    for (edition, status) in [
        (open, "candidatures_ouvertes"),
        (draft, "preparation"),
        (closed, "candidatures_closes"),
        (announced, "binomes_annonces"),
    ] {
        let (now, window): (String, String) =
            sqlx::query_as("SELECT status, ambassadors_open_on FROM editions WHERE id = $1")
                .bind(edition)
                .fetch_one(db.pool())
                .await
                .expect("edition");
        assert_eq!((now.as_str(), window.as_str()), (status, "2026-10-01"));
    }
    // The new state is accepted, the foreign keys are on again and still hold.
    sqlx::query("UPDATE offers SET status = 'retiree' WHERE id = $1")
        .bind(fixture.id("F1"))
        .execute(db.pool())
        .await
        .expect("a withdrawn offer");
    let orphan = sqlx::query(
        "INSERT INTO programme_items (offer_id, position, starts_at, title) VALUES (999999, 0, '09:00', 'x')",
    )
    .execute(db.pool())
    .await;
    assert!(orphan.is_err(), "foreign keys enforced after migrating");
    db.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
