//! Coaching sessions against the real server on both databases: who may call the
//! functions, booking and changing until the session starts, attendance and who is
//! not coached yet, and the last seat under 50 concurrent bookings.

mod common;

use app::db::testing::backends;
use common::*;

fn session_form(day_offset: i64, capacity: &str) -> Vec<(&'static str, String)> {
    vec![
        ("day", fixture_day(day_offset).to_string()),
        ("starts_at", "10:00".into()),
        (
            "location",
            "https://webinaire.numerique.gouv.fr/coaching".into(),
        ),
        ("capacity", capacity.into()),
    ]
}

fn fields<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn session_ids(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM coaching_sessions ORDER BY starts_at, id")
        .fetch_all(app.db.pool())
        .await
        .expect("sessions")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ambassadors_book_and_change_sessions_and_organisers_mark_attendance() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fixture = catalogue_fixture(&app.db).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;

        // Faults come back field by field; a past date is refused.
        let refused = organiser
            .call("create_coaching_session", &fields(&session_form(-2, "0")))
            .await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        assert!(refused.body.contains("passée") && refused.body.contains("capacity"));
        for (day, capacity) in [(3, "10"), (5, "10")] {
            let created = organiser
                .call(
                    "create_coaching_session",
                    &fields(&session_form(day, capacity)),
                )
                .await;
            assert_eq!(created.status, 200, "{backend:?}: {}", created.body);
        }
        let sessions = session_ids(&app).await;
        let (first, second) = (sessions[0].to_string(), sessions[1].to_string());

        // The fixture's F1 ambassador books the first, then changes to the second.
        let f1_ambassador: i64 =
            sqlx::query_scalar("SELECT ambassador_id FROM offers WHERE id = $1")
                .bind(fixture.id("F1"))
                .fetch_one(app.db.pool())
                .await
                .expect("ambassador");
        let (mut ambassador, ambassador_id) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        sqlx::query("UPDATE offers SET ambassador_id = $1 WHERE ambassador_id = $2")
            .bind(ambassador_id)
            .bind(f1_ambassador)
            .execute(app.db.pool())
            .await
            .expect("F1 is hers");
        let not_coached = organiser.call("get_coaching_sessions", &[]).await;
        assert!(
            not_coached.body.contains("claire@numerique.gouv.fr"),
            "{}",
            not_coached.body
        );
        let seats = |id: i64| {
            let pool = app.db.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>(
                    "SELECT seats_taken FROM coaching_sessions WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("seats")
            }
        };
        let booked = ambassador
            .call("book_coaching_session", &[("session_id", &first)])
            .await;
        assert_eq!(booked.status, 200, "{backend:?}: {}", booked.body);
        assert_eq!(
            ambassador
                .call("book_coaching_session", &[("session_id", &first)])
                .await
                .status,
            200,
            "booking twice changes nothing"
        );
        assert_eq!(seats(sessions[0]).await, 1);
        let changed = ambassador
            .call("book_coaching_session", &[("session_id", &second)])
            .await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!((seats(sessions[0]).await, seats(sessions[1]).await), (0, 1));
        let mine = ambassador.call("get_coaching", &[]).await;
        assert!(
            mine.body.contains(&format!("\"booked\":{second}")),
            "{}",
            mine.body
        );

        // Once it has started, the session is neither left nor booked.
        sqlx::query("UPDATE coaching_sessions SET starts_at = $1 WHERE id = $2")
            .bind(app::db::now_ms() - 60_000)
            .bind(sessions[1])
            .execute(app.db.pool())
            .await
            .expect("started");
        let late = ambassador
            .call("book_coaching_session", &[("session_id", &first)])
            .await;
        assert_eq!(late.status, 409);
        assert!(late.body.contains("déjà commencé"), "{}", late.body);
        let (mut latecomer, _) = app.signed_in("ambassadeur", "paul@interieur.gouv.fr").await;
        assert_eq!(
            latecomer
                .call("book_coaching_session", &[("session_id", &second)])
                .await
                .status,
            409
        );

        // The organiser marks her present: she is coached, and it is audited.
        let id = ambassador_id.to_string();
        let bad = organiser
            .call(
                "mark_coaching_attendance",
                &[
                    ("session_id", &second),
                    ("ambassador_id", &id),
                    ("attendance", "peut-être"),
                ],
            )
            .await;
        assert_eq!(bad.status, 422);
        let marked = organiser
            .call(
                "mark_coaching_attendance",
                &[
                    ("session_id", &second),
                    ("ambassador_id", &id),
                    ("attendance", "present"),
                ],
            )
            .await;
        assert_eq!(marked.status, 200, "{}", marked.body);
        let not_booked = organiser
            .call(
                "mark_coaching_attendance",
                &[
                    ("session_id", &first),
                    ("ambassador_id", &id),
                    ("attendance", "present"),
                ],
            )
            .await;
        assert_eq!(not_booked.status, 404);
        let list = organiser.call("get_coaching_sessions", &[]).await;
        let not_coached = list
            .body
            .split("\"not_coached\"")
            .nth(1)
            .unwrap_or_default();
        assert!(
            !not_coached.contains("claire@numerique.gouv.fr"),
            "{}",
            list.body
        );
        assert!(
            not_coached.contains("@test.invalid"),
            "the other ambassadors are not coached: {}",
            list.body
        );
        assert!(ambassador
            .call("get_coaching", &[])
            .await
            .body
            .contains("\"attended\":true"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'coaching_presence'")
                .await,
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_ambassadors_race_for_the_last_seat_and_one_gets_it() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let created = organiser
            .call("create_coaching_session", &fields(&session_form(3, "1")))
            .await;
        assert_eq!(created.status, 200, "{}", created.body);
        let session = session_ids(&app).await[0].to_string();
        let mut ambassadors = Vec::new();
        for n in 0..50 {
            let (caller, _) = app
                .signed_in("ambassadeur", &format!("agent{n}@numerique.gouv.fr"))
                .await;
            ambassadors.push(caller);
        }
        let calls = ambassadors.into_iter().map(|mut caller| {
            let session = session.clone();
            tokio::spawn(async move {
                caller
                    .call("book_coaching_session", &[("session_id", &session)])
                    .await
                    .status
            })
        });
        let mut statuses = Vec::new();
        for call in calls.collect::<Vec<_>>() {
            statuses.push(call.await.expect("task"));
        }
        statuses.sort_unstable();
        let mut expected = vec![409; 49];
        expected.insert(0, 200);
        assert_eq!(statuses, expected, "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM coaching_bookings").await, 1);
        assert_eq!(
            app.count("SELECT seats_taken FROM coaching_sessions").await,
            1
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coaching_functions_check_the_callers_role() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (student, _) = app.signed_in("etudiant", "etu@exemple.fr").await;
        let (other_student, _) = app.signed_in("etudiant", "autre@exemple.fr").await;
        let (ambassador, ambassador_id) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        let (other_ambassador, _) = app.signed_in("ambassadeur", "paul@interieur.gouv.fr").await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        organiser
            .call("create_coaching_session", &fields(&session_form(3, "5")))
            .await;
        let session = session_ids(&app).await[0].to_string();
        let ambassador_id = ambassador_id.to_string();
        let create = session_form(4, "5");
        #[derive(PartialEq)]
        enum Who {
            Ambassador,
            Organiser,
        }
        type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, Who);
        let calls: Vec<Call> = vec![
            ("get_coaching", vec![], Who::Ambassador),
            (
                "book_coaching_session",
                vec![("session_id", &session)],
                Who::Ambassador,
            ),
            ("get_coaching_sessions", vec![], Who::Organiser),
            ("create_coaching_session", fields(&create), Who::Organiser),
            (
                "mark_coaching_attendance",
                vec![
                    ("session_id", &session),
                    ("ambassador_id", &ambassador_id),
                    ("attendance", "absent"),
                ],
                Who::Organiser,
            ),
        ];
        let callers = [
            ("anonyme", app.visitor(), None),
            ("étudiant", student, Some("etudiant")),
            ("autre étudiant", other_student, Some("etudiant")),
            ("ambassadeur", ambassador, Some("ambassadeur")),
            ("autre ambassadeur", other_ambassador, Some("ambassadeur")),
            ("organisateur", organiser, Some("organisateur")),
        ];
        for (name, mut caller, role) in callers {
            for (function, args, who) in &calls {
                let answer = caller.call(function, args).await;
                let expected = match (role, who) {
                    (None, _) => 401,
                    (Some("ambassadeur"), Who::Ambassador) => 200,
                    (Some("organisateur"), Who::Organiser) => 200,
                    _ => 403,
                };
                assert_eq!(
                    answer.status, expected,
                    "{backend:?}: {function} by {name}: {}",
                    answer.body
                );
            }
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM coaching_bookings").await, 2);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM coaching_bookings WHERE attended = 0")
                .await,
            1,
            "the organiser marked the first ambassador absent"
        );
        app.cleanup().await;
    }
}
