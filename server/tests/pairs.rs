//! An announced pair, both sides, against the real server on both databases: what each
//! side sees, confirmations, a decline that frees the seat and a student placed again
//! by hand, an organiser undoing a pair, attendance and feedback from the immersion day,
//! and who may call each function.

mod common;

use app::db::testing::backends;
use common::*;

async fn pair_of(app: &TestApp, student: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT id FROM pairs WHERE student_id = $1")
        .bind(student)
        .fetch_optional(app.db.pool())
        .await
        .expect("pair")
}

async fn place(organiser: &mut Caller, student: i64, offer: i64) -> Answer {
    organiser
        .call(
            "move_student",
            &[
                ("student_id", &student.to_string()),
                ("offer_id", &offer.to_string()),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_sides_confirm_decline_attend_and_review_their_pair() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (mut alice, alice_id) = applicant(&app, &f, "alice@exemple.fr", &["F2"]).await;
        let (mut bruno, bruno_id) = applicant(&app, &f, "bruno@exemple.fr", &["F3", "F1"]).await;
        assert_eq!(
            place(&mut organiser, alice_id, f.id("F2")).await.status,
            200
        );
        assert_eq!(
            place(&mut organiser, bruno_id, f.id("F3")).await.status,
            200
        );
        close_applications(&mut organiser, f.edition_id).await;
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        let mut f2 = ambassador_of(&app, &f, "F2").await;
        let mut f3 = ambassador_of(&app, &f, "F3").await;

        // What each side sees.
        let hers = alice.call("get_my_pairs", &[]).await;
        assert_eq!(hers.status, 200, "{backend:?}: {}", hers.body);
        assert!(
            hers.body.contains("Atelier") && hers.body.contains("1 rue de l'Essai"),
            "{}",
            hers.body
        );
        let theirs = f2.call("get_my_pairs", &[]).await;
        assert!(
            theirs.body.contains("alice@exemple.fr")
                && theirs.body.contains("IUT de Lannion")
                && theirs.body.contains("découvrir le métier"),
            "{}",
            theirs.body
        );
        assert!(
            !theirs.body.contains("bruno@exemple.fr"),
            "only their own student"
        );
        let candidature = alice.page("/candidature").await;
        assert!(
            candidature.body.contains("Confirmer le binôme"),
            "{}",
            candidature.body
        );

        // Both confirm; nobody else can.
        let alice_pair = pair_of(&app, alice_id).await.expect("pair").to_string();
        assert_eq!(
            bruno
                .call("confirm_pair", &[("pair_id", &alice_pair)])
                .await
                .status,
            404
        );
        assert_eq!(
            f3.call("confirm_pair", &[("pair_id", &alice_pair)])
                .await
                .status,
            404
        );
        assert_eq!(
            alice
                .call("confirm_pair", &[("pair_id", &alice_pair)])
                .await
                .status,
            200
        );
        assert_eq!(
            f2.call("confirm_pair", &[("pair_id", &alice_pair)])
                .await
                .status,
            200
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM pairs WHERE student_confirmed_at IS NOT NULL AND ambassador_confirmed_at IS NOT NULL")
                .await,
            1
        );
        // Attendance and feedback wait for the day.
        let early = f2
            .call(
                "mark_pair_attendance",
                &[("pair_id", &alice_pair), ("attendance", "present")],
            )
            .await;
        assert_eq!(early.status, 409, "{}", early.body);
        let early = alice
            .call(
                "give_pair_feedback",
                &[("pair_id", &alice_pair), ("rating", "5"), ("comment", "")],
            )
            .await;
        assert_eq!(early.status, 409);

        // Bruno declines: the seat is freed, his ambassador told, the organisers see it.
        let bruno_pair = pair_of(&app, bruno_id).await.expect("pair").to_string();
        let seats_of_f3 = format!("SELECT seats_taken FROM offers WHERE id = {}", f.id("F3"));
        let seats_before = app.count(&seats_of_f3).await;
        let short = bruno
            .call(
                "decline_pair",
                &[("pair_id", &bruno_pair), ("reason", "non")],
            )
            .await;
        assert_eq!(short.status, 422);
        let declined = bruno
            .call(
                "decline_pair",
                &[
                    ("pair_id", &bruno_pair),
                    ("reason", "Je passe un examen ce jour-là."),
                ],
            )
            .await;
        assert_eq!(declined.status, 200, "{backend:?}: {}", declined.body);
        assert_eq!(pair_of(&app, bruno_id).await, None);
        assert_eq!(app.count(&seats_of_f3).await, seats_before - 1);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM applications WHERE student_id = {bruno_id} AND status = 'sans_binome'"))
                .await,
            1
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'binome_decline_ambassadeur' AND body_text LIKE '%examen%'")
                .await,
            1
        );
        let workspace = organiser.call("get_pairing_workspace", &[]).await;
        assert!(
            workspace.body.contains("Je passe un examen"),
            "{}",
            workspace.body
        );

        // The organiser places him again by hand: announced at once.
        let placed = place(&mut organiser, bruno_id, f.id("F1")).await;
        assert_eq!(placed.status, 200, "{backend:?}: {}", placed.body);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM pairs WHERE student_id = {bruno_id} AND published_at IS NOT NULL"))
                .await,
            1
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'annonce_etudiant' AND recipient = 'bruno@exemple.fr'")
                .await,
            2,
            "the first announcement and the new one"
        );
        // A student with an announced pair is not moved: the pair is undone first.
        assert_eq!(
            place(&mut organiser, alice_id, f.id("F1")).await.status,
            409
        );

        // From the immersion day: attendance and feedback, no more decline.
        let today = fixture_day(0);
        sqlx::query(
            "UPDATE editions SET ambassadors_open_on = $1, ambassadors_close_on = $2, applications_open_on = $1,
                 applications_close_on = $2, pairing_on = $2, announcement_on = $2, immersion_on = $3
             WHERE id = $4",
        )
        .bind(fixture_day(-30).to_string())
        .bind(fixture_day(-1).to_string())
        .bind(today.to_string())
        .bind(f.edition_id)
        .execute(app.db.pool())
        .await
        .expect("the day has come");
        let late = alice
            .call(
                "decline_pair",
                &[
                    ("pair_id", &alice_pair),
                    ("reason", "Finalement non, désolée."),
                ],
            )
            .await;
        assert_eq!(late.status, 409);
        let marked = f2
            .call(
                "mark_pair_attendance",
                &[("pair_id", &alice_pair), ("attendance", "present")],
            )
            .await;
        assert_eq!(marked.status, 200, "{}", marked.body);
        for rating in ["4", "5"] {
            let given = alice
                .call(
                    "give_pair_feedback",
                    &[
                        ("pair_id", &alice_pair),
                        ("rating", rating),
                        ("comment", "Une journée passionnante."),
                    ],
                )
                .await;
            assert_eq!(given.status, 200, "{}", given.body);
        }
        let bad = f2
            .call(
                "give_pair_feedback",
                &[("pair_id", &alice_pair), ("rating", "8"), ("comment", "")],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert_eq!(
            f2.call(
                "give_pair_feedback",
                &[
                    ("pair_id", &alice_pair),
                    ("rating", "5"),
                    ("comment", "Très motivée.")
                ]
            )
            .await
            .status,
            200
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM feedback").await,
            2,
            "one per side"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM pairs WHERE attendance = 'present'")
                .await,
            1
        );
        let workspace = organiser.call("get_pairing_workspace", &[]).await;
        assert!(
            workspace.body.contains("Une journée passionnante.")
                && workspace.body.contains("Très motivée."),
            "{}",
            workspace.body
        );

        // Finished and archived, the edition stays readable: its review.
        let edition_id = f.edition_id.to_string();
        for action in ["terminer", "archiver"] {
            let moved = organiser
                .call(
                    "change_edition_status",
                    &[
                        ("edition_id", &edition_id),
                        ("action", action),
                        ("confirm", "on"),
                    ],
                )
                .await;
            assert_eq!(moved.status, 200, "{backend:?}: {action}: {}", moved.body);
        }
        let review = organiser
            .call("get_edition_review", &[("edition_id", &edition_id)])
            .await;
        assert_eq!(review.status, 200, "{backend:?}: {}", review.body);
        let review: serde_json::Value = serde_json::from_str(&review.body).expect("JSON");
        let figures = &review["figures"];
        for (figure, expected) in [
            ("pairs", 2),
            ("confirmed_both_sides", 1),
            ("declines", 1),
            ("present", 1),
            ("absent", 0),
            ("feedback", 2),
        ] {
            assert_eq!(figures[figure], expected, "{backend:?}: {figure}: {review}");
        }
        assert_eq!(review["pairs_total"], 2, "{review}");
        let alices = review["pairs"]
            .as_array()
            .and_then(|pairs| pairs.iter().find(|p| p["offer_id"] == f.id("F2")))
            .unwrap_or_else(|| panic!("Alice's pair: {review}"));
        assert_eq!(alices["attended"], true);
        assert_eq!(
            alices["student_rating"], 5,
            "her second rating replaced the first"
        );
        assert_eq!(alices["ambassador_rating"], 5);
        assert!(alices["student_confirmed"] == true && alices["ambassador_confirmed"] == true);
        let page = organiser
            .page(&format!("/organisation/editions/{edition_id}"))
            .await;
        assert!(
            page.body.contains("Bilan de l&#x27;édition")
                || page.body.contains("Bilan de l'édition"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Très motivée."), "{}", page.body);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_undoes_a_pair_and_only_the_pairs_sides_act_on_it() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (student, student_id) = applicant(&app, &f, "alice@exemple.fr", &["F2"]).await;
        let (other_student, _) = applicant(&app, &f, "bruno@exemple.fr", &["F3", "F1"]).await;
        assert_eq!(
            place(&mut organiser, student_id, f.id("F2")).await.status,
            200
        );
        close_applications(&mut organiser, f.edition_id).await;
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        let ambassador = ambassador_of(&app, &f, "F2").await;
        let other_ambassador = ambassador_of(&app, &f, "F3").await;
        let pair = pair_of(&app, student_id).await.expect("pair").to_string();
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("get_my_pairs", vec![]),
            ("confirm_pair", vec![("pair_id", &pair)]),
            (
                "mark_pair_attendance",
                vec![("pair_id", &pair), ("attendance", "present")],
            ),
            (
                "give_pair_feedback",
                vec![("pair_id", &pair), ("rating", "5")],
            ),
            (
                "decline_pair",
                vec![("pair_id", &pair), ("reason", "Un empêchement imprévu.")],
            ),
            (
                "unpair",
                vec![("pair_id", &pair), ("reason", "Un empêchement imprévu.")],
            ),
        ];
        let callers = [
            ("anonyme", app.visitor(), "anonyme"),
            ("autre étudiant", other_student, "autre étudiant"),
            ("autre ambassadeur", other_ambassador, "autre ambassadeur"),
            ("étudiant", student, "étudiant"),
            ("ambassadeur", ambassador, "ambassadeur"),
        ];
        for (name, mut caller, who) in callers {
            for (function, args) in &calls {
                if *function == "decline_pair" {
                    continue; // it would end the pair: checked below
                }
                let answer = caller.call(function, args).await;
                let expected: &[u16] = match (who, *function) {
                    ("anonyme", _) => &[401],
                    (_, "unpair") => &[403],
                    (_, "get_my_pairs") => &[200],
                    ("étudiant" | "autre étudiant", "mark_pair_attendance") => &[403],
                    ("autre étudiant" | "autre ambassadeur", _) => &[404],
                    // Before the day: attendance and feedback are refused, not hidden.
                    (_, "mark_pair_attendance" | "give_pair_feedback") => &[409],
                    _ => &[200],
                };
                assert!(
                    expected.contains(&answer.status),
                    "{backend:?}: {function} by {name}: {} {}",
                    answer.status,
                    answer.body
                );
            }
        }
        for (function, args) in &calls[..5] {
            assert_eq!(
                organiser.call(function, args).await.status,
                403,
                "{function} by the organiser"
            );
        }
        // The organiser undoes it: both sides told.
        let undone = organiser.call("unpair", &calls[5].1).await;
        assert_eq!(undone.status, 200, "{}", undone.body);
        assert_eq!(pair_of(&app, student_id).await, None);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind IN ('binome_decline_ambassadeur', 'binome_defait_etudiant')")
                .await,
            2
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'binome_decline'")
                .await,
            1
        );
        app.cleanup().await;
    }
}
