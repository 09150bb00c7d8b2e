//! Coaching sessions and their bookings. A booking takes its seat with one conditional
//! `UPDATE` (`seats_taken < capacity`), so the last seat goes to one ambassador whatever
//! the concurrency; an ambassador holds one booking per edition.

use super::{now_ms, Db, Refusable, Result};
use crate::domain::coaching::*;
use crate::domain::refusal::Refusal;

pub async fn create_session(
    db: &Db,
    actor: i64,
    edition_id: i64,
    session: &ValidCoachingSession,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO coaching_sessions (edition_id, starts_at, duration_minutes, capacity, location)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(edition_id)
    .bind(session.starts_at)
    .bind(SESSION_MINUTES)
    .bind(session.capacity)
    .bind(&session.location)
    .fetch_one(&mut *tx)
    .await?;
    super::audit::record(
        &mut tx,
        Some(actor),
        "coaching_session_creee",
        "coaching_session",
        &id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The edition's sessions, the earliest first.
pub async fn sessions(db: &Db, edition_id: i64) -> Result<Vec<CoachingSession>> {
    let now = now_ms();
    let rows: Vec<(i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, starts_at, location, capacity, seats_taken FROM coaching_sessions
         WHERE edition_id = $1 ORDER BY starts_at, id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, starts_at, location, capacity, seats_taken)| CoachingSession {
                id,
                starts_at,
                location,
                capacity,
                seats_taken,
                started: starts_at <= now,
            },
        )
        .collect())
}

/// The ambassador's booking in the edition: its session and whether they attended.
pub async fn booking_of(
    db: &Db,
    edition_id: i64,
    ambassador_id: i64,
) -> Result<Option<(i64, Option<bool>)>> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT session_id, attended FROM coaching_bookings WHERE edition_id = $1 AND ambassador_id = $2",
    )
    .bind(edition_id)
    .bind(ambassador_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(session, attended)| (session, attended.map(|a| a == 1))))
}

/// Books `session_id` for the ambassador, leaving the session they held (if it has not
/// started). False when the edition has no such session.
pub async fn book(
    db: &Db,
    edition_id: i64,
    ambassador_id: i64,
    session_id: i64,
) -> Result<bool, Refusable> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let starts_at: Option<i64> = sqlx::query_scalar(
        "SELECT starts_at FROM coaching_sessions WHERE id = $1 AND edition_id = $2",
    )
    .bind(session_id)
    .bind(edition_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(starts_at) = starts_at else {
        return Ok(false);
    };
    if starts_at <= now {
        return Err(Refusal::CoachingSessionStarted.into());
    }
    let held: Option<(i64, i64)> = sqlx::query_as(
        "SELECT b.session_id, s.starts_at FROM coaching_bookings b
         JOIN coaching_sessions s ON s.id = b.session_id
         WHERE b.edition_id = $1 AND b.ambassador_id = $2",
    )
    .bind(edition_id)
    .bind(ambassador_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((held_session, held_starts_at)) = held {
        if held_session == session_id {
            return Ok(true);
        }
        if held_starts_at <= now {
            return Err(Refusal::CoachingSessionStarted.into());
        }
        sqlx::query("DELETE FROM coaching_bookings WHERE session_id = $1 AND ambassador_id = $2")
            .bind(held_session)
            .bind(ambassador_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE coaching_sessions SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0",
        )
        .bind(held_session)
        .execute(&mut *tx)
        .await?;
    }
    let seat = sqlx::query(
        "UPDATE coaching_sessions SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity",
    )
    .bind(session_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if seat == 0 {
        return Err(Refusal::CoachingSessionFull.into());
    }
    // Another request of the same ambassador may have booked meanwhile (PostgreSQL):
    // theirs stands, this one is rolled back with its seat.
    let inserted = sqlx::query(
        "INSERT INTO coaching_bookings (session_id, edition_id, ambassador_id, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (edition_id, ambassador_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(edition_id)
    .bind(ambassador_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(true);
    }
    super::audit::record(
        &mut tx,
        Some(ambassador_id),
        "coaching_reserve",
        "coaching_session",
        &session_id.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Marks whether a booked ambassador attended; false when they were not booked there.
pub async fn mark_attendance(
    db: &Db,
    actor: i64,
    edition_id: i64,
    session_id: i64,
    ambassador_id: i64,
    attended: bool,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let marked = sqlx::query(
        "UPDATE coaching_bookings SET attended = $1
         WHERE session_id = $2 AND ambassador_id = $3 AND edition_id = $4",
    )
    .bind(i64::from(attended))
    .bind(session_id)
    .bind(ambassador_id)
    .bind(edition_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if marked {
        super::audit::record_with(
            &mut tx,
            Some(actor),
            "coaching_presence",
            "user",
            &ambassador_id.to_string(),
            &serde_json::json!({ "session": session_id, "present": attended }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(marked)
}

/// Every session with who booked it.
pub async fn sessions_with_bookings(db: &Db, edition_id: i64) -> Result<Vec<SessionWithBookings>> {
    let sessions = sessions(db, edition_id).await?;
    let rows: Vec<(i64, i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT b.session_id, u.id, u.first_name || ' ' || u.last_name, u.email, b.attended
         FROM coaching_bookings b JOIN users u ON u.id = b.ambassador_id
         WHERE b.edition_id = $1 ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(sessions
        .into_iter()
        .map(|session| SessionWithBookings {
            bookings: rows
                .iter()
                .filter(|row| row.0 == session.id)
                .map(|(_, id, name, email, attended)| Booking {
                    ambassador_id: *id,
                    name: name.clone(),
                    email: email.clone(),
                    attended: attended.map(|a| a == 1),
                })
                .collect(),
            session,
        })
        .collect())
}

/// Ambassadors with an offer submitted or published in the edition who have not
/// attended a session yet.
pub async fn not_coached(db: &Db, edition_id: i64) -> Result<Vec<NotCoached>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT u.first_name || ' ' || u.last_name, u.email,
                (SELECT COUNT(*) FROM coaching_bookings b WHERE b.edition_id = o.edition_id
                 AND b.ambassador_id = u.id AND b.attended IS NULL)
         FROM offers o JOIN users u ON u.id = o.ambassador_id
         WHERE o.edition_id = $1 AND o.status IN ('soumise', 'publiee')
           AND NOT EXISTS (SELECT 1 FROM coaching_bookings b WHERE b.edition_id = o.edition_id
                           AND b.ambassador_id = u.id AND b.attended = 1)
         ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, email, booked)| NotCoached {
            name,
            email,
            booked: booked > 0,
        })
        .collect())
}

/// The edition's sessions with the number of ambassadors marked present at each.
pub async fn attendance_by_session(db: &Db, edition_id: i64) -> Result<Vec<SessionAttendance>> {
    let present: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT session_id, COUNT(*) FROM coaching_bookings
         WHERE edition_id = $1 AND attended = 1 GROUP BY session_id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(sessions(db, edition_id)
        .await?
        .into_iter()
        .map(|session| SessionAttendance {
            present: present
                .iter()
                .find(|(id, _)| *id == session.id)
                .map_or(0, |(_, count)| *count),
            session,
        })
        .collect())
}
