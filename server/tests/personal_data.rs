//! Personal data against the real server on both databases: the privacy page, account
//! deletion (the pair's other side told, the figures kept), `vismonjob purge` (a
//! finished edition past its delay, nothing else) and the organisers' audit log reader.

mod common;

use app::db::testing::backends;
use common::*;

/// A student with an announced pair on F2 (Alice) and one on F3 (Bruno), the organiser.
async fn announced_pairs(app: &TestApp) -> (Fixture, Caller, (Caller, i64), (Caller, i64)) {
    let f = catalogue_fixture(&app.db).await;
    let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
    let alice = applicant(app, &f, "alice@exemple.fr", &["F2"]).await;
    let bruno = applicant(app, &f, "bruno@exemple.fr", &["F3"]).await;
    place_by_hand(&mut organiser, &f, &[(alice.1, "F2"), (bruno.1, "F3")]).await;
    close_applications(&mut organiser, f.edition_id).await;
    assert_eq!(announce_pairs(&mut organiser).await.status, 200);
    (f, organiser, alice, bruno)
}

async fn email_of_ambassador(app: &TestApp, f: &Fixture, offer: &str) -> String {
    sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN offers o ON o.ambassador_id = u.id WHERE o.id = $1",
    )
    .bind(f.id(offer))
    .fetch_one(app.db.pool())
    .await
    .expect("ambassador")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_account_is_anonymised_at_once_and_the_other_side_told() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (f, _organiser, (mut alice, alice_id), (_, bruno_id)) = announced_pairs(&app).await;
        let applications_before = app.count("SELECT COUNT(*) FROM applications").await;

        let unticked = alice
            .call("delete_my_account", &[("password", PASSWORD)])
            .await;
        assert_eq!(unticked.status, 422, "{backend:?}: {}", unticked.body);
        assert!(unticked.body.contains("Cochez la case pour confirmer"));
        assert!(alice.whoami().await.contains("alice@exemple.fr"));
        let wrong = alice
            .call(
                "delete_my_account",
                &[("password", "pas le bon"), ("confirm", "on")],
            )
            .await;
        assert_eq!(wrong.status, 422, "{backend:?}: {}", wrong.body);
        assert!(wrong.body.contains("Mot de passe incorrect"));
        assert!(alice.whoami().await.contains("alice@exemple.fr"));

        let deleted = alice
            .call(
                "delete_my_account",
                &[("password", PASSWORD), ("confirm", "on")],
            )
            .await;
        assert_eq!(deleted.status, 200, "{}", deleted.body);
        assert_eq!(deleted.location(), Some("/connexion?compte=supprime"));
        assert_eq!(alice.whoami().await, "null", "signed out");
        assert_eq!(
            app.visitor()
                .log_in("alice@exemple.fr", PASSWORD)
                .await
                .status,
            422
        );

        // Nothing names her any more; her rows stay for the figures.
        let (email, first, last, hash, deleted_at): (String, String, String, Option<String>, Option<i64>) =
            sqlx::query_as(
                "SELECT email, first_name, last_name, password_hash, deleted_at FROM users WHERE id = $1",
            )
            .bind(alice_id)
            .fetch_one(app.db.pool())
            .await
            .expect("the row");
        assert!(
            email.ends_with("@supprime.invalid") && !email.contains("alice"),
            "{email}"
        );
        assert_eq!((first.as_str(), last.as_str()), ("Compte", "supprimé"));
        assert!(hash.is_none() && deleted_at.is_some());
        let (school, motivation): (String, String) = sqlx::query_as(
            "SELECT p.school, a.motivation FROM student_profiles p JOIN applications a ON a.student_id = p.user_id
             WHERE p.user_id = $1",
        )
        .bind(alice_id)
        .fetch_one(app.db.pool())
        .await
        .expect("profile and application");
        assert_eq!((school.as_str(), motivation.as_str()), ("", ""));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications").await,
            applications_before
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM sessions WHERE user_id = {alice_id}"
            ))
            .await,
            0
        );
        assert_eq!(app.audited("compte_supprime", alice_id).await, 1);

        // Her pair is declined and its ambassador told; Bruno's pair is untouched.
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {alice_id}"
            ))
            .await,
            0
        );
        let ambassador = email_of_ambassador(&app, &f, "F2").await;
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM notification_outbox WHERE kind = 'binome_decline_ambassadeur' AND recipient = '{ambassador}'"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {bruno_id}"
            ))
            .await,
            1
        );

        // An ambassador without a student: their offer is withdrawn with the account.
        let mut lone = ambassador_of(&app, &f, "F1").await;
        let gone = lone
            .call(
                "delete_my_account",
                &[("password", PASSWORD), ("confirm", "on")],
            )
            .await;
        assert_eq!(gone.status, 200, "{}", gone.body);
        let status: String = sqlx::query_scalar("SELECT status FROM offers WHERE id = $1")
            .bind(f.id("F1"))
            .fetch_one(app.db.pool())
            .await
            .expect("offer");
        assert_eq!(status, "retiree");
        let (title, description, address): (String, String, String) =
            sqlx::query_as("SELECT title, description, address FROM offers WHERE id = $1")
                .bind(f.id("F1"))
                .fetch_one(app.db.pool())
                .await
                .expect("offer");
        assert_eq!(
            (title.as_str(), description.as_str(), address.as_str()),
            ("Offre d'un compte supprimé", "", "")
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_ambassador_leaves_no_pair_to_announce() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (_, student) = applicant(&app, &f, "emma@exemple.fr", &["F1"]).await;
        let placed = organiser
            .call(
                "move_student",
                &[
                    ("student_id", &student.to_string()),
                    ("offer_id", &f.id("F1").to_string()),
                ],
            )
            .await;
        assert_eq!(placed.status, 200, "{backend:?}: {}", placed.body);
        let mut ambassador = ambassador_of(&app, &f, "F1").await;
        let gone = ambassador
            .call(
                "delete_my_account",
                &[("password", PASSWORD), ("confirm", "on")],
            )
            .await;
        assert_eq!(gone.status, 200, "{}", gone.body);
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {student}"
            ))
            .await,
            0,
            "the pair not announced is undone"
        );
        let status: String = sqlx::query_scalar("SELECT status FROM offers WHERE id = $1")
            .bind(f.id("F1"))
            .fetch_one(app.db.pool())
            .await
            .expect("offer");
        assert_eq!(status, "retiree");
        app.cleanup().await;
    }
}

/// Moves an edition's calendar so that its immersion day is `offset` days from today.
async fn move_edition(app: &TestApp, edition_id: i64, offset: i64, status: &str) {
    let day = |d: i64| fixture_day(offset + d).to_string();
    sqlx::query(
        "UPDATE editions SET status = $1, ambassadors_open_on = $2, applications_open_on = $3,
                ambassadors_close_on = $4, applications_close_on = $4, pairing_on = $5,
                announcement_on = $6, immersion_on = $7
         WHERE id = $8",
    )
    .bind(status)
    .bind(day(-90))
    .bind(day(-80))
    .bind(day(-60))
    .bind(day(-50))
    .bind(day(-40))
    .bind(day(0))
    .bind(edition_id)
    .execute(app.db.pool())
    .await
    .expect("calendar moved");
}

/// One more edition, its immersion day `offset` days from today, in `status`.
async fn past_edition(app: &TestApp, name: &str, offset: i64, status: &str) -> i64 {
    let id = app::db::editions::insert(
        &app.db,
        &app::domain::edition::ValidEdition::programme_default(name, fixture_calendar()),
        app::domain::edition::EditionStatus::ApplicationsOpen,
        None,
    )
    .await
    .expect("edition");
    move_edition(app, id, offset, status).await;
    id
}

fn purge(app: &TestApp, dry_run: bool) -> String {
    let mut args = vec!["purge"];
    if dry_run {
        args.push("--dry-run");
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vismonjob"))
        .args(&args)
        .env("DATABASE_URL", app.database_url())
        .output()
        .expect("vismonjob purge");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_purge_anonymises_a_finished_edition_past_its_delay_and_nothing_else() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (f, _organiser, (_, alice_id), (_, bruno_id)) = announced_pairs(&app).await;
        // The edition ended 400 days ago; Bruno also applied to one that ended 20 days
        // ago, and a third one, 500 days old, was never marked finished.
        move_edition(&app, f.edition_id, -400, "terminee").await;
        let recent = past_edition(&app, "Édition récente", -20, "terminee").await;
        let unfinished = past_edition(&app, "Édition pas terminée", -500, "binomes_annonces").await;
        let longer = past_edition(&app, "Édition gardée deux ans", -400, "archivee").await;
        sqlx::query("UPDATE editions SET personal_data_retention_days = 730 WHERE id = $1")
            .bind(longer)
            .execute(app.db.pool())
            .await
            .expect("delay");
        let carole = app.account("etudiant", "carole@exemple.fr").await;
        let dora = app.account("etudiant", "dora@exemple.fr").await;
        for (edition, student, motivation) in [
            (recent, bruno_id, "Une seconde fois."),
            (unfinished, carole, "Pas encore purgée."),
            (longer, dora, "Gardée deux ans."),
        ] {
            sqlx::query(
                "INSERT INTO applications (edition_id, student_id, status, motivation, created_at, updated_at)
                 VALUES ($1, $2, 'envoyee', $3, 0, 0)",
            )
            .bind(edition)
            .bind(student)
            .bind(motivation)
            .execute(app.db.pool())
            .await
            .expect("application");
        }
        let ambassadors = app
            .count(&format!(
                "SELECT COUNT(DISTINCT ambassador_id) FROM offers WHERE edition_id = {}",
                f.edition_id
            ))
            .await;

        // A dry run tells the figures and changes nothing.
        let told = purge(&app, true);
        let expected = format!(
            "anonymisés : {} ; gardés (inscrits à une édition plus récente) : 1 ;",
            ambassadors + 1
        );
        assert!(
            told.contains("Édition de test") && told.contains(&expected),
            "{backend:?}: {told}"
        );
        assert!(
            !told.contains("Édition récente")
                && !told.contains("pas terminée")
                && !told.contains("deux ans"),
            "{told}"
        );
        assert!(told.contains("rien n'a été modifié"));
        let email_of = |id: i64| {
            let db = app.db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT email FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_one(db.pool())
                    .await
                    .expect("email")
            }
        };
        assert_eq!(email_of(alice_id).await, "alice@exemple.fr");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM editions WHERE personal_data_purged_at IS NOT NULL")
                .await,
            0
        );

        let done = purge(&app, false);
        assert!(done.contains(&expected), "{done}");
        assert!(email_of(alice_id).await.ends_with("@supprime.invalid"));
        assert_eq!(
            email_of(bruno_id).await,
            "bruno@exemple.fr",
            "in a recent edition"
        );
        assert_eq!(email_of(carole).await, "carole@exemple.fr");
        assert_eq!(email_of(dora).await, "dora@exemple.fr", "its own delay");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM users WHERE email = 'orga@exemple.fr'")
                .await,
            1,
            "organisers stay"
        );
        let motivations: Vec<(i64, String)> = sqlx::query_as(
            "SELECT edition_id, motivation FROM applications ORDER BY edition_id, id",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("motivations");
        for (edition, motivation) in motivations {
            assert_eq!(
                motivation.is_empty(),
                edition == f.edition_id,
                "{edition}: {motivation}"
            );
        }
        assert!(
            app.count("SELECT COUNT(*) FROM pairs").await > 0,
            "the pairs stay, for the figures"
        );
        // Purged once only.
        assert!(purge(&app, false).contains("Aucune édition"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'edition_purgee'")
                .await,
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisers_read_the_audit_log_by_person_kind_and_day() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (mut student, _) = app.signed_in("etudiant", "lea@exemple.fr").await;
        app.visitor().log_in("lea@exemple.fr", "pas le bon").await;

        let by_person = organiser
            .call("get_audit_log", &[("personne", "Lea@Exemple.fr")])
            .await;
        assert_eq!(by_person.status, 200, "{backend:?}: {}", by_person.body);
        let json: serde_json::Value = serde_json::from_str(&by_person.body).expect("json");
        let actions: Vec<&str> = json["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| e["action"].as_str().expect("action"))
            .collect();
        assert!(
            actions.contains(&"connexion") && actions.contains(&"connexion_refusee"),
            "{actions:?}"
        );
        let refused_only = organiser
            .call(
                "get_audit_log",
                &[
                    ("personne", "lea@exemple.fr"),
                    ("action", "connexion_refusee"),
                ],
            )
            .await;
        let json: serde_json::Value = serde_json::from_str(&refused_only.body).expect("json");
        assert_eq!(json["total"], 1, "{}", refused_only.body);
        let today = fixture_day(0).to_string();
        let tomorrow = fixture_day(1).to_string();
        let today_count = organiser
            .call("get_audit_log", &[("du", &today), ("au", &today)])
            .await;
        let json: serde_json::Value = serde_json::from_str(&today_count.body).expect("json");
        assert!(json["total"].as_i64().expect("total") >= 3);
        let none = organiser.call("get_audit_log", &[("du", &tomorrow)]).await;
        let json: serde_json::Value = serde_json::from_str(&none.body).expect("json");
        assert_eq!(json["total"], 0);
        let bad = organiser
            .call("get_audit_log", &[("du", "2026-02-30")])
            .await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("AAAA-MM-JJ"), "{}", bad.body);

        // The page, without JavaScript too; nobody else may read it.
        let page = organiser
            .page("/organisation/journal?personne=lea%40exemple.fr")
            .await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<table") && page.body.contains("connexion refusee"));
        assert_eq!(student.call("get_audit_log", &[]).await.status, 403);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_privacy_page_says_what_is_held_why_how_long_and_the_rights() {
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let page = app.visitor().page("/donnees-personnelles").await;
    assert_eq!(page.status, 200);
    for part in [
        "Finalités",
        "Base légale",
        "Durée de conservation",
        "un an",
        "Vos droits",
        "Contact",
        "CNIL",
    ] {
        assert!(page.body.contains(part), "{part}");
    }
    app.cleanup().await;
}
