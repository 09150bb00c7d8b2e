//! The programme's calendar e-mails: the day before the immersion (both sides, with an
//! `.ics` invitation), the day after (a feedback request to each side that has not
//! given it), and a week before (ambassadors who booked no coaching session). They are
//! queued into the outbox, which delivers them.
//!
//! Never twice: each message is queued in one transaction with the mark that it was
//! (`db::calendar::queue`) and under an idempotency key, so two server processes
//! scheduling at once, or one restarted mid-run, queue it once; the outbox's claims
//! then give each message to one sender. Never lost: each kind looks at a window of
//! days, so a server stopped on the day catches up when it comes back, and one message
//! that cannot be queued does not stop the others.

use app::api::emails;
use app::db::calendar::{self, Queued};
use app::db::Db;
use app::domain::date::Date;
use app::domain::pair::PairSide;
use std::time::Duration;

/// How often the calendar is looked at.
pub const EVERY: Duration = Duration::from_secs(10 * 60);
/// Calendar e-mails wait for the morning (Paris time): none at night.
const FROM_HOUR: u32 = 8;

/// What one look at the calendar queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scheduled {
    pub queued: usize,
    /// Messages that could not be queued this time (tried again at the next look).
    pub failed: usize,
}

impl Scheduled {
    fn count(&mut self, result: Result<usize, app::db::Error>, what: Queued) {
        match result {
            Ok(queued) => self.queued += queued,
            Err(error) => {
                self.failed += 1;
                tracing::error!(%error, ?what, "calendar e-mail not queued");
            }
        }
    }
}

/// Queues every calendar e-mail due on `today` (Paris date) that is not queued yet.
pub async fn schedule_due(
    db: &Db,
    public_url: &str,
    today: Date,
) -> Result<Scheduled, app::db::Error> {
    let now = app::db::now_ms();
    let mut scheduled = Scheduled::default();
    for day in calendar::pairs_to_remind(db, today).await? {
        let what = Queued::Reminder {
            pair_id: day.pair.pair_id,
        };
        let messages = [PairSide::Student, PairSide::Ambassador]
            .map(|side| emails::day_reminder(public_url, &day, side, now));
        scheduled.count(calendar::queue(db, what, &messages).await, what);
    }
    for day in calendar::pairs_to_ask_for_feedback(db, today).await? {
        let what = Queued::FeedbackRequest {
            pair_id: day.pair.pair_id,
        };
        let sides = [
            (PairSide::Student, day.student_to_ask),
            (PairSide::Ambassador, day.ambassador_to_ask),
        ];
        let messages: Vec<_> = sides
            .into_iter()
            .filter(|(_, ask)| *ask)
            .map(|(side, _)| emails::feedback_request(public_url, &day.pair, side))
            .collect();
        scheduled.count(calendar::queue(db, what, &messages).await, what);
    }
    for ambassador in calendar::ambassadors_without_coaching(db, today).await? {
        let what = Queued::CoachingReminder {
            offer_id: ambassador.offer_id,
        };
        let message = emails::coaching_reminder(public_url, &ambassador);
        scheduled.count(calendar::queue(db, what, &[message]).await, what);
    }
    Ok(scheduled)
}

/// The Paris date whose calendar e-mails may go out at `now_ms`: none before the morning.
pub fn calendar_day(now_ms: i64) -> Option<Date> {
    let today = Date::paris_from_unix_ms(now_ms);
    (now_ms >= today.paris_instant(FROM_HOUR, 0)).then_some(today)
}

/// Looks at the calendar every [`EVERY`], the first time at start-up (catching up on
/// what a stopped server missed).
pub fn spawn(db: Db, public_url: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Some(today) = calendar_day(app::db::now_ms()) {
                match schedule_due(&db, &public_url, today).await {
                    Ok(Scheduled { queued: 0, .. }) => {}
                    Ok(scheduled) => tracing::info!(?scheduled, "calendar e-mails queued"),
                    Err(error) => tracing::error!(%error, "calendar e-mails"),
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_goes_out_at_night() {
        let day = Date::parse("2026-06-12").expect("date");
        assert_eq!(calendar_day(day.paris_instant(7, 59)), None);
        assert_eq!(calendar_day(day.paris_instant(8, 0)), Some(day));
        assert_eq!(calendar_day(day.paris_instant(23, 59)), Some(day));
    }
}
