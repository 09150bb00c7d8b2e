//! The organisers' CSV exports on both databases: a French spreadsheet opens them as
//! they are (UTF-8 with a byte order mark, `;` between cells), a CSV parser finds every
//! row and every accent, a large file arrives whole, each download is in the audit log,
//! and only organisers get them.

mod common;

use app::db::testing::backends;
use app::domain::export::Export;
use common::*;

/// The file, read by a CSV parser: header row and rows.
fn parse(body: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = body
        .strip_prefix('\u{feff}')
        .expect("a byte order mark first");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_open_in_a_spreadsheet_with_every_row_and_accent() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (_, zoe) = applicant(&app, &f, "zoe@exemple.fr", &["F1", "F2"]).await;
        let (_, other) = applicant(&app, &f, "yann@exemple.fr", &["F2"]).await;
        // A name with the separator, quotes and accents.
        sqlx::query("UPDATE users SET first_name = 'Zoé', last_name = 'Lefèvre; dite « Zozo » \"Z\"' WHERE id = $1")
            .bind(zoe)
            .execute(app.db.pool())
            .await
            .expect("name");
        // A typed text that a spreadsheet would run as a formula.
        sqlx::query("UPDATE student_profiles SET school = '=SOMME(A1)' WHERE user_id = $1")
            .bind(zoe)
            .execute(app.db.pool())
            .await
            .expect("school");
        sqlx::query(
            "INSERT INTO pairs (edition_id, student_id, offer_id, created_at, published_at) VALUES ($1, $2, $3, 0, 1764756000000)",
        )
        .bind(f.edition_id)
        .bind(zoe)
        .bind(f.id("F1"))
        .execute(app.db.pool())
        .await
        .expect("pair");
        sqlx::query("INSERT INTO coaching_sessions (edition_id, starts_at, capacity, location) VALUES ($1, 0, 10, 'Salle Île-de-Sein')")
            .bind(f.edition_id)
            .execute(app.db.pool())
            .await
            .expect("session");
        sqlx::query(
            "INSERT INTO coaching_bookings (session_id, edition_id, ambassador_id, attended, created_at)
             SELECT s.id, o.edition_id, o.ambassador_id, 1, 0 FROM offers o, coaching_sessions s WHERE o.id = $1",
        )
        .bind(f.id("F1"))
        .execute(app.db.pool())
        .await
        .expect("booking");
        let (mut organiser, organiser_id) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let path = |export: Export| {
            format!(
                "/organisation/exports/{}.csv?edition={}",
                export.slug(),
                f.edition_id
            )
        };

        let mut files = std::collections::HashMap::new();
        for export in Export::ALL {
            let answer = organiser.page(&path(export)).await;
            assert_eq!(answer.status, 200, "{backend:?} {}", answer.body);
            assert_eq!(answer.headers["content-type"], "text/csv; charset=utf-8");
            assert!(answer.headers["content-disposition"]
                .to_str()
                .expect("disposition")
                .starts_with("attachment; filename=\"vismonjob-"));
            let (headers, rows) = parse(&answer.body);
            let expected: Vec<&str> = export.columns().iter().map(|(h, _)| *h).collect();
            assert_eq!(headers, expected, "{export:?}");
            assert!(rows.iter().all(|r| r.len() == expected.len()));
            files.insert(export, rows);
        }
        let students = &files[&Export::Students];
        assert_eq!(students.len(), 2);
        let zoe_row = students.iter().find(|r| r[0] == "Zoé").expect("Zoé");
        assert_eq!(
            zoe_row[1], "Lefèvre; dite « Zozo » \"Z\"",
            "separator, quotes and accents intact"
        );
        assert_eq!(zoe_row[3], "'=SOMME(A1)", "never a formula");
        assert_eq!(zoe_row[8], "Envoyée", "the status as the site says it");
        assert_eq!(zoe_row[10], "Données à Rennes", "the pair's offer");
        let pairs = &files[&Export::Pairs];
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0][1], "Zoé");
        assert_eq!(pairs[0][3], "zoe@exemple.fr");
        assert!(
            pairs[0][8].ends_with("@test.invalid"),
            "the ambassador's address"
        );
        assert_eq!(pairs[0][15], "2025-12-03 11:00", "announced, Paris time");
        assert_eq!(files[&Export::Offers].len(), 7);
        assert!(files[&Export::Offers].iter().any(|r| r[11] == "Publiée"));
        assert_eq!(files[&Export::Ambassadors].len(), 7);
        let coaching = &files[&Export::Coaching];
        assert_eq!(coaching.len(), 1);
        assert_eq!(coaching[0][1], "Salle Île-de-Sein");
        assert_eq!(coaching[0][5], "présent");
        assert_eq!(
            app.audited("export_csv", organiser_id).await,
            5,
            "each download audited"
        );

        // A large edition: the file comes in pieces, every row there.
        sqlx::query(
            "INSERT INTO users (id, email, role, first_name, last_name, created_at)
             WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < 1234)
             SELECT 5000000 + i, 'masse' || i || '@exemple.fr', 'etudiant', 'Maëlle', 'Grand-Nombre', 0 FROM n",
        )
        .execute(app.db.pool())
        .await
        .expect("students");
        sqlx::query(
            "INSERT INTO applications (edition_id, student_id, status, created_at, updated_at)
             SELECT $1, id, 'brouillon', 0, 0 FROM users WHERE id >= 5000000",
        )
        .bind(f.edition_id)
        .execute(app.db.pool())
        .await
        .expect("applications");
        let answer = organiser.page(&path(Export::Students)).await;
        let (_, rows) = parse(&answer.body);
        assert_eq!(rows.len(), 2 + 1234);
        assert_eq!(rows.iter().filter(|r| r[0] == "Maëlle").count(), 1234);

        // Organisers only; an unknown file or edition is not found.
        let (student, _) = app.signed_in("etudiant", "curieux@exemple.fr").await;
        assert_eq!(student.page(&path(Export::Pairs)).await.status, 403);
        assert_eq!(app.visitor().page(&path(Export::Pairs)).await.status, 401);
        let unknown = format!("/organisation/exports/autre.csv?edition={}", f.edition_id);
        assert_eq!(organiser.page(&unknown).await.status, 404);
        let no_edition = "/organisation/exports/binomes.csv?edition=999999";
        assert_eq!(organiser.page(no_edition).await.status, 404);
        let _ = (other, &mut organiser);
        app.cleanup().await;
    }
}
