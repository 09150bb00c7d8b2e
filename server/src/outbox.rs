//! Delivery of the notification outbox: through SMTP when `SMTP_URL` is set, otherwise
//! as `.eml` files in `OUTBOX_DIR` (development, tests, and a fresh clone).
//!
//! Once only: a message is marked sent right after its delivery, and a file delivery is
//! an exclusive link that cannot happen twice. Should the process die between an SMTP
//! acceptance and that mark, the message goes out again after its lease; its stable
//! Message-ID (derived from the idempotency key) lets mail systems drop the copy.

use app::db::outbox::{self, OutboxMessage};
use app::db::Db;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// After this many failed attempts a message is given up (and stays visible).
pub const MAX_ATTEMPTS: i64 = 12;
const BATCH: i64 = 20;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    /// First retry delay; doubles with each failure, up to an hour.
    pub first_retry: Duration,
    /// A claimed message is not due again for this long: a process that dies
    /// mid-delivery hands its messages back when their lease ends.
    pub lease: Duration,
}

impl Mailer {
    pub fn new(smtp_url: Option<&str>, outbox_dir: PathBuf, from: &str) -> Result<Mailer, String> {
        let transport = match smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP_URL invalide : {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
            None => Transport::Files(outbox_dir),
        };
        Ok(Mailer {
            transport,
            from: from
                .parse()
                .map_err(|e| format!("MAIL_FROM « {from} » invalide : {e}"))?,
            first_retry: Duration::from_secs(30),
            lease: Duration::from_secs(5 * 60),
        })
    }

    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(dir) => format!("fichiers .eml dans {}", dir.display()),
        }
    }

    fn build(&self, message: &OutboxMessage) -> Result<Message, String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("destinataire invalide : {e}"))?;
        // Long lines (links) make lettre pick quoted-printable: safe for every server.
        let body = Body::new(message.text_to_send());
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .message_id(Some(format!(
                "<{}@vismonjob>",
                &app::security::tokens::token_digest(&message.idempotency_key)[..32]
            )));
        let built = match &message.invitation {
            None => builder.header(ContentType::TEXT_PLAIN).body(body),
            // The invitation as an attachment: calendar software offers to add it.
            Some(ics) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(body),
                    )
                    .singlepart(
                        Attachment::new("invitation.ics".into()).body(
                            ics.clone(),
                            ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                                .map_err(|e| format!("type de la pièce jointe : {e}"))?,
                        ),
                    ),
            ),
        };
        built.map_err(|e| format!("message invalide : {e}"))
    }

    /// Delivers one message; `Ok` means it has left (or had already left) for good.
    async fn deliver(&self, message: &OutboxMessage) -> Result<(), String> {
        let email = self.build(message)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                write_once(dir, &message.idempotency_key, &email.formatted()).await
            }
        }
    }

    fn retry_delay(&self, attempts: i64) -> Duration {
        let factor = 2u32.saturating_pow(
            u32::try_from(attempts.saturating_sub(1))
                .unwrap_or(u32::MAX)
                .min(16),
        );
        self.first_retry
            .saturating_mul(factor)
            .min(Duration::from_secs(3600))
    }
}

/// The file a message with idempotency key `key` is delivered to in the outbox folder.
pub fn file_name(key: &str) -> String {
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{name}.eml")
}

/// Writes `dir/<key>.eml` unless it exists: written to a temporary file, then linked
/// under its final name, which fails if a delivery already happened.
async fn write_once(dir: &std::path::Path, key: &str, bytes: &[u8]) -> Result<(), String> {
    let name = file_name(key);
    let target = dir.join(&name);
    if tokio::fs::try_exists(&target).await.unwrap_or(false) {
        return Ok(());
    }
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| e.to_string())?;
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    tokio::fs::write(&temporary, bytes)
        .await
        .map_err(|e| e.to_string())?;
    let linked = tokio::fs::hard_link(&temporary, &target).await;
    let _ = tokio::fs::remove_file(&temporary).await;
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// Delivers every due message once; returns how many were sent.
pub async fn deliver_due(db: &Db, mailer: &Mailer) -> Result<usize, app::db::Error> {
    let mut sent = 0;
    loop {
        let lease = i64::try_from(mailer.lease.as_millis()).unwrap_or(i64::MAX);
        let batch = outbox::claim_due(db, BATCH, lease).await?;
        let full = batch.len() as i64 == BATCH;
        for message in batch {
            match mailer.deliver(&message).await {
                Ok(()) => {
                    outbox::mark_sent(db, message.id).await?;
                    sent += 1;
                }
                Err(error) => {
                    let retry_at = (message.attempts < MAX_ATTEMPTS).then(|| {
                        app::db::now_ms()
                            + i64::try_from(mailer.retry_delay(message.attempts).as_millis())
                                .unwrap_or(i64::MAX)
                    });
                    tracing::warn!(key = %message.idempotency_key, attempts = message.attempts, %error, "e-mail not delivered");
                    outbox::mark_failed(db, message.id, &error, retry_at).await?;
                }
            }
        }
        // A full batch may hide more due messages; a partial one means the queue is
        // drained (a failed message waits for its retry time, even a zero one).
        if !full {
            return Ok(sent);
        }
    }
}

/// Runs the delivery loop until the process ends; once an hour, deletes the messages
/// past their retention.
pub fn spawn_worker(db: Db, mailer: Mailer, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last_purge: Option<std::time::Instant> = None;
        loop {
            if let Err(error) = deliver_due(&db, &mailer).await {
                tracing::error!(%error, "outbox");
            }
            if last_purge.is_none_or(|at| at.elapsed() >= Duration::from_secs(3600)) {
                match outbox::purge_old(&db, app::db::now_ms()).await {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(deleted, "old e-mails deleted from the outbox"),
                    Err(error) => tracing::error!(%error, "outbox purge"),
                }
                last_purge = Some(std::time::Instant::now());
            }
            tokio::time::sleep(every).await;
        }
    })
}
