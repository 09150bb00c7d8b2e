//! The e-mails the programme's calendar makes due (`server/src/scheduler.rs` queues
//! them): what each one needs, and the mark that it was queued. Each kind looks at a
//! window of days rather than one day, so that a server stopped on the day catches up
//! when it comes back; the mark, written with the message, makes it once only.

use super::outbox::{self, OutgoingEmail};
use super::pairing::{Announcement, ANNOUNCEMENTS};
use super::{now_ms, Db, Result};
use crate::domain::catalogue::ProgrammeItem;
use crate::domain::date::Date;

/// A pair to remind of its day, with the day's programme.
#[derive(Clone, Debug)]
pub struct DayAhead {
    pub pair: Announcement,
    pub programme: Vec<ProgrammeItem>,
}

/// Announced pairs whose day is `today` or tomorrow and not yet reminded (a reminder
/// missed the day before still goes out on the morning of the day).
pub async fn pairs_to_remind(db: &Db, today: Date) -> Result<Vec<DayAhead>> {
    let pairs: Vec<Announcement> = sqlx::query_as(&format!(
        "{ANNOUNCEMENTS} WHERE p.published_at IS NOT NULL AND p.reminder_queued_at IS NULL
           AND e.status = 'binomes_annonces' AND e.immersion_on BETWEEN $1 AND $2
         ORDER BY p.id"
    ))
    .bind(today.to_string())
    .bind(today.add_days(1).to_string())
    .fetch_all(db.pool())
    .await?;
    let mut due = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let programme = super::catalogue::programme_of(db, pair.offer_id).await?;
        due.push(DayAhead { pair, programme });
    }
    Ok(due)
}

/// A pair whose day is past, with the sides that have not given their feedback.
#[derive(Clone, Debug)]
pub struct DayBehind {
    pub pair: Announcement,
    pub student_to_ask: bool,
    pub ambassador_to_ask: bool,
}

/// Announced pairs whose day was 1 to 7 days before `today` (and whose student was not
/// marked absent), not yet asked.
pub async fn pairs_to_ask_for_feedback(db: &Db, today: Date) -> Result<Vec<DayBehind>> {
    let pairs: Vec<Announcement> = sqlx::query_as(&format!(
        "{ANNOUNCEMENTS} WHERE p.published_at IS NOT NULL AND p.feedback_request_queued_at IS NULL
           AND (p.attendance IS NULL OR p.attendance = 'present')
           AND e.status IN ('binomes_annonces', 'terminee') AND e.immersion_on BETWEEN $1 AND $2
         ORDER BY p.id"
    ))
    .bind(today.add_days(-7).to_string())
    .bind(today.add_days(-1).to_string())
    .fetch_all(db.pool())
    .await?;
    let mut due = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let authors: Vec<i64> =
            sqlx::query_scalar("SELECT author_id FROM feedback WHERE pair_id = $1")
                .bind(pair.pair_id)
                .fetch_all(db.pool())
                .await?;
        due.push(DayBehind {
            student_to_ask: !authors.contains(&pair.student_id),
            ambassador_to_ask: !authors.contains(&pair.ambassador_id),
            pair,
        });
    }
    Ok(due)
}

/// An ambassador whose offer is published and who has booked no coaching session.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct WithoutCoaching {
    pub offer_id: i64,
    pub edition_id: i64,
    pub ambassador_id: i64,
    pub email: String,
    pub first_name: String,
    pub edition_name: String,
    pub immersion_on: String,
}

/// Ambassadors to remind of the coaching: the day is in 1 to 7 days, their offer is
/// published, they booked no session, and were not reminded yet.
pub async fn ambassadors_without_coaching(db: &Db, today: Date) -> Result<Vec<WithoutCoaching>> {
    Ok(sqlx::query_as(
        "SELECT o.id AS offer_id, o.edition_id, o.ambassador_id, u.email, u.first_name,
                e.name AS edition_name, e.immersion_on
         FROM offers o
         JOIN editions e ON e.id = o.edition_id
         JOIN users u ON u.id = o.ambassador_id
         WHERE o.status = 'publiee' AND o.coaching_reminder_queued_at IS NULL
           AND e.status IN ('candidatures_ouvertes', 'candidatures_closes', 'binomes_annonces')
           AND e.immersion_on BETWEEN $1 AND $2
           AND NOT EXISTS (SELECT 1 FROM coaching_bookings cb
                           WHERE cb.edition_id = o.edition_id AND cb.ambassador_id = o.ambassador_id)
         ORDER BY o.id",
    )
    .bind(today.add_days(1).to_string())
    .bind(today.add_days(7).to_string())
    .fetch_all(db.pool())
    .await?)
}

/// What a calendar message was queued for: the row that records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queued {
    Reminder { pair_id: i64 },
    FeedbackRequest { pair_id: i64 },
    CoachingReminder { offer_id: i64 },
}

/// Queues `emails` and records that they were, in one transaction; returns how many
/// messages are new (none when another server process was first).
pub async fn queue(db: &Db, what: Queued, emails: &[OutgoingEmail]) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let (sql, id) = match what {
        Queued::Reminder { pair_id } => (
            "UPDATE pairs SET reminder_queued_at = $1 WHERE id = $2 AND reminder_queued_at IS NULL",
            pair_id,
        ),
        Queued::FeedbackRequest { pair_id } => (
            "UPDATE pairs SET feedback_request_queued_at = $1
             WHERE id = $2 AND feedback_request_queued_at IS NULL",
            pair_id,
        ),
        Queued::CoachingReminder { offer_id } => (
            "UPDATE offers SET coaching_reminder_queued_at = $1
             WHERE id = $2 AND coaching_reminder_queued_at IS NULL",
            offer_id,
        ),
    };
    let marked = sqlx::query(sql)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let mut queued = 0;
    if marked == 1 {
        for email in emails {
            queued += usize::from(outbox::enqueue(&mut tx, email).await?);
        }
    }
    tx.commit().await?;
    Ok(queued)
}
