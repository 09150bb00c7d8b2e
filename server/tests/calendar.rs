//! The programme's e-mail calendar on both databases: each message on its day (the
//! unpaired students at the announcement, coaching a week before, the reminder with its
//! invitation the day before, feedback the day after), caught up after a downtime,
//! queued once however many schedulers run; and the outbox's delivery exactly once
//! through a sender killed mid-run, two senders at once and a restart.

mod common;

use app::db::outbox::{self, OutgoingEmail};
use app::db::testing::{backends, TestDb};
use app::db::Db;
use common::*;
use std::collections::HashMap;
use std::time::Duration;
use vismonjob::outbox::{deliver_due, Mailer};
use vismonjob::scheduler::schedule_due;

const URL: &str = "https://vismonjob.exemple.fr";

async fn kinds(app: &TestApp) -> HashMap<String, i64> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, CAST(COUNT(*) AS BIGINT) FROM notification_outbox GROUP BY kind",
    )
    .fetch_all(app.db.pool())
    .await
    .expect("kinds");
    rows.into_iter().collect()
}

async fn message_to(app: &TestApp, kind: &str, recipient: &str) -> (String, Option<String>) {
    sqlx::query_as(
        "SELECT body_text, invitation FROM notification_outbox WHERE kind = $1 AND recipient = $2",
    )
    .bind(kind)
    .bind(recipient)
    .fetch_one(app.db.pool())
    .await
    .unwrap_or_else(|e| panic!("{kind} to {recipient}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_calendar_email_goes_out_on_its_day_once_and_catches_up() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let day = immersion_day();
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (_alice, alice_id) = applicant(&app, &f, "alice@exemple.fr", &["F2"]).await;
        let (_bruno, bruno_id) = applicant(&app, &f, "bruno@exemple.fr", &["F3"]).await;
        applicant(&app, &f, "chloe@exemple.fr", &["F2"]).await;
        place_by_hand(&mut organiser, &f, &[(alice_id, "F2"), (bruno_id, "F3")]).await;
        // One ambassador booked a coaching session: no coaching reminder for them.
        sqlx::query("INSERT INTO coaching_sessions (edition_id, starts_at, capacity, location) VALUES ($1, 0, 10, 'Salle 1')")
            .bind(f.edition_id)
            .execute(app.db.pool())
            .await
            .expect("session");
        sqlx::query(
            "INSERT INTO coaching_bookings (session_id, edition_id, ambassador_id, created_at)
             SELECT s.id, o.edition_id, o.ambassador_id, 0 FROM offers o, coaching_sessions s WHERE o.id = $1",
        )
        .bind(f.id("F3"))
        .execute(app.db.pool())
        .await
        .expect("booking");

        // At the announcement, the student left without a pair is told, once.
        close_applications(&mut organiser, f.edition_id).await;
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        assert_eq!(announce_pairs(&mut organiser).await.status, 200);
        let at_announcement = kinds(&app).await;
        assert_eq!(at_announcement.get("sans_binome"), Some(&1), "{backend:?}");
        let (unpaired, _) = message_to(&app, "sans_binome", "chloe@exemple.fr").await;
        assert!(unpaired.contains("Nous n'avons pas pu vous proposer de journée"));

        // Ten days before: nothing is due yet.
        assert_eq!(
            schedule_due(&app.db, URL, day.add_days(-10))
                .await
                .expect("schedule")
                .queued,
            0
        );
        // A week before: every published offer's ambassador without a session.
        let published_without_coaching = app
            .count("SELECT COUNT(*) FROM offers WHERE status = 'publiee'")
            .await
            - 1;
        let week_before = schedule_due(&app.db, URL, day.add_days(-7))
            .await
            .expect("schedule");
        assert_eq!(
            week_before.queued as i64, published_without_coaching,
            "{backend:?}"
        );
        assert_eq!(
            schedule_due(&app.db, URL, day.add_days(-6))
                .await
                .expect("schedule")
                .queued,
            0,
            "reminded once"
        );

        // The day before, two schedulers at once (two server processes): each side of
        // each pair gets one reminder, with the invitation.
        let (first, second) = tokio::join!(
            schedule_due(&app.db, URL, day.add_days(-1)),
            schedule_due(&app.db, URL, day.add_days(-1))
        );
        assert_eq!(
            first.expect("first").queued + second.expect("second").queued,
            4,
            "{backend:?}"
        );
        let counted = kinds(&app).await;
        assert_eq!(counted.get("rappel_etudiant"), Some(&2));
        assert_eq!(counted.get("rappel_ambassadeur"), Some(&2));
        let (reminder, invitation) = message_to(&app, "rappel_etudiant", "alice@exemple.fr").await;
        assert!(reminder.contains("1 rue de l'Essai"), "{reminder}");
        assert!(
            reminder.contains("14:00 – Atelier : En équipe."),
            "{reminder}"
        );
        let invitation = invitation.expect("an invitation");
        assert!(invitation.contains("BEGIN:VEVENT\r\n"));
        assert!(invitation.contains(&format!("DTSTART:{}", day.to_string().replace('-', ""))));
        assert!(invitation.contains("LOCATION:1 rue de l'Essai\\,"));
        assert_eq!(
            schedule_due(&app.db, URL, day)
                .await
                .expect("schedule")
                .queued,
            0,
            "not again on the day"
        );

        // The server was down the day after: three days later it catches up. Alice has
        // already given her feedback: only the three others are asked.
        let alice_pair: i64 = sqlx::query_scalar("SELECT id FROM pairs WHERE student_id = $1")
            .bind(alice_id)
            .fetch_one(app.db.pool())
            .await
            .expect("pair");
        sqlx::query(
            "INSERT INTO feedback (pair_id, author_id, rating, created_at) VALUES ($1, $2, 5, 0)",
        )
        .bind(alice_pair)
        .bind(alice_id)
        .execute(app.db.pool())
        .await
        .expect("feedback");
        assert_eq!(
            schedule_due(&app.db, URL, day.add_days(3))
                .await
                .expect("schedule")
                .queued,
            3,
            "{backend:?}"
        );
        let counted = kinds(&app).await;
        assert_eq!(counted.get("retour_etudiant"), Some(&1));
        assert_eq!(counted.get("retour_ambassadeur"), Some(&2));
        assert_eq!(
            schedule_due(&app.db, URL, day.add_days(4))
                .await
                .expect("schedule")
                .queued,
            0
        );

        // Delivered, the reminder carries its invitation as an attachment.
        let dir = std::env::temp_dir().join(format!(
            "vismonjob-calendar-{}-{backend:?}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let mailer = Mailer::new(
            None,
            dir.clone(),
            "Vis mon job <ne-pas-repondre@vismonjob.localhost>",
        )
        .expect("mailer");
        deliver_due(&app.db, &mailer).await.expect("deliver");
        let key: String = sqlx::query_scalar(
            "SELECT idempotency_key FROM notification_outbox WHERE kind = 'rappel_etudiant' AND recipient = 'alice@exemple.fr'",
        )
        .fetch_one(app.db.pool())
        .await
        .expect("key");
        let eml = std::fs::read_to_string(dir.join(vismonjob::outbox::file_name(&key)))
            .expect("the reminder, delivered");
        assert!(eml.contains("multipart/mixed"), "{eml}");
        assert!(eml.contains("Content-Type: text/calendar"), "{eml}");
        assert!(eml.contains("filename=\"invitation.ics\""), "{eml}");
        let _ = std::fs::remove_dir_all(&dir);
        app.cleanup().await;
    }
}

fn message(n: usize) -> OutgoingEmail {
    OutgoingEmail {
        idempotency_key: format!("rappel_etudiant:{n}:0"),
        kind: "rappel_etudiant",
        recipient: if n == 7 {
            // One message that cannot leave: the others go on.
            "pas une adresse".into()
        } else {
            format!("etudiant{n}@exemple.fr")
        },
        subject: "C'est bientôt : votre journée d'immersion".into(),
        body_text: format!("Bonjour {n},\n\nÀ demain.\n"),
        secret: None,
        invitation: None,
    }
}

fn sender(url: &str) -> Mailer {
    let mut mailer = Mailer::new(
        Some(url),
        "unused".into(),
        "Vis mon job <ne-pas-repondre@vismonjob.localhost>",
    )
    .expect("mailer");
    mailer.first_retry = Duration::from_secs(3600);
    mailer.lease = Duration::from_secs(1);
    mailer
}

/// The Message-ID of each message a fake server received.
fn message_ids(fake: &FakeSmtp) -> Vec<String> {
    fake.messages
        .lock()
        .expect("lock")
        .iter()
        .filter_map(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("Message-ID: ").map(str::to_string))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_due_message_is_sent_once_through_a_kill_two_senders_and_a_restart() {
    const MESSAGES: usize = 45;
    for backend in backends() {
        let t = TestDb::new(backend).await;
        for n in 0..MESSAGES {
            assert!(outbox::enqueue_alone(&t.db, &message(n))
                .await
                .expect("enqueue"));
        }

        // A sender (its own connections, as a server process) claims a batch, has three
        // messages accepted, and is killed while the server is silent about the fourth.
        let hanging = fake_smtp_hanging_after(true, 3).await;
        let killed = {
            let db = Db::connect(&t.url).await.expect("connect");
            let mailer = sender(&hanging.url);
            tokio::spawn(async move { deliver_due(&db, &mailer).await })
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while hanging.messages.lock().expect("lock").len() < 3 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{backend:?}: no delivery"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        killed.abort();
        assert!(killed.await.expect_err("killed").is_cancelled());

        // Two senders at once take over, the killed one's messages when their lease ends.
        let working = fake_smtp(true).await;
        let everything_sent = || async {
            app_count(
                &t.db,
                "SELECT COUNT(*) FROM notification_outbox WHERE status = 'envoye'",
            )
            .await
                == MESSAGES as i64 - 1
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        let (first_db, second_db) = (
            Db::connect(&t.url).await.expect("connect"),
            Db::connect(&t.url).await.expect("connect"),
        );
        let (first, second) = (sender(&working.url), sender(&working.url));
        while !everything_sent().await {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{backend:?}: messages lost"
            );
            let (a, b) = tokio::join!(
                deliver_due(&first_db, &first),
                deliver_due(&second_db, &second)
            );
            a.expect("first sender");
            b.expect("second sender");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // A restart: nothing more leaves.
        first_db.close().await;
        second_db.close().await;
        let restarted = Db::connect(&t.url).await.expect("reconnect");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(
            deliver_due(&restarted, &sender(&working.url))
                .await
                .expect("deliver"),
            0
        );

        // Every deliverable message reached a server exactly once.
        let mut ids = message_ids(&hanging);
        ids.extend(message_ids(&working));
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(total, ids.len(), "{backend:?}: a message was sent twice");
        assert_eq!(total, MESSAGES - 1, "{backend:?}");
        let failed: (String, i64, Option<String>) = sqlx::query_as(
            "SELECT status, attempts, last_error FROM notification_outbox WHERE recipient = 'pas une adresse'",
        )
        .fetch_one(restarted.pool())
        .await
        .expect("the failed message");
        assert_eq!(failed.0, "en_attente", "waits for its retry");
        assert!(failed
            .2
            .unwrap_or_default()
            .contains("destinataire invalide"));
        restarted.close().await;
        t.cleanup().await;
    }
}

async fn app_count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(db.pool())
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisers_follow_the_outbox_send_a_failure_again_and_preview_every_template() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut organiser, organiser_id) = app.signed_in("organisateur", "orga@exemple.fr").await;
        outbox::enqueue_alone(&app.db, &message(1))
            .await
            .expect("enqueue");
        let id: i64 = sqlx::query_scalar("SELECT id FROM notification_outbox")
            .fetch_one(app.db.pool())
            .await
            .expect("id");
        outbox::mark_failed(&app.db, id, "550 boîte inconnue", None)
            .await
            .expect("given up");

        let failed = organiser.call("get_outbox", &[("etat", "en-echec")]).await;
        assert_eq!(failed.status, 200, "{}", failed.body);
        let view: serde_json::Value = serde_json::from_str(&failed.body).expect("json");
        assert_eq!(view["counts"]["failed"], 1, "{backend:?}");
        assert_eq!(view["messages"][0]["recipient"], "etudiant1@exemple.fr");
        assert_eq!(view["messages"][0]["last_error"], "550 boîte inconnue");
        let page = organiser
            .page("/organisation/courriels?etat=en-echec")
            .await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("550 boîte inconnue") && page.body.contains("Renvoyer"));
        assert_eq!(
            organiser
                .call("get_outbox", &[("etat", "n-importe")])
                .await
                .status,
            404
        );

        // Sent again: due now, written to the audit log; a message not failed is refused.
        let retried = organiser
            .call("retry_email", &[("id", &id.to_string())])
            .await;
        assert_eq!(retried.status, 200, "{}", retried.body);
        let state: (String, i64) =
            sqlx::query_as("SELECT status, next_attempt_at FROM notification_outbox WHERE id = $1")
                .bind(id)
                .fetch_one(app.db.pool())
                .await
                .expect("state");
        assert_eq!(state.0, "en_attente");
        assert!(state.1 <= app::db::now_ms());
        assert_eq!(app.audited("courriel_renvoye", organiser_id).await, 1);
        // The server's sender delivers it within seconds; a sent message is not sent again.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while app
            .count("SELECT COUNT(*) FROM notification_outbox WHERE status = 'envoye'")
            .await
            == 0
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{backend:?}: not sent"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(
            organiser
                .call("retry_email", &[("id", &id.to_string())])
                .await
                .status,
            404,
            "{backend:?}: sent"
        );

        // A given-up message whose link was erased cannot be sent again.
        let mut with_link = message(2);
        with_link.body_text = format!("Ouvrez {URL}/verification?jeton={}", outbox::SECRET);
        with_link.secret = Some("jeton-secret".into());
        outbox::enqueue_alone(&app.db, &with_link)
            .await
            .expect("enqueue");
        let link_id: i64 = sqlx::query_scalar(
            "SELECT id FROM notification_outbox WHERE idempotency_key = 'rappel_etudiant:2:0'",
        )
        .fetch_one(app.db.pool())
        .await
        .expect("id");
        outbox::mark_failed(&app.db, link_id, "550", None)
            .await
            .expect("given up");
        let refused = organiser
            .call("retry_email", &[("id", &link_id.to_string())])
            .await;
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(refused.body.contains("redemander"), "{}", refused.body);

        // Every template, previewed by the functions that write the real messages.
        let previews = organiser.call("get_email_previews", &[]).await;
        assert_eq!(previews.status, 200);
        let previews: Vec<serde_json::Value> = serde_json::from_str(&previews.body).expect("json");
        let kinds: Vec<&str> = previews.iter().filter_map(|p| p["kind"].as_str()).collect();
        for kind in [
            "candidature_envoyee",
            "offre_publiee",
            "offre_refusee",
            "annonce_etudiant",
            "annonce_ambassadeur",
            "sans_binome",
            "rappel_coaching",
            "rappel_etudiant",
            "rappel_ambassadeur",
            "retour_etudiant",
            "retour_ambassadeur",
        ] {
            assert!(kinds.contains(&kind), "{kind} previewed");
        }
        let reminder = previews
            .iter()
            .find(|p| p["kind"] == "rappel_etudiant")
            .expect("reminder");
        assert!(reminder["invitation"]
            .as_str()
            .unwrap_or_default()
            .contains("BEGIN:VCALENDAR"));
        let page = organiser.page("/organisation/courriels/modeles").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Le lendemain de la journée (étudiant)"));
        app.cleanup().await;
    }
}
