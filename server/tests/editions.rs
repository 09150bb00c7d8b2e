//! The organisers' editions against the real server on both databases: who may call
//! the functions, the form's checks, every step of the calendar and what it refuses,
//! the audit log, and what the rest of the site does with the edition's state.

mod common;

use app::db::testing::backends;
use common::*;

/// An edition form with today inside both windows.
fn edition_form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", "journee_immersion".into()),
        ("title", title.into()),
        ("ambassadors_open_on", fixture_day(-20).to_string()),
        ("ambassadors_close_on", fixture_day(5).to_string()),
        ("applications_open_on", fixture_day(-10).to_string()),
        ("applications_close_on", fixture_day(10).to_string()),
        ("pairing_on", fixture_day(12).to_string()),
        ("announcement_on", fixture_day(19).to_string()),
        ("immersion_on", fixture_day(40).to_string()),
        ("max_wishes", "3".into()),
        ("level_3", "on".into()),
        ("level_4", "on".into()),
        ("level_5", "on".into()),
        ("weight_wish_ranks", "90, 60, 30".into()),
        ("weight_job", "25".into()),
        ("weight_administration", "10".into()),
        ("weight_distance_per_km", "0,5".into()),
        ("retention_days", "180".into()),
    ]
}

fn fields<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn with(
    mut form: Vec<(&'static str, String)>,
    changes: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
    for (field, value) in changes {
        form.retain(|(k, _)| k != field);
        form.push((field, value.clone()));
    }
    form
}

/// The edition's id, from the redirect `/organisation/editions/{id}?edition=…`.
fn edition_id_of(answer: &Answer) -> i64 {
    let location = answer.location().unwrap_or_default().to_string();
    location
        .trim_start_matches("/organisation/editions/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an edition's address: {location:?} ({})", answer.body))
}

async fn step(organiser: &mut Caller, edition_id: &str, action: &str) -> Answer {
    organiser
        .call(
            "change_edition_status",
            &[
                ("edition_id", edition_id),
                ("action", action),
                ("confirm", "on"),
            ],
        )
        .await
}

async fn status_of(app: &TestApp, edition_id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM editions WHERE id = $1")
        .bind(edition_id)
        .fetch_one(app.db.pool())
        .await
        .expect("edition")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_creates_an_edition_and_runs_it_along_its_calendar() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut organiser, organiser_id) = app.signed_in("organisateur", "orga@exemple.fr").await;

        // Faults come back field by field, with what was typed.
        let faulty = with(
            edition_form("Vis mon job 2027"),
            &[
                ("immersion_on", fixture_day(15).to_string()),
                ("weight_job", "beaucoup".into()),
                ("max_wishes", "40".into()),
            ],
        );
        let refused = organiser.call("save_edition", &fields(&faulty)).await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        for field in ["immersion_on", "weight_job", "max_wishes"] {
            assert!(refused.body.contains(field), "{field}: {}", refused.body);
        }
        assert!(refused.body.contains("après l'annonce"), "{}", refused.body);
        assert!(
            refused.body.contains("Vis mon job 2027"),
            "typed values kept"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM editions").await, 0);

        // Created in preparation, with its settings; the public site shows it.
        let created = organiser
            .call("save_edition", &fields(&edition_form("Vis mon job 2027")))
            .await;
        assert_eq!(created.status, 200, "{backend:?}: {}", created.body);
        let id = edition_id_of(&created);
        let edition_id = id.to_string();
        assert_eq!(status_of(&app, id).await, "preparation");
        let weights = app::db::editions::pairing_weights(&app.db, id)
            .await
            .expect("weights");
        assert_eq!(weights.wish_rank, vec![90.0, 60.0, 30.0]);
        assert_eq!(weights.distance_per_km, 0.5);
        let instance = app::db::pairing::build_instance(&app.db, id, 7)
            .await
            .expect("instance");
        assert_eq!(
            instance.weights, weights,
            "pairing uses the edition's weights"
        );
        let home = app.visitor().page("/").await;
        assert!(home.body.contains("Vis mon job 2027"), "{}", home.body);
        let editor = organiser
            .call("get_edition_editor", &[("edition_id", &edition_id)])
            .await;
        assert!(
            editor.body.contains("\"weight_distance_per_km\":\"0,5\""),
            "{}",
            editor.body
        );

        // Students cannot apply before the organisers open applications.
        let (mut student, student_id) = app.signed_in("etudiant", "etu@exemple.fr").await;
        app.student_profile(student_id).await;
        let view = student.call("get_application", &[]).await;
        assert!(view.body.contains("NotYetOpen"), "{}", view.body);

        // Each step of the calendar, and what would break it.
        let finish_early = step(&mut organiser, &edition_id, "terminer").await;
        assert_eq!(finish_early.status, 409, "{}", finish_early.body);
        assert_eq!(
            step(&mut organiser, &edition_id, "ouvrir").await.status,
            200
        );
        assert_eq!(status_of(&app, id).await, "candidatures_ouvertes");
        let view = student.call("get_application", &[]).await;
        assert!(
            view.body.contains("\"window_state\":\"Open\""),
            "{}",
            view.body
        );
        let twice = step(&mut organiser, &edition_id, "ouvrir").await;
        assert_eq!(twice.status, 409);
        assert!(
            twice.body.contains("candidatures ouvertes"),
            "{}",
            twice.body
        );
        assert_eq!(
            step(&mut organiser, &edition_id, "fermer").await.status,
            200
        );
        assert_eq!(
            step(&mut organiser, &edition_id, "ouvrir").await.status,
            200,
            "reopened before the announcement"
        );
        assert_eq!(
            step(&mut organiser, &edition_id, "fermer").await.status,
            200
        );
        let announced = announce_pairs(&mut organiser).await;
        assert_eq!(announced.status, 200, "{}", announced.body);
        assert_eq!(status_of(&app, id).await, "binomes_annonces");
        let reopen = step(&mut organiser, &edition_id, "ouvrir").await;
        assert_eq!(reopen.status, 409);
        assert!(
            reopen.body.contains("ne peuvent plus rouvrir"),
            "{}",
            reopen.body
        );
        let early = step(&mut organiser, &edition_id, "terminer").await;
        assert_eq!(early.status, 409);
        assert!(early.body.contains("journée d'immersion"), "{}", early.body);
        assert_eq!(
            step(&mut organiser, &edition_id, "archiver").await.status,
            409
        );

        // The immersion day moved to yesterday: the edition ends, then is archived.
        let past = with(
            edition_form("Vis mon job 2027"),
            &[
                ("ambassadors_open_on", fixture_day(-30).to_string()),
                ("ambassadors_close_on", fixture_day(-20).to_string()),
                ("applications_open_on", fixture_day(-30).to_string()),
                ("applications_close_on", fixture_day(-20).to_string()),
                ("pairing_on", fixture_day(-10).to_string()),
                ("announcement_on", fixture_day(-5).to_string()),
                ("immersion_on", fixture_day(-1).to_string()),
                ("edition_id", edition_id.clone()),
            ],
        );
        let moved = organiser.call("save_edition", &fields(&past)).await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        // Ending an edition cannot be undone: the organiser ticks a box first.
        let unticked = organiser
            .call(
                "change_edition_status",
                &[("edition_id", &edition_id), ("action", "terminer")],
            )
            .await;
        assert_eq!(unticked.status, 422, "{}", unticked.body);
        assert!(
            unticked.body.contains("Cochez la case pour confirmer"),
            "{}",
            unticked.body
        );
        assert_eq!(status_of(&app, id).await, "binomes_annonces");
        assert_eq!(
            step(&mut organiser, &edition_id, "terminer").await.status,
            200
        );
        assert_eq!(
            step(&mut organiser, &edition_id, "archiver").await.status,
            200
        );
        assert_eq!(status_of(&app, id).await, "archivee");
        let frozen = organiser.call("save_edition", &fields(&past)).await;
        assert_eq!(frozen.status, 409, "an archived edition is kept as it was");
        assert!(
            !app.visitor()
                .page("/")
                .await
                .body
                .contains("Vis mon job 2027"),
            "archived editions are for organisers only"
        );
        let list = organiser.call("get_editions", &[]).await;
        assert!(list.body.contains("Vis mon job 2027"), "{}", list.body);

        // Every step is audited with who and what.
        let audited: Vec<(Option<i64>, String, String)> = sqlx::query_as(
            "SELECT actor_id, action, details FROM audit_log WHERE entity = 'edition' ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("audit");
        let actions: Vec<&str> = audited.iter().map(|(_, a, _)| a.as_str()).collect();
        assert_eq!(
            actions,
            [
                "edition_creee",
                "edition_candidatures_ouvertes",
                "edition_candidatures_closes",
                "edition_candidatures_ouvertes",
                "edition_candidatures_closes",
                "binomes_annonces",
                "edition_modifiee",
                "edition_terminee",
                "edition_archivee",
            ]
        );
        assert!(audited
            .iter()
            .all(|(actor, _, _)| *actor == Some(organiser_id)));
        assert!(
            audited[5].2.contains("candidatures_closes")
                && audited[5].2.contains("binomes_annonces")
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edition_functions_check_the_callers_role() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fixture = catalogue_fixture(&app.db).await;
        let id = fixture.edition_id.to_string();
        let (student, _) = app.signed_in("etudiant", "etu@exemple.fr").await;
        let (other_student, _) = app.signed_in("etudiant", "autre@exemple.fr").await;
        let (ambassador, _) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        let (other_ambassador, _) = app.signed_in("ambassadeur", "paul@interieur.gouv.fr").await;
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let mut edit = edition_form("Édition de test modifiée");
        edit.push(("edition_id", id.clone()));
        let create = edition_form("Une autre édition");
        let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
            ("get_editions", vec![]),
            ("get_edition_editor", vec![]),
            ("get_edition_editor", vec![("edition_id", &id)]),
            ("get_edition_review", vec![("edition_id", &id)]),
            ("save_edition", fields(&create)),
            ("save_edition", fields(&edit)),
            (
                "change_edition_status",
                vec![("edition_id", &id), ("action", "fermer")],
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
            for (function, args) in &calls {
                let answer = caller.call(function, args).await;
                let expected = match role {
                    None => 401,
                    Some("organisateur") => 200,
                    _ => 403,
                };
                assert_eq!(
                    answer.status, expected,
                    "{backend:?}: {function} by {name}: {}",
                    answer.body
                );
            }
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM editions").await,
            2,
            "only the organiser created one"
        );
        assert_eq!(
            status_of(&app, fixture.edition_id).await,
            "candidatures_closes"
        );
        app.cleanup().await;
    }
}

/// Offers follow the edition: submitted only in the ambassadors' window, frozen once the
/// pairs are announced; pairs change only before the announcement.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_and_pairs_follow_the_editions_state() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fixture = catalogue_fixture(&app.db).await;
        let edition_id = fixture.edition_id.to_string();
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let ambassador_of = |key: &str| {
            let offer = fixture.id(key);
            let pool = app.db.pool().clone();
            async move {
                let email: String = sqlx::query_scalar(
                    "SELECT u.email FROM users u JOIN offers o ON o.ambassador_id = u.id WHERE o.id = $1",
                )
                .bind(offer)
                .fetch_one(&pool)
                .await
                .expect("ambassador");
                email
            }
        };
        // The fixture's ambassadors have no password: give one to F1's.
        let email = ambassador_of("F1").await;
        let hash = app::security::passwords::hash_password(PASSWORD.into())
            .await
            .expect("hash");
        sqlx::query("UPDATE users SET password_hash = $1 WHERE email = $2")
            .bind(&hash)
            .bind(&email)
            .execute(app.db.pool())
            .await
            .expect("password");
        let mut ambassador = app.visitor();
        assert_eq!(ambassador.log_in(&email, PASSWORD).await.status, 200);
        let f1 = fixture.id("F1").to_string();

        // Outside the ambassadors' window, an offer cannot be submitted.
        let closed_window = with(
            edition_form("Édition de test"),
            &[
                ("ambassadors_open_on", fixture_day(-30).to_string()),
                ("ambassadors_close_on", fixture_day(-1).to_string()),
                ("edition_id", edition_id.clone()),
                ("max_wishes", "5".into()),
            ],
        );
        let saved = organiser
            .call("save_edition", &fields(&closed_window))
            .await;
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);
        assert_eq!(
            ambassador
                .call("withdraw_offer", &[("offer_id", &f1)])
                .await
                .status,
            200
        );
        assert_eq!(
            ambassador
                .call("reopen_offer", &[("offer_id", &f1)])
                .await
                .status,
            200
        );
        let late = ambassador.call("submit_offer", &[("offer_id", &f1)]).await;
        assert_eq!(late.status, 409, "{backend:?}: {}", late.body);
        assert!(late.body.contains("dépôt des offres"), "{}", late.body);

        // Pairs are formed while applications are open or closed; announced once
        // closed; then nothing changes.
        let (_student, student_id) = applicant(&app, &fixture, "etu@exemple.fr", &["F2"]).await;
        let f2 = fixture.id("F2").to_string();
        let student = student_id.to_string();
        let moved = organiser
            .call(
                "move_student",
                &[("student_id", &student), ("offer_id", &f2)],
            )
            .await;
        assert_eq!(moved.status, 200, "{backend:?}: {}", moved.body);
        let early = announce_pairs(&mut organiser).await;
        assert_eq!(early.status, 409, "announced only once applications close");
        assert!(
            early.body.contains("candidatures ouvertes"),
            "{}",
            early.body
        );
        close_applications(&mut organiser, fixture.edition_id).await;
        // The announcement e-mails everyone: the organiser ticks a box first.
        let unticked = organiser.call("publish_pairs", &[]).await;
        assert_eq!(unticked.status, 422, "{backend:?}: {}", unticked.body);
        assert!(unticked.body.contains("Cochez la case pour confirmer"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM pairs WHERE published_at IS NOT NULL")
                .await,
            0
        );
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        let moved_again = organiser
            .call(
                "move_student",
                &[("student_id", &student), ("offer_id", &f1)],
            )
            .await;
        assert_eq!(moved_again.status, 409);
        let pair: String = sqlx::query_scalar::<_, i64>("SELECT id FROM pairs")
            .fetch_one(app.db.pool())
            .await
            .expect("pair")
            .to_string();
        assert_eq!(
            organiser
                .call("lock_pair", &[("pair_id", &pair), ("locked", "0")])
                .await
                .status,
            409
        );
        let frozen = ambassador
            .call(
                "add_programme_item",
                &[
                    ("offer_id", &f1),
                    ("starts_at", "11:00"),
                    ("title", "Démonstration"),
                ],
            )
            .await;
        assert_eq!(frozen.status, 409);
        assert!(frozen.body.contains("annoncés"), "{}", frozen.body);
        app.cleanup().await;
    }
}

/// The edition's accepted levels hold for offers and applications.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_and_applications_keep_to_the_editions_levels() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fixture = catalogue_fixture(&app.db).await;
        let edition_id = fixture.edition_id.to_string();
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let mut form = with(
            edition_form("Édition de test"),
            &[
                ("edition_id", edition_id.clone()),
                ("max_wishes", "5".into()),
            ],
        );
        form.retain(|(k, _)| *k != "level_3");
        let saved = organiser.call("save_edition", &fields(&form)).await;
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);

        let (mut ambassador, _) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        let offer = [
            ("job", "developpeur"),
            ("administration", "dinum"),
            ("title", "Une journée avec l'équipe produit"),
            ("commune", "Rennes"),
            ("address", "2 rue de la Mabilais"),
            ("capacity", "2"),
            ("level_3", "on"),
            ("level_4", "on"),
            (
                "description",
                "Une journée au sein d'une équipe produit : revue de code, démonstration, échanges.",
            ),
        ];
        let refused = ambassador.call("save_offer", &offer).await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        assert!(
            refused.body.contains("levels") && refused.body.contains("Bac+4 à Bac+5"),
            "{}",
            refused.body
        );

        // The fixture's student profile is Bac+3.
        let (mut student, student_id) = app.signed_in("etudiant", "etu@exemple.fr").await;
        app.student_profile(student_id).await;
        let f4 = fixture.id("F4").to_string();
        assert_eq!(
            student.call("add_wish", &[("offer_id", &f4)]).await.status,
            200
        );
        let sent = student
            .call(
                "save_application",
                &[
                    ("motivation", "Je veux découvrir le métier."),
                    ("consent", "on"),
                    ("intent", "envoyer"),
                ],
            )
            .await;
        assert_eq!(sent.status, 409, "{}", sent.body);
        assert!(sent.body.contains("Bac+3"), "{}", sent.body);
        app.cleanup().await;
    }
}
