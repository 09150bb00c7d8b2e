//! The organiser's pairing workspace against the real server on both databases: runs
//! built from the edition's applications, kept and applied, locks kept by later runs,
//! publication announced once to both sides.

mod common;

use app::db::testing::backends;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_runs_applies_locks_and_publishes_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        // Three students wish for the one-place Paris offer F3, then Brest F2.
        let mut students = Vec::new();
        for n in 0..3 {
            let (student, _) =
                applicant(&app, &f, &format!("etu{n}@exemple.fr"), &["F3", "F2"]).await;
            students.push(student);
        }
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        for (function, fields) in [
            ("run_pairing", vec![("algorithm", "stable")]),
            ("apply_pairing_run", vec![("run_id", "1")]),
            ("lock_pair", vec![("pair_id", "1"), ("locked", "1")]),
            ("publish_pairs", vec![]),
            ("move_student", vec![("student_id", "1"), ("offer_id", "1")]),
        ] {
            assert_eq!(
                students[0].call(function, &fields).await.status,
                403,
                "{function}"
            );
        }

        let stable = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "7")])
            .await;
        assert_eq!(stable.status, 200, "{backend:?}: {}", stable.body);
        let optimal = organiser
            .call("run_pairing", &[("algorithm", "optimal"), ("seed", "7")])
            .await;
        assert_eq!(optimal.status, 200, "{}", optimal.body);
        let workspace = organiser.call("get_pairing_workspace", &[]).await.body;
        assert_eq!(workspace.matches("\"algorithm\"").count(), 2, "{workspace}");
        assert!(workspace.contains("\"students\":3"));

        let applied = organiser
            .call("apply_pairing_run", &[("run_id", optimal.body.as_str())])
            .await;
        assert_eq!(applied.status, 200, "{}", applied.body);
        assert_eq!(applied.body, "3", "every student paired");
        // The pairs can be searched by student name (case and position ignored).
        let all = organiser
            .call("get_pairing_workspace", &[("search", "AMILLE")])
            .await
            .body;
        assert!(all.contains("\"pairs_found\":3"), "{all}");
        let none = organiser
            .call("get_pairing_workspace", &[("search", "introuvable")])
            .await
            .body;
        assert!(none.contains("\"pairs_found\":0"), "{none}");
        let beyond = organiser
            .call("get_pairing_workspace", &[("page", "1")])
            .await
            .body;
        assert!(beyond.contains("\"pairs\":[]"), "{beyond}");
        assert_eq!(app.count("SELECT COUNT(*) FROM pairs").await, 3);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM offers WHERE seats_taken > capacity")
                .await,
            0
        );
        assert_eq!(
            app.count("SELECT CAST(SUM(seats_taken) AS BIGINT) FROM offers")
                .await,
            3 + 2,
            "fixture seats (F4, F7) plus one per pair"
        );

        // Lock one pair; a new run and its application keep it.
        let locked_pair: (i64, i64, i64) =
            sqlx::query_as("SELECT id, student_id, offer_id FROM pairs ORDER BY id LIMIT 1")
                .fetch_one(app.db.pool())
                .await
                .expect("a pair");
        let lock = organiser
            .call(
                "lock_pair",
                &[("pair_id", &locked_pair.0.to_string()), ("locked", "1")],
            )
            .await;
        assert_eq!(lock.status, 200);
        let rerun = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "99")])
            .await;
        let reapplied = organiser
            .call("apply_pairing_run", &[("run_id", rerun.body.as_str())])
            .await;
        assert_eq!(reapplied.status, 200, "{}", reapplied.body);
        let kept: i64 = sqlx::query_scalar("SELECT offer_id FROM pairs WHERE student_id = $1")
            .bind(locked_pair.1)
            .fetch_one(app.db.pool())
            .await
            .expect("the locked student's pair");
        assert_eq!(kept, locked_pair.2, "{backend:?}: the locked pair stays");
        assert_eq!(app.count("SELECT COUNT(*) FROM pairs").await, 3);
        assert_eq!(
            app.count("SELECT CAST(SUM(seats_taken) AS BIGINT) FROM offers")
                .await,
            5
        );

        // Publish twice at once, applications closed: each side is told once per pair.
        close_applications(&mut organiser, f.edition_id).await;
        let (mut first, mut second) = (organiser.clone(), organiser.clone());
        let (a, b) = tokio::join!(announce_pairs(&mut first), announce_pairs(&mut second));
        assert_eq!((a.status, b.status), (200, 200));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind IN ('annonce_etudiant', 'annonce_ambassadeur')").await,
            6,
            "{backend:?}"
        );
        announce_pairs(&mut organiser).await;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind LIKE 'annonce%'")
                .await,
            6
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM applications WHERE status = 'en_binome'")
                .await,
            3
        );
        let refused = organiser
            .call("apply_pairing_run", &[("run_id", stable.body.as_str())])
            .await;
        assert_eq!(refused.status, 409, "published pairs are final");

        // Both sides see the pair.
        let view = students[0].call("get_application", &[]).await.body;
        assert!(
            view.contains("\"ambassador_email\":\"ambassadeur"),
            "{view}"
        );
        let ambassador_id: i64 = sqlx::query_scalar(
            "SELECT o.ambassador_id FROM pairs p JOIN offers o ON o.id = p.offer_id ORDER BY p.id LIMIT 1",
        )
            .fetch_one(app.db.pool())
            .await
            .expect("ambassador");
        let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
            .bind(ambassador_id)
            .fetch_one(app.db.pool())
            .await
            .expect("email");
        sqlx::query("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'orga@exemple.fr') WHERE id = $1")
            .bind(ambassador_id)
            .execute(app.db.pool())
            .await
            .expect("ambassador password");
        let mut ambassador = app.visitor();
        assert_eq!(ambassador.log_in(&email, PASSWORD).await.status, 200);
        let mine = ambassador.call("get_my_pairs", &[]).await;
        assert_eq!(mine.status, 200);
        let expected: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pairs p JOIN offers o ON o.id = p.offer_id WHERE o.ambassador_id = $1",
        )
        .bind(ambassador_id)
        .fetch_one(app.db.pool())
        .await
        .expect("count");
        assert_eq!(
            mine.body.matches("\"student_email\"").count() as i64,
            expected,
            "{}",
            mine.body
        );
        assert_eq!(
            ambassador.call("get_pairing_workspace", &[]).await.status,
            403
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_moves_never_overfill_an_offer_nor_pair_a_student_twice() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let mut ids = Vec::new();
        for n in 0..6 {
            let (_, id) =
                applicant(&app, &f, &format!("m{n}@exemple.fr"), &["F3", "F2", "F1"]).await;
            ids.push(id);
        }
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;

        // Six students onto the one-place offer F3 at once: one gets it.
        let f3 = f.id("F3").to_string();
        let moves = ids.iter().map(|id| {
            let mut caller = organiser.clone();
            let (student, offer) = (id.to_string(), f3.clone());
            tokio::spawn(async move {
                caller
                    .call(
                        "move_student",
                        &[
                            ("student_id", student.as_str()),
                            ("offer_id", offer.as_str()),
                        ],
                    )
                    .await
                    .status
            })
        });
        let mut statuses = Vec::new();
        for handle in moves.collect::<Vec<_>>() {
            statuses.push(handle.await.expect("task"));
        }
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 409, 409, 409, 409, 409], "{backend:?}");

        // One student sent to F1 and F2 at once: one pair in the end, seats consistent.
        let student = ids[1].to_string();
        let (mut a, mut b) = (organiser.clone(), organiser.clone());
        let (f1, f2) = (f.id("F1").to_string(), f.id("F2").to_string());
        let to_f1 = [("student_id", student.as_str()), ("offer_id", f1.as_str())];
        let to_f2 = [("student_id", student.as_str()), ("offer_id", f2.as_str())];
        let (x, y) = tokio::join!(
            a.call("move_student", &to_f1),
            b.call("move_student", &to_f2)
        );
        assert_eq!((x.status, y.status), (200, 200));
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {student}"
            ))
            .await,
            1
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM offers WHERE seats_taken > capacity")
                .await,
            0
        );
        // Every seat taken is a fixture seat (F4, F7) or a pair.
        assert_eq!(
            app.count("SELECT CAST(SUM(seats_taken) AS BIGINT) FROM offers")
                .await,
            2 + app.count("SELECT COUNT(*) FROM pairs").await,
            "{backend:?}"
        );

        // Outside the wishes and criteria: refused.
        let mut organiser = organiser;
        let refused = organiser
            .call(
                "move_student",
                &[
                    ("student_id", &ids[2].to_string()),
                    ("offer_id", &f.id("F5").to_string()),
                ],
            )
            .await;
        assert_eq!(refused.status, 409);
        assert!(
            refused.body.contains("ne peut pas aller"),
            "{}",
            refused.body
        );
        let bad = organiser
            .call(
                "move_student",
                &[("student_id", &ids[2].to_string()), ("offer_id", "abc")],
            )
            .await;
        assert_eq!(bad.status, 422);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_run_goes_on_in_the_background_and_runs_of_stopped_servers_are_marked() {
    for backend in backends() {
        // The starting request does not wait at all: the run is followed through the workspace.
        let mut app = TestApp::spawn_with(backend, |config| {
            config.pairing_wait = std::time::Duration::ZERO;
        })
        .await;
        let f = catalogue_fixture(&app.db).await;
        applicant(&app, &f, "etu@exemple.fr", &["F3"]).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let started = organiser
            .call("run_pairing", &[("algorithm", "optimal"), ("seed", "3")])
            .await;
        assert_eq!(started.status, 200, "{backend:?}: {}", started.body);
        let mut kept = false;
        for _ in 0..100 {
            let workspace = organiser.call("get_pairing_workspace", &[]).await.body;
            if workspace.contains("\"matched\":1") {
                assert!(workspace.contains("\"pending\":[]"), "{workspace}");
                kept = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(kept, "{backend:?}: the run finished and was kept");
        // Listing runs reads their digest, not every pair of every run.
        assert_eq!(
            app.count("SELECT COUNT(*) FROM matching_runs WHERE digest IS NOT NULL AND result IS NOT NULL"
            )
            .await,
            1
        );

        // Runs of other servers: one silent for a minute (its server stopped), one
        // recording its progress (its server computes it), one that never recorded any.
        let now = app::db::now_ms();
        for heartbeat in [Some(now - 60_000), Some(now), None] {
            sqlx::query(
                "INSERT INTO matching_runs (edition_id, algorithm, seed, status, created_at, heartbeat_at)
                 SELECT edition_id, 'stable', 1, 'en_cours', $1, $2 FROM matching_runs LIMIT 1",
            )
            .bind(now - 60_000)
            .bind(heartbeat)
            .execute(app.db.pool())
            .await
            .expect("a run of another server");
        }
        let (abandoned, alive, never_heard_of) = {
            let ids: Vec<i64> =
                sqlx::query_scalar("SELECT id FROM matching_runs ORDER BY id DESC LIMIT 3")
                    .fetch_all(app.db.pool())
                    .await
                    .expect("the runs");
            (ids[2], ids[1], ids[0])
        };
        let progress = app::matching::Progress {
            step: "Recherche des offres éligibles".into(),
            percent: 40,
        };
        app::db::pairing::record_progress(&app.db, alive, Some(&progress))
            .await
            .expect("progress recorded");
        // A server starting marks the silent ones failed, shows the other's progress.
        app.start_another_server().await;
        let mut organiser = app.visitor();
        app.organiser_signs_in_again(&mut organiser, "orga@exemple.fr")
            .await;
        let pending: serde_json::Value =
            serde_json::from_str(&organiser.call("get_pairing_progress", &[]).await.body)
                .expect("JSON");
        let run = |id: i64| {
            pending
                .as_array()
                .and_then(|runs| runs.iter().find(|run| run["id"] == id))
                .cloned()
                .unwrap_or_default()
        };
        for id in [abandoned, never_heard_of] {
            assert!(
                run(id)["error"]
                    .as_str()
                    .is_some_and(|e| e.contains("le serveur qui le faisait s'est arrêté")),
                "{backend:?}: {pending}"
            );
        }
        assert_eq!(run(alive)["error"], serde_json::Value::Null, "{backend:?}");
        assert_eq!(
            run(alive)["progress"],
            serde_json::json!({"step": "Recherche des offres éligibles", "percent": 40}),
            "{backend:?}: {pending}"
        );
        // While it runs, no other run starts for the edition, on any server.
        let refused = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "4")])
            .await;
        assert_eq!(refused.status, 409, "{backend:?}: {}", refused.body);
        assert!(
            refused
                .body
                .contains(&format!("Le calcul n° {alive} est en cours")),
            "{}",
            refused.body
        );
        // Once its server falls silent too, the next look marks it.
        sqlx::query("UPDATE matching_runs SET heartbeat_at = $1 WHERE id = $2")
            .bind(now - 31_000)
            .bind(alive)
            .execute(app.db.pool())
            .await
            .expect("silence");
        let workspace: serde_json::Value =
            serde_json::from_str(&organiser.call("get_pairing_workspace", &[]).await.body)
                .expect("JSON");
        let still_running = workspace["pending"]
            .as_array()
            .map(|runs| runs.iter().filter(|run| run["error"].is_null()).count());
        assert_eq!(still_running, Some(0), "{backend:?}: {workspace}");
        // and a new run may start.
        let started = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "4")])
            .await;
        assert_eq!(started.status, 200, "{backend:?}: {}", started.body);
        for _ in 0..100 {
            if app
                .count("SELECT COUNT(*) FROM matching_runs WHERE status = 'en_cours'")
                .await
                == 0
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        app.cleanup().await;
    }
}

/// A student who withdraws after a run is applied leaves their pair (the seat is free
/// again) and is not announced, even after sending the application again; once
/// announced, pairs are final.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_who_withdraws_after_pairing_is_not_announced() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut leaving, leaving_id) = applicant(&app, &f, "part@exemple.fr", &["F3"]).await;
        let (mut staying, _) = applicant(&app, &f, "reste@exemple.fr", &["F2"]).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let run = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "1")])
            .await;
        assert_eq!(run.status, 200, "{backend:?}: {}", run.body);
        let applied = organiser
            .call("apply_pairing_run", &[("run_id", run.body.as_str())])
            .await;
        assert_eq!(applied.status, 200, "{backend:?}: {}", applied.body);
        let seats_of_f3 = format!("SELECT seats_taken FROM offers WHERE id = {}", f.id("F3"));
        assert_eq!(app.count(&seats_of_f3).await, 1, "{backend:?}: F3 taken");

        let withdrawn = leaving.call("withdraw_application", &[]).await;
        assert_eq!(withdrawn.status, 200, "{backend:?}: {}", withdrawn.body);
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {leaving_id}"
            ))
            .await,
            0,
            "{backend:?}: no pair left"
        );
        assert_eq!(app.count(&seats_of_f3).await, 0, "{backend:?}: seat freed");
        // Back to the application: a draft saved, then sent again; the run's pair does
        // not come back with it.
        for intent in ["brouillon", "envoyer"] {
            let saved = leaving
                .call(
                    "save_application",
                    &[
                        ("motivation", "J'aimerais découvrir le métier de près."),
                        ("consent", "on"),
                        ("intent", intent),
                    ],
                )
                .await;
            assert_eq!(saved.status, 200, "{backend:?}: {intent}: {}", saved.body);
        }
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM applications WHERE student_id = {leaving_id} AND status = 'envoyee'"
            ))
            .await,
            1,
            "{backend:?}: sent again"
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM pairs WHERE student_id = {leaving_id}"
            ))
            .await,
            0,
            "{backend:?}: still no pair"
        );

        close_applications(&mut organiser, f.edition_id).await;
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM notification_outbox
                 WHERE kind LIKE 'annonce%' AND recipient = 'part@exemple.fr'"
            )
            .await,
            0,
            "{backend:?}: the student who left is not announced"
        );
        assert_eq!(
            app.count(
                "SELECT COUNT(*) FROM notification_outbox
                 WHERE kind = 'annonce_etudiant' AND recipient = 'reste@exemple.fr'"
            )
            .await,
            1,
            "{backend:?}"
        );
        // Announced pairs are final: the other student can no longer withdraw.
        assert_eq!(staying.call("withdraw_application", &[]).await.status, 409);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM pairs WHERE published_at IS NOT NULL")
                .await,
            1
        );
        app.cleanup().await;
    }
}

/// A server computes no more runs at once than it has places for: the next is refused
/// (503: "momentanément indisponible" on the page), and nothing is started.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_a_free_place_starts_no_run() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |config| {
            config.pairing_runs_per_process = 0;
        })
        .await;
        let f = catalogue_fixture(&app.db).await;
        applicant(&app, &f, "etu@exemple.fr", &["F3"]).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let refused = organiser
            .call("run_pairing", &[("algorithm", "stable"), ("seed", "3")])
            .await;
        assert_eq!(refused.status, 503, "{backend:?}: {}", refused.body);
        assert!(refused.body.contains("Unavailable"), "{}", refused.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM matching_runs").await, 0);
        app.cleanup().await;
    }
}
