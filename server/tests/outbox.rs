//! The notification outbox: each message delivered once, retried after a failure,
//! nothing lost across a restart; SMTP and file delivery.

mod common;

use app::db::outbox::{self, OutgoingEmail};
use app::db::testing::{backends, TestDb};
use app::db::Db;
use common::fake_smtp;
use std::time::Duration;
use vismonjob::outbox::{deliver_due, Mailer};

fn message(key: &str) -> OutgoingEmail {
    OutgoingEmail {
        idempotency_key: key.into(),
        kind: "test",
        recipient: "camille@exemple.fr".into(),
        subject: "Votre binôme – Vis mon job".into(),
        body_text: "Bonjour Camille,\n\nVoici votre binôme.\n".into(),
        secret: None,
        invitation: None,
    }
}

fn mailer(smtp: Option<&str>, dir: std::path::PathBuf) -> Mailer {
    let mut mailer = Mailer::new(
        smtp,
        dir,
        "Vis mon job <ne-pas-repondre@vismonjob.localhost>",
    )
    .expect("mailer");
    mailer.first_retry = Duration::ZERO;
    mailer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_fails_then_goes_out_exactly_once_across_a_restart() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        assert!(outbox::enqueue_alone(&t.db, &message("annonce:42"))
            .await
            .expect("enqueue"));
        assert!(
            !outbox::enqueue_alone(&t.db, &message("annonce:42"))
                .await
                .expect("enqueue"),
            "same key, queued once"
        );

        let failing = fake_smtp(false).await;
        let sent = deliver_due(&t.db, &mailer(Some(&failing.url), "unused".into()))
            .await
            .expect("deliver");
        assert_eq!(sent, 0);
        let states = outbox::states(&t.db).await.expect("states");
        assert_eq!(states.len(), 1);
        assert_eq!(
            (states[0].status.as_str(), states[0].attempts),
            ("en_attente", 1)
        );
        assert!(
            states[0]
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("451"),
            "{states:?}"
        );

        // Restart: a new pool on the same database, a working server.
        t.db.close().await;
        let db = Db::connect(&t.url).await.expect("reconnect");
        let working = fake_smtp(true).await;
        let mailer = mailer(Some(&working.url), "unused".into());
        assert_eq!(
            deliver_due(&db, &mailer).await.expect("deliver"),
            1,
            "{backend:?}"
        );
        assert_eq!(deliver_due(&db, &mailer).await.expect("deliver"), 0);
        let received = working.messages.lock().expect("lock").clone();
        assert_eq!(received.len(), 1, "{backend:?}: delivered exactly once");
        assert!(received[0].contains("Subject:"));
        assert!(received[0].contains("Voici votre bin"));
        assert!(received[0].contains("Message-ID: <"));
        let states = outbox::states(&db).await.expect("states");
        assert_eq!(
            (states[0].status.as_str(), states[0].attempts),
            ("envoye", 2)
        );
        assert!(failing.messages.lock().expect("lock").is_empty());
        db.close().await;
        t.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_written_once_even_if_delivery_is_repeated() {
    let t = TestDb::new(app::db::Backend::Sqlite).await;
    let dir = std::env::temp_dir().join(format!("vismonjob-eml-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    outbox::enqueue_alone(&t.db, &message("verification:abc"))
        .await
        .expect("enqueue");
    let mailer = mailer(None, dir.clone());
    assert_eq!(deliver_due(&t.db, &mailer).await.expect("deliver"), 1);
    let file = dir.join("verification_abc.eml");
    let first = std::fs::read_to_string(&file).expect("the .eml file");
    assert!(first.contains("To: camille@exemple.fr"));
    assert!(
        first.contains("Bonjour Camille,"),
        "readable 8-bit body: {first}"
    );

    // A crash after writing but before marking the row: the row comes back as due.
    sqlx::query("UPDATE notification_outbox SET status = 'en_attente', next_attempt_at = 0")
        .execute(t.db.pool())
        .await
        .expect("simulate a crash");
    assert_eq!(deliver_due(&t.db, &mailer).await.expect("deliver"), 1);
    assert_eq!(
        std::fs::read_dir(&dir).expect("dir").count(),
        1,
        "still one file"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("file"),
        first,
        "not rewritten"
    );
    let _ = std::fs::remove_dir_all(&dir);
    t.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_given_up_after_its_last_attempt() {
    let t = TestDb::new(app::db::Backend::Sqlite).await;
    outbox::enqueue_alone(&t.db, &message("abandon:1"))
        .await
        .expect("enqueue");
    let failing = fake_smtp(false).await;
    let mailer = mailer(Some(&failing.url), "unused".into());
    for _ in 0..vismonjob::outbox::MAX_ATTEMPTS {
        deliver_due(&t.db, &mailer).await.expect("deliver");
    }
    let states = outbox::states(&t.db).await.expect("states");
    assert_eq!(states[0].status, "abandonne");
    assert_eq!(states[0].attempts, vismonjob::outbox::MAX_ATTEMPTS);
    t.cleanup().await;
}

/// A link's token is put into the message at delivery only: before, the stored text holds
/// a placeholder; after, the token is gone from the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_leave_with_the_message_and_stay_nowhere_in_the_outbox() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let token = "jeton-secret-0123456789";
        let email = app::api::emails::password_reset(
            "https://vismonjob.example.fr",
            "camille@exemple.fr",
            "Camille",
            token,
            "empreinte",
        );
        assert!(!email.body_text.contains(token));
        outbox::enqueue_alone(&t.db, &email).await.expect("enqueue");
        let stored: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT body_text, secret FROM notification_outbox")
                .fetch_all(t.db.pool())
                .await
                .expect("rows");
        assert!(!stored[0].0.contains(token), "{backend:?}: not in the text");

        let working = fake_smtp(true).await;
        let sent = deliver_due(&t.db, &mailer(Some(&working.url), "unused".into()))
            .await
            .expect("deliver");
        assert_eq!(sent, 1);
        let received = working.messages.lock().expect("lock").clone();
        let delivered = common::decode_quoted_printable(&received[0]);
        assert!(
            delivered.contains(&format!("/reinitialisation?jeton={token}")),
            "{backend:?}: the link is in the e-mail: {delivered}"
        );
        let after: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT body_text, secret FROM notification_outbox")
                .fetch_all(t.db.pool())
                .await
                .expect("rows");
        assert_eq!(
            after[0].1, None,
            "{backend:?}: the secret is erased once sent"
        );
        assert!(!after[0].0.contains(token));
        t.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sent_messages_are_deleted_after_their_retention() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        for key in ["ancien-envoye", "recent-envoye"] {
            outbox::enqueue_alone(&t.db, &message(key))
                .await
                .expect("enqueue");
        }
        let working = fake_smtp(true).await;
        let mailer = mailer(Some(&working.url), "unused".into());
        deliver_due(&t.db, &mailer).await.expect("deliver");
        outbox::enqueue_alone(&t.db, &message("ancien-en-attente"))
            .await
            .expect("enqueue");
        let old = app::db::now_ms() - (outbox::RETENTION_DAYS + 1) * 86_400_000;
        sqlx::query(
            "UPDATE notification_outbox SET created_at = $1 WHERE idempotency_key LIKE 'ancien%'",
        )
        .bind(old)
        .execute(t.db.pool())
        .await
        .expect("age");
        assert_eq!(
            outbox::purge_old(&t.db, app::db::now_ms())
                .await
                .expect("purge"),
            1,
            "{backend:?}"
        );
        let keys: Vec<String> = outbox::states(&t.db)
            .await
            .expect("states")
            .into_iter()
            .map(|state| state.idempotency_key)
            .collect();
        assert_eq!(keys, ["recent-envoye", "ancien-en-attente"], "{backend:?}");
        t.cleanup().await;
    }
}
