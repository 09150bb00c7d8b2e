//! The student's application against the real server on both databases: ranked wishes,
//! sending, withdrawing, the deadline, idempotent concurrent sends, and who may call what.

mod common;

use app::db::testing::backends;
use common::*;

async fn wishes(db: &app::db::Db, student: i64) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT w.offer_id FROM wishes w JOIN applications a ON a.id = w.application_id
         WHERE a.student_id = $1 ORDER BY w.rank",
    )
    .bind(student)
    .fetch_all(db.pool())
    .await
    .expect("wishes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_ranks_wishes_sends_withdraws_and_sends_again() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut student, id) = app.signed_in("etudiant", "etu@exemple.fr").await;

        for key in ["F1", "F2", "F3"] {
            let added = student
                .call("add_wish", &[("offer_id", &f.id(key).to_string())])
                .await;
            assert_eq!(added.status, 200, "{backend:?}: {}", added.body);
        }
        let again = student
            .call("add_wish", &[("offer_id", &f.id("F2").to_string())])
            .await;
        assert_eq!(again.body, "2", "adding twice keeps the rank");
        let draft = student
            .call("add_wish", &[("offer_id", &f.id("F6").to_string())])
            .await;
        assert_eq!(
            draft.status, 409,
            "an unpublished offer cannot be wished for"
        );
        assert_eq!(
            wishes(&app.db, id).await,
            vec![f.id("F1"), f.id("F2"), f.id("F3")]
        );

        let moved = student
            .call(
                "move_wish",
                &[("offer_id", &f.id("F3").to_string()), ("direction", "haut")],
            )
            .await;
        assert_eq!(moved.status, 200);
        student
            .call("remove_wish", &[("offer_id", &f.id("F1").to_string())])
            .await;
        assert_eq!(wishes(&app.db, id).await, vec![f.id("F3"), f.id("F2")]);

        // Sending needs a profile, motivation and consent; nothing is half-saved.
        let incomplete = student
            .call(
                "save_application",
                &[("motivation", "Curieuse."), ("intent", "envoyer")],
            )
            .await;
        assert_eq!(incomplete.status, 422);
        assert!(incomplete.body.contains("consent") && incomplete.body.contains("profile"));
        assert!(
            incomplete.body.contains("Curieuse."),
            "the typed motivation comes back"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications WHERE motivation <> ''")
                .await,
            0
        );
        let too_long = "x".repeat(2001);
        let long = student
            .call(
                "save_application",
                &[("motivation", &too_long), ("intent", "brouillon")],
            )
            .await;
        assert_eq!(long.status, 422);
        assert!(long.body.contains("2000 caractères au plus"));

        app.student_profile(id).await;
        let sent = student
            .call(
                "save_application",
                &[
                    ("motivation", "Je veux découvrir la donnée publique."),
                    ("consent", "on"),
                    ("jobs[1]", "on"),
                    ("intent", "envoyer"),
                ],
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.body);
        let view = student.call("get_application", &[]).await.body;
        assert!(view.contains("\"status\":\"Submitted\""), "{view}");
        assert!(view.contains("Je veux découvrir la donnée publique."));

        assert_eq!(student.call("withdraw_application", &[]).await.status, 200);
        assert!(student
            .call("get_application", &[])
            .await
            .body
            .contains("\"status\":\"Withdrawn\""));
        assert_eq!(student.call("withdraw_application", &[]).await.status, 409);
        let resent = student
            .call(
                "save_application",
                &[
                    ("motivation", "Toujours motivée."),
                    ("consent", "on"),
                    ("intent", "envoyer"),
                ],
            )
            .await;
        assert_eq!(resent.status, 200);
        assert!(student
            .call("get_application", &[])
            .await
            .body
            .contains("\"status\":\"Submitted\""));
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM notification_outbox WHERE kind = 'candidature_envoyee'"
            )
            .await,
            2,
            "one confirmation per sending"
        );

        // After the deadline the application is read-only.
        sqlx::query("UPDATE editions SET applications_open_on = $1, applications_close_on = $2")
            .bind(fixture_day(-40).to_string())
            .bind(fixture_day(-1).to_string())
            .execute(app.db.pool())
            .await
            .expect("close the edition");
        app.db.invalidate_catalogue();
        let late = student
            .call("add_wish", &[("offer_id", &f.id("F1").to_string())])
            .await;
        assert_eq!(late.status, 409);
        assert!(late.body.contains("closes"), "{}", late.body);
        assert_eq!(student.call("withdraw_application", &[]).await.status, 409);
        assert!(student
            .call("get_application", &[])
            .await
            .body
            .contains("\"window_state\":\"Closed\""));
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wishes_stop_at_the_edition_maximum() {
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let f = catalogue_fixture(&app.db).await;
    sqlx::query("UPDATE editions SET max_wishes = 2")
        .execute(app.db.pool())
        .await
        .expect("max");
    // The server is up: it must not answer from an edition read before the change.
    app.db.invalidate_catalogue();
    let (mut student, id) = app.signed_in("etudiant", "max@exemple.fr").await;
    for key in ["F1", "F2"] {
        assert_eq!(
            student
                .call("add_wish", &[("offer_id", &f.id(key).to_string())])
                .await
                .status,
            200
        );
    }
    let third = student
        .call("add_wish", &[("offer_id", &f.id("F3").to_string())])
        .await;
    assert_eq!(third.status, 409);
    assert!(third.body.contains("2 vœux"), "{}", third.body);
    assert_eq!(wishes(&app.db, id).await.len(), 2);
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_sends_make_one_application() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut student, id) = app.signed_in("etudiant", "vite@exemple.fr").await;
        app.student_profile(id).await;
        student
            .call("add_wish", &[("offer_id", &f.id("F2").to_string())])
            .await;
        let calls = (0..200).map(|_| {
            let mut caller = student.clone();
            tokio::spawn(async move {
                caller
                    .call(
                        "save_application",
                        &[
                            ("motivation", "Très motivé."),
                            ("consent", "on"),
                            ("intent", "envoyer"),
                        ],
                    )
                    .await
                    .status
            })
        });
        let statuses = futures_join(calls.collect()).await;
        assert!(
            statuses.iter().all(|s| *s == 200),
            "{backend:?}: {statuses:?}"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications WHERE status = 'envoyee'")
                .await,
            1
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM notification_outbox WHERE kind = 'candidature_envoyee'"
            )
            .await,
            1,
            "{backend:?}: one confirmation"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'candidature_envoyee'")
                .await,
            1
        );
        app.cleanup().await;
    }
}

async fn futures_join(handles: Vec<tokio::task::JoinHandle<u16>>) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(handles.len());
    for handle in handles {
        statuses.push(handle.await.expect("task"));
    }
    statuses
}

/// Who may call what: every server function outside the public catalogue, called by
/// each kind of caller.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_checks_the_callers_role() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (student, student_id) = app.signed_in("etudiant", "etu@exemple.fr").await;
        app.student_profile(student_id).await;
        let (other, other_id) = app.signed_in("etudiant", "autre@exemple.fr").await;
        app.student_profile(other_id).await;
        let (ambassador, _) = app.signed_in("ambassadeur", "amb@exemple.fr").await;
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let anonymous = app.visitor();
        let offer = f.id("F1").to_string();

        #[derive(Clone, Copy, PartialEq, Debug)]
        enum Who {
            Anyone,
            Student,
            Ambassador,
            Organiser,
        }
        let secret = "Motivation secrète de l'étudiant A";
        type Call<'a> = (&'a str, Vec<(&'a str, String)>, Who);
        let functions: Vec<Call> = vec![
            ("whoami", vec![], Who::Anyone),
            ("get_home_stats", vec![], Who::Anyone),
            ("get_offer", vec![("id", offer.clone())], Who::Anyone),
            (
                "get_wish_button",
                vec![("offer_id", offer.clone())],
                Who::Anyone,
            ),
            ("get_student_profile", vec![], Who::Student),
            (
                "save_student_profile",
                vec![
                    ("first_name", "Camille".into()),
                    ("last_name", "Test".into()),
                    ("school", "IUT de Lannion".into()),
                    ("level", "3".into()),
                    ("curriculum", "BUT informatique".into()),
                    ("commune", "Lannion".into()),
                    ("radius_km", "200".into()),
                ],
                Who::Student,
            ),
            ("add_wish", vec![("offer_id", offer.clone())], Who::Student),
            (
                "move_wish",
                vec![("offer_id", offer.clone()), ("direction", "bas".into())],
                Who::Student,
            ),
            (
                "save_application",
                vec![
                    ("motivation", secret.into()),
                    ("consent", "on".into()),
                    ("intent", "envoyer".into()),
                ],
                Who::Student,
            ),
            ("get_application", vec![], Who::Student),
            ("withdraw_application", vec![], Who::Student),
            (
                "remove_wish",
                vec![("offer_id", offer.clone())],
                Who::Student,
            ),
            ("get_offer_demand", vec![], Who::Ambassador),
            ("get_ambassador_profile", vec![], Who::Ambassador),
            (
                "save_ambassador_profile",
                vec![
                    ("job_title", "Architecte".into()),
                    ("administration", "dinum".into()),
                    (
                        "presentation",
                        "J'accueille une étudiante ou un étudiant.".into(),
                    ),
                ],
                Who::Ambassador,
            ),
            (
                "get_dashboard",
                vec![("edition", String::new())],
                Who::Organiser,
            ),
            ("get_organiser_home", vec![], Who::Organiser),
            ("get_outbox", vec![("etat", String::new())], Who::Organiser),
            ("get_email_previews", vec![], Who::Organiser),
            ("get_pairing_workspace", vec![], Who::Organiser),
            ("get_pairing_progress", vec![], Who::Organiser),
            (
                "run_pairing",
                vec![("algorithm", "stable".into())],
                Who::Organiser,
            ),
            (
                "change_edition_status",
                vec![
                    ("edition_id", f.edition_id.to_string()),
                    ("action", "fermer".into()),
                ],
                Who::Organiser,
            ),
            (
                "publish_pairs",
                vec![("confirm", "on".into())],
                Who::Organiser,
            ),
        ];
        let callers = [
            ("anonyme", anonymous, None),
            ("étudiant", student, Some(Who::Student)),
            ("autre étudiant", other, Some(Who::Student)),
            ("ambassadeur", ambassador, Some(Who::Ambassador)),
            ("organisateur", organiser, Some(Who::Organiser)),
        ];
        for (name, mut caller, role) in callers {
            for (function, args, who) in &functions {
                let fields: Vec<(&str, &str)> =
                    args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let answer = caller.call(function, &fields).await;
                let expected = match (who, role) {
                    (Who::Anyone, _) => 200,
                    (_, None) => 401,
                    (needed, Some(actual)) if *needed == actual => 200,
                    _ => 403,
                };
                assert_eq!(
                    answer.status, expected,
                    "{backend:?}: {function} called by {name}: {}",
                    answer.body
                );
                // The other student never sees the first one's data.
                if name == "autre étudiant" {
                    assert!(
                        !answer.body.contains("etu@exemple.fr"),
                        "{function}: {}",
                        answer.body
                    );
                }
            }
        }
        // The other student's application is their own, not the first one's.
        assert_eq!(app.count("SELECT COUNT(*) FROM applications").await, 2);
        app.cleanup().await;
    }
}
