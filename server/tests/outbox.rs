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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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
