//! Migrations that rebuild an SQLite table keep every row, and the rows that refer to it.

mod common;

use common::*;

#[tokio::test]
async fn rebuilding_the_offers_table_keeps_offers_and_what_refers_to_them() {
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
    let fixture = catalogue_fixture(&db).await;
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
